"""Columns to questions and company fields, cells to canonical answers.

A column matches a question by its id or by the question's text in Dutch or English,
tolerant of case, spacing, punctuation, accents, a trailing "?" and a leading number
("3. ..."). Company fields match common column names in both languages. Columns that match
nothing and values that match no option are reported, never dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from audit.answers import (
    COMPANY_FIELDS,
    AnswerError,
    Answers,
    Company,
    check_complete,
    fold,
    normalise,
    option_by_text,
)
from audit.batch.readers import RawTable, column_letter
from audit.batch.texts import texts
from audit.errors import InputError
from audit.model import Question, Questionnaire

# Column names per company field (folded), best first. "Naam"/"Name" alone is a weak match:
# Microsoft Forms uses "Name" for the respondent, so a better company-name column wins.
COMPANY_ALIASES: dict[str, list[str]] = {
    "name": ["company name", "company", "bedrijfsnaam", "naam bedrijf", "bedrijf", "naam van het bedrijf",
             "naam van uw bedrijf", "naam van je bedrijf", "naam onderneming", "onderneming",
             "organisatie", "naam organisatie", "organisatienaam", "organisation", "organization",
             "organisation name", "organization name", "business name", "business", "klant", "klantnaam",
             "client", "client name", "customer", "what is your company name",
             "what is the name of your company", "wat is de naam van je bedrijf",
             "wat is de naam van uw bedrijf", "firma", "firmanaam"],
    "sector": ["sector", "branche", "branch", "industry", "bedrijfstak", "industrie", "sector branche",
               "in welke sector werkt je bedrijf", "in welke sector is uw bedrijf actief",
               "which sector", "in which sector does your company work"],
    "size": ["size", "company size", "aantal medewerkers", "medewerkers", "aantal werknemers", "werknemers",
             "employees", "number of employees", "grootte", "omvang", "bedrijfsgrootte", "fte",
             "aantal fte", "how many employees", "hoeveel medewerkers",
             "hoeveel medewerkers heeft je bedrijf", "hoeveel medewerkers heeft uw bedrijf",
             "how many employees does your company have"],
    "date": ["date", "datum", "audit date", "datum audit", "interview date", "datum gesprek",
             "datum interview"],
    "consultant": ["consultant", "adviseur", "auditor", "interviewer", "consulent", "begeleider"],
    "contact": ["contact", "contactpersoon", "contact person", "naam contactpersoon", "contact name",
                "respondent", "email", "e mail", "email address", "e mail address", "e mailadres",
                "emailadres", "mail"],
}
WEAK_NAME = {"name", "naam"}
# Columns survey tools add; reported as ignored. Those that are timestamps fill in the date.
TIMESTAMPS = {"timestamp", "tijdstempel", "completion time", "tijd van voltooien", "voltooiingstijd",
              "submitted at", "submit date utc", "submit date", "ended at", "end time", "eindtijd"}
METADATA = TIMESTAMPS | {
    "id", "start time", "starttijd", "begintijd", "last modified time", "tijdstip laatste wijziging",
    "laatst gewijzigd", "start date utc", "stage date utc", "started at", "landed at", "network id",
    "token", "response type", "response id", "respondent id", "ip address", "ip adres", "tags",
    "ending", "score", "total score", "totale score", "punten",
}
METADATA_RAW = {"#", "_id"}


@dataclass
class Column:
    index: int
    header: str
    role: str  # question | company | metadata | unmatched | duplicate
    target: str = ""  # question id or company field
    note: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def label(self, lang: str = "en") -> str:
        word = "kolom" if lang == "nl" else "column"
        return f"{word} {self.letter} ({self.header})" if self.header else f"{word} {self.letter}"


@dataclass
class Problem:
    """One thing wrong in one row: where the user finds it in the spreadsheet, and why."""

    row: int
    column: str
    value: str
    message: str


@dataclass
class RowResult:
    row: int  # as the spreadsheet numbers it (header rows counted)
    company: dict[str, str]
    answers: Answers | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.answers is not None and not self.problems


@dataclass
class ParsedList:
    source: str
    fmt: str
    header_rows: int
    columns: list[Column]
    rows: list[RowResult]
    unmatched_values: dict[str, Counter] = field(default_factory=dict)  # column label -> values
    missing_required: list[str] = field(default_factory=list)  # question ids with no column
    encoding: str = ""
    delimiter: str = ""

    def columns_with(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


def _keys(header: str) -> list[str]:
    folded = fold(header)
    stripped = re.sub(r"^\d+\s+", "", folded)  # "3. Hoeveel ...?" -> "hoeveel ..."
    return [folded] if stripped == folded else [folded, stripped]


def question_index(questionnaire: Questionnaire) -> dict[str, str]:
    index: dict[str, str] = {}
    for question in questionnaire.questions:
        for text in (question.id, question.text.nl, question.text.en):
            index.setdefault(fold(text), question.id)
    return index


def _company_field(header: str) -> tuple[str, int] | None:
    folded = fold(header)
    if folded.startswith("company ") and folded[8:] in COMPANY_FIELDS:  # template ids: company.name
        return folded[8:], 0
    for name, aliases in COMPANY_ALIASES.items():
        if folded in aliases:
            return name, 1
    if folded in WEAK_NAME:
        return "name", 5
    return None


def match_columns(headers: list[str], questionnaire: Questionnaire) -> list[Column]:
    """Give every column a role; of two columns for one target the best (then leftmost) wins."""
    index = question_index(questionnaire)
    columns: list[Column] = []
    claims: dict[tuple[str, str], list[tuple[int, Column]]] = {}
    for i, raw in enumerate(headers):
        header = raw.strip()
        col = Column(i, header, "unmatched")
        columns.append(col)
        if not header:
            continue
        qid = next((index[k] for k in _keys(header) if k in index), None)
        company = _company_field(header)
        if header in questionnaire_ids(questionnaire):
            company = None
        if company and company[1] == 0 or company and not qid:
            col.role, col.target = "company", company[0]
            claims.setdefault(("company", company[0]), []).append((company[1], col))
        elif qid:
            col.role, col.target = "question", qid
            claims.setdefault(("question", qid), []).append((0, col))
        elif fold(header) in METADATA or header in METADATA_RAW:
            col.role = "metadata"
    for (kind, target), group in claims.items():
        group.sort(key=lambda pc: (pc[0], pc[1].index))
        winner = group[0][1]
        for _, col in group[1:]:
            if kind == "company" and target == "name" and not claims.get(("company", "contact")):
                col.target, col.note = "contact", "used as contact"
                claims[("company", "contact")] = [(9, col)]
                continue
            col.role = "duplicate"
            col.note = f"{target}: {winner.label()}"
    return columns


def questionnaire_ids(questionnaire: Questionnaire) -> set[str]:
    return {q.id for q in questionnaire.questions}


def _is_label_row(cells: list[str], columns: list[Column], questionnaire: Questionnaire) -> bool:
    """Is spreadsheet row 2 the template's row of question texts (rather than a client)?"""
    asked = [c for c in columns if c.role == "question"]
    hits = 0
    for col in asked:
        question = questionnaire.question(col.target)
        cell = fold(cells[col.index]) if col.index < len(cells) else ""
        hits += cell in (fold(question.text.nl), fold(question.text.en))
    return bool(asked) and hits * 2 >= len(asked)


