"""A benchmark figure, the statistics behind it, and the table / bench.json that report it."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INFO = "info"  # the target of a figure that is reported for comparison, not judged


@dataclass
class Figure:
    """One line of the report: `value` against its `floor`, judged by `target`."""

    name: str
    value: float | None
    floor: float | None
    target: str  # "ratio <= 1.5", "value <= 16", …
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    @property
    def judged(self) -> bool:
        return self.target != INFO

    @property
    def passed(self) -> bool:
        if not self.judged:
            return True
        subject, limit = _parse_target(self.target)
        measured = self.ratio if subject == "ratio" else self.value
        return measured is not None and measured <= limit

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name, "value": _round(self.value), "floor": _round(self.floor),
            "ratio": _round(self.ratio), "target": self.target, "pass": self.passed,
        }
        if self.note:
            data["note"] = self.note
        return data


def skipped(name: str, target: str, reason: str) -> Figure:
    """A figure whose feature is not there yet: reported, not crashed on (pass is false)."""
    return Figure(name, None, None, target, note=f"skipped: {reason}")


def _parse_target(target: str) -> tuple[str, float]:
    subject, _, limit = target.partition("<=")
    return subject.strip(), float(limit.split()[0])


def _round(number: float | None) -> float | None:
    return None if number is None else round(number, 3)


def median(samples: Sequence[float]) -> float:
    return float(statistics.median(samples))


def p95(samples: Sequence[float]) -> float:
    """The nearest-rank 95th percentile (with few samples, the slowest or nearly)."""
    ordered = sorted(samples)
    return float(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)])


def time_ms(action: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls of `action`."""
    import time

    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_pair_ms(action: Callable[[], object], floor: Callable[[], object],
                 repeat: int) -> tuple[list[float], list[float]]:
    """time_ms of `action` and of its `floor`, taken in turns: a slower moment of the machine then falls
    on both alike instead of on whichever ran during it."""
    samples: list[float] = []
    floors: list[float] = []
    for _ in range(repeat):
        samples += time_ms(action, 1)
        floors += time_ms(floor, 1)
    return samples, floors


def print_table(figures: Sequence[Figure]) -> None:
    header = ("figure", "value", "floor", "ratio", "target", "pass")
    rows = [header] + [
        (f.name, _text(f.value), _text(f.floor), _text(f.ratio), f.target,
         "skip" if f.note.startswith("skipped") else ("-" if not f.judged else "pass" if f.passed else "FAIL"))
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    for figure in figures:
        if figure.note:
            print(f"  {figure.name}: {figure.note}")


def write_json(figures: Sequence[Figure], path: Path) -> None:
    path.write_text(json.dumps([f.to_json() for f in figures], indent=2) + "\n", encoding="utf-8")


def _text(number: float | None) -> str:
    return "-" if number is None else f"{number:.2f}"
