"""Signing in, the idle lock, switching user, and the admin screens for users and the audit trail.

The names load on first use, so start-up can sign in (`start`) before the session's
screens are needed."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontdesk.ui.auth.idle_lock import IdleLock
    from frontdesk.ui.auth.session import Session, install_session
    from frontdesk.ui.auth.start import sign_in

__all__ = ["IdleLock", "Session", "install_session", "sign_in"]
_HOMES = {"IdleLock": "idle_lock", "Session": "session", "install_session": "session", "sign_in": "start"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
