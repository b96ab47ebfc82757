"""Subcommands of this area; added by the issue that builds it."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """No commands yet."""
