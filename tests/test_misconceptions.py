"""Each of the 16 misconceptions: detected when its signals hold, not on a near miss, with
severity that rises as more signals hold, and evidence that names the questions behind it.

Every case starts from HEALTHY, a mature company's answers that detect nothing; a case
changes only the answers it is about.
"""

from __future__ import annotations

from typing import Any

import pytest

from audit import rules
from audit.answers import from_mapping, visible
from audit.assess import assess
from audit.load import load_questionnaire

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content

HEALTHY: dict[str, Any] = dict(
    business_goal="Groeien in de regio",
    active="regular",
    headcount="small",
    goals_written="written_linked",
    goals=["awareness", "thought_leadership", "leads_sales", "recruitment"],
    kpis="yes",
    strategy_follows_business=4,
    audience_known="described",
    audience_where="several",
    channels_used=["linkedin", "instagram", "facebook"],
    channels_chosen="audience_goals",
    who_posts="small_team",
    people_involved=3,
    hours_week=12,
    backup="arranged",
    role_in_job="yes",
    guidelines=["tone", "complaints", "allowed", "response"],
    receives_reactions="weekly",
    negative_handling="public_then_private",
    response_time="same_day",
    content_mix=["company_news", "tips", "people", "others_content", "photo_video", "questions"],
    promo_share="minority",
    conversation="weekly",
    posts_per_week=5,
    frequency_approach="tuned",
    automation=["schedule_some"],
    reach=["listen_join", "few_hashtags", "ask_share"],
    measure_what="against_goals",
    traffic_tracked="yes",
    evaluation_rhythm="weekly",
    evaluation_written="yes",
    employee_policy="encouraged",
    employees_contribute=4,
    training="yes",
    linked_marketing=["campaigns", "website_seo", "customer_service"],
    budget=["staff_time", "content", "tools"],
    belief_side_issue=1,
    belief_customers_absent=2,
    belief_free=2,
    belief_not_worth=2,
    belief_negative=2,
    belief_not_measurable=1,
    biggest_frustration="Tijd",
)

# misconception: (minimal answers that show it, a near miss that must not, answers that show it more)
CASES = {
    "no_strategy": (
        {"goals_written": "none"},
        {"kpis": "no", "strategy_follows_business": 2},
        {
            "goals_written": "none",
            "goals": ["unclear"],
            "strategy_follows_business": 1,
            "channels_chosen": "happened",
            "frequency_approach": "whenever",
        },
    ),
    "one_person_ownership": (
        {"who_posts": "one_employee", "people_involved": 1},
        {"backup": "stops"},
        {"who_posts": "one_employee", "people_involved": 1, "backup": "stops", "employees_contribute": 1},
    ),
    "everywhere_at_once": (
        {
            "channels_used": ["linkedin", "facebook", "instagram", "x_twitter", "youtube"],
            "channels_chosen": "try_all",
        },
        {"channels_used": ["linkedin", "facebook", "instagram", "x_twitter", "youtube"]},
        {
            "channels_used": ["linkedin", "facebook", "instagram", "x_twitter", "youtube"],
            "channels_chosen": "try_all",
            "hours_week": 2,
            "audience_where": "assumption",
        },
    ),
    "no_measurement": (
        {"measure_what": "likes_followers", "evaluation_rhythm": "never"},
        {"measure_what": "likes_followers"},
        {
            "measure_what": "nothing",
            "evaluation_rhythm": "never",
            "belief_not_measurable": 5,
            "traffic_tracked": "no",
        },
    ),
    "sales_only_goal": (
        {"goals": ["leads_sales"]},
        {"goals": ["leads_sales", "awareness"]},
        {"goals": ["leads_sales"], "promo_share": "almost_all", "traffic_tracked": "no"},
    ),
    "side_issue": (
        {"belief_side_issue": 4, "active": "dormant"},
        {"belief_customers_absent": 4},
        {
            "belief_side_issue": 5,
            "belief_customers_absent": 5,
            "active": "dormant",
            "audience_where": "unknown",
        },
    ),
    "more_is_better": (
        {"frequency_approach": "fixed_quota", "posts_per_week": 21},
        {"frequency_approach": "fixed_quota"},
        {
            "frequency_approach": "as_much",
            "posts_per_week": 30,
            "hours_week": 2,
            "content_mix": ["offers", "company_news"],
        },
    ),
    "broadcast_only": (
        {"promo_share": "almost_all", "conversation": "rarely"},
        {"promo_share": "most", "content_mix": ["company_news", "tips", "people", "photo_video"]},
        {"promo_share": "almost_all", "conversation": "never", "content_mix": ["offers", "company_news"]},
    ),
    "automate_everything": (
        {"automation": ["auto_dm"]},
        {"automation": ["none"]},
        {"automation": ["schedule_all", "auto_dm", "crosspost"], "conversation": "rarely"},
    ),
    "costs_nothing": (
        {"belief_free": 4, "hours_week": 1},
        {"belief_free": 5},
        {"belief_free": 5, "hours_week": 1, "budget": ["none"], "belief_not_worth": 5},
    ),
    "employees_excluded": (
        {"employee_policy": "banned"},
        {"employee_policy": "not_discussed", "training": "no"},
        {"employee_policy": "banned", "training": "no", "employees_contribute": 1},
    ),
    "fear_of_negative": (
        {"negative_handling": "delete"},
        {"belief_negative": 4},
        {
            "negative_handling": "delete",
            "belief_negative": 5,
            "response_time": "no_agreement",
            "guidelines": ["tone"],
        },
    ),
    "no_guidelines": (
        {"guidelines": ["none"], "people_involved": 1},
        {"guidelines": ["allowed", "response", "roles"]},
        {"guidelines": ["none"]},
    ),
    "island": (
        {"linked_marketing": ["none"], "strategy_follows_business": 2},
        {"linked_marketing": ["none"]},  # one answer alone is not enough
        {"linked_marketing": ["replaces"], "who_posts": "agency", "strategy_follows_business": 2},
    ),
    "machine_gun": (
        {"reach": ["many_hashtags", "ask_share"]},
        {"reach": ["listen_join", "many_hashtags"]},
        {"reach": ["many_hashtags", "post_everywhere"], "audience_known": "general"},
    ),
    "single_channel_only": (
        {"channels_used": ["linkedin"], "channels_chosen": "focus_one", "audience_where": "assumption"},
        {"channels_used": ["linkedin"], "channels_chosen": "focus_one", "audience_where": "one_main"},
        {"channels_used": ["linkedin"], "channels_chosen": "focus_one", "audience_where": "several"},
    ),
}


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


