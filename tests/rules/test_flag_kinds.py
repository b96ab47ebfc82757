"""How flags are named in lists: an urgent one says so once."""

from __future__ import annotations

from frontdesk.rules.flag_kinds import KINDS, URGENT_KINDS, listed_label


def test_an_urgent_flag_says_urgent_once_and_others_are_left_as_they_are() -> None:
    assert listed_label("Urgent: clinician review", True) == "Urgent: clinician review"
    assert listed_label("Chest pain reported", True) == "Urgent: Chest pain reported"  # a future urgent kind
    assert listed_label("Discuss medications", False) == "Discuss medications"
    for kind in URGENT_KINDS:  # every urgent kind of this build reads urgent in its list label
        assert listed_label(KINDS[kind][0], True).casefold().startswith("urgent")
