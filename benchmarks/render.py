"""Render benchmark: one full report (assess + HTML + PDF) against its plain-text floor, the
PDF size, and the start-up time of `smaudit --help`.

    python benchmarks/render.py [--runs 7] [--answers A.yaml] [--lang en] [--brand KIT]
    python benchmarks/render.py --all     # every example in examples/answers/, in nl and en
    python benchmarks/render.py --phases  # also WeasyPrint's time per phase, report and floor
    python benchmarks/render.py --explain # also the report's own HTML styled as the floor, step by step

The floor is the report's own words as plain paragraphs, in the same fonts, page size and PDF
options (tagged PDF/UA-1): what WeasyPrint needs for that much text at the least. The ratio
report / floor shows what the layout (cover, cards, tables, chart, running headers) costs.
Also printed: WeasyPrint alone on the finished report HTML (report minus assess and HTML).
--explain splits the ratio into what the report's design costs and what its content's
structure costs: the report's own HTML rendered with the floor's stylesheet instead of the
report's (no cover, colours, boxes, columns, header or footer), then also without its inline
elements (links, bold words, labels, badges; their words kept), then also with the chart's words
as a paragraph instead of the SVG plot.

Goals: report <= 1.5x its floor; PDF < 200 KB; `smaudit --help` < 0.3 s without importing
weasyprint or pandas. Prints medians of interleaved runs; asserts nothing (no timed tests).
Times are the process's CPU time (the machine is shared: other processes stretch wall time,
not the CPU a render needs); wall-clock medians are printed beside them.
"""

from __future__ import annotations

import argparse
import html as html_lib
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MINI_ANSWERS = """\
company: {name: Bakkerij De Gouden Korrel, sector: Food, consultant: Anna de Vries}
answers: {plan: none, channels: [linkedin, facebook, instagram], people: 1, hours: 2, guidelines: "no"}
notes: {plan: "Only the owner's daughter posts, at weekends."}
"""


def pick_inputs(args: argparse.Namespace, tmp: Path) -> tuple[Path | None, Path]:
    if args.answers:
        return args.questionnaire, args.answers
    examples = sorted((ROOT / "examples" / "answers").glob("*.yaml"))
    if examples and (ROOT / "questionnaires" / "social-media-audit.yaml").exists():
        return args.questionnaire, examples[0]
    answers = tmp / "answers.yaml"
    answers.write_text(MINI_ANSWERS, encoding="utf-8")
    return ROOT / "tests" / "fixtures" / "mini.yaml", answers


BLOCKS = re.compile(r"</?(?:p|div|h[1-6]|li|tr|td|th|section|table|ol|ul|blockquote|br)\b[^>]*>", re.I)


def plain_words(html: str) -> list[str]:
    """The report's visible words as paragraphs: one per block element, tags and the head gone."""
    body = html.split("<body", 1)[-1]
    # the chart's dimension names stand beside the SVG as text; they count with the chart's
    # other words, as when they were drawn inside it
    body = re.sub(r'<div class="chart-names">(.*?)</div>\s*(<svg\b.*?)</svg>',
                  lambda m: m.group(2) + "<text>" + re.sub(r"<[^>]+>", " ", m.group(1)) + "</text></svg>",
                  body, flags=re.S)
    body = re.sub(r"<svg\b.*?</svg>", lambda m: " ".join(re.findall(r">([^<>]+)<", m.group(0))),
                  body, flags=re.S)
    # the two columns of a question-and-answer row are two texts, as the table cells were:
    # the question (a span) and the answer (the row's own text, or a span in older markup)
    body = re.sub(r'<span class="q\b[^"]*">(.*?)</span>', r"<p>\1</p>", body, flags=re.S)
    body = re.sub(r'<span class="a\b[^"]*">', "<p>", body)
    parts = BLOCKS.split(body)
    paragraphs = []
    for part in parts:
        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", part)).split())
        if text:
            paragraphs.append(text)
    return paragraphs


def floor_style(font_stack: str) -> str:
    return (f"@page {{ size: A4; margin: 22mm 18mm 20mm 18mm }} html {{ font-family: "
            f"{font_stack}; font-size: 9.5pt; line-height: 1.42 }} p {{ margin: 0 0 2mm }}")


