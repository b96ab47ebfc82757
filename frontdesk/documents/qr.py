"""QR code modules for a text, with the `qrcode` package's own layout but a faster data encoding.

`qrcode` computes the Reed–Solomon error correction with a general polynomial class and writes its
bit stream one bit at a time, and places modules one by one: most of the time a pre-visit sheet's QR
code costs. Here the bit stream is written as text, the error correction is a table-driven remainder,
and the modules are gathered in one step through a layout kept per version and mask (the fixed patterns
and format information come from `qrcode` itself, as do the version choice, block layout, masking and
placement order), so the modules are exactly the ones it makes (tests compare the two).
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
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
    """The block's error-correction bytes: data × x^ec_count modulo the generator (polynomial division),
    the remainder kept as one integer so each data byte costs one shift and one XOR."""
    products = _products_as_int(ec_count)
    top_shift = 8 * (ec_count - 1)
    mask = (1 << 8 * ec_count) - 1
    rest = 0
    for byte in data:
        rest = ((rest << 8) & mask) ^ products[byte ^ (rest >> top_shift)]
    return list(rest.to_bytes(ec_count, "big"))


@functools.cache
def _products_as_int(ec_count: int) -> tuple[int, ...]:
    return tuple(int.from_bytes(bytes(row), "big") for row in _products(ec_count))


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


@dataclass(frozen=True)
class _Layout:
    """What is the same for every code of one version, error correction level and mask: the modules of the
    fixed patterns and format information, where each data bit goes (qrcode's `map_data` order), the mask's
    flips over those bits, and for each module (row by row) where its value is found in the fixed modules
    followed by the data bits."""

    count: int
    fixed: bytes
    data_bits: int
    flips: int
    gather: Callable[[bytes], tuple[int, ...]]


@functools.cache
def _layout(version: int, error_correction: int, mask_pattern: int) -> _Layout:
    import qrcode
    from qrcode import util

    code = qrcode.QRCode(version=version, error_correction=error_correction, mask_pattern=mask_pattern)
    code.map_data = lambda data, mask: None  # only the fixed modules: data positions stay None
    code.data_cache = []
    code.makeImpl(False, mask_pattern)
    modules: list[list[bool | None]] = code.modules
    count = len(modules)
    positions = _placement(modules)
    mask = util.mask_func(mask_pattern)
    flips = int("".join("1" if mask(row, col) else "0" for row, col in positions) or "0", 2)
    source = {(row, col): count * count + index for index, (row, col) in enumerate(positions)}
    indices = [source.get((row, col), row * count + col) for row in range(count) for col in range(count)]
    fixed = bytes(1 if value else 0 for line in modules for value in line)
    return _Layout(count, fixed, len(positions), flips, itemgetter(*indices))


def _placement(modules: list[list[bool | None]]) -> list[tuple[int, int]]:
    """Where the data bits go, in qrcode's `map_data` order (upwards and downwards in column pairs, right
    to left): the modules still empty once the patterns and format information are set."""
    count = len(modules)
    positions: list[tuple[int, int]] = []
    upwards = True
    for right in range(count - 1, 0, -2):
        col = right - 1 if right <= 6 else right  # the vertical timing pattern is skipped
        rows = range(count - 1, -1, -1) if upwards else range(count)
        for row in rows:
            positions += [(row, c) for c in (col, col - 1) if modules[row][c] is None]
        upwards = not upwards
    return positions


_BITS_AS_BYTES = bytes.maketrans(b"01", b"\x00\x01")


@dataclass(frozen=True)
class QrModules:
    """A code's modules without the quiet zone: `cells` row by row, 1 for dark."""

    count: int
    cells: bytes


def qr_modules(text: str, *, mask_pattern: int = 0) -> QrModules:
    """The modules of `text` as UTF-8 bytes at error correction level L (no quiet zone)."""
    from qrcode import util
    from qrcode.constants import ERROR_CORRECT_L

    data_list = list(util.optimal_data_chunks(text.encode("utf-8"), minimum=20))  # as QRCode.add_data
    version = _best_version(data_list, ERROR_CORRECT_L)
    layout = _layout(version, ERROR_CORRECT_L, mask_pattern)
    codewords = _codewords(version, ERROR_CORRECT_L, data_list)
    data = int.from_bytes(bytes(codewords), "big") << max(layout.data_bits - 8 * len(codewords), 0)
    bits = format(data ^ layout.flips, f"0{layout.data_bits}b")[: layout.data_bits]
    cells = bytes(layout.gather(layout.fixed + bits.encode("ascii").translate(_BITS_AS_BYTES)))
    return QrModules(layout.count, cells)
