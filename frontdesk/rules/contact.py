"""Patient contact details and their validation (DOMAIN.md "Validation"), as plain Python.

`PatientDetails` carries a patient's contact record between the layers. `validate_patient` turns
what a person typed into stored form (phones E.164, ZIP 12345 or 12345-6789, state upper-case,
date of birth a date) or raises `InvalidPatientError` naming every bad field with its reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

PHONE_KINDS = ("mobile", "home", "work")
CONTACT_METHODS = ("phone", "text", "email", "mail")
# The languages the pre-visit sheets are printed in, by code; any other language is kept as typed.
LANGUAGES = {"en": "English", "es": "Spanish"}
_LANGUAGE_WORDS = {"english": "en", "spanish": "es", "español": "es", "espanol": "es"}
CARE_TEAM_ROLES = ("referring", "psychiatrist", "therapist", "primary_care")
CARE_TEAM_LABELS = {"referring": "Referring provider", "psychiatrist": "Psychiatrist",
                    "therapist": "Therapist", "primary_care": "Primary care"}
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM "
    "NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP AA AE AP"
)
US_STATES = frozenset(_STATE_CODES.split())
STREET_MAX = 64
NAME_MAX = 60
_NAME_PUNCTUATION = frozenset("'’-. ")
_ZIP = re.compile(r"^(\d{5})(?:[- ]?(\d{4}))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_EARLIEST_DOB = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class PhoneEntry:
    """One phone of a patient: `number` is E.164 once validated (what a person typed before)."""

    number: str
    kind: str = "mobile"
    is_primary: bool = False
    extension: str = ""

    @property
    def display(self) -> str:
        return format_phone(self.number, self.extension)

    @property
    def digits(self) -> str:
        """The national digits (8285550123), what phone search matches."""
        return self.number[2:] if self.number.startswith("+1") else re.sub(r"\D", "", self.number)


@dataclass(frozen=True)
class CareTeamEntry:
    role: str  # referring | psychiatrist | therapist | primary_care
    name: str
    practice: str = ""
    phone: str = ""
    fax: str = ""


@dataclass(frozen=True)
class PatientDetails:
    """Every contact field of a patient record (DOMAIN.md intake "Identity", "Contact", "Emergency")."""

    legal_first: str
    legal_last: str
    date_of_birth: dt.date | str | None = None  # a date once validated; typed text before
    chart_number: str = ""
    preferred_name: str = ""
    sex: str = ""
    pronouns: str = ""
    language: str = "en"
    interpreter_needed: bool = False
    phones: tuple[PhoneEntry, ...] = ()
    email: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    preferred_contact: str = "phone"
    ok_voicemail: bool = False
    ok_text: bool = False
    contact_restriction: str = ""
    alternate_contact: str = ""
    emergency_name: str = ""
    emergency_relationship: str = ""
    emergency_phone: str = ""
    driver_name: str = ""
    driver_relationship: str = ""
    driver_phone: str = ""
    care_team: tuple[CareTeamEntry, ...] = ()
    desk_notes: str = ""
    id: int | None = None
    archived: bool = False

    @property
    def primary_phone(self) -> PhoneEntry | None:
        for phone in self.phones:
            if phone.is_primary:
                return phone
        return self.phones[0] if self.phones else None

    @property
    def dob(self) -> dt.date | None:
        return self.date_of_birth if isinstance(self.date_of_birth, dt.date) else None


class InvalidPatientError(ValueError):
    """Some fields are not valid; `problems` maps each field name to its reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {reason}" for name, reason in self.problems.items()))


class FieldError(ValueError):
    """One value is not valid; the message is the reason, fit to show next to the field."""


# --- phones -------------------------------------------------------------------------------------


