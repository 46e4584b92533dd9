"""Interface texts: every key exists in both languages, so an English report never shows a
`[missing_key]` placeholder where the Dutch one has text (and the reverse)."""

from pathlib import Path

import pytest
import yaml

from audit.strings import format_number, strings

ROOT = Path(__file__).resolve().parent.parent
AREAS = ["report", "web", "batch", "practice", "interview"]


@pytest.mark.parametrize("area", AREAS)
def test_both_languages_have_the_same_keys_and_no_empty_text(area):
    nl = yaml.safe_load((ROOT / "languages" / "nl" / f"{area}.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((ROOT / "languages" / "en" / f"{area}.yaml").read_text(encoding="utf-8"))
    assert sorted(set(nl) ^ set(en)) == []
    assert [k for k, v in {**nl, **en}.items() if not str(v).strip()] == []


def test_a_missing_key_shows_up_visibly_instead_of_crashing():
    assert strings("nl")["no_such_key"] == "[no_such_key]"


def test_numbers_are_written_the_reader_s_way():
    assert format_number(2.5, "nl") == "2,5" and format_number(2.5, "en") == "2.5"
    assert format_number(40, "nl") == "40"
