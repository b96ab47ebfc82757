"""QtPdf and reportlab stay off the start-up path: the main window's modules do not import them."""

from __future__ import annotations

import subprocess
import sys

START_UP = ("frontdesk.app", "frontdesk.cli.main", "frontdesk.ui.main_window", "frontdesk.ui.printing.menu",
            "frontdesk.ui.printing.sheet_status")


def test_main_window_modules_do_not_load_qtpdf_or_reportlab() -> None:
    code = (f"import sys, importlib; [importlib.import_module(m) for m in {START_UP!r}]; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6.QtPdf', 'reportlab'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
