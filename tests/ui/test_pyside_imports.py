"""PySide6's import hook no longer reads each module's source (frontdesk/ui/pyside_imports.py)."""

from __future__ import annotations

import linecache
import os
import subprocess
import sys
from pathlib import Path

import pytest

import frontdesk.ui.application  # noqa: F401  (what turns the scans off, as the app does)
from frontdesk.ui.pyside_imports import skip_source_scans


def test_a_module_imported_after_pyside_is_not_read_for_the_hook(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "freshly_written_module.py"
    module.write_text("from PySide6.QtCore import QObject\n\nVALUE = 41 + 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "freshly_written_module", raising=False)
    import freshly_written_module  # type: ignore[import-not-found]

    assert freshly_written_module.VALUE == 42
    assert str(module) not in linecache.cache  # PySide6's hook read it all into linecache before
    assert skip_source_scans()  # found in this PySide6, and calling it again changes nothing
    hook = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    assert hook(freshly_written_module) and hook(freshly_written_module, "what a later PySide6 may pass")


_FEATURE_USER = """
from __feature__ import snake_case
from PySide6.QtWidgets import QLabel


def words(label: QLabel) -> str:
    label.set_text("chosen features still apply")
    return label.text()
"""

_MAIN = """
import sys
from frontdesk.ui.application import create_application
from PySide6.QtWidgets import QLabel

app = create_application(sys.argv[:1])
import feature_user
label = QLabel()
label.setText("and the default ones elsewhere")
print(feature_user.words(QLabel()) + " / " + label.text())
"""


def test_a_module_that_selects_pyside_features_still_gets_them(tmp_path: Path) -> None:
    """The hook's answer only picks a module's features: one that asks for snake_case gets it, and the
    modules that ask for nothing keep Qt's own names."""
    (tmp_path / "feature_user.py").write_text(_FEATURE_USER, encoding="utf-8")
    ran = subprocess.run([sys.executable, "-c", _MAIN], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                              "PYTHONPATH": str(tmp_path)})
    assert ran.returncode == 0, ran.stderr[-800:]
    assert ran.stdout.strip() == "chosen features still apply / and the default ones elsewhere"
