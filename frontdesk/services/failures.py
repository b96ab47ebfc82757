"""Turning unexpected failures into one line that names the problem but no patient data.

Shared by the commands (frontdesk.cli.errors) and the screens, which show it and keep their form.
"""

from __future__ import annotations


def describe_failure(exc: BaseException) -> str:
    """A one-line description of a database or system error, without values from the rows involved."""
    from frontdesk.data.database import IntegrityError, OperationalError
    from frontdesk.services.permissions import NotPermittedError

    if isinstance(exc, NotPermittedError):
        return f"not permitted: {exc}"
    if "cannot rollback" in str(exc) and exc.__context__ is not None:
        return describe_failure(exc.__context__)  # SQLite already undid it; the cause is the first error
    if isinstance(exc, OperationalError):
        text = str(exc).splitlines()[0] if str(exc) else "operational error"
        if "disk i/o error" in text.lower():
            return "the disk could not be written (full or failing); nothing was saved"
        if "locked" in text:
            return "the database is busy (locked by another program); try again"
        if "readonly" in text or "read-only" in text:
            return "the database is read-only here; check the folder's permissions"
        if "disk" in text and "full" in text:
            return "the disk is full; nothing was saved"
        return f"database error: {text}"
    if isinstance(exc, IntegrityError):
        return "the change conflicts with data already saved; nothing was saved"
    if isinstance(exc, OSError):
        return f"{exc.strerror or 'system error'}: {exc.filename or ''}".rstrip(": ")
    return f"unexpected {type(exc).__name__}; nothing was saved"
