"""How a survey tool lays out its header: which rows are headers, and what each column is.

Tools differ in where the question and the option of a column stand:

- one header row (Google Forms, Microsoft Forms, Jotform, Typeform, Excel): the question
  text; LimeSurvey and Google grids write "Question [Option]" and LimeSurvey's codes
  "goals[SQ001]" (optionally "goals[SQ001]. Question [Option]"); Typeform heads each
  choice column with the bare choice label (found later, from runs of such columns);
- SurveyMonkey: two header rows; row 1 holds the question over its first column only, row 2
  "Response", "Open-Ended Response" or, per option column, the option's label;
- Qualtrics: three header rows; row 1 the field names (Q3, Q3_1, Q3_8_TEXT), row 2 the
  question text ("Question - Option" for split choices), row 3 {"ImportId":"QID3_1"};
- smaudit's own template: row 1 ids, row 2 the question texts (recognised by the matcher).

The result is one Field per column with the text to match; nothing is matched here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from audit.answers import fold

IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:', re.IGNORECASE)
IMPORT_ID_VALUE = re.compile(r'"ImportId"\s*:\s*"([^"]*)"', re.IGNORECASE)
# LimeSurvey: "code[sub]", "code[sub]. Question [Option]", "code. Question", "Question [Option]".
CODE_SUB = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\[([^\[\]]+)\](?:\[([^\[\]]+)\])?$")
CODE_TEXT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*(?:\[[^\[\]]+\])?)\.\s+(.+)$")
TEXT_OPTION = re.compile(r"^(.+?)\s*\[([^\[\]]+)\]\s*$")
SELECTED_CHOICE = re.compile(r"\s+-\s+(selected choice|geselecteerde keuze|gekozen antwoord)\s*$",
                             re.IGNORECASE)
QUALTRICS_CODE = re.compile(r"^(.+?)_(\d+)(?:_(TEXT))?$", re.IGNORECASE)
# What SurveyMonkey writes in row 2 over a whole-question column (English and Dutch accounts).
RESPONSE_WORDS = {"response", "open ended response", "antwoord", "open antwoord", "respons",
                  "open respons", "reactie", "open reactie", "answer", "open answer"}


@dataclass
class Field:
    """One column: its header as the user sees it, and the parts to match."""

    index: int
    header: str  # all header rows joined with " / ", for messages
    title: str  # the question part
    option: str = ""  # the option part, "" for a whole-question column
    code: str = ""  # the tool's own name (Qualtrics Q3_1, LimeSurvey goals[SQ001])
    sub: str = ""  # the code's option part (SQ001, 1, other)
    text_of_option: bool = False  # Qualtrics Q3_8_TEXT / LimeSurvey [other]: free text
    tool_data: bool = False  # the tool says it is no question (Qualtrics: an ImportId not QID...)


@dataclass
class Layout:
    tool: str  # qualtrics | surveymonkey | one-row
    header_rows: int
    fields: list[Field] = field(default_factory=list)


def _cells(rows: list[list[str]], n: int, width: int) -> list[str]:
    row = rows[n] if n < len(rows) else []
    return [(row[i] if i < len(row) else "").strip() for i in range(width)]


def is_qualtrics(rows: list[list[str]]) -> bool:
    if len(rows) < 3:
        return False
    filled = [c for c in rows[2] if c.strip()]
    return bool(filled) and sum(bool(IMPORT_ID.match(c.strip())) for c in filled) * 2 >= len(filled)


def is_surveymonkey(rows: list[list[str]]) -> bool:
    """Row 2 says "Response" over whole-question columns, or names options under empty row-1 cells."""
    if len(rows) < 2:  # the two header rows alone: an export without responses yet
        return False
    first, second = rows[0], rows[1]
    width = min(len(first), len(second))
    words = sum(1 for c in second if fold(c) in RESPONSE_WORDS)
    under_blank = sum(1 for i in range(1, width) if not first[i].strip() and second[i].strip())
    # At least one "Response" word: a client row under a one-row header never looks like this
    # by chance (two empty-headed columns with data would, and would lose that client).
    return words >= 2 or words >= 1 and under_blank >= 1


def split_header(index: int, header: str) -> Field:
    """A one-row header into question, option and code parts (LimeSurvey and grid styles)."""
    text = header.strip()
    match = CODE_TEXT.match(text)
    code = ""
    if match and ("[" in match.group(1) or " " in match.group(2)):
        code, text = match.group(1), match.group(2).strip()
    elif CODE_SUB.match(text):
        code, text = text, ""
    sub = ""
    if code:
        parts = CODE_SUB.match(code)
        if parts:
            sub = parts.group(3) or parts.group(2)
    title, option = text, ""
    parts = TEXT_OPTION.match(text) if text else None
    if parts:
        title, option = parts.group(1).strip(), parts.group(2).strip()
    if not text and code:
        base = CODE_SUB.match(code)
        title = base.group(1) if base else code
    free = fold(sub) in ("other", "comment") or fold(option) in ("other", "anders", "overig")
    return Field(index, header.strip(), title, option, code, sub, text_of_option=free and bool(sub))


def _qualtrics_fields(rows: list[list[str]], width: int) -> list[Field]:
    names, texts, ids = _cells(rows, 0, width), _cells(rows, 1, width), _cells(rows, 2, width)
    fields = []
    for i in range(width):
        name, text = names[i], texts[i]
        header = " / ".join(p for p in (name, text) if p)
        text = SELECTED_CHOICE.sub("", text)  # the choice column of a question with a text box
        match = QUALTRICS_CODE.match(name)
        title, option, sub, free = text or name, "", "", False
        if match and " - " in text:
            sub, free = match.group(2), bool(match.group(3))
            parts = text.split(" - ")
            if free and len(parts) >= 3 and fold(parts[-1]) in ("text", "tekst"):
                title, option = " - ".join(parts[:-2]), parts[-2]
            else:
                title, option = " - ".join(parts[:-1]), parts[-1]
        elif match and match.group(3):  # Q3_8_TEXT without the " - " texts
            sub, free = match.group(2), True
        import_id = IMPORT_ID_VALUE.search(ids[i])
        tool_data = bool(import_id) and not import_id.group(1).upper().startswith("QID")
        fields.append(Field(i, header, title.strip(), option.strip(), name, sub, free, tool_data))
    return fields


def _surveymonkey_fields(rows: list[list[str]], width: int) -> list[Field]:
    first, second = _cells(rows, 0, width), _cells(rows, 1, width)
    fields, title = [], ""
    for i in range(width):
        sub = second[i]
        if first[i] and not sub:  # a column of its own (tool data, or one a consultant added):
            fields.append(Field(i, first[i], first[i], ""))  # the question before it goes on after it
            continue
        if first[i]:
            title = first[i]
        elif not sub:
            title = ""  # an empty column: no question carries over it
        header = " / ".join(p for p in (first[i] or (f"({title})" if title and sub else ""), sub) if p)
        if fold(sub) in RESPONSE_WORDS or not sub:
            fields.append(Field(i, header or "", title if first[i] or sub else "", ""))
        else:
            fields.append(Field(i, header, title, sub, text_of_option=False))
    return fields


def detect(rows: list[list[str]]) -> Layout:
    """The header rows and one Field per column of a table read by `readers.read_table`."""
    width = max((len(r) for r in rows[:3]), default=0)
    if is_qualtrics(rows):
        return Layout("qualtrics", 3, _qualtrics_fields(rows, width))
    if is_surveymonkey(rows):
        return Layout("surveymonkey", 2, _surveymonkey_fields(rows, width))
    header = _cells(rows, 0, width)
    return Layout("one-row", 1, [split_header(i, h) for i, h in enumerate(header)])
