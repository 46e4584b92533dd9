"""`smaudit template` (an empty client list) and `smaudit batch` (reports for a client list)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError

MAX_SHOWN = 15  # problems echoed to the terminal; all of them are in batch-report.csv


@click.command()
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="xlsx (dropdowns, comments) or csv; default: from the file name, else xlsx.")
@lang_option("Language of the question texts (row 2) and the answer lists.", default="nl")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), required=True,
              help="The file to write, e.g. clients.xlsx.")
@questionnaire_option("Questionnaire: a file or id[@version] (default: social-media-audit).")
def template(fmt: str | None, lang: str, out: Path, questionnaire_spec: str | None) -> None:
    """Write an empty client list: one row per client, one column per question.

    Row 1 holds the column ids that `smaudit batch` reads, row 2 the question texts; in the
    XLSX each question has a comment with the allowed answers and a dropdown where one fits.
    """
    from audit import catalog
    from audit.batch.template import write_template
    from audit.batch.texts import texts

    fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
    questionnaire, _ = catalog.load(questionnaire_spec)
    write_template(questionnaire, fmt, lang, out)
    click.echo(texts(lang)["template_written"].format(out=out, count=len(questionnaire.questions)))


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--brand", "brand_path", type=click.Path(path_type=Path), default=None,
              help="Brand kit folder (or its brand.yaml); default: the neutral brand.")
@lang_option("Language of the reports, the overview and the run report (default: the brand "
             "kit's language, else nl).")
@click.option("-o", "--out", "outdir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Folder for the reports, overview and batch-report.csv.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Processes rendering in parallel (default: one per core).")
@click.option("--force", is_flag=True, help="Render every report again, even those up to date.")
@click.option("--no-pdf", "no_pdf", is_flag=True,
              help="Only the assessments (JSON), overview.xlsx and batch-report.csv; no PDFs.")
@questionnaire_option("Questionnaire of the client list: a file or id[@version] (default: "
                      "social-media-audit, in the version the list names, else the newest).")
@click.option("--questionnaire-version", "questionnaire_version", metavar="VERSION", default=None,
              help="The questionnaire version the list was made with, for a list without a "
                   "questionnaire_version column (a survey export): questions added since then count "
                   "as unknown and each report says they were not asked.")
@click.option("--map", "map_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Mapping file (YAML) for columns and answer values this export names its own way.")
@click.option("--suggest-map", "suggest_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a mapping file for this list (how every column was read) and stop; "
                   "edit it and pass it with --map.")
@click.option("--structure", "structure_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The survey's own file, to read an export of codes or numbers exactly: LimeSurvey's "
                   "structure file (.lss), Qualtrics' survey file (.qsf) for numeric values.")
def batch(input_path: Path, brand_path: Path | None, lang: str | None, outdir: Path, workers: int | None,
          force: bool, no_pdf: bool, questionnaire_spec: str | None, questionnaire_version: str | None,
          map_path: Path | None, suggest_path: Path | None, structure_path: Path | None) -> None:
    """Reports for a whole client list: the template, or a survey tool's export (Google
    Forms, Microsoft Forms, Typeform, SurveyMonkey, LimeSurvey, Qualtrics, Jotform; CSV
    or XLSX), as it comes.

    Writes one PDF and one JSON per client, overview.pdf and overview.xlsx across the
    clients, and batch-report.csv with every row's result and every column or value that
    was not used or read approximately. Exit code 0: all rows ok; 1: some rows failed (the
    others have their report) or a filled column matched nothing; 2: bad input, nothing
    produced.
    """
    from audit.batch.pipeline import REPORT_FILE, problem_line, run_batch
    from audit.batch.runner import default_workers
    from audit.batch.texts import texts

    if lang is None:
        from audit.brand import load_brand, report_language

        lang = report_language(None, None, load_brand(brand_path) if brand_path else None)
    t = texts(lang)
    questionnaire_path, questionnaire_id = _questionnaire(questionnaire_spec)
    mapping = None
    if map_path or suggest_path:
        from audit.batch.mapfile import load_map
        from audit.load import load_questionnaire

        questionnaire = load_questionnaire(questionnaire_path or questionnaire_id)
        mapping = load_map(map_path, questionnaire) if map_path else None
    if suggest_path:
        from audit.batch.mapfile import suggest_map
        from audit.batch.pipeline import read_list

        table = read_list(input_path, structure_path, lang, questionnaire)
        counts = suggest_map(table, questionnaire, lang, suggest_path, mapping)
        click.echo(t["map_written"].format(out=suggest_path, input=input_path, **counts))
        return
    from audit.register.hooks import default_register, enabled
    from audit.strings import count as counted
    from audit.strings import format_number, localized

    warned: list[str] = []

    def warn(text: str) -> None:
        text = localized(text, lang)  # a register or catalog message: in the batch's language
        if text not in warned:  # one line per reason
            warned.append(text)
            click.echo(f"warning: {text}", err=True)

    outcome = run_batch(input_path, outdir, brand_path=brand_path, lang=lang,
                        questionnaire_path=questionnaire_path, workers=workers or default_workers(),
                        force=force, pdf=not no_pdf, mapping=mapping,
                        register=(lambda: default_register(warn)) if enabled() else None,
                        warn=warn, structure=structure_path, questionnaire_id=questionnaire_id,
                        questionnaire_version=questionnaire_version)
    parsed, run = outcome.parsed, outcome.run
    if outcome.kept:  # reports skipped as up to date were kept by the run that wrote them
        click.echo(t["kept_register"].format(count=outcome.kept))
    # the first problems (all of them are in batch-report.csv): what stops the whole list (said
    # once), the rows not read, then the rows that failed to assess or render, then the overview
    lines = list_lines(parsed, lang)
    lines += [problem_line(parsed.source, p, lang) for r in outcome.bad_rows for p in r.problems
              if not p.per_list][:MAX_SHOWN]
    if len(lines) < MAX_SHOWN and run.failed:
        lines += [f"{parsed.source}: {t['word_row']} {r.row}: {r.error}"
                  for r in run.failures(MAX_SHOWN - len(lines))]
    if outcome.overview_error and len(lines) < MAX_SHOWN:
        lines.append(outcome.overview_error)
    for line in lines:
        click.echo(f"error: {line}", err=True)
    count = outcome.problem_count + run.failed + bool(outcome.overview_error)
    if count > len(lines):
        click.echo(t["summary_more"].format(count=count - len(lines), report=outdir / REPORT_FILE), err=True)
    for line in read_notes(parsed, lang)[:MAX_SHOWN * 2]:
        click.echo(line, err=True)
    click.echo(t["summary"].format(clients=counted(lang, "summary_clients", outcome.total, area="batch"),
                                   written=counted(lang, "summary_written", run.written, area="batch"),
                                   skipped=run.skipped, failed=outcome.failed_count,
                                   seconds=format_number(round(run.seconds, 1), lang)))
    if run.interrupted:
        click.echo(t["summary_interrupted"], err=True)
    elif outcome.ok_count == 0:
        raise InputError(parsed.source, t["summary_none_ok"].format(report=outdir / REPORT_FILE))
    click.echo(t["summary_files"].format(outdir=outdir, files=", ".join(outcome.outputs)))
    if outcome.exit_code:
        sys.exit(outcome.exit_code)


def _questionnaire(spec: str | None) -> tuple[Path | None, str | None]:
    """(file, None) for a file or id@version, which fixes the questionnaire; (None, id) for an
    id alone or nothing, whose version the list chooses (see run_batch)."""
    if spec is None:
        return None, None
    from audit.catalog import locate

    path = Path(spec)
    if "@" in spec or path.suffix or path.exists():
        return locate(spec)[0], None
    return None, spec


def list_lines(parsed, lang: str) -> list[str]:
    """Errors about the whole list, said once rather than for every row: the required questions
    without a column, the rows they stop, and how to fix it."""
    from audit.batch.texts import texts

    if not parsed.stopped:
        return []
    qid, version = parsed.questionnaire
    qids = [q for q in parsed.missing_required if q in parsed.stopped_by]
    return [f"{parsed.source}: " + texts(lang)["msg_no_columns_list"].format(
        qids=", ".join(qids), rows=rows_phrase(parsed.stopped, lang), questionnaire=qid, version=version)]


def rows_phrase(rows, lang: str) -> str:
    """ "row 3" / "rows 3, 5-9" in `lang` for RowRanges."""
    from audit.batch.texts import texts

    return f"{texts(lang)['word_row' if rows.single() else 'word_rows']} {rows}"


def read_notes(parsed, lang: str) -> list[str]:
    """What the terminal says about how the list was read, besides the errors: approximate
    matches, columns and values not used (one line each), then the tool's own columns in one
    line. Everything is also in batch-report.csv."""
    from audit.batch.pipeline import approx_lines
    from audit.batch.texts import note_text, texts

    t = texts(lang)
    src = parsed.source
    lines: list[str] = [f"note: {src}: {note_text(note, lang)}" for note in parsed.notes]
    qid, current = parsed.questionnaire
    for version, rows in parsed.other_versions.items():  # made with another version: said once
        key = "note_other_version" if parsed.no_column else "note_other_version_complete"
        lines.append(f"note: {src}: " + t[key].format(rows=rows_phrase(rows, lang), questionnaire=qid,
                                                      version=version,
                                                      current=current, qids=", ".join(parsed.no_column)))
    for col in parsed.columns:
        if col.role == "retired":
            lines.append(f"note: {src}: {col.label(lang)}: " + t["msg_retired_column"].format(
                qid=col.target, questionnaire=qid, version=current))
    for label, target in approx_lines(parsed.columns, lang):
        lines.append(f"warning: {src}: " + t["msg_approx_column"].format(column=label, target=target))
    for col in parsed.columns:
        if col.how == "approx" and col.role in ("question", "option", "company"):
            continue
        elif col.role == "unmatched" and not col.header:
            empty = t["msg_empty_header"].format(count=col.filled)
            lines.append(f"warning: {src}: {col.label(lang)}: {empty}")
        elif col.role in ("unmatched", "duplicate"):
            lines.append(f"warning: {src}: {col.label(lang)}: {t['status_column']}"
                         + (f" ({col.note})" if col.role == "duplicate" else ""))
    for notice in parsed.notices.values():
        rows = ", ".join(str(r) for r in notice.rows[:8]) + (" ..." if len(notice.rows) > 8 else "")
        where = f"{t['word_rows' if len(notice.rows) > 1 else 'word_row']} {rows}"
        if notice.column:
            lines.append(f"warning: {src}: {where}, {notice.column}: {notice.value!r}: {notice.message}")
        else:
            lines.append(f"warning: {src}: {notice.value!r}: {notice.message}")
    tool = [c.letter for c in parsed.columns if c.role in ("metadata", "ignored")]
    stamp = [c.letter for c in parsed.columns if c.role == "submitted"]
    person = [c.letter for c in parsed.columns if c.role == "respondent"]
    parts = []
    if tool:
        parts.append(t["note_tool_columns"].format(columns=", ".join(tool)))
    if stamp:
        parts.append(t["note_submitted"].format(columns=", ".join(stamp)))
    if person:
        parts.append(t["note_respondent"].format(columns=", ".join(person)))
    if parts:
        lines.append(f"note: {src}: " + "; ".join(parts))
    return lines
