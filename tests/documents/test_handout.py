"""The pre-visit sheet read back from the PDF: the words and times a patient reads."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from frontdesk.documents.handout import HandoutSheet, render_handout, render_handouts
from frontdesk.rules.handout import plan_handout
from frontdesk.settings import ClinicProfile
from tests.handout_types import TYPE_MINUTES
from tests.print_helpers import pdf_pages, pdf_text

TZ = ZoneInfo("America/New_York")


def _sheet(kind: str = "iv_mood", start: tuple[int, int] = (10, 0), name: str = "Ana Reyes", lang: str = "en",
           meds: tuple[str, ...] = (), **overrides: object) -> HandoutSheet:
    args = {**TYPE_MINUTES[kind], **overrides}
    plan = plan_handout(kind=kind, start=dt.datetime(2026, 12, 1, *start, tzinfo=TZ),
                        medication_classes=meds, **args)  # type: ignore[arg-type]
    return HandoutSheet(7, name, lang, plan, ClinicProfile(), dt.date(2026, 11, 27))


def _text(sheet: HandoutSheet) -> str:
    return pdf_text(render_handout(sheet, invariant=True))


def test_morning_infusion_states_arrival_and_fasting_clock_times() -> None:
    text = _text(_sheet(start=(10, 0)))
    assert "Tuesday, December 1, 2026, starting at 10:00 AM" in text
    assert "arrive by 9:45 AM" in text
    assert "Last solid food (a meal, a snack, chewing gum or mints): 4:00 AM (during the night" in text
    assert "Last clear liquids (water, clear apple juice, black coffee or tea without milk): 8:00 AM." in text
    assert "Do not drive until Wednesday, December 2, 2026, after a night's sleep" in text
    assert "No alcohol, cannabis or recreational drugs from 10:00 AM on Monday, November 30, 2026" in text


def test_a_type_without_a_cut_off_prints_no_empty_time_for_it() -> None:
    """A clinic may set "0 = none": "Last clear liquids (…): ." was printed with no time, and with neither
    cut-off "nothing by mouth until your visit" still."""
    text = " ".join(_text(_sheet(liquid_cutoff_minutes=None)).split())
    assert "Last solid food (a meal, a snack, chewing gum or mints): 4:00 AM" in text
    assert "Last clear liquids" not in text and "): ." not in text
    assert "After that, nothing by mouth until your visit" in text
    text = " ".join(_text(_sheet(lang="es", food_cutoff_minutes=None, liquid_cutoff_minutes=None)).split())
    assert "Último alimento sólido" not in text and "líquidos claros" not in text and ": ." not in text
    assert "Comer y beber" not in text  # the section's heading went with its lines
    assert "Su cita" in text


def test_a_time_is_never_split_from_its_am_or_pm() -> None:
    from frontdesk.documents.handout import placeholder_values
    from frontdesk.documents.wording import load_wording

    for lang, suffix in (("en", "\u00a0AM"), ("es", "\u00a0a.\u00a0m.")):
        values = placeholder_values(_sheet(lang=lang), load_wording(lang))
        assert values["start"].endswith(suffix) and " " not in values["arrive_by"], values["arrive_by"]


def test_the_calendar_event_uses_the_clinics_name_for_texts() -> None:
    """A clinic named for what it treats showed that name on a phone's lock screen from the QR code."""
    from dataclasses import replace

    from frontdesk.documents.handout import _qr  # the calendar event the code holds
    from frontdesk.documents.qr import qr_modules
    from frontdesk.documents.wording import load_wording
    from frontdesk.rules.handout import calendar_event

    clinic = ClinicProfile(name="Blue Ridge Ketamine Wellness", text_name="Blue Ridge Clinic")
    sheet = replace(_sheet(), clinic=clinic)
    wording = load_wording("en")

    def code_for(summary_name: str) -> object:
        return qr_modules(calendar_event(
            uid="appointment-7@frontdesk", start=sheet.plan.arrive_by, end=sheet.plan.leave_around,
            summary=str(wording.text("calendar_summary")).format(clinic=summary_name),
            location=", ".join((summary_name, *clinic.address_lines))), mask_pattern=0)

    assert _qr(sheet, wording) == code_for("Blue Ridge Clinic")
    assert _qr(sheet, wording) != code_for("Blue Ridge Ketamine Wellness")


