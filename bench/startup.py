"""Start-up time and peak memory of the whole app process against a bare PySide6 window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import INFO, Figure, median, p95
from bench.probes import MARKER, SETTLED, probe_env


def measure(clinic: Path, repeat: int) -> list[Figure]:
    app: list[tuple[float, float, float]] = []
    bare: list[tuple[float, float, float]] = []
    painted: list[tuple[float, float, float]] = []
    # One round first, not counted: the first start of a run (always the app's, which goes first) pays
    # for whatever the machine has let go cold meanwhile, up to twice the usual time here.
    _run_probe(["app", str(clinic)])
    _run_probe(["bare"])
    _run_probe(["painted"])
    first_starts: list[float] = []
    for round_ in range(repeat):  # interleaved, so all see the same machine load
        app.append(_run_probe(["app", str(clinic)]))
        bare.append(_run_probe(["bare"]))
        painted.append(_run_probe(["painted"]))
        if round_ % FIRST_START_EVERY == 0:
            first_starts.append(_first_start(clinic))
    app_shown, app_settled, app_memory = ([run[i] for run in app] for i in range(3))
    bare_shown, bare_settled, bare_memory = ([run[i] for run in bare] for i in range(3))
    painted_shown = [run[0] for run in painted]
    size = clinic.name.split("-")[1]
    return [
        Figure(f"startup median ms ({size} clinic)", median(app_shown), median(bare_shown), "ratio <= 1.5",
               note="process start to the first paint of the window with today's board"),
        Figure(f"startup p95 ms ({size} clinic)", p95(app_shown), p95(bare_shown), "ratio <= 1.5"),
        Figure("startup until every screen is in median ms", median(app_settled), median(bare_settled), INFO,
               note="patient panel, attention list, menus and the idle lock hooked in after the first paint"),
        Figure("startup peak memory MB", median(app_memory), median(bare_memory), "ratio <= 1.6",
               note="highest resident memory until every screen is in"),
        Figure(FIRST_START_NAME, median(first_starts), median(bare_shown), INFO,
               note=f"median of {len(first_starts)} starts each with an empty code cache, as the first start after "
                    "an install or upgrade: dataclasses' methods and PySide6's support code compiled, not read"),
        Figure(PAINTED_NAME, median(painted_shown), median(bare_shown), INFO,
               note="the bare window with its words drawn by a Python paintEvent, as the board is: its "
                    "painter's pen alone builds the Qt namespace's enums; the app is judged against the label"),
    ]


PAINTED_NAME = "startup median ms of a bare window painted in Python"
FIRST_START_NAME = "startup median ms of a first start (no code kept yet)"
FIRST_START_EVERY = 4  # rounds: 5 first starts in a run of 20


def _first_start(clinic: Path) -> float:
    """Milliseconds to the first paint of a start that finds no compiled code kept (frontdesk/code_cache.py)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-cache-") as empty:
        return _run_probe(["app", str(clinic)], code_cache=empty)[0]


PROBE_TIMEOUT_S = 60.0


def _marker_times(process: subprocess.Popen[bytes], started: float, deadline: float) -> dict[str, float]:
    """Seconds after `started` at which the probe printed each line, until SETTLED, EOF or the deadline.

    Reads the pipe unbuffered: a buffered reader could hold a line that select() no longer reports."""
    import select

    assert process.stdout is not None
    seen: dict[str, float] = {}
    pending = b""
    fd = process.stdout.fileno()
    while SETTLED not in seen and (remaining := deadline - time.perf_counter()) > 0:
        readable, _, _ = select.select([fd], [], [], remaining)
        chunk = os.read(fd, 4096) if readable else b""
        if not chunk:
            break
        now = time.perf_counter() - started
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            seen.setdefault(line.strip().decode(errors="replace"), now)
    return seen


def _run_probe(arguments: list[str], code_cache: str | None = None) -> tuple[float, float, float]:
    """Milliseconds from spawning the process to its READY and SETTLED lines, and its peak resident
    memory in MB until then."""
    env = probe_env(code_cache)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bench.probes", *arguments], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = _marker_times(process, started, started + PROBE_TIMEOUT_S)
    process.kill()  # start-up is over (no sign-in dialog waits here, no backup on quit)
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage (ru_maxrss in KiB on Linux)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = 0 if code == -signal.SIGKILL else code
    assert process.stdout is not None
    process.stdout.read()
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if MARKER not in seen or SETTLED not in seen:
        raise RuntimeError(f"start-up probe {arguments[0]} did not show and settle within {PROBE_TIMEOUT_S:.0f} s "
                           f"(exit {process.returncode}): {errors.strip()[-300:]}")
    if process.returncode != 0:
        raise RuntimeError(f"start-up probe {arguments[0]} failed ({process.returncode}): {errors.strip()[-300:]}")
    return seen[MARKER] * 1000, seen[SETTLED] * 1000, usage.ru_maxrss / 1024
