"""The report's cheaper layouts keep its look: question-and-answer rows in two columns, the
chart's names beside their bars, plan steps with a hanging indent. Read from WeasyPrint's
laid-out boxes and from the PDF's word positions (pdftotext -bbox), with a sans and a serif kit."""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MM = 96 / 25.4  # CSS px per mm
KITS = ["koers-digitaal", "zonnig-advies"]  # Lato and DejaVu Serif

pytestmark = pytest.mark.pdf


@functools.cache
def laid_out(kit: str, lang: str):
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import load_answers, load_questionnaire
    from audit.render.html import render_report_html
    from audit.render.pdf import lay_out

    questionnaire = load_questionnaire(None)
    answers = load_answers(ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml", questionnaire)
    assessment = assess(questionnaire, answers, lang)
    brand = load_brand(ROOT / "examples" / "brands" / kit)
    return assessment, lay_out(render_report_html(assessment, brand), brand, lang)


def boxes_with_class(document, cls: str):
    """(page number, box) of every laid-out box (not a line or text) whose element has class `cls`."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, 1):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if (element is not None and getattr(box, "element_tag", None) == element.tag
                    and cls in (element.get("class") or "").split()
                    and not isinstance(box, (boxes.LineBox, boxes.TextBox))):
                found.append((number, box))
            stack.extend(getattr(box, "children", []) or [])
    return found


def descendants(box):
    for child in getattr(box, "children", []) or []:
        yield child
        yield from descendants(child)


@pytest.mark.parametrize("kit", KITS)
def test_question_and_answer_rows_keep_two_columns(kit):
    """The question fills the left 59% of a row and the answer starts at 62%, on the same
    line, and the row is as tall as the longer of the two (its bottom rule under both)."""
    _, document = laid_out(kit, "nl")
    def is_question(box) -> bool:
        return getattr(box, "element", None) is not None and "q" in (box.element.get("class") or "").split()

    # the row's own box (its anonymous block around the answer has the same element)
    rows = [box for _, box in boxes_with_class(document, "row") if any(map(is_question, box.children))]
    assert len(rows) > 40
    for row in rows:
        left, width = row.border_box_x(), row.border_width()
        question = next(filter(is_question, row.children))
        assert question.border_box_x() == pytest.approx(left, abs=0.5)
        assert question.border_width() == pytest.approx(0.59 * width, abs=0.5)
        answer_lines = [line for child in row.children if not is_question(child)
                        for line in [child, *descendants(child)] if type(line).__name__ == "LineBox"]
        assert answer_lines, "the answer is the row's own text"
        first = answer_lines[0]
        text_x = min(b.position_x for b in descendants(first) if hasattr(b, "text") and b.text.strip())
        assert text_x == pytest.approx(left + 0.62 * width, abs=1.0)
        assert first.position_y == pytest.approx(question.position_y, abs=1.0)
        bottom = row.border_box_y() + row.border_height()
        assert bottom >= question.position_y + question.margin_height() - 0.5
        assert bottom >= answer_lines[-1].position_y + answer_lines[-1].height - 0.5


@pytest.mark.parametrize("kit", KITS)
def test_chart_names_stand_beside_their_bars(kit):
    """Each dimension name is a text row as high as a bar's row in the SVG plot, starting where
    the plot's first row starts; charts.py and report.css share these numbers."""
    from audit.render import charts

    assessment, document = laid_out(kit, "en")
    [(page, names)] = boxes_with_class(document, "chart-names")
    [(_, plot)] = boxes_with_class(document, "bars")
    unit = 150 * MM / 620  # the chart is 150 mm for the SVG's 620 units
    rows = [b for b in names.children if getattr(b, "element_tag", None) == "p"]
    assert [" ".join(t.text for t in descendants(r) if hasattr(t, "text")) for r in rows] == [
        " ".join(charts.label_lines(d.name)) for d in assessment.dimensions]
    assert plot.border_box_x() == pytest.approx(names.position_x + (charts.LABEL_W + 5) * unit, abs=0.5)
    for i, row in enumerate(rows):
        assert row.border_height() == pytest.approx(charts.ROW_H * unit, abs=0.2)
        expected_top = plot.content_box_y() + (charts.TOP + charts.ROW_H * i) * unit
        assert row.border_box_y() == pytest.approx(expected_top, abs=0.3 * MM)
    svg = str(charts.bars_svg(assessment.dimensions, names=False))
    assert not any(f">{d.name}<" in svg for d in assessment.dimensions)  # drawn once, as text


def words_by_line(pdf: Path, page: int) -> list[list[tuple[float, str]]]:
    """Each text line of a page as [(x, word)], from poppler's word boxes."""
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for line in re.findall(r"<line\b.*?</line>", out, re.S):
        words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        lines.append([(float(x), w) for x, w in words])
    return lines


def test_plan_steps_are_numbered_with_a_hanging_indent(tmp_path):
    """Steps read "1.", "2.", ... per piece of advice, and a wrapped step's next line starts
    under its first word, not under the number (within 0.4 mm), in a sans and a serif font."""
    pt_per_mm = 72 / 25.4
    checked = 0
    for kit in KITS:
        for lang in ("nl", "en"):
            assessment, document = laid_out(kit, lang)
            pdf = tmp_path / f"{kit}-{lang}.pdf"
            document.write_pdf(pdf)
            for number in sorted({n for n, _ in boxes_with_class(document, "steps")}):
                lines = words_by_line(pdf, number)
                for line, following in zip(lines, lines[1:], strict=False):
                    if len(line) > 2 and re.fullmatch(r"[1-9]\.", line[0][1]) and following \
                            and not re.fullmatch(r"[1-9]\.", following[0][1]) \
                            and abs(following[0][0] - line[1][0]) < 8 * pt_per_mm:  # the step's next line
                        assert following[0][0] == pytest.approx(line[1][0], abs=0.4 * pt_per_mm), (kit, lang)
                        checked += 1
            text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                           check=True).stdout.split())
            for phase in assessment.plan:
                for aid in phase.advice if phase.id != "phase_later" else []:
                    item = assessment.advice_by_id(aid)
                    for k, step in enumerate(item.steps if item else [], 1):
                        assert f"{k}. {' '.join(step.split()[:2])}" in text.replace("\u2002", " ")
    assert checked >= 1, "no wrapped step found to check"
