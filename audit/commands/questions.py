"""`smaudit questions`: print the questionnaire, as a consultant reads it before an intake."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--questionnaire", "questionnaire_path", type=click.Path(path_type=Path),
              help="Questionnaire file (default: the built-in one).")
def questions(lang: str, questionnaire_path: Path | None) -> None:
    """Print every question with its options, grouped by dimension."""
    from audit.load import load_questionnaire
    from audit.strings import strings

    q = load_questionnaire(questionnaire_path)
    s = strings(lang)
    click.secho(f"{q.title(lang)} ({q.id} {q.version})", bold=True)
    number = 0
    for dim in q.dimensions:
        click.echo()
        click.secho(dim.name(lang).upper(), bold=True)
        for question in q.questions_in(dim.id):
            number += 1
            flags = [] if question.required else [s["optional"]]
            if question.condition:
                flags.append(f"{s['only_if']} {question.condition}")
            extra = f"  [{'; '.join(flags)}]" if flags else ""
            click.echo(f"{number:>3}. {question.text(lang)}  ({question.id}, {question.type}){extra}")
            for option in question.options or []:
                click.echo(f"       - {option.label(lang)}  ({option.value}, {option.points:g})")
            if question.type == "yesno":
                click.echo(f"       - {s['answer_yes']} / {s['answer_no']}")
            if question.type == "scale":
                labels = f" ({question.scale_labels(lang)})" if question.scale_labels else ""
                click.echo(f"       1-5{labels}")
            if question.type == "number" and question.unit:
                click.echo(f"       {question.unit(lang)}")
