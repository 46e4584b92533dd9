"""The report as PDF (WeasyPrint, imported inside the functions only).

Stylesheets are parsed once per process (per brand and language) and reused; every resource
goes through the safe URL fetcher; the PDF is written atomically, so a failed render never
replaces a good file.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from audit.brand import Brand
from audit.files import atomic_path
from audit.render import TEMPLATES_DIR
from audit.render.fetcher import safe_fetcher

BASE_CSS = TEMPLATES_DIR / "css" / "report.css"


@functools.cache
def _font_config() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _image_cache() -> dict:
    return {}


@functools.cache
def _base_css() -> Any:
    from weasyprint import CSS

    return CSS(string=BASE_CSS.read_text(encoding="utf-8"), base_url=BASE_CSS.as_uri(),
               url_fetcher=safe_fetcher([TEMPLATES_DIR]), font_config=_font_config())


@functools.lru_cache(maxsize=32)
def _brand_css(brand_key: str, root: str, css_text: str) -> Any:
    from weasyprint import CSS

    return CSS(string=css_text, base_url=Path(root).as_uri() + "/",
               url_fetcher=safe_fetcher([Path(root), TEMPLATES_DIR]), font_config=_font_config())


def stylesheets(brand: Brand, lang: str) -> list[Any]:
    from audit.render.html import render_brand_css

    css_text = render_brand_css(brand, lang)
    return [_base_css(), _brand_css(f"{brand.source}|{lang}", str(brand.root), css_text)]


# A tagged PDF (headings, tables, reading order, alt texts) identified as PDF/UA-1 in its XMP
# metadata, so that screen readers can follow the report. Benchmarks pass the same options to
# "WeasyPrint alone", so their ratios compare like with like.
PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}
# For archiving: PDF/A-3u (fonts embedded, Unicode text, sRGB output intent), still tagged.
ARCHIVE_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/a-3u"}


def open_bookmarks(document: Any, pdf: Any) -> None:
    """Finisher: the viewer opens with the bookmarks panel showing (first level unfolded,
    set in the CSS with bookmark-state) and the document title in its title bar."""
    pdf.catalog["PageMode"] = "/UseOutlines"


SUMMARY_TAG = '<section class="chapter summary"'
MIN_PAGE_FILL = 0.4  # no page but the last may be emptier than this (issue 10)
MAX_PAGES = re.compile(r'<body[^>]*\bdata-max-pages="(\d+)"')
# A report whose last page would hold only a few rows of the appendix is laid out once more
# with those rows a little smaller, kept when that saves the page.
LAST_PAGE_MIN_FILL = 0.15


def _holds_summary(box: Any, depth: int = 0) -> bool:
    element = getattr(box, "element", None)
    if element is not None and element.tag == "section":
        return "summary" in (element.get("class") or "").split()
    return depth < 3 and any(_holds_summary(child, depth + 1) for child in getattr(box, "children", []))


def lay_out(html: str, brand: Brand, lang: str, options: dict[str, Any] | None = None) -> Any:
    """The report laid out into pages (a `weasyprint.Document`), ready to write.

    Page 2 (about the client) stands on a page of its own. When the client's words and the
    consultant's conclusion are too long for it, the rest runs onto page 3, and that page would
    hold only those lines; when there is little to say (a strong company, no advice, no
    conclusion), page 2 would be less than 40% full. Either way the report is laid out once
    more with the next chapter following on (class `runs-on`), so no page is left half empty.
    A report longer than the most pages its `<body data-max-pages>` allows (by the company's
    level, report_templates/layout.yaml) is laid out once more compact; one whose last page
    holds only a few rows of the appendix, once more with those rows tighter. Either is kept
    only when it has fewer pages."""
    from weasyprint import HTML

    from audit.render.fill import fill_of_page

    options = PDF_OPTIONS if options is None else options
    fetcher = safe_fetcher([brand.root, TEMPLATES_DIR])

    def render(text: str) -> Any:
        return HTML(string=text, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets(brand, lang), font_config=_font_config(), cache=_image_cache(),
            **options)

    def runs_on(document: Any) -> bool:
        return len(document.pages) > 2 and (_holds_summary(document.pages[2]._page_box)
                                            or fill_of_page(document.pages[1]) < MIN_PAGE_FILL)

    def with_runs_on(text: str) -> str:
        return text.replace(SUMMARY_TAG, SUMMARY_TAG[:-1] + ' runs-on"', 1)

    document = render(html)
    if runs_on(document):
        html = with_runs_on(html)
        document = render(html)
    limit = MAX_PAGES.search(html)
    squeeze = None
    if limit and len(document.pages) > int(limit.group(1)):
        squeeze = "compact"  # body text 9 pt, answer rows 8.2 pt
    elif limit and fill_of_page(document.pages[-1]) < LAST_PAGE_MIN_FILL:
        squeeze = "tight"  # the appendix's answer rows 8.2 pt
    if squeeze:
        squeezed_html = html.replace("<body", f'<body class="{squeeze}"', 1)
        squeezed = render(squeezed_html)
        if ' runs-on"' not in html and runs_on(squeezed):
            squeezed = render(with_runs_on(squeezed_html))
        if len(squeezed.pages) < len(document.pages):
            document = squeezed
    return document


def write_pdf(html: str, brand: Brand, out: Path, lang: str | None = None,
              archive: bool = False) -> None:
    """Print finished report HTML to `out`; reads only the brand kit and the report templates.

    `archive` makes a PDF/A-3u file instead of the default PDF/UA-1."""
    if lang is None:
        import re

        match = re.search(r'<html[^>]*\blang="([\w-]+)"', html)
        lang = match.group(1) if match else "nl"
    options = ARCHIVE_OPTIONS if archive else PDF_OPTIONS
    document = lay_out(html, brand, lang, options)
    with atomic_path(out) as tmp:
        document.write_pdf(tmp, uncompressed_pdf=False, finisher=open_bookmarks, **options)


def render_report_pdf(assessment: Any, brand: Brand, out: Path, archive: bool = False) -> None:
    """Assessment -> HTML -> PDF at `out` (PDF/UA-1, or PDF/A-3u with `archive`)."""
    from audit.render.html import render_report_html

    write_pdf(render_report_html(assessment, brand), brand, Path(out), lang=assessment.language,
              archive=archive)
