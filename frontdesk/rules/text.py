"""Names, search text, and a refusal's words as a sentence."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents so that "jose" finds "José" and "nguyen" finds "Nguyễn"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ/Đ has no decomposition; people type it as d
    return stripped.replace("đ", "d").replace("ł", "l").replace("ø", "o")


def display_name(first: str, last: str, preferred: str = "") -> str:
    """The name the desk calls a patient by: preferred (or legal) first name, then last name."""
    given = preferred.strip() or first.strip()
    return f"{given} {last.strip()}".strip()


def search_key(first: str, last: str, preferred: str = "") -> str:
    """What the name index holds for a patient: folded legal and preferred names."""
    return " ".join(fold(part) for part in (first, last, preferred) if part.strip())


def sentence(text: str) -> str:
    """A message as a sentence on screen: a capital first, one full stop at the end (the services word
    their refusals as a line's continuation: "the clinic's phone is not set yet: …")."""
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
