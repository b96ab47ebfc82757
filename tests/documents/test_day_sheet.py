"""The nurses' day sheet read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from frontdesk.documents.day_sheet import DaySheet, DaySheetChair, DaySheetRow, render_day_sheet
from tests.print_helpers import pdf_text

TZ = ZoneInfo("America/New_York")


def _row(hour: int, name: str, **kw: object) -> DaySheetRow:
    start = dt.datetime(2026, 12, 1, hour, tzinfo=TZ)
    return DaySheetRow(start=start, end=start + dt.timedelta(minutes=100), patient=name,
                       visit="IV ketamine, mood", **kw)  # type: ignore[arg-type]


def _sheet() -> DaySheet:
    chairs = [
        DaySheetChair("Chair 1", [_row(8, "Nguyễn Văn An", series="2 of 6"),
                                  _row(10, "李明", readiness=("consent missing",), flags=("clinician review",))]),
        DaySheetChair("Chair 2", []),
        DaySheetChair("Chair 3", [_row(9, "Zoë Cohen", status="arrived")]),
    ]
    return DaySheet("Blue Ridge Infusion Clinic", dt.date(2026, 12, 1), dt.datetime(2026, 11, 30, 17, 5), chairs)


def test_every_chair_with_its_appointments_in_time_order() -> None:
    text = pdf_text(render_day_sheet(_sheet(), invariant=True))
    assert "Day sheet: Tuesday, December 1, 2026" in text
    for chair in ("Chair 1 (2)", "Chair 2 (0)", "Chair 3 (1)"):
        assert chair in text
    assert text.index("Nguyễn Văn An") < text.index("李明") < text.index("Chair 2")
    assert "08:00–09:40" in text and "2 of 6" in text
    assert "consent missing" in text and "Flag: clinician review" in text
    assert "Zoë Cohen (arrived)" in text
    assert "Nothing booked" in text
    for column in ("BP", "Pulse", "SpO₂", "Notes"):
        assert column in text


def test_landscape_pages() -> None:
    page = PdfReader(io.BytesIO(render_day_sheet(_sheet(), invariant=True))).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_a_ketamine_visits_vitals_are_lined_for_before_during_and_after_and_a_consultations_are_not() -> None:
    """Nurses take vitals before dosing, during and before discharge: one bare cell each had room for one
    reading. Dates are month first, as everywhere else the desk reads them."""
    consult = _row(14, "Ava Brooks", vitals=False)
    sheet = DaySheet("Blue Ridge Infusion Clinic", dt.date(2026, 12, 1), dt.datetime(2026, 11, 30, 17, 5),
                     [DaySheetChair("Chair 1", [_row(8, "Ben Okafor")]), DaySheetChair("Office", [consult])])
    text = pdf_text(render_day_sheet(sheet, invariant=True))
    chair, office = text.split("Office")
    for cell in ("BP", "Pulse", "SpO₂"):
        assert cell in chair
    assert [chair.count(f"{when} ____") for when in ("pre", "mid", "post")] == [3, 3, 3]  # BP, pulse, SpO₂
    assert "pre ____" not in office
    assert "Day sheet 12/01/2026 · printed 11/30/2026 17:05" in text and "2026-12-01" not in text


def test_no_page_holds_a_single_row_of_a_chair_that_has_more() -> None:
    """A chair's table that runs onto another page leaves at least two of its rows on each (a lone row
    at the foot of a page, or at the top of the next under the repeated headings, was easy to miss);
    a short chair's table moves whole. Every row is printed once."""
    def rows(count: int, who: str) -> list[DaySheetRow]:
        first = dt.datetime(2026, 12, 1, 7, tzinfo=TZ)
        return [DaySheetRow(start=first + dt.timedelta(minutes=20 * i), end=first + dt.timedelta(minutes=20 * i + 100),
                            patient=f"{who} {i}", visit="IV ketamine, mood") for i in range(count)]

    for count in range(1, 27):
        sheet = DaySheet("Blue Ridge Infusion Clinic", dt.date(2026, 12, 1), dt.datetime(2026, 11, 30, 17, 5),
                         [DaySheetChair("Chair 1", rows(count, "Ana")), DaySheetChair("Chair 2", rows(3, "Bo"))])
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_day_sheet(sheet, invariant=True))).pages]
        for who, total in (("Ana", count), ("Bo", 3)):
            per_page = [len(re.findall(rf"\b{who} \d+\b", text)) for text in pages]
            assert sum(per_page) == total, (count, who, per_page)
            assert all(n == 0 or n == total or n >= 2 for n in per_page), (count, who, per_page)


def test_each_page_says_which_of_how_many_and_a_chair_that_runs_on_says_continued() -> None:
    """A loose page of the day sheet says it is "page 2 of 3"; a chair's table that runs onto the next
    page is headed "Chair 1 (14), continued" there, and only there (it read as a new chair)."""
    first = dt.datetime(2026, 12, 1, 7, tzinfo=TZ)
    rows = [DaySheetRow(start=first + dt.timedelta(minutes=30 * i), end=first + dt.timedelta(minutes=30 * i + 100),
                        patient=f"Ana {i}", visit="IV ketamine, mood") for i in range(14)]
    sheet = DaySheet("Blue Ridge Infusion Clinic", dt.date(2026, 12, 1), dt.datetime(2026, 11, 30, 17, 5),
                     [DaySheetChair("Chair 1", rows), DaySheetChair("Chair 2", rows[:2])])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_day_sheet(sheet, invariant=True))).pages]
    assert len(pages) >= 2
    assert [re.findall(r"page \d+ of \d+", text) for text in pages] == [
        [f"page {number} of {len(pages)}"] for number in range(1, len(pages) + 1)]
    assert "Chair 1 (14)" in pages[0] and "continued" not in pages[0]
    continued = [n for n, text in enumerate(pages) if "Chair 1 (14), continued" in text]
    assert continued and continued[0] == 1  # the pages after the first that carry its rows
    assert all("Ana" in pages[n] for n in continued)
    assert "Chair 2 (2), continued" not in "".join(pages)  # a short table is never split


def test_a_story_laid_out_twice_says_continued_only_where_a_table_runs_on() -> None:
    """The chair's heading knows the page its table began on, per layout: the same story laid out again
    (a preview, then the print) does not head the first page "continued"."""
    from frontdesk.documents.day_sheet import _story
    from frontdesk.documents.styles import LANDSCAPE, build

    first = dt.datetime(2026, 12, 1, 7, tzinfo=TZ)
    rows = [DaySheetRow(start=first + dt.timedelta(minutes=30 * i), end=first + dt.timedelta(minutes=30 * i + 100),
                        patient=f"Ana {i}", visit="IV ketamine, mood") for i in range(14)]
    story = _story(DaySheet("Blue Ridge Infusion Clinic", dt.date(2026, 12, 1), dt.datetime(2026, 11, 30, 17, 5),
                            [DaySheetChair("Chair 1", rows)]))
    for _ in range(2):
        pdf = build(list(story), pagesize=LANDSCAPE, title="Day sheet", invariant=True)  # build empties the list
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        assert "Chair 1 (14)" in pages[0] and "continued" not in pages[0]
        assert "Chair 1 (14), continued" in pages[1]
