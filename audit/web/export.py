"""Web submissions -> the client list of `smaudit template` (so `smaudit batch` reads them).

The file starts as the batch template itself (same two header rows, same dropdowns), then
gets one row per submission: company columns, then per question the option labels in the
export language (multiple choice joined by ";"), yes/no words, numbers as numbers.

Everything a company typed is untrusted: control characters are removed (and reported), and
text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is written
as text in XLSX and prefixed with an apostrophe in CSV. A submission that cannot be written
is reported and skipped; the others are still exported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.answers import COMPANY_FIELDS
from audit.files import atomic_path, write_atomic
from audit.languages import language
from audit.model import Question, Questionnaire
from audit.store import Store, Submission

# C0 and C1 control characters except tab, line feed and carriage return: XLSX cannot hold
# them at all, and in a CSV they only hide things from whoever reads it.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportResult:
    written: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)  # one line per cleaned cell or skipped submission


def strip_controls(text: str) -> tuple[str, int]:
    """`text` without control characters, and how many were removed."""
    cleaned, count = CONTROL_RE.subn("", text)
    return cleaned, count


def formula_like(value: Any) -> bool:
    """Text that Excel, LibreOffice or Sheets would evaluate when the file is opened."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    return "'" + value if formula_like(value) else value


def cell(question: Question, value: Any, lang: str) -> Any:
    """One answer as the batch importer reads it back (it accepts labels and ids alike)."""
    if value is None:
        return None
    if question.type == "single":
        option = question.option(value)
        return option.label(lang) if option else value
    if question.type == "multi":
        return "; ".join(question.option(v).label(lang) if question.option(v) else v for v in value)
    if question.type == "yesno":
        from audit.strings import strings

        return strings(lang, "web")[f"answer_{value}"]
    return value


def _describe(sub: Submission) -> str:
    """How a problem names a submission: company name, start time and /admin key prefix."""
    name = sub.company.get("name") if isinstance(sub.company, dict) else None
    name = strip_controls(str(name or "?"))[0]
    return f"submission {name!r} (started {sub.created}, key {sub.key[:12]})"


def row_of(sub: Submission, questionnaire: Questionnaire, lang: str, problems: list[str]) -> list[Any]:
    """One submission's row; every control character removed is reported in `problems`."""
    from audit.answers import visible
    from audit.web.report import current_values

    values = current_values(sub.answers, questionnaire)
    shown = visible(questionnaire, values)  # answers kept for hidden questions are not exported
    values = {qid: v for qid, v in values.items() if shown.get(qid)}
    columns = list(COMPANY_FIELDS) + [q.id for q in questionnaire.questions]
    row: list[Any] = [sub.company.get(f) or None for f in COMPANY_FIELDS]
    row += [cell(q, values.get(q.id), lang) for q in questionnaire.questions]
    row.append(sub.questionnaire_version or None)  # the version it was answered with (template's last column)
    columns.append("questionnaire_version")
    for i, value in enumerate(row):
        if isinstance(value, str):
            row[i], removed = strip_controls(value)
            if removed:
                problems.append(f"{_describe(sub)}, column {columns[i]}: "
                                f"{removed} control character(s) removed")
    return row


def rows(submissions: list[Submission], questionnaire: Questionnaire, lang: str,
         result: ExportResult | None = None) -> list[list[Any]]:
    """Rows of the submissions that could be written; the others are reported in `result`."""
    result = result if result is not None else ExportResult()
    out = []
    for sub in submissions:
        cleaned: list[str] = []
        try:
            row = row_of(sub, questionnaire, lang, cleaned)
        except Exception as exc:  # noqa: BLE001 - one bad submission must not stop the export
            result.problems.append(f"{_describe(sub)}: skipped, it could not be written ({exc})")
            result.skipped += 1
            continue
        result.problems.extend(cleaned)
        out.append(row)
    return out


def write_rows(data: list[list[Any]], questionnaire: Questionnaire, out: Path, lang: str) -> None:
    """The client list file (.csv or .xlsx) with the template's header and these rows."""
    from audit.batch.template import header_rows, write_xlsx

    if out.suffix.lower() == ".csv":
        ids, labels = header_rows(questionnaire, lang)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=language(lang).csv_delimiter, lineterminator="\r\n")
        writer.writerow(ids)
        writer.writerow(labels)
        for row in data:
            writer.writerow([csv_cell(v) for v in row])
        write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        return
    from openpyxl import load_workbook

    with atomic_path(out) as tmp:
        template = tmp.with_name(tmp.name + ".template.xlsx")
        try:
            write_xlsx(questionnaire, lang, template)
            book = load_workbook(template)
        finally:
            template.unlink(missing_ok=True)
        sheet = book.worksheets[0]
        for number, row in enumerate(data, sheet.max_row + 1):
            for column, value in enumerate(row, 1):
                if value is None:
                    continue
                target = sheet.cell(row=number, column=column)
                target.value = value
                if isinstance(value, str):
                    target.data_type = "s"  # openpyxl would store "=..." as a live formula
                    if formula_like(value):
                        target.quotePrefix = True  # and Excel keeps it text when the cell is edited
        book.save(tmp)


def export_submissions(store: Store, questionnaire: Questionnaire, out: Path,
                       include_all: bool = False, lang: str = "nl") -> ExportResult:
    """Write the submissions (completed ones, or all; oldest first) to `out` (.xlsx or .csv)."""
    subs = [s for s in store.all() if include_all or s.completed]
    subs = [s for s in subs if s.questionnaire == questionnaire.id]
    result = ExportResult()
    data = rows(subs, questionnaire, lang, result)
    write_rows(data, questionnaire, out, lang)
    result.written = len(data)
    return result
