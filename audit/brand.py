"""Brand kits: the consultancy's name, logo, colours, font and contact details for the report.

A kit is a folder holding `brand.yaml` and a logo. Everything is validated on load (colours
are hex, font names are plain words), so nothing a kit says can inject CSS or reach outside
its own folder; errors name the brand file and the field.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from audit import locate
from audit.errors import InputError

DEFAULT_BRAND_DIR = locate.templates_dir() / "brands" / locate.DEFAULT_BRAND
BRAND_FILE = locate.BRAND_FILE
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_FONT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,59}")
GENERIC_FONTS = {"serif", "sans-serif", "monospace"}


def _hex_colour(value: str) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a hex colour like #1a5f7a")
    value = value.strip().lower()
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def _font_name(value: str) -> str:
    if not isinstance(value, str) or not _FONT.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a font family name (letters, digits, spaces and hyphens)")
    return value.strip()


Colour = Annotated[str, AfterValidator(_hex_colour)]
FontName = Annotated[str, AfterValidator(_font_name)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: str = ""
    phone: str = ""
    website: str = ""
    address: str = ""


class Colours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    primary: Colour = "#1f3a5f"
    accent: Colour = "#e07a1f"


class Font(BaseModel):
    model_config = ConfigDict(extra="forbid")

    family: FontName = "Lato"
    fallbacks: list[FontName] = Field(default_factory=lambda: ["DejaVu Sans", "sans-serif"])


class Brand(BaseModel):
    """A validated brand kit; `root` is the kit folder, the only folder the PDF may read
    besides the report templates."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    logo: str
    colours: Colours = Field(default_factory=Colours)
    font: Font = Field(default_factory=Font)
    contact: Contact = Field(default_factory=Contact)
    footer: str | dict[str, str] = ""  # one text, or one per language: {nl: ..., en: ...}
    # The report language when neither --lang nor the answers file names one, e.g. nl-BE for
    # a Flemish consultancy (precedence: see `report_language`).
    language: str | None = None
    root: Path = Path(".")
    source: str = ""

    @property
    def logo_path(self) -> Path:
        return (self.root / self.logo).resolve()

    def footer_text(self, lang: str) -> str:
        if isinstance(self.footer, dict):
            return self.footer.get(lang) or next(iter(self.footer.values()), "")
        return self.footer

    @property
    def primary(self) -> str:
        return self.colours.primary

    @property
    def accent(self) -> str:
        return self.colours.accent

    def font_stack(self) -> str:
        """The CSS font-family value; every name was validated, so quoting is safe."""
        names = [self.font.family, *self.font.fallbacks]
        if not any(n in GENERIC_FONTS for n in names):
            names.append("sans-serif")
        return ", ".join(n if n in GENERIC_FONTS else f'"{n}"' for n in names)

    def logo_data_uri(self) -> str:
        """The logo as a data: URI (for the web pages, which have no access to the kit folder)."""
        data = self.logo_path.read_bytes()
        mime = LOGO_TYPES.get(self.logo_path.suffix.lower()) or mimetypes.guess_type(self.logo)[0]
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


# ---------------------------------------------------------------- contrast (WCAG 2.x)

MIN_TEXT_CONTRAST = 4.5  # WCAG AA for normal-size text
WHITE = "#ffffff"
INK = "#1b2229"  # the report's darkest text colour, used on light brand colours
PAPER_TINT = "#f4f6f8"  # the lightest background the report prints brand colours on


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """The text colour for labels on `background`: white when it reaches AA, else the
    report's dark ink, else black. White or black always reaches at least 4.58:1."""
    for candidate in (WHITE, INK, "#000000"):
        if contrast(candidate, background) >= MIN_TEXT_CONTRAST:
            return candidate
    return max((WHITE, "#000000"), key=lambda c: contrast(c, background))


def _mix(colour: str, other: str, share: float) -> str:
    parts = []
    for i in (1, 3, 5):
        a, b = int(colour[i:i + 2], 16), int(other[i:i + 2], 16)
        parts.append(round(a + (b - a) * share))
    return "#" + "".join(f"{p:02x}" for p in parts)


