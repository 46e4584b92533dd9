"""The brand's colours for the web pages, adjusted where needed to keep WCAG AA contrast."""

from __future__ import annotations

import re
from typing import Any

_HEX6 = re.compile(r"^#[0-9a-f]{6}$")
_FONT_STACK = re.compile(r'^[A-Za-z0-9 ,"\-]{1,300}$')
WHITE, INK = "#ffffff", "#1b1f24"
# The darkest background text sits on (`--soft` in style.css: the resume box, the footer, notes):
# brand-coloured text that reads on it reads on white too.
SOFT = "#f3f5f7"


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darken_until(colour: str, against: str = WHITE, ratio: float = 4.5) -> str:
    """The colour, darkened in small steps until it reads on `against` (AA for normal text)."""
    r, g, b = (round(c * 255) for c in _rgb(colour))
    for _ in range(60):
        current = f"#{r:02x}{g:02x}{b:02x}"
        if contrast(current, against) >= ratio:
            return current
        r, g, b = (int(c * 0.92) for c in (r, g, b))
    return INK


def on(colour: str) -> str:
    """White or near-black text, whichever reads better on `colour`."""
    return WHITE if contrast(colour, WHITE) >= contrast(colour, INK) else INK


def _safe(colour: Any, default: str) -> str:
    text = str(colour or "").strip().lower()
    return text if _HEX6.match(text) else default


def brand_css(brand: Any) -> str:
    """CSS custom properties only; every value is a checked hex colour (no injection possible)."""
    primary = _safe(getattr(brand, "primary", None), "#1f3a5f")
    accent = _safe(getattr(brand, "accent", None), "#e07a1f")
    primary_text = darken_until(primary, SOFT)
    accent_text = darken_until(accent, SOFT)
    font = ""
    if hasattr(brand, "font_stack"):
        stack = brand.font_stack()  # names validated by the brand loader; checked again here
        if _FONT_STACK.match(stack):
            font = f"  --brand-font: {stack};\n"
    return (":root {\n"
            f"  --primary: {primary};\n"
            f"  --on-primary: {on(primary)};\n"
            f"  --primary-text: {primary_text};\n"
            f"  --accent: {accent};\n"
            f"  --on-accent: {on(accent)};\n"
            f"  --accent-text: {accent_text};\n"
            f"{font}"
            "}\n")
