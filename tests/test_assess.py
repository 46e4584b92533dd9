import json

import pytest

from audit.answers import Answers, Company
from audit.assess import assess
from audit.assessment import Assessment


def run(mini, values, lang="en", notes=None):
    return assess(mini, Answers(Company(name="Test BV"), values, notes or {}), lang)


def test_every_point_is_traceable_to_an_answer(mini):
    result = run(mini, {"plan": "rough", "channels": ["linkedin", "facebook", "instagram"],
                        "people": 1, "hours": 3, "guidelines": "no"})
    strategy = result.dimension("strategy")
    # plan: 1 of 2 points; channels: 3 points capped at max_points 2 -> full marks.
    shares = {c.question: c.share for c in strategy.contributions}
    assert shares == {"plan": 25.0, "channels": 50.0}
    assert strategy.score == 75.0
    team = result.dimension("team")
    assert team.score == pytest.approx(sum(c.share for c in team.contributions if c.share), abs=0.1)
    # people=1 -> band 1 of 3 points; hours 3 -> 2 of 4; guidelines no -> 0 of 2
    assert team.score == pytest.approx(100 * (1 / 3 + 2 / 4 + 0) / 3, abs=0.1)
    # overall: weighted by dimension weight (team counts twice)
    assert result.overall_score == pytest.approx((75 + 2 * team.score) / 3, abs=0.1)


def test_unanswered_optional_questions_are_unknown_not_zero(mini):
    result = run(mini, {"plan": "written", "people": 5})
    strategy = result.dimension("strategy")
    assert strategy.score == 100.0  # channels unknown, not counted as zero
    statuses = {c.question: c.status for c in strategy.contributions}
    assert statuses == {"plan": "answered", "channels": "unknown"}
    assert result.completeness["answered"] == 2
    assert result.completeness["applicable"] == 5  # remarks is free text, never scored


def test_a_dimension_without_answers_has_no_score(mini):
    result = run(mini, {"plan": "written"})
    assert result.dimension("team").score is None
    assert result.overall_score == 100.0  # only known dimensions count


def test_hidden_questions_are_dropped_from_scoring(mini):
    result = run(mini, {"plan": "written", "people": 0, "guidelines": "yes", "hours": 5})
    team = {c.question: c for c in result.dimension("team").contributions}
    assert team["guidelines"].status == "hidden"
    assert team["guidelines"].share is None
    assert result.dimension("team").score == 0.0
    assert sorted(result.hidden_answers) == ["guidelines", "hours"]


def test_misconception_evidence_and_severity_come_from_the_answers(mini):
    partly = run(mini, {"plan": "none", "channels": ["linkedin"], "people": 3})
    fully = run(mini, {"plan": "none", "channels": ["linkedin", "facebook", "instagram"], "people": 3})
    f1, f2 = partly.finding("no_plan"), fully.finding("no_plan")
    assert f1.severity == "medium" and f2.severity == "high"
    assert [e.question for e in f1.evidence] == ["plan"]
    assert [e.question for e in f2.evidence] == ["plan", "channels"]
    assert f2.evidence[1].answer_text == "LinkedIn; Facebook; Instagram"
    assert run(mini, {"plan": "rough", "people": 3}).finding("no_plan") is None


def test_advice_is_ranked_and_planned(mini):
    result = run(mini, {"plan": "none", "people": 1, "hours": 1, "guidelines": "no"})
    ids = [a.id for a in result.advice]
    assert ids[0] == "write_plan"  # high severity x impact 5 / effort 2
    assert [a.rank for a in result.advice] == list(range(1, len(ids) + 1))
    assert result.advice_by_id("write_plan").quick_win is True
    assert result.advice_by_id("build_team").quick_win is False
    assert result.finding("no_plan").advice == ["write_plan"]
    phases = {p.id: p.advice for p in result.plan}
    assert phases["phase_weeks_1_2"] == ["write_plan"]  # the quick win comes first
    assert "build_team" in phases["phase_weeks_5_8"]  # a 90-day horizon: not in the first month
    assert [a.phase for a in result.advice] == ["phase_weeks_1_2", "phase_weeks_5_8", "phase_later"]


def test_assessment_is_plain_json_and_round_trips(mini):
    result = run(mini, {"plan": "none", "people": 1}, lang="nl", notes={"plan": "komt nog"})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["schema_version"] == 3
    assert data["level"]["name"] in {"Start", "Twee", "Drie", "Vier", "Vijf"}
    again = Assessment.from_dict(data)
    assert again.to_dict() == result.to_dict()
    assert again.appendix[0].note == "komt nog"


def test_language_changes_texts_not_scores(mini):
    values = {"plan": "rough", "people": 2, "guidelines": "yes"}
    nl, en = run(mini, values, "nl"), run(mini, values, "en")
    assert nl.overall_score == en.overall_score
    assert nl.dimension("strategy").name == "Strategie"
    assert en.dimension("strategy").name == "Strategy"


def test_client_words_are_the_marked_open_answers_as_typed(mini):
    from audit.model import ClientVoice

    q = mini.model_copy(update={"client_voice": ClientVoice(goal="remarks")})
    result = assess(q, Answers(Company(name="X"), {"remarks": "  Meer klanten in ’t dorp "}), "nl")
    assert result.client_words == {"goal": "Meer klanten in ’t dorp"}
    assert assess(q, Answers(Company(name="X"), {}), "nl").client_words == {}
    again = Assessment.from_dict(json.loads(json.dumps(result.to_dict())))
    assert again.client_words == result.client_words


def test_client_voice_must_name_a_text_question(mini):
    from audit.model import Questionnaire

    data = mini.model_dump()
    data["client_voice"] = {"goal": "plan"}
    with pytest.raises(ValueError, match="client_voice.goal: 'plan' is not a text question"):
        Questionnaire.model_validate(data)


@pytest.mark.parametrize(("lang", "value", "expected"), [
    ("nl", 1, "1 persoon"), ("nl", 3, "3 mensen"), ("en", 1, "1 person"), ("en", 2.5, "2.5 people"),
])
def test_a_number_answer_takes_the_singular_unit_after_one(lang, value, expected):
    from audit.assess import answer_text
    from audit.load import load_questionnaire

    question = load_questionnaire().question("people_involved")
    assert answer_text(question, value, lang) == expected


@pytest.mark.parametrize(("lang", "value", "expected"), [
    ("nl", 4, "4 van 5 (1 = helemaal oneens, 5 = helemaal eens)"),
    ("nl", 1, "1 van 5 (helemaal oneens)"),
    ("en", 5, "5 out of 5 (strongly agree)"),
])
def test_a_scale_answer_says_what_its_ends_mean(lang, value, expected):
    from audit.assess import answer_text
    from audit.load import load_questionnaire

    question = load_questionnaire().question("belief_free")
    assert answer_text(question, value, lang) == expected
