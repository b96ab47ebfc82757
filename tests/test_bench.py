"""`python -m bench` on tiny clinics: it runs from scratch and writes bench.json in the agreed shape.

No timing is asserted here: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_builds_its_clinics_and_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FRONTDESK_BENCH_SIZES="20,40", FRONTDESK_BENCH_DAYS="3",
               FRONTDESK_BENCH_REPEAT="1", FRONTDESK_BENCH_DATA=str(tmp_path / "data"),
               FRONTDESK_BENCH_OUT=str(out))
    run = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"wrote {out}" in run.stdout
    figures = json.loads(out.read_text())
    assert isinstance(figures, list) and figures
    for figure in figures:
        assert {"name", "value", "floor", "ratio", "target", "pass"} <= figure.keys()
        assert isinstance(figure["pass"], bool)
        assert "error" not in figure.get("note", ""), figure
    names = [f["name"] for f in figures]
    assert any(name.startswith("startup") for name in names)
    assert any(name.startswith("board") for name in names)
    # a busy day's first view: a median over days each shown for the first time; the run's first on its own
    [first] = [f for f in figures if f["name"] == "board busy day first view ms"]
    assert first["value"] > 0 and first["target"] == "value <= 16" and "median of" in first["note"], first
    [very_first] = [f for f in figures if f["name"] == "board busy day first view of the run ms"]
    assert very_first["value"] > 0 and very_first["target"] == "info", very_first
    # stepping to the next day after a pause (the window draws it ahead meanwhile), against the first view
    [stepped] = [f for f in figures if f["name"] == "board next busy day after a pause median ms"]
    assert stepped["value"] > 0 and stepped["floor"] > 0 and stepped["target"] == "info", stepped
    assert {"find opening (14 days) p95 ms", "series plan (6 sessions) p95 ms", "needs attention list p95 ms",
            "boosters due p95 ms"} <= set(names)
    [counted] = [f for f in figures if f["name"] == "startup instructions to first paint (millions)"]
    helpers = [f for f in figures if f["name"] == "startup instructions of the helper process (millions)"]
    painted = [f for f in figures if f["name"] == "startup instructions of a bare window painted in Python (millions)"]
    if shutil.which("valgrind"):  # counted for both processes: the app runs more than the bare window
        assert counted["value"] > counted["floor"] > 0, counted
        # the app's read-ahead helper (signs in, reads today's board) is counted on its own
        assert len(helpers) == 1 and helpers[0]["value"] > 0, helpers
        # a window painted in Python builds the Qt namespace's enums: more than the label (the app, which
        # compiles less than either at a start with its code kept, may run fewer instructions than it)
        assert len(painted) == 1 and painted[0]["value"] > painted[0]["floor"] > 0, painted
    else:
        assert counted["value"] is None and "valgrind" in counted["note"]
    # the Python enums PySide6 builds to the first paint, counted: the app's window touches more Qt classes
    [enums] = [f for f in figures if f["name"] == "startup Python enum members built to first paint"]
    assert enums["value"] > enums["floor"] > 0 and "enum classes: app" in enums["note"], enums
    assert "painted in Python" in enums["note"], enums
    # a first start, with no compiled code kept yet, on its own; the others keep theirs in the bench's folder
    [first_start] = [f for f in figures if f["name"] == "startup median ms of a first start (no code kept yet)"]
    assert first_start["value"] > 0 and first_start["target"] == "info", first_start
    assert "empty code cache" in first_start["note"], first_start
    kept = sorted(path.name.split(".")[0] for path in (tmp_path / "data" / "code-cache").glob("*.marshal"))
    assert kept == ["dataclass-methods", "pyside-support"]
    [painted_start] = [f for f in figures if f["name"] == "startup median ms of a bare window painted in Python"]
    assert painted_start["value"] > 0 and painted_start["floor"] > 0 and painted_start["target"] == "info"
    # the morning's first sheet, in fresh processes: the app's sheet does more than the bare document
    [first] = [f for f in figures if f["name"] == "handout first sheet of a process median ms"]
    assert first["value"] > first["floor"] > 0, first
    built = sorted(p.name for p in (tmp_path / "data").glob("clinic-*") if not p.name.endswith(("-wal", "-shm")))
    assert [name.split("-v")[0] for name in built] == ["clinic-20p-3d-s1", "clinic-40p-3d-s1"]
    assert all(name.endswith(".sqlite3") for name in built)  # no half-built leftovers


@pytest.mark.slow
def test_bench_phases_splits_start_up_into_imports_by_package_and_running_code(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic-20p.sqlite3"
    subprocess.run([sys.executable, "-m", "frontdesk.cli.main", "demo", "--db", str(clinic), "--patients", "20",
                    "--days", "2"], cwd=ROOT, check=True, capture_output=True, timeout=120)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-m", "bench.phases", str(clinic), "1"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    rows = {line[:58].strip(): [float(x) for x in line[58:].split()] for line in run.stdout.splitlines()
            if line[58:].strip() and line[:4] not in ("part", "star")}
    assert set(rows) == {"PySide6 and shiboken6", "peewee", "frontdesk.data", "frontdesk.services",
                         "frontdesk.rules and values", "frontdesk.ui", "frontdesk (the rest: app, cli, resources…)",
                         "argon2 and cffi", "other modules (standard library, site, the probe)",
                         "running code (not importing) until the first paint", "total"}
    app, bare = ({name: values[i] for name, values in rows.items()} for i in (0, 1))
    assert app["frontdesk.ui"] > 0 and app["peewee"] > 0 and app["PySide6 and shiboken6"] > 0
    assert bare["frontdesk.ui"] == bare["peewee"] == 0  # the bare window loads none of the app
    for side in (app, bare):
        parts = sum(value for name, value in side.items() if name != "total")
        assert abs(parts - side["total"]) < 1.0  # the parts are the whole (each printed to 0.1 ms)
