"""Under the board's appointment details: "Sheet printed on …" and a button to preview the sheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from frontdesk.values import Appointment


class SheetStatusWidget(QWidget):
    """Says when the shown appointment's pre-visit sheet was last printed; "Sheet…" opens its preview."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.appointment: Appointment | None = None
        self.setObjectName("sheetStatus")
        self.label = QLabel()
        self.label.setObjectName("sheetPrintedLabel")
        self.label.setWordWrap(True)
        self.button = QPushButton("Pre-visit &sheet…")
        self.button.setObjectName("previewSheetButton")
        self.button.setToolTip("Preview, print or save this appointment's pre-visit information sheet")
        self.button.clicked.connect(self.preview)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.show_for(None)

    def show_for(self, appointment: Appointment | None) -> None:
        self.appointment = appointment
        self.setVisible(appointment is not None)
        if appointment is None:
            return
        from frontdesk.services import printing  # once an appointment is selected, not at start-up

        printed = printing.sheet_printed_on([appointment.id]).get(appointment.id)
        self.label.setText(f"Sheet printed on {printed:%d %b, %H:%M}" if printed else "Sheet not printed yet")

    def preview(self) -> None:
        from frontdesk.ui.printing.menu import preview_handout, window_actor

        if self.appointment is None:
            return
        window = preview_handout(self.window, self.appointment.id, window_actor(self.window))
        if window is not None:
            window.printed.connect(lambda: self.show_for(self.appointment))  # type: ignore[attr-defined]


def install_sheet_status(window: Any) -> SheetStatusWidget | None:
    """Put the widget under the details pane's text (after its title and body), following what the pane
    shows: not the board's selection alone, which a new day clears without a word, and the button then
    opened the sheet of a patient the pane no longer showed."""
    pane = getattr(window, "details", None)
    if pane is None or pane.layout() is None or not hasattr(pane, "appointment_shown"):
        return None
    widget = SheetStatusWidget(window, pane)
    pane.layout().insertWidget(2, widget)
    pane.appointment_shown.connect(widget.show_for)
    widget.show_for(getattr(pane, "appointment", None))
    return widget
