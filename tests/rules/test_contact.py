"""Contact validation: good and bad values for every field, as DOMAIN.md "Validation" lists them."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdesk.rules.contact import (
    CareTeamEntry,
    FieldError,
    InvalidPatientError,
    PatientDetails,
    PhoneEntry,
    check_dob,
    check_email,
    check_name,
    check_postal_code,
    check_state,
    check_street,
    format_phone,
    language_code,
    language_name,
    optional_phone,
    parse_date_text,
    parse_phone,
    show_optional_phone,
    validate_patient,
)

TODAY = dt.date(2026, 11, 27)


def patient(**changes: object) -> PatientDetails:
    base = PatientDetails(legal_first="Ana", legal_last="Rivera", date_of_birth="1985-03-07",
                          phones=(PhoneEntry("828-555-0123"),))
    return PatientDetails(**{**base.__dict__, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["828-555-0123", "(828) 555-0123", "+1 828 555 0123", "8285550123",
                                   "1-828-555-0123", "828.555.0123"])
def test_phone_in_any_common_format_is_stored_e164(typed: str) -> None:
    assert parse_phone(typed) == ("+18285550123", "")


def test_phone_extension_is_kept_apart() -> None:
    assert parse_phone("(828) 555-0123 ext. 12") == ("+18285550123", "12")
    assert parse_phone("828-555-0123 x45") == ("+18285550123", "45")


@pytest.mark.parametrize(("typed", "reason"), [
    ("", "empty"),
    ("555-0123", "10 digits"),
    ("hello", "not a phone number"),
    ("128-555-0123", "area code cannot start with 0 or 1"),
    ("028-555-0123", "area code cannot start with 0 or 1"),
    ("911-555-0123", "area code cannot be N11"),
    ("828-155-0123", "exchange cannot start with 0 or 1"),
    ("828-411-0123", "exchange cannot be N11"),
    ("+44 20 7946 0958", "US phone"),
])
def test_bad_phones_say_why(typed: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason):
        parse_phone(typed)


def test_phone_is_shown_in_national_format() -> None:
    assert format_phone("+18285550123") == "(828) 555-0123"
    assert format_phone("+18285550123", "12") == "(828) 555-0123 ext. 12"
    assert format_phone("") == ""


def test_optional_phone_keeps_extension_and_shows_it() -> None:
    stored = optional_phone("828 555 0111 ext 7")
    assert stored == "+18285550111 x7"
    assert show_optional_phone(stored) == "(828) 555-0111 ext. 7"
    assert optional_phone("  ") == ""


@pytest.mark.parametrize("name", ["O'Brien", "Nguyễn", "José-María", "李", "Zoë", "Mary Ann", "D’Angelo",
                                  "St. John", "Ngozi", "Αλέξανδρος", "Ольга"])
def test_names_in_any_script_are_kept_intact(name: str) -> None:
    assert check_name(name, True) == name


@pytest.mark.parametrize(("name", "reason"), [
    ("", "required"), ("Ana3", "cannot contain '3'"), ("Ana@", "cannot contain '@'"), ("--", "at least one letter"),
    ("A" * 61, "at most 60"),
])
def test_bad_names_are_refused(name: str, reason: str) -> None:
    with pytest.raises(FieldError, match=reason):
        check_name(name, True)


def test_optional_name_may_be_empty() -> None:
    assert check_name("  ", False) == ""


@pytest.mark.parametrize(("typed", "stored"), [("28801", "28801"), ("28801-1234", "28801-1234"),
                                               ("288011234", "28801-1234"), ("", "")])
def test_zip_and_zip_plus_four(typed: str, stored: str) -> None:
    assert check_postal_code(typed) == stored


@pytest.mark.parametrize("typed", ["2880", "28801-12", "ABCDE", "28801-12345"])
def test_bad_zip(typed: str) -> None:
    with pytest.raises(FieldError, match="ZIP"):
        check_postal_code(typed)


def test_state_is_a_two_letter_code() -> None:
    assert check_state("nc") == "NC"
    assert check_state("") == ""
    for bad in ("North Carolina", "XX", "N"):
        with pytest.raises(FieldError, match="two-letter"):
            check_state(bad)


def test_email() -> None:
    assert check_email(" ana@example.org ") == "ana@example.org"
    for bad in ("ana", "ana@", "ana@example", "a b@example.org", "ana@@example.org", "ana..b@example.org"):
        with pytest.raises(FieldError, match="email"):
            check_email(bad)


def test_street_up_to_64_characters() -> None:
    assert check_street("x" * 64) == "x" * 64
    with pytest.raises(FieldError, match="at most 64"):
        check_street("x" * 65)


@pytest.mark.parametrize("typed", ["3/7/1985", "03/07/1985", "1985-03-07", "03-07-1985", "3/7/85", "1985/3/7",
                                   "March 7, 1985", "7 Mar 1985", "07-Mar-1985", "1985-03-07 00:00:00"])
def test_dates_as_people_write_them(typed: str) -> None:
    assert parse_date_text(typed) == dt.date(1985, 3, 7)


@pytest.mark.parametrize("typed", ["13/1/1985", "1985-02-30", "March 7", "7.3", "", "March 1985", "soon 1985"])
def test_not_dates(typed: str) -> None:
    assert parse_date_text(typed) is None


def test_dob_must_be_in_the_past() -> None:
    assert check_dob("3/7/1985", TODAY) == dt.date(1985, 3, 7)
    assert check_dob("", TODAY) is None
    with pytest.raises(FieldError, match="in the past"):
        check_dob(TODAY, TODAY)
    with pytest.raises(FieldError, match="in the past"):
        check_dob("2030-01-01", TODAY)
    with pytest.raises(FieldError, match="before 1900"):
        check_dob("1850-01-01", TODAY)
    with pytest.raises(FieldError, match="not a date"):
        check_dob("yesterday", TODAY)


def test_valid_patient_comes_back_in_stored_form() -> None:
    clean = validate_patient(patient(state="nc", postal_code="288011234", email=" a@example.org",
                                     emergency_phone="(828) 555-0111", date_of_birth="3/7/1985"), TODAY)
    assert clean.date_of_birth == dt.date(1985, 3, 7)
    assert clean.state == "NC"
    assert clean.postal_code == "28801-1234"
    assert clean.phones == (PhoneEntry("+18285550123", "mobile", True, ""),)
    assert clean.emergency_phone == "+18285550111"


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(InvalidPatientError) as caught:
        validate_patient(patient(legal_first="", date_of_birth="2099-01-01", email="nope", state="ZZ",
                                 postal_code="1", address_line1="x" * 80, phones=(PhoneEntry("555"),),
                                 preferred_contact="pigeon", driver_phone="123"), TODAY)
    assert set(caught.value.problems) == {"legal_first", "date_of_birth", "email", "state", "postal_code",
                                          "address_line1", "phones[0]", "preferred_contact", "driver_phone"}


def test_one_primary_phone() -> None:
    clean = validate_patient(patient(phones=(PhoneEntry("828-555-0123", "home"), PhoneEntry("828-555-0124"))), TODAY)
    assert [p.is_primary for p in clean.phones] == [True, False]
    with pytest.raises(InvalidPatientError, match="only one phone"):
        validate_patient(patient(phones=(PhoneEntry("828-555-0123", is_primary=True),
                                         PhoneEntry("828-555-0124", is_primary=True))), TODAY)


def test_phone_type_must_be_known() -> None:
    with pytest.raises(InvalidPatientError, match="phone type"):
        validate_patient(patient(phones=(PhoneEntry("828-555-0123", "pager"),)), TODAY)


def test_texting_preferred_needs_ok_to_text() -> None:
    with pytest.raises(InvalidPatientError, match="texting is not allowed"):
        validate_patient(patient(preferred_contact="text", ok_text=False), TODAY)
    assert validate_patient(patient(preferred_contact="text", ok_text=True), TODAY).preferred_contact == "text"


def test_care_team_phone_is_checked_and_empty_members_dropped() -> None:
    clean = validate_patient(patient(care_team=(CareTeamEntry("therapist", "Dr. Lee", phone="828-555-0150"),
                                                CareTeamEntry("psychiatrist", ""))), TODAY)
    assert clean.care_team == (CareTeamEntry("therapist", "Dr. Lee", "", "+18285550150", ""),)
    with pytest.raises(InvalidPatientError, match=r"care_team\.therapist"):
        validate_patient(patient(care_team=(CareTeamEntry("therapist", "Dr. Lee", fax="12"),)), TODAY)


def test_chart_number_without_spaces() -> None:
    with pytest.raises(InvalidPatientError, match="chart_number"):
        validate_patient(patient(chart_number="C 12"), TODAY)


@pytest.mark.parametrize(("field", "bad", "good"), [
    ("legal_first", "J0se", "José"), ("legal_last", "", "Nguyễn"), ("preferred_name", "P3pe", "Pepe"),
    ("date_of_birth", "2/30/1985", "2/28/1985"), ("email", "a@b", "a@b.org"), ("address_line1", "x" * 65, "1 Elm St"),
    ("address_line2", "y" * 65, "Apt 2"), ("state", "Carolina", "sc"), ("postal_code", "2880", "28801"),
    ("preferred_contact", "fax", "mail"), ("emergency_name", "Mom #1", "Ana O'Neil"),
    ("emergency_phone", "555-0100", "828-555-0100"), ("driver_name", "Bo!", "Bo"),
    ("driver_phone", "911-555-0100", "(828) 555-0101"), ("chart_number", "A B", "A-B"),
])
def test_each_field_refuses_a_bad_value_and_keeps_a_good_one(field: str, bad: str, good: str) -> None:
    with pytest.raises(InvalidPatientError) as caught:
        validate_patient(patient(**{field: bad}), TODAY)
    assert list(caught.value.problems) == [field]
    validate_patient(patient(**{field: good}), TODAY)


def test_languages_are_kept_as_codes_and_read_as_names() -> None:
    words = ("English", " spanish ", "Español", "es", "")
    assert [language_code(text) for text in words] == ["en", "es", "es", "es", ""]
    assert language_code("Vietnamese") == "vietnamese"  # no sheets of its own: kept as typed, lower case
    assert (language_name("en"), language_name("es"), language_name("vietnamese")) == ("English", "Spanish",
                                                                                       "Vietnamese")


def test_a_shown_phone_keeps_its_area_code_on_its_line() -> None:
    from frontdesk.rules.contact import phones_unbroken

    text = "Luis Núñez (brother), (828) 555-0150 · or (919) 555-0111 ext. 4"
    assert phones_unbroken(text) == "Luis Núñez (brother), (828)\u00a0555-0150 · or (919)\u00a0555-0111 ext. 4"
    assert phones_unbroken("call 555-0150 (after 5)") == "call 555-0150 (after 5)"  # only the shown form
