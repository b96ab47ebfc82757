"""The paper intake form a new patient fills in on a clipboard (or at home), in English or Spanish.

It asks what the app's intake screen records, in the same order and with the same answers, so the
desk types it in section by section. A form printed for a known patient carries their name, date of
birth and the record's driver and emergency contact (to confirm or correct). Wording per language
lives in resources/intake_form/<lang>.json (editable without code). Data in, PDF bytes out.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from typing import Any

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.documents.fonts import font_set, markup
from frontdesk.documents.styles import RULE, SECTION_HEAD, SHADE, text_footer
from frontdesk.documents.wording import normalise_language
from frontdesk.resources import resource_path
from frontdesk.rules import intake as rules
from frontdesk.rules.contact import CARE_TEAM_ROLES
from frontdesk.rules.intake_records import IntakeFormData

BOX = "\u2610"  # ☐, in DejaVu Sans and in the fallback font
WIDTH = 7.1 * inch  # letter width less the margins
BLANK_MEDICATION_ROWS = 6


@functools.cache
def load_form_wording(lang: str | None) -> dict[str, Any]:
    """The form's wording for `lang` (English for a language without one)."""
    with resource_path("intake_form", f"{normalise_language(lang)}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
        return data


def render(form: IntakeFormData, *, invariant: bool = False) -> bytes:
    """The form as PDF bytes (`invariant` makes them byte-stable for tests)."""
    w = load_form_wording(form.language)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=0.7 * inch, rightMargin=0.7 * inch,
                            topMargin=0.6 * inch, bottomMargin=0.7 * inch, invariant=int(invariant),
                            title=w["title"], author=form.clinic_name)
    footer = str(w["footer"]).format(clinic_phone=form.clinic_phone or "the clinic")
    on_page = text_footer(footer, page=str(w.get("page", "page")))
    doc.build(_story(form, w, _styles()), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    sample = getSampleStyleSheet()
    fonts = font_set()
    body = ParagraphStyle("body", parent=sample["BodyText"], fontName=fonts.regular, fontSize=9.5, leading=12.5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=15, leading=19),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts.bold, fontSize=11, leading=14,
                                  textColor=SECTION_HEAD, spaceBefore=9, spaceAfter=3, keepWithNext=1),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(str(text)), style)


