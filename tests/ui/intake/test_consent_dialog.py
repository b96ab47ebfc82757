"""Recording a consent: signer required, typed or drawn signature kept."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.ui.intake.consent_dialog import ConsentDialog
from frontdesk.ui.intake.signature_pad import SignaturePad

TODAY = dt.date(2026, 11, 27)


def _dialog(qtbot: QtBot) -> ConsentDialog:
    dialog = ConsentDialog(None, TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_ok_needs_a_signer_and_a_signature(qtbot: QtBot) -> None:
    """With the signer's name filled in ahead, Enter recorded a consent with no signature at all."""
    dialog = _dialog(qtbot)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    needs = dialog.findChild(QLabel, "consentNeeds")
    assert not ok.isEnabled()
    assert needs.text() == "Still needed: who signed and a signature, typed or drawn"
    dialog.findChild(QLineEdit, "consentSigner").setText("Zoë O'Brien")
    assert not ok.isEnabled() and needs.text() == "Still needed: a signature, typed or drawn"
    dialog.findChild(QLineEdit, "consentSignature").setText("Zoë O'Brien")
    assert ok.isEnabled() and needs.text() == ""
    dialog.findChild(QLineEdit, "consentSignature").clear()
    assert not ok.isEnabled()
    pad = dialog.findChild(SignaturePad, "signaturePad")
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(10, 20))
    qtbot.mouseMove(pad, QPoint(60, 40))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    assert ok.isEnabled()  # drawn will do


def test_typed_signature_and_form(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.findChild(QComboBox, "consentForm").setCurrentIndex(4)
    dialog.findChild(QLineEdit, "consentSigner").setText("Zoë O'Brien")
    dialog.findChild(QLineEdit, "consentSignature").setText("Zoë O'Brien")
    entry = dialog.entry()
    assert (entry.form, entry.signer, entry.signed_on, entry.signature) == ("rems", "Zoë O'Brien", TODAY,
                                                                           "Zoë O'Brien")


def test_drawn_signature_kept_as_svg_path(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    pad = dialog.findChild(SignaturePad, "signaturePad")
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(10, 20))
    qtbot.mouseMove(pad, QPoint(60, 40))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(60, 40))
    pad.add_stroke([(5, 5), (15, 25)])
    assert dialog.entry().signature == "svg:M 10 20 L 60 40 M 5 5 L 15 25"


def test_the_drawn_signature_row_shows_no_stray_ampersand_and_its_key_names_the_pad(qtbot: QtBot) -> None:
    dialog = ConsentDialog(today=dt.date(2026, 11, 27), signer="Ana Rivera")
    qtbot.addWidget(dialog)
    form = dialog.findChild(QFormLayout)
    labels = [form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget() for row in range(form.rowCount())
              if form.itemAt(row, QFormLayout.ItemRole.LabelRole) is not None]
    drawn = next(label for label in labels if "rawn" in label.text())
    assert drawn.buddy() is dialog.pad  # "&" is a mnemonic, not text, only on a label with a buddy
    mnemonics = [label.text().split("&")[1][0].lower() for label in labels if "&" in label.text()]
    assert len(mnemonics) == len(set(mnemonics))  # Alt+letter reaches one field each