def test_afternoon_infusion() -> None:
    text = _text(_sheet(start=(14, 30)))
    assert "arrive by 2:15 PM" in text
    assert "mints): 8:30 AM." in text and "without milk): 12:30 PM." in text


def test_early_morning_food_cutoff_reads_the_evening_before() -> None:
    text = _text(_sheet(start=(7, 0), food_cutoff_minutes=480))
    assert "arrive by 6:45 AM" in text
    assert "11:00 PM the evening before (Monday, November 30, 2026)" in text
    assert "without milk): 5:00 AM" in text


def test_esketamine_says_two_hours_of_observation_and_its_own_fasting() -> None:
    text = _text(_sheet("esketamine", start=(9, 0)))
    assert "observation for at least 2 h" in text
    assert "mints): 7:00 AM." in text and "without milk): 8:30 AM." in text
    assert "nasal spray" in text
    assert "after a restful night's sleep" in text


def test_consultation_has_no_fasting_or_driver_section() -> None:
    text = _text(_sheet("consult", start=(11, 0)))
    assert "Consultation on Tuesday, December 1, 2026" in text
    assert "Eating and drinking" not in text and "Last solid food" not in text
    assert "Getting home" not in text
    assert "988" in text and "911" in text


def test_spanish_sheet() -> None:
    text = _text(_sheet(start=(14, 0), lang="es", meds=("benzodiazepine",)))
    assert "Su cita" in text and "martes 1 de diciembre de 2026" in text
    assert "Llegue a más tardar a la 1:45 p. m. para registrarse." in " ".join(text.split())  # "la una"
    assert "Último alimento sólido" in text and "8:00 a. m." in text
    assert "Nunca las deje ni las reduzca por su cuenta" in text
    assert "988" in text and "Hay atención en español" in text
    text = " ".join(text.split())
    assert "unas 1 h" not in text and "aproximadamente 1 h" in text  # "unas" with "1 h" did not agree
    assert "irse solo" not in text and "No podrá irse sin compañía" in text  # not for a man alone
    assert "desde las 2:00 p. m. del lunes 30 de noviembre de 2026 (24 horas antes)" in text  # "desde 2:00"
    one = " ".join(_text(_sheet(start=(13, 0), lang="es")).split())
    assert "desde la 1:00 p. m. del lunes" in one  # la una
    assert "from 2:00 PM on Monday" in " ".join(_text(_sheet(start=(14, 0))).split())  # English takes none


def test_medication_topics_only_those_that_apply() -> None:
    text = _text(_sheet(meds=("benzodiazepine", "lamotrigine")))
    assert "Keep taking your usual medicines" in text
    assert "Benzodiazepines" in text and "Never stop or cut them down on your own" in text
    assert "Lamotrigine" in text
    assert "MAO inhibitors" not in text and "Opioid" not in text and "Stimulants" not in text
    assert "Please talk with the clinician" not in _text(_sheet(meds=()))


def test_names_with_accents_vietnamese_chinese_and_markup_come_out_intact() -> None:
    for name in ("José-María Núñez", "Nguyễn Thị Đào", "李小龙", "Seán O'Brien <Jr> & Co"):
        text = _text(_sheet(name=name))
        assert f"For: {name}" in text
        assert f"for {name}" in text  # the footer


def test_contacts_and_crisis_lines() -> None:
    text = _text(_sheet())
    assert "Blue Ridge Infusion Clinic" in text and "(828) 555-0100" in text and "(828) 555-0199" in text
    assert "call or text 988" in text and "Spanish is available" in text and "call 911" in text
    assert "Printed Friday, November 27, 2026 for Ana Reyes" in text


def test_the_reason_for_treatment_never_appears() -> None:
    text = _text(_sheet(meds=("opioid",))).lower()
    for word in ("mood", "depress", "pain", "phq", "gad", "score", "diagnos"):
        assert word not in text


def test_every_sheet_fits_one_page_even_with_every_topic_in_spanish() -> None:
    everything = ("benzodiazepine", "lamotrigine", "stimulant", "maoi", "opioid", "sleep")
    for kind in TYPE_MINUTES:
        for lang in ("en", "es"):
            assert len(pdf_pages(render_handout(_sheet(kind, lang=lang, meds=everything), invariant=True))) == 1


def test_invariant_build_is_byte_stable() -> None:
    assert render_handout(_sheet(), invariant=True) == render_handout(_sheet(), invariant=True)


