"""Hook the booking screens into the main window: the board's dialogs and a few menu actions.

One call from the composition root (`install_booking_screens(window)`); the main window stays the
board's. The board asks `board_actions.ask_booking` / `ask_cancel`; the menus get "Change or move appointment…",
"Book series…", "Find opening…", "Waiting list…", "Confirmation calls…", "Pick-ups…" and "Clinic
settings…".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from frontdesk.rules import day_of
from frontdesk.ui.status_link import StatusLink, install_status_link, link_html

# Each dialog's module is imported when it is first opened, not at start-up.
CALLS_COLOUR = "#1d4ed8"  # a plain link: work to do, nothing late
CLINIC_DETAILS_COLOUR = "#c53030"  # red: a new clinic cannot print for patients yet
DRIVERS_COLOUR = "#b45309"  # someone is about to be ready to go home: sooner than tomorrow's calls


def install_booking_screens(window: Any) -> list[QAction]:
    """Install the dialogs as the board's hooks and add the booking actions to its menus."""
    actions = window.board_actions
    actions.ask_booking = lambda parent, chair_id, start: _ask_booking(window, parent, chair_id, start)
    actions.ask_cancel = lambda parent, appointment: _ask_cancel(window, parent, appointment.id)
    actions.ask_make_up = lambda parent, appointment_id: book_make_up(window, parent, appointment_id)
    window.book_for_patient = lambda patient_id: _book_for_patient(window, patient_id)  # the patient record's Book…
    added = [
        _action(window, "Change or &move appointment…", "Ctrl+M", lambda: _move_selected(window),
                "moveAppointmentAction"),
        _action(window, "Book se&ries…", "Ctrl+Shift+N", lambda: _ask_series(window), "bookSeriesAction"),
        _action(window, "&Find opening…", "Ctrl+Shift+F", lambda: _find_opening(window), "findOpeningAction"),
        _action(window, "&Waiting list…", "Ctrl+Shift+W", lambda: _ask_waitlist(window), "waitlistAction"),
        _action(window, "C&onfirmation calls…", "Ctrl+Shift+K", lambda: _confirmation_calls(window),
                "confirmationCallsAction"),
        _action(window, "&Pick-ups (drivers to call)…", "Ctrl+Shift+D", lambda: _pickups(window), "pickupsAction"),
    ]
    settings = _action(window, "Clinic &settings…", QKeySequence.StandardKey.Preferences,
                       lambda: _ask_settings(window), "clinicSettingsAction")
    details = getattr(window, "details", None)
    if details is not None and hasattr(details, "set_confirmation_lookup"):
        details.move_enabled = True  # its Move… opens this module's "Change or move"
        details.set_confirmation_lookup(lambda appointment_id: _confirmation_of(window, appointment_id))
    if hasattr(window, "statusBar"):
        calls = StatusLink("callsToMake", "Bookings of the next open day nobody has reached yet, or whose patient "
                           "wants another time: click for the confirmation calls",
                           lambda: _calls_words(window), lambda: _confirmation_calls(window))
        install_status_link(window, calls)
        drivers = StatusLink("driversToCall", "Patients whose recovery ends soon and whose driver nobody has told "
                             "yet: click for the pick-ups", lambda: _drivers_words(window), lambda: _pickups(window))
        install_status_link(window, drivers, every_ms=60_000)  # a call falls due as the minutes pass
        window.clinic_details_link = install_status_link(window, StatusLink(
            "clinicDetailsMissing", "Pre-visit sheets and intake forms are not printed until the clinic's own name "
            "and phone are in (an administrator enters them in Clinic settings): click to open them",
            _clinic_details_words, lambda: _ask_settings(window)))
    menus = getattr(window, "menus", {})
    if "Appointment" in menus:
        menus["Appointment"].addSeparator()
        for action in added:
            menus["Appointment"].addAction(action)
    if "Edit" in menus:
        menus["Edit"].addSeparator()
        menus["Edit"].addAction(settings)
    return [*added, settings]


def _ask_series(window: Any) -> None:
    from frontdesk.ui.booking.series_dialog import SeriesDialog

    sessions = SeriesDialog.ask(window, window.current_actor(), first_day=window.day)
    if sessions:
        show_booked(window, sessions[0])  # the first session, on its day


def _find_opening(window: Any) -> None:
    from frontdesk.ui.booking.opening_dialog import find_and_book

    # Found in the patients panel a moment ago: the booking is for them, as Ctrl+N's is (it asked again).
    booked = find_and_book(window, window.current_actor(), _patient_in_hand(window))
    if booked is not None:
        show_booked(window, booked)


