"""The day on the board: drag to move, check-in steps, no-show, cancel, book — what the cells show after."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from frontdesk.data.clinic_repo import load_profile
from frontdesk.ui.main_window import MainWindow
from frontdesk.ui.schedule.board_model import APPOINTMENT_MIME, StatusRole
from tests.ui.board_helpers import known_day, last_wednesday, local, next_wednesday
from tests.ui.modal import when_modal

DAY = next_wednesday()
PAST = last_wednesday()


def row(hour: int, minute: int = 0) -> int:
    return (hour - 8) * 4 + minute // 15  # Wednesday rows start at 08:00


def answer_dialog(button: str | None, seen: list[str], *then: str | None, after: object = None) -> None:
    """When the next message box shows, note its text and press `button` (None: close it); then answer
    the boxes after it with `then`, in order."""
    def handle() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible() or box is after:
            QTimer.singleShot(10, handle)
            return
        seen.append(box.text())
        if then:
            answer_dialog(then[0], seen, *then[1:], after=box)
        chosen = next((b for b in box.buttons() if b.text() == button), None)
        (chosen or box.buttons()[0]).click() if button else box.reject()
    QTimer.singleShot(0, handle)


def _board_on(day: dt.date, qtbot: QtBot, tmp_path: object) -> MainWindow:
    from PySide6.QtCore import QSettings

    known_day(day)
    main = MainWindow(settings=QSettings(str(tmp_path) + "/s.ini", QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.show_day(day)
    return main


@pytest.fixture
def window(sqlite_db: peewee.Database, qtbot: QtBot, tmp_path: object) -> MainWindow:
    """The known day a week ahead (bookings there may be moved)."""
    return _board_on(DAY, qtbot, tmp_path)


@pytest.fixture
def past_window(sqlite_db: peewee.Database, qtbot: QtBot, tmp_path: object) -> MainWindow:
    """The known day a week back: it has taken place (its day-of steps may be recorded)."""
    return _board_on(PAST, qtbot, tmp_path)


def name_at(window: MainWindow, r: int, column: int) -> str | None:
    appointment = window.board_model.appointment_at(r, column)
    return appointment.patient_name if appointment else None


def drop(window: MainWindow, appointment_row: int, column: int, to_row: int, to_column: int) -> None:
    view = window.board_view
    appointment = window.board_model.appointment_at(appointment_row, column)
    mime = QMimeData()
    mime.setData(APPOINTMENT_MIME, str(appointment.id).encode())  # type: ignore[union-attr]
    view.scrollTo(view.model().index(to_row, to_column))
    point = view.visualRect(view.model().index(to_row, to_column)).center()
    view.dropEvent(QDropEvent(QPointF(point), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier))


def test_dragging_a_block_to_another_chair_and_time_moves_it(window: MainWindow) -> None:
    seen: list[str] = []
    answer_dialog("Only this session", seen)  # Ana's is session 3 of 6
    drop(window, row(9), 0, row(13), 4)
    assert "session 3 of 6" in seen[0]
    assert name_at(window, row(9), 0) is None
    assert name_at(window, row(13), 4) == "Ana Núñez"
    assert window.board_model.span_of(window.board_model.appointment_at(row(13), 4)).rows == 7  # type: ignore[union-attr, arg-type]


def test_a_refused_move_says_why_and_leaves_the_board_alone(window: MainWindow) -> None:
    seen: list[str] = []
    answer_dialog("Only this session", seen, "OK")
    drop(window, row(9), 0, row(11), 2)  # onto Ben, in Chair 3 until 13:15
    assert "Chair 3" in seen[1] and "Ben Okafor" in seen[1]
    assert name_at(window, row(9), 0) == "Ana Núñez"


def select(window: MainWindow, r: int, column: int) -> None:
    window.board_view.select_cell(r, column)


def status(window: MainWindow, r: int, column: int) -> str:
    return window.board_model.data(window.board_model.index(r, column), StatusRole)


def test_check_in_steps_from_the_details_pane_and_the_keyboard(past_window: MainWindow, qtbot: QtBot) -> None:
    window = past_window
    select(window, row(9), 0)
    qtbot.mouseClick(window.details.advance_button, Qt.MouseButton.LeftButton)
    assert status(window, row(9), 0) == "arrived"
    assert "Arrived" in window.findChild(QLabel, "appointmentDetailsText").text()
    assert window.details.advance_button.text() == "In chair"
    window.advance_action.trigger()  # Ctrl+Return
    assert window.statusBar().currentMessage() == "Ana Núñez is in the chair."
    # Ctrl+Return again at once: a double press? Recovery's start sets the driver's pick-up time: asked.
    seen: list[str] = []
    answer_dialog("Not now", seen)
    window.advance_action.trigger()
    assert seen == ["Ana Núñez was recorded in chair a moment ago. Record recovery as well, now?"]
    assert status(window, row(9), 0) == "in_chair"
    assert window.statusBar().currentMessage() == "Not done: Ana Núñez stays in chair."
    answer_dialog("Record recovery", seen)
    window.advance_action.trigger()
    assert status(window, row(9), 0) == "recovery"
    window.advance_action.trigger()  # discharge: not asked (only a treatment ended seconds after it began)
    assert status(window, row(9), 0) == "completed"
    assert not window.details.advance_button.isEnabled()


def test_delete_cancels_after_confirmation_and_the_block_disappears(window: MainWindow, qtbot: QtBot) -> None:
    select(window, row(9), 0)
    seen: list[str] = []
    answer_dialog("Keep appointment", seen)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert name_at(window, row(9), 0) == "Ana Núñez"
    answer_dialog("Cancelled by patient", seen)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert "Ana Núñez" in seen[0]
    assert name_at(window, row(9), 0) is None


def test_no_show_takes_the_block_off_the_board_and_undo_puts_it_back(past_window: MainWindow, qtbot: QtBot) -> None:
    window = past_window
    select(window, row(9), 0)
    qtbot.mouseClick(window.details.no_show_button, Qt.MouseButton.LeftButton)
    assert name_at(window, row(9), 0) is None
    assert window.details.title.text() == "Ana Núñez"  # off the board, still in the pane
    assert [b.text() for b in _shown_buttons(window)] == ["Undo no-show"] and window.undo_step_action.isEnabled()
    window.undo_step_action.trigger()
    assert name_at(window, row(9), 0) == "Ana Núñez" and status(window, row(9), 0) == "late"  # booked, not come
    assert window.statusBar().currentMessage() == "Ana Núñez: back to booked."


def test_a_cancellation_stays_in_the_pane_with_undo_and_survives_the_minutes_reread(window: MainWindow,
                                                                                     qtbot: QtBot) -> None:
    seen: list[str] = []
    select(window, row(9), 0)
    answer_dialog("Cancelled by patient", seen)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert name_at(window, row(9), 0) is None and window.details.title.text() == "Ana Núñez"
    window.refresh()  # the minute's read of the day
    assert window.details.undo_button.text() == "Undo cancel" and not window.details.undo_button.isHidden()
    qtbot.mouseClick(window.details.undo_button, Qt.MouseButton.LeftButton)
    assert name_at(window, row(9), 0) == "Ana Núñez" and status(window, row(9), 0) == "booked"


def test_a_step_pressed_on_the_wrong_block_is_taken_back(past_window: MainWindow, qtbot: QtBot) -> None:
    window = past_window
    select(window, row(9), 0)
    assert window.details.undo_button.isHidden()  # nothing recorded yet
    qtbot.mouseClick(window.details.advance_button, Qt.MouseButton.LeftButton)
    assert [b.text() for b in _shown_buttons(window)] == ["In chair", "Undo arrived"]
    qtbot.mouseClick(window.details.undo_button, Qt.MouseButton.LeftButton)
    assert status(window, row(9), 0) == "late"  # booked again, and the day is past
    assert [b.text() for b in _shown_buttons(window)] == ["Arrived", "No-show", "Cancel…"]
    assert "Arrived " not in window.findChild(QLabel, "appointmentDetailsText").text()  # its stamp is gone


def test_a_patient_in_the_chair_dropped_on_another_chair_moves_there_at_the_same_times(
        past_window: MainWindow) -> None:
    window = past_window
    ben = window.board_model.appointment_at(row(10, 30), 2)  # in Chair 3, in the chair
    assert ben is not None and ben.flow == "in_chair"
    drop(window, row(10, 30), 2, row(12), 4)  # the time dropped on does not matter: he is here already
    assert name_at(window, row(10, 30), 4) == "Ben Okafor" and name_at(window, row(10, 30), 2) is None
    assert window.statusBar().currentMessage() == "Ben Okafor moved to Chair 5, same times."


def _shown_buttons(window: MainWindow) -> list[QPushButton]:
    pane = window.details
    return [b for b in (pane.advance_button, pane.no_show_button, pane.cancel_button, pane.undo_button)
            if not b.isHidden()]


def test_a_later_days_appointment_cannot_be_checked_in_or_missed_yet(window: MainWindow) -> None:
    select(window, row(9), 0)
    pane = window.details
    assert not pane.advance_button.isEnabled() and not window.advance_action.isEnabled()
    assert pane.advance_button.toolTip() == (f"Not yet: it is on {DAY:%a %d %b}: arrival and the steps after it "
                                             "are recorded on the day")
    assert not pane.no_show_button.isEnabled() and "not a no-show before then" in pane.no_show_button.toolTip()
    assert pane.cancel_button.isEnabled()


def test_enter_on_a_free_slot_opens_the_installed_booking_dialog(window: MainWindow, qtbot: QtBot) -> None:
    asked: list[tuple[int | None, dt.datetime | None]] = []

    def booking_dialog(_parent: object, chair_id: int | None, start: dt.datetime | None) -> None:
        asked.append((chair_id, start))

    window.board_actions.ask_booking = booking_dialog
    select(window, row(14), 1)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return)
    chair = window.board_model.chair_at(1)
    assert asked == [(chair.id, local(14, day=DAY).replace(tzinfo=load_profile().tz))]  # type: ignore[union-attr]


def test_cut_and_paste_moves_an_appointment_to_another_day(window: MainWindow) -> None:
    select(window, row(9), 0)
    window.cut_action.trigger()
    assert "Holding Ana Núñez" in window.findChild(QLabel, "heldAppointment").text()
    window.next_day_action.trigger()
    select(window, row(10), 5)
    answer_dialog("Only this session", [])
    window.paste_action.trigger()
    assert name_at(window, row(10), 5) == "Ana Núñez"
    assert window.day == DAY + dt.timedelta(days=1)
    assert not window.paste_action.isEnabled()
    window.previous_day_action.trigger()
    assert name_at(window, row(9), 0) is None


# --- with the booking screens installed, as the app runs ---------------------------------------------


def test_enter_on_a_free_slot_opens_the_booking_dialog_there(window: MainWindow, qtbot: QtBot) -> None:
    from frontdesk.ui.booking.install import install_booking_screens

    install_booking_screens(window)
    seen: list[tuple[str, str, str]] = []

    def look(dialog: QWidget) -> None:
        seen.append((dialog.objectName(), dialog.findChild(QComboBox, "bookingChair").currentText(),
                     dialog.findChild(QTimeEdit, "bookingTime").time().toString("HH:mm")))
        dialog.reject()  # type: ignore[attr-defined]

    when_modal(look)
    select(window, row(14), 1)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return)
    assert seen == [("bookingDialog", "Chair 2", "14:00")]


def test_delete_opens_the_cancel_dialog_and_the_block_leaves_the_board(window: MainWindow, qtbot: QtBot) -> None:
    from frontdesk.ui.booking.install import install_booking_screens

    install_booking_screens(window)

    def cancel(dialog: QWidget) -> None:
        assert dialog.objectName() == "cancelDialog"
        reason = dialog.findChild(QLineEdit, "cancelReason")
        assert dialog.focusWidget() is reason  # typing goes straight into the reason
        qtbot.keyClicks(reason, "Has the flu")
        qtbot.keyClick(reason, Qt.Key.Key_Return)  # Enter confirms

    when_modal(cancel)
    select(window, row(9), 0)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert name_at(window, row(9), 0) is None


def test_moving_a_series_session_can_take_the_following_sessions_along(window: MainWindow) -> None:
    from frontdesk.data import models as m
    from tests.ui.board_helpers import book, local

    ana = m.Appointment.get_by_id(window.board_model.appointment_at(row(9), 0).id)  # type: ignore[union-attr]
    book(ana.patient, "iv_mood", "Chair 2", local(9, day=DAY + dt.timedelta(days=2)), series=ana.series,
         series_index=4)
    answer_dialog("This and the following", [])
    drop(window, row(9), 0, row(10), 0)  # an hour later, same chair
    assert name_at(window, row(10), 0) == "Ana Núñez"
    window.show_day(DAY + dt.timedelta(days=2))
    assert name_at(window, row(9), 1) is None
    assert name_at(window, row(10), 1) == "Ana Núñez"  # session 4 kept its chair, moved by the same hour


def test_enter_on_a_block_opens_change_or_move(window: MainWindow, qtbot: QtBot) -> None:
    from frontdesk.ui.booking.install import install_booking_screens

    install_booking_screens(window)
    seen: list[str] = []

    def look(dialog: QWidget) -> None:
        seen.append(dialog.objectName())
        dialog.reject()  # type: ignore[attr-defined]

    when_modal(look)
    select(window, row(9), 0)
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return)
    assert seen == ["moveDialog"]


def test_a_question_answers_the_button_chosen_and_keep_answers_none(qtbot: QtBot) -> None:
    from frontdesk.ui.schedule.board_actions import ask_question

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []
    answers = [("Only this session", "this"), ("This and the following", "following")]
    answer_dialog("This and the following", seen)
    assert ask_question(parent, "q", "Move", "Which?", answers, "Don't move", default_first=True) == "following"
    answer_dialog("Don't move", seen)
    assert ask_question(parent, "q", "Move", "Which?", answers, "Don't move", default_first=True) is None
    assert seen == ["Which?", "Which?"]


def test_at_the_desk_undo_is_greyed_for_a_visit_two_days_past_with_the_reason(past_window: MainWindow,
                                                                               qtbot: QtBot) -> None:
    from frontdesk.values import Actor

    window = past_window
    select(window, row(9), 0)
    qtbot.mouseClick(window.details.advance_button, Qt.MouseButton.LeftButton)  # an admin (the system) records
    assert window.details.undo_button.isEnabled()  # an admin may correct an older record
    window.set_actor(Actor("desk1", "desk"))
    select(window, row(9), 0)
    undo = window.details.undo_button
    assert undo.text() == "Undo arrived" and not undo.isHidden() and not undo.isEnabled()
    assert undo.toolTip().startswith(f"Too late at the desk: it was on {PAST:%a %d %b}: a step is taken back on")


def test_the_details_pane_moves_the_appointment_it_shows(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import QTime

    from frontdesk.ui.booking.install import install_booking_screens

    move = window.findChild(QPushButton, "moveButton")
    select(window, row(9), 0)
    assert move.isHidden()  # nothing to move with until the booking screens are in
    install_booking_screens(window)
    select(window, row(11), 3)  # an empty slot: nothing to move
    assert move.isHidden()
    select(window, row(9), 0)  # Ana, booked for 09:00
    assert move.isVisibleTo(window) and move.isEnabled() and move.text() == "Move…"

    def later(dialog: QWidget) -> None:
        assert dialog.objectName() == "moveDialog"
        dialog.findChild(QTimeEdit, "moveTime").setTime(QTime(13, 0))  # type: ignore[union-attr]
        dialog.confirm.click()  # type: ignore[attr-defined]

    when_modal(later)
    qtbot.mouseClick(move, Qt.MouseButton.LeftButton)
    assert name_at(window, row(9), 0) is None
    assert name_at(window, row(13), 0) == "Ana Núñez"
    ben = next(a for a in window.board_model.board.appointments if a.patient_name == "Ben Okafor")  # type: ignore[union-attr]
    assert window.board_view.select_appointment(ben.id)
    assert move.isHidden()  # in the chair already: moved by dragging to another chair, not from here


def test_new_appointment_opens_on_the_day_shown_at_the_slot_or_row_picked(window: MainWindow) -> None:
    from PySide6.QtGui import QAction

    from frontdesk.ui.booking.install import install_booking_screens

    install_booking_screens(window)
    new = window.findChild(QAction, "newAppointmentAction")
    opened: list[tuple[str, str, str]] = []

    def look(dialog: QWidget) -> None:
        assert dialog.objectName() == "bookingDialog"
        opened.append((dialog.date_edit.date().toString("yyyy-MM-dd"),  # type: ignore[attr-defined]
                       dialog.time_edit.time().toString("HH:mm"), dialog.chair_box.currentText()))  # type: ignore[attr-defined]
        dialog.reject()  # type: ignore[attr-defined]

    window.board_view.clearSelection()
    window.board_view.setCurrentIndex(window.board_model.index(-1, -1))
    when_modal(look)
    new.trigger()  # nothing picked: the day shown, from its first row (08:00 on a Wednesday)
    select(window, row(11), 1)  # a free slot: its chair and time
    when_modal(look)
    new.trigger()
    select(window, row(9), 0)  # Ana's block: its row's time, in any free chair
    when_modal(look)
    new.trigger()
    day = DAY.isoformat()
    assert opened == [(day, "08:00", "Any free chair"), (day, "11:00", "Chair 2"), (day, "09:00", "Any free chair")]


def test_keys_on_a_patient_in_the_chair_say_what_cannot_be_done_and_open_no_dialog(
        past_window: MainWindow, qtbot: QtBot) -> None:
    """Ctrl+Enter reaches the board only while no step can be recorded; Delete, Ctrl+M and Enter on a
    visit under way must neither open a booking's dialogs nor end in the service's refusal."""
    from frontdesk.ui.booking.install import install_booking_screens

    window = past_window
    install_booking_screens(window)
    opened: list[str] = []
    watch = closing_any_dialog(opened)
    select(window, row(10, 30), 2)  # Ben, in the chair
    qtbot.keyClick(window.board_view, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage().startswith(
        "Ben Okafor cannot be cancelled: the patient is in the chair (if that step was recorded by mistake, "
        "undo it first")
    window.findChild(QAction, "moveAppointmentAction").trigger()  # Ctrl+M
    assert window.statusBar().currentMessage().startswith("Ben Okafor cannot be moved: the patient is in the chair")
    from frontdesk.services import booking

    with pytest.raises(booking.BookingError, match=r"^appointment \d+ cannot be cancelled: the patient is in the "
                                                   r"chair$"):  # the service says why, without the desk's advice
        booking.cancel(window.details.appointment.id, "patient", "ill", window.current_actor())  # type: ignore[union-attr]
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return)  # opens the details, whose buttons say what can be done
    assert window.focusWidget() is window.details.advance_button
    watch.stop()
    assert opened == [] and status(window, row(10, 30), 2) == "in_chair"


def test_ctrl_enter_with_no_step_left_says_why_instead_of_opening_the_block(window: MainWindow, qtbot: QtBot) -> None:
    from frontdesk.ui.booking.install import install_booking_screens

    install_booking_screens(window)
    opened: list[str] = []
    watch = closing_any_dialog(opened)
    window.board_view.setFocus()
    window.board_view.clearSelection()
    window.board_view.setCurrentIndex(window.board_model.index(row(8), 5))  # a free slot
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Select an appointment on the board first."
    select(window, row(9), 0)  # Ana, a week ahead: steps are recorded on the day
    assert not window.advance_action.isEnabled()
    qtbot.keyClick(window.board_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == (
        f"No step to record for Ana Núñez: it is on {DAY:%a %d %b}: arrival and the steps after it are "
        "recorded on the day.")
    watch.stop()
    assert opened == []


def closing_any_dialog(opened: list[str]) -> QTimer:
    """A dialog that should not open is noted in `opened` and closed (the test fails, never hangs);
    stop the timer returned once the keys are pressed."""
    def close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible():
            opened.append(dialog.objectName())
            dialog.close()

    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(50)
    return timer


def test_a_booking_made_from_a_dialog_is_shown_on_its_day_selected(window: MainWindow) -> None:
    """Find opening and Book series book weeks ahead: the board goes there, the booking selected."""
    from frontdesk.data import models as m
    from frontdesk.ui.booking.install import show_booked
    from tests.ui.board_helpers import book

    later = DAY + dt.timedelta(days=14)
    made = book(m.Patient.get(m.Patient.legal_first == "Ana"), "iv_mood", "Chair 4", local(11, 0, later))
    show_booked(window, made.id)
    assert window.day == later
    assert window.board_view.selected_appointment().id == made.id  # type: ignore[union-attr]
    assert window.statusBar().currentMessage() == f"Booked: Ana Núñez, {later:%a %d %b} 11:00, Chair 4."


def test_ctrl_enter_on_the_cursors_block_not_yet_picked_picks_it_first(past_window: MainWindow,
                                                                       qtbot: QtBot) -> None:
    """The board taking the focus outlines a block without picking it: Ctrl+Enter picks it (its details
    show) and says a second Ctrl+Enter records the step, rather than blaming anything."""
    from PySide6.QtCore import QItemSelectionModel

    window = past_window
    view = window.board_view
    select(window, row(8), 5)  # a free slot: no appointment picked
    view.focus_landing = True  # as when the board takes the focus with no cursor yet
    view.selectionModel().setCurrentIndex(window.board_model.index(row(9), 0),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
    view.focus_landing = False
    assert window.details.appointment is None and not window.advance_action.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Ana Núñez selected: Ctrl+Enter again for the next step (Arrived)."
    assert window.details.appointment.patient_name == "Ana Núñez"  # type: ignore[union-attr]
    assert window.details.appointment.flow == "booked" and window.advance_action.isEnabled()  # type: ignore[union-attr]


def test_a_move_to_another_day_goes_there_selects_it_and_says_so(window: MainWindow, qtbot: QtBot) -> None:
    """After Change or move (Ctrl+M) to another day the board stayed where it was and said nothing: the
    desk could not see that it had worked. It goes to the block now, selected, and the status bar says
    where, as after a booking."""
    from PySide6.QtCore import QDate, QTime

    from frontdesk.ui.booking.install import install_booking_screens
    from frontdesk.ui.booking.move_dialog import MoveDialog

    install_booking_screens(window)
    select(window, row(9), 0)
    moving = window.details.appointment
    assert moving is not None
    later = DAY + dt.timedelta(days=7)

    def move_it(dialog: QWidget) -> None:
        assert isinstance(dialog, MoveDialog)
        dialog.date_edit.setDate(QDate(later.year, later.month, later.day))
        dialog.time_edit.setTime(QTime(14, 0))
        dialog.confirm.click()

    when_modal(move_it)
    window.findChild(QAction, "moveAppointmentAction").trigger()
    assert window.day == later
    selected = window.board_view.selected_appointment()
    assert selected is not None and selected.id == moving.id
    assert window.statusBar().currentMessage() == (
        f"Moved: {moving.patient_name}, {later:%a %d %b} 14:00, {selected.chair_name}.")


def test_answering_no_to_a_soft_limit_says_nothing_was_done(window: MainWindow) -> None:
    """A move (or a step) that passes a soft limit asks first; "No" left the status bar as it was, so a
    busy desk glancing back could not tell that nothing had changed."""
    from frontdesk.services import booking

    ana = window.board_model.appointment_at(row(9), 0)
    assert ana is not None
    booking.book(ana.patient_id, "iv_mood", None, local(15, 30, day=DAY), window.current_actor(), override=True)
    window.refresh()
    seen: list[str] = []
    answer_dialog("Only this session", seen, "&No")  # her series' scope, then the soft limit's question
    drop(window, row(9), 0, row(13), 4)  # 13:00 the same day, in Chair 5: a second treatment that day
    assert "already has a treatment that day" in seen[1]
    assert window.statusBar().currentMessage() == "Not done: The patient already has a treatment that day."
    still = booking.find_appointment(ana.id)
    assert still is not None and (still.chair_name, f"{still.start:%H:%M}") == ("Chair 1", "09:00")  # not moved