def parse_phone(text: str) -> tuple[str, str]:
    """A US phone as typed ("(828) 555-0123 x12") -> (E.164, extension); FieldError says why not."""
    raw = text.strip()
    if not raw:
        raise FieldError("phone number is empty")
    import phonenumbers  # ~40 ms of metadata: only once a phone is typed, not at start-up

    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        raise FieldError("not a phone number") from None
    national = str(number.national_number)
    if number.italian_leading_zero:  # "028…" parses as 28…; the zero is what is wrong with it
        national = "0" * (number.number_of_leading_zeros or 1) + national
    if number.country_code != 1 or len(national) != 10:
        raise FieldError("a US phone needs 10 digits: area code and number")
    _check_nanp_part(national[:3], "area code")
    _check_nanp_part(national[3:6], "exchange")
    return f"+1{national}", number.extension or ""


def _check_nanp_part(part: str, what: str) -> None:
    if part[0] in "01":
        raise FieldError(f"{what} cannot start with 0 or 1")
    if part[1:] == "11":
        raise FieldError(f"{what} cannot be N11 (like 911)")


def format_phone(e164: str, extension: str = "") -> str:
    """E.164 as the desk reads it: +18285550123 -> (828) 555-0123, with " ext. 12" when there is one."""
    if not e164:
        return ""
    digits = e164[2:] if e164.startswith("+1") else e164
    shown = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}" if len(digits) == 10 and digits.isdigit() else e164
    return f"{shown} ext. {extension}" if extension else shown


_SHOWN_PHONE = re.compile(r"\((\d{3})\) (\d{3}-\d{4})")


def phones_unbroken(text: str) -> str:
    """Every "(828) 555-0166" in `text` with a no-break space, so a narrow cell or pane never puts the
    area code on one line and the number on the next (U+00A0 reads as a space in plain and rich text)."""
    return _SHOWN_PHONE.sub("(\\1)\u00a0\\2", text)


