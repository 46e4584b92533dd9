"""The saved Assessment is the rendering source: put into another language it equals the
assessment made in that language, and `smaudit render` prints it without assessing again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.assess import assess
from audit.assessment import Assessment
from audit.load import load_answers, load_questionnaire
from audit.localize import in_language
from tests.cli_runner import run_smaudit as run

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "answers").glob("*.yaml"))


@pytest.fixture(scope="module")
def product():
    return load_questionnaire()


def comparable(a: Assessment) -> dict:
    return json.loads(json.dumps(a.to_dict()))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_put_into_english_equals_assessed_in_english(product, path):
    answers = load_answers(path, product)
    dutch = assess(product, answers, "nl")
    english = assess(product, answers, "en")
    assert comparable(dutch) != comparable(english)  # the texts really differ
    assert comparable(in_language(dutch, product, "en")) == comparable(english)
    assert comparable(in_language(english, product, "nl")) == comparable(dutch)


def test_engine_fixture_with_hidden_and_unknown_answers(mini):
    """Hidden, unknown and unscored answers get their words in the new language too."""
    from audit.answers import Answers, Company

    answers = Answers(Company(name="X"), values={"plan": "none", "channels": ["linkedin"], "people": 0,
                                                 "hours": 3})
    dutch, english = assess(mini, answers, "nl"), assess(mini, answers, "en")
    statuses = {c.status for d in dutch.dimensions for c in d.contributions}
    assert {"unknown", "answered", "hidden"} <= statuses
    assert comparable(in_language(dutch, mini, "en")) == comparable(english)


def test_saved_json_round_trip_and_version_1_upgrade(product):
    answers = load_answers(EXAMPLES[0], product)
    saved = json.loads(json.dumps(assess(product, answers, "nl").to_dict()))
    assert saved["schema_version"] == 3
    english = comparable(assess(product, answers, "en"))
    assert comparable(in_language(Assessment.from_dict(saved), product, "en")) == english
    # a version 1 file (no canonical answers next to evidence and appendix) still loads
    old = json.loads(json.dumps(saved))
    old["schema_version"] = 1
    for f in old["findings"]:
        for e in f["evidence"]:
            del e["answer"]
    for item in old["appendix"]:
        del item["answer"]
    assert comparable(in_language(Assessment.from_dict(old), product, "en")) == english
    with pytest.raises(ValueError, match="schema version 99"):
        Assessment.from_dict({**saved, "schema_version": 99})


def test_render_command_uses_saved_values_not_a_new_assessment(tmp_path, capsys):
    """The saved scores are what gets printed: a tampered score shows, proving no re-assessment."""
    saved = tmp_path / "a.json"
    code, _, err = run(["report", EXAMPLES[0], "--json", saved], capsys)
    assert code == 0, err
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["language"] == "nl"
    data["overall_score"] = 12.3
    saved.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "en.json"
    code, _, err = run(["render", saved, "--lang", "en", "--json", out], capsys)
    assert code == 0, err
    english = json.loads(out.read_text(encoding="utf-8"))
    assert english["overall_score"] == 12.3
    assert english["language"] == "en"
    direct = tmp_path / "direct.json"
    run(["report", EXAMPLES[0], "--lang", "en", "--json", direct], capsys)
    expected = json.loads(direct.read_text(encoding="utf-8"))
    assert {k: v for k, v in english.items() if k != "overall_score"} == \
        {k: v for k, v in expected.items() if k != "overall_score"}


def test_render_refuses_what_is_not_an_assessment(tmp_path, capsys):
    bad = tmp_path / "answers.json"
    bad.write_text(json.dumps({"company": {"name": "X"}}), encoding="utf-8")
    code, _, err = run(["render", bad, "--json", tmp_path / "x.json"], capsys)
    assert code == 2
    assert f"{bad}: not a saved assessment" in err
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"schema_version": 7}), encoding="utf-8")
    code, _, err = run(["render", newer, "--json", tmp_path / "x.json"], capsys)
    assert code == 2 and "schema version 7" in err


def test_render_with_a_questionnaire_that_lacks_its_ids_names_them(tmp_path, capsys):
    saved = tmp_path / "a.json"
    run(["report", EXAMPLES[0], "--json", saved], capsys)
    mini = ROOT / "tests" / "fixtures" / "mini.yaml"
    code, _, err = run(["render", saved, "--lang", "en", "--questionnaire", mini,
                        "--json", tmp_path / "x.json"], capsys)
    assert code == 2
    assert "has no question business_goal" in err


@pytest.mark.pdf
def test_render_prints_the_pdf_in_the_language_asked(tmp_path, capsys, product):
    from pypdf import PdfReader

    saved = tmp_path / "a.json"
    run(["report", EXAMPLES[0], "--json", saved], capsys)
    pdf = tmp_path / "en.pdf"
    code, _, err = run(["render", saved, "--lang", "en", "-o", pdf], capsys)
    assert code == 0, err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split()).lower()
    saved_data = json.loads(saved.read_text(encoding="utf-8"))
    level = next(lv for lv in product.levels if lv.number == saved_data["level"]["number"])
    assert level.name("en").lower() in text
    assert level.name("nl").lower() not in text
    first = next(m for m in product.misconceptions if m.id == saved_data["findings"][0]["id"])
    assert " ".join(first.title("en").split()).lower() in text
