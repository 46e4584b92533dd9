"""The full product questionnaire through the report: every section present, no empty pages,
the summary on one page, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.load import DEFAULT_QUESTIONNAIRE

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content

pytestmark = pytest.mark.skipif(not DEFAULT_QUESTIONNAIRE.exists(),
                                reason="product questionnaire not there yet")


def weak_answers(q) -> dict:
    """A company early on its way: the lowest option everywhere, a few questions left open."""
    values = {}
    for i, question in enumerate(q.questions):
        if not question.required and i % 4 == 0:
            continue
        if question.id == "headcount":  # its first option is a one-person business: no staff
            values[question.id] = "small"  # questions, no team advice; this one has staff
            continue
        if question.type == "single":
            values[question.id] = question.options[0].value
        elif question.type == "multi":
            values[question.id] = [o.value for o in question.options if not o.exclusive][:3]
        elif question.type == "yesno":
            values[question.id] = "no"
        elif question.type == "scale":
            values[question.id] = 2
        elif question.type == "number":
            values[question.id] = max(question.min or 0, 1)
        else:
            values[question.id] = "Meer klanten uit de regio <b>snel</b>"
    if q.question("active"):
        values["active"] = next(o.value for o in q.question("active").options if o.value != "no")
    return {"company": {"name": "Installatiebedrijf Van Dijk & Zn.", "sector": "Bouw", "consultant": "Anna"},
            "answers": values, "notes": {q.questions[0].id: "Notitie <i>van</i> de adviseur"}}


@pytest.fixture(scope="module")
def product():
    from audit.answers import from_mapping
    from audit.load import load_questionnaire

    q = load_questionnaire()
    answers, problems = from_mapping(q, weak_answers(q))
    assert not problems, problems
    return q, answers


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_product_report_pages(tmp_path, product, lang):
    from pypdf import PdfReader

    from audit.assess import assess
    from audit.brand import load_brand
    from audit.render.pdf import render_report_pdf
    from audit.strings import strings

    q, answers = product
    assessment = assess(q, answers, lang)
    assert assessment.findings, "weak answers should reveal misconceptions"
    out = tmp_path / "r.pdf"
    brand = load_brand(Path(__file__).resolve().parent.parent / "examples" / "brands" / "koers-digitaal")
    render_report_pdf(assessment, brand, out)
    reader = PdfReader(out)
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    s = strings(lang)
    # page 2 is about the client and fits on its page; the dimensions start on page 3
    assert s["report_summary"] in pages[1] and s["report_dimensions"] in pages[2]
    assert s["report_start_with"] in pages[1]
    flat = " ".join(pages)
    for key in ("report_findings", "report_plan", "report_appendix", "report_sources"):
        assert s[key] in flat
    for finding in assessment.findings:
        assert finding.title in flat
    for item in assessment.advice:  # every piece of advice is in the plan or its table
        assert item.title in flat
    assert "<b>snel</b>" in flat  # client text printed literally, not as markup
    # no empty pages: each page has more than its running header and footer
    footer = brand.footer_text(lang)
    for number, text in enumerate(pages, 1):
        body = text.replace(footer, "").replace(brand.name, "").replace(assessment.company["name"], "")
        body = body.replace(f"{s['report_page']} {number} {s['report_page_of']} {len(pages)}", "")
        assert len(body.strip(" |")) > 40, f"page {number} is (nearly) empty: {text!r}"
    assert out.stat().st_size < 300_000
    # tagged for screen readers, with the document language set
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert str(root["/Lang"]) == lang


def page_fills(assessment, kit: str, lang: str) -> list[float]:
    from weasyprint import HTML

    from audit.brand import load_brand
    from audit.render import TEMPLATES_DIR
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.pdf import PDF_OPTIONS, _font_config, stylesheets

    brand = load_brand(Path(__file__).resolve().parent.parent / "examples" / "brands" / kit)
    document = HTML(string=render_report_html(assessment, brand), base_url=TEMPLATES_DIR.as_uri() + "/"
                    ).render(stylesheets=stylesheets(brand, lang), font_config=_font_config(), **PDF_OPTIONS)
    return page_fill(document)


@pytest.mark.pdf
@pytest.mark.parametrize(("kit", "lang"), [("zonnig-advies", "nl"), ("koers-digitaal", "en")])
def test_strong_company_report_is_about_eight_pages(kit, lang):
    from audit.assess import assess
    from audit.load import load_answers, load_questionnaire

    q = load_questionnaire()
    root = Path(__file__).resolve().parent.parent
    assessment = assess(q, load_answers(root / "examples" / "answers" / "studio-noord.yaml", q), lang)
    assert assessment.level["number"] >= 4
    fills = page_fills(assessment, kit, lang)
    assert 7 <= len(fills) <= 9, fills
    assert all(fill >= 0.4 for fill in fills[:-1]), fills


@pytest.mark.pdf
@pytest.mark.parametrize(("lang", "kit"), [("nl", "koers-digitaal"), ("en", "koers-digitaal"),
                                          ("nl-BE", "zonnig-advies")])
def test_weak_company_report_is_short_and_has_no_half_empty_pages(product, lang, kit):
    """About 11 pages for a company early on its way, none under 40% full but the last."""
    from weasyprint import HTML

    from audit.assess import assess
    from audit.brand import load_brand
    from audit.render import TEMPLATES_DIR
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.pdf import PDF_OPTIONS, _font_config, stylesheets

    q, answers = product
    assessment = assess(q, answers, lang)
    brand = load_brand(Path(__file__).resolve().parent.parent / "examples" / "brands" / kit)
    document = HTML(string=render_report_html(assessment, brand), base_url=TEMPLATES_DIR.as_uri() + "/"
                    ).render(stylesheets=stylesheets(brand, lang), font_config=_font_config(), **PDF_OPTIONS)
    fills = page_fill(document)
    assert len(assessment.findings) >= 6 and len(assessment.advice) >= 15
    assert 9 <= len(fills) <= 13, fills
    low = [(number, fill) for number, fill in enumerate(fills[:-1], 1) if fill < 0.4]
    assert not low, f"pages under 40% full: {low} (all: {fills})"
