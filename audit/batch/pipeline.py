"""`smaudit batch` from start to end: read the list, assess every good row, render the
reports, write the overview and the run report (batch-report.csv)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.batch.columns import Column
from audit.batch.matching import ParsedList, Problem, RowResult
from audit.batch.runner import RunResult
from audit.batch.runstore import PAGE, RunStore
from audit.batch.texts import note_text, texts
from audit.files import atomic_path
from audit.languages import language

REPORT_FILE = "batch-report.csv"
KEEP_CHUNK = 200  # assessments kept in the client register per transaction


MAX_KEPT_UNREAD = 50  # rows not read kept in memory for the terminal; all are in the run file


@dataclass
class BatchOutcome:
    parsed: ParsedList  # the list's columns and notices (its rows are not kept: see bad_rows)
    run: RunResult
    total: int = 0  # client rows in the list
    bad_rows: list[RowResult] = field(default_factory=list)  # the first rows not read, with their problems
    bad_count: int = 0  # rows not read (all in the run file, with their problems)
    problem_count: int = 0  # their problems
    outputs: list[str] = field(default_factory=list)
    overview_error: str = ""
    pdf: bool = True
    kept: int = 0  # assessments kept in the client register

    @property
    def failed_count(self) -> int:
        """Rows without a report: not read, or failed to assess or render."""
        return self.bad_count + self.run.failed

    @property
    def ok_count(self) -> int:
        return self.run.ok

    @property
    def exit_code(self) -> int:
        if self.run.interrupted:
            return 130
        if self.ok_count == 0:
            return 2
        return 1 if self.failed_count or self.overview_error or self.unused_data else 0

    @property
    def unused_data(self) -> bool:
        """Filled cells in a column that matched nothing: answers may be missing from reports."""
        return any(c.role == "unmatched" and c.filled for c in self.parsed.columns)


def problem_line(source: str, problem: Problem, lang: str = "en") -> str:
    where = f"{texts(lang)['word_row']} {problem.row}"
    if problem.column and problem.column != "-":
        where += f", {problem.column}"
    return f"{source}: {where}: {problem.message}"


class RegisterKeeper:
    """Keeps a batch's assessments in the client register as they are made: KEEP_CHUNK records
    (made in the workers, see register.core.record) per transaction, in a few bulk statements,
    written by a thread of their own so the list goes on being read meanwhile (at most two
    chunks wait: memory stays flat). `open_register` is called there at the first write (a
    list that yields nothing makes no store); a register that cannot be opened or written is
    said once (by `open_register`, or by `finish`); the reports are done anyway."""

    def __init__(self, open_register: Callable[[], Any], warn: Callable[[str], None]):
        import queue

        self.open, self.register, self.warn = open_register, None, warn
        self.pending: list[dict[str, Any]] = []
        self.queue: Any = queue.Queue(maxsize=2)
        self.thread: Any = None
        self.kept = 0
        self.broken = False
        self.error = ""

    def add(self, record: dict[str, Any]) -> None:
        if not self.broken:
            self.pending.append(record)
            if len(self.pending) >= KEEP_CHUNK:
                self._send()

    def _send(self) -> None:
        import threading

        if self.thread is None:
            self.thread = threading.Thread(target=self._write, name="register", daemon=True)
            self.thread.start()
        chunk, self.pending = self.pending, []
        self.queue.put(chunk)

    def _write(self) -> None:
        while (chunk := self.queue.get()) is not None:
            if self.broken:
                continue
            try:
                if self.register is None:
                    self.register = self.open()
                    if self.register is None:
                        self.broken = True
                        continue
                self.kept += self.register.keep_records(chunk)
            except Exception as exc:  # noqa: BLE001 - the reports are done; the register is a bonus here
                self.broken = True
                self.error = f"not kept in the client register: {exc}"

    def finish(self) -> None:
        """Write what is left and wait for the writer."""
        if self.pending and not self.broken:
            self._send()
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
        if self.error:
            self.warn(self.error)


def run_batch(input_path: Path, outdir: Path, *, brand_path: Path | None, lang: str = "nl",
              questionnaire_path: Path | None = None, workers: int = 1, force: bool = False,
              pdf: bool = True, progress: bool = True, mapping: dict[str, Any] | None = None,
              register: Callable[[], Any] | None = None, warn: Callable[[str], None] = lambda text: None,
              structure: Path | None = None, questionnaire_id: str | None = None,
              questionnaire_version: str | None = None) -> BatchOutcome:
    """Read, assess, write and keep (`register`: opens the client register) every client of the
    list in one stream: rows are read as the workers take them, and each finished client leaves
    only a small result, its overview line and its register record (written in chunks), so
    memory does not grow with the list.

    The questionnaire is `questionnaire_path` when given, else questionnaire `questionnaire_id`
    (default: the catalog's) in the version the list was made with (`questionnaire_version`,
    else its `questionnaire_version` column) when that is installed, else its newest: rows
    made with another version read the questions added since as not asked (audit.batch.matching)."""
    from audit import catalog
    from audit.answers import to_mapping
    from audit.batch.matching import RowReader
    from audit.batch.names import Stems
    from audit.batch.overview import Overview
    from audit.batch.runner import Job, JobResult, answers_key, fingerprint, run_jobs
    from audit.load import load_questionnaire

    # The sheet of answers in a workbook is found by the questionnaire's texts: the one named, or
    # the catalog's newest (every version asks mostly the same questions).
    table = read_list(input_path, structure, lang, load_questionnaire(
        questionnaire_path or catalog.find(questionnaire_id or catalog.DEFAULT_ID, None)[0]))
    if questionnaire_path is None:
        from audit import catalog

        named = {questionnaire_version} if questionnaire_version else named_versions(table)
        questionnaire_path, note = catalog.find(questionnaire_id or catalog.DEFAULT_ID,
                                                next(iter(named)) if len(named) == 1 else None)
        if note:
            from audit.strings import localized

            warn(f"{input_path}: {localized(note, lang)}")
    questionnaire = load_questionnaire(questionnaire_path)
    brand_root = None
    if pdf:
        from audit.brand import load_brand

        brand_root = load_brand(brand_path).root  # a bad brand kit stops here, before any work
    reader = RowReader(table, questionnaire, lang, mapping, version=questionnaire_version or "")
    stems = Stems((n, company) for n, company in reader.companies() if company.get("name"))
    base = fingerprint(questionnaire, brand_root, lang, pdf)
    source = str(Path(questionnaire_path).resolve()) if questionnaire_path else None
    store = RunStore(outdir)
    bad: list[RowResult] = []
    unread = [0, 0]  # rows not read, their problems (but those said once for the list)

    def jobs():
        for row in reader:
            if row.ok:
                key = answers_key(base, to_mapping(row.answers, questionnaire))
                yield Job(row.row, stems[row.row], row.company["name"], key, row.answers, source, lang)
            else:
                store.add_unread(row.row, row.company.get("name", ""),
                                 [(p.column, p.value, p.message) for p in row.problems])
                unread[0] += 1
                unread[1] += sum(not p.per_list for p in row.problems)  # those are said once
                if len(bad) < MAX_KEPT_UNREAD:
                    bad.append(row)

    overview = Overview(lang, store)
    keeper = RegisterKeeper(register, warn) if register is not None else None

    def take(result: JobResult) -> None:
        if result.summary is not None:
            overview.add(result.summary, result.row)
        if result.record is not None and keeper is not None:
            keeper.add(result.record)

    brand_path = Path(brand_path).resolve() if brand_path else None  # workers may start elsewhere
    try:
        run = run_jobs(jobs(), outdir, brand_path, workers=workers, pdf=pdf, force=force, progress=progress,
                       total=len(reader), keep=keeper is not None, on_result=take, store=store)
        if keeper is not None:
            keeper.finish()
        reader.finish()
        outcome = BatchOutcome(reader.parsed, run, len(reader), bad, unread[0], unread[1], pdf=pdf,
                               kept=keeper.kept if keeper else 0)
        if not run.interrupted and outcome.ok_count:
            _add_saved(overview, run, outdir)
            data = overview.data()
            if register is not None:
                data["benchmark"] = _benchmark(keeper.register if keeper else None, register, data, warn)
            _write_overview(outcome, data, outdir, brand_path, pdf)
        write_report(outcome, outdir / REPORT_FILE, lang)
        outcome.outputs.append(REPORT_FILE)
    finally:
        store.close()
        stems.close()
    return outcome


def named_versions(table: Any) -> set[str]:
    """The questionnaire versions a list's `questionnaire_version` column names (row 1 holds
    the column's name; the template writes the version in row 2)."""
    from audit.answers import fold
    from audit.batch.columns import VERSION_HEADERS

    if not table.rows:
        return set()
    at = next((i for i, h in enumerate(table.rows[0]) if fold(h) in VERSION_HEADERS), None)
    if at is None:
        return set()
    return {row[at].strip() for row in table.rows[1:]
            if at < len(row) and row[at].strip() and fold(row[at]) not in VERSION_HEADERS}


