"""The QApplication: name and icon (set after the first paint); the palette stays the system's (light or dark).

No application style sheet: one, even of a single rule, puts every widget's painting through Qt's
style-sheet style, which makes each paint of the board (its headers especially) and the start-up slower."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from frontdesk.ui.pyside_support import support_code_kept

with support_code_kept():  # PySide6's support code, compiled at an earlier start: see frontdesk/ui/pyside_support.py
    from PySide6.QtWidgets import QApplication

from frontdesk.ui.pyside_imports import skip_source_scans

skip_source_scans()  # before any more of Front desk is imported: see frontdesk/ui/pyside_imports.py

from frontdesk import APP_NAME  # noqa: E402
from frontdesk.ui.resources import resource_path  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QMessageBox


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("frontdesk")
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("frontdesk")
    app.setDesktopFileName("frontdesk")
    return app  # type: ignore[return-value]


def start_failure_box(message: str) -> QMessageBox:
    """The box that says why the app cannot open its database (a path, a server, a key file)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGridLayout, QMessageBox, QSizePolicy, QSpacerItem

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Front desk cannot open the clinic's database.")
    box.setObjectName("startFailure")
    first_word = message.split(" ", 1)[0]
    if "." not in first_word and "/" not in first_word:  # a file's name keeps its case
        message = message[:1].upper() + message[1:]
    box.setInformativeText(f"{message}\n\nFront desk closes now; nothing was changed. Tell whoever looks after this "
                           "computer: this message says what they need.")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy into an e-mail
    layout = box.layout()  # a row wide enough for a path on as few lines as it can (a message box's own way)
    if isinstance(layout, QGridLayout):
        layout.addItem(QSpacerItem(560, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                       layout.rowCount(), 0, 1, layout.columnCount())
    return box


def show_start_failure(message: str) -> None:
    """Say on screen why start-up failed: started from a desktop icon, nobody reads the line on stderr.

    Not on the offscreen platform, which has no screen for anyone to read it on (and where a box
    waiting for a click would hold the process for ever)."""
    app = create_application(sys.argv[:1])
    if app.platformName() in ("offscreen", "minimal"):
        return
    start_failure_box(message).exec()


def ask_new_clinic(path: str) -> bool | None:
    """No clinic database at `path`: start a new, empty one there (True) or quit (False); None without a
    screen to ask on."""
    app = create_application(sys.argv[:1])
    if app.platformName() in ("offscreen", "minimal"):
        return None
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, f"There is no clinic database at\n{path}\n\n"
                      "Check the path (a letter missing?), or start a new, empty clinic there.")
    box.setObjectName("newClinicQuestion")
    create = box.addButton("Start a new clinic", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)  # Enter never makes an empty clinic by mistake
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is create


NEW_CLINIC, DEMO_CLINIC = "new", "demo"


def first_run_box() -> tuple[QMessageBox, dict[object, str]]:
    """The question of a first start on this computer's default database, and what each button means."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, APP_NAME, "Welcome to Front desk. There is no clinic on this "
                      "computer yet.")
    box.setObjectName("firstRunQuestion")
    box.setInformativeText(
        "Start a new clinic: an empty one. You create the first administrator's account next, then enter "
        "the clinic's name, phones and hours in Clinic settings.\n\n"
        "Try the demo clinic: fictitious patients and bookings to look around in. Its accounts (admin, desk, "
        "nurse) all have the password \"demo\": never enter real patients there.")
    new = box.addButton("Start a new clinic", QMessageBox.ButtonRole.AcceptRole)
    demo = box.addButton("Try the demo clinic", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(new)
    box.setEscapeButton(quit_button)
    return box, {new: NEW_CLINIC, demo: DEMO_CLINIC}


def ask_first_run() -> str | None:
    """A first start on the default database: NEW_CLINIC, DEMO_CLINIC, or None to quit. Without a screen
    to ask on (a script, the tests), the demo clinic, as before there was a question."""
    app = create_application(sys.argv[:1])
    if app.platformName() in ("offscreen", "minimal"):
        return DEMO_CLINIC
    box, meanings = first_run_box()
    box.exec()
    return meanings.get(box.clickedButton())


def install_window_icon() -> None:
    """Give the application's windows their icon. Start-up calls it once the board is on screen: the
    title and task bars show it a moment later, and QIcon (whose first use builds its Python enums)
    and three PNG files stay off the way to the board's first paint. Once is enough: a start that asked
    at the sign-in dialog has set it already."""
    if QApplication.windowIcon().isNull():
        QApplication.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    """The window's icon at the sizes title bars, task bars and switchers use, or a drawn one if none is
    installed. PNG renderings of resources/icons/frontdesk.svg: the SVG itself would load Qt's SVG
    plugin at start-up (about 2 MB and a few ms) for sizes these already cover."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for name in ("frontdesk-256.png", "frontdesk-64.png", "frontdesk-32.png"):
        path = resource_path("icons", name)
        if path is not None:
            icon.addFile(str(path))
    return icon if not icon.isNull() else drawn_icon()


def drawn_icon(size: int = 256) -> QIcon:
    """The same picture as resources/icons/frontdesk.svg: a chair board with its now-line."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 256, size / 256)
    painter.setPen(Qt.PenStyle.NoPen)
    shapes = [("#2b6cb0", (8, 8, 240, 240, 44)), ("#ffffff", (36, 40, 184, 176, 14)),
              ("#4f81bd", (50, 82, 46, 70, 7)), ("#2e9e6b", (105, 104, 46, 96, 7)),
              ("#9b59b6", (160, 82, 46, 46, 7)), ("#4f81bd", (160, 140, 46, 60, 7)),
              ("#e03131", (40, 128, 176, 6, 3))]
    for colour, (x, y, w, h, r) in shapes:
        painter.setBrush(QColor(colour))
        painter.drawRoundedRect(QRectF(x, y, w, h), r, r)
    painter.end()
    return QIcon(pixmap)
