import pytest

from audit import rules


@pytest.mark.parametrize(
    ("rule", "answers", "expected"),
    [
        ("plan == 'none'", {"plan": "none"}, True),
        ("plan == 'none'", {"plan": "rough"}, False),
        ("plan != 'none'", {}, False),  # missing never fires
        ("not plan == 'none'", {}, False),
        ("people >= 3 and people < 10", {"people": 3}, True),
        ("people >= 3 and people < 10", {"people": 10}, False),
        ("people > 2 or plan == 'x'", {"people": 1, "plan": "x"}, True),
        ("channels contains 'linkedin'", {"channels": ["facebook", "linkedin"]}, True),
        ("channels contains 'linkedin'", {"channels": ["facebook"]}, False),
        ("plan in ['a', 'b']", {"plan": "b"}, True),
        ("channels in ['a', 'b']", {"channels": ["c", "b"]}, True),
        ("count(channels) >= 2", {"channels": ["a", "b"]}, True),
        ("count(channels) >= 2", {}, False),
        ("answered(plan)", {"plan": "x"}, True),
        ("not answered(plan)", {}, True),
        ("hours_a + hours_b >= 8", {"hours_a": 5, "hours_b": 3.5}, True),
        ("(a == 1 or b == 2) and not c == 3", {"a": 1, "c": 4}, True),
        ("flag == true", {"flag": True}, True),
        ("people > 'x'", {"people": 3}, False),
        ("not (plan == 'x' and people == 1)", {"plan": "y"}, True),  # sure despite unknown
        ("not (plan == 'x' or people == 1)", {"plan": "y"}, False),  # unknown stays unknown
    ],
)
def test_rules_evaluate(rule, answers, expected):
    assert rules.parse(rule).evaluate(answers) is expected


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("plan ==", "expected a value"),
        ("plan = 'x'", "unexpected character"),
        ("__import__('os')", "unknown function"),
        ("plan == 'x' extra", "after a complete expression"),
        ("(plan == 'x'", "expected '\\)'"),
        ("", "non-empty"),
        ("a.b == 1", "unexpected character"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(rule, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.parse(rule)


def test_unknown_question_id_is_named():
    with pytest.raises(rules.RuleError, match="unknown question id ghost"):
        rules.parse("ghost == 1", {"plan"})


def test_refs_are_the_questions_a_rule_reads():
    assert rules.parse("a == 1 and (count(b) > 2 or not answered(c))").refs == {"a", "b", "c"}
