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
TIMEOUT_S = 300.0  # callgrind runs a program some 50 times slower


def measure(clinic: Path) -> list[Figure]:
    if shutil.which("valgrind") is None:
        return [skipped(NAME, INFO, "valgrind is not installed (Debian package valgrind)")]
    app = main_thread_instructions(["app", str(clinic)])
    bare = main_thread_instructions(["bare"])
    return [Figure(NAME, app / 1e6, bare / 1e6, INFO,
                   note="main thread, process start to the first paint, under callgrind: repeatable to a few "
                        "parts in a thousand")]


def main_thread_instructions(arguments: list[str]) -> int:
    """Instructions the probe's main thread ran until its first paint."""
    env = probe_env()
    env[EXIT_AT_READY] = "1"
    with tempfile.TemporaryDirectory(prefix="frontdesk-callgrind-") as folder:
        out = Path(folder) / "callgrind.out"
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--separate-threads=yes", f"--callgrind-out-file={out}",
             sys.executable, "-m", "bench.probes", *arguments],
            env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        main_thread = Path(f"{out}-01")  # --separate-threads: one file per thread, the main one first
        if done.returncode != 0 or not main_thread.exists():
            raise RuntimeError(f"callgrind run of the {arguments[0]} probe failed ({done.returncode}): "
                               f"{done.stderr.strip()[-300:]}")
        return _totals(main_thread.read_text(encoding="utf-8", errors="replace"))


def _totals(callgrind_out: str) -> int:
    for line in callgrind_out.splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split(":", 1)[1].split()[0])
    raise RuntimeError("callgrind output has no totals line")
