"""`smaudit report ANSWERS -o report.pdf`: assess one company's answers and print the branded PDF."""

from __future__ import annotations

import json
from pathlib import Path

import click

from audit.errors import InputError


@click.command()
@click.argument("answers_path", metavar="ANSWERS", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="The PDF to write (replaced only when the new one is complete).")
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder or its brand.yaml (default: the neutral brand).")
@click.option("--lang", type=click.Choice(["nl", "en"]),
              help="Report language (default: the answers file's language, else nl).")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the assessment as JSON (with schema_version).")
@click.option("--questionnaire", "questionnaire_path", type=click.Path(path_type=Path),
              help="Questionnaire file (default: the built-in one).")
def report(answers_path: Path, out: Path | None, brand_path: Path | None, lang: str | None,
           json_out: Path | None, questionnaire_path: Path | None) -> None:
    """Assess an answers file and write the branded PDF report (and optionally JSON)."""
    if out is None and json_out is None:
        raise click.UsageError("give -o REPORT.pdf, --json OUT.json, or both")
    from audit.assess import assess
    from audit.brand import load_brand
    from audit.files import write_atomic
    from audit.load import load_answers, load_questionnaire

    brand = load_brand(brand_path) if out is not None else None
    questionnaire = load_questionnaire(questionnaire_path)
    answers = load_answers(answers_path, questionnaire)
    language = lang or answers.language or "nl"
    assessment = assess(questionnaire, answers, language)
    try:
        if out is not None:
            from audit.render.pdf import render_report_pdf

            render_report_pdf(assessment, brand, out)
            click.echo(f"wrote {out}")
        if json_out is not None:
            write_atomic(json_out, json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n")
            click.echo(f"wrote {json_out}")
    except OSError as exc:
        target = exc.filename or out or json_out
        raise InputError(str(target), f"cannot write: {exc.strerror or exc}") from None
