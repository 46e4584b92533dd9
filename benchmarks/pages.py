"""Page benchmark: the report on made-up companies nobody has tuned it to.

    python benchmarks/pages.py [--seed 1] [--companies 12] [--langs nl,nl-BE,en] [--kits dark,light,made-up]
    python benchmarks/pages.py --seed 7 --pdf /tmp/me-pages   # also write each PDF, to look at

Companies come from `audit/render/simulate.py` (seeded: the same --seed gives the same
companies; another seed gives new ones): maturity from not on social media to strong,
sectors and sizes, short and very long free texts, few and many channels, Dutch and Flemish.
Each is rendered in every language with the dark example kit (koers-digitaal), the light one
(zonnig-advies) and a made-up kit with a light accent and a long footer (written to a
temporary folder).

Per case: pages, the fill of each page (audit/render/fill.py), the lowest fill of a page that
is not the last, whether page 2 holds the whole summary, the lowest contrast of any text
against what it is printed on (read from the laid-out boxes), whether the footer fits, and
language lint hits (plurals with 1, Dutch-only terms in Flemish). Then a summary: medians and
how many cases miss each goal. Goals (issue 10): about 11 pages for a weak company (level
1-2: 9 to 13), about 8 for a strong one (level 4-5: 7 to 9); no page under 40% full except the
last; text at WCAG AA (4.5:1, large text 3:1); footer on at most two lines inside the page;
no text printed over other text; no heading (or the appendix's head row) alone at a page end.
Asserts nothing; prints figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KITS = {"dark": ROOT / "examples" / "brands" / "koers-digitaal",
        "light": ROOT / "examples" / "brands" / "zonnig-advies"}
MADE_UP_KIT = """\
name: Bureau Oranjeboom & Geel Communicatieadvies
logo: logo.svg
colours:
  primary: "#2f7f9e"
  accent: "#ffc20e"
font:
  family: Liberation Sans
  fallbacks: [DejaVu Sans, sans-serif]
contact:
  email: info@oranjeboom-geel.example
  phone: "+31 20 555 12 34"
  website: https://www.oranjeboom-geel.example/social-media-audit
  address: Keizersgracht 1234-A, 1015 CX Amsterdam
footer:
  nl: "Bureau Oranjeboom & Geel Communicatieadvies B.V. · Keizersgracht 1234-A, 1015 CX Amsterdam ·
    KvK 12345678 · btw NL001234567B01 · IBAN NL00 BANK 0123 4567 89 · Op al onze diensten zijn onze
    algemene voorwaarden van toepassing, te vinden op onze website"
  en: "Bureau Oranjeboom & Geel Communicatieadvies B.V. · Keizersgracht 1234-A, 1015 CX Amsterdam ·
    Chamber of Commerce 12345678 · VAT NL001234567B01 · IBAN NL00 BANK 0123 4567 89 · Our general
    terms and conditions apply to all our services and can be found on our website"
