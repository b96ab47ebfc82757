"""Code compiled at run time, kept between starts (frontdesk/code_cache.py, frontdesk/ui/pyside_support.py).

What a start would compile comes from the cache only for exactly the same source; a missing, damaged or
foreign file changes nothing but the time. The processes below are real starts of Python, each with its
own cache folder."""

from __future__ import annotations

import json
import marshal
import os
import stat
import subprocess
import sys
import textwrap
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from frontdesk.code_cache import CACHE_ENV, CodeCache, cache_dir


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def run(code: str, folder: Path) -> dict[str, object]:
    """`code` in a new Python with the cache in `folder`; what it printed last, as JSON."""
    env = dict(os.environ, **{CACHE_ENV: str(folder)})
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_source(cache: CodeCache, source: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(cache.code(source, "<string>"), namespace)
    return namespace


def test_code_compiled_once_is_read_back_by_the_next_start_and_runs_the_same(folder: Path) -> None:
    first = CodeCache("sample")
    assert run_source(first, "x = 6 * 7")["x"] == 42
    assert (first.compiled, first.reused) == (1, 0)
    assert first.save()
    assert not first.save()  # nothing new since: not written again

    second = CodeCache("sample")
    assert run_source(second, "x = 6 * 7")["x"] == 42
    assert (second.compiled, second.reused) == (0, 1)
    assert run_source(second, "x = 6 * 8")["x"] == 48  # another source: compiled, never the old code
    assert second.compiled == 1


def test_the_cache_file_is_the_owners_alone_and_named_for_this_python(folder: Path) -> None:
    cache = CodeCache("sample")
    run_source(cache, "x = 1")
    assert cache.save()
    assert cache.path.parent == folder
    assert sys.implementation.cache_tag in cache.path.name
    assert stat.S_IMODE(cache.path.stat().st_mode) == 0o600
    assert [path.name for path in folder.iterdir()] == [cache.path.name]  # nothing left beside it


@pytest.mark.parametrize("content", [
    b"", b"not marshal at all", MAGIC_NUMBER + b"\x00garbage", b"\x00\x00\r\n" + b"from another python",
    MAGIC_NUMBER + marshal.dumps({("<string>", 0, "x = 'still runs'"): b"not code"}),  # one entry damaged
    MAGIC_NUMBER + marshal.dumps({("<string>", 0, "x = 'still runs'"): marshal.dumps(
        compile("x = 1", "<s>", "exec"))[:-3]}),  # cut short
])
def test_a_damaged_or_foreign_cache_file_is_compiled_past_and_written_again(folder: Path, content: bytes) -> None:
    cache = CodeCache("sample")
    folder.mkdir()
    cache.path.write_bytes(content)
    assert run_source(cache, "x = 'still runs'")["x"] == "still runs"
    assert cache.compiled == 1
    assert cache.save()
    assert CodeCache("sample").code("x = 'still runs'", "<string>") is not None
    again = CodeCache("sample")
    run_source(again, "x = 'still runs'")
    assert again.reused == 1


def test_a_cache_that_cannot_be_written_changes_nothing_but_the_time(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    cache = CodeCache("sample")
    assert run_source(cache, "x = 3")["x"] == 3
    assert not cache.save()
    assert blocked.read_text() == ""


def test_saving_keeps_what_another_process_wrote_meanwhile(folder: Path) -> None:
    helper, window = CodeCache("sample"), CodeCache("sample")
    run_source(helper, "a = 1")
    run_source(window, "b = 2")
    assert helper.save()
    assert window.save()
    later = CodeCache("sample")
    run_source(later, "a = 1")
    run_source(later, "b = 2")
    assert (later.compiled, later.reused) == (0, 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the folder rule written out is Linux's")
@pytest.mark.parametrize("xdg", [None, "/srv/desk-cache"])
def test_the_users_cache_folder_is_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                              xdg: str | None) -> None:
    from platformdirs import user_cache_path

    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == user_cache_path("frontdesk", appauthor=False)


DATACLASSES = """
    import dataclasses, json
    from frontdesk.code_cache import keep_dataclass_code
    cache = keep_dataclass_code()

    @dataclasses.dataclass(frozen=True)
    class Visit:
        patient: str
        minutes: int = 60
        notes: list = dataclasses.field(default_factory=list)

    visit = Visit("Ana", notes=["driver"])
    try:
        visit.minutes = 5
        frozen = False
    except dataclasses.FrozenInstanceError:
        frozen = True
    cache.save()
    print(json.dumps({"repr": repr(visit), "equal": visit == Visit("Ana", 60, ["driver"]),
                      "other": visit == Visit("Ben"), "frozen": frozen, "default": Visit("Cy").minutes,
                      "compiled": cache.compiled, "reused": cache.reused}))
"""


def test_dataclasses_made_with_kept_code_behave_as_compiled_ones(tmp_path: Path) -> None:
    first = run(DATACLASSES, tmp_path / "cache")
    second = run(DATACLASSES, tmp_path / "cache")
    assert first["compiled"] and not first["reused"]  # the first start compiled every method
    assert second["reused"] == first["compiled"] and not second["compiled"]  # the next compiled none
    for seen in (first, second):
        assert seen["repr"] == "Visit(patient='Ana', minutes=60, notes=['driver'])"
        assert (seen["equal"], seen["other"], seen["frozen"], seen["default"]) == (True, False, True, 60)


PYSIDE = """
    import json
    from frontdesk.ui.pyside_support import support_code_kept
    with support_code_kept() as cache:
        from PySide6.QtCore import QDate
    # The support code at work: PySide6's message for a call with wrong arguments comes from it.
    try:
        QDate(2026, 11, 28).addDays("3")
    except TypeError as error:
        message = str(error)
    import sys
    formatter = sys.modules["shibokensupport.signature.lib.pyi_generator"].Formatter
    annotation = formatter.normalize_type.__annotations__["type_repr"]
    print(json.dumps({"compiled": cache.compiled, "reused": cache.reused, "message": message,
                      "annotation": annotation if isinstance(annotation, str) else repr(annotation),
                      "date": QDate(2026, 11, 28).addDays(3).toString("yyyy-MM-dd")}))
"""


def test_pysides_support_code_is_compiled_at_the_first_start_only(tmp_path: Path) -> None:
    first = run(PYSIDE, tmp_path / "cache")
    second = run(PYSIDE, tmp_path / "cache")
    assert first["compiled"] and not first["reused"]
    assert second["reused"] == first["compiled"] and not second["compiled"]
    # compiled as shiboken compiles it, with its loader's `from __future__ import annotations`
    assert first["annotation"] == second["annotation"] == "str"
    assert first["message"] == second["message"]
    assert "Supported signatures:" in str(second["message"])
    assert "QDate.addDays(days: int, /)" in str(second["message"])
    assert second["date"] == "2026-12-01"


def test_with_pyside_loaded_already_nothing_is_intercepted() -> None:
    import PySide6.QtCore  # noqa: F401  (the test session has it)

    from frontdesk.ui.pyside_support import support_code_kept

    with support_code_kept() as cache:
        import builtins

        assert builtins.compile.__module__ == "builtins"
    assert cache is None


def test_code_is_kept_for_the_future_statements_it_was_compiled_with(folder: Path) -> None:
    """compile() inherits its caller's future statements: the same text with postponed annotations is
    other code, and one never stands in for the other."""
    import __future__

    postponed = __future__.annotations.compiler_flag
    source = "def f(x: not_defined_anywhere): pass\n"
    cache = CodeCache("sample")
    namespace: dict[str, object] = {}
    exec(cache.code(source, "<string>", postponed), namespace)
    assert namespace["f"].__annotations__ == {"x": "not_defined_anywhere"}  # type: ignore[attr-defined]
    assert cache.save()
    again = CodeCache("sample")
    with pytest.raises(NameError):  # evaluated at once without the future statement
        exec(again.code(source, "<string>", 0), {})
    assert (again.compiled, again.reused) == (1, 0)


def test_a_cache_folder_others_may_write_to_is_left_aside(folder: Path) -> None:
    cache = CodeCache("sample")
    run_source(cache, "x = 1")
    assert cache.save()
    folder.chmod(0o777)
    try:
        shared = CodeCache("sample")
        run_source(shared, "x = 1")
        assert (shared.compiled, shared.reused) == (1, 0)  # not read
        assert not shared.save()  # nor written
    finally:
        folder.chmod(0o700)


def test_without_a_home_folder_the_cache_is_off_and_code_still_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    monkeypatch.setattr(sys, "platform", "linux")
    assert cache_dir() is None
    cache = CodeCache("sample")
    assert run_source(cache, "x = 5")["x"] == 5
    assert not cache.save()


def test_code_kept_at_one_optimisation_level_is_not_run_at_another(tmp_path: Path) -> None:
    """As .pyc files: `python -O` drops asserts, so its code is kept apart."""
    code = """
        import json
        from frontdesk.code_cache import CodeCache
        cache = CodeCache("sample")
        try:
            exec(cache.code("assert False, 'asserted'", "<string>"), {})
            outcome = "no assert"
        except AssertionError:
            outcome = "asserted"
        cache.save()
        print(json.dumps({"outcome": outcome, "file": cache.path.name, "reused": cache.reused}))
    """
    normal = run(code, tmp_path / "cache")
    env = dict(os.environ, **{CACHE_ENV: str(tmp_path / "cache")})
    done = subprocess.run([sys.executable, "-O", "-c", textwrap.dedent(code)], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    optimised = json.loads(done.stdout.strip().splitlines()[-1])
    assert normal["outcome"] == "asserted" and optimised["outcome"] == "no assert"
    assert optimised["reused"] == 0 and ".opt-1." in str(optimised["file"]) and ".opt-" not in str(normal["file"])
