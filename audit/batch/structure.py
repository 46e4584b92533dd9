"""A LimeSurvey export named by codes, read through the survey's structure file (.lss).

LimeSurvey can export responses with question codes as headings (`G01Q03`, `G01Q05[SQ001]`,
`G01Q05[other]`) and answer codes as values (`AO01`, `Y`, `-oth-`). Those codes mean nothing
without the survey they belong to; its structure file (Survey > Export > Survey structure
(.lss)) holds them, with every text in every language of the survey:

- LimeSurvey 4 and later: `questions` and `subquestions` rows (qid, parent_qid, type, title =
  the code, other), their texts in `question_l10ns` (qid, question, language); `answers` rows
  (aid, qid, code, scale_id) with their texts in `answer_l10ns` (aid, answer, language);
- LimeSurvey 3 and earlier: the same rows with the text and language in the row itself.

`--structure survey.lss` turns each code heading into the text heading the full-text export
would have ("Question [Option]") and each answer code into its answer text, exactly by code:
nothing is guessed. A heading or value whose code the structure does not hold stays as it is,
so the usual reading reports it (column not used, answer code not read) with row and column.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from audit.batch.readers import RawTable
from audit.batch.spool import RowSpool
from audit.batch.texts import texts
from audit.errors import InputError

CODE_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(?:\[([^\[\]]+)\])?$")
LOOKS_CODED = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\d[A-Za-z0-9_]*(\[[^\[\]]+\])?$")  # G01Q05[SQ001]
TAGS = re.compile(r"<[^>]*>")
YES_NO = {"nl": ("Ja", "Nee"), "en": ("Yes", "No")}
OTHER_WORD = {"nl": "Anders", "en": "Other"}
CHOICE_TYPES = set("L!O5")  # list (radio), dropdown, list with comment, 5-point choice: answer codes
MULTI_TYPES = set("MP")  # multiple choice (with comments): one Y column per subquestion


@dataclass
class SurveyQuestion:
    qid: str
    code: str
    type: str
    parent: str = "0"
    other: bool = False
    texts: dict[str, str] = field(default_factory=dict)  # language -> text (plain, no HTML)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> language -> text


@dataclass
class Structure:
    source: str
    languages: list[str]
    questions: dict[str, SurveyQuestion]  # top-level questions by code
    subquestions: dict[str, dict[str, SurveyQuestion]]  # parent code -> sub code -> subquestion


def plain(text: str) -> str:
    """A LimeSurvey text as a person reads it: without HTML tags and entities, one line."""
    return " ".join(html.unescape(TAGS.sub(" ", text or "")).split())


def read_structure(path: str | Path) -> Structure:
    """Read a LimeSurvey survey structure file; any other file is one InputError line."""
    import xml.etree.ElementTree as ET

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        # a structure file never declares entities; expanding a stranger's entities is a risk
        raise InputError(str(path), "not read: the file declares XML entities, which a LimeSurvey "
                                    "structure file (.lss) never does")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(str(path), f"not a LimeSurvey structure file (.lss): bad XML ({exc}); "
                                    "a Qualtrics survey file is a .qsf (JSON)") from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise InputError(str(path), "not a LimeSurvey survey structure file (.lss): export it in LimeSurvey "
                                    "with Export > Survey structure (.lss)")

    def rows(section: str) -> list[dict[str, str]]:
        return [{child.tag: (child.text or "").strip() for child in row}
                for row in root.findall(f"{section}/rows/row")]

    languages = [(e.text or "").strip() for e in root.findall("languages/language") if (e.text or "").strip()]
    by_qid: dict[str, SurveyQuestion] = {}
    for row in rows("questions") + rows("subquestions"):
        qid = row.get("qid", "")
        if not qid or not row.get("title"):
            continue
        entry = by_qid.setdefault(qid, SurveyQuestion(qid, row["title"], row.get("type", ""),
                                                      row.get("parent_qid") or "0", row.get("other") == "Y"))
        if row.get("question") is not None and row.get("language"):  # LimeSurvey 3: text in the row
            entry.texts[row["language"]] = plain(row["question"])
    for row in rows("question_l10ns"):
        entry = by_qid.get(row.get("qid", ""))
        if entry is not None and row.get("language"):
            entry.texts[row["language"]] = plain(row.get("question", ""))
    answer_of: dict[str, tuple[str, str]] = {}  # aid -> (qid, code)
    for row in rows("answers"):
        entry = by_qid.get(row.get("qid", ""))
        code = row.get("code", "")
        if entry is None or not code or (row.get("scale_id") or "0") != "0":
            continue
        texts = entry.answers.setdefault(code, {})
        if row.get("answer") is not None and row.get("language"):  # LimeSurvey 3
            texts[row["language"]] = plain(row["answer"])
        if row.get("aid"):
            answer_of[row["aid"]] = (entry.qid, code)
    for row in rows("answer_l10ns"):
        found = answer_of.get(row.get("aid", ""))
        if found is not None and row.get("language"):
            by_qid[found[0]].answers[found[1]][row["language"]] = plain(row.get("answer", ""))
    questions = {q.code: q for q in by_qid.values() if q.parent == "0"}
    codes = {q.qid: q.code for q in questions.values()}
    subquestions: dict[str, dict[str, SurveyQuestion]] = {}
    for q in by_qid.values():
        if q.parent != "0" and q.parent in codes:
            subquestions.setdefault(codes[q.parent], {})[q.code] = q
    if not questions:
        raise InputError(str(path), "this LimeSurvey structure file holds no questions")
    return Structure(str(path), languages, questions, subquestions)


def _text(texts: dict[str, str], lang: str, languages: list[str]) -> str:
    base = lang.split("-")[0]
    for choice in (lang, base, *languages, *texts):
        if texts.get(choice):
            return texts[choice]
    return ""


CODE_THEN_TEXT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)(?:\[([^\[\]]+)\])?\.\s+\S")  # "G01Q05[SQ001]. Text"
TEXT_OPTION = re.compile(r"^(.+?)\s*\[([^\[\]]+)\]\s*$")  # "Question text [Option]"


def _by_text(structure: Structure) -> dict[str, SurveyQuestion]:
    """Top-level questions by their folded text in every language (a full-text heading)."""
    from audit.answers import fold

    found: dict[str, SurveyQuestion] = {}
    for question in structure.questions.values():
        for text in question.texts.values():
            found.setdefault(fold(text), question)
    return found


def _heading(cell: str, structure: Structure, by_text: dict[str, SurveyQuestion]
             ) -> tuple[SurveyQuestion | None, str | None]:
    """(question, subquestion code, "other" or None) a heading names: by its code ("G01Q05",
    "G01Q05[SQ001]", "G01Q05[SQ001]. Text [Option]"), or by the survey's own texts ("Text",
    "Text [Option]", "Text [Other]") for a full-text heading over coded answers."""
    from audit.answers import fold

    match = CODE_HEADER.match(cell) or CODE_THEN_TEXT.match(cell)
    if match and match.group(1) in structure.questions:
        return structure.questions[match.group(1)], match.group(2)
    question = by_text.get(fold(cell))
    if question is not None:
        return question, None
    parts = TEXT_OPTION.match(cell)
    question = by_text.get(fold(parts.group(1))) if parts else None
    if question is None:
        return None, None
    option = fold(parts.group(2))
    if question.other and option in {fold(w) for w in OTHER_WORD.values()}:
        return question, "other"
    for code, subquestion in structure.subquestions.get(question.code, {}).items():
        if option in {fold(t) for t in subquestion.texts.values()}:
            return question, code
    return None, None


def apply_structure(table: RawTable, structure: Structure, lang: str) -> RawTable:
    """The table with code headings and answer codes replaced by the structure's texts (in
    `lang` when the survey has it, else its first language); a note on `table.notes` says
    how many. Headings and values without a code in the structure are left for the usual
    reading to report."""
    if not table.rows:
        return table
    base = lang.split("-")[0]
    language = lang if lang in structure.languages else base if base in structure.languages else (
        structure.languages[0] if structure.languages else base)
    word = "nl" if language.split("-")[0] == "nl" else "en"
    header = list(table.rows[0])
    columns: dict[int, tuple[SurveyQuestion, str]] = {}  # column -> (question, part)
    by_text = _by_text(structure)
    for index, cell in enumerate(header):
        question, sub = _heading(cell.strip(), structure, by_text)
        if question is None:
            continue
        title = _text(question.texts, language, structure.languages)
        if not title:
            continue
        if sub is None:
            header[index] = title
            columns[index] = (question, "")
        elif sub == "other" and question.other:
            header[index] = f"{title} [{OTHER_WORD[word]}]"
            columns[index] = (question, "other")
        elif sub in structure.subquestions.get(question.code, {}):
            label = _text(structure.subquestions[question.code][sub].texts, language, structure.languages)
            if label:
                header[index] = f"{title} [{label}]"
                columns[index] = (question, "sub")
    values = 0
    rows = RowSpool()  # on disk: a long list takes no memory per row
    rows.append(header)
    for cells in table.rows[1:]:
        out = list(cells)
        for index, (question, part) in columns.items():
            if part or index >= len(out) or not out[index].strip():
                continue
            code = out[index].strip()
            if question.type in CHOICE_TYPES or question.answers:
                if code == "-oth-" and question.other:
                    out[index], values = OTHER_WORD[word], values + 1
                elif code in question.answers:
                    text = _text(question.answers[code], language, structure.languages)
                    if text:
                        out[index], values = text, values + 1
            elif question.type == "Y" and code in ("Y", "N"):
                out[index], values = YES_NO[word][code == "N"], values + 1
        rows.append(out)
    rows.finish()
    named = len(columns)
    coded = sum(1 for cell in table.rows[0] if LOOKS_CODED.match(cell.strip()))
    t, name = texts(lang), Path(structure.source).name
    note = t["note_structure"].format(file=name, columns=named, values=values, language=language)
    if coded > named:
        note += "; " + t["note_structure_unknown"].format(count=coded - named, file=name)
    return RawTable(table.source, table.fmt, rows, table.encoding, table.delimiter, [*table.notes, note],
                    table.skipped)