def _ask_waitlist(window: Any) -> None:
    from frontdesk.ui.booking.waitlist_dialog import WaitlistDialog

    _after(window, WaitlistDialog.ask(window, window.current_actor()))


def _confirmation_of(window: Any, appointment_id: int) -> object:
    from frontdesk.services.confirmations import standing_of

    return standing_of(window.current_actor(), appointment_id)


def _clinic_details_words() -> str:
    """"Clinic's name and phone not set" while a new clinic has not entered them (its sheets wait)."""
    from frontdesk.services.clinic_settings import profile

    gaps = profile().contact_gaps()
    if not gaps:
        return ""
    return link_html(f"Clinic's {' and '.join(gaps)} not set", CLINIC_DETAILS_COLOUR)


def _calls_words(window: Any) -> str:
    """"Sat: 3 calls to make" while the next open day has bookings nobody has tried yet, or whose patient
    wants another time (a try without an answer waits for the patient to call back)."""
    from frontdesk.services.confirmations import calls_for_day, next_call_day

    day = next_call_day(window.today())
    open_calls = [c for c in calls_for_day(window.current_actor(), day) if c.standing.awaits_desk]
    if not open_calls:
        return ""
    words = f"{day:%a}: {len(open_calls)} call{'s' if len(open_calls) != 1 else ''} to make"
    return link_html(words, CALLS_COLOUR)


def _confirmation_calls(window: Any) -> None:
    """The next open day's calls; "Show on board" goes to that booking (to move or cancel it)."""
    from frontdesk.services.confirmations import next_call_day
    from frontdesk.ui.booking.calls_dialog import show_calls

    changed, wanted = show_calls(window, window.current_actor(), next_call_day(window.today()))
    link = window.findChild(StatusLink, "callsToMake")
    if link is not None:
        link.refresh()
    if wanted is not None:
        if not window.go_to_appointment(*wanted):  # an office visit: no block on the board to pick
            window.statusBar().showMessage("That booking takes no chair: it is in the office list beside the "
                                           "board.", 8000)
    elif changed:
        window.refresh()


def _drivers_words(window: Any) -> str:
    """"2 drivers to call" while patients in recovery will be ready soon and their driver is not told."""
    from frontdesk.services.pickups import owed_count

    owed = owed_count(window.current_actor())
    return link_html(f"{owed} driver{'s' if owed != 1 else ''} to call", DRIVERS_COLOUR) if owed else ""


def _pickups(window: Any) -> None:
    """Today's patients in recovery and their drivers; "Show on board" selects that patient's block."""
    from frontdesk.ui.booking.pickups_dialog import show_pickups

    changed, wanted = show_pickups(window, window.current_actor())
    link = window.findChild(StatusLink, "driversToCall")
    if link is not None:
        link.refresh()
    if wanted is not None:
        window.go_to_appointment(window.today(), wanted)
    elif changed:
        window.refresh()


def _ask_settings(window: Any) -> None:
    from frontdesk.ui.settings.settings_dialog import SettingsDialog

    changed = SettingsDialog.ask(window, window.current_actor())
    _after(window, changed or None)
    session = getattr(window, "session", None)
    if changed and session is not None:  # the idle minutes, if changed, count from now
        from frontdesk.services.clinic_settings import profile

        session.idle_lock.set_minutes(profile().idle_lock_minutes)
    link = getattr(window, "clinic_details_link", None)
    if link is not None:
        link.refresh()


def _book_for_patient(window: Any, patient_id: int) -> None:
    """The booking dialog with the patient filled in, on the day the board shows; the board then shows the
    new appointment, selected."""
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    hours = window.profile.opening(window.day) if window.day > window.today() else None
    start = dt.datetime.combine(window.day, hours[0]) if hours else None  # else: the next slot from now
    booked = BookingDialog.ask(window, window.current_actor(), start=start, patient_id=patient_id)
    if booked is not None:
        show_booked(window, booked)


def show_booked(window: Any, appointment_id: int, done: str = "Booked", after: str = "", *,
                go_there: bool = True) -> None:
    """The board goes to a booking just made (or moved: `done`), selected, and the status bar says where
    it is (it may be weeks from the day shown); an office visit holds no chair: its day is read again.
    `go_there` False: the board stays on its day (read again), the status bar says where the booking is."""
    from frontdesk.services.booking import find_appointment

    made = find_appointment(appointment_id)
    if made is None:
        window.refresh()
        return
    if not go_there or not window.go_to_appointment(made.start.date(), appointment_id):
        window.refresh()
    where = f", {made.chair_name}" if made.chair_name else ""
    window.statusBar().showMessage(f"{done}: {made.patient_name}, {made.start:%a %d %b %H:%M}{where}{after}.", 8000)


