"""The fast QR encoding's modules, and `qrcode`'s own, as lists of booleans (True = dark) to compare."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_L

from frontdesk.documents.qr import qr_modules


def qr_matrix(text: str, *, border: int = 2, mask_pattern: int = 0) -> list[list[bool]]:
    """The fast encoding's modules (True = dark) as qrcode's `get_matrix` gives them, with `border`."""
    code = qr_modules(text, mask_pattern=mask_pattern)
    side, margin = code.count + 2 * border, [False] * border
    rows = [[False] * side for _ in range(border)]
    for start in range(0, len(code.cells), code.count):
        rows.append(margin + [bool(cell) for cell in code.cells[start:start + code.count]] + margin)
    return rows + [[False] * side for _ in range(border)]


def reference_matrix(text: str, *, border: int = 2, mask_pattern: int = 0) -> list[list[bool]]:
    """The same modules made by `qrcode` alone, as UTF-8 bytes at error correction level L."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=border, mask_pattern=mask_pattern)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix
