"""Patient records: reading and writing contact details, the search tiers, duplicates and merge.

Search never scans the table: name words go through the FTS5 index (SQLite) or the trigram index
(PostgreSQL), phones through indexes on their national, local and line digits, dates of birth and
chart numbers through their own indexes. Each tier is one indexed query with a LIMIT.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

import peewee as pw

from frontdesk.data import models as m
from frontdesk.data import prepared
from frontdesk.data.database import database_proxy, is_sqlite
from frontdesk.data.migrations import PG_NAME_WORDS
from frontdesk.rules.contact import CareTeamEntry, PatientDetails, PhoneEntry
from frontdesk.rules.contact_card import Reach
from frontdesk.rules.text import display_name, search_key

_CONTACT_FIELDS = (
    "chart_number", "legal_first", "legal_last", "preferred_name", "sex", "pronouns", "language",
    "interpreter_needed", "email", "address_line1", "address_line2", "city", "state", "postal_code",
    "preferred_contact", "ok_voicemail", "ok_text", "contact_restriction", "alternate_contact",
    "emergency_name", "emergency_relationship", "emergency_phone", "driver_name", "driver_relationship",
    "driver_phone", "desk_notes",
)


@dataclass(frozen=True)
class PatientRow:
    """One line of the search results: who, born when, how to reach, when next."""

    id: int
    name: str
    legal_first: str
    legal_last: str
    chart_number: str
    date_of_birth: dt.date | None
    phone_e164: str
    phone_extension: str
    next_appointment_utc: dt.datetime | None
    archived: bool


# --- reading and writing one record -------------------------------------------------------------


def get(patient_id: int) -> PatientDetails | None:
    row = _records().where(m.Patient.id == patient_id).first()
    if row is None:
        return None
    phones = _phones().where(m.PatientPhone.patient == patient_id)
    team = _care_team().where(m.CareTeamMember.patient == patient_id)
    return _to_details(row, [p[1:] for p in phones], [c[1:] for c in team])


# Records, phones and care team are read as plain rows (dicts, tuples): an export reads every patient,
# and making a model object per row cost most of its time.
def _records() -> pw.ModelSelect:
    p = m.Patient
    return p.select(p.id, p.date_of_birth, p.archived, *(getattr(p, name) for name in _CONTACT_FIELDS)).dicts()


def _phones() -> pw.ModelSelect:
    f = m.PatientPhone
    return (f.select(f.patient, f.number_e164, f.kind, f.is_primary, f.extension)
            .order_by(f.is_primary.desc(), f.id).tuples())


def _care_team() -> pw.ModelSelect:
    c = m.CareTeamMember
    return c.select(c.patient, c.role, c.name, c.practice, c.phone, c.fax).order_by(c.id).tuples()


def _to_details(row: dict[str, Any], phones: Iterable[tuple[Any, ...]],
                team: Iterable[tuple[Any, ...]]) -> PatientDetails:
    fields: dict[str, Any] = {name: row[name] for name in _CONTACT_FIELDS}
    return PatientDetails(
        id=row["id"], date_of_birth=row["date_of_birth"], archived=row["archived"],
        phones=tuple(PhoneEntry(*phone) for phone in phones),
        care_team=tuple(CareTeamEntry(*member) for member in team),
        **fields,
    )


def insert(details: PatientDetails) -> int:
    """Add a validated patient with phones and care team; returns the new id."""
    row = m.Patient.create(**_columns(details))
    if not details.chart_number:
        m.Patient.update(chart_number=f"P{row.id:06d}").where(m.Patient.id == row.id).execute()
    _write_children(row.id, details)
    return int(row.id)


def update(patient_id: int, details: PatientDetails, *, seen_utc: dt.datetime | None = None) -> bool:
    """Replace a patient's contact details, phones and care team with `details`.

    With `seen_utc`, only if nobody saved the record since then: False, and nothing written, when
    someone did. One conditional UPDATE: on PostgreSQL the row then stays locked until the transaction
    ends, so of two workstations saving the same record at once only the first passes (SQLite writes
    one at a time)."""
    columns = _columns(details)
    columns["updated_utc"] = _save_stamp()
    if not details.chart_number:
        columns.pop("chart_number")
    query = m.Patient.update(**columns).where(m.Patient.id == patient_id)
    if seen_utc is not None:
        query = query.where(m.Patient.updated_utc == seen_utc)
    if not query.execute():
        return False
    m.PatientPhone.delete().where(m.PatientPhone.patient == patient_id).execute()
    m.CareTeamMember.delete().where(m.CareTeamMember.patient == patient_id).execute()
    _write_children(patient_id, details)
    return True


def updated_utc(patient_id: int) -> dt.datetime | None:
    """When the record was last saved (None for no such patient)."""
    row = m.Patient.select(m.Patient.updated_utc).where(m.Patient.id == patient_id).tuples().first()
    return row[0] if row else None


def _save_stamp() -> dt.datetime:
    """When a record is saved, to the microsecond: two saves within one second must not look alike."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _columns(details: PatientDetails) -> dict[str, Any]:
    columns: dict[str, Any] = {name: getattr(details, name) for name in _CONTACT_FIELDS}
    if not details.chart_number:
        columns["chart_number"] = f"new-{uuid.uuid4().hex}"  # replaced by P000123 once the id is known
    columns["date_of_birth"] = details.dob
    columns["search_name"] = search_key(details.legal_first, details.legal_last, details.preferred_name)
    columns["archived"] = details.archived
    return columns


