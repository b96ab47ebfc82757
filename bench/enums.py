"""Python enums built on the way to the first paint: the app against the bare window.

PySide6 makes the Python enums of a Qt class (enum.Enum subclasses, one member per C++ value) the
first time Python touches that class, and those of the whole Qt namespace (some 90 enums, 1,200
members) at its first use. On Python 3.11 that costs roughly 25 µs a member: at this writing it is the
largest single part of what the app's start-up spends beyond the bare window's. Counted (not timed)
once for each probe, so a change that builds more or fewer of them shows here whatever the machine's
load. Reported for comparison between versions (target "info").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.figures import INFO, Figure
from bench.probes import COUNT_ENUMS, ENUMS, EXIT_AT_READY, probe_env

NAME = "startup Python enum members built to first paint"
TIMEOUT_S = 60.0


def measure(clinic: Path) -> list[Figure]:
    app_classes, app_members = built_enums(["app", str(clinic)])
    bare_classes, bare_members = built_enums(["bare"])
    painted_classes, painted_members = built_enums(["painted"])
    return [Figure(NAME, app_members, bare_members, INFO,
                   note=f"enum classes: app {app_classes}, bare window {bare_classes} (painted in Python: "
                        f"{painted_classes} classes, {painted_members} members); PySide6 builds a Qt class's "
                        "Python enums at its first use")]


def built_enums(arguments: list[str]) -> tuple[int, int]:
    """(enum classes, members) the probe built until its first paint."""
    env = probe_env()
    env[COUNT_ENUMS] = env[EXIT_AT_READY] = "1"
    done = subprocess.run([sys.executable, "-m", "bench.probes", *arguments], env=env, capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)
    for line in done.stdout.splitlines():
        if line.startswith(ENUMS + " "):
            classes, members = line.split()[1:3]
            return int(classes), int(members)
    raise RuntimeError(f"the {arguments[0]} probe printed no enum count ({done.returncode}): "
                       f"{done.stderr.strip()[-300:]}")
