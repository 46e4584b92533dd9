"""The blank questionnaire as a branded, printable PDF (`smaudit questions --pdf`).

Rendered with the report's own pipeline (templates, stylesheet, brand, safe fetcher, atomic
write), in the interview's order and numbering, without question ids or points: for clients
who prefer to answer on paper before or during the intake.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit.brand import Brand
from audit.interview.order import asking_order
from audit.interview.texts import texts
from audit.model import Question, Questionnaire


def sections(q: Questionnaire) -> list[tuple[Any, list[tuple[Question, int, str]]]]:
    """(dimension, [(question, number, numbers of the questions its condition reads)])."""
    order = asking_order(q)
    number = {question.id: n for n, question in enumerate(order, 1)}
    out = []
    for dim in q.dimensions:
        items = []
        for question in order:
            if question.dimension != dim.id:
                continue
            rule = q.condition_rule(question)
            refs = sorted(number[r] for r in (rule.refs if rule else set()) if r in number)
            items.append((question, number[question.id], ", ".join(map(str, refs))))
        if items:
            out.append((dim, items))
    return out


def render_blank_html(q: Questionnaire, brand: Brand, lang: str) -> str:
    from audit.render.html import environment
    from audit.strings import strings

    def scale_ends(question: Question) -> list[str]:
        ends = [e.strip() for e in question.scale_labels(lang).split("/")]
        return ends if len(ends) == 2 else ["", ""]

    return environment().get_template("questionnaire.html.j2").render(
        lang=lang, t=texts(lang), s=strings(lang), brand=brand, title=q.title(lang),
        footer=brand.footer_text(lang), logo_url=brand.logo_path.as_uri(),
        sections=sections(q), scale_ends=scale_ends)


def write_blank_pdf(q: Questionnaire, brand: Brand, lang: str, out: Path) -> None:
    """The printable questionnaire at `out` (replaced only when complete)."""
    from audit.render.pdf import write_pdf

    write_pdf(render_blank_html(q, brand, lang), brand, Path(out), lang=lang)