def read_list(input_path: Path, structure: Path | None, lang: str, questionnaire: Any = None) -> Any:
    """The client list as a table; codes and numbers read through the survey's own file when
    `structure` is given: a LimeSurvey structure file (audit/batch/structure.py) or a Qualtrics
    survey file (audit/batch/qsf.py). In a workbook of several sheets, the one whose header names
    the most questions of `questionnaire` holds the answers."""
    from audit.batch.columns import sheet_score
    from audit.batch.readers import read_table

    table = read_table(input_path, sheet_score(questionnaire) if questionnaire is not None else None)
    if structure is not None:
        from audit.batch.qsf import apply_qsf, is_qsf, read_qsf

        if is_qsf(Path(structure)):
            return apply_qsf(table, read_qsf(structure), str(structure))
        from audit.batch.structure import apply_structure, read_structure

        table = apply_structure(table, read_structure(structure), lang)
    return table


def _benchmark(kept_in: Any, open_register: Callable[[], Any], data: dict[str, Any],
               warn: Callable[[str], None]) -> dict[str, Any] | None:
    """Peer benchmarks of the list's sector and size class groups, from the register (which now
    holds this list too): audit.benchmark.group_benchmarks. None when there is no register."""
    from audit.benchmark import group_benchmarks

    register = kept_in or open_register()
    if register is None:
        return None
    try:
        return group_benchmarks(register, str(data["questionnaire"].get("id") or ""),
                                data["clients"].sectors(),
                                [(d["id"], d["name"]) for d in data["dimensions"]], data["lang"])
    except Exception as exc:  # noqa: BLE001 - the overview is written without it, said once
        warn(f"no peer benchmark in the overview: {exc}")
        return None


