"""Patient search per keystroke (name prefix, phone digits, date of birth) against a raw SQLite lookup."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.figures import Figure, p95, skipped

KINDS = ("name", "phone", "dob")
TARGET = "value <= 5"
ROUNDS = 3  # every keystroke is searched this many times, the clinic sizes taking turns
_ROW = "id, legal_first, legal_last, date_of_birth, chart_number"


def search_function() -> Callable[..., list[Any]] | None:
    try:
        from frontdesk.services.patients import search
    except ImportError:
        return None
    return search


def measure(clinics: dict[int, Path], seed: int) -> list[Figure]:
    search = search_function()
    if search is None:
        reason = "frontdesk.services.patients.search is not there yet"
        figures = [skipped(f"search p95 ms {kind} ({size})", TARGET, reason) for size in clinics for kind in KINDS]
        return [*figures, skipped("search p95 growth", "ratio <= 2", reason)]
    from frontdesk.data.database import open_database

    typed = {size: _typed(path, seed) for size, path in clinics.items()}
    samples: dict[tuple[int, str], list[float]] = {(size, kind): [] for size in clinics for kind in KINDS}
    floors: dict[tuple[int, str], list[float]] = {(size, kind): [] for size in clinics for kind in KINDS}
    for _ in range(ROUNDS):  # sizes take turns, so a slower moment of the machine falls on all of them alike
        for size, path in clinics.items():
            db = open_database(str(path))
            raw = sqlite3.connect(path)
            for kind in KINDS:
                timed, floor = _time_keystrokes(search, raw, typed[size][kind])
                samples[size, kind] += timed
                floors[size, kind] += floor
            raw.close()
            db.close()
    figures = [Figure(f"search p95 ms {kind} ({size})", p95(samples[size, kind]), p95(floors[size, kind]), TARGET)
               for size in clinics for kind in KINDS]
    overall = {size: p95([x for kind in KINDS for x in samples[size, kind]]) for size in clinics}
    smallest, largest = min(overall), max(overall)
    figures.append(Figure(f"search p95 growth ms ({largest} vs {smallest})", overall[largest], overall[smallest],
                          "ratio <= 2"))
    return figures


def _typed(path: Path, seed: int) -> dict[str, list[str]]:
    with sqlite3.connect(path) as raw:
        return {kind: _keystrokes(raw, kind, random.Random(seed)) for kind in KINDS}


def _time_keystrokes(search: Callable[..., list[Any]], raw: sqlite3.Connection,
                     keystrokes: list[str]) -> tuple[list[float], list[float]]:
    """One timed pass: the service's time per keystroke, and a raw primary-key lookup of the very rows it
    returned. An untimed pass first warms statement caches and pages, as after the desk's first minute."""
    samples: list[float] = []
    floors: list[float] = []
    for text in keystrokes:
        search(text, limit=20)
    for text in keystrokes:
        started = time.perf_counter()
        found = search(text, limit=20)
        samples.append((time.perf_counter() - started) * 1000)
        ids = [row.id for row in found] or [0]
        sql = f"SELECT {_ROW} FROM patient WHERE id IN ({','.join('?' * len(ids))})"
        started = time.perf_counter()
        raw.execute(sql, ids).fetchall()
        floors.append((time.perf_counter() - started) * 1000)
    return samples, floors


def _keystrokes(raw: sqlite3.Connection, kind: str, rng: random.Random) -> list[str]:
    """What the desk types, one keystroke at a time, looking for 10 real patients of this clinic."""
    count = raw.execute("SELECT max(id) FROM patient").fetchone()[0]
    ids = [rng.randint(1, count) for _ in range(10)]
    typed: list[str] = []
    for pid in ids:
        last, dob = raw.execute("SELECT legal_last, date_of_birth FROM patient WHERE id = ?", (pid,)).fetchone()
        if kind == "name":
            typed += [last[:n] for n in range(2, min(len(last), 6) + 1)]
        elif kind == "phone":
            digits = raw.execute("SELECT digits FROM patient_phone WHERE patient_id = ?", (pid,)).fetchone()[0]
            typed += [digits[-7:][:n] for n in (3, 4, 5, 7)] + [digits]
        else:
            typed.append(str(dob)[:10])
    return typed
