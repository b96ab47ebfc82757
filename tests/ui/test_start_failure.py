"""What the app shows when it cannot open the clinic's database."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from frontdesk.ui.application import show_start_failure, start_failure_box


def test_the_box_names_the_problem_and_who_to_tell(qtbot: QtBot) -> None:
    box = start_failure_box("clinic.sqlite3 is encrypted, or not a database: this workstation has no database key "
                            "to try (the clinic's key file belongs at /home/desk/.config/frontdesk/database.key)")
    qtbot.addWidget(box)
    assert box.text() == "Front desk cannot open the clinic's database."
    assert box.informativeText().startswith("clinic.sqlite3 is encrypted, or not a database")
    assert "/home/desk/.config/frontdesk/database.key)\n\nFront desk closes now; nothing was changed." in \
        box.informativeText()
    assert "Tell whoever looks after this computer" in box.informativeText()


def test_a_sentence_starts_with_a_capital(qtbot: QtBot) -> None:
    box = start_failure_box("folder does not exist for database file: /nowhere")
    qtbot.addWidget(box)
    assert box.informativeText().startswith("Folder does not exist for database file: /nowhere\n")


def test_offscreen_nobody_could_read_it_so_nothing_waits(qtbot: QtBot) -> None:
    show_start_failure("folder does not exist for database file: /nowhere")  # returns: no box waits for a click
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_only_a_database_that_cannot_be_opened_is_said_in_a_box() -> None:
    from frontdesk.app import _cannot_open_database
    from frontdesk.data.database import DatabaseKeyError, DatabaseTargetError

    assert _cannot_open_database(DatabaseKeyError("clinic.sqlite3 is encrypted, or not a database: …"))
    assert _cannot_open_database(DatabaseTargetError("folder does not exist for database file: /nowhere"))
    assert not _cannot_open_database(ValueError("a bug's message, which may say anything"))