def _add_saved(overview: Any, run: RunResult, outdir: Path) -> None:
    """Clients skipped as up to date: their overview line from their saved assessment (read
    one at a time, in list order, from the run file)."""
    from audit.assessment import Assessment
    from audit.batch.overview import summarize

    for result in run.results("skipped = 1 AND ok = 1"):
        data = json.loads((outdir / f"{result.stem}.json").read_text(encoding="utf-8"))
        overview.add(summarize(result.stem, Assessment.from_dict(data)), result.row)
        if run.store.buffered >= PAGE:  # the run is over: every file is in place
            run.store.commit()


def _write_overview(outcome: BatchOutcome, data: dict[str, Any], outdir: Path, brand_path: Path | None,
                    pdf: bool) -> None:
    from audit.batch.overview import write_overview_pdf, write_overview_xlsx

    write_overview_xlsx(data, outdir / "overview.xlsx")
    outcome.outputs.append("overview.xlsx")
    if pdf:
        from audit.brand import load_brand

        try:
            write_overview_pdf(data, load_brand(brand_path), outdir / "overview.pdf")
            outcome.outputs.insert(0, "overview.pdf")
        except Exception as exc:  # the client reports are done; say what failed, exit 1
            outcome.overview_error = f"overview.pdf: {type(exc).__name__}: {exc}"


def report_rows(outcome: BatchOutcome, lang: str) -> Iterator[list[str]]:
    """One line per client row (ok, or each of its problems), then per unused column, unknown
    value and missing column: row, status, company, file, column, value, message. The rows
    come from the run file in list order, a page at a time."""
    t = texts(lang)
    store = outcome.run.store
    unread = store.unread()
    results = outcome.run.results()
    bad, result = next(unread, None), next(results, None)
    while bad is not None or result is not None:
        if result is None or bad is not None and bad[0] < result.row:
            row, name, problems = bad
            for column, value, message in problems:
                yield [str(row), t["status_error"], name, "", column, value, message]
            bad = next(unread, None)
            continue
        file = f"{result.stem}.pdf" if outcome.pdf else f"{result.stem}.json"
        if not result.ok:
            yield [str(result.row), t["status_render_error"], result.name, file, "", "", result.error]
        else:
            status = t["status_skipped"] if result.skipped else t["status_ok"]
            yield [str(result.row), status, result.name, file, "", "", ""]
        result = next(results, None)
    yield from column_lines(outcome.parsed, lang)
    if outcome.overview_error:
        yield ["", t["status_render_error"], "", "overview.pdf", "", "", outcome.overview_error]


