"""A Qualtrics export with numeric values, read through the survey's own file (.qsf).

Qualtrics exports either the choice text or each choice's recode value ("numeric values").
The numbers mean nothing without the survey: its .qsf file (Survey > Tools > Import/Export >
Export survey) is JSON holding, per question (an "SQ" element), the export tag that heads its
column (`Q3`, or the tag the consultant gave it), its choices by id with their text, the
choice order, and the recode values when they were changed. `--structure survey.qsf` turns
each number into the choice's text, exactly by the question's own recodes:

- a single choice column `Q3`: the recode value (or, without recodes, the choice id);
- a multiple choice column `Q3`: those values comma-joined; split into `Q3_<choice>` columns,
  a 1 (or the choice's recode) in the choice's column;
- a matrix row `Q8_<statement>`: the recode of the answer column.

Nothing is guessed: a number the question does not have stays as it is, and the usual reading
reports it with row and column.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from audit.batch.readers import RawTable
from audit.errors import InputError

TAGS = re.compile(r"<[^>]*>")
MULTI_SELECTORS = {"MAVR", "MAHR", "MACOL", "MSB"}


@dataclass
class QsfQuestion:
    tag: str  # the export tag heading its column
    kind: str  # QuestionType: MC, Matrix, TE, Slider, ...
    selector: str
    choices: dict[str, str] = field(default_factory=dict)  # choice id -> text
    recodes: dict[str, str] = field(default_factory=dict)  # value in the export -> choice id
    answers: dict[str, str] = field(default_factory=dict)  # matrix: value in the export -> column text

    @property
    def multi(self) -> bool:
        return self.kind == "MC" and self.selector in MULTI_SELECTORS


def plain(text: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", str(text or ""))).split())


def is_qsf(path: Path) -> bool:
    """A .qsf by name, or JSON with SurveyElements."""
    if path.suffix.lower() == ".qsf":
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048).lstrip()
    except OSError:
        return False
    return head.startswith(b"{") and b"SurveyElements" in head or head.startswith(b'{"SurveyEntry"')


def _values(options: dict, recodes: dict) -> tuple[dict[str, str], dict[str, str]]:
    """(id -> text, export value -> id) of a Choices or Answers mapping with its recodes."""
    texts = {str(k): plain(v.get("Display", "")) for k, v in options.items() if isinstance(v, dict)}
    by_value: dict[str, str] = {}
    for key in texts:
        value = str(recodes.get(key, key)) if isinstance(recodes, dict) else key
        by_value.setdefault(value, key)
    return texts, by_value


def read_qsf(path: str | Path) -> dict[str, QsfQuestion]:
    """The questions of a Qualtrics survey file by export tag; any other file is one InputError line."""
    path = Path(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), "not a Qualtrics survey file (.qsf): not JSON "
                                    f"({type(exc).__name__})") from None
    elements = data.get("SurveyElements") if isinstance(data, dict) else None
    if not isinstance(elements, list):
        raise InputError(str(path), "not a Qualtrics survey file (.qsf): export it in Qualtrics with "
                                    "Tools > Import/Export > Export survey")
    questions: dict[str, QsfQuestion] = {}
    for element in elements:
        payload = element.get("Payload") if isinstance(element, dict) else None
        if not isinstance(element, dict) or element.get("Element") != "SQ" or not isinstance(payload, dict):
            continue
        tag = str(payload.get("DataExportTag") or element.get("PrimaryAttribute") or "").strip()
        if not tag:
            continue
        kind, selector = str(payload.get("QuestionType", "")), str(payload.get("Selector", ""))
        question = QsfQuestion(tag, kind, selector)
        choices = payload.get("Choices") if isinstance(payload.get("Choices"), dict) else {}
        recodes = payload.get("RecodeValues") if isinstance(payload.get("RecodeValues"), dict) else {}
        if kind == "Matrix":
            question.choices = {str(k): plain(v.get("Display", "")) for k, v in choices.items()
                                if isinstance(v, dict)}
            answers = payload.get("Answers") if isinstance(payload.get("Answers"), dict) else {}
            texts, by_value = _values(answers, recodes)
            question.answers = {value: texts[key] for value, key in by_value.items()}
        else:
            question.choices, question.recodes = _values(choices, recodes)
        questions[tag] = question
    if not questions:
        raise InputError(str(path), "this Qualtrics survey file holds no questions")
    return questions


SPLIT = re.compile(r"^(.+?)_(\d+)$")


def apply_qsf(table: RawTable, questions: dict[str, QsfQuestion], source: str) -> RawTable:
    """The table with each numeric value replaced by its choice text, by the question its column's
    export tag (row 1) names; a note says how many."""
    if not table.rows:
        return table
    names = [cell.strip() for cell in table.rows[0]]
    plan: dict[int, tuple[QsfQuestion, str]] = {}  # column -> (question, how: one|multi|split:<id>|row)
    for index, name in enumerate(names):
        if name in questions and questions[name].kind == "MC":
            plan[index] = (questions[name], "multi" if questions[name].multi else "one")
            continue
        match = SPLIT.match(name)
        question = questions.get(match.group(1)) if match else None
        if question is None:
            continue
        if question.kind == "Matrix" and match.group(2) in question.choices:
            plan[index] = (question, "row")
        elif question.multi and match.group(2) in question.choices:
            plan[index] = (question, f"split:{match.group(2)}")
    header_rows = 3 if len(table.rows) > 2 and table.rows[2] and \
        any(c.strip().startswith('{"ImportId"') for c in table.rows[2]) else 2
    values = 0
    rows = [list(r) for r in table.rows[:header_rows]]
    for cells in table.rows[header_rows:]:
        out = list(cells)
        for index, (question, how) in plan.items():
            raw = out[index].strip() if index < len(out) else ""
            if not raw:
                continue
            text = _text(question, how, raw)
            if text is not None:
                out[index], values = text, values + 1
        rows.append(out)
    note = (f"read through {Path(source).name}: {values} numeric values read as their choice texts "
            f"({len(plan)} columns)")
    return RawTable(table.source, table.fmt, rows, table.encoding, table.delimiter, [*table.notes, note],
                    table.skipped)


def _text(question: QsfQuestion, how: str, raw: str) -> str | None:
    if how == "one":
        key = question.recodes.get(raw)
        return question.choices.get(key) if key else None
    if how == "multi":
        parts = [p.strip() for p in raw.split(",")]
        keys = [question.recodes.get(p) for p in parts]
        if not all(keys):
            return None
        return ",".join(question.choices[k] for k in keys)
    if how == "row":
        return question.answers.get(raw)
    choice = how.split(":", 1)[1]  # split multi: the choice's own column
    if raw == "1" or question.recodes.get(raw) == choice:
        return question.choices.get(choice)
    return None
