"""Several respondents for one company: how answers combine, the perception gap, and privacy
(a person's own answers appear only with their consent)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from audit.load import load_answers, load_questionnaire
from audit.respondents import combine_values

ROOT = Path(__file__).resolve().parent.parent
TEAM = sorted((ROOT / "examples" / "team").glob("studio-noord-*.yaml"))  # directeur, marketing, ontwerper
SMAUDIT = ROOT / ".venv" / "bin" / "smaudit"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


def test_single_choice_takes_the_median_answer_by_points(q):
    question = q.question("measure_what")  # nothing 0, likes 1, engagement 2, against_goals 3
    assert combine_values(question, ["against_goals", "nothing", "engagement"]) == "engagement"
    # a strict majority always wins
    votes = ["likes_followers", "against_goals", "likes_followers"]
    assert combine_values(question, votes) == "likes_followers"


def test_an_even_split_takes_the_less_mature_answer(q):
    assert combine_values(q.question("measure_what"), ["against_goals", "nothing"]) == "nothing"
    assert combine_values(q.question("kpis"), ["yes", "no"]) == "no"
    # a belief scale scores 'agree' (5) lowest: the split takes the stronger belief
    assert combine_values(q.question("belief_free"), [1, 5]) == 5


def test_numbers_take_the_median(q):
    assert combine_values(q.question("people_involved"), [1, 3, 8]) == 3
    assert combine_values(q.question("people_involved"), [1, 2]) == 1.5


def test_multi_choice_keeps_what_more_than_half_chose(q):
    question = q.question("guidelines")
    assert combine_values(question, [["tone", "allowed"], ["tone"], ["tone", "roles"]]) == ["tone"]
    # a good practice chosen by exactly half does not count; a weak one does
    automation = q.question("automation")
    assert combine_values(automation, [["crosspost"], ["schedule_some"]]) == ["crosspost"]


def test_unknown_answers_are_left_out_not_counted_as_zero(q):
    assert combine_values(q.question("measure_what"), [None, "against_goals", None]) == "against_goals"
    assert combine_values(q.question("measure_what"), [None, None]) is None


@pytest.fixture(scope="module")
def team_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("team")
    pdf, data = out / "team.pdf", out / "team.json"
    result = subprocess.run([SMAUDIT, "report", *TEAM, "-o", pdf, "--json", data],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    return json.loads(data.read_text(encoding="utf-8")), text


def test_one_report_shows_the_perception_gap_by_role(team_report):
    data, text = team_report
    team = data["respondents"]
    assert [r["label"] for r in team["respondents"]] == ["Directeur", "Marketing", "Ontwerper"]
    dims = {d["id"]: d for d in team["dimensions"]}
    # the director sees a team of three with cover; marketing does it alone and it stops on holiday
    assert dims["team"]["gap"] and dims["team"]["lowest"] == ["Marketing"]
    assert dims["team"]["highest"] == ["Directeur"]
    assert not dims["audience_channels"]["gap"]
    found = {m["id"]: m for m in team["misconceptions"]}
    assert found["one_person_ownership"]["seen_by"] == ["Marketing", "Ontwerper"]
    assert found["one_person_ownership"]["not_seen_by"] == ["Directeur"]
    assert found["one_person_ownership"]["combined"] is True
    assert found["no_measurement"]["combined"] is False and found["no_measurement"]["gap"]
    assert "Hoe het team het ziet" in text and "Verschil in beeld" in text


def test_combined_scores_come_from_the_combined_answers(team_report):
    data, _ = team_report
    combined = {d["id"]: d["score"] for d in data["dimensions"]}
    gap = {d["id"]: d["combined"] for d in data["respondents"]["dimensions"]}
    assert combined == gap
    # the combined team score lies within what the respondents scored
    team = next(d for d in data["respondents"]["dimensions"] if d["id"] == "team")
    assert min(team["scores"]) <= team["combined"] <= max(team["scores"])


def test_answers_of_someone_who_did_not_agree_never_appear(team_report):
    data, text = team_report
    flat = " ".join(text.split())
    # the designer (consent: no) wrote these; the marketing coordinator (consent: yes) the last
    assert "Niemand vertelt ons" not in flat and "Nooit een training gehad" not in flat
    assert "Niemand vertelt ons" not in json.dumps(data, ensure_ascii=False)
    assert "Ik sta er eigenlijk alleen voor" in flat
    assert data["respondents"]["sharing"] == ["Directeur", "Marketing"]
    assert all(len(row["answers"]) == 2 for row in data["respondents"]["differences"])


def test_a_file_of_another_company_is_refused(tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(TEAM[1].read_text(encoding="utf-8").replace("name: Studio Noord", "name: Studio Zuid"),
                     encoding="utf-8")
    result = subprocess.run([SMAUDIT, "report", TEAM[0], other, "-o", tmp_path / "x.pdf"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "Studio Zuid" in result.stderr and str(other) in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_consent_must_be_yes_or_no(tmp_path, q):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEAM[1].read_text(encoding="utf-8").replace("consent: true", "consent: misschien"),
                   encoding="utf-8")
    with pytest.raises(Exception, match="respondent.consent"):
        load_answers(bad, q)


def test_shared_roles_are_numbered(q, tmp_path):
    from audit.respondents import label_respondents

    sets = [load_answers(TEAM[0], q), load_answers(TEAM[2], q), load_answers(TEAM[2], q)]
    assert [p.label for p in label_respondents(sets, "nl")] == ["Directeur", "Ontwerper 1", "Ontwerper 2"]


def test_the_same_open_answer_of_two_people_appears_once_with_both_roles(team_report):
    data, _ = team_report
    goal = next(c for d in data["dimensions"] for c in d["contributions"] if c["question"] == "business_goal")
    assert goal["answer"].startswith("Directeur, Marketing: Doorgroeien")
    assert goal["answer"].count("Doorgroeien") == 1
