"""`smaudit demo --out out`: the example companies' reports, with the example brand kit(s)."""

from __future__ import annotations

from pathlib import Path

import click

from audit.commands.options import questionnaire_option
from audit.errors import InputError
from audit.locate import examples_dir

EXAMPLE_ANSWERS = examples_dir() / "answers"
EXAMPLE_BRANDS = examples_dir() / "brands"
EXAMPLE_QUICK_SCAN = examples_dir() / "quick-scan"  # answers to the other questionnaire


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Folder for the PDFs.")
@click.option("--answers", "answers_dir", type=click.Path(path_type=Path, file_okay=False),
              default=EXAMPLE_ANSWERS, help="Folder of answers files (default: the examples).")
@questionnaire_option()
def demo(out_dir: Path, answers_dir: Path, questionnaire_spec: str | None) -> None:
    """Render the example companies' reports (Dutch, plus one in English) into OUT."""
    from audit import catalog
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.load import parse_answers, read_data
    from audit.render.pdf import render_report_pdf

    files = sorted(p for p in answers_dir.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    if answers_dir == EXAMPLE_ANSWERS and files:
        files += sorted(EXAMPLE_QUICK_SCAN.glob("*.yaml"))
    if not files:
        raise InputError(str(answers_dir), "no example answers files (*.yaml) found")
    kits = sorted(p for p in EXAMPLE_BRANDS.iterdir() if (p / "brand.yaml").is_file()) \
        if EXAMPLE_BRANDS.is_dir() else []
    brands = [load_brand(k) for k in kits] or [load_brand(None)]
    jobs = []
    for i, path in enumerate(files):
        data = read_data(path)
        questionnaire, note = catalog.load(questionnaire_spec, data)
        if note:
            from audit.strings import localized

            click.echo(f"note: {path}: {localized(note, _language_of(data))}", err=True)
        answers = parse_answers(questionnaire, data, str(path))
        brand = brands[i % len(brands)]
        jobs.append((questionnaire, answers, brand, answers.language or "nl", out_dir / f"{path.stem}.pdf"))
    q0, first, brand = jobs[0][0], jobs[0][1], jobs[0][2]
    other = "en" if jobs[0][3] == "nl" else "nl"
    jobs.append((q0, first, brand, other, out_dir / f"{files[0].stem}-{other}.pdf"))
    jobs.append((q0, first, load_brand(None), jobs[0][3], out_dir / f"{files[0].stem}-neutral-brand.pdf"))
    for questionnaire, answers, brand, lang, out in jobs:
        render_report_pdf(assess(questionnaire, answers, lang), brand, out)
        click.echo(f"wrote {out}  ({answers.company.name}, {lang}, {brand.name})")


def _language_of(data: object) -> str:
    """The language an example answers file names (its notes are said in it), else nl."""
    named = data.get("language") if isinstance(data, dict) else None
    return named if isinstance(named, str) else "nl"
