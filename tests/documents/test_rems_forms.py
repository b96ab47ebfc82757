"""The REMS monitoring forms list on paper, read back from the PDF."""

from __future__ import annotations

import datetime as dt

from frontdesk.documents.rems_forms import RemsFormRow, RemsFormsSheet, render_rems_forms
from tests.print_helpers import pdf_text

PRINTED = dt.datetime(2026, 11, 28, 8, 5)


def test_each_form_with_its_session_due_day_and_state_and_a_column_to_tick_it_off() -> None:
    rows = [RemsFormRow(dt.datetime(2026, 11, 18, 9, 30), "Ana Núñez", "T00001", "Chair 2", dt.date(2026, 11, 25),
                        "overdue by 3 days", overdue=True),
            RemsFormRow(dt.datetime(2026, 11, 20, 13, 0), "Zoë Cohen", "T00002", "", dt.date(2026, 11, 27),
                        "submitted Fri 27 Nov by nurse", reference="RX 12")]
    sheet = RemsFormsSheet("Blue Ridge Infusion Clinic", PRINTED, "1 form to send · 1 overdue", rows)
    text = pdf_text(render_rems_forms(sheet, invariant=True))
    assert "REMS patient monitoring forms to send" in text
    assert "Blue Ridge Infusion Clinic · 1 form to send · 1 overdue · printed 11/28/2026 08:05" in text
    assert "11/18/2026 09:30" in text and "Ana Núñez" in text and "11/25/2026" in text and "overdue by 3 days" in text
    assert text.index("Ana Núñez") < text.index("Zoë Cohen")
    assert "RX 12" in text and "Sent: confirmation" in text


def test_an_empty_list_says_so() -> None:
    text = pdf_text(render_rems_forms(RemsFormsSheet("Blue Ridge", PRINTED, "Every form is sent.", []), invariant=True))
    assert "Every form is sent." in text and "No REMS monitoring forms to send." in text
