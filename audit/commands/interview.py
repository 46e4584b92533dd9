"""`smaudit interview`: the intake interview in a terminal, saved answer by answer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console

    from audit.assessment import Assessment
    from audit.interview.session import Session


@click.command()
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Answers file to write (default: answers-<company>-<date>.yaml here).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None,
              help="Language of the interview and the report (default: the resumed file's, else nl).")
@click.option("--resume", "resume", type=click.Path(dir_okay=False, path_type=Path),
              help="Continue an interrupted interview from this answers file.")
@click.option("--brand", type=click.Path(path_type=Path),
              help="Brand kit (folder or brand.yaml) for the PDF report.")
@click.option("--questionnaire", "questionnaire_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Questionnaire file (default: the built-in one).")
def interview(output: Path | None, lang: str | None, resume: Path | None, brand: Path | None,
              questionnaire_path: Path | None) -> None:
    """Ask the questionnaire in the terminal, one question at a time, and save every answer."""
    from audit.errors import InputError
    from audit.interview.session import Session, writable_folder
    from audit.load import load_questionnaire
    from audit.strings import strings

    q = load_questionnaire(questionnaire_path)
    if resume is not None:
        session = Session.resume(q, resume, output, lang)  # a bad file: InputError, untouched
    else:
        session = Session.new(q, output, lang or "nl")
    s = strings(session.lang)
    if output is not None and output.exists() and (resume is None or output.resolve() != resume.resolve()):
        raise InputError(str(output), s["interview_exists"].format(path=output))
    target = session.path or Path.cwd() / "answers.yaml"
    if not writable_folder(target):
        raise InputError(str(target), s["interview_cannot_write"])
    brand_kit = None
    if brand is not None:
        from audit.brand import load_brand

        brand_kit = load_brand(brand)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        click.echo(f"error: {s['interview_not_a_tty']}", err=True)
        sys.exit(2)
    run(session, brand, brand_kit)


def run(session: Session, brand_path: Path | None, brand_kit: Any) -> None:
    """The interview, the summary and the PDF offer; Ctrl-C says where the answers are."""
    from rich.console import Console

    from audit.assess import assess
    from audit.interview.prompts import InterviewUI, ask_path, confirm
    from audit.interview.summary import print_summary
    from audit.strings import strings

    s = strings(session.lang)
    console = Console(highlight=False)
    console.rule(f"[bold]{s['interview_title']}")
    ui = InterviewUI(session, console)
    try:
        ui.run()
        assessment = assess(session.q, session.answers, session.lang)
        print_summary(assessment, console)
        console.print()
        if confirm(s["interview_pdf_offer"], session.lang, default=True):
            default_pdf = str(session.path.with_suffix(".pdf"))
            pdf = Path(ask_path(s["interview_pdf_path"], default_pdf))
            write_pdf(assessment, brand_path, brand_kit, pdf, session.path, console, s)
    except OSError as exc:  # the answers file could not be written (disk full, removed folder)
        console.print()
        say(console, s["interview_save_failed"].format(path=session.path, reason=exc.strerror or exc), "red")
        sys.exit(2)
    except (KeyboardInterrupt, EOFError):
        console.print()
        if session.path is not None and session.path.exists():
            say(console, s["interview_interrupted"].format(path=session.path), "yellow")
        else:
            say(console, s["interview_interrupted_nothing"], "yellow")
        sys.exit(130)
    say(console, s["interview_answers_file"].format(path=session.path))
    say(console, s["interview_report_later"].format(path=session.path,
                                                    pdf=session.path.with_suffix(".pdf")), "dim")


def say(console: Console, text: str, style: str = "") -> None:
    """One message as plain text, not wrapped by rich: paths and commands stay copyable."""
    console.print(text, style=style or None, markup=False, soft_wrap=True)


def write_pdf(assessment: Assessment, brand_path: Path | None, brand_kit: Any, pdf: Path,
              answers_path: Path, console: Console, s: dict[str, str]) -> None:
    """Render the report; a missing renderer or a failure leaves the answers safe and says so."""
    try:
        from audit.brand import load_brand
        from audit.render.pdf import render_report_pdf
    except ImportError as exc:
        say(console, s["interview_pdf_unavailable"].format(reason=exc, path=answers_path,
                                                           pdf=answers_path.with_suffix(".pdf")), "yellow")
        return
    from audit.errors import InputError

    try:
        kit = brand_kit if brand_kit is not None else load_brand(brand_path)
        render_report_pdf(assessment, kit, pdf)
    except (InputError, OSError) as exc:
        say(console, s["interview_pdf_failed"].format(reason=exc, path=answers_path), "red")
        return
    say(console, s["interview_pdf_written"].format(path=pdf), "green")
