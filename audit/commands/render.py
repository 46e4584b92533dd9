"""`smaudit render ASSESSMENT.json -o report.pdf [--lang en]`: print a saved assessment again,
in any language, without assessing the answers again (see audit.assessment for the format)."""

from __future__ import annotations

from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError


@click.command()
@click.argument("assessment_path", metavar="ASSESSMENT", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="The PDF to write (replaced only when the new one is complete).")
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder or its brand.yaml (default: the neutral brand).")
@lang_option("Report language (default: the language the assessment was saved in).")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the assessment in that language as JSON.")
@questionnaire_option("Questionnaire for the texts: a file or id[@version] "
                      "(default: the id and version the assessment names).")
def render(assessment_path: Path, out: Path | None, brand_path: Path | None, lang: str | None,
           json_out: Path | None, questionnaire_spec: str | None) -> None:
    """Render a saved assessment (from `report --json` or a batch) as a PDF, in any language.

    Scores, findings, advice and plan are taken as saved; only the texts are looked up again
    in the questionnaire, in the language asked for."""
    if out is None and json_out is None:
        raise click.UsageError("give -o REPORT.pdf, --json OUT.json, or both")
    from audit.load import read_data

    data = read_data(assessment_path)
    assessment = read_assessment(data, str(assessment_path))
    if (lang and lang != assessment.language) or questionnaire_spec:
        from audit import catalog
        from audit.localize import check_fits, in_language

        questionnaire, note = catalog.load(questionnaire_spec, data)
        if note:
            from audit.strings import localized

            click.echo(f"note: {localized(note, lang or assessment.language)}", err=True)
        check_fits(assessment, questionnaire, str(assessment_path))
        assessment = in_language(assessment, questionnaire, lang or assessment.language)
    from audit.commands.outputs import load_checked_brand, write_outputs

    def say(text: str) -> None:
        click.echo(f"note: {text}", err=True)

    brand = load_checked_brand(brand_path, say) if out is not None else None
    write_outputs(assessment, brand, out, json_out)


def read_assessment(data: object, source: str):
    """A saved assessment from parsed JSON; anything else is an error naming the file."""
    from audit.assessment import Assessment

    if not isinstance(data, dict) or "schema_version" not in data:
        raise InputError(source, "not a saved assessment (no schema_version); "
                                 "write one with `smaudit report ANSWERS --json FILE`")
    try:
        return Assessment.from_dict(data)
    except ValueError as exc:
        raise InputError(source, str(exc)) from None
    except (TypeError, KeyError) as exc:
        raise InputError(source, f"not a complete saved assessment: {exc}") from None
