"""The report as HTML: Jinja2 templates in `report_templates/`, autoescaped, strict about
undefined names. It renders the Assessment as it is and computes no scores."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from audit.assessment import Assessment
from audit.brand import Brand
from audit.practice import practice_strings
from audit.render import TEMPLATES_DIR, charts
from audit.strings import format_number, strings


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
    env.filters["web_link"] = web_link
    env.filters["advice_in"] = lambda aid, assessment: assessment.advice_by_id(aid)
    env.filters["num"] = format_number
    env.filters["first_sentence"] = first_sentence
    return env


@functools.cache
def layout_settings() -> dict[str, Any]:
    """The report's layout settings from `report_templates/layout.yaml` (data, not code)."""
    import yaml

    path = TEMPLATES_DIR / "layout.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    full = (data.get("findings") or {}).get("full_cards")
    if not isinstance(full, int) or isinstance(full, bool) or full < 0:
        raise ValueError(f"{path}: findings.full_cards must be a whole number of 0 or more, not {full!r}")
    limits = (data.get("length") or {}).get("max_pages") or {}
    if not isinstance(limits, dict) or not all(
            isinstance(k, int) and isinstance(v, int) and not isinstance(v, bool) and v >= 2
            for k, v in limits.items()):
        raise ValueError(f"{path}: length.max_pages must map levels to a number of pages of 2 or "
                         f"more, e.g. {{4: 9}}, not {limits!r}")
    return {"findings_full_cards": full, "max_pages": limits}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[‘'\"(]?[A-ZÀ-Ý])")


def first_sentence(text: str) -> str:
    """The first sentence of a text (up to a full stop, question or exclamation mark that is
    followed by a capital), for the brief form of a lower-ranked misconception."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def dots(value: int, total: int = 5) -> str:
    value = max(0, min(total, int(value)))
    return "●" * value + "○" * (total - value)


def web_link(url: str) -> str:
    """The URL when it is a plain http(s) address, else "" (no javascript:, file: or data:)."""
    url = str(url).strip()
    return url if url.startswith(("https://", "http://")) and " " not in url else ""


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
    """An ISO date in words ("24 november 2026", the language's `date_long`); any other text
    is shown as typed."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    from audit.languages import language

    return language(lang).date(day)


def css_string(text: str) -> str:
    """Our own short labels as a CSS string literal (no client text ever goes through here)."""
    escaped = "".join(c if c.isalnum() or c in " .,-–" else f"\\{ord(c):06x}" for c in str(text))
    return f'"{escaped}"'


def context(assessment: Assessment, brand: Brand) -> dict[str, Any]:
    from markupsafe import Markup

    lang = assessment.language
    s = strings(lang)
    unknown = s["report_unknown"]
    appendix: list[tuple[Any, list]] = []
    for dim in assessment.dimensions:
        items = [a for a in assessment.appendix if a.dimension == dim.id]
        if items:
            appendix.append((dim, items))
    company = assessment.company
    evidence_new, evidence_seen = split_evidence(assessment)
    return {
        "a": assessment,
        "s": s,
        "lang": lang,
        "brand": brand,
        "company": company,
        "footer": brand.footer_text(lang),
        "contact": contact_items(brand),
        "notes": {"conclusion": "", "general": "", "dimensions": {}, "findings": {},
                  **assessment.consultant_notes},
        "sess": {"present": [], **assessment.session},
        "level_why": level_why(assessment),
        "keep": keep_up(assessment),
        "evidence_new": evidence_new,
        "evidence_seen": evidence_seen,
        "layout": layout_settings(),
        "max_pages": layout_settings()["max_pages"].get((assessment.level or {}).get("number")),
        "where_advice": advice_places(assessment),
        "session_when": session_when(assessment.session, lang),
        "logo_url": brand.logo_path.as_uri(),
        "report_date": format_date(company.get("date") or assessment.generated, lang),
        # charts are built from escaped text and validated colours only; the title is the
        # chart's alternative text in the tagged PDF, so it carries the data as words
        "bars": Markup(charts.bars_svg(assessment.dimensions, brand, unknown_label=unknown,
                                       not_applicable_label=s["report_not_applicable"],
                                       title=chart_alt_text(assessment), names=False)),
        "label_lines": charts.label_lines,
        "appendix": appendix,
        "advice_of": assessment.advice_by_id,
        "source_label": source_labels(assessment),
        "sources": cited_sources(assessment),
        "p": practice_strings(lang),  # texts of the practice sections (report_templates/partials)
        "format_date": functools.partial(format_date, lang=lang),
    }


def chart_alt_text(assessment: Assessment) -> str:
    """The bar chart in words: every dimension with its score, for screen readers."""
    s = strings(assessment.language)
    parts = [s["report_chart_item"].format(name=d.name, score=format_score(d.score, s["report_unknown"]))
             for d in assessment.dimensions]
    return f"{s['report_scores_at_a_glance']}: {'; '.join(parts)}."


def level_why(assessment: Assessment) -> str:
    """One sentence on why the company is at its level: the overall score and the
    strongest and weakest dimension (picked from the Assessment's scores, not recomputed)."""
    s = strings(assessment.language)
    level = assessment.level or {}
    reason = level.get("reason")
    if isinstance(reason, str) and reason:
        return reason
    if level.get("reason_text"):  # capped by a finding or an answer: say so, not the score
        return level["reason_text"]
    known = sorted((d for d in assessment.dimensions if d.score is not None), key=lambda d: d.score)
    score = format_score(assessment.overall_score)
    if len(known) < 2:
        return s["report_level_why_short"].format(score=score)
    return s["report_level_why"].format(score=score, best=known[-1].name, worst=known[0].name)


def keep_up(assessment: Assessment) -> list[dict[str, Any]]:
    """What a consultant hands over when the audit has no advice and finds no misconception
    (most level-5 companies): hold on to what scores best, where the most room is left, and
    measure again in a year, instead of an empty plan. Picked from the Assessment's scores,
    not recomputed. Nothing when the level is held back by an answer (e.g. not on social
    media at all): then an empty plan is a gap in the advice, not something to keep up."""
    level = assessment.level or {}
    if assessment.advice or assessment.findings or not level or level.get("capped_by"):
        return []
    known = sorted((d for d in assessment.dimensions if d.score is not None), key=lambda d: -d.score)
    if not known:
        return []
    s = strings(assessment.language)
    best = known[:2] if len(known) > 1 and known[1].score > known[-1].score else known[:1]
    # quoted: dimension names hold "en"/"and" themselves ("Strategie en doelen")
    names = f" {s['report_and']} ".join(quoted(d.name, assessment.language) for d in best)
    items = [{"title": s["report_keep_hold_title"],
              "text": s["report_keep_hold" + ("_one" if len(best) == 1 else "")].format(names=names)}]
    room = known[-1]
    if room not in best and room.score < 100:
        items.append({"title": s["report_keep_room_title"].format(name=room.name),
                      "text": s["report_keep_room"].format(score=format_score(room.score)),
                      "dimension": room.id})
    items.append({"title": s["report_keep_again_title"], "text": s["report_keep_again"]})
    return items


def split_evidence(assessment: Assessment) -> tuple[dict[str, list], dict[str, list]]:
    """Per finding, the evidence not shown before, and the earlier findings that already
    showed the rest: an answer is quoted once, in the first finding it supports."""
    first: dict[str, Any] = {}
    new: dict[str, list] = {}
    seen: dict[str, list] = {}
    for finding in assessment.findings:
        new[finding.id], earlier = [], []
        for ev in finding.evidence:
            owner = first.setdefault(ev.question, finding)
            if owner is finding:
                new[finding.id].append(ev)
            elif owner not in earlier:
                earlier.append(owner)
        seen[finding.id] = earlier
    return new, seen


def advice_places(assessment: Assessment) -> dict[str, str]:
    """Advice id -> where the plan puts it ("week 1-4"), for the findings' cross-references."""
    s = strings(assessment.language)
    return {aid: s[phase.id] for phase in assessment.plan for aid in phase.advice}


def contact_items(brand: Brand) -> list[tuple[str, str, str]]:
    """The brand's contact line as (kind, text, link); links only for web and e-mail."""
    c = brand.contact
    items = []
    for kind, text in (("address", c.address), ("phone", c.phone), ("email", c.email),
                       ("website", c.website)):
        if not text:
            continue
        href = ""
        if kind == "email" and "@" in text and " " not in text:
            href = f"mailto:{text}"
        elif kind == "website" and " " not in text:
            href = text if text.startswith(("https://", "http://")) else f"https://{text}"
        elif kind == "phone":
            digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
            href = f"tel:{digits}" if len(digits) >= 6 else ""
        items.append((kind, text, href))
    return items


def session_when(session: dict[str, Any], lang: str) -> str:
    """"10 november 2026, 14:00, 75 minuten" from the session's start and duration."""
    s = strings(lang)
    parts = []
    started = session.get("started")
    if started:
        try:
            moment = dt.datetime.fromisoformat(str(started))
            parts.append(format_date(moment.date().isoformat(), lang))
            if "T" in str(started) or " " in str(started):
                parts.append(f"{moment:%H:%M}")
        except ValueError:
            parts.append(str(started))
    minutes = session.get("duration_minutes")
    if minutes is not None:
        parts.append(s["report_minutes_one" if minutes == 1 else "report_minutes"].format(n=minutes))
    return ", ".join(parts)


def cited_sources(assessment: Assessment) -> list[dict[str, Any]]:
    """The sources the report's misconceptions draw on (the Assessment's `cited`), in the
    questionnaire's order: a company without misconceptions got a chapter of five sources
    that nothing in its report came from."""
    return [src for src in assessment.sources if src.get("cited", True)]


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
    from audit.brand import footer_size, palette

    values = {
        **palette(brand), "font": brand.font_stack(),
        "footer_size": f"{footer_size(brand.footer_text(lang), brand.font.family)}pt",
        "page_word": css_string(s["report_page"]), "of_word": css_string(s["report_page_of"]),
    }
    # Markup: these are validated (hex, plain font names) or CSS-escaped, and HTML-escaping
    # would break the quotes of the font names.
    return environment().get_template("css/brand.css.j2").render(
        **{k: Markup(v) for k, v in values.items()})
