"""The closing summary of the interview: drawn from the Assessment, in the interview's language."""

from __future__ import annotations

from rich.console import Console

from audit.answers import Answers, Company
from audit.assess import assess
from audit.interview.summary import print_summary, score_bar


def render(assessment) -> str:
    console = Console(record=True, width=100, color_system=None)
    print_summary(assessment, console)
    return console.export_text()


def test_summary_shows_level_dimension_bars_and_top_findings(mini):
    answers = Answers(Company(name="Acme [bold]x[/bold] <b>"),
                      values={"plan": "none", "channels": ["linkedin", "facebook", "instagram"],
                              "people": 1, "hours": 3, "guidelines": "no"})
    result = assess(mini, answers, "en")
    text = render(result)
    assert "Acme [bold]x[/bold] <b>" in text  # typed text is shown literally, not as markup
    assert f"Level {result.level['number']} of 5: {result.level['name']}" in text
    for dim in result.dimensions:
        line = next(ln for ln in text.splitlines() if ln.startswith(dim.name))
        assert score_bar(dim.score) in line
    assert "Main misconceptions" in text
    assert [f.title for f in result.top_findings] == ["No plan", "Alone"]
    assert "1. No plan (High)" in text and "2. Alone" in text


def test_summary_in_dutch_with_unknown_scores_and_hidden_answers(mini):
    answers = Answers(Company(name="Bakkerij"), values={"plan": "written", "people": 0, "hours": 4})
    result = assess(mini, answers, "nl")
    text = render(result)
    assert "Score per onderdeel" in text and "Belangrijkste misverstanden" in text
    assert "1 antwoord(en) op vragen die niet meer gesteld worden" in text
    assert "geen van de bekende misverstanden" in text


def test_summary_without_any_scored_answer_says_so(mini):
    text = render(assess(mini, Answers(Company(name="Leeg")), "en"))
    assert "Too few answers for an overall score." in text
    assert text.count("unknown") == 2  # both dimensions: unknown, never zero


def test_score_bar_is_proportional():
    assert score_bar(None, 10) == "·" * 10
    assert score_bar(0, 10) == "░" * 10
    assert score_bar(50, 10) == "█" * 5 + "░" * 5
    assert score_bar(100, 10) == "█" * 10
