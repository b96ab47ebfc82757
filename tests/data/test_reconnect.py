"""The PostgreSQL server going away and coming back, through a relay the test cuts like a network."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from frontdesk.data import models as m
from frontdesk.data.database import DatabaseUnavailable, database_proxy, open_database
from frontdesk.services.changes import AREAS, ChangeWatcher
from tests.conftest import PG_URL, pg_reason
from tests.pgproxy import Relay

pytestmark = pytest.mark.postgres


@pytest.fixture
def relay_url(postgres_target: str) -> Iterator[tuple[Relay, str]]:
    """A migrated clinic schema reached through a relay on a local port."""
    assert pg_reason() is None
    parts = urlparse(PG_URL)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
    url = postgres_target.replace(parts.netloc, f"{parts.username}@127.0.0.1:{relay.port}", 1)
    db = open_database(url)
    yield relay, url
    relay.cut()
    db.close()  # the postgres_target fixture drops the schema


def _add_patient(chart: str) -> None:
    with database_proxy.atomic():
        m.Patient.create(chart_number=chart, legal_first="Ana", legal_last="Núñez")


def test_reading_after_the_server_came_back_just_works(relay_url: tuple[Relay, str]) -> None:
    relay, _ = relay_url
    _add_patient("C1")
    relay.cut()
    relay.restore()
    assert m.Patient.select().count() == 1  # the dead connection is replaced without a word


def test_a_save_while_the_server_is_away_says_so_and_writes_nothing(relay_url: tuple[Relay, str]) -> None:
    relay, _ = relay_url
    _add_patient("C1")
    relay.cut()
    with pytest.raises(DatabaseUnavailable, match="cannot be reached; the change was not saved"):
        _add_patient("C2")
    relay.restore()
    _add_patient("C3")
    assert sorted(p.chart_number for p in m.Patient.select()) == ["C1", "C3"]


def test_a_connection_lost_inside_a_transaction_is_not_retried_silently(relay_url: tuple[Relay, str]) -> None:
    relay, _ = relay_url
    with pytest.raises(DatabaseUnavailable), database_proxy.atomic():
        m.Patient.create(chart_number="C1", legal_first="Ana", legal_last="Núñez")
        relay.cut()
        relay.restore()
        m.Patient.create(chart_number="C2", legal_first="Bo", legal_last="Li")
    assert m.Patient.select().count() == 0  # the half-done transaction died with its connection


def test_the_watcher_reports_away_then_everything_changed_when_back(relay_url: tuple[Relay, str]) -> None:
    relay, _ = relay_url
    watcher = ChangeWatcher()
    assert watcher.poll() == frozenset()
    relay.cut()
    with pytest.raises(DatabaseUnavailable):
        watcher.poll()
    with pytest.raises(DatabaseUnavailable):
        watcher.poll()  # still away: each attempt fails quickly, no crash
    assert not watcher.online
    relay.restore()
    assert watcher.poll() == AREAS
    assert watcher.online
    _add_patient("C1")
    assert "patients" in watcher.wait(timeout=5)
    watcher.close()
