"""`smaudit compare OLD NEW -o progress.pdf`: the progress since the last audit on its own."""

from __future__ import annotations

import json
from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError


@click.command()
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="The PDF to write (replaced only when the new one is complete).")
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder or its brand.yaml (default: the neutral brand).")
@lang_option("Language (default: the language of NEW, else nl).")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the comparison as JSON.")
@questionnaire_option()
def compare(old_path: Path, new_path: Path, out: Path | None, brand_path: Path | None,
            lang: str | None, json_out: Path | None, questionnaire_spec: str | None) -> None:
    """Compare the last audit (OLD) with this one (NEW): scores, levels, misconceptions and the
    previous plan, then and now. Each is an answers file or a saved assessment (JSON)."""
    if out is None and json_out is None:
        raise click.UsageError("give -o PROGRESS.pdf, --json OUT.json, or both")
    from audit.files import write_atomic
    from audit.progress import compare as compare_assessments
    from audit.sources import load_assessment

    def note(text: str) -> None:
        click.echo(f"note: {text}", err=True)

    loaded = load_assessment([new_path], lang, questionnaire_spec, note)
    new, questionnaire = loaded.assessment, loaded.questionnaire
    previous = load_assessment([old_path], new.language, None, note)
    new.progress = compare_assessments(previous.assessment, new, questionnaire,
                                       answered_with=previous.answered_with, set_aside=previous.set_aside)
    from audit.strings import strings

    s = strings(new.language, "practice")
    try:
        if out is not None:
            from audit.brand import load_brand
            from audit.render.html import context, environment
            from audit.render.pdf import write_pdf

            brand = load_brand(brand_path or loaded.brand_path)
            html = environment().get_template("progress.html.j2").render(**context(new, brand))
            write_pdf(html, brand, out, lang=new.language)
            click.echo(s["wrote"].format(path=out))
        if json_out is not None:
            write_atomic(json_out, json.dumps(new.progress, ensure_ascii=False, indent=2) + "\n")
            click.echo(s["wrote"].format(path=json_out))
    except OSError as exc:
        target = exc.filename or out or json_out
        raise InputError(str(target), s["cannot_write"].format(reason=exc.strerror or exc)) from None
