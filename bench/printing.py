"""Printing figures for `make bench`: one pre-visit sheet and a day's batch of 40, each against a bare
reportlab document of the same number of pages (plain text on a canvas: the floor).

`figures()` returns entries in the bench.json shape: name, value, floor, ratio, target, pass.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

# Issue 9's targets: one sheet at most 3 times the bare reportlab page (the same amount of text);
# a day's batch of 40 sheets within 1 second.
ONE_SHEET_TARGET = 3.0
BATCH_SECONDS_TARGET = 1.0


def _median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _figure(name: str, value: float, floor: float, target: float, *, absolute: bool = False) -> dict[str, Any]:
    """`target` bounds the ratio to the floor, or with `absolute` the value itself (seconds)."""
    ratio = value / floor if floor > 0 else float("inf")
    return {"name": name, "value": round(value, 4), "floor": round(floor, 4), "ratio": round(ratio, 2),
            "target": target, "pass": (value if absolute else ratio) <= target}


def figures(batch_size: int = 40) -> list[dict[str, Any]]:
    from frontdesk.documents import samples

    samples.one_sheet_pdf()  # fonts registered and caches warm, as in a running app
    samples.bare_pages_pdf(1)
    one = _median_seconds(samples.one_sheet_pdf, 5)
    one_floor = _median_seconds(lambda: samples.bare_pages_pdf(1), 5)
    batch = _median_seconds(lambda: samples.day_batch_pdf(batch_size), 3)
    batch_floor = _median_seconds(lambda: samples.bare_pages_pdf(batch_size), 3)
    return [
        _figure("print.one_sheet_seconds", one, one_floor, ONE_SHEET_TARGET),
        _figure(f"print.batch_{batch_size}_sheets_seconds", batch, batch_floor, BATCH_SECONDS_TARGET, absolute=True),
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(figures(), indent=2))
