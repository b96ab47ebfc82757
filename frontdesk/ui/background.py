"""Work that takes seconds (a whole clinic's export) runs on a worker thread, so the window keeps
answering; its result comes back to the window's thread as a queued signal."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from frontdesk.services.setup import release_thread_connection


class BackgroundTask(QObject):
    """`work` run once on its own thread. `finished` carries its result, `failed` the exception it raised;
    either reaches the slots on the thread that made the task (the window's). The worker's database
    connection (peewee opens one per thread) is closed when the work ends."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work

    def start(self) -> None:
        threading.Thread(target=self._run, name="frontdesk-background", daemon=True).start()

    def _run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the window, which says what went wrong
            self._emit(self.failed, exc)
        else:
            self._emit(self.finished, result)
        finally:
            release_thread_connection()

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody is left to tell
            signal.emit(value)
