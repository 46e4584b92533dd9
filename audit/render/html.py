"""The report as HTML: Jinja2 templates in `report_templates/`, autoescaped, strict about
undefined names. It renders the Assessment as it is and computes no scores."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from audit.assessment import Assessment
from audit.brand import Brand
from audit.practice import practice_strings
from audit.render import TEMPLATES_DIR, charts
from audit.strings import strings


@functools.cache
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dots"] = dots
    env.filters["score"] = format_score
    env.filters["quoted"] = quoted
    return env


def dots(value: int, total: int = 5) -> str:
    value = max(0, min(total, int(value)))
    return "●" * value + "○" * (total - value)


QUOTES = "‘’“”\"'„‚«»"


def quoted(text: str, lang: str) -> str:
    """Text in the language's quotation marks, unless it already carries its own."""
    text = str(text).strip()
    if text[:1] in QUOTES:
        return text
    s = strings(lang)
    return f"{s['report_quote_open']}{text}{s['report_quote_close']}"


def format_score(value: float | None, unknown: str = "–") -> str:
    return unknown if value is None else f"{value:.0f}"


def format_date(value: str, lang: str) -> str:
    """An ISO date in words ("24 november 2026"); any other text is shown as typed."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    months = strings(lang)["report_months"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def css_string(text: str) -> str:
    """Our own short labels as a CSS string literal (no client text ever goes through here)."""
    escaped = "".join(c if c.isalnum() or c in " .,-–" else f"\\{ord(c):06x}" for c in str(text))
    return f'"{escaped}"'


def context(assessment: Assessment, brand: Brand) -> dict[str, Any]:
    from markupsafe import Markup

    lang = assessment.language
    s = strings(lang)
    unknown = s["report_unknown"]
    facts: dict[str, list] = {}
    seen: set[str] = set()
    for finding in assessment.findings:
        for fact in finding.facts:
            if fact.id not in seen:
                seen.add(fact.id)
                facts.setdefault(fact.source, []).append(fact)
    appendix: list[tuple[Any, list]] = []
    for dim in assessment.dimensions:
        items = [a for a in assessment.appendix if a.dimension == dim.id]
        if items:
            appendix.append((dim, items))
    company = assessment.company
    return {
        "a": assessment,
        "s": s,
        "lang": lang,
        "brand": brand,
        "company": company,
        "footer": brand.footer_text(lang),
        "logo_url": brand.logo_path.as_uri(),
        "report_date": format_date(company.get("date") or assessment.generated, lang),
        # charts are built from escaped text and validated colours only
        "radar": Markup(charts.radar_svg(assessment.dimensions, brand, unknown_label=unknown,
                                         title=s["report_dimensions"])),
        "bars": Markup(charts.bars_svg(assessment.dimensions, brand, unknown_label=unknown,
                                       title=s["report_scores_at_a_glance"])),
        "facts_by_source": facts,
        "appendix": appendix,
        "advice_of": assessment.advice_by_id,
        "source_label": source_labels(assessment),
        "p": practice_strings(lang),  # texts of the practice sections (report_templates/partials)
        "format_date": functools.partial(format_date, lang=lang),
    }


def source_labels(assessment: Assessment) -> dict[str, str]:
    """Source id -> "publisher, year" as cited next to a fact."""
    labels = {}
    for src in assessment.sources:
        year = f", {src['year']}" if src.get("year") else ""
        labels[str(src["id"])] = f"{src.get('publisher') or src.get('title')}{year}"
    return labels


def render_report_html(assessment: Assessment, brand: Brand) -> str:
    """The complete report as one HTML document (the PDF is printed from it)."""
    return environment().get_template("report.html.j2").render(**context(assessment, brand))


def render_brand_css(brand: Brand, lang: str) -> str:
    """The brand's stylesheet: validated colours and font names only, plus our page labels."""
    from markupsafe import Markup

    s = strings(lang)
    values = {
        "primary": brand.primary, "accent": brand.accent, "font": brand.font_stack(),
        "page_word": css_string(s["report_page"]), "of_word": css_string(s["report_page_of"]),
    }
    # Markup: these are validated (hex, plain font names) or CSS-escaped, and HTML-escaping
    # would break the quotes of the font names.
    return environment().get_template("css/brand.css.j2").render(
        **{k: Markup(v) for k, v in values.items()})