def split_multi(question: Question, raw: str) -> tuple[list[str], list[str]]:
    """Split a joined multiple choice cell into option values, and the parts that match none.

    Google Forms joins with ", ", Microsoft Forms with ";" (and a trailing one), people with
    anything; a label that itself holds a comma ("Ja, soms") is kept whole.
    """
    parts = re.split(r"(\s*[;,|\n]\s*)", raw.strip())
    tokens, seps = parts[0::2], parts[1::2]
    n = len(tokens)
    # best[i]: (unmatched count, segments) for tokens[:i]; fewest unmatched, then fewest parts.
    best: list[tuple[int, int, list[tuple[str, str | None]]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        bad, count, segs = best[i]
        for j in range(i + 1, n + 1):
            text = "".join(tokens[k] + (seps[k] if k < j - 1 else "") for k in range(i, j)).strip()
            value = option_by_text(question, text) if text else None
            if text and value is None and j > i + 1:
                continue
            cand = (bad + (1 if text and value is None else 0), count + (1 if text else 0),
                    segs + ([(text, value)] if text else []))
            if best[j] is None or cand[:2] < best[j][:2]:
                best[j] = cand
    segments = best[n][2] if best[n] else []
    values, unknown = [], []
    for text, value in segments:
        if value is None:
            unknown.append(text)
        elif value not in values:
            values.append(value)
    return values, unknown


def clean_date(text: str) -> str:
    """Unambiguous dates as ISO (2024/03/05, 5-3-2024, 05.03.2024 10:12); anything else as typed.

    A date with slashes and the year last is left alone: 3/5/2024 is March in the US."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})(?: .*)?", text)
        if not match:
            return text
        day, month, year = match.groups()
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return text


def _company(cells: list[str], columns: list[Column], stamps: list[Column]) -> dict[str, str]:
    company = {k: "" for k in COMPANY_FIELDS}
    for col in columns:
        if col.role == "company" and col.index < len(cells):
            company[col.target] = cells[col.index].strip()
    if not company["date"]:
        for col in stamps:
            stamp = cells[col.index].strip() if col.index < len(cells) else ""
            if stamp:
                cleaned = clean_date(stamp)
                company["date"] = cleaned if cleaned != stamp else stamp.split(" ")[0]
                break
    company["date"] = clean_date(company["date"])
    return company


def parse_rows(table: RawTable, questionnaire: Questionnaire, lang: str) -> ParsedList:
    """Match the header, then read every client row into answers or problems."""
    headers = table.rows[0]
    columns = match_columns(headers, questionnaire)
    asked = [c for c in columns if c.role == "question"]
    if not asked:
        shown = ", ".join(repr(h) for h in headers[:8] if h) + (" ..." if len(headers) > 8 else "")
        raise InputError(table.source, f"no column matches a question of questionnaire "
                                       f"{questionnaire.id!r} (the header row holds: {shown})")
    header_rows = 2 if len(table.rows) > 1 and _is_label_row(table.rows[1], columns, questionnaire) else 1
    data_rows = [(n, cells) for n, cells in enumerate(table.rows[header_rows:], header_rows + 1)
                 if any(c.strip() for c in cells)]
    if not data_rows:
        raise InputError(table.source, "no client rows below the header")
    has_column = {c.target for c in asked}
    missing = [q.id for q in questionnaire.questions if q.required and q.id not in has_column]
    stamps = [c for c in columns if c.role == "metadata" and fold(c.header) in TIMESTAMPS]
    parsed = ParsedList(table.source, table.fmt, header_rows, columns, [], {}, missing,
                        table.encoding, table.delimiter)
    by_question = {c.target: c for c in asked}
    for number, cells in data_rows:
        parsed.rows.append(_parse_row(number, cells, columns, stamps, by_question, questionnaire,
                                      lang, parsed))
    return parsed


def _parse_row(number: int, cells: list[str], columns: list[Column], stamps: list[Column],
               by_question: dict[str, Column], questionnaire: Questionnaire, lang: str,
               parsed: ParsedList) -> RowResult:
    company = _company(cells, columns, stamps)
    result = RowResult(number, company, None)
    if not company["name"]:
        name_col = next((c for c in columns if c.role == "company" and c.target == "name"), None)
        result.problems.append(Problem(number, name_col.label(lang) if name_col else "-", "",
                                       texts(lang)["msg_no_name" if name_col else "msg_no_name_column"]))
    values: dict[str, Any] = {}
    for qid, col in by_question.items():
        question = questionnaire.question(qid)
        raw = cells[col.index].strip() if col.index < len(cells) else ""
        try:
            if question.type == "multi" and raw:
                items, unknown = split_multi(question, raw)
                if unknown:
                    for item in unknown:
                        parsed.unmatched_values.setdefault(col.label(lang), Counter())[item] += 1
                    allowed = ", ".join(o.label(lang) for o in question.options or [])
                    raise AnswerError("not_option", value=", ".join(repr(u) for u in unknown),
                                      allowed=allowed)
                values[qid] = normalise(question, items)
            else:
                values[qid] = normalise(question, raw)
        except AnswerError as exc:
            if question.type == "single":
                parsed.unmatched_values.setdefault(col.label(lang), Counter())[raw] += 1
            message = texts(lang)["msg_question"].format(qid=qid, problem=exc.message(lang))
            result.problems.append(Problem(number, col.label(lang), raw, message))
    answers = Answers(company=Company(**company), values=values, questionnaire=questionnaire.id,
                      questionnaire_version=questionnaire.version, language=lang,
                      source=f"{parsed.source}, row {number}")
    if not result.problems:
        for problem in check_complete(questionnaire, answers):
            qid = problem.split()[1].rstrip(":")
            col = by_question.get(qid)
            result.problems.append(Problem(number, col.label(lang) if col else f"(no column for {qid})", "",
                                           texts(lang)["msg_required"].format(qid=qid)))
    if not result.problems:
        result.answers = answers
    return result
