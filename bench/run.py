"""The benchmark run: build or reuse the clinics, measure every figure, print the table, write bench.json."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bench import board, clinics, enums, handout, instructions, interactions, search, startup
from bench.figures import Figure, print_table, write_json


def _sizes() -> list[int]:
    text = os.environ.get("FRONTDESK_BENCH_SIZES", "1000,10000,100000")
    return sorted({int(part) for part in text.split(",") if part.strip()})


def compile_bytecode() -> None:
    """Byte-compile the app (and the probes) as `pip install` does for an installed app.

    An editable checkout run with PYTHONDONTWRITEBYTECODE (as on CI machines) would otherwise compile
    every module from source at each start: a cost no installed copy pays. Stale files are redone."""
    import compileall

    root = Path(__file__).resolve().parents[1]
    for package in ("frontdesk", "bench"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> int:
    days = int(os.environ.get("FRONTDESK_BENCH_DAYS", "913"))
    seed = int(os.environ.get("FRONTDESK_BENCH_SEED", "1"))
    repeat = int(os.environ.get("FRONTDESK_BENCH_REPEAT", "20"))  # 20: the p95 is a percentile, not the slowest
    out = Path(os.environ.get("FRONTDESK_BENCH_OUT", "bench.json")).resolve()
    started = time.perf_counter()
    compile_bytecode()
    built = {size: clinics.clinic(size, days, seed) for size in _sizes()}
    largest = built[max(built)]
    figures: list[Figure] = []
    for label, step in (
        ("start-up", lambda: startup.measure(largest, repeat)),
        ("start-up instructions", lambda: instructions.measure(largest)),
        ("start-up enums", lambda: enums.measure(largest)),
        ("search", lambda: search.measure(built, seed)),
        ("board", lambda: board.measure(largest)),
        ("handout", lambda: handout.measure(largest)),
        ("interactions", lambda: interactions.measure(largest)),
    ):
        print(f"measuring {label}…", flush=True)
        try:
            figures += step()
        except Exception as exc:  # one broken figure must not hide the others
            reason = f"error: {type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
            print(f"  {label} failed: {reason}", flush=True)
            figures.append(Figure(label, None, None, "value <= 0", note=reason))
    print()
    print_table(figures)
    write_json(figures, out)
    judged = [f for f in figures if f.judged]
    print(f"\n{sum(f.passed for f in judged)} of {len(judged)} figures meet their target "
          f"({time.perf_counter() - started:.0f} s)")
    print(f"wrote {out}")
    return 0