def _story(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    dob = _date_text(form.date_of_birth, w) if form.date_of_birth else ""
    story: list[Any] = [
        _p(f"{w['title']} — {form.clinic_name}", s["title"]),
        Spacer(1, 4),
        _p(w["intro"], s["body"]),
        Spacer(1, 6),
        _grid([[w["name"], form.patient_name, w["date_of_birth"], dob]], s, [1.3, 3.1, 1.2, 1.5],
              filled=False, label_columns=(0, 2)),
    ]
    for section in (_about, _reason, _medications, _allergies, _screening, _measurements, _people, _care_team):
        story.append(KeepTogether(section(form, w, s)))
    story += [Spacer(1, 14), _grid([[w["signature"], "", w["date"], ""]], s, [1.3, 3.6, 0.8, 1.4], filled=False,
                                   label_columns=(0, 2), tall=True)]
    return story


def _date_text(day: dt.date, w: dict[str, Any]) -> str:
    """The date as the form's language writes it: 05/19/1971, "19 de mayo de 1971" (never 05/19 in
    Spanish, read there as the 5th of the 19th month)."""
    from frontdesk.documents.wording import load_wording

    months = load_wording(str(w.get("language", "en"))).data["months"]
    return str(w.get("date_format", "{month:02d}/{day:02d}/{year}")).format(
        day=day.day, month=day.month, year=day.year, month_name=months[day.month - 1])


def _choice(label: str) -> str:
    """A box and its words as one piece a line never breaks ("☐" at a line's end, "MAO inhibitors" at the
    next one's start, was ticked for the choice before it)."""
    return f"{BOX} {label}".replace(" ", "\u00a0")


def _about(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    """Who the patient is and how they want to be reached: what the record holds, for a new patient
    on a clipboard to give (the desk types it into the record)."""
    a = w["about"]
    yes_no = "   ".join(_choice(w["answers"][answer]) for answer in ("yes", "no"))
    rows = [[a["preferred_name"], "", a["sex_pronouns"], ""], [a["language"], "", a["interpreter"], yes_no],
            [a["mobile"], "", a["home_work"], ""], [a["email"], "", a["alternate"], ""]]
    ways = "    ".join(_choice(a["ways"][way]) for way in ("call", "text", "email"))
    consents = "    ".join(_choice(a[key]) for key in ("voicemail", "ok_text"))
    return [_p(a["heading"], s["heading"]),
            _grid(rows, s, [1.3, 2.25, 1.3, 2.25], filled=False, label_columns=(0, 2)),
            _grid([[a["address"], ""]], s, [1.3, 5.8], filled=False, label_columns=(0,)),
            Spacer(1, 3), _p(f"{a['contact_by']}   {ways}", s["body"]), _p(consents, s["body"])]


def _reason(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    r = w["reason"]
    choices = "    ".join(_choice(r["choices"][code]) for code in rules.REASONS)
    return [_p(r["heading"], s["heading"]), _p(f"{w['check_one']}   {choices}", s["body"]),
            _grid([[r["pain_type"], ""], [r["notes"], ""]], s, [2.2, 4.9], filled=False, label_columns=(0,),
                  tall=True)]


def _medications(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    m = w["medications"]
    rows = [m["columns"], *([["", "", ""]] * BLANK_MEDICATION_ROWS)]
    classes = "    ".join(_choice(m["class_names"][code]) for code in rules.MEDICATION_CLASSES)
    return [_p(m["heading"], s["heading"]), _p(f"{BOX} {m['none']}", s["body"]), _grid(rows, s, [3.3, 1.6, 2.2]),
            Spacer(1, 3), _p(m["classes"], s["body"]), _p(classes, s["body"])]


def _allergies(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    a = w["allergies"]
    return [_p(a["heading"], s["heading"]), _p(f"{BOX} {a['none']}", s["body"]),
            _grid([[a["list"], ""]], s, [1.5, 5.6], filled=False, label_columns=(0,)),
            Spacer(1, 3), _p(f"{a['ketamine']}   {_answer_boxes(w)}", s["body"])]


def _answer_boxes(w: dict[str, Any]) -> str:
    return "   ".join(_choice(w["answers"][answer]) for answer in rules.ANSWERS)


def _screening(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    q = w["screening"]
    header = ["", *(w["answers"][answer] for answer in rules.ANSWERS)]
    rows = [header, *([q["questions"][code], BOX, BOX, BOX] for code in rules.SCREENING)]
    table = _grid(rows, s, [5.2, 0.6, 0.6, 0.7])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (-1, -1), "CENTER")]))
    return [_p(q["heading"], s["heading"]), table]


def _measurements(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    m = w["measurements"]  # units printed to choose: a bare "70" reads as pounds or kilograms (dosing)
    row = [m["height"], m.get("height_blank", ""), m["weight"], m.get("weight_blank", ""),
           m.get("measured_on", ""), ""]  # one row: the signature stays on the form's last page
    return [_p(m["heading"], s["heading"]),
            _grid([row], s, [0.75, 2.3, 0.6, 1.6, 0.95, 0.9], filled=False, label_columns=(0, 2, 4))]


def _people(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    p = w["people"]
    rows = [["", *p["columns"]]]
    for who, person in (("driver", form.driver), ("emergency", form.emergency)):
        rows.append([p[who], *(person.get(key, "") for key in rules.PERSON_KEYS)])
    return [_p(p["heading"], s["heading"]), _grid(rows, s, [2.4, 1.9, 1.2, 1.6])]


def _care_team(form: IntakeFormData, w: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    c = w["care_team"]
    columns = list(c["columns"])  # with a fax: referrals and records go by fax
    rows = [columns, *([c["roles"][role], *([""] * (len(columns) - 1))] for role in CARE_TEAM_ROLES)]
    widths = [1.5, 1.7, 1.7, 1.1, 1.1] if len(columns) == 5 else [1.4, 2.1, 2.1, 1.5]
    return [_p(c["heading"], s["heading"]), _grid(rows, s, widths)]


def _grid(rows: list[list[str]], s: dict[str, ParagraphStyle], widths: list[float], *, filled: bool = True,
          label_columns: tuple[int, ...] = (), tall: bool = False) -> Table:
    """A ruled table with room to write in; `filled`: its first row is a header; `label_columns` are
    shaded as the labels of the write-in cells beside them."""
    cells = [[_p(cell or "\u00a0", s["cell"]) for cell in row] for row in rows]  # a blank cell: a line's height
    table = Table(cells, colWidths=[x * inch for x in widths], hAlign="LEFT")
    room = 11 if tall else 6  # points above and below a line of text: room to write by hand
    style = [("GRID", (0, 0), (-1, -1), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), room), ("BOTTOMPADDING", (0, 0), (-1, -1), room)]
    if filled:
        style.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    style += [("BACKGROUND", (column, 0), (column, -1), SHADE) for column in label_columns]
    table.setStyle(TableStyle(style))
    return table
