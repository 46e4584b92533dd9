"""The report on made-up companies (audit/render/simulate.py), not the examples: what
benchmarks/pages.py found when rendering companies nobody had looked at, held as tests."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from audit.load import DEFAULT_QUESTIONNAIRE

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = [pytest.mark.content, pytest.mark.skipif(not DEFAULT_QUESTIONNAIRE.exists(),
                                                     reason="product questionnaire not there")]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def q():
    from audit.load import load_questionnaire

    return load_questionnaire()


def assessed(q, data: dict, lang: str):
    from audit.answers import from_mapping
    from audit.assess import assess

    answers, problems = from_mapping(q, data)
    assert not problems, problems
    return assess(q, answers, lang)


def printed_text(assessment, brand=None) -> str:
    """The report's words as printed (tags gone, one space between words)."""
    from audit.brand import load_brand
    from audit.render.html import render_report_html

    body = render_report_html(assessment, brand or load_brand(None)).split("<body", 1)[1]
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", " ", body)).split())


def test_made_up_companies_are_valid_answers_and_span_every_level(q):
    """The generator gives answers files the tool accepts, from level 1 to 5, Dutch and Flemish."""
    from audit.render.simulate import make_company

    levels, languages = set(), set()
    for seed in range(40):
        company = make_company(q, seed)
        assessment = assessed(q, company.data, "nl")
        levels.add(assessment.level["number"])
        languages.add(company.data["language"])
    assert levels == {1, 2, 3, 4, 5} and languages == {"nl", "nl-BE"}
    again = make_company(q, 7).data
    assert again == make_company(q, 7).data and again != make_company(q, 8).data  # seeded


def test_one_hour_is_singular_in_english_in_the_plan_and_its_capacity_line(q):
    """'1 hours a week' was printed for advice costing one hour and for a company spending one
    hour a week; Dutch 'uur' is the same after 1 and after 2."""
    from audit.render.simulate import make_company

    data = make_company(q, 3, maturity=0.35).data
    for hours in (1, 40):  # 1: the capacity line says 1 hour; 40: the advice fits in the phases
        data["answers"]["hours_week"] = hours
        english = assessed(q, data, "en")
        assert english.plan_capacity["available"] == hours
        text = printed_text(english)
        assert not re.search(r"(?<![\d.,])1 hours\b", text), re.findall(r".{40}\b1 hours.{20}", text)
        assert re.search(r"(?<![\d.,])1 hour\b", text)
        assert re.search(r"\b\d+(\.\d+)? hours a week", text)  # more than one still plural
        dutch = printed_text(assessed(q, data, "nl"))
        assert re.search(r"(?<![\d,])1 uur\b", dutch) and "1 uren" not in dutch
    phased = [item for phase in english.plan if phase.id != "phase_later" for item in phase.advice]
    assert any(english.advice_by_id(aid).hours_per_week == 1 for aid in phased)
    assert "1 hour a week" in text


LONG_FOOTER = ("Bureau Oranjeboom & Geel Communicatieadvies B.V. · Keizersgracht 1234-A, 1015 CX "
               "Amsterdam · KvK 12345678 · btw NL001234567B01 · IBAN NL00 BANK 0123 4567 89 · Op al "
               "onze diensten zijn onze algemene voorwaarden van toepassing, te vinden op onze website")


def made_up_kit(folder: Path, footer: str, family: str = "Liberation Sans") -> Path:
    """A kit nobody tuned the report to: a light accent (yellow) and the given footer."""
    import yaml

    folder.mkdir()
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                     '<rect width="40" height="20" fill="#ffc20e"/></svg>', encoding="utf-8")
    (folder / "brand.yaml").write_text(yaml.safe_dump({
        "name": "Bureau Oranjeboom & Geel", "logo": "logo.svg",
        "colours": {"primary": "#2f7f9e", "accent": "#ffc20e"},
        "font": {"family": family, "fallbacks": ["DejaVu Sans"]}, "footer": {"nl": footer, "en": footer},
    }, allow_unicode=True), encoding="utf-8")
    return folder


def laid_out(assessment, brand):
    from weasyprint import HTML

    from audit.render import TEMPLATES_DIR
    from audit.render.html import render_report_html
    from audit.render.pdf import PDF_OPTIONS, _font_config, stylesheets

    return HTML(string=render_report_html(assessment, brand), base_url=TEMPLATES_DIR.as_uri() + "/").render(
        stylesheets=stylesheets(brand, assessment.language), font_config=_font_config(), **PDF_OPTIONS)


