"""The patient's intake screen, the attention list, flag review and the scores chart, as users see them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QTableWidget
from pytestqt.qtbot import QtBot

from frontdesk.services import intake as service
from frontdesk.ui.intake.attention_view import NeedsAttentionWidget
from frontdesk.ui.intake.patient_intake_dialog import PatientIntakeDialog
from frontdesk.ui.intake.scores_chart import ScoresChartDialog
from tests.services.intake_helpers import DESK, NURSE, complete_data, make_appointment, make_patient


def _urgent_patient() -> int:
    pid = make_patient("Una", "Urgent")
    service.submit_intake(DESK, pid, complete_data())
    service.record_questionnaire(DESK, pid, "phq9", [1] * 8 + [1], service.today())
    return pid


def _cells(table: QTableWidget, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_desk_sees_that_a_flag_exists_but_not_its_detail(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = PatientIntakeDialog(DESK, _urgent_patient())
    qtbot.addWidget(dialog)
    flags = dialog.findChild(QTableWidget, "flagList")
    assert _cells(flags, 0) == ["Urgent: clinician review"]  # urgent in words once (and in the row's colour)
    from frontdesk.ui.ink import ink
    from frontdesk.ui.intake.patient_intake_dialog import URGENT_COLOUR

    assert flags.item(0, 0).foreground().color().name() == ink(URGENT_COLOUR) and flags.item(0, 0).font().bold()
    assert _cells(flags, 1) == ["Tell the clinician on duty now"]
    assert _cells(flags, 3) == ["—"]
    assert not dialog.findChild(QPushButton, "reviewFlagButton").isVisibleTo(dialog)
    assert "complete" in dialog.findChild(QLabel, "intakeStatus").text()
    assert _cells(dialog.findChild(QTableWidget, "questionnaireList"), 2) == ["9 mild"]


def test_clinician_sees_detail_and_marks_reviewed(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = PatientIntakeDialog(NURSE, _urgent_patient())
    qtbot.addWidget(dialog)
    flags = dialog.findChild(QTableWidget, "flagList")
    assert "item 9 answered 1" in _cells(flags, 3)[0]
    flags.selectRow(0)
    button = dialog.findChild(QPushButton, "reviewFlagButton")
    assert button.isEnabled()
    from tests.ui.modal import when_modal

    def answer(text: str) -> list[str]:
        return when_modal(lambda box: next(b for b in box.buttons() if b.text() == text).click(),  # type: ignore[attr-defined]
                          "reviewFlagQuestion")

    seen = answer("Not yet")  # a click on the wrong row is taken back before anything is recorded
    button.click()
    assert seen == ["reviewFlagQuestion"] and _cells(dialog.findChild(QTableWidget, "flagList"), 4)[0] == "open"
    seen = answer("Mark reviewed")
    button.click()
    assert seen == ["reviewFlagQuestion"]
    assert _cells(dialog.findChild(QTableWidget, "flagList"), 4)[0].startswith("nurse1 ")


def test_attention_list_shows_urgent_patient(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    pid = _urgent_patient()
    widget = NeedsAttentionWidget(DESK)
    qtbot.addWidget(widget)
    view = widget.findChild(QTableView, "attentionList")
    model = view.model()
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Una Urgent"
    assert model.index(0, 4).data() == "Urgent: clinician review"
    assert "1 urgent" in widget.findChild(QLabel, "needsAttentionTitle").text()
    with qtbot.waitSignal(widget.patient_opened) as blocker:
        view.selectRow(0)
        widget.findChild(QPushButton, "openPatientIntake").click()
    assert blocker.args == [pid]
    widget.show()
    view.setFocus()
    with qtbot.waitSignal(widget.patient_opened, timeout=2000) as by_key:
        qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter on the row opens it, as a double-click does
    assert by_key.args == [pid]


def test_scores_chart_has_a_line_per_instrument_and_sessions(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    pid = _urgent_patient()
    service.record_questionnaire(DESK, pid, "gad7", [1] * 7, service.today() - dt.timedelta(days=3))
    from frontdesk.data import models as m

    held = make_appointment(pid, dt.datetime.combine(service.today() - dt.timedelta(days=2), dt.time(15, 0)))
    make_appointment(pid, dt.datetime.combine(service.today() + dt.timedelta(days=5), dt.time(15, 0)))  # ahead
    m.Appointment.update(flow="discharged", outcome="completed").where(m.Appointment.id == held).execute()
    history = service.score_history(DESK, pid)
    assert len(history.sessions) == 1  # the booking still ahead is no session yet
    dialog = ScoresChartDialog(history, "Una Urgent")
    qtbot.addWidget(dialog)
    names = [s.name() for s in dialog.chart_view.chart().series()]
    assert names == ["PHQ-9", "GAD-7", "Sessions"]


def test_the_pain_score_has_its_own_0_to_10_axis(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    pid = _urgent_patient()  # a PHQ-9 of 9
    service.record_questionnaire(DESK, pid, "nrs", [7], service.today())
    dialog = ScoresChartDialog(service.score_history(DESK, pid), "Una Urgent")
    qtbot.addWidget(dialog)
    from PySide6.QtCharts import QValueAxis

    ranges = {s.name(): [(a.min(), a.max()) for a in s.attachedAxes() if isinstance(a, QValueAxis)]
              for s in dialog.chart_view.chart().series()}
    assert ranges["Pain 0–10"] == [(0.0, 10.0)]  # a "7 severe" plotted on 0–27 sat below a "9 mild"
    assert ranges["PHQ-9"] == [(0.0, 27.0)]


def test_the_next_open_day_lists_what_is_missing_to_call_ahead(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    """Monday's patients on a Friday or a Saturday (the clinic's weekend is closed)."""
    from frontdesk.rules.clock import local_to_utc
    from frontdesk.services.schedule import next_open_day
    from frontdesk.settings import ClinicProfile

    pid = make_patient("Tom", "Morrow")
    day = next_open_day(service.today())
    assert ClinicProfile().opening(day) is not None
    start = dt.datetime.combine(day, dt.time(9, 30))
    make_appointment(pid, local_to_utc(start, ClinicProfile().tz))
    widget = NeedsAttentionWidget(DESK)
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0
    widget.findChild(QPushButton, "attentionTomorrow").click()
    assert widget.day == day
    model = widget.findChild(QTableView, "attentionList").model()
    assert [model.index(0, c).data() for c in (0, 1)] == ["09:30", "Tom Morrow"]
    assert model.index(0, 6).data().startswith("intake incomplete, consent missing")


def test_the_attention_list_names_its_day_as_the_board_does(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    widget = NeedsAttentionWidget(DESK, dt.date(2026, 11, 30))
    qtbot.addWidget(widget)
    assert widget.date_edit.text() == "Mon 30 Nov 2026"  # never "30 11 2026", which reads two ways


def test_no_flags_reads_as_one_line_and_every_consent_column_is_in_view(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    pid = make_patient("Nora", "Noflags")
    service.submit_intake(DESK, pid, complete_data())
    for form in ("treatment", "privacy"):
        service.record_consent(DESK, pid, form, "Nora Noflags", service.today())
    dialog = PatientIntakeDialog(NURSE, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(984, 640)  # what it opens at on a 1024 × 768 desk screen (the test screen is 800 wide)
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QLabel, "noFlags").isVisible()
    assert not dialog.findChild(QTableWidget, "flagList").isVisible()
    assert not dialog.findChild(QPushButton, "reviewFlagButton").isVisible()  # nothing to review
    service.record_questionnaire(DESK, pid, "phq9", [2] * 8 + [0], service.today())  # "16 moderately severe"
    dialog.reload()
    signed = dialog.findChild(QTableWidget, "consentList").item(0, 3).text()
    assert signed == f"{service.today():%m/%d/%Y}"  # as the record writes a birth date, not ISO
    for name, columns in (("consentList", 5), ("questionnaireList", 4)):
        table = dialog.findChild(QTableWidget, name)
        assert table.rowCount() >= 1
        assert not table.horizontalScrollBar().isVisible(), name  # no column hides behind a scroll
        header = table.horizontalHeader()
        last = columns - 1
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width(), name


def test_a_flag_shows_its_table_not_the_no_flags_line(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = PatientIntakeDialog(NURSE, _urgent_patient())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QTableWidget, "flagList").isVisible()
    assert not dialog.findChild(QLabel, "noFlags").isVisible()


def test_the_attention_list_gives_the_number_to_call_ahead_and_how_the_patient_wants_it(
        qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.data import models as m
    from frontdesk.rules.clock import local_to_utc
    from frontdesk.settings import ClinicProfile

    pid = make_patient("Tom", "Morrow")
    m.Patient.update(ok_voicemail=False, ok_text=True).where(m.Patient.id == pid).execute()
    m.PatientPhone.create(patient=pid, number_e164="+18285550102", digits="8285550102", kind="home")
    start = dt.datetime.combine(service.today() + dt.timedelta(days=1), dt.time(9, 30))
    make_appointment(pid, local_to_utc(start, ClinicProfile().tz))
    widget = NeedsAttentionWidget(DESK, service.today() + dt.timedelta(days=1))
    qtbot.addWidget(widget)
    model = widget.findChild(QTableView, "attentionList").model()
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Phone"  # beside the name: who to dial
    assert model.index(0, 2).data() == "(828) 555-0102 (home) · no voicemail"


def test_what_is_still_missing_stays_in_view_beside_a_long_phone_line(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    from frontdesk.data import models as m
    from frontdesk.ui.intake.attention_model import AttentionTableModel

    pid = _urgent_patient()
    m.Patient.update(preferred_contact="email", email="a.very.long.address.for.testing@example.org",
                     ok_voicemail=False).where(m.Patient.id == pid).execute()
    m.PatientPhone.create(patient=pid, number_e164="+18285550102", digits="8285550102")
    widget = NeedsAttentionWidget(NURSE)
    qtbot.addWidget(widget)
    widget.resize(1340, 300)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.findChild(QTableView, "attentionList")
    model, header = view.model(), view.horizontalHeader()
    phone = model.index(0, 2)
    assert "a.very.long.address.for.testing@example.org" in phone.data()
    assert header.sectionSize(2) < view.fontMetrics().horizontalAdvance(phone.data())  # cut, not widened
    assert model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole) == phone.data()  # the whole line on hover
    flags = model.index(0, AttentionTableModel.FLAGS_COLUMN)
    assert "item 9" in flags.data(Qt.ItemDataRole.ToolTipRole)  # a nurse's detail
    assert header.sectionViewportPosition(6) + 150 < view.viewport().width()  # Still missing in view


def test_a_new_intake_opens_with_the_records_driver_and_saves_a_change_back(qtbot: QtBot,
                                                                             sqlite_db: peewee.Database) -> None:
    from PySide6.QtWidgets import QLineEdit, QWidget

    from frontdesk.data import models as m
    from tests.ui.modal import when_modal

    pid = make_patient("Ada", "Example", driver="Mei Sharma")
    dialog = PatientIntakeDialog(DESK, pid)
    qtbot.addWidget(dialog)
    shown: list[str] = []

    def change_driver(form: QWidget) -> None:
        name = form.findChild(QLineEdit, "intake_driver_name")
        shown.append(name.text())
        name.setText("Sam Okafor")
        form.findChild(QLineEdit, "intake_driver_phone").setText("828 555 0177")
        form.accept()  # type: ignore[attr-defined]

    seen = when_modal(change_driver, "intakeDialog")
    qtbot.mouseClick(dialog.findChild(QPushButton, "newIntakeButton"), Qt.MouseButton.LeftButton)
    assert seen == ["intakeDialog"] and shown == ["Mei Sharma"]
    record = m.Patient.get_by_id(pid)
    assert (record.driver_name, record.driver_phone) == ("Sam Okafor", "+18285550177")


def test_the_paper_form_is_saved_from_the_intake_screen_and_a_failure_is_said(
        qtbot: QtBot, sqlite_db: peewee.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    folder = tmp_path
    target = folder / "form.pdf"
    pid = make_patient("Ada", "Example", driver="Mei Sharma")
    dialog = PatientIntakeDialog(DESK, pid)
    qtbot.addWidget(dialog)
    chosen = [str(target), str(folder / "missing" / "form.pdf")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (chosen.pop(0), ""))  # the desk's choice
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    button = dialog.findChild(QPushButton, "paperIntakeFormButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text = " ".join(PdfReader(str(target)).pages[0].extract_text().split())
    assert "Ada Example" in text and (target.stat().st_mode & 0o777) == 0o600
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert warned == ["The intake form was not written: No such file or directory."]
    from frontdesk.data import clinic_repo

    clinic_repo.save_profile(clinic_repo.load_profile().without_contact())  # a new clinic, its details not in
    chosen.append(str(folder / "new-clinic.pdf"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert warned[-1].startswith("The clinic's name and phone are not set yet: an administrator enters them")
    assert chosen == [str(folder / "new-clinic.pdf")]  # said before asking where to save: nothing asked
    assert not (folder / "new-clinic.pdf").exists()


def test_tab_moves_on_from_the_flag_list(qtbot: QtBot, sqlite_db: peewee.Database) -> None:
    dialog = PatientIntakeDialog(NURSE, _urgent_patient())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    flags = dialog.findChild(QTableWidget, "flagList")
    flags.setFocus()
    qtbot.keyClick(flags, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not flags  # 20 Tabs never left it


def test_after_a_review_the_reviewed_flag_stays_picked_not_the_next_open_one(qtbot: QtBot,
                                                                            sqlite_db: peewee.Database) -> None:
    """The list sorts open flags first: after Mark reviewed the row picked held another open flag, its button
    live and focused, a second Enter away from clearing it unread (helper-44)."""
    from frontdesk.services import flags as flag_service
    from tests.ui.modal import when_modal

    pid = _urgent_patient()
    flag_service.raise_flag(DESK, pid, "discuss_medications", "Lamotrigine", "test")
    dialog = PatientIntakeDialog(NURSE, pid)
    qtbot.addWidget(dialog)
    flags = dialog.findChild(QTableWidget, "flagList")
    assert _cells(flags, 0) == ["Urgent: clinician review", "Discuss medications"]
    flags.selectRow(0)
    when_modal(lambda box: next(b for b in box.buttons() if b.text() == "Mark reviewed").click(),  # type: ignore[attr-defined]
               "reviewFlagQuestion")
    dialog.findChild(QPushButton, "reviewFlagButton").click()
    picked = flags.currentRow()
    assert _cells(flags, 0)[picked] == "Urgent: clinician review" and _cells(flags, 4)[picked].startswith("nurse1 ")
    assert not dialog.findChild(QPushButton, "reviewFlagButton").isEnabled()
    assert _cells(flags, 4)[_cells(flags, 0).index("Discuss medications")] == "open"
