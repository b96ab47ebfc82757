"""Fonts embedded in every PDF, and markup that prints any patient's name.

DejaVu Sans (vendored in resources/fonts) covers Latin with accents, Vietnamese, Greek and Cyrillic.
Characters it lacks (Chinese, Japanese, Korean) are set in a fallback font, run by run: the first
TrueType CJK font found on the machine (embedded), else reportlab's built-in CID font (not embedded,
but the text stays real text for search and copy). The fallback is registered the first time a text
needs it: reading a CJK TrueType font's tables (4 MB for Droid Sans Fallback) takes about 0.1 s,
which the morning's first sheet need not wait for when nobody on it writes their name in CJK.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Collection
from dataclasses import dataclass
from html import escape  # not xml.sax.saxutils: it loads urllib.request and http.client (~15 ms)
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from frontdesk.resources import resource_path

REGULAR = "FDSans"
BOLD = "FDSans-Bold"
FALLBACK = "FDFallback"

_MAIN_CANDIDATES = {
    REGULAR: ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    BOLD: ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
# TrueType-outline fonts with CJK glyphs (CFF-based OpenType such as Noto CJK cannot be embedded).
_FALLBACK_CANDIDATES = (
    "DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
FONT_ENV = "FRONTDESK_CJK_FONT"  # a clinic can point at its own CJK TrueType font


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    main_glyphs: frozenset[int]


@functools.cache
def font_set() -> FontSet:
    """Register the main fonts once per process and say which characters they cover."""
    for name, candidates in _MAIN_CANDIDATES.items():
        _register_first(name, candidates)
    face = pdfmetrics.getFont(REGULAR).face
    return FontSet(REGULAR, BOLD, frozenset(face.charToGlyph))


@functools.cache
def fallback_font() -> str:
    """The registered name of the font for characters the main font lacks (registered at the first call)."""
    return _register_fallback()[0]


def _font_file(candidate: str) -> Path:
    path = Path(candidate)
    return path if path.is_absolute() else resource_path("fonts", candidate)


def _register_first(name: str, candidates: tuple[str, ...]) -> None:
    for candidate in candidates:
        path = _font_file(candidate)
        if path.is_file():
            pdfmetrics.registerFont(TTFont(name, str(path)))
            return
    raise FileNotFoundError(f"no font file for {name}; looked for {', '.join(candidates)}")


def _register_fallback() -> tuple[str, bool]:
    """The fallback font's registered name, and whether it is embedded."""
    own = os.environ.get(FONT_ENV, "").strip()
    for candidate in ((own,) if own else ()) + _FALLBACK_CANDIDATES:
        path = _font_file(candidate)
        if not path.is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(FALLBACK, str(path)))
            return FALLBACK, True
        except TTFError:
            continue
    font = UnicodeCIDFont("STSong-Light")  # registered under its own name: a PDF viewer must know it
    pdfmetrics.registerFont(font)
    return str(font.fontName), False


def fallback_runs(text: str, covered: Collection[int]) -> list[tuple[bool, str]]:
    """`text` in maximal runs of (whether it needs the fallback font, the run): a character the main
    font lacks (not in `covered`) needs it; white space never does."""
    runs: list[tuple[bool, str]] = []
    start, current = 0, False
    for index, char in enumerate(text):
        fallback = ord(char) not in covered and not char.isspace()
        if fallback != current and index > start:
            runs.append((current, text[start:index]))
            start = index
        current = fallback
    if start < len(text):
        runs.append((current, text[start:]))
    return runs


@functools.lru_cache(maxsize=4096)
def markup(text: str) -> str:
    """`text` escaped for a Paragraph, with runs the main font cannot print set in the fallback font.

    Cached: the wording's lines and the clinic's details come back on every sheet of a batch."""
    fonts = font_set()
    return "".join(_run_markup(run, fallback, fonts) for fallback, run in fallback_runs(text, fonts.main_glyphs))


def _run_markup(run: str, fallback: bool, fonts: FontSet) -> str:
    escaped = escape(run, quote=False)  # &, < and >, as a Paragraph's markup needs
    return f'<font name="{fallback_font()}">{escaped}</font>' if fallback else escaped