def test_batch_starts_each_sheet_on_its_own_page() -> None:
    sheets = [_sheet(name=f"Patient {n}", start=(8 + n, 0)) for n in range(3)]
    pages = pdf_pages(render_handouts(sheets, invariant=True))
    assert len(pages) == 3
    for n, page in enumerate(pages):
        assert f"For: Patient {n}" in page and f"for Patient {n}" in page


def test_batch_progress_hook_can_stop_the_build() -> None:
    calls: list[int] = []

    class StopError(Exception):
        pass

    def on_sheet() -> None:
        calls.append(1)
        if len(calls) == 5:  # two calls per sheet: composing, then laying out
            raise StopError

    with pytest.raises(StopError):
        render_handouts([_sheet(name=f"P {n}") for n in range(4)], on_sheet=on_sheet)
    assert len(calls) == 5


def _font_names(pdf: bytes) -> set[str]:
    """The base font names the page uses, with '+embedded' for those carrying a font file."""
    import io

    from pypdf import PdfReader

    names = set()
    for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptors = [font.get("/FontDescriptor")] + [d.get_object().get("/FontDescriptor")
                                                       for d in font.get("/DescendantFonts", [])]
        embedded = any(d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for d in descriptors)
        names.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1] + ("+embedded" if embedded else ""))
    return names


def test_a_sheet_in_cp1252_embeds_no_font_and_others_embed_dejavu() -> None:
    for name, lang in (("Ana Reyes", "en"), ("José-María Núñez", "es"), ("Seán O'Brien <Jr> & Co", "en")):
        assert _font_names(render_handout(_sheet(name=name, lang=lang), invariant=True)) == {
            "Helvetica", "Helvetica-Bold"}, name
    vietnamese = _font_names(render_handout(_sheet(name="Nguyễn Thị Đào"), invariant=True))
    assert {"DejaVuSans+embedded", "DejaVuSans-Bold+embedded"} <= vietnamese
    assert "Helvetica-Bold" not in vietnamese  # (plain Helvetica is the canvas's initial font, never used)


def test_chinese_name_prints_with_the_built_in_cid_font_when_no_cjk_truetype_font_is_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from frontdesk.documents import fonts, sheet_canvas

    monkeypatch.setattr(fonts, "_FALLBACK_CANDIDATES", ())
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    caches = (fonts.font_set, fonts.fallback_font, fonts.markup, sheet_canvas._embedded_family,
              sheet_canvas.text_block)
    for cache in caches:
        cache.cache_clear()
    try:
        text = _text(_sheet(name="李小龙"))
        assert "For: 李小龙" in text and "for 李小龙" in text
    finally:
        for cache in caches:
            cache.cache_clear()


_FALLBACK_WHEN_NEEDED = """
from reportlab.pdfbase import pdfmetrics
from frontdesk.documents import fonts
from tests.documents.test_handout import _sheet, _text

def registered():
    names = pdfmetrics.getRegisteredFontNames()
    return (fonts.REGULAR in names, fonts.FALLBACK in names or fonts.fallback_font.cache_info().currsize > 0)

assert "Para: José-María Núñez" in _text(_sheet(name="José-María Núñez", lang="es"))
assert registered() == (False, False), registered()  # Helvetica only
assert "For: Nguyễn Thị Đào" in _text(_sheet(name="Nguyễn Thị Đào"))
assert registered() == (True, False), registered()
assert "For: 李小龙" in _text(_sheet(name="李小龙"))
assert registered() == (True, True), registered()
print("ok")
"""


def test_embedded_fonts_are_read_only_once_a_sheet_needs_them() -> None:
    """Reading a TrueType font's tables costs the first sheet of the day: ~0.1 s for the CJK fallback, some
    50 ms for DejaVu Sans. A sheet Helvetica can print reads neither, one without CJK text not the fallback
    (checked in a fresh process: this one may have registered them already)."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", _FALLBACK_WHEN_NEEDED], cwd=root, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(root)})
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]


def test_text_the_main_font_lacks_is_cut_into_runs_for_the_fallback_font() -> None:
    from frontdesk.documents.fonts import fallback_runs

    latin = {ord(c) for c in "Ana Lee"}
    assert fallback_runs("Ana 李明 Lee", latin) == [(False, "Ana "), (True, "李明"), (False, " Lee")]
    assert fallback_runs(" 李 明", latin) == [(False, " "), (True, "李"), (False, " "), (True, "明")]  # spaces stay
    assert fallback_runs("", latin) == [] and fallback_runs("Ana", latin) == [(False, "Ana")]