@pytest.mark.pdf
def test_a_long_footer_is_set_smaller_to_fit_on_two_lines_inside_the_page(q, tmp_path):
    """A 245-character footer took three lines at the bottom of every page."""
    from audit.brand import footer_check, load_brand
    from audit.render.layout_check import footer_fit, read_page
    from audit.render.simulate import make_company

    brand = load_brand(made_up_kit(tmp_path / "kit", LONG_FOOTER))
    assert footer_check(brand) == []  # it can fit, so the kit is not warned about
    document = laid_out(assessed(q, make_company(q, 11).data, "nl"), brand)
    for number, page in enumerate(document.pages[1:], 2):
        _, _, footers = read_page(page._page_box)
        lines, inside = footer_fit(footers, page._page_box)
        assert lines == 2 and inside, f"page {number}: footer on {lines} lines, inside: {inside}"


def test_a_footer_too_long_for_two_lines_is_warned_about_naming_the_field(tmp_path):
    from audit.brand import footer_check, load_brand

    brand = load_brand(made_up_kit(tmp_path / "kit", LONG_FOOTER + " · " + LONG_FOOTER[:150],
                                   family="DejaVu Serif"))
    warnings = footer_check(brand)
    assert sorted(w.split(" is ")[0] for w in warnings) == ["footer.en", "footer.nl"]
    assert f"footer.nl is {len(brand.footer['nl'])} characters" in " ".join(warnings)
    assert "DejaVu Serif" in warnings[0] and "2 lines" in warnings[0]
    for kit in ("koers-digitaal", "zonnig-advies"):
        assert footer_check(load_brand(ROOT / "examples" / "brands" / kit)) == []


LONG_WORDS = ("Het hangt allemaal aan mij. Als ik ziek ben of op vakantie, gebeurt er niets, en als er dan "
              "een klacht op Facebook komt, staat die er een week. Vorig jaar schreef iemand een lange "
              "negatieve recensie over een levering die te laat was; we hebben er nooit op gereageerd "
              "omdat niemand wist wie dat mocht doen of wat we moesten zeggen. ") * 2


@pytest.mark.pdf
@pytest.mark.parametrize("long", [False, True])
def test_page_2_stands_alone_and_when_it_runs_on_the_scores_follow_below_it(q, long):
    """Long client words and a long conclusion ran onto page 3 and left it 2-8% full: the
    scores then started on page 4. Now they follow on; with short texts page 2 stands alone."""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.layout_check import read_page
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company
    from audit.strings import strings

    data = make_company(q, 5, maturity=0.2).data
    voice = q.client_voice
    data["answers"][voice.goal] = LONG_WORDS if long else "Meer vaste klanten."
    data["answers"][voice.frustration] = LONG_WORDS if long else "Geen tijd."
    data["consultant_notes"]["conclusion"] = "\n\n".join([LONG_WORDS] * 3) if long else "Goed bezig."
    assessment = assessed(q, data, "nl")
    brand = load_brand(None)
    document = lay_out(render_report_html(assessment, brand), brand, "nl")
    fills = page_fill(document)
    texts = [read_page(page._page_box)[0] for page in document.pages]
    heading = strings("nl")["report_dimensions"]
    assert heading not in texts[1] and heading in texts[2]
    if long:
        assert texts[2].find(heading) > 100 and fills[2] > 0.6, fills  # below the conclusion's end
    else:
        body = texts[2].replace(brand.name, "").replace(assessment.company["name"], "").strip()
        assert body.startswith(heading), body[:200]  # page 3 starts with the scores
    assert all(fill >= 0.4 for fill in fills[:-1]), fills


