"""Progress across questionnaire versions, on a fixture pair (tests/fixtures/versions): version
2.0 of `team-check` declares `renamed: {plan: written_plan}` and `retired: [handbook]`. The old
answers file (1.0) and the new one (2.0) are compared with `smaudit compare` and with
`smaudit report --previous`: the renamed question counts as the same question, and the retired
one is said to be not compared, whether or not version 1.0 is still installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run_smaudit

VERSIONS = Path(__file__).resolve().parent / "fixtures" / "versions"
OLD = VERSIONS / "old-answers.yaml"
NEW = VERSIONS / "new-answers.yaml"


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    return " ".join(out.split())


@pytest.fixture(params=["both installed", "only 2.0 installed"])
def installed(request, tmp_path, monkeypatch):
    """The consultant's folder holds both versions, or only the new one (1.0 was replaced)."""
    home = tmp_path / "home"
    (home / "questionnaires").mkdir(parents=True)
    shutil.copy(VERSIONS / "team-check-2.yaml", home / "questionnaires")
    if request.param == "both installed":
        shutil.copy(VERSIONS / "team-check-1.yaml", home / "questionnaires")
    monkeypatch.setenv("SMAUDIT_HOME", str(home))
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    return request.param


def compare(tmp_path, capsys) -> tuple[dict, str]:
    code, out, err = run_smaudit(["compare", OLD, NEW, "--json", tmp_path / "p.json", "-o",
                                  tmp_path / "p.pdf"], capsys)
    assert code == 0, err
    return json.loads((tmp_path / "p.json").read_text(encoding="utf-8")), pdf_text(tmp_path / "p.pdf")


def test_a_renamed_question_is_compared_and_the_retired_one_is_named(installed, tmp_path, capsys):
    progress, text = compare(tmp_path, capsys)
    questions = progress["questions"]
    # plan (1.0) and written_plan (2.0) are one question: its change counts, nothing is "new"
    assert questions["added"] == [] and questions["dropped"] == []
    assert questions["compared"] == 4  # plan -> written_plan, channels, people, guidelines
    assert [q["id"] for q in questions["retired"]] == ["handbook"]
    strategy = next(d for d in progress["dimensions"] if d["id"] == "strategy")
    assert strategy["then"] < 50 and strategy["now"] == 100 and not strategy["questions_changed"]
    assert {m["id"] for m in progress["resolved"]} == {"no_plan", "solo"}
    assert {a["id"]: a["status"] for a in progress["advice"]}["write_plan"] == "done"
    # never "everything was compared": the old answers were to 1.0
    assert not progress["same_questionnaire"]
    assert progress["then"]["questionnaire"] == {"id": "team-check", "version": "1.0"} or \
        progress["then"]["answered_with"] == {"id": "team-check", "version": "1.0"}
    assert "What could not be compared" in text and "everything was compared" not in text
    assert "No longer asked (retired in the new version)" in text
    if installed == "both installed":  # the old question's own words are known
        assert [(q["old"], q["new"]) for q in questions["renamed"]] == [("plan", "written_plan")]
        assert "Is there a handbook for whoever takes over?" in text
        assert "Compared under its new name: Is your social media plan written down?" in text
    else:  # read with 2.0: said so, and the retired answer is still named
        assert "version 1.0 of team-check, which is not installed any more" in text
        assert "No longer asked (retired in the new version): handbook" in text


def test_report_previous_says_the_same(installed, tmp_path, capsys):
    progress, _ = compare(tmp_path, capsys)
    code, _, err = run_smaudit(["report", NEW, "--previous", OLD, "--json", tmp_path / "r.json"], capsys)
    assert code == 0, err
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["progress"]
    assert report["questions"] == progress["questions"]
    assert [d["change"] for d in report["dimensions"]] == [d["change"] for d in progress["dimensions"]]


def test_the_same_version_says_everything_was_compared(tmp_path, capsys, monkeypatch):
    """Both audits with team-check 2.0: every question is compared and the report says so
    (in Dutch, the language of the old file and therefore of the comparison)."""
    home = tmp_path / "home"
    (home / "questionnaires").mkdir(parents=True)
    shutil.copy(VERSIONS / "team-check-2.yaml", home / "questionnaires")
    monkeypatch.setenv("SMAUDIT_HOME", str(home))
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    code, _, err = run_smaudit(["compare", VERSIONS / "earlier-answers.yaml", NEW, "--lang", "nl", "--json",
                                tmp_path / "p.json", "-o", tmp_path / "p.pdf"], capsys)
    assert code == 0, err
    progress = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert progress["same_questionnaire"] and progress["not_compared"] == []
    assert progress["questions"]["compared"] == 4 and progress["questions"]["retired"] == []
    assert {m["id"] for m in progress["resolved"]} == {"no_plan", "solo"}
    text = pdf_text(tmp_path / "p.pdf")
    assert "Voortgang sinds de vorige audit" in text and "alles is vergeleken" in text
    assert "De totaalscore steeg" in text


def test_a_saved_assessment_works_as_the_old_audit(tmp_path, capsys, monkeypatch):
    """`report NEW --previous saved.json` compares with a saved assessment as with its answers."""
    home = tmp_path / "home"
    (home / "questionnaires").mkdir(parents=True)
    shutil.copy(VERSIONS / "team-check-2.yaml", home / "questionnaires")
    monkeypatch.setenv("SMAUDIT_HOME", str(home))
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    earlier = VERSIONS / "earlier-answers.yaml"
    code, _, err = run_smaudit(["report", earlier, "--json", tmp_path / "old.json"], capsys)
    assert code == 0, err
    for old, out in ((earlier, "a.json"), (tmp_path / "old.json", "b.json")):
        code, _, err = run_smaudit(["report", NEW, "--previous", old, "--lang", "en",
                                    "--json", tmp_path / out, "-o", tmp_path / out.replace(".json", ".pdf")],
                                   capsys)
        assert code == 0, err
    by_answers, by_saved = (json.loads((tmp_path / n).read_text(encoding="utf-8"))["progress"]
                            for n in ("a.json", "b.json"))
    resolved = {m["id"] for m in by_saved["resolved"]}
    assert resolved == {m["id"] for m in by_answers["resolved"]} == {"no_plan", "solo"}
    assert [d["change"] for d in by_saved["dimensions"]] == [d["change"] for d in by_answers["dimensions"]]
    text = pdf_text(tmp_path / "b.pdf")
    assert "Progress since the last audit" in text and "Everything hangs on one person" in text
