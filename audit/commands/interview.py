"""`smaudit interview`: the intake interview in a terminal, saved answer by answer."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from audit.commands.options import lang_option, questionnaire_option

if TYPE_CHECKING:
    from rich.console import Console

    from audit.assessment import Assessment
    from audit.interview.session import Session


@click.command()
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Answers file to write (default: answers-<company>-<date>.yaml here).")
@lang_option("Language of the interview and the report (default: the resumed file's, else the "
             "brand kit's, else nl).")
@click.option("--resume", "resume", type=click.Path(dir_okay=False, path_type=Path),
              help="Continue an interrupted interview from this answers file.")
@click.option("--brand", type=click.Path(path_type=Path),
              help="Brand kit (folder or brand.yaml) for the PDF report; stored in the answers "
                   "file, so later reports use it too (default: the resumed file's brand).")
@questionnaire_option()
def interview(output: Path | None, lang: str | None, resume: Path | None, brand: Path | None,
              questionnaire_spec: str | None) -> None:
    """Ask the questionnaire in the terminal, one question at a time, and save every answer."""
    from audit import catalog
    from audit.errors import InputError
    from audit.interview.session import Session, writable_folder
    from audit.interview.texts import texts
    from audit.load import read_data

    data = read_data(resume) if resume is not None else None
    q, note = catalog.load(questionnaire_spec, data)
    if resume is not None:
        session = Session.resume(q, resume, output, lang)  # a bad file: InputError, untouched
    else:
        from audit.brand import load_brand, report_language

        session = Session.new(q, output, report_language(lang, None, load_brand(brand) if brand else None))
    s = texts(session.lang)
    if note:
        from audit.strings import localized

        click.echo(f"note: {resume}: {localized(note, session.lang)}", err=True)
    if output is not None and output.exists() and (resume is None or output.resolve() != resume.resolve()):
        raise InputError(str(output), s["interview_exists"].format(path=output))
    target = session.path or Path.cwd() / "answers.yaml"
    if not writable_folder(target):
        raise InputError(str(target), s["interview_cannot_write"])
    from audit.brand import load_brand

    brand_kit = None
    if brand is not None:
        brand_kit = load_brand(brand)  # a bad kit stops here, before the first question
    elif session.answers.brand:
        brand_kit = load_brand(session.answers.brand_path())
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(f"error: {s['interview_not_a_tty']}", err=True)
        sys.exit(2)
    if brand is not None:
        session.set_brand(brand)
    run(session, brand_kit, questionnaire_spec)


def resume_command(session: Session, questionnaire_spec: str | None) -> str:
    """The command that continues this interview (brand and language are in the file)."""
    words = ["smaudit", "interview", "--resume", str(session.path)]
    if questionnaire_spec:
        words += ["--questionnaire", str(questionnaire_spec)]
    return shlex.join(words)


def report_command(answers: Path, pdf: Path, questionnaire_spec: str | None) -> str:
    """The command that prints the same report again (brand and language are in the file)."""
    words = ["smaudit", "report", str(answers), "-o", str(pdf)]
    if questionnaire_spec:
        words += ["--questionnaire", str(questionnaire_spec)]
    return shlex.join(words)


def run(session: Session, brand_kit: Any, questionnaire_spec: str | None = None) -> None:
    """The interview, the summary and the PDF offer; leaving says where everything is."""
    from rich.console import Console

    from audit.assess import assess
    from audit.interview.prompts import InterviewUI, Leave
    from audit.interview.summary import print_summary
    from audit.interview.texts import texts

    s = texts(session.lang)
    console = Console(highlight=False)
    console.rule(f"[bold]{s['interview_title']}")
    ui = InterviewUI(session, console)
    try:
        ui.run()
        session.record_duration()
        assessment = assess(session.q, session.answers, session.lang)
        _keep(session, assessment, console)
        print_summary(assessment, console)
        console.print()
        pdf = session.path.with_suffix(".pdf")
        if ui.confirm(s["interview_pdf_offer"], default=True):
            pdf = Path(ui.ask_path(s["interview_pdf_path"], str(pdf)))
            write_pdf(assessment, brand_kit, pdf, session.path, console, s, questionnaire_spec)
    except OSError as exc:  # the answers file could not be written (disk full, removed folder)
        console.print()
        say(console, s["interview_save_failed"].format(
            path=session.path, reason=exc.strerror or exc,
            command=resume_command(session, questionnaire_spec) + f" -o {s['interview_other_file']}"),
            "red")
        sys.exit(2)
    except (Leave, KeyboardInterrupt, EOFError):
        console.print()
        if session.path is not None and session.path.exists():
            try:
                session.record_duration()
            except OSError:
                pass
            say(console, s["interview_interrupted"], "yellow", wrap=True)
            say(console, str(session.path), "yellow")
            say(console, s["interview_interrupted_resume"], "yellow", wrap=True)
            say(console, resume_command(session, questionnaire_spec), "yellow")
        else:
            say(console, s["interview_interrupted_nothing"], "yellow")
        sys.exit(130)
    say(console, s["interview_answers_file"].format(path=session.path))
    say(console, s["interview_report_later"].format(
        command=report_command(session.path, pdf, questionnaire_spec)), "dim")


def _keep(session: Session, assessment: Assessment, console: Console) -> None:
    """Keep the assessment in the client register (audit/register), like `smaudit report`."""
    from audit.answers import to_mapping
    from audit.register.hooks import keep_in_default_register
    from audit.strings import localized

    keep_in_default_register([(assessment, to_mapping(session.answers, session.q), "interview", None)],
                             lambda text: say(console, localized(text, session.lang), "yellow"))


def say(console: Console, text: str, style: str = "", wrap: bool = False) -> None:
    """One message as plain text; unless `wrap`, not wrapped by rich, so that a command
    stays one line to copy (the terminal shows it folded)."""
    console.print(text, style=style or None, markup=False, soft_wrap=not wrap)


def write_pdf(assessment: Assessment, brand_kit: Any, pdf: Path, answers_path: Path,
              console: Console, s: dict[str, str], questionnaire_spec: str | None) -> None:
    """Render the report; a missing renderer or a failure leaves the answers safe and says so."""
    command = report_command(answers_path, pdf, questionnaire_spec)
    try:
        from audit.brand import load_brand
        from audit.render.pdf import render_report_pdf
    except ImportError as exc:
        say(console, s["interview_pdf_unavailable"].format(reason=exc, command=command), "yellow")
        return
    from audit.errors import InputError

    try:
        kit = brand_kit if brand_kit is not None else load_brand(None)
        render_report_pdf(assessment, kit, pdf)
    except (InputError, OSError) as exc:
        say(console, s["interview_pdf_failed"].format(reason=exc, path=answers_path), "red")
        return
    say(console, s["interview_pdf_written"].format(path=pdf), "green")
