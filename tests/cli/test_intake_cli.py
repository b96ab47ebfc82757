"""`frontdesk flags`, `readiness`, `review-flag` and `intake-summary` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from frontdesk.cli.main import main


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    # Once accounts exist, commands sign in from the environment (demo users have password "demo").
    monkeypatch.setenv("FRONTDESK_USER", "admin")
    monkeypatch.setenv("FRONTDESK_PASSWORD", "demo")
    target = str(tmp_path / "demo.sqlite3")
    assert main(["demo", "--db", target, "--patients", "120", "--days", "7", "--seed", "3"]) == 0
    return target


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_has_intake_flags_urgent_first(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "flags", "--db", demo_db, "--json")
    assert isinstance(rows, list) and rows
    assert {"id", "patient", "chart", "kind", "label", "urgent", "tell"} <= rows[0].keys()
    urgent = [r["urgent"] for r in rows]
    assert urgent == sorted(urgent, reverse=True)


def test_review_flag_removes_it_from_the_open_list(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(capsys, "flags", "--db", demo_db, "--json")
    assert isinstance(rows, list)
    first = rows[0]["id"]
    assert main(["review-flag", str(first), "--db", demo_db]) == 0
    assert f"flag {first} reviewed" in capsys.readouterr().out
    after = _json(capsys, "flags", "--db", demo_db, "--json")
    assert isinstance(after, list) and first not in [r["id"] for r in after]
    assert main(["review-flag", str(first), "--db", demo_db]) == 2
    assert "already reviewed" in capsys.readouterr().err


def test_readiness_lists_missing_items_per_appointment(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    day = dt.date.today()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    rows = _json(capsys, "readiness", "--db", demo_db, "--date", day.isoformat(), "--json")
    assert isinstance(rows, list) and rows
    assert all(set(r) >= {"id", "patient", "start", "ready", "missing"} for r in rows)
    assert all(r["ready"] == (r["missing"] == []) for r in rows)


def test_readiness_bad_date_is_one_clear_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readiness", "--db", demo_db, "--date", "31/12/2026"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("frontdesk readiness: --date: not a date") and "\n" not in err


def test_intake_summary_writes_a_pdf(demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.pdf"
    assert main(["intake-summary", "1", "--db", demo_db, "-o", str(out)]) == 0
    assert "Intake summary" in PdfReader(str(out)).pages[0].extract_text()


def test_intake_summary_unknown_patient_writes_nothing(demo_db: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "none.pdf"
    assert main(["intake-summary", "9999", "--db", demo_db, "-o", str(out)]) == 2
    assert "patient: no patient with id 9999" in capsys.readouterr().err
    assert not out.exists()


def test_consent_versions_set_and_list(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    versions = _json(capsys, "consent-versions", "--db", demo_db, "--set", "treatment=2027", "--json")
    assert isinstance(versions, dict) and versions["treatment"] == "2027"


def test_consent_versions_unknown_form_is_one_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["consent-versions", "--db", demo_db, "--set", "dental=1"]) == 2
    assert capsys.readouterr().err.strip() == "frontdesk consent-versions: form: unknown consent form 'dental'"


def test_rems_forms_lists_what_is_owed_and_marks_one_sent(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    owed = _json(capsys, "rems-forms", "--db", demo_db, "--json")
    assert isinstance(owed, list) and owed
    assert {"id", "patient", "chart", "start", "due", "state", "overdue", "sent"} <= owed[0].keys()
    assert not any(row["sent"] for row in owed)
    first = owed[0]["id"]

    assert main(["rems-forms", "--db", demo_db, "--mark", str(first), "--reference", "RX 12"]) == 0
    assert capsys.readouterr().out == f"appointment {first}: REMS monitoring form marked sent\n"
    assert first not in [row["id"] for row in _json(capsys, "rems-forms", "--db", demo_db, "--json")]
    sent = _json(capsys, "rems-forms", "--db", demo_db, "--sent", "--json")
    assert isinstance(sent, list)
    mine = next(row for row in sent if row["id"] == first)
    assert (mine["sent"], mine["reference"], mine["state"].endswith("by admin")) == (True, "RX 12", True)

    assert main(["rems-forms", "--db", demo_db, "--mark", str(first)]) == 2
    assert capsys.readouterr().err == f"frontdesk rems-forms: appointment {first}: its form is already marked sent\n"
    assert main(["rems-forms", "--db", demo_db, "--unmark", str(first)]) == 0
    assert first in [row["id"] for row in _json(capsys, "rems-forms", "--db", demo_db, "--json")]


def test_rems_forms_refuses_what_is_no_esketamine_session(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database

    open_database(demo_db)
    infusion = m.Appointment.select().join(m.AppointmentType).where(m.AppointmentType.kind == "iv_mood").first().id
    assert main(["rems-forms", "--db", demo_db, "--mark", str(infusion)]) == 2
    assert f"appointment {infusion}: no such esketamine session" in capsys.readouterr().err
    assert main(["rems-forms", "--db", demo_db, "--mark", "999999"]) == 2
    assert "appointment 999999: no such esketamine session" in capsys.readouterr().err
    assert main(["rems-forms", "--db", demo_db, "--reference", "x"]) == 2
    assert "--reference: only with --mark" in capsys.readouterr().err


def test_rems_forms_track_from_moves_the_start_and_refuses_a_bad_date(demo_db: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = _json(capsys, "rems-forms", "--db", demo_db, "--json")
    assert main(["rems-forms", "--db", demo_db, "--track-from", "2026-13-01"]) == 2
    assert "--track-from: not a date: '2026-13-01' (use YYYY-MM-DD)" in capsys.readouterr().err
    from frontdesk.rules.clock import now_local
    from frontdesk.settings import ClinicProfile

    today = now_local(ClinicProfile().tz).date().isoformat()
    assert main(["rems-forms", "--db", demo_db, "--track-from", today]) == 0
    assert capsys.readouterr().out == f"REMS monitoring forms are tracked from {today}\n"
    after = _json(capsys, "rems-forms", "--db", demo_db, "--json")
    assert isinstance(before, list) and isinstance(after, list)
    assert any(not row["start"].startswith(today) for row in before)  # the demo owes earlier days' forms
    assert all(row["start"].startswith(today) for row in after)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_a_blank_paper_intake_form_asks_every_section_and_screening_question(demo_db: str, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.documents.intake_form import load_form_wording
    from frontdesk.rules.intake import SCREENING

    out = tmp_path / "form.pdf"
    assert main(["intake-form", "--db", demo_db, "-o", str(out)]) == 0
    text = " ".join(_pdf_text(out).split())
    for heading in ("1. What brings you to us?", "2. Medications you take", "3. Allergies", "5. Height and weight",
                    "6. Who takes you home", "7. Your other clinicians", "Signature"):
        assert heading in text
    questions = load_form_wording("en")["screening"]["questions"]
    assert [code for code in SCREENING if questions[code] not in text] == []  # every question the screen records
    assert "Call (828) 555-0100" in text


def test_a_patients_paper_form_in_spanish_carries_their_name_and_driver(demo_db: str, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from frontdesk.data import models as m
    from frontdesk.data.database import open_database

    db = open_database(demo_db)
    patient = m.Patient.select().where(m.Patient.driver_name != "").first()
    name, driver, dob = f"{patient.legal_first} {patient.legal_last}", patient.driver_name, patient.date_of_birth
    db.close()
    out = tmp_path / "formulario.pdf"
    assert main(["intake-form", "--db", demo_db, "--patient", str(patient.id), "--lang", "es", "-o", str(out)]) == 0
    text = " ".join(_pdf_text(out).split())
    assert "Formulario de ingreso" in text and "4. Su salud" in text and "Convulsiones" in text
    from frontdesk.documents.wording import load_wording

    month = load_wording("es").data["months"][dob.month - 1]
    assert name in text and driver in text and f"{dob.day} de {month} de {dob.year}" in text  # not 05/19/1971
    assert f"{dob:%m/%d/%Y}" not in text and "página 1" in text and "page 1" not in text
    assert main(["intake-form", "--db", demo_db, "--patient", "99999", "-o", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


def test_rems_forms_writes_the_list_as_a_pdf_to_tick_off_and_records_the_print(
        demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    owed = _json(capsys, "rems-forms", "--db", demo_db, "--json")
    assert isinstance(owed, list) and owed
    out = tmp_path / "rems.pdf"
    assert main(["rems-forms", "--db", demo_db, "-o", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "REMS patient monitoring forms to send" in text and "Sent: confirmation" in text
    assert f"{len(owed)} forms to send" in text
    names = [row["patient"] for row in owed]
    assert all(name in text for name in names)
    assert text.index(names[0]) <= text.index(names[-1])  # the most overdue first, as listed
    audit = _json(capsys, "audit", "--db", demo_db, "--json", "--action", "print")
    assert isinstance(audit, list)
    assert sorted(int(row["entity_id"]) for row in audit if row["detail"] == "rems_forms export") == sorted(
        int(row["id"]) for row in owed)  # one audited print per form listed


def test_rems_forms_pdf_refuses_a_bad_path_or_a_write_before_touching_anything(
        demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rems-forms", "--db", demo_db, "-o", str(tmp_path / "nowhere" / "rems.pdf")]) == 2
    assert "output folder" in capsys.readouterr().err and not (tmp_path / "nowhere").exists()
    assert main(["rems-forms", "--db", demo_db, "-o", str(tmp_path / "r.pdf"), "--mark", "1"]) == 2
    assert capsys.readouterr().err.startswith("frontdesk rems-forms: --output: only to list the forms")
    assert not (tmp_path / "r.pdf").exists()


def test_flags_say_urgent_once(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """It printed "URGENT Urgent: clinician review" (helper-44)."""
    capsys.readouterr()
    assert main(["flags", "--db", demo_db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("Urgent: clinician review: " in line for line in lines)
    assert not any("URGENT" in line for line in lines)
