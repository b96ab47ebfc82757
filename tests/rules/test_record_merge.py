"""Merging a record two workstations changed: each side's own changes kept, clashes named."""

from __future__ import annotations

from dataclasses import replace

from frontdesk.rules.contact import CareTeamEntry, PatientDetails, PhoneEntry
from frontdesk.rules.record_merge import Conflict, merge_changes, merge_summary, value_words

BASE = PatientDetails(legal_first="Ana", legal_last="Rivera", email="", city="Candler",
                      phones=(PhoneEntry("(704) 555-0150"),), ok_text=False)


def test_what_only_one_side_changed_comes_from_that_side() -> None:
    mine = replace(BASE, email="ana@example.org")
    theirs = replace(BASE, city="Asheville", ok_text=True)
    merged = merge_changes(BASE, mine, theirs)
    assert (merged.details.email, merged.details.city, merged.details.ok_text) == ("ana@example.org", "Asheville", True)
    assert merged.taken == ("city", "ok_text")  # in the form's order
    assert merged.conflicts == ()


def test_the_same_change_on_both_sides_is_no_clash() -> None:
    both = replace(BASE, city="Asheville")
    merged = merge_changes(BASE, both, both)
    assert merged.details == both and merged.taken == () and merged.conflicts == ()


def test_different_changes_to_one_field_keep_the_desks_and_name_the_other() -> None:
    mine = replace(BASE, city="Black Mountain", phones=(PhoneEntry("(704) 555-0151"),))
    theirs = replace(BASE, city="Asheville", phones=(PhoneEntry("(704) 555-0199", "home", True, "12"),))
    merged = merge_changes(BASE, mine, theirs)
    assert merged.details == mine
    assert merged.conflicts == (Conflict("phones", "(704) 555-0199 ext. 12 (home)"), Conflict("city", "Asheville"))
    assert merge_summary(merged) == (
        "Someone saved this record on another workstation while you had it open. Yours are kept. Both of you "
        "changed the phone numbers and city: yours are shown, theirs beside each. Check, then Save again.")


def test_values_read_as_words() -> None:
    assert value_words(True) == "yes" and value_words(False) == "no"
    assert value_words("") == "empty" and value_words(()) == "none"
    assert value_words((CareTeamEntry("therapist", "Dr. Lee"), CareTeamEntry("psychiatrist", "Dr. Ortiz"))) == (
        "Dr. Lee, Dr. Ortiz")
