"""One registry of question types: a type is one class (definition check, reading, wording,
scoring), so a new type needs no edits in model, answers or assess."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from audit import qtypes
from audit.answers import AnswerError, Answers, Company, missing_required, normalise
from audit.assess import answer_text, assess
from audit.errors import InputError
from audit.load import parse_questionnaire
from audit.strings import format_number
from tests.conftest import FIXTURES


class Percent(qtypes.QuestionKind):
    """A made-up type for this test: a share from 0 to 100, scored as its fraction."""

    name = "percent"

    def max_score(self, q):
        return 1.0

    def points(self, q, value: Any) -> float:
        return value / 100

    def normalise(self, q, raw: Any, lang: str | None) -> Any:
        text = str(raw).strip().rstrip("%").strip()
        if not text.isdigit() or not 0 <= int(text) <= 100:
            raise AnswerError("not_number", value=repr(raw))
        return int(text)

    def words(self, q, value: Any, lang: str) -> str:
        return f"{format_number(value, lang)}%"


@pytest.fixture()
def with_percent():
    qtypes.register(Percent)
    yield
    del qtypes.REGISTRY["percent"]


def mini_with(extra_question: dict) -> dict:
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["questions"].append(extra_question)
    return data


SHARE = {"id": "share", "dimension": "team", "type": "percent",
         "text": {"nl": "Welk deel?", "en": "Which share?"}}


def test_a_new_type_is_one_registered_class(with_percent):
    q = parse_questionnaire(mini_with(SHARE), "mini.yaml")
    share = q.question("share")
    assert share.scored and share.max_score() == 1.0
    assert normalise(share, "40 %") == 40
    with pytest.raises(AnswerError):
        normalise(share, "veel")
    answers = Answers(Company(name="X"), values={"plan": "rough", "people": 2, "share": 40})
    result = assess(q, answers, "nl")
    team = result.dimension("team")
    contribution = next(c for c in team.contributions if c.question == "share")
    assert contribution.points == pytest.approx(0.4) and contribution.answer_text == "40%"


def test_an_unknown_type_is_refused_naming_the_known_ones():
    with pytest.raises(InputError) as info:
        parse_questionnaire(mini_with(SHARE), "mini.yaml")
    message = str(info.value)
    assert "unknown question type 'percent'" in message
    assert all(name in message for name in ("single", "multi", "yesno", "scale", "number", "text"))


def test_type_checks_still_name_the_problem():
    bad = {**SHARE, "type": "yesno", "yes_points": 1}
    with pytest.raises(InputError, match="a yesno question needs yes_points and no_points"):
        parse_questionnaire(mini_with(bad), "mini.yaml")
    with_options = {**SHARE, "type": "number", "weight": 0,
                    "options": [{"value": "a", "label": {"nl": "a", "en": "a"}}]}
    with pytest.raises(InputError, match="a number question has no options"):
        parse_questionnaire(mini_with(with_options), "mini.yaml")


@pytest.mark.parametrize("value, lang, grouped, expected", [
    (2.5, "nl", False, "2,5"), (2.5, "en", False, "2.5"),
    (1250, "nl", True, "1.250"), (1250, "en", True, "1,250"), (1250, "nl", False, "1250"),
    (1250.5, "nl", True, "1250,5"),
])
def test_one_number_formatter(value, lang, grouped, expected):
    assert format_number(value, lang, grouped=grouped) == expected


def test_number_answers_read_with_grouping(mini):
    people = mini.question("people")
    assert answer_text(people, 250, "nl") == "250 mensen"
    assert answer_text(people, 1.5, "nl").startswith("1,5 ")


def test_missing_required_gives_ids_not_sentences(mini):
    answers = Answers(Company(name="X"), values={"channels": ["linkedin"]})
    assert missing_required(mini, answers) == ["plan", "people"]