@pytest.mark.pdf
def test_when_page_2_has_little_to_say_the_scores_follow_on_it(q):
    """A strong company with a one-word goal, no frustration, no conclusion and no advice left
    page 2 31% full. The scores now follow on page 2. (Since page 2 says what to keep doing
    when there is no advice, a one-word goal fills 43% of it: the case has no goal either.)"""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.layout_check import read_page
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company
    from audit.strings import strings

    data = make_company(q, 1, maturity=0.95).data
    data["answers"].pop(q.client_voice.goal, None)
    data["answers"].pop(q.client_voice.frustration, None)
    data["consultant_notes"]["conclusion"] = ""
    assessment = assessed(q, data, "en")
    assert assessment.level["number"] >= 4 and not assessment.client_words
    brand = load_brand(None)
    document = lay_out(render_report_html(assessment, brand), brand, "en")
    fills = page_fill(document)
    assert all(fill >= 0.4 for fill in fills[:-1]), fills
    page_2 = read_page(document.pages[1]._page_box)[0]
    assert strings("en")["report_summary"] in page_2 and strings("en")["report_dimensions"] in page_2


@pytest.mark.pdf
@pytest.mark.parametrize("seed", [1, 7])
def test_a_piece_of_advice_splits_at_the_page_end_instead_of_moving_whole(q, seed):
    """WeasyPrint keeps a list with what precedes it, so title, meta line, text and steps moved
    to the next page together and left 12-18% of a plan page empty (82-86% full)."""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.layout_check import read_page
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company
    from audit.strings import strings

    assessment = assessed(q, make_company(q, seed, maturity=0.3).data, "nl")
    brand = load_brand(ROOT / "examples" / "brands" / "koers-digitaal")
    document = lay_out(render_report_html(assessment, brand), brand, "nl")
    fills = page_fill(document)
    texts = [read_page(page._page_box)[0] for page in document.pages]
    s = strings("nl")
    plan = next(i for i, t in enumerate(texts) if s["report_plan"] in t)
    sources = next(i for i, t in enumerate(texts) if s["report_sources"] in t)
    assert sources - plan >= 2, "the plan should take more than one page"
    assert all(fill >= 0.9 for fill in fills[plan:sources - 1]), fills[plan:sources]


@pytest.mark.pdf
def test_a_long_client_name_wraps_in_the_running_header_instead_of_running_into_the_brand(q, tmp_path):
    """A 110-character client name and a long consultancy name overlapped at the top of every page."""
    from audit.brand import load_brand
    from audit.render.html import render_report_html
    from audit.render.layout_check import header_clash
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company

    data = make_company(q, 2).data
    data["company"]["name"] = ("Coöperatieve Vereniging Zorgboerderij De Gouden Schoof en Kinderopvang "
                               "'t Boerderijtje U.A. (Zuidoost-Drenthe)")
    brand = load_brand(made_up_kit(tmp_path / "kit", "Vertrouwelijk"))
    brand = brand.model_copy(update={"name": "Bureau Oranjeboom & Geel Communicatieadvies"})
    assessment = assessed(q, data, "nl")
    document = lay_out(render_report_html(assessment, brand), brand, "nl")
    assert not [n for n, page in enumerate(document.pages[1:], 2) if header_clash(page._page_box)]


