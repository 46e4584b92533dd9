"""Charts as small hand-written SVG (basic shapes and text, which WeasyPrint and browsers draw
alike). An unknown score (None) is drawn as "unknown", never as zero.

`bars_svg` takes dimension results (objects or dicts with `name` and `score`, and optionally
`weak`) and returns an SVG string; colours come from the brand (validated hex) or the defaults.

The PDF report draws the dimension names beside the chart as HTML text (`names=False`,
`label_lines`): WeasyPrint's SVG renderer lays out and draws every letter of an SVG text on its
own, which made the names alone cost more than a page of paragraphs.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape, quoteattr

DEFAULT_PRIMARY = "#2b3a4a"
DEFAULT_ACCENT = "#337a7a"  # the default kit's accent (report_templates/brands/default)
GRID = "#d5dbe1"
MUTED = "#8a96a3"
TEXT = "#2d3640"
FONT = "Lato, 'DejaVu Sans', sans-serif"


def _get(item: Any, key: str, default: Any = None) -> Any:
    return item.get(key, default) if isinstance(item, dict) else getattr(item, key, default)


def _colours(brand: Any) -> tuple[str, str, str]:
    if brand is None:
        return DEFAULT_PRIMARY, DEFAULT_ACCENT, FONT
    return brand.primary, brand.accent, brand.font_stack().replace('"', "'")


def _fmt(value: float) -> str:
    return f"{value:.0f}"


NAME_WIDTH = 26  # characters per line of a dimension name


def label_lines(name: str) -> list[str]:
    """A dimension name as the chart sets it: one line, or two of about equal length."""
    return _lines(str(name), NAME_WIDTH)


def _lines(name: str, width: int) -> list[str]:
    """Split a label into at most two lines of about `width` characters."""
    if len(name) <= width or " " not in name:
        return [name]
    words = name.split()
    best = min(range(1, len(words)),
               key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _score_text(score: float | None, unknown_label: str) -> str:
    return unknown_label if score is None else f"{score:.0f}"


# the geometry in SVG units, shared with the HTML names beside the chart (report.css)
LABEL_W, ROW_H, TOP = 190, 26, 8


def bars_svg(dimensions: list[Any], brand: Any = None, *, unknown_label: str = "unknown",
             width: int = 620, title: str = "", not_applicable_label: str = "",
             names: bool = True) -> str:
    """Horizontal bars of the dimension scores (0-100); weak dimensions in the accent colour.

    Without `names` the SVG holds only the plot (from x = LABEL_W + 5, so that the names can
    stand beside it, right-aligned, in rows of ROW_H from TOP)."""
    primary, accent, font = _colours(brand)
    label_w, row_h, top = LABEL_W, ROW_H, TOP
    track_x, track_w = label_w + 10, width - label_w - 60
    height = top + row_h * len(dimensions) + 22
    x0 = 0 if names else label_w + 5
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" width="{width - x0}" '
           f'height="{height}" viewBox="{x0} 0 {width - x0} {height}" role="img" '
           f'font-family={quoteattr(font)}>']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    bottom = top + row_h * len(dimensions)
    for tick in (0, 20, 40, 60, 80, 100):
        x = track_x + track_w * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{GRID}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 15:.1f}" text-anchor="middle" font-size="10" '
                   f'fill="{MUTED}">{tick}</text>')
    for i, dim in enumerate(dimensions):
        score = _get(dim, "score")
        y = top + row_h * i
        lines = label_lines(_get(dim, "name", "")) if names else []
        base = y + row_h / 2 + 4 - 7 * (len(lines) - 1)
        for k, line in enumerate(lines):
            out.append(f'<text x="{label_w:.1f}" y="{base + 14 * k:.1f}" text-anchor="end" font-size="12" '
                       f'fill="{TEXT}">{escape(line)}</text>')
        bar_y, bar_h = y + 5, row_h - 10
        if score is None:
            out.append(f'<rect x="{track_x}" y="{bar_y}" width="{track_w}" height="{bar_h}" fill="none" '
                       f'stroke="{MUTED}" stroke-width="1" stroke-dasharray="4,3" rx="3"/>')
            label = (not_applicable_label if _get(dim, "status", "") == "not_applicable"
                     and not_applicable_label else unknown_label)
            out.append(f'<text x="{track_x + 8}" y="{bar_y + bar_h - 4}" font-size="11" font-style="italic" '
                       f'fill="{MUTED}">{escape(label)}</text>')
            continue
        colour = accent if _get(dim, "weak", False) else primary
        w = max(track_w * float(score) / 100, 2)
        out.append(f'<rect x="{track_x}" y="{bar_y}" width="{w:.1f}" height="{bar_h}" '
                   f'fill="{colour}" rx="3"/>')
        out.append(f'<text x="{track_x + w + 6:.1f}" y="{bar_y + bar_h - 4}" font-size="12" '
                   f'font-weight="bold" fill="{TEXT}">{_fmt(float(score))}</text>')
    out.append("</svg>")
    return "".join(out)