def readable_on_paper(colour: str) -> str:
    """`colour` itself when text in it reads on white and on the light tint; otherwise the
    same hue darkened just enough (so a yellow accent still looks like the brand)."""
    for step in range(0, 21):
        candidate = _mix(colour, "#000000", step * 0.05)
        if min(contrast(candidate, WHITE), contrast(candidate, PAPER_TINT)) >= MIN_TEXT_CONTRAST:
            return candidate
    return INK


def palette(brand: Brand) -> dict[str, str]:
    """The colours the report's CSS uses, each text colour chosen by contrast."""
    return {
        "primary": brand.primary,
        "accent": brand.accent,
        "on_primary": text_on(brand.primary),
        "on_accent": text_on(brand.accent),
        "primary_text": readable_on_paper(brand.primary),
        "accent_text": readable_on_paper(brand.accent),
    }


def _ratio(value: float) -> str:
    """A contrast ratio for a message: one decimal, two where one would round up to the limit
    (4.47 is never said as 4.5)."""
    if value < MIN_TEXT_CONTRAST and round(value, 1) >= MIN_TEXT_CONTRAST:
        return f"{int(value * 100) / 100:.2f}"
    return f"{value:.1f}"


def contrast_check(brand: Brand) -> tuple[list[str], list[str]]:
    """(warnings, notes) about a brand kit's colours as the report uses them.

    A warning: the colour itself cannot carry text (under WCAG AA, 4.5:1, on white), so the
    report prints text "in" that colour in a darker shade of it. A note: labels on the colour
    are printed dark because white does not reach AA on it. Each names the field, the colour
    and the ratios, so the kit's owner can pick colours that work as they are."""
    warnings, notes = [], []
    for name, colour in (("primary", brand.primary), ("accent", brand.accent)):
        readable = readable_on_paper(colour)
        if readable != colour:
            on_white, on_tint = contrast(colour, WHITE), contrast(colour, PAPER_TINT)
            where = f"{_ratio(on_white)}:1 on white"
            if on_white >= MIN_TEXT_CONTRAST:
                where += f" but {_ratio(on_tint)}:1 on the report's light grey boxes"
            warnings.append(f"colours.{name} {colour} is {where}, under the {MIN_TEXT_CONTRAST}:1 text "
                            f"needs; text in it is printed in the darker {readable} "
                            f"({contrast(readable, WHITE):.1f}:1)")
        on = text_on(colour)
        if on != WHITE:
            notes.append(f"colours.{name} {colour}: white text on it is only "
                         f"{contrast(WHITE, colour):.1f}:1, so labels on it are printed dark "
                         f"({contrast(on, colour):.1f}:1)")
    return warnings, notes


# ---------------------------------------------------------------- the footer on every page

FOOTER_WIDTH_MM = 148.0  # 85% of the A4 text width (report.css); the page number has the rest
FOOTER_SIZES_PT = (7.5, 7.0, 6.5)  # the footer's size, the largest that fits on two lines
FOOTER_MAX_LINES = 2
# The average width of a character of Dutch/English running text, in em, measured per font
# (regular weight); a font not listed counts as the widest common one, so that a footer
# estimated to fit does fit.
CHAR_WIDTH_EM = {"lato": 0.48, "dejavu sans": 0.55, "dejavu serif": 0.56, "dejavu sans condensed": 0.49,
                 "liberation sans": 0.49, "arial": 0.49, "helvetica": 0.49, "liberation serif": 0.45,
                 "times new roman": 0.45}
WIDEST_EM = 0.56


def footer_lines(text: str, size_pt: float, font: str = "") -> int:
    """How many lines `text` takes in the footer at `size_pt` in `font` (an estimate)."""
    width_em = CHAR_WIDTH_EM.get(font.lower(), WIDEST_EM)
    per_line = FOOTER_WIDTH_MM / (width_em * size_pt * 25.4 / 72)
    words, lines, used = text.split(), 1, 0.0
    for word in words:
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, float(len(word))
        else:
            used += len(word) + (1 if used else 0)
    return lines if words else 0


