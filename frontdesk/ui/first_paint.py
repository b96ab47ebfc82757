"""What the code on the way to the board's first paint may not do: touch PySide6's `Qt` namespace.

PySide6 builds every Python enum of the `Qt` namespace (some 90 enums, 1,200 members: about 40 ms,
the largest part of what start-up spent beyond a bare window) the first time anything touches it: a
`from PySide6.QtCore import Qt`, a `Qt.AlignmentFlag`, and any call whose overloads it must tell
apart by a `Qt` enum (QPainter.setPen, setBrush and fillRect, QAction.setShortcut, addDockWidget…).

So the modules the window imports before its first paint import `Qt` inside the functions that
run later (a key press, a drag, a menu), and what the first paint needs is set here: Qt's own values
as plain numbers, written through the widgets' properties (Qt converts a number to a property's enum
itself), and the painting helpers of frontdesk/ui/schedule/pictures.py. A test
(tests/ui/test_first_paint.py) starts the app as the desk does and fails if the namespace is built
before the board is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

# Qt::ItemDataRole
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
FOREGROUND_ROLE = 9
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100

# Qt::AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_RIGHT = 0x0002
ALIGN_TOP = 0x0020

# Qt::TextFormat
PLAIN_TEXT = 0
RICH_TEXT = 1

# Qt::TextInteractionFlag
TEXT_SELECTABLE_BY_MOUSE = 0x1

# Qt::ToolButtonStyle
TOOL_BUTTON_TEXT_ONLY = 1

# Qt::ShortcutContext
WIDGET_SHORTCUT = 0

# Qt::DropAction
MOVE_ACTION = 0x2


def set_enum(widget: QObject, name: str, value: int) -> None:
    """Set the enum (or flags) property `name` of a Qt object to a number, as its setter would, without
    PySide6 making the Python enum (reading it back with the getter does make it)."""
    if not widget.setProperty(name, value):
        raise ValueError(f"{type(widget).__name__} has no property {name!r} taking {value!r}")
