"""`smaudit validate FILE...`: check questionnaire and answers files without rendering."""

from __future__ import annotations

from pathlib import Path

import click

from audit.commands.options import questionnaire_option
from audit.errors import InputError


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@questionnaire_option("Questionnaire to check answers files against: a file or id[@version] "
                      "(default: the one each answers file names).")
def validate(files: tuple[Path, ...], questionnaire_spec: str | None) -> None:
    """Check questionnaire files and answers files; every problem names file and question.

    Without FILES: every questionnaire smaudit finds (the shipped ones and your own)."""
    from audit import catalog
    from audit.load import (
        looks_like_questionnaire,
        parse_answers,
        parse_questionnaire,
        read_data,
    )

    problems: list[str] = []
    if not files:
        files = tuple(e.path for e in catalog.entries())
    for path in files:
        try:
            data = read_data(path)
            if looks_like_questionnaire(data):
                q = parse_questionnaire(data, str(path))
                click.echo(f"ok: {path}: questionnaire {q.id} {q.version}, {len(q.questions)} questions, "
                           f"{len(q.misconceptions)} misconceptions, {len(q.advice)} pieces of advice")
            else:
                q, note = catalog.load(questionnaire_spec, data)
                if note:
                    click.echo(f"note: {path}: {note}")
                answers = parse_answers(q, data, str(path))
                given = sum(v is not None for v in answers.values.values())
                click.echo(f"ok: {path}: answers of {answers.company.name!r}, {given} questions answered "
                           f"(questionnaire {q.id} {q.version})")
                for line in answers.set_aside_notes(q):
                    click.echo(f"note: {path}: {line}")
        except InputError as exc:
            problems.extend(exc.lines())
    if problems:
        raise InputError("", problems)
