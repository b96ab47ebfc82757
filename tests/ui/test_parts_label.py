"""The day summary's label: whole parts give way in a narrow status bar, never half a word."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from frontdesk.ui.parts_label import PartsLabel, fit_parts

PARTS = ["20 chair appointments", "1 in the office", "2 late"]


def characters(text: str) -> int:
    return len(text)


def test_every_part_shows_when_there_is_room() -> None:
    assert fit_parts(PARTS, 100, characters) == "20 chair appointments  ·  1 in the office  ·  2 late"


def test_parts_give_way_from_the_end_and_say_so() -> None:
    assert fit_parts(PARTS, 45, characters) == "20 chair appointments  ·  1 in the office  …"
    assert fit_parts(PARTS, 30, characters) == "20 chair appointments  …"


def test_the_first_part_stays_whole_where_even_it_does_not_fit_with_the_ellipsis() -> None:
    assert fit_parts(PARTS, 10, characters) == "20 chair appointments"
    assert fit_parts([], 10, characters) == ""


def test_the_label_fits_its_width_and_keeps_the_whole_summary_in_its_tooltip(qtbot: QtBot) -> None:
    label = PartsLabel()
    qtbot.addWidget(label)
    label.set_parts(PARTS)
    whole = "20 chair appointments  ·  1 in the office  ·  2 late"
    label.resize(label.sizeHint())
    label.show()
    qtbot.waitUntil(lambda: label.text() == whole)
    assert label.toolTip() == whole
    label.resize(label.fontMetrics().horizontalAdvance("20 chair appointments  …") + 8, label.height())
    qtbot.waitUntil(lambda: label.text() == "20 chair appointments  …")
    assert label.accessibleName() == whole  # a screen reader hears every part
    assert label.minimumSizeHint().width() == 0  # the status bar may shrink it rather than push others out
    label.set_parts(["3 chair appointments"])  # the next day: fewer parts, all shown again
    assert label.text() == label.toolTip() == "3 chair appointments"