def footer_size(text: str, font: str = "") -> float:
    """The footer's font size: the largest of FOOTER_SIZES_PT at which it takes at most two
    lines (so it stays inside the bottom margin, clear of the page number), else the smallest."""
    for size in FOOTER_SIZES_PT:
        if footer_lines(text, size, font) <= FOOTER_MAX_LINES:
            return size
    return FOOTER_SIZES_PT[-1]


def footer_check(brand: Brand) -> list[str]:
    """Warnings for footers too long for two lines even at the smallest size, per language."""
    texts = brand.footer if isinstance(brand.footer, dict) else {"": brand.footer}
    warnings = []
    for lang, text in texts.items():
        lines = footer_lines(text, FOOTER_SIZES_PT[-1], brand.font.family)
        if lines > FOOTER_MAX_LINES:
            field = f"footer.{lang}" if lang else "footer"
            per_line = FOOTER_WIDTH_MM / (CHAR_WIDTH_EM.get(brand.font.family.lower(), WIDEST_EM)
                                          * FOOTER_SIZES_PT[-1] * 25.4 / 72)
            warnings.append(f"{field} is {len(text)} characters: in {brand.font.family} it takes "
                            f"about {lines} lines at the bottom of every page, even at "
                            f"{FOOTER_SIZES_PT[-1]:g} pt; keep it to {FOOTER_MAX_LINES} lines "
                            f"(about {int(per_line * FOOTER_MAX_LINES * 0.95)} characters)")
    return warnings


def _loc(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def parse_brand(data: Any, brand_file: Path) -> Brand:
    source = str(brand_file)
    if not isinstance(data, dict):
        raise InputError(source, "a brand file must hold a mapping with name, logo, colours, font, contact")
    for key in ("root", "source"):
        if key in data:
            raise InputError(source, f"{key}: unknown field")
    root = brand_file.resolve().parent
    try:
        brand = Brand.model_validate({**data, "root": root, "source": source})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{_loc(tuple(err['loc']))}: {msg}" if err["loc"] else msg)
        raise InputError(source, problems) from None
    if brand.language is not None:
        from audit import languages

        if brand.language not in languages.available():
            known = ", ".join(sorted(languages.available()))
            raise InputError(source, f"language: {brand.language!r} is not a known language ({known})")
    logo = Path(brand.logo)
    if logo.suffix.lower() not in LOGO_TYPES:
        raise InputError(source, f"logo: {brand.logo!r} must be an SVG or PNG file")
    resolved = (root / logo).resolve()
    if not resolved.is_relative_to(root):
        raise InputError(source, f"logo: {brand.logo!r} must be inside the brand folder {root}")
    if not resolved.is_file():
        raise InputError(source, f"logo: file {brand.logo!r} not found in {root}")
    return brand


def report_language(explicit: str | None, answers_language: str | None,
                    brand: Brand | None) -> str:
    """The language a report (or interview) is written in, first one given wins:
    `--lang` on the command line (this run), the answers file's `language` (this client),
    the brand kit's `language` (the consultancy's house language, e.g. nl-BE), else nl."""
    return explicit or answers_language or (brand.language if brand else None) or "nl"


def brand_file_for(path: str | Path | None) -> Path:
    """A kit folder, its brand.yaml, or a kit name on the search path (see audit.locate)."""
    return locate.brand_file(path)


def load_brand(path: str | Path | None = None) -> Brand:
    """Load a brand kit (a folder, its brand.yaml or a kit name); None gives the neutral default brand."""
    from audit.load import read_data

    brand_file = brand_file_for(path)
    if not brand_file.is_file():
        raise InputError(str(brand_file), "brand file not found (a brand kit is a folder with brand.yaml)")
    return parse_brand(read_data(brand_file), brand_file)