def _write_children(patient_id: int, details: PatientDetails) -> None:
    for phone in details.phones:
        m.PatientPhone.create(patient=patient_id, number_e164=phone.number, digits=phone.digits,
                              extension=phone.extension, kind=phone.kind, is_primary=phone.is_primary)
    for member in details.care_team:
        m.CareTeamMember.create(patient=patient_id, role=member.role, name=member.name,
                                practice=member.practice, phone=member.phone, fax=member.fax)


def set_archived(patient_id: int, archived: bool) -> bool:
    updated = (m.Patient.update(archived=archived, updated_utc=m.utcnow())
               .where(m.Patient.id == patient_id).execute())
    return bool(updated)


def chart_number_taken(chart_number: str, except_id: int | None = None) -> bool:
    query = m.Patient.select(m.Patient.id).where(m.Patient.chart_number == chart_number)
    if except_id is not None:
        query = query.where(m.Patient.id != except_id)
    return bool(query.exists())


# --- search tiers (each returns patient ids, best first, at most `limit`) --------------------------


def ids_by_name_words(words: Sequence[str], *, prefix: bool, limit: int, include_archived: bool) -> list[int]:
    """Patients having, for every folded word, a name word equal to it (or starting with it)."""
    if not words:
        return []
    if is_sqlite(database_proxy.obj):
        match = " ".join(f'"{w}"' + ("*" if prefix else "") for w in words)
        sql = ("SELECT p.id FROM patient_fts JOIN patient AS p ON p.id = patient_fts.rowid "
               "WHERE patient_fts MATCH ?" + ("" if include_archived else " AND +p.archived = 0") + " LIMIT ?")
        params: list[Any] = [match, limit]
    else:
        patterns = [f"% {w}%" if prefix else f"% {w} %" for w in words]
        where = " AND ".join(f"{PG_NAME_WORDS} LIKE %s" for _ in patterns)
        archived = "" if include_archived else " AND COALESCE(archived, false) = false"
        sql = f"SELECT id FROM patient WHERE {where}{archived} LIMIT %s"
        params = [*patterns, limit]
    return [row[0] for row in database_proxy.execute_sql(sql, params).fetchall()]


@contextmanager
def searching() -> Iterator[None]:
    """Around one search: on PostgreSQL, plans that go through the indexes, never a table scan.

    With a LIMIT the planner likes to scan the table hoping to meet matches early; for a rare
    name or number that reads every row, while the indexes answer any of them in milliseconds.
    """
    if is_sqlite(database_proxy.obj) or database_proxy.in_transaction():
        yield
        return
    with database_proxy.atomic():
        database_proxy.execute_sql("SET LOCAL enable_seqscan = off")
        yield


def _starts_with(expr: Any, text: str) -> pw.Expression:
    """`expr` begins with `text`, as a range the index answers (LIKE on PostgreSQL's pattern indexes)."""
    if is_sqlite(database_proxy.obj):
        return (expr >= text) & (expr < text + "\uffff")
    return pw.Expression(expr, "LIKE", _like_prefix(text))


def _starts_with_params(text: str) -> list[str]:
    """The values `_starts_with(expr, text)` binds, in order."""
    return [text, text + "\uffff"] if is_sqlite(database_proxy.obj) else [_like_prefix(text)]


def _like_prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Each keystroke runs a few of these: their SQL text is built once per shape (prepared.plain_rows), as
# peewee's building of a query costs more than SQLite's answering it.


