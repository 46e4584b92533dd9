"""`smaudit report ANSWERS... -o report.pdf`: assess one company's answers and print the branded PDF.

Several answers files for one company (owner, staff) give one combined report with the
perception gap (audit/respondents.py)."""

from __future__ import annotations

from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError
from audit.register.options import open_register, register_options


@click.command()
@click.argument("answers_paths", metavar="ANSWERS...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="The PDF to write (replaced only when the new one is complete).")
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder or its brand.yaml (default: the answers file's brand, "
                   "else the neutral brand).")
@lang_option("Report language (default: the answers file's language, else the brand kit's, else nl).")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the assessment as JSON (with schema_version).")
@questionnaire_option()
@click.option("--previous", "previous_paths", multiple=True, type=click.Path(path_type=Path),
              metavar="OLD", help="The last audit: answers or saved assessment JSON (repeat for "
              "several respondents), or `last` for the client's latest in the register; adds a "
              "chapter on progress since then.")
@click.option("--client", "client_id",
              help="The client's id in the register (default: found by company name).")
@click.option("--no-register", "no_register", is_flag=True,
              help="Do not keep this assessment in the client register (and show no peer benchmark).")
@click.option("--archive", is_flag=True,
              help="Write PDF/A-3u for long-term archiving instead of the accessible PDF/UA-1.")
@register_options
def report(answers_paths: tuple[Path, ...], out: Path | None, brand_path: Path | None, lang: str | None,
           json_out: Path | None, questionnaire_spec: str | None,
           previous_paths: tuple[Path, ...] = (), client_id: str | None = None, no_register: bool = False,
           data_dir: Path | None = None, db_url: str | None = None,
           archive: bool = False, register_location: str | None = None) -> None:
    """Assess an answers file and write the branded PDF report (and optionally JSON).

    Give several answers files of one company (e.g. owner.yaml staff1.yaml) for one report
    that combines them and shows where the respondents' pictures differ."""
    if out is None and json_out is None:
        raise click.UsageError("give -o REPORT.pdf, --json OUT.json, or both")
    from audit.commands.outputs import load_checked_brand, write_outputs
    from audit.sources import load_assessment
    from audit.strings import Message, localized

    said_in: list[str] = []  # the report's language, once known: the register's notes follow it

    def note(text: str) -> None:
        click.echo(f"note: {localized(text, said_in[0] if said_in else None)}", err=True)

    loaded = load_assessment(answers_paths, lang, questionnaire_spec, note,
                             brand_path=brand_path)
    assessment, questionnaire = loaded.assessment, loaded.questionnaire
    said_in.append(assessment.language)
    brand = load_checked_brand(brand_path or loaded.brand_path, note) if out is not None else None
    register = None if no_register else open_register(db_url, data_dir, fast=True,
                                                      register=register_location, note=note)
    client = None
    if register is not None:
        from audit.register.hooks import add_benchmark, client_of

        client = client_of(register, assessment, client_id)
        add_benchmark(register, assessment, client, note)
    if previous_paths:
        from audit.progress import compare

        read: dict = {}
        if [str(p) for p in previous_paths] == ["last"] and not Path("last").exists():
            previous = _last_in_register(register, client, assessment)
        else:
            old = load_assessment(previous_paths, assessment.language, None, note)
            previous, read = old.assessment, {"answered_with": old.answered_with, "set_aside": old.set_aside}
        assessment.progress = compare(previous, assessment, questionnaire, **read)
    write_outputs(assessment, brand, out, json_out, archive=archive)
    if register is not None:
        kept = register.keep(assessment, loaded.answers, "report", client_id or client)
        click.echo(Message("register_kept", client=kept.client_id, number=kept.id,
                           where=register.location.describe()).in_language(assessment.language))


def _last_in_register(register, client: str | None, assessment):
    """The client's latest kept assessment from before this one's date."""
    from audit.strings import Message

    if register is None:
        raise InputError("--previous last",
                         Message("register_previous_needs").in_language(assessment.language))
    name = assessment.company.get("name")
    date = str(assessment.company.get("date") or assessment.generated)
    previous = register.previous(client, before=date) if client else None
    if previous is None:
        raise InputError("--previous last", Message("register_no_previous", name=repr(name), date=date)
                         .in_language(assessment.language))
    if previous.language != assessment.language:
        from audit import catalog
        from audit.localize import in_language

        questionnaire, _ = catalog.load(None, {"questionnaire": previous.questionnaire})
        previous = in_language(previous, questionnaire, assessment.language)
    return previous
