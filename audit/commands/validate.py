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
@click.option("--strict", is_flag=True,
              help="Also check what shipped content must satisfy: every misconception can be found, "
                   "every piece of advice can be given, rules compare with answers that exist, every "
                   "listed language complete.")
def validate(files: tuple[Path, ...], questionnaire_spec: str | None, strict: bool) -> None:
    """Check questionnaire files and answers files; every problem names file and line (or
    question), all problems at once.

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
        found = catalog.entries()
        files = tuple(e.path for e in found) + tuple(catalog.unreadable())
        problems += _same_id_and_version(found)
    for path in files:
        try:
            data = read_data(path)
            if looks_like_questionnaire(data):
                from audit.content_check import check

                found = check(path, strict=strict)
                if found:
                    problems.extend(str(p) for p in found)
                    continue
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
    if problems:  # a language's text file is checked with each questionnaire: said once
        raise InputError("", list(dict.fromkeys(problems)))


def _same_id_and_version(entries: list) -> list[str]:
    """Two files with one id and version: the first on the search path is used and the other
    never is. In one folder that is a mistake (a copy whose version was not raised); over
    folders it is a consultant's file taking the place of the shipped one, which is said."""
    problems: list[str] = []
    by_key: dict[tuple[str, str], list] = {}
    for entry in entries:
        by_key.setdefault((entry.id, entry.version), []).append(entry)
    for (qid, version), same in by_key.items():
        used, *others = same
        for other in others:
            if other.path.parent == used.path.parent:
                problems.append(f"{other.path}: questionnaire {qid} {version} is also {used.path}, which is "
                                "used; give this file another version (or id)")
            else:
                click.echo(f"note: {used.path}: questionnaire {qid} {version} is used instead of "
                           f"{other.path} (same id and version; give yours another version to keep both)")
    return problems