def ids_by_chart(text: str, *, prefix: bool, limit: int, include_archived: bool) -> list[int]:
    """Chart numbers equal to `text` (as typed or upper-case), or starting with it."""
    variants = list(dict.fromkeys((text, text.upper())))
    if not prefix:
        exact = m.Patient.chart_number.in_(variants)
        return _ids(("chart exact", len(variants), include_archived),
                    [*variants, *_unarchived_params(include_archived)], limit,
                    lambda: _limited(m.Patient.select(m.Patient.id).where(exact), include_archived))
    found: list[int] = []
    for variant in variants:
        ids = _ids(("chart prefix", include_archived),
                   [*_starts_with_params(variant), *_unarchived_params(include_archived)], limit,
                   partial(_chart_prefix_query, variant, include_archived))
        found.extend(i for i in ids if i not in found)
    return found[:limit]


def _chart_prefix_query(text: str, include_archived: bool) -> pw.ModelSelect:
    starts = _starts_with(_text(m.Patient.chart_number), text)
    return _limited(m.Patient.select(m.Patient.id).where(starts), include_archived)


def _text(column: Any) -> Any:
    """The column as PostgreSQL's pattern indexes hold it (`::text`); SQLite needs no cast."""
    return column if is_sqlite(database_proxy.obj) else pw.Cast(column, "text")


def ids_by_dob(day: dt.date, *, limit: int, include_archived: bool) -> list[int]:
    born = m.Patient.date_of_birth == day
    return _ids(("dob", include_archived), [day, *_unarchived_params(include_archived)], limit,
                lambda: _limited(m.Patient.select(m.Patient.id).where(born), include_archived))


# national (8285550123), local (5550123) and line (0123) digits; literal positions: the expression must
# read exactly as the index's for the planner to use it
_PHONE_PARTS = ((10, None), (7, "4"), (4, "7"))


def ids_by_phone(digits: str, *, limit: int, include_archived: bool) -> list[int]:
    """Phones whose national (8285550123), local (5550123) or line (0123) digits start with `digits`."""
    found: list[int] = []
    exact = len(digits) == 10
    for longest, start in _PHONE_PARTS:
        if len(digits) > longest:
            break
        params = [digits] if exact else _starts_with_params(digits)
        candidates = _ids(("phone", start, exact), params, limit * 3, partial(_phone_query, digits, start))
        if candidates and not include_archived:
            candidates = _unarchived(candidates)
        found.extend(pid for pid in candidates if pid not in found)
        if len(found) >= limit:
            break
    return found[:limit]


def _phone_query(digits: str, start: str | None) -> pw.ModelSelect:
    ph = m.PatientPhone
    part = _text(ph.digits) if start is None else pw.fn.substr(_text(ph.digits), pw.SQL(start))
    condition = (part == digits) if len(digits) == 10 else _starts_with(part, digits)
    return ph.select(ph.patient).where(condition)


def _unarchived(ids: list[int]) -> list[int]:
    wanted = prepared.padded(ids)
    rows = prepared.plain_rows(("unarchived", len(wanted)), [*wanted, *_unarchived_params(False)],
                               lambda: m.Patient.select(m.Patient.id).where(m.Patient.id.in_(wanted) & _not_archived()))
    keep = {pid for (pid,) in rows}
    return [pid for pid in ids if pid in keep]


def _ids(key: tuple[Any, ...], params: list[Any], limit: int, build: Callable[[], pw.ModelSelect]) -> list[int]:
    """The ids a search query finds, at most `limit` (its SQL text built once per `key`)."""
    rows = prepared.plain_rows(key, [*params, limit], lambda: build().limit(limit))
    return [row[0] for row in rows]


def _limited(query: pw.ModelSelect, include_archived: bool) -> pw.ModelSelect:
    return query if include_archived else query.where(_not_archived())


def _unarchived_params(include_archived: bool) -> list[Any]:
    """The values `_not_archived()` binds, in order."""
    return [] if include_archived else [False, False]


def _not_archived() -> pw.Expression:
    """`archived` is false, written so the planner never picks the (unselective) archived index."""
    return pw.fn.COALESCE(m.Patient.archived, False) == False  # noqa: E712 (peewee expression)


# --- result rows ------------------------------------------------------------------------------------


