"""QR code modules for a text, with the `qrcode` package's own layout but a faster data encoding.

`qrcode` computes the Reed–Solomon error correction with a general polynomial class and writes its
bit stream one bit at a time: most of the time a pre-visit sheet's QR code costs. Here the bit stream
is written as text and the error correction as a table-driven remainder; the version choice, block
layout, masking and module placement stay `qrcode`'s, so the modules are exactly the ones it makes
(tests compare the two).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from typing import Any


class _Bits:
    """The part of qrcode's BitBuffer that QRData.write uses, kept as a list of '0'/'1' strings."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.parts.append(format(num, f"0{length}b"))
        self.length += length

    def put_bit(self, bit: bool) -> None:
        self.put(1 if bit else 0, 1)

    def __len__(self) -> int:
        return self.length

    def to_bytes(self) -> list[int]:
        bits = "".join(self.parts)
        return list(int(bits, 2).to_bytes(len(bits) // 8, "big")) if bits else []


def _stream(data_list: list[Any], version: int) -> _Bits:
    from qrcode import util

    bits = _Bits()
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), util.length_in_bits(data.mode, version))
        if data.mode == util.MODE_8BIT_BYTE and isinstance(data.data, bytes):  # 8 bits a byte, in one go
            bits.parts.append("".join(_BYTE_BITS[byte] for byte in data.data))
            bits.length += 8 * len(data.data)
        else:
            data.write(bits)
    return bits


_BYTE_BITS = tuple(format(byte, "08b") for byte in range(256))


def _best_version(data_list: list[Any], error_correction: int, start: int = 1) -> int:
    """The smallest version that holds the data (qrcode's `best_fit`)."""
    from qrcode import exceptions, util

    version = bisect_left(util.BIT_LIMIT_TABLE[error_correction], len(_stream(data_list, start)), start)
    if version == 41:
        raise exceptions.DataOverflowError()
    if util.mode_sizes_for_version(start) is not util.mode_sizes_for_version(version):
        return _best_version(data_list, error_correction, version)
    return version


@functools.cache
def _generator(ec_count: int) -> tuple[int, ...]:
    """Log-coefficients (after the leading 1) of the Reed–Solomon generator polynomial of degree ec_count."""
    from qrcode.base import EXP_TABLE, LOG_TABLE

    poly = [1]
    for i in range(ec_count):
        root = EXP_TABLE[i % 255]
        product = [*poly, 0]
        for j, coefficient in enumerate(poly):
            if coefficient:
                product[j + 1] ^= EXP_TABLE[(LOG_TABLE[coefficient] + LOG_TABLE[root]) % 255]
        poly = product
    return tuple(LOG_TABLE[c] if c else -1 for c in poly[1:])


@functools.cache
def _products(ec_count: int) -> tuple[tuple[int, ...], ...]:
    """For each byte value f, f times the generator's coefficients: one row to XOR per data byte."""
    from qrcode.base import EXP_TABLE, LOG_TABLE

    generator = _generator(ec_count)
    rows: list[tuple[int, ...]] = [(0,) * ec_count]
    for factor in range(1, 256):
        log_factor = LOG_TABLE[factor]
        rows.append(tuple(EXP_TABLE[(log_factor + g) % 255] if g >= 0 else 0 for g in generator))
    return tuple(rows)


def _remainder(data: list[int], ec_count: int) -> list[int]:
    """The block's error-correction bytes: data × x^ec_count modulo the generator (polynomial division)."""
    products = _products(ec_count)
    rest = [0] * ec_count
    for byte in data:
        row = products[byte ^ rest[0]]
        rest = [a ^ b for a, b in zip(rest[1:], row, strict=False)]
        rest.append(row[-1])
    return rest


def _codewords(version: int, error_correction: int, data_list: list[Any]) -> list[int]:
    """qrcode's `util.create_data`: data bits, terminator, padding, then interleaved blocks with their EC."""
    from qrcode import base, exceptions, util

    bits = _stream(data_list, version)
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    if len(bits) > limit:
        raise exceptions.DataOverflowError(f"Code length overflow ({len(bits)} > {limit})")
    for _ in range(min(limit - len(bits), 4)):
        bits.put_bit(False)
    if len(bits) % 8:
        bits.put(0, 8 - len(bits) % 8)
    for i in range((limit - len(bits)) // 8):
        bits.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
    stream = bits.to_bytes()
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        current = stream[offset:offset + block.data_count]
        offset += block.data_count
        data_blocks.append(current)
        ec_blocks.append(_remainder(current, block.total_count - block.data_count))
    out: list[int] = []
    for group in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in group)):
            out += [b[i] for b in group if i < len(b)]
    return out


_PLACEMENTS: dict[int, tuple[tuple[int, int], ...]] = {}  # version -> data module positions, in order


def _placement(version: int, modules: list[list[bool | None]]) -> tuple[tuple[int, int], ...]:
    """Where the data bits go, in qrcode's `map_data` order (upwards and downwards in column pairs, right
    to left): the modules still empty once the patterns and format information are set, the same for
    every code of one version."""
    found = _PLACEMENTS.get(version)
    if found is not None:
        return found
    count = len(modules)
    positions: list[tuple[int, int]] = []
    upwards = True
    for right in range(count - 1, 0, -2):
        col = right - 1 if right <= 6 else right  # the vertical timing pattern is skipped
        rows = range(count - 1, -1, -1) if upwards else range(count)
        for row in rows:
            positions += [(row, c) for c in (col, col - 1) if modules[row][c] is None]
        upwards = not upwards
    _PLACEMENTS[version] = placed = tuple(positions)
    return placed


@functools.cache
def _flips(version: int, mask_pattern: int) -> tuple[bool, ...]:
    from qrcode import util

    mask = util.mask_func(mask_pattern)
    return tuple(bool(mask(row, col)) for row, col in _PLACEMENTS[version])


def _code_class() -> Any:
    import qrcode

    class FastCode(qrcode.QRCode):  # type: ignore[misc, type-arg]
        def map_data(self, data: list[int], mask_pattern: int) -> None:
            positions = _placement(self.version, self.modules)
            bits = "".join(_BYTE_BITS[byte] for byte in data).ljust(len(positions), "0")
            modules = self.modules
            for (row, col), bit, flip in zip(positions, bits, _flips(self.version, mask_pattern), strict=False):
                modules[row][col] = (bit == "1") != flip

    return FastCode


_FAST_CODE: Any = None


def qr_matrix(text: str, *, border: int = 2, mask_pattern: int = 0) -> list[list[bool]]:
    """The modules (True = dark) of `text` as UTF-8 bytes at error correction level L, with `border`."""
    from qrcode.constants import ERROR_CORRECT_L

    global _FAST_CODE
    if _FAST_CODE is None:
        _FAST_CODE = _code_class()
    code = _FAST_CODE(error_correction=ERROR_CORRECT_L, border=border, mask_pattern=mask_pattern)
    code.add_data(text.encode("utf-8"))
    code.version = _best_version(code.data_list, code.error_correction)
    code.data_cache = _codewords(code.version, code.error_correction, code.data_list)
    code.make(fit=False)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def reference_matrix(text: str, *, border: int = 2, mask_pattern: int = 0) -> list[list[bool]]:
    """The same modules made by `qrcode` alone (for tests)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_L

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=border, mask_pattern=mask_pattern)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix
