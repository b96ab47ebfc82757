"""The clinic settings screen: edit, save, see the message; type times never move bookings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import peewee
import pytest
from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from frontdesk.data import clinic_repo
from frontdesk.data.appointments_repo import get
from frontdesk.services import booking
from frontdesk.ui.settings.settings_dialog import SettingsDialog
from frontdesk.values import Actor
from tests.services.test_booking import DESK, add_patient
from tests.ui.modal import when_modal

ADMIN = Actor("boss", "admin")


def _dialog(qtbot: QtBot, actor: Actor = ADMIN) -> SettingsDialog:
    dialog = SettingsDialog(actor)
    qtbot.addWidget(dialog)
    return dialog


def test_change_slot_size_and_close_saturday(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    dialog.slot_box.setCurrentIndex(dialog.slot_box.findData(30))
    dialog.hours_editor.rows[5][0].setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "✔ Saved"
    saved = clinic_repo.load_profile()
    assert saved.slot_minutes == 30 and saved.hours[5] is None


def test_the_idle_lock_alcohol_hours_questionnaire_days_and_weight_unit_are_set_on_the_schedule_tab(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """They were in the profile with no screen to change them: a clinic in kilograms could not say so."""
    from frontdesk.services.attention import intake_settings

    dialog = _dialog(qtbot)
    assert (dialog.idle_spin.value(), dialog.alcohol_spin.value(), dialog.questionnaire_spin.value(),
            dialog.weight_box.currentText()) == (10, 24, 7, "lb, ft and in")
    dialog.idle_spin.setValue(5)
    dialog.alcohol_spin.setValue(12)
    dialog.questionnaire_spin.setValue(14)
    dialog.weight_box.setCurrentIndex(dialog.weight_box.findData("metric"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "✔ Saved"
    saved = clinic_repo.load_profile()
    assert (saved.idle_lock_minutes, saved.alcohol_hours_before, saved.questionnaire_due_days, saved.weight_unit) == (
        5, 12, 14, "metric")
    assert intake_settings(saved).unit_system == "metric"
    assert not dialog.unsaved()


def test_the_name_in_reminder_texts_is_set_on_the_clinic_tab(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QLineEdit

    dialog = _dialog(qtbot)
    field = dialog.findChild(QLineEdit, "settingsTextName")
    assert field.text() == "" and field.placeholderText() == "the clinic's name"
    field.setText("Blue Ridge Clinic")
    dialog.save_profile()
    assert dialog.status.text() == "✔ Saved"
    assert clinic_repo.load_profile().name_in_texts == "Blue Ridge Clinic"


def test_bad_time_zone_names_the_field_and_saves_nothing(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    dialog.zone_box.setCurrentText("Mars/Base")
    dialog.slot_box.setCurrentIndex(dialog.slot_box.findData(30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "✖ time zone: unknown zone 'Mars/Base' (e.g. America/New_York)"
    assert clinic_repo.load_profile().slot_minutes == 15


def test_clinic_phones_read_as_the_desk_writes_them_and_a_wrong_one_names_its_field(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    dialog.phone_edit.setText("828 555 0142")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "✔ Saved" and clinic_repo.load_profile().phone == "+18285550142"
    assert _dialog(qtbot).phone_edit.text() == "(828) 555-0142"  # opened again: shown, not stored, form
    dialog.phone_edit.setText("call the front desk")
    dialog.slot_box.setCurrentIndex(dialog.slot_box.findData(30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("✖ phone: ")
    assert clinic_repo.load_profile().slot_minutes == 15  # nothing saved


def test_a_desk_user_reads_the_settings_and_may_block_time(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Not editable fields that Save then refuses: the desk reads them, and blocks time (a chair's repair)."""
    dialog = _dialog(qtbot, DESK)
    assert dialog.status.text().startswith("Only an administrator may change the clinic, hours, schedule")
    assert not dialog.save_button.isEnabled() and not dialog.name_edit.isEnabled()
    assert not dialog.types_page.isEnabled() and not dialog.chairs_page.isEnabled()
    assert dialog.blocks_page.isEnabled()
    from frontdesk.services import clinic_settings

    with pytest.raises(PermissionError, match="may not change the clinic's settings: ask an administrator"):
        clinic_settings.save_profile(clinic_repo.load_profile(), DESK)  # the service refuses all the same


