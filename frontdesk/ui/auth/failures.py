"""One line for a failure the user can do nothing about but retry (database busy, disk full, ...)."""

from __future__ import annotations


def failure_text(exc: BaseException) -> str:
    """The same wording as the commands use, never with patient data; the form stays as it was."""
    from frontdesk.services.failures import describe_failure

    return describe_failure(exc)
