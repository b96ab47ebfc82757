"""Composition root: database, clinic profile and main window."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from frontdesk import APP_NAME, PASSWORD_ENV, USER_ENV
from frontdesk.code_cache import keep_dataclass_code
from frontdesk.database_target import is_postgres_url, resolve_db_target, uses_default_db

# Nothing more at the top: the helper process (ReadAhead) is forked once this module has loaded, and
# each thing imported before the fork is a thing the helper waits for (the clinic's values and their
# dataclasses: some 25 ms here). Both processes import what they need after it.
if TYPE_CHECKING:
    from collections.abc import Callable

    from frontdesk.services.first_look import FirstLook, SignInRefused
    from frontdesk.values import Actor


FIRST_RUN_ENV = "FRONTDESK_FIRST_RUN"  # "demo" or "new": a first start on the default database, unasked


def prepare_database(db_arg: str | None, *, demo: bool = True) -> str:
    """Open (and migrate) the database; the default one gets a demo clinic on its first run, unless
    `demo` is False (the person chose to start a new clinic)."""
    from frontdesk.data.database import open_database

    target = resolve_db_target(db_arg)
    first_run = _is_first_run(db_arg, target)
    if first_run:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    open_database(target, create=True)
    if first_run and demo:
        from frontdesk.services.demo import build_demo  # only here: it is heavy for every other start
        from frontdesk.services.setup import database_is_empty

        if database_is_empty():
            build_demo()
    if not demo:  # a real clinic begins: nothing of the example clinic's to print meanwhile
        from frontdesk.services.setup import begin_real_clinic

        begin_real_clinic()
    return target


def _is_first_run(db_arg: str | None, target: str) -> bool:
    # Asked before the default path is worked out: with --db (a desk's usual set-up) platformdirs stays unloaded.
    return uses_default_db(db_arg) and not Path(target).exists()


def run(db_arg: str | None) -> int:
    """Open the GUI on the database named by `db_arg` (or the default) and run until it closes.

    Start-up order is chosen for the time to a usable board. Where it can, a helper process signs in
    and reads today's board (ReadAhead) while this one loads Qt and builds the window; this process
    opens the database itself right after that board's first paint, then the screens around the board
    hook in. Elsewhere (no fork, a first run, the helper failed) this process does it all itself.

    The cyclic garbage collector waits until the screens are in: start-up builds a great many objects
    that live all day and frees few, so collecting meanwhile only costs time (up to ~30 ms here).

    Each process takes dataclasses' methods compiled by an earlier start (frontdesk/code_cache.py) from
    its first dataclass on: set up after the fork, as `dataclasses` itself is imported there."""
    gc.disable()
    try:
        return _run(db_arg)
    except ValueError as exc:
        if _cannot_open_database(exc):
            from frontdesk.ui.application import show_start_failure

            show_start_failure(str(exc))
        raise  # and the command line says it on stderr, as for every command
    except Exception as exc:
        _say_database_failure(exc)  # a read-only file or folder: the app closed with no word on screen
        raise
    finally:
        gc.enable()


def _say_database_failure(exc: Exception) -> None:
    """The database's own failure at start-up (SQLite cannot open or write the file), on screen in the
    words the command line uses: no patient data in them."""
    from frontdesk.data.database import OperationalError

    if isinstance(exc, OperationalError):
        from frontdesk.services.failures import describe_failure
        from frontdesk.ui.application import show_start_failure

        show_start_failure(describe_failure(exc))


def _cannot_open_database(exc: ValueError) -> bool:
    """Whether `exc` says why the database cannot be opened (a bad path, no server, no key): one line
    meant for people, with no patient data in it."""
    from frontdesk.data.database import DatabaseKeyError, DatabaseTargetError

    return isinstance(exc, DatabaseTargetError | DatabaseKeyError)


def _run(db_arg: str | None) -> int:
    decision = _may_create(db_arg)
    if decision is None:
        return 0  # the desk chose Quit: nothing was made
    if decision == NEW_FILE:
        return _run_reading_here(db_arg, demo=False)  # an empty clinic: its first administrator next
    if _is_first_run(db_arg, resolve_db_target(db_arg)):
        choice = _first_run_choice()
        if choice is None:
            return 0  # Quit: nothing was made
        return _run_reading_here(db_arg, demo=choice == "demo")
    ahead = ReadAhead.start(db_arg)
    if ahead is None:
        return _run_reading_here(db_arg)
    keep_dataclass_code()
    from frontdesk.services.first_look import FirstLook, SignInRefused
    from frontdesk.ui.application import create_application

    app = create_application(sys.argv[:1])
    from frontdesk.ui.main_window import MainWindow

    # Where the environment signs in, the window is built while the helper may still be reading (its
    # reading takes about as long as loading Qt and the window's modules); today's board goes in once it
    # comes. Where a person must sign in first, the helper sends nothing and the window waits for them.
    early = MainWindow(awaiting_first_look=True) if _signs_in_from_environment() else None
    look = ahead.result()
    if not isinstance(look, FirstLook):
        if early is not None:
            early.deleteLater()  # never shown: the window that opens is built after the sign-in dialog
        return _run_reading_here(db_arg, refused=look.message if isinstance(look, SignInRefused) else None)
    window = early or MainWindow(awaiting_first_look=True)
    window.take_first_look(look)
    failed: list[Exception] = []

    def open_database() -> bool:
        try:
            prepare_database(db_arg)  # migrated already by the helper: this only connects and checks
        except Exception as exc:  # gone in the last moment: end as any failure to open it does
            failed.append(exc)
            app.exit(1)
            return False
        return True

    window.after_first_paint(lambda: _install_screens(window, look.actor, open_database))
    window.show()
    code = int(app.exec())
    if failed:
        raise failed[0]  # the command line reports it in one line, as when opening fails before Qt
    return code


def _signs_in_from_environment() -> bool:
    return bool(os.environ.get(USER_ENV, "").strip() and os.environ.get(PASSWORD_ENV, ""))


OPEN, NEW_FILE = "open", "new file"


def _may_create(db_arg: str | None) -> str | None:
    """A `--db` file that is not there (a letter missing from the path) is made only when the desk says
    so: the app opened an empty clinic there, with no sign-in, and the desk booked into it. OPEN (as it
    is), NEW_FILE (the desk chose a new clinic there) or None (Quit); without a screen to ask on, the
    usual "no database at …" failure."""
    target = resolve_db_target(db_arg)
    if uses_default_db(db_arg) or "://" in target or is_postgres_url(target):
        return OPEN
    path = Path(target).expanduser()
    if path.exists() or not path.parent.is_dir():
        return OPEN  # opened as it is, or refused with why
    from frontdesk.ui.application import ask_new_clinic

    answer = ask_new_clinic(str(path))
    if answer is None:
        from frontdesk.data.database import DatabaseTargetError

        raise DatabaseTargetError(f"no database at {path} (check the path; a new clinic begins with `frontdesk users "
                                  f"add NAME --role admin --db {path}`, a demo with `frontdesk demo --db {path}`)")
    return NEW_FILE if answer else None


def _first_run_choice() -> str | None:
    """A first start on this computer's default database: "demo" or "new" (a real clinic, empty), as the
    person chooses; None to quit. `make run` (trying it from a clone) sets FIRST_RUN_ENV to "demo"; a
    scripted install may set "new". It was always the demo: an installed app opened a real clinic's
    first day on fictitious patients and accounts whose password is "demo"."""
    chosen = os.environ.get(FIRST_RUN_ENV, "").strip().lower()
    if chosen in ("demo", "new"):
        return chosen
    from frontdesk.ui.application import ask_first_run

    return ask_first_run()


def _run_reading_here(db_arg: str | None, refused: str | None = None, *, demo: bool = True) -> int:
    """Start-up without a helper process; `refused`: the helper's environment sign-in was refused
    (the dialog says why and asks; the same credentials are not tried a second time); `demo`: a first
    run on the default database builds the demo clinic (else it starts empty)."""
    keep_dataclass_code()
    target = prepare_database(db_arg, demo=demo)
    from frontdesk.services.accounts import begin_environment_sign_in

    # FRONTDESK_USER/FRONTDESK_PASSWORD: checked meanwhile (argon2 on a worker thread while Qt loads)
    pending = begin_environment_sign_in() if refused is None else None
    # The board's data and rules load while the password is checked, before Qt does.
    import frontdesk.services.schedule  # noqa: F401
    from frontdesk.ui.application import create_application

    app = create_application(sys.argv[:1])
    from frontdesk.ui.auth.start import sign_in
    from frontdesk.ui.main_window import MainWindow

    actor = sign_in(None, pending, refused=refused)
    if actor is None:
        return 0
    from frontdesk.values import SYSTEM_ACTOR

    if not demo and actor == SYSTEM_ACTOR and app.platformName() not in ("offscreen", "minimal"):
        from frontdesk.ui.auth.sign_in_dialog import FirstAdminDialog  # a new clinic: its administrator first

        actor = FirstAdminDialog.ask(None) or actor  # cancelled: the Account menu offers it again
    window = MainWindow(db_label=target, actor=actor)
    window.after_first_paint(lambda: _install_screens(window, actor))
    window.show()
    return int(app.exec())


class ReadAhead:
    """Today's board, signed in, read by a forked helper process while this one loads Qt.

    Forked before Qt or the database are loaded (nothing but the command line has run: no threads,
    no connections to share). The helper opens the database, signs in from the environment, reads the
    board and sends it back pickled through a pipe, then ends. Where it fails for any reason it sends
    nothing and this process does the same work itself, reporting what goes wrong as usual."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe = pid, pipe

    @classmethod
    def start(cls, db_arg: str | None) -> ReadAhead | None:
        """The helper, started; None where there is no fork (Windows), once Qt is loaded, or on a first
        run, where the window's process builds the demo clinic as before."""
        if not hasattr(os, "fork") or "PySide6.QtCore" in sys.modules:  # Qt's threads must not be forked
            return None
        if _is_first_run(db_arg, resolve_db_target(db_arg)):
            return None
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _read_ahead(db_arg, write_end)  # never returns
        os.close(write_end)
        return cls(pid, read_end)

    def result(self) -> FirstLook | SignInRefused | None:
        """What the helper read (waiting for it to end); None if it failed or a person must sign in."""
        with os.fdopen(self.pipe, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        if not data:
            return None
        import pickle

        from frontdesk.services.first_look import FirstLook, SignInRefused

        look = pickle.loads(data)  # from our own child process, through a pipe only it held
        return look if isinstance(look, FirstLook | SignInRefused) else None


def _read_ahead(db_arg: str | None, pipe: int) -> NoReturn:
    """The helper process: read, send, end without running the parent's exit handlers."""
    code = 1
    try:
        keep_dataclass_code()
        prepare_database(db_arg)
        import pickle

        from frontdesk.services.first_look import read_first_look

        data = pickle.dumps(read_first_look())
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        code = 0
        keep_dataclass_code().save()  # after the window has its answer; writes only what was not kept
    except BaseException:  # any failure: the window's process does the work again and reports it
        pass
    finally:
        _close_database()
        os._exit(code)


def _close_database() -> None:
    import contextlib

    from frontdesk.data.database import database_proxy

    with contextlib.suppress(BaseException):
        if database_proxy.obj is not None:
            database_proxy.obj.close()


def _install_screens(window: Any, actor: Actor, open_database: Callable[[], bool] | None = None) -> None:
    """Each screen hooks itself into the main window here, one line per area; first, when today's
    board was read ahead, this process opens the database (`open_database`, False if it could not)."""
    if open_database is not None and not open_database():
        return
    from frontdesk.ui.application import install_window_icon

    install_window_icon()
    from frontdesk.ui.auth.session import install_session
    from frontdesk.ui.booking.install import install_booking_screens
    from frontdesk.ui.changes import install_change_watch
    from frontdesk.ui.intake.hook import install as install_intake_screens
    from frontdesk.ui.patients.panel import install as install_patient_panel
    from frontdesk.ui.printing.menu import install_printing_screens

    window.finish_setup()  # what the board's first paint did without (see frontdesk/ui/first_paint.py)
    window.session = install_session(window, actor)  # accounts: idle lock, Account menu, backups
    install_booking_screens(window)
    install_patient_panel(window)  # type: ignore[arg-type]
    install_intake_screens(window)
    install_printing_screens(window)
    install_change_watch(window)  # postgres: refresh on changes made elsewhere, "reconnecting…"
    window.screens_ready = True
    keep_dataclass_code().save()  # writes only if this start compiled a dataclass the cache did not hold
    gc.freeze()  # what start-up built lives until the window closes: later collections need not walk it
    gc.enable()


__all__ = ["APP_NAME", "ReadAhead", "prepare_database", "run"]
