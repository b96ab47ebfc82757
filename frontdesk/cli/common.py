"""What every subcommand shares: the --db option, opening the database, the acting user, errors."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # `frontdesk gui` reads this module before it starts its helper: nothing it need not
    from frontdesk.values import Actor


class CliError(Exception):
    """A problem to report to the user as one line, exiting non-zero."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="DB",
        help="SQLite file path or postgresql:// URL (default: $FRONTDESK_DB, else the user's data folder)",
    )


def open_db(args: argparse.Namespace, *, create: bool = False) -> Any:
    """Open the database named by --db; commands that only read refuse to create a new file."""
    from frontdesk.data.database import open_database
    from frontdesk.database_target import resolve_db_target

    return open_database(resolve_db_target(args.db), create=create)


def acting_user(args: argparse.Namespace) -> Actor:
    """The user a command acts as: signed in from FRONTDESK_USER / FRONTDESK_PASSWORD.

    Call it after `open_db`. Until the clinic has any account, neither is needed (the system acts).
    A wrong password is one line and a non-zero exit, and the failure is in the audit trail.
    """
    import os

    from frontdesk import PASSWORD_ENV, USER_ENV
    from frontdesk.services import accounts
    from frontdesk.values import SYSTEM_ACTOR

    if not accounts.has_users():
        return SYSTEM_ACTOR
    username = os.environ.get(USER_ENV, "").strip()
    password = os.environ.get(PASSWORD_ENV, "")
    if (not username or not password) and sys.stdin.isatty():
        username, password = _ask_credentials(username)
    if not username or not password:
        raise CliError(f"sign in first: set {USER_ENV} and {PASSWORD_ENV} in the environment")
    try:
        return accounts.sign_in(username, password)
    except accounts.SignInError as exc:
        raise CliError(f"sign-in refused: {exc}") from None


def _ask_credentials(username: str) -> tuple[str, str]:
    """On a terminal, ask for what the environment did not give."""
    import getpass

    username = username or input("User name: ").strip()
    return username, getpass.getpass(f"Password for {username}: ")


def print_json(data: Any) -> None:
    import json  # here: opening the app (this module's other user) prints no JSON

    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
