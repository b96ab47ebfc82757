"""The intake summary for the paper chart: answers, scores with bands, flags, consents, who entered them.

Data in, PDF bytes out. Every piece of user text is escaped before it enters a Paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.documents.fonts import font_set, markup
from frontdesk.documents.styles import RULE, SECTION_HEAD, SHADE, text_footer
from frontdesk.rules import intake as rules
from frontdesk.rules.contact import format_us_phone
from frontdesk.rules.intake_records import ConsentRecord, FlagInfo, IntakeSummaryData, QuestionnaireRecord
from frontdesk.rules.questionnaires import INSTRUMENT_NAMES, PHQ_GAD_ATTRIBUTION
from frontdesk.rules.units import format_height, format_weight


def render(data: IntakeSummaryData, *, invariant: bool = False) -> bytes:
    """The summary as PDF bytes (`invariant` makes them byte-stable for tests)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.7 * inch, rightMargin=0.7 * inch,
                            topMargin=0.6 * inch, bottomMargin=0.7 * inch, invariant=int(invariant),
                            title="Intake summary", author=data.clinic_name)
    footer = f"Confidential health information. Printed {data.printed_on:{DAY}} by {data.printed_by}."
    doc.build(_story(data), onFirstPage=text_footer(footer), onLaterPages=text_footer(footer))
    return buffer.getvalue()


def _fonts() -> tuple[str, str]:
    """(regular, bold): the documents' shared embedded fonts (accents, Vietnamese; CJK by fallback runs)."""
    fonts = font_set()
    return fonts.regular, fonts.bold


def _styles() -> dict[str, ParagraphStyle]:
    sample = getSampleStyleSheet()
    regular, bold = _fonts()
    body = ParagraphStyle("body", parent=sample["BodyText"], fontName=regular, fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle("title", parent=sample["Title"], fontName=bold, fontSize=15, leading=18,
                                alignment=0),
        "heading": ParagraphStyle("heading", parent=sample["Heading2"], fontName=bold, fontSize=11, leading=14,
                                  textColor=SECTION_HEAD, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=colors.grey),
    }


# Dates as the screens and the desk write them (11/10/2026), not ISO.
DAY = "%m/%d/%Y"
DAY_TIME = "%m/%d/%Y %H:%M"