def test_chairs_add_and_rename(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    dialog.chairs_page.add_chair("Window recliner")
    assert dialog.chairs_page.chair_list.item(dialog.chairs_page.chair_list.count() - 1).text() == "Window recliner"
    dialog.chairs_page.rename_chair(1, "Chair 2")
    assert dialog.status.text() == "✖ chair name: 'Chair 2' is already used"
    dialog.chairs_page.rename_chair(1, "chair 2")  # the same name to anyone reading the board
    assert dialog.status.text() == "✖ chair name: 'chair 2' is already used"


def test_renaming_a_chair_out_of_service_starts_from_its_name_alone(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """The rename box held the list's words, "Chair 6 (out of service)": an edited name saved them into
    the chair's name ("Spare recliner (out of service) (out of service)" in the list)."""
    from PySide6.QtWidgets import QInputDialog, QWidget

    from frontdesk.services import clinic_settings
    from tests.ui.modal import when_modal

    six = next(c for c in booking.chairs() if c.name == "Chair 6")
    clinic_settings.set_chair_in_service(six.id, False, ADMIN)
    dialog = _dialog(qtbot)
    page = dialog.chairs_page
    row = next(r for r in range(page.chair_list.count()) if page.chair_list.item(r).text().startswith("Chair 6"))
    page.chair_list.setCurrentRow(row)
    offered: list[str] = []

    def rename(box: QWidget) -> None:
        assert isinstance(box, QInputDialog)
        offered.append(box.textValue())
        box.setTextValue("Spare recliner")
        box.accept()

    when_modal(rename)
    page._rename_chair()
    assert offered == ["Chair 6"]
    assert next(c for c in booking.chairs() if c.id == six.id).name == "Spare recliner"
    assert page.chair_list.item(row).text() == "Spare recliner (out of service)"


def test_type_times_saved_and_booking_kept(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    new_id = booking.book(add_patient(), "iv_mood", None, dt.datetime(2026, 3, 2, 9), DESK)
    dialog = _dialog(qtbot)
    table = dialog.types_page.type_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "IV ketamine, mood")
    dialog.types_page.type_table.setCurrentCell(row, 0)
    dialog.types_page.type_spins["treatment_minutes"].setValue(60)
    dialog.types_page.save_type()
    assert dialog.types_page.type_table.item(row, 5).text() == "120"
    assert dialog.status.text() == "✔ Type saved; existing bookings keep their times"
    kept = get(new_id, clinic_repo.load_profile().tz)
    assert kept is not None and f"{kept.end:%H:%M}" == "10:40"


def test_add_a_type_by_name_and_kind_then_set_its_times_and_book_it(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Add type… asks a name and a kind of visit; a name already used is said in the dialog, which stays
    open; the new type is then shown, its times from the clinic's type of that kind, ready to change."""
    from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

    from tests.ui.modal import when_modal

    dialog = _dialog(qtbot)
    dialog.show()
    page = dialog.types_page
    dialog.tabs.setCurrentWidget(page)
    esketamine = booking.resolve_type("esketamine")
    said: list[str] = []

    def name_it(new: QWidget) -> None:
        name, kind = new.findChild(QLineEdit, "newTypeName"), new.findChild(QComboBox, "newTypeKind")
        add = new.findChild(QPushButton, "newTypeAdd")
        name.setText("Esketamine nasal spray")  # the demo's own type's name
        kind.setCurrentIndex(kind.findData("esketamine"))
        add.click()
        said.append(new.findChild(QLabel, "newTypeStatus").text())
        name.setText("Esketamine 84 mg")
        add.click()

    assert when_modal(name_it, "newTypeDialog") is not None
    page.findChild(QPushButton, "typeAdd").click()
    assert said == ["✖ type name: 'Esketamine nasal spray' is already used"]
    table = page.type_table
    row = table.currentRow()
    assert table.item(row, 0).text() == "Esketamine 84 mg" and page.type_name.text() == "Esketamine 84 mg"
    assert table.item(row, 3).text() == str(esketamine.recovery_minutes)
    assert dialog.status.text() == ("✔ Type added: Esketamine 84 mg, with the times of the clinic's Esketamine nasal "
                                    "spray (REMS) type: set its own, then Save type")
    page.type_spins["treatment_minutes"].setValue(20)
    page.save_type()
    added = booking.resolve_type("Esketamine 84 mg")
    assert (added.kind, added.treatment_minutes) == ("esketamine", 20)
    assert booking.book(add_patient(), "Esketamine 84 mg", None, dt.datetime(2026, 3, 2, 9), DESK)


def test_retire_a_type_then_bring_it_back(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    page = dialog.types_page
    table = page.type_table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "IV ketamine, pain 4 h")
    table.setCurrentCell(row, 0)
    assert page.retire_button.text() == "Re&tire type"
    page.retire_button.click()
    assert dialog.status.text() == ("✔ IV ketamine, pain 4 h retired: no longer offered for booking; bookings "
                                    "already made keep it")
    assert table.item(row, 0).text() == "IV ketamine, pain 4 h (retired)" and table.currentRow() == row
    assert "IV ketamine, pain 4 h" not in [t.name for t in booking.appointment_types()]
    assert page.retire_button.text() == "Bring &back type"
    page.retire_button.click()
    assert "IV ketamine, pain 4 h" in [t.name for t in booking.appointment_types()]
    assert dialog.status.text() == "✔ IV ketamine, pain 4 h is offered for booking again"


def test_add_type_waits_for_the_shown_types_changes_to_be_saved(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    page = dialog.types_page
    shown = booking.appointment_types()[page.type_table.currentRow()]
    page.type_spins["turnover_minutes"].setValue(shown.turnover_minutes + 5)
    before = len(booking.appointment_types())
    page.ask_new_type()  # no dialog: the change would be lost when the new type is shown
    assert dialog.status.text() == (f"✖ Save the changes to {shown.name} first (Save type), or choose another type "
                                    "to leave them")
    assert len(booking.appointment_types()) == before


def test_block_a_holiday_then_remove_it(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtCore import QDateTime

    dialog = _dialog(qtbot, DESK)
    day = dt.date.today() + dt.timedelta(days=10)
    dialog.blocks_page.block_from.setDateTime(QDateTime(dt.datetime.combine(day, dt.time(0))))
    dialog.blocks_page.block_to.setDateTime(QDateTime(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))))
    dialog.blocks_page.block_reason.setText("Clinic holiday")
    dialog.blocks_page.add_block()
    assert dialog.status.text() == "✔ Blocked"
    assert [dialog.blocks_page.block_table.item(0, c).text() for c in (0, 1, 4)] == [
        "Whole clinic", "Closed", "Clinic holiday"]
    dialog.blocks_page.block_table.selectRow(0)
    asked: list[str] = []

    def answer(button: str) -> Callable[[Any], None]:
        def click(box: Any) -> None:
            asked.append(box.text())
            next(b for b in box.buttons() if b.text() == button).click()
        return click

    when_modal(answer("Keep it"), "removeBlockQuestion")
    dialog.blocks_page.remove_block()  # asked first, naming it: kept
    assert asked and asked[0].startswith("Remove this blocked time?\n\nWhole clinic · Closed · ")
    assert "Clinic holiday" in asked[0] and dialog.blocks_page.block_table.rowCount() == 1
    when_modal(answer("Remove"), "removeBlockQuestion")
    dialog.blocks_page.remove_block()
    assert dialog.blocks_page.block_table.rowCount() == 0
    assert dialog.status.text() == "✔ Block removed"
    dialog.blocks_page.remove_block()  # nothing picked
    assert dialog.status.text() == "✖ Pick the blocked time to remove in the list above"


def test_a_blocked_time_that_has_passed_is_refused_and_enter_in_reason_blocks(qtbot: QtBot,
                                                                               sqlite_db: peewee.Database) -> None:
    """A block two days back said "✔ Blocked" yet the list (today onwards) never showed it (helper-41)."""
    from PySide6.QtCore import QDateTime

    dialog = _dialog(qtbot, DESK)
    dialog.show()
    page = dialog.blocks_page
    past = dt.date.today() - dt.timedelta(days=2)
    page.block_from.setDateTime(QDateTime(dt.datetime.combine(past, dt.time(9))))
    page.block_to.setDateTime(QDateTime(dt.datetime.combine(past, dt.time(10))))
    page.add_block()
    assert dialog.status.text().startswith(f"✖ That time has passed (it ends {past:%a %d %b %Y} 10:00)")
    assert page.block_table.rowCount() == 0
    from frontdesk.rules.clock import now_local

    now = now_local(clinic_repo.load_profile().tz).replace(tzinfo=None, second=0, microsecond=0)
    page.block_from.setDateTime(QDateTime(now - dt.timedelta(hours=2)))
    page.block_to.setDateTime(QDateTime(now - dt.timedelta(minutes=1)))  # ended a minute ago, today
    page.add_block()
    assert dialog.status.text().startswith("✖ That time has passed")
    ahead = dt.date.today() + dt.timedelta(days=3)
    page.block_from.setDateTime(QDateTime(dt.datetime.combine(ahead, dt.time(9))))
    page.block_to.setDateTime(QDateTime(dt.datetime.combine(ahead, dt.time(10))))
    page.block_reason.setFocus()
    qtbot.keyClicks(page.block_reason, "Recliner repair")
    qtbot.keyClick(page.block_reason, Qt.Key.Key_Return)
    assert dialog.status.text() == "✔ Blocked" and page.block_table.rowCount() == 1


def test_the_blocks_tab_names_the_chairs_as_they_are_after_a_rename(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Its "Where" list was filled once: a chair renamed on the Chairs tab kept its old name there."""
    dialog = _dialog(qtbot)
    dialog.show()
    one = next(c for c in booking.chairs() if c.name == "Chair 1")
    dialog.tabs.setCurrentWidget(dialog.chairs_page)
    dialog.chairs_page.rename_chair(one.id, "Window recliner")
    from frontdesk.services import clinic_settings

    clinic_settings.set_chair_in_service(next(c.id for c in booking.chairs() if c.name == "Chair 2"), False, ADMIN)
    dialog.tabs.setCurrentWidget(dialog.blocks_page)
    where = dialog.blocks_page.block_where
    names = [where.itemText(i) for i in range(where.count())]
    assert names[:3] == ["Whole clinic", "Window recliner", "Chair 2 (out of service)"]


def test_closing_with_clinic_edits_not_saved_asks_first(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.modal import when_modal

    dialog = _dialog(qtbot)
    dialog.show()
    dialog.reject()  # nothing edited: closes without a word
    assert not dialog.isVisible()
    dialog.show()
    dialog.name_edit.setText("Blue Ridge Infusion & Wellness")

    def answer(button: QMessageBox.StandardButton) -> object:
        def press(box: object) -> None:
            assert isinstance(box, QMessageBox)
            assert box.text() == "The clinic, hours, schedule or the type shown have changes that are not saved."
            box.button(button).click()
        return press

    when_modal(answer(QMessageBox.StandardButton.Cancel))
    dialog.reject()
    assert dialog.isVisible() and clinic_repo.load_profile().name != "Blue Ridge Infusion & Wellness"
    when_modal(answer(QMessageBox.StandardButton.Save))
    dialog.reject()
    assert not dialog.isVisible() and clinic_repo.load_profile().name == "Blue Ridge Infusion & Wellness"
    assert dialog.changed


def test_save_shows_only_on_the_tabs_it_saves(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = _dialog(qtbot)
    dialog.show()
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        assert dialog.save_button.isVisible() == (index < 3), dialog.tabs.tabText(index)


def test_closing_with_a_type_edited_and_not_saved_asks_first(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QMessageBox

    from frontdesk.services import booking
    from tests.ui.modal import when_modal

    dialog = _dialog(qtbot)
    dialog.show()
    page = dialog.types_page
    row = page.type_table.currentRow()
    kind = booking.appointment_types()[row]
    page.type_spins["turnover_minutes"].setValue(kind.turnover_minutes + 5)  # Save type not pressed
    seen = when_modal(lambda box: box.button(QMessageBox.StandardButton.Save).click())  # type: ignore[attr-defined]
    dialog.reject()
    assert seen and not dialog.isVisible()
    assert booking.resolve_type(kind.id).turnover_minutes == kind.turnover_minutes + 5  # it was dropped unasked


def test_saving_hours_that_leave_bookings_out_says_how_many_the_board_marks(qtbot: QtBot,
                                                                            sqlite_db: peewee.Database) -> None:
    import datetime as dt

    from frontdesk.services import booking, clinic_settings
    from frontdesk.services.schedule import next_open_day
    from tests.services.intake_helpers import make_patient

    day = next_open_day(dt.date.today() + dt.timedelta(days=2))
    while day.weekday() != 0:  # a Monday, open 08:00–18:00
        day = next_open_day(day)
    for hour, chair in ((16, "Chair 1"), (17, "Chair 2")):
        booking.book(make_patient("Ana", f"Late{hour}"), "iv_mood", booking.resolve_chair(chair).id,  # type: ignore[union-attr]
                     dt.datetime.combine(day, dt.time(hour - 1)), ADMIN)
    dialog = _dialog(qtbot)
    dialog.hours_editor.rows[0][2].setTime(QTime(15, 0))  # Mondays now close at 15:00
    asked = when_modal(_click("Keep the new settings"), "keepSettingsQuestion")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0] == "keepSettingsQuestion"
    assert dialog.status.text() == ("✔ Saved · 2 bookings in the next 4 weeks now collide: marked Collides on "
                                    "the board")
    assert clinic_settings.profile().opening(day) == (dt.time(8), dt.time(15))


def _click(button: str) -> Callable[[Any], None]:
    """A question's answer: the button with this text, as a person clicks it."""
    def click(box: Any) -> None:
        next(b for b in box.buttons() if b.text() == button).click()
    return click


def test_hours_that_leave_bookings_out_are_asked_about_and_can_be_put_back(qtbot: QtBot,
                                                                          sqlite_db: peewee.Database) -> None:
    """Unticking every weekday saved at once: 364 bookings out of hours (helper-41). The save is asked about,
    Put the old ones back (the default) saves the earlier hours again, the form keeps what was typed."""
    import datetime as dt

    from frontdesk.services import clinic_settings
    from frontdesk.services.schedule import next_open_day
    from tests.services.intake_helpers import make_patient

    day = next_open_day(dt.date.today() + dt.timedelta(days=2))
    while day.weekday() != 0:
        day = next_open_day(day)
    booking.book(make_patient("Ana", "Late"), "iv_mood", booking.resolve_chair("Chair 1").id,  # type: ignore[union-attr]
                 dt.datetime.combine(day, dt.time(16)), ADMIN)
    dialog = _dialog(qtbot)
    dialog.hours_editor.rows[0][2].setTime(QTime(15, 0))
    texts: list[str] = []

    def read_then_put_back(box: Any) -> None:
        texts.append(box.text())
        box.defaultButton().click()  # Enter: the default

    when_modal(read_then_put_back, "keepSettingsQuestion")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert texts and texts[0].startswith("With these settings 1 booking in the next 4 weeks falls outside")
    assert clinic_settings.profile().opening(day) == (dt.time(8), dt.time(18))  # the earlier hours, saved
    assert dialog.status.text().startswith("✖ Not kept: the earlier hours and schedule are back")
    assert dialog.hours_editor.rows[0][2].time() == QTime(15, 0) and dialog.unsaved()  # as typed
    assert not booking.collisions_ahead()


def test_bookings_that_collided_before_a_change_are_not_blamed_on_it(qtbot: QtBot,
                                                                     sqlite_db: peewee.Database) -> None:
    """Every save said "5 bookings in the next 4 weeks now collide", a chair added or a save with nothing
    changed too (helper-41): the five collided before the dialog opened."""
    import datetime as dt

    from frontdesk.services import booking
    from frontdesk.services.schedule import next_open_day
    from tests.services.intake_helpers import make_patient

    day = next_open_day(dt.date.today() + dt.timedelta(days=2))
    while day.weekday() != 0:  # a Monday, open 08:00–18:00
        day = next_open_day(day)
    for hour, chair in ((16, "Chair 1"), (17, "Chair 2"), (14, "Chair 3")):
        booking.book(make_patient("Ana", f"Late{hour}"), "iv_mood", booking.resolve_chair(chair).id,  # type: ignore[union-attr]
                     dt.datetime.combine(day, dt.time(hour - 1)), ADMIN)
    dialog = _dialog(qtbot)
    dialog.hours_editor.rows[0][2].setTime(QTime(15, 0))  # Mondays close at 15:00: two out of hours
    when_modal(_click("Keep the new settings"), "keepSettingsQuestion")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == ("✔ Saved · 2 bookings in the next 4 weeks now collide: marked Collides on "
                                    "the board")
    again = _dialog(qtbot)  # opened later: those two collide already
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert again.status.text() == "✔ Saved"
    again.hours_editor.rows[0][2].setTime(QTime(14, 0))  # one more out of hours
    when_modal(_click("Keep the new settings"), "keepSettingsQuestion")
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert again.status.text() == ("✔ Saved · 1 booking in the next 4 weeks now collides (3 in all): marked "
                                   "Collides on the board")
    again.hours_editor.rows[0][2].setTime(QTime(18, 0))
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert again.status.text() == "✔ Saved · 3 bookings no longer collide"


def test_collisions_made_at_another_workstation_meanwhile_are_not_blamed_on_a_save_here(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    import datetime as dt
    from dataclasses import replace

    from frontdesk.services import clinic_settings
    from frontdesk.services.schedule import next_open_day
    from tests.services.intake_helpers import make_patient

    day = next_open_day(dt.date.today() + dt.timedelta(days=2))
    while day.weekday() != 0:
        day = next_open_day(day)
    booking.book(make_patient("Ana", "Late"), "iv_mood", booking.resolve_chair("Chair 1").id,  # type: ignore[union-attr]
                 dt.datetime.combine(day, dt.time(16)), ADMIN)
    dialog = _dialog(qtbot)  # opened while nothing collides
    elsewhere = clinic_settings.profile()  # another admin, at another workstation, closes Mondays at 15:00
    hours = dict(elsewhere.hours)
    hours[0] = ("08:00", "15:00")
    clinic_settings.save_profile(replace(elsewhere, hours=hours), ADMIN)
    asked = when_modal(_click("Keep the new settings"), "keepSettingsQuestion")
    dialog.name_edit.setText("Renamed here")
    dialog.hours_editor.rows[0][2].setTime(QTime(15, 0))  # this form shows what the other admin saved
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "✔ Saved"
    assert asked == []
