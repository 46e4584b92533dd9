"""How full each page of a laid-out report is: the check behind "no page under 40% full".

WeasyPrint lays the document out into page boxes; a page's fill is the bottom of its lowest
piece of content (text, image, table row) measured from the top of the page's content area,
as a share of that area's height. Running headers and footers live in margin boxes and do
not count.
"""

from __future__ import annotations

from typing import Any


def _content_bottom(box: Any) -> float | None:
    from weasyprint.formatting_structure import boxes

    bottom = None
    stack = [box]
    while stack:
        current = stack.pop()
        if isinstance(current, boxes.MarginBox):
            continue
        if isinstance(current, (boxes.TextBox, boxes.ReplacedBox, boxes.LineBox)) or (
                isinstance(current, boxes.BlockBox) and not getattr(current, "children", None)
                and current.height):
            y = current.position_y + current.margin_height()
            bottom = y if bottom is None else max(bottom, y)
        stack.extend(getattr(current, "children", []) or [])
    return bottom


def fill_of_page(page: Any) -> float:
    """The share (0-1) of one laid-out page's content area used."""
    page_box = page._page_box
    top = page_box.margin_top + page_box.padding_top + page_box.border_top_width
    height = page_box.height  # the content area; margins hold header and footer
    bottom = _content_bottom(page_box)
    return (0.0 if bottom is None or height <= 0 else
            round(min(1.0, max(0.0, (bottom - top) / height)), 3))


def page_fill(document: Any) -> list[float]:
    """Per page of a rendered `weasyprint.Document`: the share (0-1) of its content area used."""
    return [fill_of_page(page) for page in document.pages]
