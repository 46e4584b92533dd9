"""Web submissions -> the client list of `smaudit template` (so `smaudit batch` reads them).

The file starts as the batch template itself (same two header rows, same dropdowns), then
gets one row per submission: company columns, then per question the option labels in the
export language (multiple choice joined by ";"), yes/no words, numbers as numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from audit.answers import COMPANY_FIELDS
from audit.files import atomic_path, write_atomic
from audit.model import Question, Questionnaire
from audit.web.store import Store, Submission


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
        return {"yes": {"nl": "Ja", "en": "Yes"}, "no": {"nl": "Nee", "en": "No"}}[value][lang]
    return value


def rows(submissions: list[Submission], questionnaire: Questionnaire, lang: str) -> list[list[Any]]:
    from audit.web.report import current_values

    out = []
    for sub in submissions:
        values = current_values(sub.answers, questionnaire)
        row: list[Any] = [sub.company.get(f) or None for f in COMPANY_FIELDS]
        row += [cell(q, values.get(q.id), lang) for q in questionnaire.questions]
        out.append(row)
    return out


def export_submissions(database: Path, questionnaire: Questionnaire, out: Path,
                       include_all: bool = False, lang: str = "nl") -> int:
    """Write the submissions (completed ones, or all) to `out` (.xlsx or .csv); returns the count."""
    from audit.batch.template import header_rows, write_xlsx

    subs = [s for s in reversed(Store(database).all()) if include_all or s.completed]
    subs = [s for s in subs if s.questionnaire == questionnaire.id]
    data = rows(subs, questionnaire, lang)
    if out.suffix.lower() == ".csv":
        ids, labels = header_rows(questionnaire, lang)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if lang == "nl" else ",", lineterminator="\r\n")
        writer.writerow(ids)
        writer.writerow(labels)
        for row in data:
            writer.writerow(["" if v is None else v for v in row])
        write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
        return len(data)
    from openpyxl import load_workbook

    with atomic_path(out) as tmp:
        template = tmp.with_name(tmp.name + ".template.xlsx")
        try:
            write_xlsx(questionnaire, lang, template)
            book = load_workbook(template)
        finally:
            template.unlink(missing_ok=True)
        sheet = book.worksheets[0]
        for row in data:
            sheet.append(row)
        book.save(tmp)
    return len(data)
