"""Reading patient CSV files: header variants, encodings, values as people type them."""

from __future__ import annotations

import pytest

from frontdesk.rules.contact import PatientDetails, PhoneEntry
from frontdesk.rules.csv_import import (
    EXPORT_COLUMNS,
    ImportFileError,
    decode,
    details_to_row,
    map_headers,
    parse_text,
    split_full_name,
    write_csv,
)


@pytest.mark.parametrize("header", ["First Name", "first_name", "Given name", "FIRSTNAME", "fname", "first"])
def test_first_name_header_variants(header: str) -> None:
    mapping, _ = map_headers([header])
    assert mapping == {0: "legal_first"}


@pytest.mark.parametrize(("header", "field"), [
    ("DOB", "date_of_birth"), ("Date of Birth", "date_of_birth"), ("birthdate", "date_of_birth"),
    ("Phone", "phone"), ("Mobile", "mobile"), ("Cell", "mobile"), ("Home Phone", "home"), ("Zip Code", "postal_code"),
    ("Surname", "legal_last"), ("E-mail", "email"), ("MRN", "chart_number"), ("Patient Name", "full_name"),
])
def test_other_header_variants(header: str, field: str) -> None:
    assert map_headers([header])[0] == {0: field}


def test_unknown_columns_are_listed() -> None:
    assert map_headers(["First", "Favourite colour"]) == ({0: "legal_first"}, ["Favourite colour"])


def test_utf8_with_bom_and_windows_1252() -> None:
    assert decode("\ufeffFirst,Last\nJosé,Peña\n".encode()) == "First,Last\nJosé,Peña\n"
    assert decode("First,Last\nJosé,Peña\n".encode("cp1252")) == "First,Last\nJosé,Peña\n"


def test_rows_carry_spreadsheet_row_numbers_and_skip_blank_lines() -> None:
    parsed = parse_text("First Name,Last Name,DOB\nAna,Rivera,3/7/1985\n,,\nLi,Wei,1990-01-02\n")
    assert [(number, d.legal_first) for number, d in parsed.rows] == [(2, "Ana"), (4, "Li")]
    assert parsed.rows[0][1].date_of_birth == "3/7/1985"


def test_phone_columns_become_typed_phones_first_one_primary() -> None:
    parsed = parse_text("First,Last,Cell,Home Phone\nAna,Rivera,828-555-0123,(828) 555-0124\n")
    assert parsed.rows[0][1].phones == (PhoneEntry("828-555-0123", "mobile", True),
                                        PhoneEntry("(828) 555-0124", "home", False))


def test_yes_no_values_and_bad_ones() -> None:
    parsed = parse_text("First,Last,OK to text,Voicemail OK\nAna,Rivera,Y,no\nLi,Wei,maybe,yes\n")
    assert parsed.rows[0][1].ok_text is True
    assert parsed.rows[0][1].ok_voicemail is False
    assert [str(p) for p in parsed.problems] == ["row 3: ok_text: 'maybe' is not yes or no"]


def test_words_people_use_for_language_and_contact() -> None:
    parsed = parse_text("First,Last,Language,Preferred contact\nAna,Rivera,Spanish,SMS\n")
    assert parsed.rows[0][1].language == "es"
    assert parsed.rows[0][1].preferred_contact == "text"
    assert parsed.rows[0][1].ok_text is True  # no "OK to text" column: preferring texts says yes


def test_single_name_column_is_split() -> None:
    assert split_full_name("García, José") == ("José", "García")
    assert split_full_name("Mary Ann Smith") == ("Mary Ann", "Smith")
    parsed = parse_text("Patient Name,DOB\n\"Peña, Ana\",1985-03-07\n")
    assert (parsed.rows[0][1].legal_first, parsed.rows[0][1].legal_last) == ("Ana", "Peña")


def test_a_file_without_name_columns_is_refused() -> None:
    with pytest.raises(ImportFileError, match="first and last name"):
        parse_text("Phone,DOB\n828-555-0123,1985-03-07\n")
    with pytest.raises(ImportFileError, match="empty"):
        parse_text("")


def test_export_row_has_every_column_and_reads_back() -> None:
    details = PatientDetails(legal_first="Ana", legal_last="Rivera", chart_number="C1", date_of_birth=None,
                             phones=(PhoneEntry("+18285550123", "home", True, "12"),), ok_text=True,
                             emergency_phone="+18285550111 x3")
    row = details_to_row(details)
    assert list(row) == list(EXPORT_COLUMNS)
    assert row["phone"] == "(828) 555-0123 ext. 12"
    assert row["emergency_phone"] == "(828) 555-0111 ext. 3"
    parsed = parse_text(write_csv([row]))
    again = parsed.rows[0][1]
    assert (again.chart_number, again.ok_text, again.phones[0].kind) == ("C1", True, "home")
