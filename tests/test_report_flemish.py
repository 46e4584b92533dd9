"""The Flemish variant (nl-BE) of the report: the terms a Flemish reader expects, from data."""

from __future__ import annotations

from pathlib import Path

import pytest

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parent.parent


def test_flemish_report_says_online_klantendienst_and_vte_not_webcare_and_fte():
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import load_answers, load_questionnaire
    from audit.render.html import render_report_html

    q = load_questionnaire()
    answers = load_answers(ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml", q)
    flemish = assess(q, answers, "nl-BE")
    dutch = assess(q, answers, "nl")
    assert flemish.dimension("guidelines_webcare").name == "Richtlijnen en online klantendienst"
    assert dutch.dimension("guidelines_webcare").name == "Richtlijnen en webcare"
    for item in flemish.advice:
        assert "webcare" not in f"{item.title} {item.text}".lower(), item.id
        assert " fte" not in item.text, item.id
    import re

    html = render_report_html(flemish, load_brand(None))
    text = re.sub(r"<[^>]*>", " ", html.split("<body", 1)[1])  # what is printed, not ids
    assert "webcare" not in text.replace("webcareteam", "").lower()  # a source's own title stays
    assert "online klantendienst" in text