def floor_html(paragraphs: list[str], font_stack: str, lang: str) -> str:
    """The floor document: the same words, page size and font, no layout at all."""
    body = "\n".join(f"<p>{html_lib.escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>floor</title>'
            f"<style>{floor_style(font_stack)}</style></head><body>{body}</body></html>")


INLINE_TAGS = re.compile(r"</?(?:a|b|strong|em|i|span)\b[^>]*>", re.I)


def structure_steps(html: str, font_stack: str) -> list[tuple[str, str]]:
    """The report's own HTML styled as the floor, then stripped step by step (for --explain)."""
    styled = html.replace("</head>", f"<style>{floor_style(font_stack)}</style></head>", 1)
    no_inline = INLINE_TAGS.sub("", styled)
    def svg_words(svg: str) -> str:
        return " ".join(re.findall(r">([^<>]+)<", svg))

    chart_as_text = re.sub(r'<div class="chart-names">(.*?)</div>\s*(<svg\b.*?</svg>)',
                           lambda m: f"<p>{svg_words(m.group(2))} {re.sub(r'<[^>]+>', ' ', m.group(1))}</p>",
                           no_inline, flags=re.S)
    chart_as_text = re.sub(r"<svg\b.*?</svg>", lambda m: f"<p>{svg_words(m.group(0))}</p>", chart_as_text,
                           flags=re.S)
    return [("the report's HTML styled as the floor (no report CSS)", styled),
            ("  ... and no inline elements (links, bold, labels, badges)", no_inline),
            ("  ... and the chart's words as a paragraph, no SVG", chart_as_text)]


def timed(fn) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


PHASES = ("parse", "cascade", "boxes", "layout", "draw", "tags", "write")


class Phases:
    """CPU time per WeasyPrint phase, by wrapping its internal steps (WeasyPrint 70): HTML
    parse, cascade (selector matching and computed styles), box tree, layout (line breaking and
    pagination), draw (page content streams), PDF/UA tags, and the PDF write (fonts,
    compression). Only for this benchmark: internals may move in another WeasyPrint version,
    and then the split is left out, never guessed."""

    def __init__(self) -> None:
        import pydyf
        import weasyprint
        import weasyprint.document as document
        import weasyprint.pdf as pdf
        import weasyprint.pdf.tags as tags

        self.spent: dict[str, float] = {}
        self._wrap(weasyprint.HTML, "__init__", "parse", method=True)
        self._wrap(document, "get_all_computed_styles", "cascade")
        self._wrap(document, "build_formatting_structure", "boxes")
        self._wrap(document, "layout_document", "layout", generator=True)
        self._wrap(document.Page, "paint", "draw", method=True)
        self._wrap(tags, "add_tags", "tags")
        pdf.add_tags = tags.add_tags
        self._wrap(pydyf.PDF, "write", "write", method=True)

    def _wrap(self, owner, name: str, phase: str, method: bool = False, generator: bool = False) -> None:
        original = getattr(owner, name)
        spent = self.spent

        def timed_call(*args, **kwargs):
            start = time.process_time()
            result = original(*args, **kwargs)
            if generator:
                result = list(result)
            spent[phase] = spent.get(phase, 0.0) + time.process_time() - start
            return result

        setattr(owner, name, timed_call)

    def measure(self, fn, runs: int) -> dict[str, float]:
        """Median CPU seconds per phase over `runs` calls of fn."""
        samples = []
        for _ in range(runs):
            self.spent.clear()
            fn()
            samples.append(dict(self.spent))
        return {phase: statistics.median(s.get(phase, 0.0) for s in samples) for phase in PHASES}


RUN_WORDS = ("Een klein bedrijf dat social media gebruikt zonder plan verliest tijd en geld aan berichten "
             "die niemand leest").split()