def test_a_colour_fine_on_white_but_not_on_the_grey_boxes_is_warned_about_truthfully(tmp_path):
    """#2f7f9e is 4.52:1 on white: the warning said '4.5:1 on white, under the 4.5:1 text needs'."""
    from audit.brand import contrast_check, load_brand

    warnings, _ = contrast_check(load_brand(made_up_kit(tmp_path / "kit", "Vertrouwelijk")))
    primary = next(w for w in warnings if w.startswith("colours.primary"))
    assert "4.5:1 on white but 4.2:1 on the report's light grey boxes" in primary
    accent = next(w for w in warnings if w.startswith("colours.accent"))
    assert "1.6:1 on white, under the 4.5:1" in accent
    from audit.brand import _ratio

    assert (_ratio(4.47), _ratio(4.516), _ratio(1.49)) == ("4.47", "4.5", "1.5")


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_weak_company_with_many_misconceptions_gets_9_to_13_pages_and_every_one_of_them(q, lang):
    """Each misconception's card takes about half a page, so 11-12 of them made a weak
    company's report 13-15 pages (the goal is about 11). The lower-ranked ones now follow
    in brief, and none is lost: each keeps its title, severity, link target and advice."""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import layout_settings, render_report_html
    from audit.render.pdf import lay_out
    from audit.render.simulate import REMARKS, make_company
    from audit.strings import strings

    # the weak made-up company with the most misconceptions, a consultant's remark on each
    companies = [make_company(q, seed, maturity=0.1) for seed in range(40)]
    company = max(companies, key=lambda c: len(assessed(q, c.data, "nl").findings))
    company.data["consultant_notes"]["findings"] = {
        f.id: REMARKS[n % len(REMARKS)] for n, f in enumerate(assessed(q, company.data, "nl").findings)}
    assessment = assessed(q, company.data, lang)
    full = layout_settings()["findings_full_cards"]
    assert assessment.level["number"] <= 2 and len(assessment.findings) >= full + 4

    brand = load_brand(ROOT / "examples" / "brands" / "koers-digitaal")
    html = render_report_html(assessment, brand)
    document = lay_out(html, brand, lang)
    assert 9 <= len(document.pages) <= 13, len(document.pages)
    fills = page_fill(document)
    assert min(fills[:-1]) >= 0.4, fills

    s = strings(lang)
    text = printed_text(assessment, brand)
    cards = html.count('<div class="finding">')
    brief = html.count('<div class="brief">')
    assert (cards, brief) == (full, len(assessment.findings) - full)
    for f in assessment.findings:  # every one shown, a target for the plan's links, its advice linked
        assert html.count(f'id="finding-{f.id}"') == 1 and f.title in text
        assert s["severity_badge_" + f.severity] in text
        for aid in f.advice:
            if assessment.advice_by_id(aid):
                assert f'href="#advice-{aid}"' in html
    remarks = assessment.consultant_notes["findings"]
    assert remarks and all(" ".join(remark.split()) in text for remark in remarks.values())
    # the brief form quotes no answers: each answer is printed once in the findings
    findings_part = html.split('id="findings"', 1)[1].split('id="plan"', 1)[0]
    brief_part = findings_part.split('class="findings-brief"', 1)[1]
    assert 'class="row ev"' not in brief_part


@pytest.mark.pdf
def test_a_question_and_answer_row_at_a_page_end_moves_whole_instead_of_printing_over_the_next(q):
    """A row's question (the left column) took two lines and its answer one: at a page end the
    question's second line went to the top of the next page and was printed over the next
    row ("kanalen samen?" over "Hoe bepalen jullie ..."), in 22 of 108 renders of seed 23,
    in the findings' evidence and the appendix. And the appendix's head row ("Vraag /
    Antwoord") could end a page, its rows on the next. The appendix is shifted down step by
    step by a longer general remark, so that rows of every kind, and its head, meet a page end."""
    from audit.brand import load_brand
    from audit.render.html import render_report_html
    from audit.render.layout_check import stranded_head, text_overlaps
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company

    brand = load_brand(ROOT / "examples" / "brands" / "zonnig-advies")
    data = make_company(q, 11008).data
    clashes, stranded = [], []
    for lines in range(0, 8):
        data["consultant_notes"]["general"] = " ".join(["Het gesprek liep uit."] * 9 * lines)
        assessment = assessed(q, data, "nl-BE")
        document = lay_out(render_report_html(assessment, brand), brand, "nl-BE")
        clashes += [(lines, n, pair) for n, page in enumerate(document.pages, 1)
                    for pair in text_overlaps(page._page_box)]
        stranded += [(lines, n, head) for n, page in enumerate(document.pages[:-1], 1)
                     if (head := stranded_head(page._page_box))]
    assert not clashes, clashes[:5]
    assert not stranded, stranded


def _row_size_pt(document, kind: str = "qa") -> float:
    """The font size (pt) of the answer rows as laid out: `qa` the appendix's, `ev` the evidence."""
    from weasyprint.formatting_structure import boxes

    stack = [page._page_box for page in document.pages]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if isinstance(box, boxes.BlockContainerBox) and element is not None and element.tag == "p" \
                and kind in (element.get("class") or "").split():
            return round(box.style["font_size"] * 72 / 96, 2)
        stack.extend(getattr(box, "children", []) or [])
    raise AssertionError("no answer row laid out")


