"""Composition root: database, clinic profile and main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from frontdesk import APP_NAME
from frontdesk.settings import resolve_db_target, uses_default_db
from frontdesk.values import Actor


def prepare_database(db_arg: str | None) -> str:
    """Open (and migrate) the database; the default one gets a demo clinic on its first run."""
    from frontdesk.data.database import open_database

    target = resolve_db_target(db_arg)
    # Asked before the default path is worked out: with --db (a desk's usual set-up) platformdirs stays unloaded.
    first_run = uses_default_db(db_arg) and not Path(target).exists()
    if first_run:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    open_database(target, create=True)
    if first_run:
        from frontdesk.services.demo import build_demo  # only here: it is heavy for every other start
        from frontdesk.services.setup import database_is_empty

        if database_is_empty():
            build_demo()
    return target


def run(db_arg: str | None) -> int:
    """Open the GUI on the database named by `db_arg` (or the default) and run until it closes.

    Start-up order is chosen for the time to a usable board: the password check (argon2) runs on a
    worker thread while Qt loads, and the screens around the board hook in after its first paint."""
    target = prepare_database(db_arg)
    from frontdesk.services.accounts import begin_environment_sign_in

    pending = begin_environment_sign_in()  # FRONTDESK_USER/FRONTDESK_PASSWORD: checked meanwhile
    # The board's data and rules load before Qt does: once PySide6 is imported, its import hook reads
    # the whole source of every module imported after it (looking for "PySide6"), ~20 ms at start-up.
    import frontdesk.services.schedule  # noqa: F401
    from frontdesk.ui.application import create_application

    app = create_application(sys.argv[:1])
    from frontdesk.ui.auth.start import sign_in
    from frontdesk.ui.main_window import MainWindow

    actor = sign_in(None, pending)
    if actor is None:
        return 0
    window = MainWindow(db_label=target, actor=actor)
    window.after_first_paint(lambda: _install_screens(window, actor))
    window.show()
    return int(app.exec())


def _install_screens(window: Any, actor: Actor) -> None:
    """Each screen hooks itself into the main window here, one line per area."""
    import linecache

    # PySide6's import hook reads the whole source of every module imported after it into linecache
    # (to look for "PySide6"): some 2 MB of text that nothing here reads. Dropped once the board is up,
    # the screens below reuse that memory; a traceback reads its lines again when it needs them.
    linecache.clearcache()
    from frontdesk.ui.auth.session import install_session
    from frontdesk.ui.booking.install import install_booking_screens
    from frontdesk.ui.changes import install_change_watch
    from frontdesk.ui.intake.hook import install as install_intake_screens
    from frontdesk.ui.patients.panel import install as install_patient_panel
    from frontdesk.ui.printing.menu import install_printing_screens

    window.session = install_session(window, actor)  # accounts: idle lock, Account menu, backups
    install_booking_screens(window)
    install_patient_panel(window)  # type: ignore[arg-type]
    install_intake_screens(window)
    install_printing_screens(window)
    install_change_watch(window)  # postgres: refresh on changes made elsewhere, "reconnecting…"
    window.screens_ready = True


__all__ = ["APP_NAME", "prepare_database", "run"]
