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
    mine = replace(BASE, city="Black Mountain", phones=(PhoneEntry("(704) 555-0150", "home"),))
    theirs = replace(BASE, city="Asheville", phones=(PhoneEntry("(704) 555-0150", "work", False, "12"),))
    merged = merge_changes(BASE, mine, theirs)
    assert merged.details == mine
    assert merged.conflicts == (Conflict("phones", "(704) 555-0150 ext. 12 (work)"), Conflict("city", "Asheville"))
    assert merge_summary(merged) == (
        "Someone saved this record on another workstation while you had it open. Yours are kept. Both of you "
        "changed the phone numbers and city: yours are shown, theirs beside each. Check, then Save again.")


def test_phones_both_desks_added_are_both_kept_and_one_removed_elsewhere_goes() -> None:
    base = replace(BASE, phones=(PhoneEntry("+17045550150", is_primary=True), PhoneEntry("+17045550160", "work")))
    mine = replace(base, phones=(*base.phones, PhoneEntry("(704) 555-0171", "home")))  # as typed, not yet E.164
    theirs = replace(base, phones=(base.phones[0], PhoneEntry("+17045550188", "other")))  # 0160 removed there
    merged = merge_changes(base, mine, theirs)
    assert [(p.digits, p.kind) for p in merged.details.phones] == [
        ("7045550150", "mobile"), ("7045550171", "home"), ("7045550188", "other")]
    assert merged.taken == ("phones",) and merged.conflicts == ()


def test_a_phone_changed_here_and_removed_elsewhere_stays_and_is_named() -> None:
    base = replace(BASE, phones=(PhoneEntry("+17045550150", is_primary=True), PhoneEntry("+17045550160", "work")))
    mine = replace(base, phones=(base.phones[0], PhoneEntry("+17045550160", "work", extension="4")))
    theirs = replace(base, phones=base.phones[:1])
    merged = merge_changes(base, mine, theirs)
    assert merged.details.phones == mine.phones
    assert merged.conflicts == (Conflict("phones", "(704) 555-0160 (work) removed"),)


def test_each_desk_choosing_another_primary_phone_keeps_the_desks_choice() -> None:
    a, b, c = (PhoneEntry(f"+1704555{n}") for n in ("0150", "0160", "0170"))
    base = replace(BASE, phones=(replace(a, is_primary=True), b, c))
    mine = replace(base, phones=(a, b, replace(c, is_primary=True)))
    theirs = replace(base, phones=(a, replace(b, is_primary=True), c))
    merged = merge_changes(base, mine, theirs)
    assert [p.is_primary for p in merged.details.phones] == [False, False, True]
    assert merged.conflicts == (Conflict("phones", "(704) 555-0160 (mobile) as primary"),)


def test_care_team_members_added_on_each_side_are_both_kept() -> None:
    base = replace(BASE, care_team=(CareTeamEntry("therapist", "Dr. Lee"),))
    mine = replace(base, care_team=(*base.care_team, CareTeamEntry("psychiatrist", "Dr. Ortiz")))
    theirs = replace(base, care_team=(CareTeamEntry("therapist", "Dr. Lee", phone="(828) 555-0142"),
                                      CareTeamEntry("primary_care", "Dr. Banerjee")))
    merged = merge_changes(base, mine, theirs)
    assert [(e.name, e.phone) for e in merged.details.care_team] == [
        ("Dr. Lee", "(828) 555-0142"), ("Dr. Ortiz", ""), ("Dr. Banerjee", "")]
    assert merged.conflicts == ()


def test_values_read_as_words() -> None:
    assert value_words(True) == "yes" and value_words(False) == "no"
    assert value_words("") == "empty" and value_words(()) == "none"
    assert value_words((CareTeamEntry("therapist", "Dr. Lee"), CareTeamEntry("psychiatrist", "Dr. Ortiz"))) == (
        "Dr. Lee, Dr. Ortiz")