@pytest.mark.pdf
def test_a_strong_company_in_a_wide_brand_font_is_laid_out_compact_to_stay_within_9_pages(q):
    """Level-4 companies took 10 pages with the light example kit (DejaVu Serif, about 15%
    wider than Lato) where the dark kit gave 9: 3 of 108 renders on each new seed. A report
    over its level's most pages (report_templates/layout.yaml) is laid out once more,
    compact, decided by the measured layout and not by the kit; within the limit nothing
    changes."""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import layout_settings, render_report_html
    from audit.render.pdf import lay_out
    from audit.render.simulate import REMARKS, make_company

    limit = layout_settings()["max_pages"][4]
    company = make_company(q, 23011)  # level 4; a remark of the consultant's on every dimension
    company.data["consultant_notes"]["dimensions"] = {d.id: REMARKS[-1] for d in q.dimensions}
    assessment = assessed(q, company.data, "nl")
    assert assessment.level["number"] == 4
    for kit, compact in (("zonnig-advies", True), ("koers-digitaal", False)):
        brand = load_brand(ROOT / "examples" / "brands" / kit)
        html = render_report_html(assessment, brand)
        assert f'data-max-pages="{limit}"' in html
        plain = lay_out(html.replace("data-max-pages", "data-no-limit"), brand, "nl")
        document = lay_out(html, brand, "nl")
        assert (len(plain.pages) > limit) == compact, (kit, len(plain.pages))
        assert len(document.pages) <= limit, (kit, len(document.pages))
        assert _row_size_pt(document) == (8.2 if compact else 8.6), kit
        assert min(page_fill(document)[:-1]) >= 0.4


def _nothing_to_advise(q, lang: str):
    """A strong made-up company the audit has no advice and no misconception for."""
    from audit.render.simulate import make_company

    for seed in range(40):
        data = make_company(q, seed, maturity=0.95).data
        assessment = assessed(q, data, lang)
        if not assessment.advice and not assessment.findings and not assessment.level.get("capped_by"):
            return assessment
    raise AssertionError("no made-up company without advice")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_company_with_nothing_to_advise_gets_what_to_keep_doing_not_an_empty_plan(q, lang):
    """Most level-5 companies get no advice: page 2 said only 'no advice needs priority', the
    plan chapter the same line, and a sources chapter listed five sources no fact cited. Now
    page 2 and the plan say what to hold on to (the best scores), where most room is left (the
    lowest score, linked) and to measure again in a year; no sources chapter."""
    from audit.brand import load_brand
    from audit.render.html import render_report_html
    from audit.strings import strings

    s = strings(lang)
    assessment = _nothing_to_advise(q, lang)
    html = render_report_html(assessment, load_brand(None))
    text = printed_text(assessment)
    assert s["report_no_advice"] not in text
    summary = html.split('id="summary"', 1)[1].split('id="dimensions"', 1)[0]
    plan = html.split('id="plan"', 1)[1].split('id="appendix"', 1)[0]
    assert s["report_keep_head"] in summary and s["report_keep_intro"] in plan
    known = sorted((d for d in assessment.dimensions if d.score is not None), key=lambda d: d.score)
    best, lowest = known[-1], known[0]
    for part in (summary, plan):
        assert html_lib.escape(best.name, quote=False) in part
        assert html_lib.escape(s["report_keep_room_title"].format(name=lowest.name), quote=False) in part
        assert html_lib.escape(s["report_keep_again_title"], quote=False) in part
    for n in (1, 2, 3):  # page 2 links to each item in the plan
        assert f'href="#keep-{n}"' in summary and f'id="keep-{n}"' in plan
    assert f'href="#dimension-{lowest.id}"' in plan and f'id="dimension-{lowest.id}"' in html
    assert 'id="sources"' not in html  # nothing cited


def test_a_company_held_back_by_an_answer_gets_no_keep_up_list(q):
    """Not on social media at all, or accounts lying still, with no advice: nothing to keep up."""
    from audit.render.html import keep_up
    from audit.render.simulate import make_company

    data = make_company(q, 1, maturity=0.95).data
    data["answers"]["active"] = "no"
    assessment = assessed(q, data, "nl")
    assert assessment.level.get("capped_by")
    assert keep_up(assessment) == []
    assert keep_up(_nothing_to_advise(q, "nl"))


def test_the_sources_chapter_lists_the_sources_the_misconceptions_draw_on(q):
    from audit.brand import load_brand
    from audit.render.html import render_report_html
    from audit.render.simulate import make_company

    assessment = assessed(q, make_company(q, 7, maturity=0.3).data, "nl")
    cited = {ref.split()[0] for f in assessment.findings for ref in f.sources}
    assert cited and len(cited) < len(assessment.sources)
    html = render_report_html(assessment, load_brand(None))
    listed = set(re.findall(r'<span class="id" id="source-([^"]+)"', html))
    assert listed == cited
    for source in re.findall(r'href="#source-([^"]+)"', html):
        assert source in listed


