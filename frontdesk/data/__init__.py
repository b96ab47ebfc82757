"""Data layer: the only package that imports peewee or speaks SQL."""

import sys


def _import_peewee_without_postgres_driver() -> None:
    """peewee imports psycopg2 (and with it ssl: ~15 ms of start-up) when it is imported; a SQLite clinic
    never needs it. `database.load_postgres_driver()` gives it to peewee when a postgresql:// target opens."""
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    sys.modules["psycopg2"] = None  # type: ignore[assignment]  # `import psycopg2` raises ImportError
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg2"]


_import_peewee_without_postgres_driver()
