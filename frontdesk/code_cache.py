"""Code compiled from text while the app runs, kept compiled from one start to the next.

Python keeps the compiled code of modules in .pyc files, not code compiled from text at run time. Two
such compilers sit on the way to the board's first paint:
- `dataclasses` writes each dataclass's methods (`__init__`, `__eq__`, `__repr__`, `__hash__`, and
  `__setattr__`/`__delattr__` when frozen) as text and compiles them: ~0.9 ms a class on Python 3.11,
  five times its cost with the code at hand; start-up creates some 15 dataclasses before the first
  paint, and its helper process some 35 (`keep_dataclass_code`);
- PySide6 compiles its own support code (some 130 KB kept inside shiboken's binary) at every import:
  30–40 ms (frontdesk/ui/pyside_support.py).

A `CodeCache` maps a file name, the future statements in effect and a source to the code compiled from
exactly that: a changed source (another Python's dataclasses, a PySide6 upgrade, a class given a field)
never meets old code, it compiles again. Its file is in the user's cache folder, readable by its owner
only, named for this Python and its optimisation level (as .pyc files are: `-O` drops asserts) and
stamped with its bytecode magic number. A cache folder that cannot be found, read or written, or that
others may write to, is left aside: the code compiles as it always did.
"""
# No `from __future__ import annotations` in this module: compile() inherits the future statements of
# the code that calls it, so every compile here passes the caller's own and does not inherit.

import __future__

import builtins
import marshal
import os
import sys
from contextlib import suppress
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

CACHE_ENV = "FRONTDESK_CACHE_DIR"  # a folder for the caches instead of the user's own (the tests set it)
MAX_ENTRIES = 1000  # a file holding more is written again with only this process's entries

# The built-in compile, as it is when this module loads: frontdesk/ui/pyside_support.py stands in for
# builtins.compile while PySide6 loads, and asks a cache that must not ask it back.
_compile = builtins.compile

# The compiler flags of every future statement: what compile() inherits from the code calling it.
FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag

Key = tuple[str, int, str | bytes]  # (file name, future flags, source)
# The file maps each key to its code marshalled on its own: reading it makes no code object, each is
# made when its source comes (a start before the first paint uses some 90 of ~300 dataclass methods).


def cache_dir() -> Path | None:
    """The folder the caches live in; None where there is none (no home folder)."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override)
    try:
        if sys.platform.startswith("linux"):
            # platformdirs' rule for the user's cache folder, without importing it (~11 ms of every start);
            # tests/test_code_cache.py holds it to platformdirs' answer.
            xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
            return (Path(xdg) if xdg else Path.home() / ".cache") / "frontdesk"
        from platformdirs import user_cache_path

        return user_cache_path("frontdesk", appauthor=False)
    except (RuntimeError, OSError, KeyError):  # no HOME and no passwd entry: no cache, start as before
        return None


def caller_future_flags(depth: int = 2) -> int:
    """The future statements in effect in the code `depth` frames up (1: the caller of this function's
    caller): what a compile() or exec() of text called from there would inherit."""
    return sys._getframe(depth).f_code.co_flags & FUTURE_FLAGS


class CodeCache:
    """Compiled code by (file name, future flags, source), read from its file at the first use, written
    by `save`. `keep_others`: a save keeps the entries this process did not use (another process, or
    another part of the app, uses them); without it a save writes only what this process used."""

    def __init__(self, name: str, *, keep_others: bool = True) -> None:
        folder = cache_dir()
        level = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
        self.path = folder / f"{name}.{sys.implementation.cache_tag}{level}.marshal" if folder else None
        self.keep_others = keep_others
        self._kept: dict[Key, bytes] | None = None
        self._used: dict[Key, bytes] = {}
        self.reused = 0  # compiles answered from the cache
        self.compiled = 0  # compiles done (not kept yet, or changed)
        self._unsaved = False

    def code(self, source: str | bytes, filename: str, flags: int = 0) -> CodeType:
        """The code `compile(source, filename, "exec", flags, dont_inherit=True)` makes; `flags`: future
        statements only (FUTURE_FLAGS), usually `caller_future_flags()` of the code that compiles."""
        if self._kept is None:
            self._kept = _read(self.path) if self.path is not None else {}
        key = (filename, flags, source)
        kept = self._kept.get(key)
        code = _code(kept) if kept is not None else None
        if code is None or kept is None:
            code = _compile(source, filename, "exec", flags, dont_inherit=True)
            kept = self._kept[key] = marshal.dumps(code)
            self.compiled += 1
            self._unsaved = True
        else:
            self.reused += 1
        self._used[key] = kept
        return code

    def save(self) -> bool:
        """Write the file again if this process compiled anything (keeping what the file holds now, where
        `keep_others`: the other process of a start-up may have written it meanwhile); True if written."""
        if not self._unsaved or self.path is None:
            return False
        entries = _read(self.path) if self.keep_others else {}
        entries.update(self._used)
        if len(entries) > MAX_ENTRIES:  # sources changed many times over: keep what this start used
            entries = dict(self._used)
        written = _write(self.path, entries)
        self._unsaved = not written
        return written


def _code(data: bytes) -> CodeType | None:
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def _trusted(folder: Path) -> bool:
    """Whether code kept in `folder` may run: the folder is this user's and nobody else may write to it
    (the same trust Python gives its own __pycache__ folders, checked because CACHE_ENV may name any)."""
    if not hasattr(os, "getuid"):  # Windows: the user's own local application data folder
        return True
    try:
        found = folder.stat()
    except OSError:
        return False
    return found.st_uid == os.getuid() and not found.st_mode & 0o022


def _read(path: Path) -> dict[Key, bytes]:
    """The file's entries; none if it is missing, unreadable, in a folder others may write to, or written
    by another Python."""
    if not _trusted(path.parent):
        return {}
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    if not data.startswith(MAGIC_NUMBER):
        return {}
    try:
        entries = marshal.loads(data[len(MAGIC_NUMBER):])
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    return {key: code for key, code in entries.items()
            if isinstance(key, tuple) and len(key) == 3 and isinstance(key[0], str) and isinstance(key[1], int)
            and isinstance(key[2], str | bytes) and isinstance(code, bytes)}


def _write(path: Path, entries: dict[Key, bytes]) -> bool:
    """The whole file or nothing: written beside it (owner only), then renamed over it; nothing in a
    folder others may write to."""
    import tempfile  # here: only a start that compiled something writes

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(path.parent):
            return False
        data = MAGIC_NUMBER + marshal.dumps(entries)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        return False
    return True


_dataclass_code: list[CodeCache] = []  # the one installed in this process


def keep_dataclass_code() -> CodeCache:
    """From now on in this process, dataclasses' methods come from the cache where it has their source.

    `dataclasses` runs each method's text with the module-level name `exec`; giving the module its own
    `exec` reaches only those calls, and leaves the code run the same (compiled from the same text with
    the same future statements, run in the same namespaces). Idempotent; call the returned cache's
    `save()` once start-up is done."""
    if _dataclass_code:
        return _dataclass_code[0]
    import dataclasses

    cache = CodeCache("dataclass-methods")

    def exec_kept(source, globals=None, locals=None, /):  # type: ignore[no-untyped-def]
        caller = sys._getframe(1)
        if globals is None:  # as exec itself: the calling code's namespace (dataclasses passes its own)
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if isinstance(source, str):
            source = cache.code(source, "<string>", caller.f_code.co_flags & FUTURE_FLAGS)
        exec(source, globals, locals)

    dataclasses.exec = exec_kept  # type: ignore[attr-defined]
    _dataclass_code.append(cache)
    return cache