def format_us_phone(number: str) -> str:
    """+18285550100 or 8285550100 as (828) 555-0100 (a stored extension, " x12", as " ext. 12");
    anything else as given."""
    number, _, extension = number.partition(" x")
    digits = "".join(ch for ch in number if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return number.strip()
    return format_phone(f"+1{digits}", extension)


def optional_phone(text: str) -> str:
    """A phone field that may be empty: E.164 (extension kept as ' x12' after it) or ''."""
    if not text.strip():
        return ""
    if text.startswith("+1") and text[2:].isdigit() and len(text) == 12:
        return text
    number, extension = parse_phone(text)
    return f"{number} x{extension}" if extension else number


def show_optional_phone(stored: str) -> str:
    """A stored optional phone (from `optional_phone`) as the desk reads it."""
    number, _, extension = stored.partition(" x")
    return format_phone(number, extension)


def phone_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# --- single fields ------------------------------------------------------------------------------


def check_name(text: str, required: bool = False) -> str:
    """Names in any script: letters, combining marks, apostrophes, hyphens, periods and spaces."""
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name:
        if required:
            raise FieldError("required")
        return ""
    if len(name) > NAME_MAX:
        raise FieldError(f"at most {NAME_MAX} characters")
    for ch in name:
        if ch not in _NAME_PUNCTUATION and not unicodedata.category(ch).startswith(("L", "M")):
            raise FieldError(f"a name cannot contain {ch!r}")
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise FieldError("a name needs at least one letter")
    return name


def check_postal_code(text: str) -> str:
    """ZIP as 12345 or ZIP+4 as 12345-6789 (also accepted typed 123456789 or '12345 6789')."""
    value = text.strip()
    if not value:
        return ""
    match = _ZIP.match(value)
    if not match:
        raise FieldError("ZIP code must be 5 digits or ZIP+4 (12345-6789)")
    return f"{match[1]}-{match[2]}" if match[2] else match[1]


def check_state(text: str) -> str:
    value = text.strip().upper()
    if not value:
        return ""
    if value not in US_STATES:
        raise FieldError("state must be a two-letter US code, like NC")
    return value


def check_email(text: str) -> str:
    value = text.strip()
    if not value:
        return ""
    if not _EMAIL.match(value) or ".." in value:
        raise FieldError("not an email address (name@example.org)")
    return value


def check_street(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > STREET_MAX:
        raise FieldError(f"at most {STREET_MAX} characters ({len(value)} given)")
    return value


def check_dob(value: dt.date | str | None, today: dt.date) -> dt.date | None:
    """A date of birth in the past (typed as 3/7/1985, 1985-03-07, 03-07-1985…) or None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = value if isinstance(value, dt.date) else parse_date_text(value)
    if day is None:
        raise FieldError(why_not_a_date(str(value)))
    if day >= today:
        raise FieldError("date of birth must be in the past")
    if day < _EARLIEST_DOB:
        raise FieldError("date of birth before 1900")
    return day


ADULT_AGE = 18  # the clinic treats adults: a younger date of birth is warned about, not refused


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def minor_warning(born: dt.date | None, today: dt.date) -> str | None:
    """Why a date of birth needs a second look (the patient would be under 18), or None."""
    if born is None or age_on(born, today) >= ADULT_AGE:
        return None
    age = age_on(born, today)
    return f"under 18 ({age} year{'' if age == 1 else 's'} old): the clinic treats adults; check the date of birth"


def parse_date_text(text: str) -> dt.date | None:
    """A date as people write it in the US: 3/7/1985, 03-07-1985, 1985-03-07, 3/7/85; else None."""
    value = _without_midnight(text)
    if re.search(r"[A-Za-z]", value):
        return _date_with_month_name(value)
    parts = _date_numbers(value)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def why_not_a_date(text: str) -> str:
    """What is wrong with a date that parse_date_text refused, in words: a day or month that does not
    exist ("February 1980 has no day 30"), or the ways to write one."""
    parts = _date_numbers(_without_midnight(text))
    if parts is not None:
        year, month, day = parts
        if not 1 <= month <= 12:
            return f"there is no month {month} (write the month first: MM/DD/YYYY, or YYYY-MM-DD)"
        if day < 1 or day > calendar.monthrange(year, month)[1]:
            return f"{calendar.month_name[month]} {year} has no day {day}"
    return "not a date (use MM/DD/YYYY or YYYY-MM-DD)"


def _without_midnight(text: str) -> str:
    return re.sub(r"[ T]0?0:00(:00)?$", "", text.strip())  # spreadsheets add midnight to dates


def _date_numbers(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) as written in numbers (1985-03-07, 3/7/1985, 3/7/85), not checked; else None."""
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value)
    if match:
        return int(match[1]), int(match[2]), int(match[3])
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})", value)
    if not match:
        return None
    month, day, year = int(match[1]), int(match[2]), int(match[3])
    if len(match[3]) == 2:  # a birth year: 85 is 1985, 05 is 2005 (never in the future)
        year += 2000 if 2000 + year <= dt.date.today().year else 1900
    return year, month, day


def _date_with_month_name(text: str) -> dt.date | None:
    """ "March 7, 1985", "7 Mar 1985", "07-Mar-1985": a full date with a month name, else None."""
    from dateutil import parser

    if not re.search(r"\d{4}", text):
        return None
    try:
        first = parser.parse(text, default=dt.datetime(1, 1, 1))
        second = parser.parse(text, default=dt.datetime(2, 2, 2))
    except (ValueError, OverflowError):
        return None
    # a part missing from the text comes from the default: the two parses then disagree
    return first.date() if first.date() == second.date() else None


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in choices:
        raise FieldError(f"{what} must be one of: {', '.join(choices)}")
    return cleaned


def language_code(text: str) -> str:
    """"English" -> "en", "Español" or "es" -> "es"; another language as typed, in lower case; "" if empty."""
    value = " ".join(text.split()).casefold()
    return _LANGUAGE_WORDS.get(value, value)


