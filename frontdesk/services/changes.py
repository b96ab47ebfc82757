"""Watching the clinic database for changes made elsewhere (other workstations, other windows).

`ChangeWatcher.poll()` answers "which areas changed since I last asked?" with area names from
AREAS; screens reload what they show for those areas. While the server cannot be reached, poll()
raises DatabaseUnavailable (also raised by any service whose save did not reach the server); the
first successful poll afterwards reports every area, since what happened meanwhile was not heard.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from frontdesk.data.changes import ALL_AREAS, ChangeFeed, open_change_feed
from frontdesk.data.database import UNAVAILABLE_MESSAGE, DatabaseUnavailable, database_proxy

AREAS: frozenset[str] = ALL_AREAS  # schedule, patients, flags, intake

__all__ = ["AREAS", "UNAVAILABLE_MESSAGE", "ChangeWatcher", "DatabaseUnavailable"]

# A silent network cut is noticed by asking the server something now and then.
CHECK_EVERY_SECONDS = 5.0


class ChangeWatcher:
    """Polls the change feed of the open database; `online` says whether the server answered last time."""

    def __init__(self, feed_factory: Callable[[], ChangeFeed] | None = None) -> None:
        self._factory = feed_factory or (lambda: open_change_feed(database_proxy.obj))
        self._feed: ChangeFeed | None = None
        self._last_check = time.monotonic()
        self.online = True

    def start(self) -> None:
        """Begin listening now: changes from here on are reported. Raises DatabaseUnavailable."""
        if self._feed is None:
            try:
                self._feed = self._factory()
            except DatabaseUnavailable:
                self.online = False
                raise

    def poll(self) -> frozenset[str]:
        """Areas changed since the last poll (empty when none). Raises DatabaseUnavailable while away."""
        try:
            areas = self._poll_feed()
        except DatabaseUnavailable:
            self.online = False
            raise
        if not self.online:
            self.online = True
            return AREAS
        return areas

    def wait(self, timeout: float, interval: float = 0.05) -> frozenset[str]:
        """Poll until something changes or `timeout` seconds pass (for commands and tests, not the UI)."""
        deadline = time.monotonic() + timeout
        while True:
            areas = self.poll()
            if areas or time.monotonic() >= deadline:
                return areas
            time.sleep(interval)

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None

    def _poll_feed(self) -> frozenset[str]:
        if self._feed is None:
            self._feed = self._factory()  # raises DatabaseUnavailable while the server is away
            return frozenset() if self.online else AREAS
        if time.monotonic() - self._last_check >= CHECK_EVERY_SECONDS:
            self._last_check = time.monotonic()
            self._feed.check()
        return self._feed.poll()
