"""Several workstations at the same moment: one spawned OS process each, released together."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Sequence
from typing import Any

import peewee


def at_once(db: peewee.Database, child: Callable[..., None], per_child: Sequence[tuple[Any, ...]]) -> list[Any]:
    """Run `child(*args, barrier, results)` in one process per `args`; each puts its outcome in `results`
    after waiting at `barrier`. The parent's connection is closed meanwhile (the children open their own)."""
    db.close()
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(len(per_child)), ctx.Queue()
    procs = [ctx.Process(target=child, args=(*args, barrier, results)) for args in per_child]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
    db.connect(reuse_if_open=True)
    return outcomes
