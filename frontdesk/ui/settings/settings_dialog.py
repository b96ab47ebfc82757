"""Clinic settings: profile, opening hours, schedule limits; chairs, types and blocks on their own pages."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.rules.contact import show_optional_phone
from frontdesk.services import booking, clinic_settings
from frontdesk.settings import ClinicProfile
from frontdesk.ui.forms import confirm_buttons, confirm_step, form, size_to_screen, stack
from frontdesk.ui.settings.blocks_page import BlocksPage
from frontdesk.ui.settings.chairs_page import ChairsPage
from frontdesk.ui.settings.types_page import TypesPage
from frontdesk.ui.settings.widgets import HoursEditor, page, spin
from frontdesk.values import SYSTEM_ACTOR, Actor

COMMON_ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
                "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "UTC")


PROFILE_TABS = 3  # Clinic, Hours, Schedule: saved together by the Save button


class SettingsDialog(QDialog):
    """Edits take effect when saved; changing a type's times never moves existing bookings."""

    def __init__(self, actor: Actor = SYSTEM_ACTOR, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Clinic settings")
        self._actor = actor
        self.changed = False
        self.profile = clinic_settings.profile()
        self.tabs = QTabWidget(objectName="settingsTabs")
        self.tabs.addTab(self._clinic_tab(), "&Clinic")
        self.tabs.addTab(self._hours_tab(), "&Hours")
        self.tabs.addTab(self._schedule_tab(), "&Schedule")
        self.chairs_page = ChairsPage(actor)
        self.types_page = TypesPage(actor)
        self.blocks_page = BlocksPage(actor)
        self.tabs.addTab(self.chairs_page, "Cha&irs")
        self.tabs.addTab(self.types_page, "&Types")
        self.tabs.addTab(self.blocks_page, "&Blocks")
        self.status = QLabel(objectName="settingsStatus")
        self.status.setWordWrap(True)
        buttons, self.save_button = confirm_buttons(
            self, "Save clinic, hours and schedule", self.save_profile, "settingsSave",
            confirm=QDialogButtonBox.StandardButton.Save, dismiss=QDialogButtonBox.StandardButton.Close,
            on_dismiss=self._close)
        for tab in (self.chairs_page, self.types_page, self.blocks_page):
            tab.reported.connect(self._report)
        stack(self, self.tabs, self.status, buttons)
        # Save belongs to the first three tabs; the others change at once with their own buttons.
        self.tabs.currentChanged.connect(lambda index: self.save_button.setVisible(index < PROFILE_TABS))
        self._saved_form = self.edited_profile()  # the form as it stands saved (phones as shown, say)
        # Bookings ahead out of place as the dialog opens, then as of the last change reported: a change is
        # told only what it did (some 25 ms on a clinic of 100,000 patients).
        self._colliding = _colliding_now()
        self._read_only_unless_admin(actor)
        size_to_screen(self, 760, 680)

    def _read_only_unless_admin(self, actor: Actor) -> None:
        """Whoever may not change the settings reads them, and may still block time (a chair's repair,
        lunch): the fields were editable until Save refused ("may not change the clinic's settings")."""
        from frontdesk.services.permissions import allowed

        if allowed(actor, "settings.change"):
            return
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not self.blocks_page:
                page.setEnabled(False)
        self.save_button.setEnabled(False)
        self.status.setText("Only an administrator may change the clinic, hours, schedule, chairs and types; "
                            "blocked times are yours to add on the Blocks tab.")

    @classmethod
    def ask(cls, parent: QWidget | None = None, actor: Actor = SYSTEM_ACTOR) -> bool:
        """Show the settings; True when anything was saved (the caller reloads the board)."""
        dialog = cls(actor, parent)
        dialog.exec()
        return dialog.changed

    def _report(self, text: str) -> None:
        done = text.startswith("✔")
        self.status.setText(self._with_collisions(text) if done else text)
        self.changed = self.changed or done

    def _with_collisions(self, text: str) -> str:
        """A change saved, and how many bookings ahead it left out of place that were not before (the board
        marks them, and the desk decides: bookings are never moved), or put back in place. Bookings that
        collided before the change are not blamed on it: every save said "5 bookings … now collide",
        a chair added or a save with nothing changed too."""
        found = _colliding_now()
        before, self._colliding = self._colliding, found
        weeks = booking.COLLISIONS_AHEAD_DAYS // 7
        new, cleared = len(found - before), len(before - found)
        if new:
            also = f" ({len(found)} in all)" if len(found) != new else ""
            return (f"{text} · {_bookings(new)} in the next {weeks} weeks now collide{'' if new != 1 else 's'}"
                    f"{also}: marked Collides on the board")
        if cleared:
            return f"{text} · {_bookings(cleared)} no longer collide{'' if cleared != 1 else 's'}"
        return text

    def _close(self) -> None:
        self.reject()

    def reject(self) -> None:
        """Close (the button, Escape or the window's ×); edits to the clinic, hours or schedule not saved
        are asked about first, not dropped."""
        if self.isVisible() and self.unsaved() and not self._save_or_drop():
            return
        self.done(QDialog.DialogCode.Accepted if self.changed else QDialog.DialogCode.Rejected)

    def unsaved(self) -> bool:
        return self.edited_profile() != self._saved_form or self.types_page.edits_not_saved()

    def _save_or_drop(self) -> bool:
        """True when the dialog may close: the edits saved, or dropped on purpose."""
        answer = QMessageBox.question(
            self, "Clinic settings", "The clinic, hours, schedule or the type shown have changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            if self.edited_profile() != self._saved_form:
                self.save_profile()
            if self.types_page.edits_not_saved():
                self.types_page.save_type()
            return not self.unsaved()  # refused (a bad phone, say): stay, the reason is shown
        return answer == QMessageBox.StandardButton.Discard

    # --- clinic, hours, schedule ------------------------------------------------------------------------

    def _clinic_tab(self) -> QWidget:
        p = self.profile
        self.name_edit = QLineEdit(p.name, objectName="settingsName")
        self.address_edit = QPlainTextEdit("\n".join(p.address_lines), objectName="settingsAddress")
        self.address_edit.setMaximumHeight(70)
        self.phone_edit = QLineEdit(show_optional_phone(p.phone), objectName="settingsPhone")
        self.after_hours_edit = QLineEdit(show_optional_phone(p.after_hours_phone), objectName="settingsAfterHours")
        self.email_edit = QLineEdit(p.email, objectName="settingsEmail")
        self.text_name_edit = QLineEdit(p.text_name, objectName="settingsTextName")
        self.text_name_edit.setPlaceholderText("the clinic's name")
        self.text_name_edit.setToolTip("What reminder texts call the clinic: set it when the clinic's name says what "
                                       "it treats, as a text can be read on a lock screen (e.g. \"Blue Ridge Clinic\")")
        self.zone_box = QComboBox(objectName="settingsTimeZone", editable=True)
        self.zone_box.addItems(sorted({*COMMON_ZONES, p.timezone}))
        self.zone_box.setCurrentText(p.timezone)
        form = QFormLayout()
        for label, widget in (("Clinic &name", self.name_edit), ("&Address", self.address_edit),
                              ("&Phone", self.phone_edit), ("After-hours phone", self.after_hours_edit),
                              ("&Email", self.email_edit), ("Name in reminder te&xts", self.text_name_edit),
                              ("Time &zone", self.zone_box)):
            form.addRow(label, widget)
            widget.setAccessibleName(label.replace("&", ""))
        return page(form)

    def _hours_tab(self) -> QWidget:
        self.hours_editor = HoursEditor("settingsHours", self.profile.hours)
        self.prescriber_editor = HoursEditor("settingsPrescriberHours", self.profile.prescriber_hours)
        layout = QVBoxLayout()
        layout.addWidget(QLabel("Opening hours"))
        layout.addWidget(self.hours_editor)
        layout.addWidget(QLabel("Prescriber on site (esketamine needs one for the whole block)"))
        layout.addWidget(self.prescriber_editor)
        return page(layout)

    def _schedule_tab(self) -> QWidget:
        p = self.profile
        self.slot_box = QComboBox(objectName="settingsSlot")
        for minutes in clinic_settings.SLOT_SIZES:
            self.slot_box.addItem(f"{minutes} minutes", minutes)
        self.slot_box.setCurrentIndex(max(0, self.slot_box.findData(p.slot_minutes)))
        self.lead_spin = spin("settingsArrivalLead", 0, 120, p.arrival_lead_minutes)
        self.starts_spin = spin("settingsMaxStarts", 0, 20, p.max_starts_per_slot)
        self.capacity_spin = spin("settingsNurseCapacity", 0, 20, p.nurse_capacity)
        self.nurses_spin = spin("settingsNurses", 1, 20, p.nurses_on_duty)
        self.booster_spin = spin("settingsBoosterDays", 1, 365, p.booster_interval_days)
        self.alcohol_spin = spin("settingsAlcoholHours", 0, 72, p.alcohol_hours_before)
        self.questionnaire_spin = spin("settingsQuestionnaireDays", 1, 90, p.questionnaire_due_days)
        self.weight_box = QComboBox(objectName="settingsWeightUnit")
        for unit, words in clinic_settings.WEIGHT_UNITS.items():
            self.weight_box.addItem(words, unit)
        self.weight_box.setCurrentIndex(max(0, self.weight_box.findData(p.weight_unit)))
        self.idle_spin = spin("settingsIdleMinutes", clinic_settings.IDLE_LOCK_RANGE[0],
                              clinic_settings.IDLE_LOCK_RANGE[1], p.idle_lock_minutes)
        return page(form(("S&lot size", self.slot_box), ("&Arrive before start (min)", self.lead_spin),
                         ("Most infusion starts per slot (0 = no limit)", self.starts_spin),
                         ("Patients one nurse monitors (0 = no limit)", self.capacity_spin),
                         ("Nurses on duty", self.nurses_spin),
                         ("Booster due a&fter (days)", self.booster_spin),
                         ("No alcohol before a visit (hours, on the sheet)", self.alcohol_spin),
                         ("PHQ-9 / GAD-7 due within (days before a visit)", self.questionnaire_spin),
                         ("&Weight and height in", self.weight_box),
                         ("Lock the screen after idle (min)", self.idle_spin)))

    def edited_profile(self) -> ClinicProfile:
        lines = tuple(line.strip() for line in self.address_edit.toPlainText().splitlines() if line.strip())
        return replace(
            self.profile, name=self.name_edit.text().strip(), address_lines=lines, phone=self.phone_edit.text().strip(),
            after_hours_phone=self.after_hours_edit.text().strip(), email=self.email_edit.text().strip(),
            text_name=self.text_name_edit.text().strip(),
            timezone=self.zone_box.currentText().strip(), hours=self.hours_editor.hours(),
            prescriber_hours=self.prescriber_editor.hours(), slot_minutes=int(self.slot_box.currentData()),
            arrival_lead_minutes=self.lead_spin.value(), max_starts_per_slot=self.starts_spin.value(),
            nurse_capacity=self.capacity_spin.value(), nurses_on_duty=self.nurses_spin.value(),
            booster_interval_days=self.booster_spin.value(), alcohol_hours_before=self.alcohol_spin.value(),
            questionnaire_due_days=self.questionnaire_spin.value(), weight_unit=str(self.weight_box.currentData()),
            idle_lock_minutes=self.idle_spin.value())

    def save_profile(self) -> None:
        """Save the clinic, hours and schedule. Settings that leave bookings ahead out of place are saved, then
        asked about ("Keep the new settings?"): *Put the old ones back* saves the earlier ones again and
        keeps the form as typed, to be put right (unticking every weekday saved at once, 364 bookings out)."""
        # Out of place just before this save (another workstation may have booked or moved meanwhile): only
        # what the save itself puts out is asked about and counted.
        self._colliding = _colliding_now()
        earlier, earlier_colliding = self._saved_form, set(self._colliding)
        try:
            new = clinic_settings.save_profile(self.edited_profile(), self._actor)
        except (ValueError, PermissionError) as exc:
            self.status.setText(f"✖ {exc}")
            return
        self.profile = new
        self.changed = True
        text = self._with_collisions("✔ Saved")
        made = len(self._colliding - earlier_colliding)
        if made and not self._keep_hours_leaving_out(made):
            self.profile = clinic_settings.save_profile(earlier, self._actor)
            self._colliding = _colliding_now()
            self.status.setText("✖ Not kept: the earlier hours and schedule are back; the form shows what was "
                                "typed, to put right")
            return
        self._saved_form = self.edited_profile()
        self.status.setText(text)

    def _keep_hours_leaving_out(self, made: int) -> bool:
        weeks = booking.COLLISIONS_AHEAD_DAYS // 7
        return confirm_step(self, "Clinic settings",
                            f"With these settings {_bookings(made)} in the next {weeks} weeks "
                            f"{'fall' if made != 1 else 'falls'} outside the clinic's hours or rules. Bookings are "
                            "never moved: the board marks them Collides, and each must be moved or kept by hand."
                            "\n\nKeep the new settings?", "keepSettingsQuestion", "Keep the new settings",
                            "Put the old ones back", warning=True)


def _bookings(count: int) -> str:
    return f"{count} booking{'s' if count != 1 else ''}"


def _colliding_now() -> set[int]:
    """The bookings ahead that collide with the clinic's settings as saved now (the board marks them)."""
    return {c.appointment_id for c in booking.collisions_ahead()}
