"""What the interview draws, at the narrowest width it supports (60 columns): every option of
the real questionnaire whole, in both languages; hint, progress and summary lines that fit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from audit.assess import assess
from audit.interview.prompts import InterviewUI, parse_command
from audit.interview.session import Session
from audit.load import load_answers, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent


def screen(session: Session, width: int) -> tuple[InterviewUI, Console]:
    console = Console(record=True, width=width, color_system=None, highlight=False)
    return InterviewUI(session, console), console


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [60, 80])
def test_every_option_is_shown_whole_and_every_line_fits(lang, width):
    q = load_questionnaire()
    session = Session.new(q, None, lang)
    ui, console = screen(session, width)
    for question in session.order:
        ui.show_question(question)
        text = console.export_text()
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= width, question.id
        # Options wrap under their own text: joined again, every label is there in full.
        joined = flat(re.sub(r"\n {3,}", " ", text))
        if question.type == "scale":  # one line 1 = … · 2 · 3 · 4 · 5 = …, at its ends' words
            for end in question.scale_labels(lang).split("/") if question.scale_labels else []:
                assert flat(end.strip()) in joined, (question.id, end)
            assert all(f"{n}" in joined for n in range(1, 6))
        else:
            for _, label in ui.options(question):
                assert flat(label) in joined, (question.id, label)
        assert flat(question.text(lang)) in flat(text)


def test_progress_line_fits_at_60_columns_in_both_languages():
    q = load_questionnaire()
    for lang in ("nl", "en"):
        session = Session.new(q, None, lang)
        ui, _ = screen(session, 60)
        for question in session.order:
            line = ui.progress_line(question)
            assert len(line) <= 60 and line.startswith(("Vraag", "Question")), line


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_summary_at_60_columns_keeps_every_score_whole(lang):
    q = load_questionnaire()
    answers = load_answers(ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml", q)
    assessment = assess(q, answers, lang)
    from audit.interview.summary import _number, print_summary

    console = Console(record=True, width=60, color_system=None)
    print_summary(assessment, console)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 60
    for dim in assessment.dimensions:
        if dim.score is not None:
            assert re.search(rf"{re.escape(_number(dim.score, lang))}\s*$", text, re.M), dim.id


def test_commands_are_symbols_the_same_in_both_languages():
    assert parse_command("<") == ("<", "") and parse_command(" > ") == (">", "")
    assert parse_command("-") == ("-", "") and parse_command("-1") is None  # a number
    assert parse_command("! belt terug") == ("!", "belt terug")
    assert parse_command("#12") == ("#", "12") and parse_command("12") is None  # an answer
    assert parse_command("n") is None and parse_command("s") is None  # letters are answers
