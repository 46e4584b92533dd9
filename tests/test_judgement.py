"""The judgement's rules on small questionnaires: a missing basis never raises a score,
exclusive signals count once, a finding needs a stated belief or behaviour, the level is
capped by findings, verdicts cannot contradict findings (checked on load), and the plan
respects quick wins, horizons, requirements and hours."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from audit.answers import Answers, Company
from audit.assess import assess
from audit.errors import InputError
from audit.load import load_questionnaire, parse_questionnaire

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"


@pytest.fixture()
def data():
    return yaml.safe_load(MINI.read_text(encoding="utf-8"))


def build(data):
    return parse_questionnaire(data, "test.yaml")


def run(q, values, lang="en"):
    return assess(q, Answers(Company(name="T"), values), lang)


def test_a_follow_up_hidden_by_a_missing_basis_counts_as_zero_not_as_absent(data):
    plain = build(data)
    # people == 0 hides hours and guidelines: by default "not applicable", left out
    assert run(plain, {"plan": "written", "people": 0}).dimension("team").score == 0.0
    assert run(plain, {"plan": "written", "people": 1}).dimension("team").score == \
        pytest.approx(100 / 3, abs=0.1)
    data = copy.deepcopy(data)
    guidelines = next(x for x in data["questions"] if x["id"] == "guidelines")
    guidelines["hidden_means"] = "absent"
    q = build(data)
    # people 1, guidelines unanswered: unknown, left out
    one = run(q, {"plan": "written", "people": 1}).dimension("team")
    assert {c.question: c.status for c in one.contributions}["guidelines"] == "unknown"
    # people 0: guidelines hidden because the basis is missing -> zero points, counted
    zero = run(q, {"plan": "written", "people": 0}).dimension("team")
    status = {c.question: c.status for c in zero.contributions}
    assert status["guidelines"] == "absent" and status["hours"] == "hidden"
    assert zero.applicable == 2 and zero.score == 0.0
    # and an unknown basis leaves it out: undecided, not absent
    unknown = run(q, {"plan": "written"}).dimension("team")
    assert {c.question: c.status for c in unknown.contributions}["guidelines"] == "hidden"


def test_the_product_kpi_question_no_longer_lifts_strategy_when_goals_are_missing():
    q = load_questionnaire()
    base = {"active": "regular", "goals": ["unclear"], "strategy_follows_business": 3}
    none = run(q, {**base, "goals_written": "none"}).dimension("strategy")
    heads_no_kpi = run(q, {**base, "goals_written": "in_heads", "kpis": "no"}).dimension("strategy")
    assert {c.question: c.status for c in none.contributions}["kpis"] == "absent"
    assert none.applicable == heads_no_kpi.applicable  # the KPI question counts in both
    assert none.score < heads_no_kpi.score  # "no goals" is never better than goals without KPIs


def test_exclusive_signals_count_once_and_severity_is_not_understated(data):
    data = copy.deepcopy(data)
    m = next(x for x in data["misconceptions"] if x["id"] == "no_plan")
    m["signals"] = [{"when": "plan == 'none'", "weight": 3, "kind": "behaviour"},
                    {"when": "plan == 'rough'", "weight": 2, "kind": "behaviour"},
                    {"when": "count(channels) >= 3", "weight": 1}]
    m["threshold"] = 2
    q = build(data)
    rough = run(q, {"plan": "rough", "channels": ["linkedin", "facebook", "instagram"],
                    "people": 2}).finding("no_plan")
    # possible = max(3, 2) + 1 = 4, not 6: 'none' and 'rough' cannot both hold
    assert rough.severity_score == pytest.approx(3 / 4)
    assert rough.severity == "high"


def test_a_finding_needs_a_stated_belief_or_behaviour(data):
    data = copy.deepcopy(data)
    m = next(x for x in data["misconceptions"] if x["id"] == "no_plan")
    m["signals"] = [{"when": "plan == 'none'", "weight": 2, "kind": "behaviour"},
                    {"when": "count(channels) >= 3", "weight": 2}]
    q = build(data)
    gaps_only = run(q, {"plan": "rough", "channels": ["linkedin", "facebook", "instagram"],
                        "people": 2})
    assert gaps_only.finding("no_plan") is None  # the threshold is met by a gap alone
    for signal in m["signals"]:
        signal.pop("kind", None)
    with pytest.raises(InputError, match="no_plan: needs at least one signal of kind"):
        build(data)


def test_a_high_finding_caps_the_level_and_says_why(data):
    data = copy.deepcopy(data)
    solo = next(x for x in data["misconceptions"] if x["id"] == "solo")
    solo["caps_level"] = {"high": 2, "medium": 3}
    q = build(data)
    result = run(q, {"plan": "written", "channels": ["linkedin", "facebook"], "people": 1,
                     "hours": 5, "guidelines": "yes"})
    assert result.level["score_level"] >= 4
    assert result.level["number"] == 2
    assert result.level["reason"] == {"id": "capped", "params": {
        "score_level": result.level["score_level"], "level": 2, "by": ["solo"]}}
    assert result.level["weakest"]["dimension"] in ("strategy", "team")


def test_a_level_text_may_not_claim_what_a_finding_contradicts(data):
    data = copy.deepcopy(data)
    data["levels"][2]["excludes"] = ["no_plan"]
    with pytest.raises(InputError, match="level 3: its description contradicts no_plan"):
        build(data)
    next(x for x in data["misconceptions"] if x["id"] == "no_plan")["caps_level"] = {
        "high": 2, "medium": 2, "low": 2}
    build(data)


def test_a_positive_statement_must_name_every_finding_about_its_dimension(data):
    data = copy.deepcopy(data)
    next(x for x in data["misconceptions"] if x["id"] == "solo")["dimensions"] = ["team"]
    team = next(d for d in data["dimensions"] if d["id"] == "team")
    team["statements"] = [{"id": "many_people", "tone": "positive", "when": "people >= 1",
                           "text": {"nl": "Meerdere mensen.", "en": "Several people."}}]
    with pytest.raises(InputError, match="statement many_people is positive.*add to unless: solo"):
        build(data)
    team["statements"][0]["unless"] = ["solo"]
    q = build(data)
    # shown when its condition holds and the finding is absent; never beside the finding
    assert run(q, {"plan": "written", "people": 3}).dimension("team").statements == ["many_people"]
    alone = run(q, {"plan": "written", "people": 1})
    assert alone.finding("solo") and alone.dimension("team").statements == []
    assert alone.dimension("team").verdict == "weak"


def test_requires_must_name_known_advice_without_cycles(data):
    data = copy.deepcopy(data)
    data["advice"][0]["requires"] = ["build_team"]
    data["advice"][1]["requires"] = ["write_plan"]
    with pytest.raises(InputError, match="cycle"):
        build(data)
    data["advice"][1]["requires"] = ["nothing_like_it"]
    with pytest.raises(InputError, match="requires unknown advice"):
        build(data)


def test_the_plan_puts_requirements_first_and_fits_the_hours(data):
    data = copy.deepcopy(data)
    data["scoring"] = {"available_hours_question": "people", "plan_core_items": 1,
                       "plan_setup_slack_hours": 0}
    write, team = data["advice"][0], data["advice"][1]
    write.update({"setup_hours": 2})
    team.update({"requires": ["write_plan"], "hours_per_week": 5, "horizon": "30"})
    q = build(data)
    # 'people' doubles as the hours available in this fixture
    result = run(q, {"plan": "none", "people": 1, "hours": 1, "guidelines": "no"})
    phases = {p.id: p.advice for p in result.plan}
    assert phases["phase_weeks_1_2"] == ["write_plan"]
    assert result.advice_by_id("build_team").phase == "phase_later"
    assert result.advice_by_id("build_team").deferred == "capacity"
    assert result.plan_capacity["deferred_for_hours"] == ["build_team"]
    assert result.plan_capacity["available"] == 1.0
    # with enough hours, the team follows the plan it requires, not before it
    roomy = run(q, {"plan": "none", "people": 8, "hours": 1, "guidelines": "no"})
    order = [a.id for a in roomy.advice]
    assert order.index("write_plan") < order.index("build_team")
    assert roomy.advice_by_id("build_team").phase == "phase_weeks_3_4"
    assert roomy.plan_capacity["needed"] == 5.0 and roomy.plan_capacity["fits"]


def test_advice_for_what_is_already_done_is_never_given(data):
    data = copy.deepcopy(data)
    data["advice"][1]["applies"] = "people < 3"
    q = build(data)
    assert run(q, {"plan": "none", "people": 1}).advice_by_id("build_team")
    assert run(q, {"plan": "none", "people": 1, "hours": 0}).advice_by_id("build_team")
    # team weak (no guidelines) but three people already: no team advice
    assert run(q, {"plan": "none", "people": 3, "guidelines": "no", "hours": 0}
               ).advice_by_id("build_team") is None