def column_lines(parsed: ParsedList, lang: str) -> list[list[str]]:
    """Per column that is not plainly used, per value read in a way to know, per unknown value
    and per missing column: what the run did with it (row, status, -, -, column, value, message)."""
    t = texts(lang)
    rows: list[list[str]] = []
    header_row = str(parsed.skipped + (parsed.header_rows if parsed.header_rows > 1 else 1))
    for note in parsed.notes:  # how the list was read: a title above the header, the survey's file
        rows.append(["", t["status_notice"], "", "", "", "", note_text(note, lang)])
    for label, target in approx_lines(parsed.columns, lang):
        rows.append([header_row, t["status_notice"], "", "", label, "", t["msg_approx_column"].format(
            column=label, target=target)])
    for col in parsed.columns:
        label = col.label(lang)
        message = ""
        status = t["status_column"]
        if col.role == "unmatched" and not col.header:
            message = t["msg_empty_header"].format(count=col.filled)
        elif col.role == "unmatched":
            message = (t["msg_unmatched_option"].format(qid=col.note.split()[-1])
                       if col.note.startswith("option of") else t["msg_unmatched_column"])
        elif col.role == "duplicate":
            message = col.note
        elif col.role == "metadata":
            message = t["msg_metadata_column"]
        elif col.role == "ignored":
            message = t["msg_ignored_column"]
        elif col.role == "submitted":
            status, message = t["status_notice"], t["msg_submitted_column"]
        elif col.role == "respondent":
            status, message = t["status_notice"], t["msg_respondent_column"]
        elif col.role == "retired":
            status, message = t["status_notice"], t["msg_retired_column"].format(
                qid=col.target, questionnaire=parsed.questionnaire[0], version=parsed.questionnaire[1])
        if message:
            rows.append([header_row, status, "", "", label, "", message])
    for notice in parsed.notices.values():
        status = t["status_duplicate"] if notice.column == "" else t["status_notice"]
        first = str(notice.rows[0]) if notice.rows and notice.column else ""
        message = notice.message
        if len(notice.rows) > 1 and notice.column:
            shown = ", ".join(str(r) for r in notice.rows[:20]) + (" ..." if len(notice.rows) > 20 else "")
            message += f" ({t['word_rows']} {shown})"
        rows.append([first, status, notice.value if not notice.column else "", "", notice.column,
                     notice.value if notice.column else "", message])
    for label, counter in parsed.unmatched_values.items():
        for value, count in counter.most_common():
            rows.append(["", t["status_value"], "", "", label, value,
                         t["msg_unmatched_value"].format(count=count)])
    other = ", ".join(parsed.other_versions)
    for qid in parsed.no_column:
        if other:  # rows made with another version: not asked there
            rows.append(["", t["status_notice"], "", "", "", "", t["msg_not_asked_column"].format(
                qid=qid, versions=other)])
    for qid in (q for q in parsed.missing_required if q in parsed.stopped_by):
        rows.append(["", t["status_missing_column"], "", "", "", "", t["msg_missing_column"].format(
            qid=qid, questionnaire=parsed.questionnaire[0], version=parsed.questionnaire[1])])
    return rows


def letters(columns: list[Column]) -> str:
    """K-U for a run of neighbouring columns, else K, M, P."""
    runs: list[list[int]] = []
    for index in sorted(c.index for c in columns):
        if runs and runs[-1][1] + 1 == index:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    from audit.batch.readers import column_letter

    return ", ".join(column_letter(a) if a == b else f"{column_letter(a)}-{column_letter(b)}"
                     for a, b in runs)


def approx_lines(columns: list[Column], lang: str) -> list[tuple[str, str]]:
    """(columns, target) per approximate match: the option columns of one question whose title
    was matched approximately are one line (an edited title of an 11-option question is one
    thing to check, not eleven), every other approximate match a line of its own."""
    groups: dict[tuple[str, str, str], list[Column]] = {}
    for col in columns:
        if col.how == "approx" and col.role in ("question", "option", "company"):
            # option columns matched on one edited title share it; an edited label is its own
            key = (col.role, col.target, col.matched_text if col.role == "option" else f"#{col.index}")
            groups.setdefault(key, []).append(col)
    lines = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            lines.append((first.label(lang), target_text(first, lang)))
            continue
        word = texts(lang)["word_columns"]
        question = Column(first.index, first.header, "question", first.target)
        lines.append((f"{word} {letters(group)} ({first.matched_text})", target_text(question, lang)))
    return lines


def target_text(col: Column, lang: str = "en") -> str:
    dutch = lang.split("-")[0] == "nl"
    word = "vraag" if dutch else "question"
    if col.role == "company":
        return f"company.{col.target}"
    if col.role == "option":
        return f"{word} {col.target}, {'antwoord' if dutch else 'option'} {col.option}"
    return f"{word} {col.target}"


def write_report(outcome: BatchOutcome, out: Path, lang: str) -> None:
    """batch-report.csv, written a line at a time, that Excel opens as it is: UTF-8 with BOM,
    ';' for Dutch and ',' for English."""
    t = texts(lang)
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=language(lang).csv_delimiter, lineterminator="\r\n")
        writer.writerow([t["report_row"], t["report_status"], t["report_company"], t["report_file"],
                         t["report_column"], t["report_value"], t["report_message"]])
        writer.writerows(_safe(row) for row in report_rows(outcome, lang))


def _safe(row: list[Any]) -> list[str]:
    """Client text must not run as a formula when the report is opened in Excel."""
    return ["'" + str(v) if str(v)[:1] in ("=", "+", "-", "@") and not _is_number(str(v)) else str(v)
            for v in row]


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False
