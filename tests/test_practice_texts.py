"""The practice sections' texts exist in both languages, none empty."""

from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parent.parent / "languages"


def test_both_languages_have_the_same_keys_and_no_empty_text():
    nl = yaml.safe_load((FOLDER / "nl" / "practice.yaml").read_text(encoding="utf-8"))
    en = yaml.safe_load((FOLDER / "en" / "practice.yaml").read_text(encoding="utf-8"))
    assert sorted(set(nl) ^ set(en)) == []
    assert [k for k, v in {**nl, **en}.items() if not str(v).strip()] == []


def test_a_flemish_report_reads_the_dutch_texts():
    from audit.practice import practice_strings

    assert practice_strings("nl-BE")["team_title"] == practice_strings("nl")["team_title"]