def rows_for(ids: Sequence[int], now_utc: dt.datetime) -> list[PatientRow]:
    """Search result rows for `ids`, in the same order, in one query (primary phone, next appointment)."""
    if not ids:
        return []
    wanted = prepared.padded(list(ids))
    query = prepared.plain_rows(("result rows", len(wanted)), [now_utc, True, *wanted], _rows_query, now_utc, wanted)
    found: dict[int, PatientRow] = {}
    for pid, first, last, preferred, chart, dob, archived, number, extension, next_start in query:
        found.setdefault(pid, PatientRow(
            id=pid, name=display_name(first, last, preferred), legal_first=first, legal_last=last,
            chart_number=chart, date_of_birth=prepared.as_date(dob) if dob else None, phone_e164=number or "",
            phone_extension=extension or "",
            next_appointment_utc=prepared.as_datetime(next_start) if next_start else None,
            archived=bool(archived),
        ))
    return [found[pid] for pid in dict.fromkeys(ids) if pid in found]


def _rows_query(now_utc: dt.datetime, ids: list[int]) -> pw.ModelSelect:
    p, ph, a = m.Patient, m.PatientPhone, m.Appointment
    upcoming = (a.select(pw.fn.MIN(a.start_utc))
                .where((a.patient == p.id) & (a.start_utc >= now_utc) & a.outcome.is_null()))
    return (p.select(p.id, p.legal_first, p.legal_last, p.preferred_name, p.chart_number, p.date_of_birth,
                     p.archived, ph.number_e164, ph.extension, upcoming)
            .join(ph, pw.JOIN.LEFT_OUTER, on=((ph.patient == p.id) & (ph.is_primary == True)))  # noqa: E712
            .where(p.id.in_(ids)))



# --- duplicates, import matching, merge ----------------------------------------------------------


def ids_by_name_and_dob(first_folded: str, last_folded: str, day: dt.date, exclude: int | None = None) -> list[int]:
    """Patients born on `day` whose folded name holds the same first and last name."""
    query = m.Patient.select(m.Patient.id, m.Patient.search_name).where(m.Patient.date_of_birth == day)
    if exclude is not None:
        query = query.where(m.Patient.id != exclude)
    found = []
    for row in query:
        words = row.search_name.split()
        if first_folded in words and last_folded in words:
            found.append(row.id)
    return found


def ids_by_exact_phones(digits: Iterable[str], exclude: int | None = None) -> list[int]:
    wanted = sorted(set(digits))
    if not wanted:
        return []
    query = m.PatientPhone.select(m.PatientPhone.patient).where(m.PatientPhone.digits.in_(wanted)).distinct()
    return [row.patient_id for row in query if row.patient_id != exclude]


def id_by_chart(chart_number: str) -> int | None:
    row = m.Patient.get_or_none(m.Patient.chart_number == chart_number)
    return int(row.id) if row else None


def merge_into(keep_id: int, other_id: int) -> dict[str, int]:
    """Move everything of `other_id` to `keep_id` and archive `other_id`; returns what moved, by kind."""
    moved: dict[str, int] = {}
    for model in (m.Appointment, m.Series, m.WaitlistEntry, m.QuestionnaireResponse, m.Flag, m.Consent):
        moved[model.__name__] = model.update(patient=keep_id).where(model.patient == other_id).execute()
    moved["Intake"] = _move_intakes(keep_id, other_id)
    moved["PatientPhone"] = _move_new_phones(keep_id, other_id)
    moved["CareTeamMember"] = (m.CareTeamMember.update(patient=keep_id)
                               .where(m.CareTeamMember.patient == other_id).execute())
    _merge_notes(keep_id, other_id)
    (m.Patient.update(archived=True, merged_into=keep_id, updated_utc=m.utcnow())
     .where(m.Patient.id == other_id).execute())
    return moved


def _move_intakes(keep_id: int, other_id: int) -> int:
    """Intake versions are numbered per patient: the moved ones follow the kept record's last."""
    last = m.Intake.select(pw.fn.MAX(m.Intake.version)).where(m.Intake.patient == keep_id).scalar() or 0
    intakes = list(m.Intake.select().where(m.Intake.patient == other_id).order_by(m.Intake.version))
    for offset, intake in enumerate(intakes, start=1):
        m.Intake.update(patient=keep_id, version=last + offset).where(m.Intake.id == intake.id).execute()
    return len(intakes)


def _move_new_phones(keep_id: int, other_id: int) -> int:
    known = {p.digits for p in m.PatientPhone.select().where(m.PatientPhone.patient == keep_id)}
    moving = [p.id for p in m.PatientPhone.select().where(m.PatientPhone.patient == other_id) if p.digits not in known]
    if moving:
        (m.PatientPhone.update(patient=keep_id, is_primary=False)
         .where(m.PatientPhone.id.in_(moving)).execute())
    return len(moving)


