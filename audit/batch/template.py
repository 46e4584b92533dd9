"""An empty client list to fill in: one row per client, one column per question.

Both formats have two header rows: row 1 holds the ids (company.name, ..., question ids),
which is what the batch command reads; row 2 holds the question texts in the chosen
language, for the person filling it in (the batch command recognises and skips it). The
XLSX adds, per question, a cell comment on row 2 with the allowed answers and the help
text, and dropdowns (data validation): option labels, Yes/No, 1-5, number ranges. A
multiple choice question has no dropdown (Excel allows one value per list): type the
labels joined by ";". The CSV uses ";" for Dutch (as Dutch and Flemish Excel expect) and
"," for English, both UTF-8 with BOM so that Excel shows accents correctly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from audit.answers import COMPANY_FIELDS
from audit.batch.texts import texts
from audit.files import atomic_path, write_atomic
from audit.languages import language
from audit.model import Question, Questionnaire
from audit.strings import strings

DATA_ROWS = 500  # rows that get dropdowns in the XLSX
COMPANY_IDS = [f"company.{f}" for f in COMPANY_FIELDS]


VERSION_ID = "questionnaire_version"


def header_rows(questionnaire: Questionnaire, lang: str) -> tuple[list[str], list[str]]:
    """Row 1 (ids) and row 2 (texts). The last column names the questionnaire version in row 2:
    a list filled in now and read after the questionnaire has changed reads the questions
    added since as not asked (see audit.batch.matching), instead of refusing every row."""
    t = texts(lang)
    ids = COMPANY_IDS + [q.id for q in questionnaire.questions] + [VERSION_ID]
    labels = [t[c] for c in COMPANY_IDS] + [q.text(lang) for q in questionnaire.questions]
    return ids, labels + [questionnaire.version]


def _number(value: float) -> str:
    return f"{value:g}"


def hint(question: Question, lang: str) -> str:
    """What a cell of this question may hold, for the XLSX comment."""
    t = texts(lang)
    lines = []
    if question.type in ("single", "multi"):
        lines.append(t[f"hint_{question.type}"])
        lines.append(f"{t['hint_options']}: " + "; ".join(o.label(lang) for o in question.options or []))
    elif question.type == "number":
        text = t["hint_number"]
        if question.min is not None and question.max is not None:
            text += " " + t["hint_from_to"].format(min=_number(question.min), max=_number(question.max))
        if question.unit:
            text += f" ({question.unit(lang)})"
        lines.append(text + ".")
    elif question.type == "scale":
        text = t["hint_scale"]
        lines.append(text + (f": {question.scale_labels(lang)}." if question.scale_labels else "."))
    else:
        lines.append(t[f"hint_{question.type}"])
    lines.append(t["hint_required"] if question.required else t["hint_optional"])
    if question.condition:
        lines.append(f"({strings(lang)['only_if']}: {question.condition})")
    if question.help:
        lines.append(question.help(lang))
    return "\n".join(lines)


def write_csv(questionnaire: Questionnaire, lang: str, out: Path) -> None:
    ids, labels = header_rows(questionnaire, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=language(lang).csv_delimiter, lineterminator="\r\n")
    writer.writerow(ids)
    writer.writerow(labels)
    write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_xlsx(questionnaire: Questionnaire, lang: str, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = texts(lang)
    ids, labels = header_rows(questionnaire, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = t["sheet_clients"]
    lists = book.create_sheet(t["sheet_lists"])
    lists.sheet_state = "hidden"
    sheet.append(ids)
    sheet.append(labels)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for cell in sheet[1]:
        cell.font = Font(size=8, color="777777")
        cell.fill = grey
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = grey
    sheet.row_dimensions[2].height = 75
    sheet.freeze_panes = "B3"
    first, last = 3, 2 + DATA_ROWS
    words = strings(lang)
    yes_no = f'"{words["answer_yes"]},{words["answer_no"]}"'
    list_column = 0
    for position, question in enumerate(questionnaire.questions, len(COMPANY_IDS) + 1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = 24
        comment = Comment(hint(question, lang), "smaudit")
        comment.width, comment.height = 300, 160
        sheet.cell(row=2, column=position).comment = comment
        area = f"{letter}{first}:{letter}{last}"
        validation = None
        if question.type == "single":
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=question.id)
            for row, option in enumerate(question.options or [], 2):
                lists.cell(row=row, column=list_column, value=option.label(lang))
            end = 1 + len(question.options or [])
            validation = DataValidation(type="list",
                                        formula1=f"'{lists.title}'!${list_letter}$2:${list_letter}${end}")
        elif question.type == "yesno":
            validation = DataValidation(type="list", formula1=yes_no)
        elif question.type == "scale":
            validation = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
        elif question.type == "number" and (question.min is not None or question.max is not None):
            low = _number(question.min) if question.min is not None else "-1E+300"
            high = _number(question.max) if question.max is not None else "1E+300"
            validation = DataValidation(type="decimal", operator="between", formula1=low, formula2=high)
        if validation is not None:
            validation.allow_blank = True
            validation.error = hint(question, lang)
            validation.errorTitle = question.id
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(area)
    for position in range(1, len(COMPANY_IDS) + 1):
        sheet.column_dimensions[get_column_letter(position)].width = 22 if position == 1 else 16
    version = sheet.cell(row=2, column=len(ids))
    version.comment = Comment(t["hint_version"], "smaudit")
    version.comment.width, version.comment.height = 300, 100
    with atomic_path(out) as tmp:
        book.save(tmp)


def write_template(questionnaire: Questionnaire, fmt: str, lang: str, out: str | Path) -> None:
    out = Path(out)
    if fmt == "csv":
        write_csv(questionnaire, lang, out)
    else:
        write_xlsx(questionnaire, lang, out)
