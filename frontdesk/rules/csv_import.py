"""Patient CSV files as other practice systems write them, and as `export-patients` writes them.

Headers are matched case-insensitively with common variants ("First Name", "first_name",
"Given name" are all the legal first name). Bytes are read as UTF-8 (with or without BOM), else
Windows-1252. Each data row becomes a `PatientDetails` with the values as typed; validation is
`frontdesk.rules.contact.validate_patient`. Row numbers count the header as row 1, like a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from frontdesk.rules.contact import (
    CARE_TEAM_ROLES,
    CareTeamEntry,
    FieldError,
    PatientDetails,
    PhoneEntry,
    language_code,
    show_optional_phone,
)

PHONE_COLUMNS = (("phone", "phone_type"), ("phone2", "phone2_type"), ("phone3", "phone3_type"))
_TEXT_FIELDS = (
    "chart_number", "legal_first", "legal_last", "preferred_name", "sex", "pronouns", "email",
    "address_line1", "address_line2", "city", "state", "postal_code", "contact_restriction",
    "alternate_contact", "emergency_name", "emergency_relationship", "emergency_phone", "driver_name",
    "driver_relationship", "driver_phone", "desk_notes",
)
_BOOL_FIELDS = ("interpreter_needed", "ok_voicemail", "ok_text", "archived")
_CARE_PARTS = ("name", "practice", "phone", "fax")
_OPTIONAL_PHONES = ("emergency_phone", "driver_phone")

EXPORT_COLUMNS: tuple[str, ...] = (
    "chart_number", "legal_first", "legal_last", "preferred_name", "date_of_birth", "sex", "pronouns",
    "language", "interpreter_needed",
    *(name for pair in PHONE_COLUMNS for name in pair),
    "email", "address_line1", "address_line2", "city", "state", "postal_code", "preferred_contact",
    "ok_voicemail", "ok_text", "contact_restriction", "alternate_contact",
    "emergency_name", "emergency_relationship", "emergency_phone",
    "driver_name", "driver_relationship", "driver_phone",
    *(f"{role}_{part}" for role in CARE_TEAM_ROLES for part in _CARE_PARTS),
    "desk_notes", "archived",
)

# Header variants, written as `_key` makes them (lower-case letters and digits only).
_ALIASES: dict[str, tuple[str, ...]] = {
    "chart_number": ("chart", "chartno", "chartnum", "mrn", "medicalrecordnumber", "patientid", "accountnumber",
                     "account", "patientnumber", "recordnumber"),
    "legal_first": ("first", "firstname", "givenname", "given", "fname", "legalfirst", "legalfirstname",
                    "forename", "patientfirstname"),
    "legal_last": ("last", "lastname", "surname", "familyname", "lname", "legallast", "legallastname",
                   "patientlastname"),
    "preferred_name": ("preferred", "preferredname", "nickname", "goesby", "preferredfirstname"),
    "full_name": ("name", "fullname", "patientname", "patient"),
    "date_of_birth": ("dob", "dateofbirth", "birthdate", "birthday", "birthdt", "bday"),
    "sex": ("gender", "sexatbirth"),
    "language": ("lang", "preferredlanguage", "primarylanguage"),
    "interpreter_needed": ("interpreter", "needsinterpreter", "interpreterrequired"),
    "phone": ("phonenumber", "primaryphone", "telephone", "tel", "phone1", "contactphone"),
    "phone_type": ("phonetype", "phone1type", "primaryphonetype"),
    "phone2": ("phone2", "otherphone", "alternatephone", "secondaryphone"),
    "phone2_type": ("phone2type", "otherphonetype", "secondaryphonetype"),
    "phone3_type": ("phone3type",),
    "mobile": ("mobile", "cell", "cellphone", "mobilephone", "cellnumber", "mobilenumber", "cellular"),
    "home": ("homephone", "home", "phonehome", "homenumber"),
    "work": ("workphone", "work", "businessphone", "officephone", "phonework", "worknumber"),
    "email": ("emailaddress", "mail", "eaddress"),
    "address_line1": ("address", "address1", "street", "streetaddress", "street1", "addr1", "addressline"),
    "address_line2": ("address2", "street2", "apt", "suite", "unit", "addr2", "aptsuite"),
    "city": ("town", "locality"),
    "state": ("st", "province", "region", "stateprovince"),
    "postal_code": ("zip", "zipcode", "postalcode", "postcode", "zip5", "zippostalcode"),
    "preferred_contact": ("contactpreference", "preferredcontactmethod", "contactmethod", "contactby"),
    "ok_voicemail": ("voicemailok", "okaytoleavevoicemail", "okleavevoicemail", "voicemail", "oktoleavevoicemail"),
    "ok_text": ("textok", "smsok", "oktotext", "sms", "textmessagesok", "cantext"),
    "contact_restriction": ("contactonly", "contactrestrictions"),
    "alternate_contact": ("alternatecontact", "altcontact"),
    "emergency_name": ("emergencycontact", "emergencycontactname"),
    "emergency_relationship": ("emergencycontactrelationship", "emergencyrelation"),
    "emergency_phone": ("emergencycontactphone", "emergencyphonenumber"),
    "driver_name": ("driver",),
    "driver_phone": ("driverphonenumber",),
    "desk_notes": ("notes", "note", "comments", "comment"),
    "archived": ("inactive",),
    "referring_name": ("referringprovider", "referredby", "referringphysician"),
    "psychiatrist_name": ("psychiatrist",),
    "therapist_name": ("therapist",),
    "primary_care_name": ("pcp", "primarycare", "primarycareprovider", "primarycarephysician"),
}
_TRUE = {"yes", "y", "true", "t", "1", "x", "si", "sí"}
_FALSE = {"no", "n", "false", "f", "0", ""}
_CONTACT_WORDS = {"phone": "phone", "call": "phone", "telephone": "phone", "text": "text", "sms": "text",
                  "email": "email", "e-mail": "email", "mail": "mail", "letter": "mail", "post": "mail"}
_PHONE_KINDS = {"mobile": "mobile", "cell": "mobile", "cellular": "mobile", "home": "home", "work": "work",
                "office": "work", "business": "work"}


@dataclass(frozen=True)
class RowProblem:
    """Why one row was refused: its spreadsheet row number, the field, the reason."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.reason}"


