"""The product questionnaire itself: complete, bilingual, consistent, and every rule meaningful."""

from __future__ import annotations

from collections import Counter

import pytest
from pydantic import BaseModel

from audit import rules
from audit.load import load_questionnaire
from audit.model import Text

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content

DIMENSIONS = ["strategy", "audience_channels", "team", "guidelines_webcare", "content",
              "measurement", "organisation", "resources"]
MISCONCEPTIONS = ["no_strategy", "one_person_ownership", "everywhere_at_once", "no_measurement",
                  "sales_only_goal", "side_issue", "more_is_better", "broadcast_only",
                  "automate_everything", "costs_nothing", "employees_excluded", "fear_of_negative",
                  "no_guidelines", "island", "machine_gun", "single_channel_only"]
HEADLINE = {"no_strategy", "one_person_ownership", "everywhere_at_once", "no_measurement"}


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


def _texts(obj, path="") -> list[tuple[str, Text]]:
    """Every bilingual Text inside a model object, with where it sits."""
    found = []
    if isinstance(obj, Text):
        return [(path, obj)]
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            found += _texts(item, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            label = getattr(obj, "id", None) or getattr(obj, "value", None) or ""
            found += _texts(getattr(obj, name), f"{path}/{label}.{name}")
    return found


def test_identity_and_size(q):
    assert q.id == "social-media-audit"
    assert 36 <= len(q.questions) <= 50
    assert [s.id for s in q.sources] == ["000", "001", "002", "003", "004"]
    assert [lv.min_score for lv in sorted(q.levels, key=lambda lv: lv.number)] == [0, 20, 40, 60, 80]


def test_dimensions_are_the_agreed_ones_each_with_four_to_six_questions(q):
    assert [d.id for d in q.dimensions] == DIMENSIONS
    per_dimension = Counter(question.dimension for question in q.questions)
    for dim in DIMENSIONS:
        assert 4 <= per_dimension[dim] <= 6, dim
        assert any(question.scored for question in q.questions_in(dim)), dim


def test_every_question_type_is_used(q):
    types = Counter(question.type for question in q.questions)
    assert set(types) == {"single", "multi", "yesno", "scale", "number", "text"}
    assert 1 <= types["text"] <= 3


def test_every_text_is_filled_in_both_languages(q):
    texts = _texts(q)
    assert len(texts) > 300
    for where, text in texts:
        assert text.nl.strip() and text.en.strip(), where
    for question in q.questions:
        assert question.help is not None or question.type in ("single", "scale"), question.id
    with_help = sum(question.help is not None for question in q.questions)
    assert with_help >= 0.75 * len(q.questions)


def test_dutch_uses_je_jullie_not_u(q):
    import re

    for where, text in _texts(q):
        assert not re.search(r"\b(u|uw)\b", text.nl), f"{where}: {text.nl}"


def test_the_sixteen_misconceptions_of_the_seeds_with_the_headline_four(q):
    """The sixteen the seed articles name stay in (a consultant may add more)."""
    ids = [m.id for m in q.misconceptions]
    assert [mid for mid in ids if mid in MISCONCEPTIONS] == MISCONCEPTIONS
    assert {m.id for m in q.misconceptions if m.headline} == HEADLINE
    source_ids = {s.id for s in q.sources}
    for m in q.misconceptions:
        assert len(m.signals) >= 3, m.id
        assert m.sources and all(ref.split()[0] in source_ids for ref in m.sources), m.id
        # one signal alone never reaches the maximum severity: severity varies with the answers
        assert max(s.weight for s in m.signals) < sum(s.weight for s in m.signals), m.id


def test_signal_sets_differ_between_misconceptions(q):
    signature = {m.id: frozenset(s.when for s in m.signals) for m in q.misconceptions}
    assert len(set(signature.values())) == len(signature)
    for a in q.misconceptions:
        for b in q.misconceptions:
            if a.id < b.id:
                shared = signature[a.id] & signature[b.id]
                assert len(shared) <= 1, (a.id, b.id, shared)


def test_every_misconception_and_dimension_is_addressed_by_advice(q):
    assert len(q.advice) >= 24
    addressed_m = {mid for a in q.advice for mid in a.misconceptions}
    addressed_d = {did for a in q.advice for did in a.dimensions}
    assert addressed_m == {m.id for m in q.misconceptions}
    assert addressed_d == set(DIMENSIONS)
    for a in q.advice:
        assert 2 <= len(a.steps) <= 4, a.id
    assert {a.horizon for a in q.advice} == {"30", "90", "later"}


def test_facts_include_the_quote_and_every_cited_fact_exists(q):
    quotes = [f for f in q.facts if f.quote]
    assert len(quotes) == 1 and "different expensive" in quotes[0].text.en
    assert "Jay Baer" in quotes[0].text.nl
    cited = {fid for m in q.misconceptions for fid in m.facts}
    assert cited <= {f.id for f in q.facts}
    assert "quality_followers" in cited


def _literal_checks(node, q, where):
    """Every literal compared with a question must be an answer that question can have."""
    tag = node[0]
    if tag in ("and", "or"):
        for child in node[1]:
            _literal_checks(child, q, where)
    elif tag == "not":
        _literal_checks(node[1], q, where)
    elif tag == "cmp":
        op, left, right = node[1], node[2], node[3]
        if left[0] == "ref" and right[0] in ("lit", "list"):
            question = q.question(left[1])
            values = right[1] if right[0] == "list" else [right[1]]
            for value in values:
                if question.type in ("single", "multi"):
                    assert value in {o.value for o in question.options}, f"{where}: {value!r}"
                    assert op in ("==", "!=", "in", "contains"), where
                    if op == "contains":
                        assert question.type == "multi", where
                elif question.type == "yesno":
                    assert value in ("yes", "no"), f"{where}: {value!r}"
                elif question.type == "scale":
                    assert isinstance(value, int) and 1 <= value <= 5, where
                elif question.type == "number":
                    assert isinstance(value, int | float), where


def test_every_condition_and_signal_parses_and_names_real_options(q):
    ids = {question.id for question in q.questions}
    checked = 0
    for question in q.questions:
        if question.condition:
            rule = rules.parse(question.condition, ids)
            _literal_checks(rule.tree, q, f"question {question.id}")
            checked += 1
    for m in q.misconceptions:
        for i, signal in enumerate(m.signals, 1):
            rule = rules.parse(signal.when, ids)
            _literal_checks(rule.tree, q, f"{m.id} signal {i}")
            checked += 1
    assert checked > 60


def test_conditions_skip_follow_ups_for_companies_not_on_social_media(q):
    from audit.answers import visible

    shown = visible(q, {"active": "no"})
    for qid in ("who_posts", "channels_used", "content_mix", "measure_what", "negative_handling"):
        assert not shown[qid], qid
    # beliefs and basics stay: they reveal why a company is not on social media
    for qid in ("belief_customers_absent", "belief_side_issue", "goals", "budget", "employee_policy"):
        assert shown[qid], qid
    shown = visible(q, {"active": "regular", "people_involved": 0, "receives_reactions": "never"})
    assert shown["who_posts"] and not shown["backup"] and not shown["negative_handling"]


def test_every_misconception_can_fire_for_a_company_that_is_not_active_or_only_when_active(q):
    """Signals read only shown answers; for each misconception, some signal reads a question
    shown to an active company (otherwise it could never be detected)."""
    from audit.answers import visible

    shown = visible(q, {"active": "regular", "people_involved": 3, "receives_reactions": "weekly",
                        "goals_written": "written", "evaluation_rhythm": "weekly"})
    for m in q.misconceptions:
        refs = set().union(*(rules.parse(s.when).refs for s in m.signals))
        assert all(shown[qid] for qid in refs), (m.id, [r for r in refs if not shown[r]])


def test_a_company_not_on_social_media_gets_unknown_not_flattering_scores(q):
    """Dimensions about running social media are unknown for a company that does not do it,
    instead of being scored on one stray answer; its beliefs still show up as findings."""
    from audit.answers import from_mapping
    from audit.assess import assess

    data = {"company": {"name": "Nog Niet BV"}, "answers": {
        "active": "no", "goals_written": "none", "goals": ["unclear"], "strategy_follows_business": 1,
        "audience_known": "general", "audience_where": "unknown", "employee_policy": "not_discussed",
        "training": "no", "budget": ["none"], "belief_side_issue": 4, "belief_customers_absent": 5,
        "belief_free": 3, "belief_not_worth": 4}}
    answers, problems = from_mapping(q, data)
    assert problems == []
    result = assess(q, answers, "en")
    unknown = {d.id for d in result.dimensions if d.score is None}
    assert unknown == {"team", "guidelines_webcare", "content", "measurement"}
    # ... and they say "not applicable", not "unknown": nothing was left unanswered
    assert {d.id for d in result.dimensions if d.status == "not_applicable"} == unknown
    assert result.level["number"] == 1
    assert {f.id for f in result.findings} >= {"side_issue", "no_strategy", "costs_nothing"}
    assert result.findings[0].id in ("no_strategy", "side_issue")
