"""benchmarks/render.py --explain compares the report with versions of its own HTML stripped
step by step; the comparison only means something if every step prints the same characters
as the report (the floor's words) and strips what its label says."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("render_benchmark", ROOT / "benchmarks" / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report_html(bench, tmp_path_factory):
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import load_answers, load_questionnaire
    from audit.render.html import render_report_html

    answers_file = tmp_path_factory.mktemp("bench") / "answers.yaml"
    answers_file.write_text(bench.MINI_ANSWERS, encoding="utf-8")
    q = load_questionnaire(ROOT / "tests" / "fixtures" / "mini.yaml")
    return render_report_html(assess(q, load_answers(answers_file, q), "nl"),
                              load_brand(ROOT / "examples" / "brands" / "koers-digitaal"))


def printed_characters(bench, html: str) -> list[str]:
    """The characters printed, in any order (the order of words does not change the cost)."""
    return sorted(re.sub(r"\s+", "", "".join(bench.plain_words(html))))


def test_every_step_prints_the_reports_characters(bench, report_html):
    steps = bench.structure_steps(report_html, "Lato, sans-serif")
    assert len(steps) == 3
    expected = printed_characters(bench, report_html)
    assert len(expected) > 500
    for label, doc in steps:
        assert printed_characters(bench, doc) == expected, label


def test_each_step_strips_what_it_says(bench, report_html):
    assert re.search(r"<(?:a|span|strong|b)\b", report_html) and "<svg" in report_html
    styled, no_inline, no_chart = (doc for _, doc in bench.structure_steps(report_html, "Lato"))
    # the report's own stylesheets are passed separately; the floor's style is the only one
    assert styled.count("<style>") == 1 and "font-size: 9.5pt" in styled
    assert re.search(r"<(?:a|span|strong|b)\b", styled)
    assert not re.search(r"</?(?:a|span|strong|b|em|i)\b", no_inline) and "<svg" in no_inline
    assert "<svg" not in no_chart and "chart-names" not in no_chart