@dataclass
class ParsedFile:
    """The rows read from a file, each with its row number, and the columns nobody reads."""

    rows: list[tuple[int, PatientDetails]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, no header, no name columns)."""


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252, as spreadsheet programs save CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _key(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold())


def _lookup() -> dict[str, str]:
    table = {_key(name): name for name in EXPORT_COLUMNS}
    for name, variants in _ALIASES.items():
        for variant in variants:
            table.setdefault(variant, name)
    return table


def map_headers(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field name, and the headers that map to nothing."""
    lookup = _lookup()
    mapping: dict[int, str] = {}
    ignored = []
    for index, header in enumerate(headers):
        name = lookup.get(_key(header))
        if name and name not in mapping.values():
            mapping[index] = name
        elif header.strip():
            ignored.append(header.strip())
    return mapping, ignored


def parse_text(text: str) -> ParsedFile:
    """Read CSV text into rows of typed values; ImportFileError when there is nothing to map."""
    reader = csv.reader(io.StringIO(text, newline=""))
    headers = next(reader, None)
    if not headers:
        raise ImportFileError("the file is empty (no header row)")
    mapping, ignored = map_headers(headers)
    names = set(mapping.values())
    if "full_name" not in names and not {"legal_first", "legal_last"} <= names:
        raise ImportFileError("no columns for the patient's first and last name (e.g. 'First Name', 'Last Name')")
    parsed = ParsedFile(ignored_columns=ignored)
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[i].strip() if i < len(cells) else "" for i, name in mapping.items()}
        try:
            parsed.rows.append((number, row_to_details(values)))
        except _RowError as exc:
            parsed.problems.append(RowProblem(number, exc.field, exc.reason))
    return parsed


class _RowError(ValueError):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(f"{field_name}: {reason}")
        self.field = field_name
        self.reason = reason


