"""Progress since the last audit: `smaudit report NEW --previous OLD` and `smaudit compare`,
from answers files or saved assessments, and across questionnaire changes.

These tell the shipped examples' story (Studio Noord in May and November, with the full audit's
own dimensions, misconceptions and advice): they carry the `content` marker and are reviewed
when the content changes. The same behaviour on a fixture questionnaire, independent of the
content, is in test_progress_versions.py."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "examples" / "progress" / "studio-noord-2026-05.yaml"
NEW = ROOT / "examples" / "answers" / "studio-noord.yaml"
SMAUDIT = ROOT / ".venv" / "bin" / "smaudit"


def smaudit(*args, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([SMAUDIT, *map(str, args)], capture_output=True, text=True, cwd=ROOT)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def progress(tmp_path_factory):
    out = tmp_path_factory.mktemp("progress")
    smaudit("compare", OLD, NEW, "--json", out / "progress.json", "-o", out / "progress.pdf")
    return json.loads((out / "progress.json").read_text(encoding="utf-8")), pdf_text(out / "progress.pdf")


@pytest.mark.content
def test_scores_and_levels_then_and_now(progress):
    data, text = progress
    assert data["then"]["date"] == "2026-05-12" and data["now"]["date"] == "2026-11-17"
    assert data["then"]["overall"] < data["now"]["overall"]
    assert data["overall_change"] == pytest.approx(data["now"]["overall"] - data["then"]["overall"], abs=0.1)
    team = next(d for d in data["dimensions"] if d["id"] == "team")
    # then: one person, nobody takes over; now: a small team with cover
    assert team["then"] < 50 <= team["now"] and team["change"] > 0
    assert team["level_now"] > team["level_then"]
    assert "Voortgang sinds de vorige audit" in text and "De totaalscore steeg" in text


@pytest.mark.content
def test_misconceptions_resolved_new_and_remaining(progress):
    data, text = progress
    resolved = {m["id"] for m in data["resolved"]}
    assert {"one_person_ownership", "no_guidelines", "fear_of_negative"} <= resolved
    remaining = {m["id"] for m in data["remaining"]}
    assert "automate_everything" in remaining  # crossposting both times
    assert not resolved & remaining
    assert "OPGELOST" in text.upper() and "NOG AANWEZIG" in text.upper()


@pytest.mark.content
def test_advice_of_the_last_plan_done_or_still_open(progress):
    data, text = progress
    status = {a["id"]: a["status"] for a in data["advice"]}
    # the old plan (4 hours a week) had no room for a 0.4 FTE team; cover and a handbook
    # were in it, and both are in place now
    assert status["arrange_backup"] == "done" and status["practical_handbook"] == "done"
    assert "form_small_team" not in status  # after 90 days is not due yet
    assert status["human_autopilot"] == "open"  # automation unchanged
    assert data["advice_done"] == sum(1 for s in status.values() if s == "done")
    assert f"{data['advice_done']} van de {len(status)} acties" in text


@pytest.mark.content
def test_same_questionnaire_says_everything_was_compared(progress):
    data, text = progress
    assert data["same_questionnaire"] and data["not_compared"] == []
    assert "alles is vergeleken" in text


@pytest.mark.content
def test_report_previous_adds_the_chapter_and_a_saved_assessment_works_as_old(tmp_path, progress):
    saved = tmp_path / "old.json"
    smaudit("report", OLD, "--json", saved)
    smaudit("report", NEW, "--previous", saved, "--lang", "en", "-o", tmp_path / "r.pdf",
            "--json", tmp_path / "r.json")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {m["id"] for m in data["progress"]["resolved"]} == {m["id"] for m in progress[0]["resolved"]}
    assert [d["change"] for d in data["progress"]["dimensions"]] == [
        d["change"] for d in progress[0]["dimensions"]]
    text = pdf_text(tmp_path / "r.pdf")
    assert "Progress since the last audit" in text and "Everything hangs on one person" in text


@pytest.mark.content
def test_what_could_not_be_compared_is_said_not_read_as_change(tmp_path):
    """An old assessment from a questionnaire with a question and a misconception the current
    one no longer has: both are listed, and their dimension is flagged."""
    saved = tmp_path / "old.json"
    smaudit("report", OLD, "--json", saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["questionnaire"]["version"] = "0.9"
    for d in data["dimensions"]:
        for c in d["contributions"]:
            if c["question"] == "training":
                c["question"] = "workshop_attended"
    data["findings"][0]["id"] = "legacy_myth"
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = smaudit("compare", saved, NEW, "--json", tmp_path / "p.json", "-o", tmp_path / "p.pdf")
    progress = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert [q["id"] for q in progress["questions"]["dropped"]] == ["workshop_attended"]
    assert [q["id"] for q in progress["questions"]["added"]] == ["training"]
    assert {"kind": "misconception", "id": "legacy_myth"}.items() <= progress["not_compared"][0].items()
    assert "legacy_myth" not in {m["id"] for m in progress["resolved"]}
    organisation = next(d for d in progress["dimensions"] if d["id"] == "organisation")
    assert organisation["questions_changed"]
    text = pdf_text(tmp_path / "p.pdf")
    assert "Wat niet te vergelijken is" in text and "social-media-audit 0.9" in text
    assert result.returncode == 0


def test_an_unreadable_old_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "old.json"
    bad.write_text('{"schema_version": 99}', encoding="utf-8")
    result = smaudit("compare", bad, NEW, "-o", tmp_path / "p.pdf", ok=False)
    assert result.returncode == 2 and str(bad) in result.stderr and "99" in result.stderr
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.content
def test_a_saved_report_with_progress_and_team_renders_in_the_other_language(tmp_path):
    team = sorted((ROOT / "examples" / "team").glob("studio-noord-*.yaml"))
    saved = tmp_path / "nl.json"
    smaudit("report", *team, "--previous", OLD, "--no-register", "--json", saved)
    smaudit("render", saved, "--lang", "en", "--json", tmp_path / "en.json", "-o", tmp_path / "en.pdf")
    nl = json.loads(saved.read_text(encoding="utf-8"))
    en = json.loads((tmp_path / "en.json").read_text(encoding="utf-8"))
    assert nl["progress"]["dimensions"][0]["name"] == "Strategie en doelen"
    assert en["progress"]["dimensions"][0]["name"] == "Strategy and goals"
    changes = [d["change"] for d in nl["progress"]["dimensions"]]
    assert [d["change"] for d in en["progress"]["dimensions"]] == changes
    assert {m["title"] for m in en["respondents"]["misconceptions"]} >= {"Everything hangs on one person"}
    answers = [a for row in en["respondents"]["differences"] for a in row["answers"] if a]
    assert "Yes" in answers and "Ja" not in answers
    text = pdf_text(tmp_path / "en.pdf")
    assert "How the team sees it" in text and "Progress since the last audit" in text
    assert "Strategie en doelen" not in text