def _ask_booking(window: Any, parent: QWidget, chair_id: int | None, start: dt.datetime | None) -> int | None:
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    naive = start.replace(tzinfo=None) if start is not None else None
    return BookingDialog.ask(parent, window.current_actor(), start=naive, chair_id=chair_id,
                             patient_id=_patient_in_hand(window))


def _patient_in_hand(window: Any) -> int | None:
    """The patient picked in the patients panel while the desk works there (it has the focus): Ctrl+N
    after finding someone books for them. From the board, a new booking is for whoever calls."""
    from PySide6.QtWidgets import QLineEdit

    panel = window.findChild(QWidget, "patientPanel")
    focus = window.focusWidget()
    if panel is None or focus is None or not panel.isAncestorOf(focus):
        return None
    search = panel.findChild(QLineEdit, "patientSearch")
    results = getattr(panel, "results", None)
    if search is None or not search.text().strip() or results is None:
        return None  # nobody looked for: the list's first row is nobody in particular
    on_a_row = focus is results or results.isAncestorOf(focus)  # the desk moved onto a row of the list
    if not on_a_row and results.model().rowCount() != 1:
        return None  # five Smiths, and still in the search box: the booking dialog asks which
    return results.current_patient_id()


def _move_selected(window: Any) -> None:
    """Move the appointment selected on the board (to another time, day or chair; one or the following)."""
    selected = window.board_view.selected_appointment()
    if selected is None:
        window.statusBar().showMessage("Select an appointment on the board first.", 6000)
        return
    why = day_of.why_not_open_at_the_desk(selected.flow, selected.outcome)
    if why is not None:
        window.statusBar().showMessage(f"{selected.patient_name} cannot be moved: {why}.", 8000)
        return
    from frontdesk.ui.booking.move_dialog import MoveDialog

    moved = MoveDialog.ask(selected.id, window, window.current_actor())
    if moved:  # to where it went, selected and said, as a booking (the board said nothing, and scrolled nowhere)
        later = len(moved) - 1
        show_booked(window, selected.id, "Moved",  # not moved[0]: the following come in series order
                    f", and the {later} session{'s' if later != 1 else ''} after it" if later else "")


def _ask_cancel(window: Any, parent: QWidget, appointment_id: int) -> object:
    """The cancel dialog; once the board has cancelled, offer the freed time to the waiting list."""
    from frontdesk.ui.booking.cancel_dialog import CancelDialog

    choice = CancelDialog.ask_choice(parent, appointment_id)
    if choice is not None:
        QTimer.singleShot(0, lambda: _after_cancel(window, parent, appointment_id, choice.make_up))
    return choice


def _after_cancel(window: Any, parent: QWidget, appointment_id: int, make_up: bool) -> None:
    """Once the board has cancelled: the make-up if asked for (the patient is on the line), then the
    freed time to the waiting list (it came first, Book… its default: a reflex Enter booked somebody
    else into the chair before the make-up was even shown)."""
    if make_up:
        book_make_up(window, parent, appointment_id)
    _offer_freed(window, parent, appointment_id)


def book_make_up(window: Any, parent: QWidget, appointment_id: int) -> int | None:
    """The booking dialog for a make-up of the cancelled series session; the new id once booked."""
    from PySide6.QtWidgets import QMessageBox

    from frontdesk.services import booking
    from frontdesk.ui.booking.booking_dialog import BookingDialog

    try:
        plan = booking.make_up(appointment_id)
    except booking.BookingError as exc:
        QMessageBox.information(parent, "Make-up session", str(exc))
        return None
    booked = BookingDialog.ask(parent, window.current_actor(), make_up=plan)
    if booked is not None:
        # Said, not gone to: the desk is still on the cancelled day (the freed time is offered next).
        show_booked(window, booked, "Make-up booked", go_there=False)
    return booked


def _offer_freed(window: Any, parent: QWidget, appointment_id: int) -> None:
    from frontdesk.services import booking
    from frontdesk.ui.booking.freed_slot_dialog import FreedSlotDialog

    cancelled = booking.find_appointment(appointment_id)
    if cancelled is not None and cancelled.outcome == "cancelled":
        booked = FreedSlotDialog.offer(appointment_id, parent, window.current_actor())
        if booked is not None:  # into the freed time, on the day shown: selected there, and said
            show_booked(window, booked)


def _action(window: Any, text: str, shortcut: object, slot: Any, name: str) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(shortcut)  # type: ignore[arg-type]
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def _after(window: Any, result: object) -> None:
    """Read the day again when a dialog changed something."""
    if result:
        window.refresh()
