"""Signing in, the idle lock, switching user, and the admin screens for users and the audit trail."""

from frontdesk.ui.auth.idle_lock import IdleLock
from frontdesk.ui.auth.session import Session, install_session, sign_in

__all__ = ["IdleLock", "Session", "install_session", "sign_in"]