def _day_text(iso: str) -> str:
    """A stored ISO date ("2026-11-10") as the screens write it; kept as stored if it is not one."""
    try:
        return f"{dt.date.fromisoformat(iso):{DAY}}"
    except ValueError:
        return iso


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from plain user text: escaped, with per-character font fallback."""
    return Paragraph(markup(str(text)), style)


def _story(data: IntakeSummaryData) -> list[Any]:
    s = _styles()
    dob = f"{data.date_of_birth:{DAY}}" if data.date_of_birth else "not on file"
    story: list[Any] = [
        _p(f"Intake summary — {data.clinic_name}", s["title"]),
        _p(f"{data.patient_name}   Chart {data.chart_number}   Date of birth {dob}", s["body"]),
    ]
    story += _intake_part(data, s)
    story += _questionnaire_part(data.questionnaires, s)
    story += _flag_part(data.flags, data.local, s)
    story += _consent_part(data.consents, s)
    if any(q.instrument in ("phq9", "gad7") for q in data.questionnaires):
        story += [Spacer(1, 8), _p(PHQ_GAD_ATTRIBUTION, s["small"])]
    return story


def _table(rows: list[list[str]], s: dict[str, ParagraphStyle], widths: list[float]) -> Table:
    cells = [[_p(cell, s["cell"]) for cell in row] for row in rows]
    table = Table(cells, colWidths=[w * inch for w in widths], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _intake_part(data: IntakeSummaryData, s: dict[str, ParagraphStyle]) -> list[Any]:
    intake = data.intake
    if intake is None:
        return [_p("Intake form", s["heading"]), _p("No intake form on file.", s["body"])]
    d = rules.normalise(intake.data)
    missing = rules.missing(d)
    # Judged by the rules as they are now, as the intake screen judges it: a form stored "complete" under an
    # older rule read "(complete)" above "Still missing: …".
    state = "draft" if missing else "complete"
    head = (f"Intake form, version {intake.version} ({state}), entered by {intake.entered_by} "
            f"on {data.local(intake.entered_utc):{DAY_TIME}}")
    out: list[Any] = [_p("Intake form", s["heading"]), _p(head, s["body"])]
    if missing:
        out.append(_p("Still missing: " + "; ".join(missing), s["body"]))
    out.append(_table(_answer_rows(d, data.unit_system), s, [2.0, 5.0]))
    out.append(Spacer(1, 4))
    screening = [["Screening question", "Answer"]]
    screening += [[label, d["screening"].get(code) or "not answered"] for code, label in rules.SCREENING.items()]
    out.append(_table(screening, s, [5.0, 2.0]))
    return out


def _answer_rows(d: dict[str, Any], unit_system: str) -> list[list[str]]:
    reason = d["reason"]
    meds = d["medications"]
    med_text = "none" if meds.get("none") and not meds.get("list") else "; ".join(
        " ".join(str(x) for x in (m.get("name", ""), m.get("dose", ""), m.get("frequency", "")) if x)
        for m in meds.get("list", []))
    allergies = d["allergies"]
    allergy_text = "none" if allergies.get("none") and not allergies.get("list") else ", ".join(allergies["list"])
    return [
        ["Section", "Answer"],
        ["Reason for treatment", " — ".join(x for x in (rules.REASONS.get(reason.get("kind", ""), "not answered"),
                                                        reason.get("pain_type", ""), reason.get("notes", "")) if x)],
        ["Medications", med_text or "not answered"],
        ["Medication classes", ", ".join(rules.MEDICATION_CLASSES[c] for c in rules.medication_classes(d)) or "none"],
        ["Allergies", allergy_text or "not answered"],
        ["Ketamine allergy", allergies.get("ketamine") or "not answered"],
        ["Height and weight", _measurements(d["measurements"], unit_system)],
        ["Driver", _person(d["driver"])],
        ["Emergency contact", _person(d["emergency"])],
        ["Care team", "; ".join(_care(c) for c in d.get("care_team") or []) or "none listed"],
    ]


def _measurements(m: dict[str, Any], unit_system: str) -> str:
    parts = []
    if m.get("height_cm") not in (None, ""):
        parts.append(format_height(m["height_cm"], unit_system))
    if m.get("weight_kg") not in (None, ""):
        parts.append(format_weight(m["weight_kg"], unit_system))
        if unit_system != "metric":
            parts[-1] += f" ({format_weight(m['weight_kg'], 'metric')})"
    if m.get("measured_on"):
        parts.append(f"measured {_day_text(m['measured_on'])}")
    return ", ".join(parts) or "not answered"


def _person(p: dict[str, Any]) -> str:
    return ", ".join(_answer(p, k) for k in ("name", "relationship", "phone") if p.get(k)) or "not answered"


def _care(c: dict[str, Any]) -> str:
    role = rules.CARE_ROLES.get(c.get("role", ""), c.get("role", ""))
    return f"{role}: " + ", ".join(_answer(c, k) for k in ("name", "practice", "phone", "fax") if c.get(k))


def _answer(person: dict[str, Any], key: str) -> str:
    """One typed answer as printed: a US number as (828) 555-0150, anything else as typed."""
    text = str(person[key])
    if key == "fax":
        return f"fax {format_us_phone(text)}"
    return format_us_phone(text) if key == "phone" else text


def _questionnaire_part(records: list[QuestionnaireRecord], s: dict[str, ParagraphStyle]) -> list[Any]:
    out: list[Any] = [_p("Questionnaires", s["heading"])]
    if not records:
        return [*out, _p("None recorded.", s["body"])]
    rows = [["Date", "Questionnaire", "Score", "Answers", "Entered by"]]
    for q in sorted(records, key=lambda r: (r.taken_on, r.id), reverse=True):
        # Numbered, item by item ("9:2"): a nurse looking for item 9 counted digits in "1 1 1 1 1 1 1 1 2 0".
        answers = " ".join(f"{number}:{'–' if a is None else a}" for number, a in enumerate(q.answers, 1)) \
            if q.answers else "clinical staff only"
        rows.append([f"{q.taken_on:{DAY}}", INSTRUMENT_NAMES.get(q.instrument, q.instrument), q.label, answers,
                     q.entered_by])
    return [*out, _table(rows, s, [0.9, 1.0, 1.5, 2.3, 1.3])]


def _flag_part(flags: list[FlagInfo], local: Callable[[dt.datetime], dt.datetime],
               s: dict[str, ParagraphStyle]) -> list[Any]:
    """The patient's flags; `local` shows a stored instant in the clinic's time."""
    out: list[Any] = [_p("Flags", s["heading"])]
    if not flags:
        return [*out, _p("No flags.", s["body"])]
    rows = [["Flag", "Raised", "Detail", "Reviewed"]]
    for f in flags:
        reviewed = f"{f.reviewed_by} {local(f.reviewed_utc):{DAY_TIME}}" if f.reviewed_utc else "OPEN"
        rows.append([f.label, f"{local(f.raised_utc):{DAY}}", f.detail or "—", reviewed])
    return [*out, _table(rows, s, [2.0, 0.9, 2.6, 1.5])]


def _consent_part(consents: list[tuple[str, ConsentRecord | None, str]], s: dict[str, ParagraphStyle]) -> list[Any]:
    rows = [["Consent", "Version", "Signer", "Signed", "Status"]]
    for label, record, state in consents:
        if record is None:
            rows.append([label, "", "", "", state])
        else:
            rows.append([label, record.form_version, record.signer, f"{record.signed_on:{DAY}}", state])
    return [_p("Consents", s["heading"]), _table(rows, s, [2.0, 0.8, 1.8, 1.0, 1.4])]