def _merge_notes(keep_id: int, other_id: int) -> None:
    keep = m.Patient.get_by_id(keep_id)
    other = m.Patient.get_by_id(other_id)
    if other.desk_notes.strip() and other.desk_notes.strip() not in keep.desk_notes:
        notes = "\n".join(part for part in (keep.desk_notes.strip(), other.desk_notes.strip()) if part)
        m.Patient.update(desk_notes=notes).where(m.Patient.id == keep_id).execute()


# --- export and import ----------------------------------------------------------------------------


def all_details(include_archived: bool = True) -> list[PatientDetails]:
    """Every patient with phones and care team, in chart order (three queries)."""
    query = _records().order_by(m.Patient.chart_number)
    if not include_archived:
        query = query.where(m.Patient.archived == False)  # noqa: E712
    return _with_children(query, _phones(), _care_team())


def details_of(patient_ids: Collection[int]) -> dict[int, PatientDetails]:
    """These patients' records with phones and care team, by id (three queries, whatever their number)."""
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    found = _with_children(_records().where(m.Patient.id.in_(ids)),
                           _phones().where(m.PatientPhone.patient.in_(ids)),
                           _care_team().where(m.CareTeamMember.patient.in_(ids)))
    return {details.id: details for details in found if details.id is not None}


def reach_of(patient_ids: Collection[int]) -> dict[int, Reach]:
    """What calling these patients needs, by id: primary phone and contact wishes (two queries)."""
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    p = m.Patient
    phones: dict[int, PhoneEntry] = {}
    for patient_id, *phone in _phones().where(m.PatientPhone.patient.in_(ids)):
        phones.setdefault(patient_id, PhoneEntry(*phone))  # primary first, then the first added
    rows = p.select(p.id, p.preferred_contact, p.ok_voicemail, p.ok_text, p.contact_restriction,
                    p.email, p.language).where(p.id.in_(ids)).tuples()
    return {pid: Reach(phones.get(pid), preferred, voicemail, text, restriction, email, language or "en")
            for pid, preferred, voicemail, text, restriction, email, language in rows}


def _with_children(records: Iterable[dict[str, Any]], phone_rows: Iterable[tuple[Any, ...]],
                   team_rows: Iterable[tuple[Any, ...]]) -> list[PatientDetails]:
    phones: dict[int, list[tuple[Any, ...]]] = {}
    for patient_id, *phone in phone_rows:
        phones.setdefault(patient_id, []).append(tuple(phone))
    team: dict[int, list[tuple[Any, ...]]] = {}
    for patient_id, *member in team_rows:
        team.setdefault(patient_id, []).append(tuple(member))
    return [_to_details(row, phones.get(row["id"], []), team.get(row["id"], [])) for row in records]


def existing_keys() -> tuple[dict[str, int], dict[tuple[str, dt.date | None], int]]:
    """What re-import matches on: chart numbers, and (folded "first last", DOB or None)."""
    charts: dict[str, int] = {}
    names: dict[tuple[str, dt.date | None], int] = {}
    query = m.Patient.select(m.Patient.id, m.Patient.chart_number, m.Patient.legal_first, m.Patient.legal_last,
                             m.Patient.date_of_birth)
    for pid, chart, first, last, dob in query.tuples():
        charts[chart] = pid
        names[(search_key(first, last), prepared.as_date(dob) if dob is not None else None)] = pid
    return charts, names



def merged_into(patient_id: int) -> int | None:
    row = m.Patient.select(m.Patient.merged_into).where(m.Patient.id == patient_id).first()
    return int(row.merged_into_id) if row and row.merged_into_id else None


def open_flag_count(patient_id: int) -> int:
    """Flags clinical staff have not reviewed yet (the desk sees that they exist, not what they say)."""
    return int(m.Flag.select().where((m.Flag.patient == patient_id) & m.Flag.reviewed_utc.is_null()).count())


def rebuild_search_index() -> None:
    """Rebuild the SQLite name index from the patient table (after a restore that bypassed triggers).

    PostgreSQL's trigram index is an ordinary index on the table: it never drifts.
    """
    if is_sqlite(database_proxy.obj):
        database_proxy.execute_sql("INSERT INTO patient_fts(patient_fts) VALUES ('rebuild')")
