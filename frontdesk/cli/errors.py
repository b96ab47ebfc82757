"""Turning unexpected failures into one line that names the problem but no patient data."""

from __future__ import annotations


def describe_failure(exc: BaseException) -> str:
    """A one-line description of a database or system error, without values from the rows involved."""
    from frontdesk.services.failures import describe_failure as describe

    return describe(exc)
