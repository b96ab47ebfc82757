"""Signing in at start: from the environment without a dialog, else the sign-in dialog.

Kept apart from the dialogs so that a start signed in from the environment, the usual case at a
desk set up that way, does not load them (their module and Qt classes) before the board shows."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from frontdesk import USER_ENV
from frontdesk.services import accounts
from frontdesk.values import SYSTEM_ACTOR, Actor

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def sign_in(parent: QWidget | None = None, pending: accounts.PendingSignIn | None = None,
            refused: str | None = None) -> Actor | None:
    """The user for this session: from FRONTDESK_USER / FRONTDESK_PASSWORD without a dialog, else
    asked. While the clinic has no account, nobody signs in (the session offers the first admin).
    `pending` is the environment's sign-in already started (`accounts.begin_environment_sign_in`);
    `refused` says why it was already refused elsewhere (the dialog asks, without trying it again)."""
    username = os.environ.get(USER_ENV, "").strip()
    if refused is not None:
        return _ask(parent, username, refused)
    if pending is None and not accounts.has_users():
        return SYSTEM_ACTOR
    message = ""
    pending = pending or accounts.begin_environment_sign_in()
    if pending is not None:
        try:
            return pending.finish()
        except accounts.SignInError as exc:
            message = str(exc)
    return _ask(parent, username, message)


def _ask(parent: QWidget | None, username: str, message: str) -> Actor | None:
    from frontdesk.ui.application import install_window_icon
    from frontdesk.ui.auth.sign_in_dialog import SignInDialog

    install_window_icon()  # the dialog comes before the board (which is otherwise what waits for it)

    return SignInDialog.ask(parent, username, message)