def _assess(q, delta: dict[str, Any]):
    answers, problems = from_mapping(q, {"company": {"name": "Test BV"}, "answers": {**HEALTHY, **delta}})
    assert problems == []
    return assess(q, answers, "nl")


def test_every_case_is_a_misconception_of_the_questionnaire(q):
    """A misconception added later needs no case here to be checked: `validate --strict`
    proves some answers find it. One taken out must take its case along."""
    assert set(CASES) <= {m.id for m in q.misconceptions}


def test_the_healthy_baseline_detects_nothing_and_scores_high(q):
    assert set(HEALTHY) <= {question.id for question in q.questions} | set(q.retired)
    result = _assess(q, {})
    assert result.findings == []
    assert result.level["number"] == 5
    assert not any(d.weak for d in result.dimensions)


@pytest.mark.parametrize("mid", list(CASES))
def test_detected_with_its_signals(q, mid):
    present = CASES[mid][0]
    result = _assess(q, present)
    finding = result.finding(mid)
    assert finding is not None
    # a minimal change shows this misconception and no other
    assert [f.id for f in result.findings] == [mid]
    # the evidence names questions the signals read, among them answers that were changed
    evidence = {e.question for e in finding.evidence}
    misconception = next(m for m in q.misconceptions if m.id == mid)
    assert evidence <= set().union(*(rules.parse(s.when).refs for s in misconception.signals))
    assert evidence & set(present)
    assert finding.advice, "a detected misconception always comes with advice"


@pytest.mark.parametrize("mid", list(CASES))
def test_not_detected_on_a_near_miss(q, mid):
    near = CASES[mid][1]
    assert _assess(q, near).finding(mid) is None


@pytest.mark.parametrize("mid", list(CASES))
def test_severity_rises_when_more_signals_hold(q, mid):
    present, _, more = CASES[mid]
    low = _assess(q, present).finding(mid)
    high = _assess(q, more).finding(mid)
    assert high.severity_score > low.severity_score
    assert high.severity in ("medium", "high")
    rank = {"low": 0, "medium": 1, "high": 2}
    assert rank[high.severity] >= rank[low.severity]


@pytest.mark.parametrize("mid", list(CASES))
def test_evidence_is_exactly_the_questions_of_the_signals_that_held(q, mid):
    answers = {**HEALTHY, **CASES[mid][2]}
    result = _assess(q, CASES[mid][2])
    finding = result.finding(mid)
    misconception = next(m for m in q.misconceptions if m.id == mid)
    shown = visible(q, answers)
    shown_values = {qid: v for qid, v in answers.items() if shown.get(qid)}
    held = [s for s in misconception.signals if rules.parse(s.when).evaluate(shown_values)]
    # a signal names its evidence, else every question it compares (not answered() tests)
    expected = set().union(*(set(s.evidence or rules.parse(s.when).value_refs) for s in held))
    assert {e.question for e in finding.evidence} == expected
    assert all(e.answer_text for e in finding.evidence)


def test_evidence_reads_answers_in_the_report_language(q):
    result = _assess(q, {"negative_handling": "delete"})
    evidence = result.finding("fear_of_negative").evidence
    assert [e.answer_text for e in evidence] == ["We verwijderen die reactie"]
    answers, _ = from_mapping(
        q, {"company": {"name": "T"}, "answers": {**HEALTHY, "negative_handling": "delete"}}
    )
    english = assess(q, answers, "en").finding("fear_of_negative")
    assert english.evidence[0].answer_text == "We delete the comment"
    assert english.title == "Fear of negative comments"


def test_hidden_follow_ups_never_count_as_evidence(q):
    # A company that is not on social media: follow-ups are hidden, even if a file holds them.
    result = _assess(
        q, {"active": "no", "belief_customers_absent": 5, "belief_side_issue": 4, "measure_what": "nothing"}
    )
    side = result.finding("side_issue")
    assert side is not None and side.severity == "high"
    assert result.finding("no_measurement") is None
    assert "measure_what" in result.hidden_answers


def test_headline_misconceptions_rank_first_at_equal_severity(q):
    result = _assess(
        q,
        {
            "who_posts": "one_employee",
            "people_involved": 1,
            "backup": "stops",
            "employees_contribute": 1,
            "employee_policy": "banned",
            "training": "no",
        },
    )
    ids = [f.id for f in result.findings]
    assert ids[:2] == ["one_person_ownership", "employees_excluded"]
