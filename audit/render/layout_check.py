"""What a reader sees on a laid-out page, read from WeasyPrint's boxes: the page's words,
the contrast of every piece of text against what it is printed on, and how many lines the
footer takes. Used by benchmarks/pages.py and the report tests (the fill of a page is in
fill.py)."""

from __future__ import annotations

from typing import Any


def _rgb(colour: Any) -> tuple[float, float, float, float]:
    if hasattr(colour, "to"):  # tinycss2's CSS Color 4 colour (WeasyPrint >= 61)
        r, g, b = colour.to("srgb").coordinates
        return (r, g, b, colour.alpha)
    return (colour.red, colour.green, colour.blue, colour.alpha)


def _lum(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])


def _ratio(a: tuple, b: tuple) -> float:
    high, low = sorted((_lum(a), _lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def read_page(page_box: Any) -> tuple[str, list[tuple[float, float, str]], list[Any]]:
    """The page's text, each text run's (contrast, needed, text) against the background it
    is printed on, and its bottom-left footer margin boxes."""
    from weasyprint.formatting_structure import boxes

    texts: list[str] = []
    runs: list[tuple[float, float, str]] = []
    footers = []
    stack: list[tuple[Any, tuple]] = [(page_box, (1.0, 1.0, 1.0))]
    while stack:
        box, background = stack.pop()
        if isinstance(box, boxes.MarginBox) and box.at_keyword == "@bottom-left":
            footers.append(box)
        colour = box.style["background_color"]
        r, g, b, alpha = _rgb(colour)
        if alpha > 0.5:
            background = (r, g, b)
        if isinstance(box, boxes.TextBox) and box.text.strip():
            texts.append(box.text)
            tr, tg, tb, _ = _rgb(box.style["color"])
            size = box.style["font_size"]  # px at 96 dpi; 18pt = 24px, 14pt = 18.67px
            bold = box.style["font_weight"] >= 700
            needed = 3.0 if size >= 24 or (bold and size >= 18.6) else 4.5
            runs.append((_ratio((tr, tg, tb), background), needed, box.text.strip()))
        for child in reversed(getattr(box, "children", []) or []):
            stack.append((child, background))
    return " ".join(texts), runs, footers


def footer_fit(footers: list[Any], page_box: Any) -> tuple[int, bool]:
    """(lines, inside the sheet) of the page's footer."""
    from weasyprint.formatting_structure import boxes

    lines, inside = 0, True
    sheet = page_box.margin_height()
    for footer in footers:
        stack = [footer]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.LineBox):
                lines += 1
                if box.position_y + box.height > sheet - 3 * 96 / 25.4:  # 3 mm from the edge
                    inside = False
            stack.extend(getattr(box, "children", []) or [])
    return lines, inside


def header_clash(page_box: Any) -> bool:
    """Whether the running header's two texts (brand left, client right) run into each other."""
    from weasyprint.formatting_structure import boxes

    extents: dict[str, list[tuple[float, float]]] = {"@top-left": [], "@top-right": []}
    for margin in page_box.children:
        if isinstance(margin, boxes.MarginBox) and margin.at_keyword in extents:
            stack = [margin]
            while stack:
                box = stack.pop()
                if isinstance(box, boxes.TextBox) and box.text.strip():
                    extents[margin.at_keyword].append((box.position_x, box.position_x + box.width))
                stack.extend(getattr(box, "children", []) or [])
    left, right = extents["@top-left"], extents["@top-right"]
    return bool(left and right) and max(end for _, end in left) > min(start for start, _ in right) - 2


def text_overlaps(page_box: Any, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of words printed over each other on the page (in px), e.g. the rest of a
    question that WeasyPrint carried to the next page on top of the row below it. Text in
    the running header and footer is left out; each text piece is compared with the pieces
    of other lines only (pieces of one line sit side by side)."""
    from weasyprint.formatting_structure import boxes

    pieces: list[tuple[float, float, float, float, int, str]] = []
    stack: list[tuple[Any, Any]] = [(page_box, None)]
    while stack:
        box, line = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        if isinstance(box, boxes.LineBox):
            line = box
        if isinstance(box, boxes.TextBox) and box.text.strip() and line is not None:
            # across: the words' own width; down: their line's height (the glyph box of large
            # type with a tight line height reaches into the next line without touching it)
            pieces.append((box.position_x, line.position_y, box.position_x + box.width,
                           line.position_y + line.height, id(line), box.text.strip()))
        stack.extend((child, line) for child in getattr(box, "children", []) or [])
    pieces.sort(key=lambda p: p[1])
    clashes = []
    for i, (x0, y0, x1, y1, line, text) in enumerate(pieces):
        for ox0, oy0, ox1, oy1, oline, other in pieces[i + 1:]:
            if oy0 >= y1 - tolerance:
                break
            if oline != line and min(x1, ox1) - max(x0, ox0) > tolerance \
                    and min(y1, oy1) - max(y0, oy0) > tolerance:
                clashes.append((text, other))
    return clashes


HEADS = ("h1", "h2", "h3")


def stranded_head(page_box: Any) -> str:
    """The text of a heading, a chapter's intro or a table's head row that ends the page, away
    from what it introduces on the next page; "" when the page ends with content."""
    from weasyprint.formatting_structure import boxes

    lowest: tuple[float, Any, str] | None = None
    stack: list[tuple[Any, Any]] = [(page_box, None)]
    while stack:
        box, block = stack.pop()
        if isinstance(box, boxes.MarginBox):
            continue
        element = getattr(box, "element", None)
        if isinstance(box, boxes.BlockContainerBox) and type(box.style).__name__ != "AnonymousStyle" \
                and element is not None and not box.is_floated() and not box.is_absolutely_positioned():
            block = box
        if isinstance(box, boxes.LineBox) and block is not None:
            bottom = box.position_y + box.height
            if lowest is None or bottom > lowest[0] + 0.5:
                text = " ".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox))
                lowest = (bottom, block, text)
        stack.extend((child, block) for child in getattr(box, "children", []) or [])
    if lowest is None:
        return ""
    _, block, text = lowest
    classes = (block.element.get("class") or "").split()
    return text.strip() if block.element.tag in HEADS or {"head", "intro"} & set(classes) else ""
