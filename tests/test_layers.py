"""The one-way shape `ui → services → (rules, data, documents)`, checked by reading every import.

Each module of the package is parsed with `ast` (imports inside functions count too) and every import
that crosses a layer the wrong way is reported as `module imports name: reason`. When this fails, move
the query or the drawing behind a service function rather than adding an exception here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "frontdesk"

# Third-party libraries only one layer may use.
OWNED_LIBRARIES = {
    "PySide6": "ui", "shiboken6": "ui",
    "peewee": "data", "playhouse": "data", "psycopg2": "data",
    "reportlab": "documents",
}

# Which layers may import which of the package's own layers (modules in no layer, such as
# frontdesk.values, frontdesk.settings and frontdesk.resources, are plain and open to all).
MAY_IMPORT = {
    "rules": {"rules"},
    "data": {"data", "rules"},
    "documents": {"documents", "rules"},
    "services": {"services", "rules", "data", "documents"},
    "ui": {"ui", "services", "rules"},
    "cli": {"cli", "services", "rules", "data", "app"},
    "app": {"services", "data", "ui"},  # the composition root opens the database and the window
    "plain": {"plain"},
}
# The composition root opens the database and nothing more of the data layer. (The commands may still
# read through repositories; they never import peewee, so their SQL stays in frontdesk/data.)
ONLY_DATABASE_OPENING = {"app"}
OPENING_MODULE = "frontdesk.data.database"


def layer_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "frontdesk" or len(parts) == 1:
        return "plain"
    if parts[1] in {"ui", "data", "services", "rules", "documents", "cli"}:
        return parts[1]
    return "app" if parts[1] == "app" else "plain"


def module_name(path: Path, package: Path) -> str:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every module named by an import statement anywhere in the file, relative imports resolved."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, module, is_package)
            yield base
            if base in {"frontdesk", "frontdesk.data", "frontdesk.ui", "frontdesk.services"}:
                yield from (f"{base}.{alias.name}" for alias in node.names)  # `from frontdesk import data`


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    anchor = parts if is_package else parts[:-1]
    anchor = anchor[: len(anchor) - node.level + 1]
    return ".".join([*anchor, node.module] if node.module else anchor)


def crossing(module: str, name: str) -> str | None:
    """Why `module` may not import `name`, or None when the import keeps the shape."""
    layer = layer_of(module)
    top = name.split(".")[0]
    if top in OWNED_LIBRARIES:
        owner = OWNED_LIBRARIES[top]
        return None if layer == owner else f"only frontdesk/{owner} may import {top}"
    if top != "frontdesk":
        return None
    target = layer_of(name)
    if target == "plain" or target == layer:
        return None
    if target not in MAY_IMPORT[layer]:
        return f"{layer} may not import {target} (allowed: {', '.join(sorted(MAY_IMPORT[layer]))})"
    if layer in ONLY_DATABASE_OPENING and target == "data" and name not in {OPENING_MODULE, "frontdesk.data"}:
        return f"{layer} only opens the database ({OPENING_MODULE}); reach the rest through a service"
    return None


def crossings(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name in imported_names(tree, module, path.name == "__init__.py"):
            reason = crossing(module, name)
            if reason:
                found.append(f"{module} imports {name}: {reason}")
    return sorted(set(found))


# Crossings still to be routed through a service by their owner; remove a line here once it is fixed.
PENDING: set[str] = set()


def test_no_import_crosses_a_layer_the_wrong_way() -> None:
    found = crossings()
    assert [c for c in found if c not in PENDING] == []
    assert sorted(PENDING - set(found)) == [], "fixed: remove these from PENDING"


def test_the_ui_reading_the_database_directly_is_caught() -> None:
    assert crossing("frontdesk.ui.booking.cancel_dialog", "frontdesk.data.appointments_repo")
    assert crossing("frontdesk.ui.patients.panel", "frontdesk.data")


def test_qt_sql_and_pdf_libraries_are_caught_outside_their_layer() -> None:
    assert crossing("frontdesk.services.booking", "PySide6.QtCore")
    assert crossing("frontdesk.cli.errors", "peewee")
    assert crossing("frontdesk.ui.printing.preview", "reportlab.pdfgen")
    assert crossing("frontdesk.rules.booking", "playhouse.shortcuts")


def test_lower_layers_never_reach_up() -> None:
    assert crossing("frontdesk.rules.series", "frontdesk.services.booking")
    assert crossing("frontdesk.data.booking_repo", "frontdesk.services.audit")
    assert crossing("frontdesk.services.booking", "frontdesk.ui.booking.booking_dialog")


def test_the_allowed_directions_pass() -> None:
    assert crossing("frontdesk.ui.booking.cancel_dialog", "frontdesk.services.booking") is None
    assert crossing("frontdesk.services.booking", "frontdesk.data.booking_repo") is None
    assert crossing("frontdesk.cli.common", "frontdesk.data.database") is None
    assert crossing("frontdesk.data.models", "peewee") is None
    assert crossing("frontdesk.rules.clock", "frontdesk.values") is None


def test_relative_imports_are_resolved(tmp_path: Path) -> None:
    package = tmp_path / "frontdesk"
    (package / "ui").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "ui" / "__init__.py").write_text("")
    (package / "ui" / "screen.py").write_text("def f():\n    from ..data import models\n")
    assert crossings(package) == [
        "frontdesk.ui.screen imports frontdesk.data.models: ui may not import data (allowed: rules, services, ui)",
        "frontdesk.ui.screen imports frontdesk.data: ui may not import data (allowed: rules, services, ui)",
    ]
