"""The report: charts, HTML (escaping, strings) and the PDF's text in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit.answers import from_mapping
from audit.assess import assess
from audit.brand import load_brand
from audit.render import charts
from audit.render.html import layout_settings, render_report_html

ROOT = Path(__file__).resolve().parent.parent
EVIL = '<script>alert(1)</script> & "Co"'
ANSWERS = {
    "company": {"name": EVIL, "sector": "Bakery <b>", "consultant": "Anna", "date": "2026-11-20"},
    "answers": {"plan": "none", "channels": ["linkedin", "facebook", "instagram"], "people": 1,
                "hours": 2, "guidelines": "no", "remarks": "x </td></tr><b>bold</b>"},
    "notes": {"plan": "red } body { color: red } <i>note</i>"},
}


@pytest.fixture(scope="module")
def answers(request):
    from audit.load import load_questionnaire

    q = load_questionnaire(Path(__file__).parent / "fixtures" / "mini.yaml")
    parsed, problems = from_mapping(q, ANSWERS)
    assert not problems
    return q, parsed


@pytest.fixture(scope="module", params=["nl", "en"])
def assessment(request, answers):
    q, parsed = answers
    return assess(q, parsed, request.param)


# ---------------------------------------------------------------- charts

def test_charts_draw_unknown_as_unknown_not_zero():
    dims = [{"name": "Strategy", "score": 80.0}, {"name": "Team", "score": None, "weak": False},
            {"name": "Channels", "score": 0.0, "weak": True}]
    for svg in (charts.bars_svg(dims, unknown_label="onbekend"),):
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert svg.count("onbekend") == 1
        assert ">Team<" in svg and ">Strategy<" in svg
    bars = charts.bars_svg(dims)
    # the unknown row is a dashed outline, the zero row a (minimal) filled bar
    assert "stroke-dasharray" in bars
    assert ">0<" in bars


def test_charts_escape_names_and_use_brand_colours():
    brand = load_brand(ROOT / "examples" / "brands" / "koers-digitaal")
    dims = [{"name": "<b>&x</b>", "score": 50.0}, {"name": "B", "score": 20.0}, {"name": "C", "score": 70.0}]
    for svg in (charts.bars_svg(dims, brand),):
        assert "<b>" not in svg and "&lt;b&gt;&amp;x&lt;/b&gt;" in svg
        assert brand.primary in svg


# ---------------------------------------------------------------- html

def test_html_escapes_client_text(assessment):
    html = render_report_html(assessment, load_brand(None))
    assert "<script>" not in html and "<b>bold</b>" not in html and "<i>note</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;" in html
    # client text never reaches a style attribute or a <style> element
    for style in re.findall(r'style="([^"]*)"', html):
        assert re.fullmatch(r"width: [0-9.]+%", style), style
    assert "<style" not in html


def test_html_has_metadata_and_no_missing_strings(assessment):
    brand = load_brand(ROOT / "examples" / "brands" / "koers-digitaal")
    html = render_report_html(assessment, brand)
    assert f'<html lang="{assessment.language}">' in html
    assert '<meta name="author" content="Koers Digitaal">' in html
    assert "<title>" in html
    assert "[report_" not in html and "[severity_" not in html and "[horizon_" not in html
    assert brand.logo_path.as_uri() in html


def test_html_shows_findings_evidence_advice_and_notes(assessment):
    html = render_report_html(assessment, load_brand(None))
    for finding in assessment.findings:
        assert finding.title in html
        for ev in finding.evidence:
            assert ev.answer_text in html
    for item in assessment.advice:
        assert item.title in html
    assert "note&lt;/i&gt;" in html
    done = {"nl": "{a} van de {b} vragen beantwoord", "en": "{a} of {b} questions answered"}
    assert done[assessment.language].format(a=assessment.completeness["answered"],
                                            b=assessment.completeness["applicable"]) in html


def test_brand_css_only_carries_validated_values():
    from audit.render.html import render_brand_css

    css = render_brand_css(load_brand(None), "nl")
    assert "--primary: #2b3a4a;" in css
    assert 'counter(page)' in css and "pagina" in css


# ---------------------------------------------------------------- pdf

def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.pdf
@pytest.mark.parametrize("kit", [None, ROOT / "examples" / "brands" / "koers-digitaal"])
def test_pdf_contains_company_level_and_findings(tmp_path, assessment, kit):
    from pypdf import PdfReader

    from audit.render.pdf import render_report_pdf

    brand = load_brand(kit)
    out = tmp_path / "report.pdf"
    render_report_pdf(assessment, brand, out)
    text = pdf_text(out)
    flat = " ".join(text.split())
    assert EVIL in flat
    assert assessment.level["name"] in flat
    for finding in assessment.findings:
        assert finding.title in flat
    reader = PdfReader(out)
    assert reader.metadata.author == brand.name
    assert EVIL in reader.metadata.title
    pages = len(reader.pages)
    word = "page" if assessment.language == "en" else "pagina"
    of = "of" if assessment.language == "en" else "van"
    assert f"{word} 2 {of} {pages}" in flat
    outline_titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert any(t in outline_titles for t in ("Samenvatting", "Executive summary"))
    assert out.stat().st_size < 300_000


@pytest.mark.pdf
def test_failed_render_keeps_the_previous_pdf(tmp_path, assessment, monkeypatch):
    import weasyprint

    from audit.render.pdf import render_report_pdf

    out = tmp_path / "report.pdf"
    out.write_bytes(b"%PDF-previous")

    def broken(self, target=None, **kwargs):
        Path(target).write_bytes(b"%PDF-half")
        raise RuntimeError("render failed")

    # the report is laid out first (audit.render.pdf.lay_out), then its pages are written
    monkeypatch.setattr(weasyprint.Document, "write_pdf", broken)
    with pytest.raises(RuntimeError):
        render_report_pdf(assessment, load_brand(None), out)
    assert out.read_bytes() == b"%PDF-previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


@pytest.mark.pdf
def test_report_without_answers_says_unknown_not_zero(tmp_path, answers):
    from audit.render.pdf import render_report_pdf
    from audit.strings import strings

    q, _ = answers
    empty, problems = from_mapping(q, {"company": {"name": "Leeg BV"}, "answers": {}})
    assert not problems
    assessment = assess(q, empty, "nl")
    assert assessment.level is None
    html = render_report_html(assessment, load_brand(None))
    s = strings("nl")
    assert s["report_no_level"] in html and s["report_unknown_score"] in html
    out = tmp_path / "leeg.pdf"
    render_report_pdf(assessment, load_brand(None), out)
    text = " ".join(pdf_text(out).split())
    assert "Leeg BV" in text and s["report_no_findings"] in text


def test_page_two_is_about_the_client_and_remarks_sit_where_they_belong():
    from audit.load import load_answers, load_questionnaire

    q = load_questionnaire()
    answers = load_answers(ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml", q)
    a = assess(q, answers, "nl")
    html = render_report_html(a, load_brand(None))
    summary = html.split('id="summary"')[1].split('id="dimensions"')[0]
    assert "meer vaste klanten in de wijk" in summary  # the goal, in their words
    assert "als de kinderen slapen" in summary  # the frustration
    assert a.level["name"] in summary
    planned = [aid for phase in a.plan if phase.id != "phase_later" for aid in phase.advice]
    for aid in planned[:3]:
        assert a.advice_by_id(aid).title in summary
    assert a.advice_by_id(planned[3]).title not in summary
    assert "Begin klein: één A4" in summary  # the consultant's conclusion
    team = html.split('id="dimension-team"')[1].split('id="dimension-')[0]
    assert "de bakkers willen wel foto" in team
    finding = html.split('id="finding-costs_nothing"')[1].split('id="finding-')[0]
    assert "ruimte voor een paar uur per week" in finding
    assert "75 minuten" in html and "Marieke Bos" in html


def test_each_answer_is_quoted_as_evidence_once():
    from audit.load import load_answers, load_questionnaire

    q = load_questionnaire()
    answers = load_answers(ROOT / "examples" / "answers" / "van-dijk-machinebouw.yaml", q)
    a = assess(q, answers, "en")
    html = render_report_html(a, load_brand(None))
    findings = html.split('id="findings"')[1].split('id="plan"')[0]
    cited = [e.text for f in a.findings for e in f.evidence]
    assert len(cited) > len(set(cited)), "example should share evidence between findings"
    # the lower-ranked misconceptions are in brief, without evidence (report_templates/layout.yaml)
    full = layout_settings()["findings_full_cards"]
    in_cards = {e.text for f in a.findings[:full] for e in f.evidence}
    for text in set(cited):
        escaped = text.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
        assert findings.count(f'<span class="q"><span>{escaped}</span></span>') == (text in in_cards), text


def _struct_alts(node, found):
    """Every /Alt text in a PDF structure tree."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if isinstance(node, IndirectObject):
        node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/Alt" in node:
            found.append((str(node.get("/S")), str(node["/Alt"])))
        kids = node.get("/K")
        if kids is not None:
            _struct_alts(kids, found)
    elif isinstance(node, ArrayObject):
        for kid in node:
            _struct_alts(kid, found)
    return found


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    from audit.load import load_answers, load_questionnaire
    from audit.render.pdf import render_report_pdf

    q = load_questionnaire()
    answers = load_answers(ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml", q)
    assessment = assess(q, answers, "nl")
    out = tmp_path_factory.mktemp("pdf") / "bakkerij.pdf"
    render_report_pdf(assessment, load_brand(ROOT / "examples" / "brands" / "koers-digitaal"), out)
    return assessment, out


@pytest.mark.pdf
def test_pdf_is_pdf_ua_with_xmp_open_bookmarks_and_chart_data_as_alt_text(example_pdf):
    from pypdf import PdfReader

    assessment, out = example_pdf
    reader = PdfReader(out)
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and "Bakkerij De Korenschoof" in xmp
    root = reader.trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    # first level open (positive /Count), and its entries labelled with names only
    top = root["/Outlines"]["/First"].get_object()
    titles, opened = [], []
    while top is not None:
        titles.append(top["/Title"])
        opened.append(top.get("/Count", 0) >= 0)
        top = top.get("/Next").get_object() if "/Next" in top else None
    assert titles[:2] == ["Samenvatting", "Volwassenheid per onderdeel"] and all(opened)
    second = [item.title for item in reader.outline[3]]  # the dimensions' entries
    assert second[0] == assessment.dimensions[0].name
    alts = _struct_alts(root["/StructTreeRoot"], [])
    chart = [alt for tag, alt in alts if tag == "/Figure" and "Strategie en doelen" in alt]
    assert chart, alts
    for d in assessment.dimensions:
        assert f"{d.name} {d.score:.0f}" in chart[0]


@pytest.mark.pdf
def test_pdf_links_work_web_mail_and_cross_references(example_pdf):
    from pypdf import PdfReader

    assessment, out = example_pdf
    reader = PdfReader(out)
    uris, internal = set(), 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if action is not None and "/URI" in action:
                uris.add(str(action["/URI"]))
            elif "/Dest" in annot or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert "mailto:advies@koersdigitaal.example" in uris
    assert "https://www.koersdigitaal.example" in uris
    # page 2's three actions, the top findings and every finding's advice link into the plan
    assert internal >= 3 + 3 + sum(len(f.advice) for f in assessment.findings)
    text = reader.pages[3].extract_text() + reader.pages[4].extract_text()
    assert "V O L" not in text and "A A N D A C H T" not in text
    # every cross-reference target lands on the page that shows what it names
    dests = reader.named_destinations
    targets = [(f"advice-{item.id}", item.title) for item in assessment.advice]
    targets += [(f"finding-{f.id}", f.title) for f in assessment.findings]
    for name, title in targets:
        page = reader.pages[reader.get_destination_page_number(dests[name])]
        assert " ".join(title.split()[:3]) in " ".join(page.extract_text().split()), name


def test_sources_come_before_the_appendix_so_they_never_end_the_report_alone(assessment):
    html = render_report_html(assessment, load_brand(None))
    assert html.index('id="plan"') < html.index('id="sources"') < html.index('id="appendix"')


@pytest.mark.pdf
def test_archive_option_writes_pdf_a_3u(tmp_path, example_pdf):
    from pypdf import PdfReader

    from audit.render.pdf import render_report_pdf

    assessment, _ = example_pdf
    out = tmp_path / "archief.pdf"
    render_report_pdf(assessment, load_brand(None), out, archive=True)
    reader = PdfReader(out)
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


@pytest.mark.pdf
def test_brand_font_everywhere_including_page_numbers(tmp_path, example_pdf):
    """A kit with a serif font: every font on the pages (text, header, footer, page numbers)
    is that family."""
    from pypdf import PdfReader

    from audit.render.pdf import render_report_pdf

    assessment, _ = example_pdf
    out = tmp_path / "serif.pdf"
    render_report_pdf(assessment, load_brand(ROOT / "examples" / "brands" / "zonnig-advies"), out)
    fonts = set()
    for page in PdfReader(out).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("DejaVu-Serif") for f in fonts), fonts
    last = PdfReader(out).pages[-1].extract_text()
    assert "pagina" in last and "Zonnig Advies" in last


@pytest.mark.parametrize(("layout", "said"), [
    ("findings:\n  full_cards: six\n", r"layout\.yaml: findings\.full_cards .*'six'"),
    ("findings:\n  full_cards: 5\nlength:\n  max_pages: {4: nine}\n",
     r"layout\.yaml: length\.max_pages .*'nine'"),
])
def test_a_bad_layout_setting_is_reported_naming_the_file_and_the_setting(tmp_path, monkeypatch, layout,
                                                                          said):
    import audit.render.html as html_module

    (tmp_path / "layout.yaml").write_text(layout, encoding="utf-8")
    monkeypatch.setattr(html_module, "TEMPLATES_DIR", tmp_path)
    html_module.layout_settings.cache_clear()
    try:
        with pytest.raises(ValueError, match=said):
            html_module.layout_settings()
    finally:
        html_module.layout_settings.cache_clear()
