"""Layout pieces every dialog repeats: a labelled form, a column of parts, the confirm/cancel buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLayout, QPushButton, QVBoxLayout, QWidget

Part = QWidget | QLayout
Button = QDialogButtonBox.StandardButton


def form(*rows: tuple[str, Part]) -> QFormLayout:
    """Label and field per row; a `&` in a label focuses its field (Alt+letter)."""
    layout = QFormLayout()
    for label, field in rows:
        layout.addRow(label, field)
    return layout


def stack(parent: QWidget | None, *parts: Part) -> QVBoxLayout:
    """The parts top to bottom, as `parent`'s layout."""
    layout = QVBoxLayout(parent)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def confirm_buttons(dialog: QDialog, text: str, on_confirm: Callable[[], object], name: str = "", *,
                    confirm: Button = Button.Ok, dismiss: Button = Button.Cancel,
                    on_dismiss: Callable[[], object] | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """The dialog's button row: `text` confirms (Enter), the other button (Escape) closes it."""
    buttons = QDialogButtonBox(confirm | dismiss)
    button = buttons.button(confirm)
    button.setText(text)
    if name:
        button.setObjectName(name)
    buttons.accepted.connect(on_confirm)
    buttons.rejected.connect(on_dismiss or dialog.reject)
    return buttons, button