"""
MADE_UP_LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60">'
                '<rect width="60" height="60" rx="12" fill="#ffc20e"/><circle cx="30" cy="30" r="14" '
                'fill="#2f7f9e"/><text x="72" y="38" font-size="20" fill="#2f7f9e">Oranjeboom</text></svg>')

LINT = {
    "plural after 1": (None, re.compile(
        r"(?<![\d,.])1 (mensen|people|persons|hours|uren|medewerkers|werknemers|employees|berichten|"
        r"posts|kanalen|channels|platforms|weken|weeks|dagen|days)\b")),
    "Dutch-only term in Flemish": ("nl-BE", re.compile(r"\b(fte|mkb|webcare\w*|directeur)\b", re.I)),
    "Flemish term in Dutch": ("nl", re.compile(r"\b(VTE|kmo'?s?|zaakvoerders?)\b")),
    "formal address (u/uw) in Dutch": ("nl*", re.compile(r"\b(u|uw|U|Uw)\b(?!\.)")),  # not U.A.
    "a term not ours (adviseur, misverstand, onderdeel)": (
        "nl*", re.compile(r"\b(consultants?|misvatting(en)?|bevinding(en)?|dimensies?)\b", re.I)),
    "a term not ours (consultant, misconception, dimension)": (
        "en", re.compile(r"\b(advis[eo]rs?|misunderstandings?|myths?|findings)\b", re.I)),
    "missing text or placeholder": (None, re.compile(r"\[[a-z]+_[a-z_]+\]|\{[a-z_]+\}")),
}
# an answer printed as a bare "4 of 5", without what 1 and 5 mean (evidence and appendix rows)
BARE_SCALE = re.compile(r'<span class="a[^"]*">\s*[1-5] (?:van|of|sur|von) 5\s*<')


@dataclass
class Case:
    company: str
    level: int | None
    lang: str
    kit: str
    pages: int = 0
    fills: list[float] = field(default_factory=list)
    summary_fits: bool = True
    min_contrast: float = 21.0
    low_contrast: list[str] = field(default_factory=list)
    footer_lines: int = 0
    footer_inside: bool = True
    header_clash: bool = False
    overlaps: list[str] = field(default_factory=list)
    stranded: list[str] = field(default_factory=list)
    squeezed: str = ""  # laid out once more "compact" or "tight" (audit/render/pdf.py: lay_out)
    lint: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def kind(self) -> str:
        if self.level is None or self.level <= 2:
            return "weak"
        return "strong" if self.level >= 4 else "middle"

    @property
    def lowest(self) -> tuple[int, float]:
        """(page number, fill) of the emptiest page that is not the last."""
        if len(self.fills) < 2:
            return 0, 1.0
        return min(((i + 1, f) for i, f in enumerate(self.fills[:-1])), key=lambda t: t[1])

    @property
    def pages_ok(self) -> bool:
        low, high = {"weak": (9, 13), "strong": (7, 9), "middle": (7, 13)}[self.kind]
        return low <= self.pages <= high


def made_up_kit(folder: Path) -> Path:
    kit = folder / "oranjeboom"
    kit.mkdir()
    (kit / "brand.yaml").write_text(MADE_UP_KIT, encoding="utf-8")
    (kit / "logo.svg").write_text(MADE_UP_LOGO, encoding="utf-8")
    return kit


def lay_out(html: str, brand: Any, lang: str) -> Any:
    """The report's pages as `smaudit report` lays them out (before that function existed,
    in a checkout of an older version: one plain WeasyPrint layout, as it then was)."""
    try:
        from audit.render.pdf import lay_out as report_layout
    except ImportError:
        from weasyprint import HTML

        from audit.render import TEMPLATES_DIR
        from audit.render.pdf import PDF_OPTIONS, _font_config, stylesheets

        return HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/").render(
            stylesheets=stylesheets(brand, lang), font_config=_font_config(), **PDF_OPTIONS)
    return report_layout(html, brand, lang)


def _strings(node: Any) -> list[str]:
    """The free texts in an answers mapping (option values such as `no` are left out)."""
    if isinstance(node, dict):
        return [t for value in node.values() for t in _strings(value)]
    if isinstance(node, list):
        return [t for value in node for t in _strings(value)]
    return [node] if isinstance(node, str) and " " in node.strip() else []


def _body_class(document: Any) -> str:
    """The class the report's body was laid out with: "compact", "tight" or ""."""
    stack = [document.pages[-1]._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and element.tag == "body":
            return " ".join(c for c in (element.get("class") or "").split() if c in ("compact", "tight"))
        stack.extend(getattr(box, "children", []) or [])
    return ""


def measure(q: Any, company: Any, lang: str, kit_name: str, brand: Any, pdf_dir: Path | None) -> Case:
    from audit.answers import from_mapping
    from audit.assess import assess
    from audit.render.fill import page_fill
    from audit.render.html import render_report_html
    from audit.render.layout_check import footer_fit, header_clash, read_page, stranded_head, text_overlaps
    from audit.render.pdf import PDF_OPTIONS
    from audit.strings import strings

    answers, problems = from_mapping(q, company.data)
    if problems:
        raise SystemExit(f"{company.key}: generated answers refused: {problems}")
    start = time.perf_counter()
    assessment = assess(q, answers, lang)
    html = render_report_html(assessment, brand)
    document = lay_out(html, brand, lang)  # as `report` lays it out before writing the PDF
    seconds = time.perf_counter() - start
    case = Case(company=company.key, level=(assessment.level or {}).get("number"), lang=lang,
                kit=kit_name, pages=len(document.pages), fills=page_fill(document), seconds=seconds)
    case.squeezed = _body_class(document)
    s = strings(lang)
    page_texts = []
    for number, page in enumerate(document.pages, 1):
        text, runs, footers = read_page(page._page_box)
        page_texts.append(" ".join(text.split()))
        for ratio, needed, run in runs:
            case.min_contrast = min(case.min_contrast, ratio)
            if ratio < needed - 0.005:
                case.low_contrast.append(f"{ratio:.2f}:1 {run[:30]!r}")
        lines, inside = footer_fit(footers, page._page_box)
        case.footer_lines = max(case.footer_lines, lines)
        case.footer_inside = case.footer_inside and inside
        case.header_clash = case.header_clash or header_clash(page._page_box)
        case.overlaps += [f"p{number} {a!r} over {b!r}"
                          for a, b in text_overlaps(page._page_box)]
        head = stranded_head(page._page_box) if number < len(document.pages) else ""
        case.stranded += [f"p{number} ends with {head!r}"] if head else []
    # page 2 holds the whole summary: the scores start on page 3, above anything else there
    # (else the summary ran on, and the scores follow below its end on page 3)
    starts = [i for i, t in enumerate(page_texts) if s["report_dimensions"] in t]
    case.summary_fits = bool(starts) and starts[0] == 2 and page_texts[2].find(
        s["report_dimensions"]) < len(brand.name) + len(company.data["company"]["name"]) + 20
    flat = " ".join(page_texts)
    # not linted: the kit's own words, the client's and the consultant's, and the titles of
    # the sources (cited as published)
    quoted = [brand.footer_text(lang), brand.name, *_strings(company.data),
              *(src["title"] for src in assessment.sources)]
    for own in sorted(quoted, key=len, reverse=True):
        flat = flat.replace(" ".join(own.split()), " ") if own else flat
    for name, (only, pattern) in LINT.items():
        if only is None or only == lang or (only == "nl*" and lang.startswith("nl")):
            case.lint += [f"{name}: {m.group(0)!r}" for m in pattern.finditer(flat)]
    case.lint += [f"scale answer without its labels: {m.group(0)!r}" for m in BARE_SCALE.finditer(html)]
    if pdf_dir is not None:
        document.write_pdf(pdf_dir / f"{company.key}-{lang}-{kit_name}.pdf", **PDF_OPTIONS)
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="which made-up companies (default 1)")
    parser.add_argument("--companies", type=int, default=12)
    parser.add_argument("--langs", default="nl,nl-BE,en")
    parser.add_argument("--kits", default="dark,light,made-up")
    parser.add_argument("--pdf", type=Path, help="also write every PDF into this folder")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args()

    from audit.answers import from_mapping
    from audit.assess import assess
    from audit.brand import contrast_check, load_brand
    from audit.load import load_questionnaire
    from audit.render.simulate import make_company, with_finding_remarks

    q = load_questionnaire()
    if args.pdf:
        args.pdf.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        kits = {**KITS, "made-up": made_up_kit(Path(tmp))}
        brands = {name: load_brand(kits[name]) for name in args.kits.split(",")}
        print(f"seed {args.seed}: {args.companies} companies x {args.langs} x {args.kits}")
        for name, brand in brands.items():
            warnings, notes = contrast_check(brand)
            print(f"kit {name} ({brand.name}): {len(warnings)} contrast warning(s), {len(notes)} note(s)")
            for line in warnings + notes:
                print(f"    {line}")
        cases: list[Case] = []
        for i in range(args.companies):
            seed = args.seed * 1000 + i
            company = make_company(q, seed)
            answers, _ = from_mapping(q, company.data)
            with_finding_remarks(company, [f.id for f in assess(q, answers, "nl").findings], seed)
            for lang in args.langs.split(","):
                for kit_name, brand in brands.items():
                    case = measure(q, company, lang, kit_name, brand, args.pdf)
                    cases.append(case)
                    if not args.quiet:
                        page, low = case.lowest
                        flags = [] if case.summary_fits else ["page 2 runs on"]
                        if case.low_contrast:
                            flags.append(f"{len(case.low_contrast)} text run(s) under AA")
                        if case.header_clash:
                            flags.append("header texts overlap")
                        if case.overlaps:
                            flags.append(f"text printed over text: {case.overlaps[0]}")
                        if case.stranded:
                            flags.append(f"heading alone at a page end: {case.stranded[0]}")
                        if case.footer_lines > 2 or not case.footer_inside:
                            off = "" if case.footer_inside else " off the page"
                            flags.append(f"footer {case.footer_lines} lines{off}")
                        flags += case.lint
                        print(f"{case.company:16} L{case.level} {lang:5} {kit_name:7} {case.pages:2} p"
                              f"{'' if case.pages_ok else '!'}  lowest p{page} {low:4.0%}"
                              f"{'!' if low < 0.4 else ' '} last {case.fills[-1]:4.0%}  "
                              f"contrast {case.min_contrast:4.1f}  "
                              f"fills {' '.join(f'{f * 100:.0f}' for f in case.fills)}"
                              + (f"  << {'; '.join(flags)}" if flags else ""))
    summarize(cases)


