"""Where start-up time goes: `python -m bench.phases [CLINIC] [RUNS]` (after `make bench` built the clinics).

Runs the start-up probes (`bench/probes.py`, the real `frontdesk gui` path and the bare window) under
`python -X importtime`, several times each, and splits the time to READY (the board's first paint)
into what was imported before it, by package, and the rest (running code: opening the database,
reading the day, building and painting the window). Medians over the runs, app beside bare window.

Import times measured this way include the import machinery's own overhead, so the parts add up to a
little more than a plain start; use them to see where the difference is, and `make bench` for the
figures themselves.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.probes import MARKER, probe_env
from bench.startup import PROBE_TIMEOUT_S

# Packages reported on their own line; any other import counts as "other modules (standard library…)".
GROUPS = (
    ("PySide6 and shiboken6", ("PySide6", "shiboken6", "shibokensupport")),
    ("peewee", ("peewee",)),
    ("frontdesk.data", ("frontdesk.data",)),
    ("frontdesk.services", ("frontdesk.services",)),
    ("frontdesk.rules and values", ("frontdesk.rules", "frontdesk.values", "frontdesk.settings")),
    ("frontdesk.ui", ("frontdesk.ui",)),
    ("frontdesk (the rest: app, cli, resources…)", ("frontdesk",)),
    ("argon2 and cffi", ("argon2", "_argon2_cffi_bindings", "_cffi_backend", "cffi")),
)
OTHER = "other modules (standard library, site, the probe)"
RUNNING = "running code (not importing) until the first paint"


def main(argv: list[str]) -> int:
    clinic = Path(argv[0]) if argv else _largest_clinic()
    runs = int(argv[1]) if len(argv) > 1 else 5
    app: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    for _ in range(runs):  # interleaved, so both see the same machine load
        app.append(_one_start(["app", str(clinic)]))
        bare.append(_one_start(["bare"]))
    print(f"start-up to the board's first paint, {clinic.name}, median of {runs} runs under -X importtime (ms)\n")
    print(f"{'part':58s} {'app':>8s} {'bare':>8s}")
    for name in [name for name, _ in GROUPS] + [OTHER, RUNNING, "total"]:
        print(f"{name:58s} {_median(app, name):8.1f} {_median(bare, name):8.1f}")
    return 0


def _largest_clinic() -> Path:
    from bench.clinics import data_dir

    found = sorted(data_dir().glob("clinic-*.sqlite3"), key=lambda path: int(path.name.split("-")[1][:-1]))
    if not found:
        raise SystemExit("no benchmark clinic yet: run `make bench` first, or name a clinic file")
    return found[-1]


def _one_start(arguments: list[str]) -> dict[str, float]:
    """One probe process: milliseconds per part until READY."""
    env = probe_env()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "bench.probes", *arguments], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    lines: list[str] = []
    deadline = started + PROBE_TIMEOUT_S
    for line in process.stdout:  # importtime writes to stderr, merged here in order with READY
        if line.strip() == MARKER:
            total = (time.perf_counter() - started) * 1000
            break
        lines.append(line)
        if time.perf_counter() > deadline:
            raise RuntimeError(f"start-up probe {arguments[0]} did not show within {PROBE_TIMEOUT_S:.0f} s")
    else:
        raise RuntimeError(f"start-up probe {arguments[0]} ended before its first paint")
    process.kill()
    process.wait()
    parts = _imports_by_group(lines)
    parts[RUNNING] = total - sum(parts.values())
    parts["total"] = total
    return parts


def _imports_by_group(lines: list[str]) -> dict[str, float]:
    """Each module's own import time (not its children's), summed by group."""
    parts: dict[str, float] = defaultdict(float)
    for line in lines:
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _cumulative, module = line[len("import time:"):].split("|", 2)
        parts[_group(module.strip())] += int(own) / 1000
    return parts


def _group(module: str) -> str:
    for name, prefixes in GROUPS:
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return name
    return OTHER


def _median(runs: list[dict[str, float]], part: str) -> float:
    return statistics.median(run.get(part, 0.0) for run in runs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
