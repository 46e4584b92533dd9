"""`smaudit questions`: the questionnaire as a consultant reads it before an intake, or, with
`--pdf`, as a branded blank form for clients who prefer to answer on paper."""

from __future__ import annotations

from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option


@click.command()
@lang_option("Language of the questions.", default="nl")
@questionnaire_option()
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a printable blank questionnaire (no ids or points) to this PDF.")
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit for the PDF (folder, brand.yaml or kit name; default: neutral).")
def questions(lang: str, questionnaire_spec: str | None, pdf: Path | None,
              brand_path: Path | None) -> None:
    """Print every question with its options by dimension, numbered as in the interview."""
    from audit import catalog
    from audit.interview.order import asking_order
    from audit.strings import strings

    q, note = catalog.load(questionnaire_spec)
    if note:
        from audit.strings import localized

        click.echo(f"note: {localized(note, lang)}", err=True)
    q.check_offers(lang)
    if pdf is not None:
        from audit.brand import load_brand
        from audit.errors import InputError
        from audit.interview.paper import write_blank_pdf
        from audit.interview.texts import texts

        brand = load_brand(brand_path)
        try:
            write_blank_pdf(q, brand, lang, pdf)
        except OSError as exc:
            raise InputError(str(exc.filename or pdf), f"cannot write: {exc.strerror or exc}") from None
        click.echo(texts(lang)["paper_written"].format(path=pdf))
        return
    s = strings(lang)
    click.secho(f"{q.title(lang)} ({q.id} {q.version})", bold=True)
    order = asking_order(q)
    number = {question.id: n for n, question in enumerate(order, 1)}
    dimension = None
    for question in order:
        if question.dimension != dimension:
            dimension = question.dimension
            click.echo()
            click.secho(q.dimension(dimension).name(lang).upper(), bold=True)
        flags = [] if question.required else [s["optional"]]
        if question.condition:
            flags.append(f"{s['only_if']} {question.condition}")
        extra = f"  [{'; '.join(flags)}]" if flags else ""
        click.echo(f"{number[question.id]:>3}. {question.text(lang)}  ({question.id}, "
                   f"{question.type}){extra}")
        for option in question.options or []:
            click.echo(f"       - {option.label(lang)}  ({option.value}, {option.points:g})")
        if question.type == "yesno":
            click.echo(f"       - {s['answer_yes']} / {s['answer_no']}")
        if question.type == "scale":
            labels = f" ({question.scale_labels(lang)})" if question.scale_labels else ""
            click.echo(f"       1-5{labels}")
        if question.type == "number" and question.unit:
            click.echo(f"       {question.unit(lang)}")
