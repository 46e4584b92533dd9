"""One policy for a changed questionnaire, in every front end: an answers file written for an
older version still loads when only the new version is installed; a renamed question takes its
old answers along, a retired question's answer is set aside and reported, never silently lost.
The change is declared in the questionnaire data alone (`retired:`, `renamed:`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from audit.errors import InputError
from audit.load import load_answers, load_questionnaire, parse_questionnaire
from tests.cli_runner import run_smaudit as smaudit

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
OLD_ANSWERS = {
    "questionnaire": {"id": "mini", "version": "1"},
    "language": "en",
    "company": {"name": "Old Client"},
    "answers": {"plan": "rough", "channels": ["linkedin"], "people": 2, "remarks": "We post on Fridays."},
    "notes": {"plan": "Written last year"},
}


def version_2() -> str:
    """mini 1 -> 2: `plan` is now `strategy_plan`, the `remarks` question is gone."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('version: "1"', 'version: "2"', 1)
    text = text.replace("  - id: plan\n", "  - id: strategy_plan\n", 1)
    text = text.replace("plan == 'none'", "strategy_plan == 'none'")
    start, end = text.index("  - id: remarks\n"), text.index("misconceptions:")
    text = text[:start] + text[end:]
    return text + "retired: [remarks]\nrenamed: {plan: strategy_plan}\n"


@pytest.fixture()
def only_v2(tmp_path, monkeypatch):
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "mini.yaml").write_text(version_2(), encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    answers = tmp_path / "old.yaml"
    answers.write_text(yaml.safe_dump(OLD_ANSWERS), encoding="utf-8")
    return load_questionnaire(folder / "mini.yaml"), answers


def test_engine_maps_renamed_and_sets_aside_retired(only_v2):
    q2, path = only_v2
    answers = load_answers(path, q2)
    assert answers.values["strategy_plan"] == "rough"
    assert "plan" not in answers.values and "remarks" not in answers.values
    assert answers.notes == {"strategy_plan": "Written last year"}
    assert answers.set_aside == {"remarks": "We post on Fridays."}
    assert answers.set_aside_notes(q2) == [
        "question remarks: retired in mini 2; the answer 'We post on Fridays.' is not used"]


def test_report_assesses_old_answers_with_the_new_version_and_says_so(only_v2, tmp_path, capsys):
    _, path = only_v2
    out = tmp_path / "a.json"
    code, _, err = smaudit(["report", path, "--json", out], capsys)
    assert code == 0, err
    assert "version 1 is not installed; using version 2" in err
    assert "question remarks: retired in mini 2" in err
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["questionnaire"]["version"] == "2"
    plan = next(c for d in saved["dimensions"] for c in d["contributions"]
                if c["question"] == "strategy_plan")
    assert plan["status"] == "answered" and plan["answer"] == "rough" and plan["note"] == "Written last year"


def test_validate_accepts_and_reports(only_v2, capsys):
    _, path = only_v2
    code, out, err = smaudit(["validate", path], capsys)
    assert code == 0, err
    assert "answers of 'Old Client', 3 questions answered (questionnaire mini 2)" in out
    assert "retired in mini 2" in out


def test_interview_resume_upgrades_the_file_to_the_new_ids(only_v2, tmp_path):
    from audit.interview.session import Session

    q2, path = only_v2
    session = Session.resume(q2, path, tmp_path / "resumed.yaml")
    assert session.answers.values["strategy_plan"] == "rough"
    session.save()
    written = yaml.safe_load((tmp_path / "resumed.yaml").read_text(encoding="utf-8"))
    assert written["questionnaire"] == {"id": "mini", "version": "2"}
    assert written["answers"]["strategy_plan"] == "rough"
    assert "plan" not in written["answers"] and "remarks" not in written["answers"]
    assert written["notes"] == {"strategy_plan": "Written last year"}


def test_batch_column_with_the_old_id_fills_the_new_question(only_v2):
    from audit.batch.matching import parse_rows
    from audit.batch.readers import RawTable

    q2, _ = only_v2
    table = RawTable(source="old.csv", fmt="csv",
                     rows=[["company.name", "plan", "people"], ["Old Client", "rough", "2"]])
    parsed = parse_rows(table, q2, "en")
    assert parsed.rows[0].ok, parsed.rows[0].problems
    assert parsed.rows[0].answers.values["strategy_plan"] == "rough"


def test_web_stored_answers_follow_the_rename(only_v2):
    from audit.web.report import current_values

    q2, _ = only_v2
    assert current_values({"plan": "rough", "remarks": "x", "people": 2}, q2) == \
        {"strategy_plan": "rough", "people": 2}


@pytest.mark.parametrize("extra, message", [
    ("retired: [people]\n", "retired: people is still a question"),
    ("renamed: {plan2: nowhere}\n", "renamed: plan2 -> nowhere: there is no question nowhere"),
    ("renamed: {people: plan}\n", "renamed: people is still a question"),
    ("retired: [old]\nrenamed: {old: plan}\n", "retired: old is also renamed"),
])
def test_wrong_retired_or_renamed_is_named(extra, message):
    data = yaml.safe_load(MINI.read_text(encoding="utf-8") + extra)
    with pytest.raises(InputError) as info:
        parse_questionnaire(data, "mini.yaml")
    assert message in str(info.value)


def test_old_and_new_id_both_answered_is_an_error(only_v2, tmp_path):
    q2, _ = only_v2
    both = tmp_path / "both.yaml"
    both.write_text(yaml.safe_dump({**OLD_ANSWERS, "answers": {"plan": "rough", "strategy_plan": "none",
                                                              "people": 1}}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_answers(both, q2)
    assert "question plan: renamed to strategy_plan, which is answered too" in str(info.value)


ADDED_QUESTION = """\
  - id: budget
    dimension: strategy
    type: yesno
    yes_points: 1
    no_points: 0
    text: {nl: "Budget?", en: "Budget?"}
"""


def test_a_question_added_since_counts_as_unknown_in_old_answers(tmp_path, monkeypatch, capsys):
    """Version 3 adds a required question: an answers file written for version 1 (not
    installed) still gives a report, with the new question unknown and said so; answers
    written for version 3 itself must answer it."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    text = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "3"', 1)
    text = text.replace("  - id: channels\n", ADDED_QUESTION + "  - id: channels\n", 1)
    (folder / "mini.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    old = tmp_path / "old.yaml"
    old.write_text(yaml.safe_dump(OLD_ANSWERS), encoding="utf-8")
    out = tmp_path / "a.json"
    code, _, err = smaudit(["report", old, "--json", out, "--no-register"], capsys)
    assert code == 0, err
    assert "question budget: not answered in these answers for version 1" in err
    saved = json.loads(out.read_text(encoding="utf-8"))
    budget = next(c for d in saved["dimensions"] for c in d["contributions"] if c["question"] == "budget")
    assert budget["status"] == "unknown"
    # the report says it was not asked; the optional questions the file leaves out stay "not
    # answered" (they may have been skipped)
    assert saved["not_asked"] == {"version": "1", "questions": ["budget"]}

    current = tmp_path / "current.yaml"
    current.write_text(yaml.safe_dump({**OLD_ANSWERS, "questionnaire": {"id": "mini", "version": "3"},
                                       "answers": {"plan": "rough", "people": 2}}), encoding="utf-8")
    code, _, err = smaudit(["report", current, "--json", out, "--no-register"], capsys)
    assert code == 2 and "question budget: required answer is missing" in err