def run_cost(runs: int, font_stack: str) -> tuple[float, float]:
    """What one more run of text costs in WeasyPrint (--explain): 300 one-line paragraphs, plain
    and with three of their words in a link, in the floor's style. Returns (ms per plain
    paragraph, ms one link adds to a paragraph)."""
    from weasyprint import HTML

    from audit.render.pdf import PDF_OPTIONS, _font_config

    def doc(link: bool) -> str:
        paragraphs = []
        for i in range(300):
            words = RUN_WORDS[i % 5:] + RUN_WORDS[:i % 5]
            text = (" ".join(words[:6]) + f' <a href="#p{i}">' + " ".join(words[6:9]) + "</a> "
                    + " ".join(words[9:])) if link else " ".join(words)
            paragraphs.append(f'<p id="p{i}">{text}</p>')
        return (f'<html lang="nl"><head><style>{floor_style(font_stack)}</style></head><body>'
                + "".join(paragraphs) + "</body></html>")

    docs = [doc(False), doc(True)]
    with tempfile.TemporaryDirectory() as tmpdir:
        out = Path(tmpdir) / "runs.pdf"

        def render(i: int) -> None:
            HTML(string=docs[i]).write_pdf(out, font_config=_font_config(), **PDF_OPTIONS)

        render(0)
        render(1)
        pairs = [(timed(lambda: render(0))[0], timed(lambda: render(1))[0]) for _ in range(runs)]
    plain = statistics.median(p[0] for p in pairs)
    linked = statistics.median(p[1] for p in pairs)
    return plain / 300 * 1000, (linked - plain) / 300 * 1000


def help_timing(runs: int) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "audit", "--help"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    probe = ("import sys\nfrom audit.cli import cli\n"
             "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
             "print(','.join(m for m in ('weasyprint', 'pandas', 'flask', 'rich', 'questionary', 'openpyxl')"
             " if m in sys.modules) or 'none')")
    heavy = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
    return statistics.median(times), heavy


