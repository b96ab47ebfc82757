"""Start-up counted in instructions, not milliseconds: the same count run after run, whatever else the
machine does, so a change's effect on start-up shows even where wall-clock times jump by a third.

Runs each start-up probe once under valgrind's callgrind up to the first paint (the probe ends there)
and reads the instructions of the process's main thread: the password check's worker thread runs
beside it on another core and is left out, as it is from the wall-clock time to the first paint.
Reported for comparison between versions (target "info"); skipped where valgrind is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.figures import INFO, Figure, skipped
from bench.probes import EXIT_AT_READY, probe_env

NAME = "startup instructions to first paint (millions)"
HELPER_NAME = "startup instructions of the helper process (millions)"
PAINTED_NAME = "startup instructions of a bare window painted in Python (millions)"
TIMEOUT_S = 300.0  # callgrind runs a program some 50 times slower


def measure(clinic: Path) -> list[Figure]:
    if shutil.which("valgrind") is None:
        return [skipped(NAME, INFO, "valgrind is not installed (Debian package valgrind)")]
    app, helper = main_thread_instructions(["app", str(clinic)])
    bare, _ = main_thread_instructions(["bare"])
    painted, _ = main_thread_instructions(["painted"])
    return [
        Figure(NAME, app / 1e6, bare / 1e6, INFO,
               note="main thread, process start to the first paint, under callgrind: repeatable to a few "
                    "parts in a thousand"),
        Figure(PAINTED_NAME, painted / 1e6, bare / 1e6, INFO,
               note="the bare window with its words drawn in Python (QPainter.setPen builds the Qt "
                    "namespace's enums): what any Python-painted view adds to the label window"),
        Figure(HELPER_NAME, helper / 1e6, None, INFO,
               note="the app's helper process (signs in, reads today's board) runs beside the main thread: "
                    "on another core it adds no time, on a shared one it does"),
    ]


def main_thread_instructions(arguments: list[str]) -> tuple[int, int]:
    """Instructions the probe's main thread ran until its first paint, and those of the main threads of
    any processes it forked meanwhile (the app's read-ahead helper), in all."""
    env = probe_env()
    env[EXIT_AT_READY] = "1"
    with tempfile.TemporaryDirectory(prefix="frontdesk-callgrind-") as folder:
        # %p: a forked child writes its own file (it would overwrite the probe's otherwise)
        pattern = Path(folder) / "callgrind.out.%p"
        process = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--separate-threads=yes", f"--callgrind-out-file={pattern}",
             sys.executable, "-m", "bench.probes", *arguments],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, errors = process.communicate(timeout=TIMEOUT_S)
        # --separate-threads: one file per thread, the main one first ("-01")
        main_thread = Path(folder) / f"callgrind.out.{process.pid}-01"
        if process.returncode != 0 or not main_thread.exists():
            raise RuntimeError(f"callgrind run of the {arguments[0]} probe failed ({process.returncode}): "
                               f"{errors.strip()[-300:]}")
        helpers = [path for path in Path(folder).glob("callgrind.out.*-01") if path != main_thread]
        return _totals(main_thread), sum(_totals(path) for path in helpers)


def _totals(path: Path) -> int:
    callgrind_out = path.read_text(encoding="utf-8", errors="replace")
    for line in callgrind_out.splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split(":", 1)[1].split()[0])
    raise RuntimeError("callgrind output has no totals line")
