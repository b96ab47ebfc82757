"""The clinic's current consent form versions; changing one asks earlier signers to renew."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from frontdesk.rules.readiness import CONSENT_FORMS


class ConsentVersionsDialog(QDialog):
    def __init__(self, versions: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentVersionsDialog")
        self.setWindowTitle("Consent form versions")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.addRow(QLabel('Patients who signed an older version show "consent to renew".'))
        for code, label in CONSENT_FORMS.items():
            edit = QLineEdit(versions.get(code, "1"))
            edit.setObjectName(f"consentVersion_{code}")
            edit.setAccessibleName(f"{label} version")
            self.edits[code] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changed(self, before: dict[str, str]) -> dict[str, str]:
        """Only the forms whose version was edited (blank entries are ignored)."""
        out = {}
        for code, edit in self.edits.items():
            text = edit.text().strip()
            if text and text != before.get(code):
                out[code] = text
        return out

    @classmethod
    def ask(cls, versions: dict[str, str], parent: QWidget | None = None) -> dict[str, str] | None:
        dialog = cls(versions, parent)
        return dialog.changed(versions) if dialog.exec() == QDialog.DialogCode.Accepted else None