def row_to_details(values: dict[str, str]) -> PatientDetails:
    """One row's mapped cells as a `PatientDetails` with the values as typed (not yet validated)."""
    fields: dict[str, object] = {name: values.get(name, "") for name in _TEXT_FIELDS}
    if "full_name" in values and not (values.get("legal_first") or values.get("legal_last")):
        fields["legal_first"], fields["legal_last"] = split_full_name(values["full_name"])
    for name in _BOOL_FIELDS:
        fields[name] = _boolean(name, values.get(name, ""))
    fields["language"] = _language(values.get("language", ""))
    fields["preferred_contact"] = _contact_method(values.get("preferred_contact", ""))
    if "ok_text" not in values and fields["preferred_contact"] == "text":
        fields["ok_text"] = True  # a file that says "prefers text" and nothing about texting means yes
    fields["phones"] = _phones(values)
    fields["care_team"] = _care_team(values)
    return PatientDetails(date_of_birth=values.get("date_of_birth", ""), **fields)  # type: ignore[arg-type]


def split_full_name(text: str) -> tuple[str, str]:
    """ "García, José" or "José García" -> ("José", "García")."""
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return first, last
    words = text.split()
    if len(words) < 2:
        return text.strip(), ""
    return " ".join(words[:-1]), words[-1]


def _boolean(name: str, text: str) -> bool:
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _RowError(name, f"{text!r} is not yes or no")


def _language(text: str) -> str:
    return language_code(text) or "en"


def _contact_method(text: str) -> str:
    value = text.strip().casefold()
    if not value:
        return "phone"
    return _CONTACT_WORDS.get(value, value)


def _phones(values: dict[str, str]) -> tuple[PhoneEntry, ...]:
    phones: list[PhoneEntry] = []
    for number_col, kind_col in PHONE_COLUMNS:
        if values.get(number_col):
            kind = _phone_kind(kind_col, values.get(kind_col, ""))
            phones.append(PhoneEntry(values[number_col], kind, is_primary=not phones))
    for kind in ("mobile", "home", "work"):
        if values.get(kind):
            phones.append(PhoneEntry(values[kind], kind, is_primary=not phones))
    return tuple(phones)


def _phone_kind(column: str, text: str) -> str:
    value = text.strip().casefold()
    if not value:
        return "mobile"
    if value not in _PHONE_KINDS:
        raise _RowError(column, f"{text!r} is not mobile, home or work")
    return _PHONE_KINDS[value]


def _care_team(values: dict[str, str]) -> tuple[CareTeamEntry, ...]:
    team = []
    for role in CARE_TEAM_ROLES:
        parts = {part: values.get(f"{role}_{part}", "") for part in _CARE_PARTS}
        if parts["name"]:
            team.append(CareTeamEntry(role, **parts))
    return tuple(team)


# --- export -------------------------------------------------------------------------------------


def details_to_row(details: PatientDetails) -> dict[str, str]:
    """A stored patient as one CSV row under EXPORT_COLUMNS; `row_to_details` reads it back."""
    row = {name: str(getattr(details, name)) for name in _TEXT_FIELDS}
    for name in _OPTIONAL_PHONES:
        row[name] = show_optional_phone(getattr(details, name))
    for name in _BOOL_FIELDS:
        row[name] = "yes" if getattr(details, name) else "no"
    row["date_of_birth"] = details.dob.isoformat() if details.dob else ""
    row["language"] = details.language
    row["preferred_contact"] = details.preferred_contact
    ordered = sorted(details.phones, key=lambda p: not p.is_primary)
    for (number_col, kind_col), phone in zip(PHONE_COLUMNS, ordered, strict=False):
        row[number_col], row[kind_col] = phone.display, phone.kind
    for member in details.care_team:
        row[f"{member.role}_name"] = member.name
        row[f"{member.role}_practice"] = member.practice
        row[f"{member.role}_phone"] = show_optional_phone(member.phone)
        row[f"{member.role}_fax"] = show_optional_phone(member.fax)
    return {name: row.get(name, "") for name in EXPORT_COLUMNS}


def write_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


__all__ = ["EXPORT_COLUMNS", "FieldError", "ImportFileError", "ParsedFile", "RowProblem", "decode",
           "details_to_row", "map_headers", "parse_text", "row_to_details", "split_full_name", "write_csv"]
