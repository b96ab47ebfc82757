"""Demo clinics for the benchmarks, built once with `frontdesk demo`, cached by size, seed and schema version."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path


def data_dir() -> Path:
    return Path(os.environ.get("FRONTDESK_BENCH_DATA", "bench-data"))


def clinic(patients: int, days: int, seed: int) -> Path:
    """The cached clinic file for this size and seed, building it first if needed."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"clinic-{patients}p-{days}d-s{seed}-v{_schema_version()}.sqlite3"
    if path.exists():
        return path
    partial = path.with_name(path.name + ".building")
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    print(f"building {path} ({patients} patients, {days} days either side of today)…", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "frontdesk.cli.main", "demo", "--db", str(partial),
         "--patients", str(patients), "--days", str(days), "--seed", str(seed)],
        check=True,
    )
    _checkpoint(partial)
    partial.rename(path)  # only a finished clinic gets the cached name
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def _schema_version() -> str:
    """A new migration (new tables) or new demo data makes new clinics rather than reusing stale ones."""
    import hashlib

    from frontdesk.data.migrations import MIGRATIONS
    from frontdesk.services.demo import DEMO_DATA_VERSION

    numbers = ",".join(str(number) for number, _, _ in sorted(MIGRATIONS)) + f"/demo{DEMO_DATA_VERSION}"
    return hashlib.sha1(numbers.encode()).hexdigest()[:8]


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file (and drop it) so the clinic is one self-contained file to rename."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")  # the app switches it back to WAL when it opens the file
    conn.close()