def measure(args: argparse.Namespace, answers_path: Path | None, lang: str | None, runs: int) -> dict:
    """One report's figures: CPU and wall medians of the report, the floor and WeasyPrint alone."""
    from weasyprint import HTML

    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import load_answers, load_questionnaire
    from audit.render import TEMPLATES_DIR
    from audit.render.html import render_report_html
    from audit.render.pdf import PDF_OPTIONS, _font_config, stylesheets, write_pdf

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if answers_path is None:
            q_path, a_path = pick_inputs(args, tmp)
        else:
            q_path, a_path = args.questionnaire, answers_path
        questionnaire = load_questionnaire(q_path)
        answers = load_answers(a_path, questionnaire)
        brand = load_brand(args.brand)
        out = tmp / "report.pdf"
        lang = lang or answers.language or "nl"

        def full() -> None:
            assessment = assess(questionnaire, answers, lang)
            write_pdf(render_report_html(assessment, brand), brand, out, lang=lang)

        html = render_report_html(assess(questionnaire, answers, lang), brand)
        sheets = stylesheets(brand, lang)
        plain = tmp / "plain.pdf"
        words = plain_words(html)
        floor_doc = floor_html(words, brand.font_stack(), lang)
        floor_pdf = tmp / "floor.pdf"

        def weasy_alone() -> None:
            HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/").write_pdf(
                plain, stylesheets=sheets, font_config=_font_config(), **PDF_OPTIONS)

        def floor() -> None:
            HTML(string=floor_doc).write_pdf(floor_pdf, font_config=_font_config(), **PDF_OPTIONS)

        full()
        weasy_alone()
        floor()  # warm-up: imports, fonts, stylesheets
        # interleaved, so that load from other processes hits all three alike
        triples = [(timed(floor), timed(weasy_alone), timed(full)) for _ in range(runs)]
        from pypdf import PdfReader

        result = {"name": f"{a_path.stem} ({lang})", "brand": brand.name, "size": out.stat().st_size,
                  "pages": len(PdfReader(out).pages), "floor_pages": len(PdfReader(floor_pdf).pages),
                  "words": sum(len(p.split()) for p in words), "font_stack": brand.font_stack()}
        for i, key in enumerate(("floor", "weasy", "full")):
            result[key] = statistics.median(t[i][0] for t in triples)
            result[key + "_wall"] = statistics.median(t[i][1] for t in triples)
        if args.explain:
            steps = []
            for label, doc in structure_steps(html, brand.font_stack()):
                def step(doc=doc) -> None:
                    HTML(string=doc, base_url=TEMPLATES_DIR.as_uri() + "/").write_pdf(
                        plain, font_config=_font_config(), **PDF_OPTIONS)

                step()
                pairs = [(timed(floor)[0], timed(step)[0]) for _ in range(runs)]
                steps.append((label, statistics.median(p[1] for p in pairs)
                              / statistics.median(p[0] for p in pairs)))
            result["explain"] = steps
        if args.phases:
            try:
                phases = Phases()
            except (ImportError, AttributeError) as exc:
                print(f"(no phase split with this WeasyPrint: {exc})")
            else:
                result["phases"] = {"report": phases.measure(weasy_alone, runs),
                                    "floor": phases.measure(floor, runs)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--questionnaire", type=Path)
    parser.add_argument("--answers", type=Path)
    parser.add_argument("--lang", help="report language (default: the answers file's)")
    parser.add_argument("--all", action="store_true", help="every example answers file, in nl and en")
    parser.add_argument("--phases", action="store_true",
                        help="also split WeasyPrint's time per phase, report against floor")
    parser.add_argument("--explain", action="store_true",
                        help="also time the report's own HTML styled as the floor, step by step")
    parser.add_argument("--brand", type=Path, default=ROOT / "examples" / "brands" / "koers-digitaal")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    if args.all:
        cases = [(path, lang) for path in sorted((ROOT / "examples" / "answers").glob("*.yaml"))
                 for lang in ("nl", "en")]
    else:
        cases = [(args.answers, args.lang)]
    results = [measure(args, path, lang, runs) for path, lang in cases]
    print(f"brand {results[0]['brand']}, CPU-time medians of {runs} interleaved runs (wall in brackets)")
    for r in results:
        print(f"\n{r['name']}: {r['pages']} pages, {r['words']} words")
        print(f"  full report (assess + html + pdf): {r['full'] * 1000:6.0f} ms  "
              f"({r['full_wall'] * 1000:.0f})")
        print(f"  floor, same words as plain paragraphs ({r['floor_pages']} pages): "
              f"{r['floor'] * 1000:6.0f} ms  ({r['floor_wall'] * 1000:.0f})")
        print(f"  report / floor:                    {r['full'] / r['floor']:6.2f}x  "
              f"({r['full_wall'] / r['floor_wall']:.2f}x)   (goal <= 1.5x)")
        print(f"  WeasyPrint alone, report HTML:     {r['weasy'] * 1000:6.0f} ms  "
              f"(assess + html: {(r['full'] - r['weasy']) * 1000:.0f} ms)")
        print(f"  PDF size:                          {r['size'] / 1024:6.1f} KB  (goal < 200 KB)")
        if "explain" in r:
            print("  against the floor, step by step:")
            for label, ratio in r["explain"]:
                print(f"    {label:58s} {ratio:5.2f}x")
        if "phases" in r:
            rep, flo = r["phases"]["report"], r["phases"]["floor"]
            print("  per phase, CPU ms   " + " ".join(f"{p:>8s}" for p in PHASES))
            print("    report            " + " ".join(f"{rep[p] * 1000:8.0f}" for p in PHASES))
            print("    floor             " + " ".join(f"{flo[p] * 1000:8.0f}" for p in PHASES))
            print("    report - floor    " + " ".join(f"{(rep[p] - flo[p]) * 1000:8.0f}" for p in PHASES))
    if len(results) > 1:
        ratios = [r["full"] / r["floor"] for r in results]
        print(f"\nreport / floor over {len(results)} reports: median {statistics.median(ratios):.2f}x, "
              f"max {max(ratios):.2f}x")
        if "explain" in results[0]:
            for i, (label, _) in enumerate(results[0]["explain"]):
                median = statistics.median(r["explain"][i][1] for r in results)
                print(f"  {label.strip():58s} median {median:.2f}x")

    if args.explain:
        per_paragraph, per_link = run_cost(runs, results[0]["font_stack"])
        print(f"\none-line paragraph, plain: {per_paragraph:.2f} ms; one link in it adds {per_link:.2f} ms "
              f"({(per_paragraph + per_link) / per_paragraph:.2f}x): each run of text costs WeasyPrint a "
              "layout of its own")

    t_help, heavy = help_timing(runs)
    print(f"\nsmaudit --help:                    {t_help * 1000:7.0f} ms   (goal < 300 ms)")
    print(f"heavy modules imported by --help:  {heavy}   (goal: none)")


if __name__ == "__main__":
    main()
