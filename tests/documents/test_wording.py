"""The wording files: a clinic's edited copy wins, and a broken placeholder is named, not printed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.documents.handout import fill_runs
from frontdesk.documents.wording import load_wording, normalise_language
from frontdesk.resources import RESOURCES_ENV, resource_path


@pytest.fixture
def fresh_wording() -> Iterator[None]:
    load_wording.cache_clear()
    yield
    load_wording.cache_clear()


def test_english_and_spanish_have_the_same_keys() -> None:
    def keys(node: object, prefix: str = "") -> set[str]:
        if isinstance(node, dict):
            return {k for key, value in node.items() for k in keys(value, f"{prefix}.{key}")} | {prefix}
        return {prefix}

    assert keys(load_wording("en").data) == keys(load_wording("es").data)


def test_a_clinics_own_copy_is_used_and_fonts_still_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          fresh_wording: None) -> None:
    data = json.loads(resource_path("handouts", "en.json").read_text(encoding="utf-8"))
    data["title"] = "Before you come to Blue Ridge"
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "en.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(RESOURCES_ENV, str(tmp_path))
    assert load_wording("en").text("title") == "Before you come to Blue Ridge"
    assert resource_path("fonts", "DejaVuSans.ttf").is_file()  # not in the clinic's copy: the shipped one


def test_unknown_placeholder_is_named() -> None:
    with pytest.raises(ValueError, match=r"unknown placeholder \{arrival\}"):
        fill_runs("Arrive at {arrival}.", {"arrive_by": "9:45 AM"}, "en")


def test_fill_sets_values_in_bold_as_given() -> None:
    assert fill_runs("For: {patient}", {"patient": "A <b> & B"}) == (("For: ", False), ("A <b> & B", True))
    assert fill_runs("Leave at {time}.", {"time": "2:00 p. m."}) == (("Leave at ", False), ("2:00 p. m.", True))


def test_language_codes() -> None:
    assert [normalise_language(x) for x in ("es", "ES-mx", "fr", None, "")] == ["es", "es", "en", "en", "en"]