@pytest.mark.pdf
def test_a_last_page_with_only_a_few_appendix_rows_is_saved_by_setting_those_rows_tighter(q):
    """The last page held two or three rows of the appendix (3-14% full) in about one render
    in eight. The appendix's rows are then set a little smaller (8.2 pt instead of 8.6 pt)
    when that saves the page; the rest of the report is laid out as it was."""
    from audit.brand import load_brand
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.pdf import LAST_PAGE_MIN_FILL, lay_out
    from audit.render.simulate import make_company, with_finding_remarks

    company = make_company(q, 11001)  # as benchmarks/pages.py --seed 11 renders it
    with_finding_remarks(company, [f.id for f in assessed(q, company.data, "nl").findings], 11001)
    assessment = assessed(q, company.data, "en")
    brand = load_brand(ROOT / "examples" / "brands" / "zonnig-advies")
    html = render_report_html(assessment, brand)
    plain = lay_out(html.replace("data-max-pages", "data-no-limit"), brand, "en")
    assert page_fill(plain)[-1] < LAST_PAGE_MIN_FILL, page_fill(plain)
    document = lay_out(html, brand, "en")
    assert len(document.pages) == len(plain.pages) - 1
    assert (_row_size_pt(document, "qa"), _row_size_pt(document, "ev")) == (8.2, 8.6)
    fills = page_fill(document)
    assert min(fills[:-1]) >= 0.4 and fills[-1] >= LAST_PAGE_MIN_FILL


@pytest.mark.pdf
def test_a_score_of_100_stands_clear_of_its_dimension_name_in_a_wide_font(q):
    """In DejaVu Serif bold a score of 100 is wider than the 9 mm the score column gives, and
    ran into the name beside it ("100Organisation and employees")."""
    from weasyprint.formatting_structure import boxes

    from audit.brand import load_brand
    from audit.render.html import render_report_html
    from audit.render.pdf import lay_out

    assessment = _nothing_to_advise(q, "en")
    full = [d for d in assessment.dimensions if d.score == 100]
    assert full, [d.score for d in assessment.dimensions]
    brand = load_brand(ROOT / "examples" / "brands" / "zonnig-advies")
    document = lay_out(render_report_html(assessment, brand), brand, "en")
    gaps = []
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.LineBox):
                texts = [t for t in box.descendants() if isinstance(t, boxes.TextBox) and t.text.strip()]
                for score, name in zip(texts, texts[1:], strict=False):
                    if score.text.strip() == "100" and "value" in (score.element.get("class") or ""):
                        gaps.append((name.position_x - (score.position_x + score.width)) * 25.4 / 96)
            stack.extend(getattr(box, "children", []) or [])
    assert len(gaps) == len(full) and min(gaps) >= 1.5, gaps  # 0.9 mm before; 2-digit scores 3 mm


@pytest.mark.pdf
def test_a_chapter_heading_and_its_intro_never_end_a_page_without_what_they_introduce(q):
    """The quick scan's plan chapter: its heading and intro stood alone at the foot of page 3,
    the phases on page 4. Checked on the quick-scan example and on made-up companies answering
    the quick scan, in both kits."""
    from audit import catalog
    from audit.answers import from_mapping
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import load_answers
    from audit.render.html import render_report_html
    from audit.render.layout_check import stranded_head
    from audit.render.pdf import lay_out
    from audit.render.simulate import make_company

    quick, _ = catalog.load("quick-scan")
    cases = [assess(quick, load_answers(ROOT / "examples" / "quick-scan" / "bloemenatelier-lies.yaml",
                                        quick), "nl")]
    for seed in (1, 2):
        answers, problems = from_mapping(quick, make_company(quick, seed, maturity=0.2).data)
        assert not problems, problems
        cases.append(assess(quick, answers, "en"))
    stranded = []
    for assessment in cases:
        for kit in ("koers-digitaal", "zonnig-advies"):
            brand = load_brand(ROOT / "examples" / "brands" / kit)
            document = lay_out(render_report_html(assessment, brand), brand, assessment.language)
            stranded += [(assessment.company["name"], kit, n, head) for n, page in
                         enumerate(document.pages[:-1], 1) if (head := stranded_head(page._page_box))]
    assert not stranded, stranded