def language_name(code: str) -> str:
    """"en" -> "English": what the desk reads; a language without sheets of its own as stored, with a
    capital ("vietnamese" -> "Vietnamese")."""
    return LANGUAGES.get(code) or code[:1].upper() + code[1:]


# --- the whole record ---------------------------------------------------------------------------


def validate_patient(details: PatientDetails, today: dt.date) -> PatientDetails:
    """`details` in stored form, or InvalidPatientError naming every bad field (phones as phones[0]…)."""
    problems: dict[str, str] = {}
    changes: dict[str, object] = {}

    def check(name: str, fn: object, *args: object) -> None:
        try:
            changes[name] = fn(*args)  # type: ignore[operator]
        except FieldError as exc:
            problems[name] = str(exc)

    check("legal_first", check_name, details.legal_first, True)
    check("legal_last", check_name, details.legal_last, True)
    check("preferred_name", check_name, details.preferred_name, False)
    check("date_of_birth", check_dob, details.date_of_birth, today)
    check("email", check_email, details.email)
    check("address_line1", check_street, details.address_line1)
    check("address_line2", check_street, details.address_line2)
    check("state", check_state, details.state)
    check("postal_code", check_postal_code, details.postal_code)
    check("preferred_contact", _check_choice, details.preferred_contact or "phone", CONTACT_METHODS,
          "preferred contact")
    for name in ("emergency_phone", "driver_phone"):
        check(name, optional_phone, getattr(details, name))
    for name in ("emergency_name", "driver_name"):
        check(name, check_name, getattr(details, name), False)
    check("chart_number", _check_chart, details.chart_number)
    changes["city"] = " ".join(details.city.split())
    changes["language"] = language_code(details.language) or "en"
    changes["phones"] = _validate_phones(details.phones, problems)
    changes["care_team"] = _validate_care_team(details.care_team, problems)
    if details.preferred_contact == "text" and not details.ok_text and "preferred_contact" not in problems:
        problems["preferred_contact"] = "text is preferred but texting is not allowed"
    if problems:
        raise InvalidPatientError(problems)
    return replace(details, **changes)  # type: ignore[arg-type]


def _check_chart(text: str) -> str:
    value = text.strip()
    if len(value) > 20 or any(ch.isspace() for ch in value):
        raise FieldError("chart number: at most 20 characters, no spaces")
    return value


def _validate_phones(phones: tuple[PhoneEntry, ...], problems: dict[str, str]) -> tuple[PhoneEntry, ...]:
    cleaned = []
    for index, phone in enumerate(phones):
        key = f"phones[{index}]"
        try:
            number, extension = parse_phone(phone.number)
            kind = _check_choice(phone.kind or "mobile", PHONE_KINDS, "phone type")
        except FieldError as exc:
            problems[key] = str(exc)
            continue
        extension = phone_digits(phone.extension) or extension
        cleaned.append(PhoneEntry(number, kind, phone.is_primary, extension))
    primaries = [p for p in cleaned if p.is_primary]
    if len(primaries) > 1:
        problems["phones"] = "only one phone can be the primary one"
    elif cleaned and not primaries:
        cleaned[0] = replace(cleaned[0], is_primary=True)
    return tuple(cleaned)


def _validate_care_team(team: tuple[CareTeamEntry, ...], problems: dict[str, str]) -> tuple[CareTeamEntry, ...]:
    cleaned = []
    for member in team:
        if not member.name.strip():
            continue
        key = f"care_team.{member.role}"
        try:
            role = _check_choice(member.role, CARE_TEAM_ROLES, "care team role")
            phone = optional_phone(member.phone)
            fax = optional_phone(member.fax)
        except FieldError as exc:
            problems[key] = str(exc)
            continue
        cleaned.append(CareTeamEntry(role, " ".join(member.name.split()), member.practice.strip(), phone, fax))
    return tuple(cleaned)
