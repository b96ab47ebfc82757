"""A clinic's regular `pip install .` (not editable) brings the icons and every other resource."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


def shipped_files() -> dict[Path, str]:
    """Each file of resources/ that `[tool.setuptools.data-files]` installs, with its folder under <prefix>."""
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    return {path: folder for folder, patterns in table.items() for pattern in patterns for path in ROOT.glob(pattern)}


def test_every_resource_file_is_installed_where_the_lookup_finds_it() -> None:
    shipped = shipped_files()
    on_disk = {path for path in RESOURCES.rglob("*") if path.is_file()}
    assert sorted(str(p.relative_to(ROOT)) for p in on_disk - set(shipped)) == []
    for path, folder in shipped.items():
        assert Path(folder) == Path("share/frontdesk") / path.parent.relative_to(RESOURCES)


INSTALLED_CHECK = textwrap.dedent("""
    import sys
    from pathlib import Path
    import frontdesk
    from frontdesk.ui.application import create_application, install_window_icon
    from frontdesk.ui.resources import resource_path

    share = Path(sys.prefix) / "share" / "frontdesk"
    assert Path(frontdesk.__file__).is_relative_to(sys.prefix), frontdesk.__file__
    assert resource_path("icons", "frontdesk.svg") == share / "icons" / "frontdesk.svg"
    from frontdesk.resources import resource_path as any_resource
    assert any_resource("handouts", "en.json") == share / "handouts" / "en.json"
    assert resource_path("icons", "frontdesk-64.png") == share / "icons" / "frontdesk-64.png"
    app = create_application([])
    install_window_icon()  # as start-up does once the board is on screen
    assert {size.width() for size in app.windowIcon().availableSizes()} >= {32, 64, 256}
    print("installed app finds its resources")
""")


@pytest.mark.slow
def test_a_regular_install_runs_with_its_resources(tmp_path: Path) -> None:
    wheel_dir, venv = tmp_path / "wheel", tmp_path / "venv"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)], cwd=tmp_path)
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    wheel = next(wheel_dir.glob("frontdesk-*.whl"))
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        cwd=tmp_path)
    # The dependencies come from the test environment; the package itself only from the new install.
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"], "QT_QPA_PLATFORM": "offscreen"}
    assert "finds its resources" in run([str(python), "-c", INSTALLED_CHECK], cwd=tmp_path, env=env)
    db = str(tmp_path / "clinic.sqlite3")
    assert "demo clinic ready" in run([str(venv / "bin" / "frontdesk"), "demo", "--db", db, "--patients", "5"],
                                      cwd=tmp_path, env=env)
    board = json.loads(run([str(venv / "bin" / "frontdesk"), "schedule", "--db", db, "--json"], cwd=tmp_path, env=env))
    first = next(iter(records(board)))
    sheet = tmp_path / "sheet.pdf"  # wording and fonts from the installed share/frontdesk
    run([str(venv / "bin" / "frontdesk"), "handout", str(first["id"]), "--db", db, "-o", str(sheet)],
        cwd=tmp_path, env={**env, "FRONTDESK_USER": "desk", "FRONTDESK_PASSWORD": "demo"})
    assert sheet.read_bytes().startswith(b"%PDF")


def records(value: object) -> list[dict[str, object]]:
    """The appointments anywhere in the schedule's JSON (dicts with an id and a start)."""
    if isinstance(value, dict):
        return [value] if {"id", "start"} <= value.keys() else [r for v in value.values() for r in records(v)]
    if isinstance(value, list):
        return [r for v in value for r in records(v)]
    return []


def run(command: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{command[:3]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout
