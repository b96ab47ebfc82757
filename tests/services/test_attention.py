"""What the board shows beside each appointment: open flags' labels (urgent first) and readiness gaps,
read without loading the intake area."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import peewee

from frontdesk.data import models as m
from frontdesk.rules.flag_kinds import CLINICIAN_REVIEW, REMS_ENROLMENT, URGENT_SELF_HARM
from frontdesk.services import flags
from frontdesk.services.attention import open_flag_labels
from frontdesk.values import SYSTEM_ACTOR
from tests.services.intake_helpers import make_patient


def test_open_flag_labels_put_urgent_first_then_oldest_and_never_the_detail(db: peewee.Database) -> None:
    pid, other = make_patient("Ana", "One"), make_patient("Ben", "Two")
    for kind, detail, day in ((REMS_ENROLMENT, "booked without REMS", 1), (CLINICIAN_REVIEW, "seizures", 2),
                              (URGENT_SELF_HARM, "PHQ-9 item 9 answered 2", 3), ("new_kind", "x", 4)):
        flag = flags.raise_flag(SYSTEM_ACTOR, pid, kind, detail, "test")
        assert flag is not None
        m.Flag.update(raised_utc=dt.datetime(2026, 11, day, 9)).where(m.Flag.id == flag.id).execute()
    reviewed = flags.raise_flag(SYSTEM_ACTOR, other, CLINICIAN_REVIEW, "reviewed already", "test")
    assert reviewed is not None
    m.Flag.update(reviewed_by="nurse", reviewed_utc=dt.datetime(2026, 11, 5)).where(m.Flag.id == reviewed.id).execute()

    labels = open_flag_labels([pid, other])

    assert labels == {pid: [("Urgent: clinician review", True), ("REMS enrolment not on file", False),
                            ("Clinician review before treatment", False), ("New kind", False)]}
    # The same words and order as the flags screen gives every role.
    assert [(f.label, f.urgent) for f in flags.open_flags([pid])[pid]] == labels[pid]


def test_a_days_board_reads_flags_and_readiness_without_loading_the_intake_area(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.sqlite3"
    subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "demo", "--db", str(clinic), "--patients", "60",
                    "--days", "2", "--seed", "3"], check=True, capture_output=True)
    code = (
        "import sys, datetime as dt\n"
        "from frontdesk.data.database import open_database\n"
        f"open_database({str(clinic)!r})\n"
        "from frontdesk.services.schedule import load_day\n"
        "pills = 0\n"
        "for offset in range(-2, 3):\n"
        "    board = load_day(dt.date.today() + dt.timedelta(days=offset))\n"
        "    pills += sum(bool(a.flags) + bool(a.readiness) for a in board.appointments)\n"
        "intake_area = ['frontdesk.rules.intake_records', 'frontdesk.services.intake', 'frontdesk.services.flags',\n"
        "               'frontdesk.data.intake_repo', 'frontdesk.rules.questionnaires', 'frontdesk.rules.intake']\n"
        "print((pills, sorted(m for m in intake_area if m in sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    pills, loaded = ast.literal_eval(result.stdout.strip())
    assert pills > 0  # the demo's days do carry flags and gaps, so the board did read them
    assert loaded == []
