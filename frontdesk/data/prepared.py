"""Hot read queries whose SQL text is built once per database, then run with each call's parameters.

Peewee builds a query's expression tree and turns it into SQL text on every run; for the queries the
chair board runs on every load that costs more than running them. The text depends only on the
query's shape (and the database's dialect), so the query is built and compiled once per shape key
and database. The caller names the shape and gives the parameters in the order the query binds
them; the first run checks that order against the query built from them.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

import peewee

from frontdesk.data.database import database_proxy

_compiled: weakref.WeakKeyDictionary[peewee.Database, dict[Hashable, tuple[str, Any]]] = weakref.WeakKeyDictionary()


class ParameterOrderError(AssertionError):
    """A prepared query's parameters were not given in the order its SQL binds them (a programming error)."""


def run(key: Hashable, params: Sequence[Any], build: Callable[..., Any], *args: Any) -> Any:
    """The rows of the query `build(*args)` binds `params` in (in its row type); `key` names its shape.

    `build` runs only the first time a key is seen on a database: the same key must always build the
    same SQL text, whatever the arguments (put what changes the text, like how many ids, in the key).
    """
    sql, query = _compile(key, params, build, args)
    # Only the query's columns are used to read rows: a fresh wrapper per run, the query itself unchanged.
    return query._get_cursor_wrapper(database_proxy.obj.execute_sql(sql, list(params)))


def plain_rows(key: Hashable, params: Sequence[Any], build: Callable[..., Any], *args: Any) -> list[tuple[Any, ...]]:
    """run(), the rows as the database driver returns them, without peewee reading each value.

    Only for columns every driver already returns as the Python value: integers and text (a date
    comes back as text from SQLite and as a date from PostgreSQL, so the caller must read it).
    """
    sql, _ = _compile(key, params, build, args)
    return list(database_proxy.obj.execute_sql(sql, list(params)).fetchall())


def as_date(value: object) -> dt.date:
    """A stored date as a date: SQLite gives text, PostgreSQL a date (and a timestamp column a datetime)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> dt.datetime:
    """A stored (naive UTC) instant read by plain_rows: SQLite gives text, PostgreSQL a datetime."""
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _compile(key: Hashable, params: Sequence[Any], build: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    db = database_proxy.obj
    known = _compiled.setdefault(db, {})
    found = known.get(key)
    if found is None:
        query = build(*args)
        sql, bound = db.get_sql_context().sql(query).query()
        if list(bound) != list(params):
            raise ParameterOrderError(f"prepared query {key!r}: parameters differ from the ones the query binds")
        found = known[key] = (sql, query)
    return found


CHUNK = 400  # ids per IN (...): within every database's limit on bound parameters, even once padded


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """The distinct ids, sorted, in runs short enough for one IN (...) list."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start:start + CHUNK]


def rows_for_ids(name: str, ids: Iterable[int], build: Callable[[list[int]], Any], *, before: Sequence[Any] = (),
                 plain: bool = True) -> list[tuple[Any, ...]]:
    """The rows of `build(ids)` for all of `ids`: one query per run of ids (padded), `before` being the
    values the query binds ahead of them. `plain` rows come as the driver returns them (plain_rows),
    otherwise as the query reads them (run)."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(ids):
        wanted = padded(chunk)
        key, params = (name, len(wanted)), [*before, *wanted]
        rows += plain_rows(key, params, build, wanted) if plain else run(key, params, build, wanted)
    return rows


# The shortest padded IN list: a small clinic's whole day (everyone on the board) fits in it, so moving
# to a busier day reuses the SQL text today's board compiled at start-up instead of compiling new ones
# (some 3 ms per query, five queries) on the first look at that day. Binding unused repeats costs nothing.
SHORTEST_ID_LIST = 64


def padded(ids: Sequence[int]) -> list[int]:
    """`ids` with the last one repeated up to the next power of two (at least SHORTEST_ID_LIST), for an
    IN (...) list.

    The SQL text of an IN list depends on its length: padded, a day with 23 patients and one with
    47 share one text instead of compiling a new one for every new length. Repeats change nothing.
    """
    if not ids:
        return []
    size = max(SHORTEST_ID_LIST, 1 << (len(ids) - 1).bit_length())
    return [*ids, *[ids[-1]] * (size - len(ids))]


def compiled_count() -> int:
    """How many shapes are kept for the open database (for tests)."""
    return len(_compiled.get(database_proxy.obj, {}))
