"""Start-up time and peak memory of the whole app process against a bare PySide6 window."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.figures import Figure, median, p95
from bench.probes import MARKER


def measure(clinic: Path, repeat: int) -> list[Figure]:
    app_times, app_memory, bare_times, bare_memory = [], [], [], []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        seconds, megabytes = _run_probe(["app", str(clinic)])
        app_times.append(seconds * 1000)
        app_memory.append(megabytes)
        seconds, megabytes = _run_probe(["bare"])
        bare_times.append(seconds * 1000)
        bare_memory.append(megabytes)
    size = clinic.name.split("-")[1]
    return [
        Figure(f"startup median ms ({size} clinic)", median(app_times), median(bare_times), "ratio <= 1.5"),
        Figure(f"startup p95 ms ({size} clinic)", p95(app_times), p95(bare_times), "ratio <= 1.5"),
        Figure("startup peak memory MB", median(app_memory), median(bare_memory), "ratio <= 1.6"),
    ]


PROBE_TIMEOUT_S = 60.0


def _wait_for_marker(process: subprocess.Popen[str], deadline: float) -> bool:
    """Read the probe's output until its READY line, EOF or the deadline."""
    import select

    assert process.stdout is not None
    while (remaining := deadline - time.perf_counter()) > 0:
        readable, _, _ = select.select([process.stdout], [], [], remaining)
        if not readable:
            return False
        line = process.stdout.readline()
        if not line:
            return False
        if line.strip() == MARKER:
            return True
    return False


def _run_probe(arguments: list[str]) -> tuple[float, float]:
    """Seconds from spawning the process to its READY line, and its peak resident memory in MB."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.setdefault("FRONTDESK_USER", "admin")  # demo clinics have admin/demo once accounts exist
    env.setdefault("FRONTDESK_PASSWORD", "demo")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bench.probes", *arguments], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    ready = _wait_for_marker(process, started + PROBE_TIMEOUT_S)
    elapsed = time.perf_counter() - started
    process.kill()  # shown: start-up is over (no sign-in dialog waits here, no backup on quit)
    _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage (ru_maxrss in KiB on Linux)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = 0 if code == -signal.SIGKILL else code
    process.stdout.read()
    errors = process.stderr.read() if process.stderr else ""
    if not ready:
        raise RuntimeError(f"start-up probe {arguments[0]} showed no window within {PROBE_TIMEOUT_S:.0f} s "
                           f"(exit {process.returncode}): {errors.strip()[-300:]}")
    if process.returncode != 0:
        raise RuntimeError(f"start-up probe {arguments[0]} failed ({process.returncode}): {errors.strip()[-300:]}")
    return elapsed, usage.ru_maxrss / 1024