def summarize(cases: list[Case]) -> None:
    seconds = statistics.median(c.seconds for c in cases)
    print(f"\nsummary over {len(cases)} renders "
          f"({len({c.company for c in cases})} companies; median render {seconds:.2f} s)")
    for kind in ("weak", "middle", "strong"):
        group = [c for c in cases if c.kind == kind]
        if group:
            pages = [c.pages for c in group]
            print(f"  {kind:6} ({len(group):3} renders): pages median {statistics.median(pages):g}, "
                  f"range {min(pages)}-{max(pages)}; outside the goal: {sum(not c.pages_ok for c in group)}")
    for kit in sorted({c.kit for c in cases}):
        for lang in sorted({c.lang for c in cases}):
            group = [c for c in cases if c.kit == kit and c.lang == lang]
            print(f"  {kit:7} {lang:5}: pages median {statistics.median(c.pages for c in group):g}, "
                  f"lowest non-last fill median {statistics.median(c.lowest[1] for c in group):.0%}, "
                  f"min {min(c.lowest[1] for c in group):.0%}")
    for kind in ("compact", "tight"):
        print(f"  laid out once more {kind}: {sum(c.squeezed == kind for c in cases)} of {len(cases)}")
    lowest = [c.lowest[1] for c in cases]
    print(f"  lowest non-last fill: median {statistics.median(lowest):.0%}, min {min(lowest):.0%}")
    goals = [
        ("page count (weak 9-13, strong 7-9, middle 7-13)", [c for c in cases if not c.pages_ok]),
        ("a page under 40% full that is not the last", [c for c in cases if c.lowest[1] < 0.4]),
        ("(not a goal) page 2 runs on: long client texts, the scores follow on page 3",
         [c for c in cases if not c.summary_fits]),
        ("text under WCAG AA contrast", [c for c in cases if c.low_contrast]),
        ("footer over 2 lines or off the page",
         [c for c in cases if c.footer_lines > 2 or not c.footer_inside]),
        ("running header: brand and client name overlap", [c for c in cases if c.header_clash]),
        ("text printed over other text (e.g. a row split over two pages)", [c for c in cases if c.overlaps]),
        ("a heading or table head alone at a page end", [c for c in cases if c.stranded]),
        ("language lint hits", [c for c in cases if c.lint]),
    ]
    print("\ncases missing a goal:")
    for name, bad in goals:
        example = f"   e.g. {bad[0].company} {bad[0].lang} {bad[0].kit}" if bad else ""
        print(f"  {len(bad):4} / {len(cases)}  {name}{example}")


if __name__ == "__main__":
    main()
