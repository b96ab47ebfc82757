"""PySide6's own Python support code, compiled once and kept, instead of compiled at every start.

`import PySide6` runs shiboken6's support code (`signature_bootstrap` and the `shibokensupport`
package: some 130 KB of Python kept in a zip inside shiboken's binary) and compiles it from source:
Python's .pyc files never cover it. That is 30–40 ms of every start here, before anything of Qt loads,
on the way to the board's first paint.

`support_code_kept()` wraps the first import of PySide6. Meanwhile, a compile of one of those files
comes from a `CodeCache` (frontdesk/code_cache.py: code by file name and exact source; a PySide6
upgrade compiles again); any other compile runs as usual. What had to be compiled is written to the
cache for the next start.
"""
# No `from __future__ import annotations` in this module: compile() called from here would inherit it
# (every compile here passes its caller's future statements and inherits none).

import builtins
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from frontdesk.code_cache import CodeCache, caller_future_flags

SUPPORT_FILES = ("signature_bootstrap.py", "shibokensupport/")  # the file names shiboken compiles under


@contextmanager
def support_code_kept() -> Iterator[CodeCache | None]:
    """Around the first import of PySide6: its support code from the cache where the cache has it. Yields
    the cache (its `reused` and `compiled` say what happened), or None if PySide6 was loaded already."""
    if "shiboken6" in sys.modules:  # loaded already: nothing of it compiles again
        yield None
        return
    # Each start uses all of it: entries of other PySide6 versions are not kept (the file stays one
    # version's size, about 290 KB, instead of growing with each upgrade).
    cache = CodeCache("pyside-support", keep_others=False)
    real_compile = builtins.compile

    def compile_kept(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **more):  # type: ignore[no-untyped-def]
        # compile() inherits the future statements of the code calling it (shiboken's loader has
        # `from __future__ import annotations`): passed on explicitly, as this wrapper is the caller now.
        inherited = 0 if dont_inherit else caller_future_flags()
        if flags or optimize != -1 or more or mode != "exec" or not isinstance(source, bytes) \
                or not _is_support(filename):
            return real_compile(source, filename, mode, flags | inherited, True, optimize, **more)
        # Only the call shiboken makes, compile(source_bytes, "shibokensupport/….py", "exec"), is answered.
        return cache.code(source, filename, inherited)

    builtins.compile = compile_kept
    try:
        yield cache
    finally:
        builtins.compile = real_compile
    cache.save()


def _is_support(filename: object) -> bool:
    return isinstance(filename, str) and filename.startswith(SUPPORT_FILES)
