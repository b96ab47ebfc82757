"""Hot read queries whose SQL text is built once per database, then run with each call's parameters.

Peewee turns a query's expression tree into SQL text on every run; for the queries the chair board
runs on every load that costs more than running them. The text depends only on the query's shape
(and the database's dialect), so it is kept per shape key and database. The caller names the shape
and gives the parameters in the order the query binds them; the first run checks that order.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Sequence
from typing import Any

import peewee

from frontdesk.data.database import database_proxy

_texts: weakref.WeakKeyDictionary[peewee.Database, dict[Hashable, str]] = weakref.WeakKeyDictionary()


class ParameterOrderError(AssertionError):
    """A prepared query's parameters were not given in the order its SQL binds them (a programming error)."""


def run(key: Hashable, query: Any, params: Sequence[Any]) -> Any:
    """The rows of `query` (in its row type), built from exactly `params`; `key` names its SQL's shape."""
    db = database_proxy.obj
    texts = _texts.setdefault(db, {})
    sql = texts.get(key)
    if sql is None:
        sql, bound = db.get_sql_context().sql(query).query()
        if list(bound) != list(params):
            raise ParameterOrderError(f"prepared query {key!r}: parameters differ from the ones the query binds")
        texts[key] = sql
    return query._get_cursor_wrapper(db.execute_sql(sql, list(params)))


def compiled_count() -> int:
    """How many SQL texts are kept for the open database (for tests)."""
    return len(_texts.get(database_proxy.obj, {}))
