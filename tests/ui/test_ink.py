"""Signal colours that read on the desk's theme: unchanged on a light one, lighter on a dark one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableWidgetItem

from frontdesk.ui.forms import stress
from frontdesk.ui.ink import READABLE, contrast, ink

SIGNALS = ["#b45309", "#2e7d32", "#c53030", "#8a4b00", "#1d4ed8", "#6b7280", "#b00020", "#c2410c"]


@pytest.fixture
def dark_theme(qapp: QApplication) -> Iterator[QColor]:
    before = qapp.palette()
    dark = QPalette(before)
    base = QColor("#1e1e1e")
    dark.setColor(QPalette.ColorRole.Base, base)
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    qapp.setPalette(dark)
    yield base
    qapp.setPalette(before)


def test_the_signal_colours_stay_as_chosen_on_a_light_theme() -> None:
    for colour in SIGNALS:
        assert ink(colour, QColor("white")) == colour  # each reads on white already


@pytest.mark.parametrize("background", ["#1e1e1e", "#000000", "#2d2d30", "#3c3f41"])
def test_on_a_dark_theme_each_signal_colour_is_made_light_enough_to_read(background: str) -> None:
    back = QColor(background)
    for colour in SIGNALS:
        shown = QColor(ink(colour, back))
        assert contrast(QColor(colour), back) < READABLE  # as chosen, too dark to read there
        assert contrast(shown, back) >= READABLE
        assert shown.hslHue() == pytest.approx(QColor(colour).hslHue(), abs=6)  # still amber, green, red


def test_a_list_cell_that_catches_the_eye_reads_on_the_dark_theme(dark_theme: QColor) -> None:
    item = QTableWidgetItem("call now")
    stress(item, "#b45309")
    assert contrast(item.foreground().color(), dark_theme) >= READABLE and item.font().bold()
