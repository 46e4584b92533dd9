"""Client rows into answers: every cell used, or reported with its row, column and value.

The layout (layout.py) says which rows are headers and what each column's header holds; the
columns module gives each column a role. Here each client row becomes answers:

- a question's answer comes from its whole-question columns (several when survey branching
  asks it in two places: merged when at most one is filled, or when they agree) and from its
  option columns (SurveyMonkey, Typeform, LimeSurvey, Qualtrics: one column per choice);
- a value that matches no option is matched approximately when one option is clearly
  closest (reported), or, for a question with an `other` option, read as `other` with the
  text kept as the answer's note (reported); "Other: ..." / "Anders: ..." is `other` too;
- the company name comes from a company column only, never silently from the respondent's
  name; the tool's submit date becomes the assessment date where no date column is filled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from audit.answers import (
    COMPANY_FIELDS,
    AnswerError,
    Answers,
    Company,
    fold,
    normalise,
    visible,
)
from audit.batch.columns import VERSION_HEADERS, Column, Matcher, OptionIndex, cached_fold, is_other_text
from audit.batch.layout import detect
from audit.batch.numbers import typed_number
from audit.batch.readers import RawTable
from audit.batch.scales import scale_number
from audit.batch.texts import texts
from audit.errors import InputError
from audit.model import Question, Questionnaire

__all__ = ["Column", "Problem", "RowResult", "ParsedList", "parse_rows", "split_multi", "clean_date"]

UNKNOWN_FOLDED = {"", "unknown", "onbekend", "weet niet", "weet ik niet", "n a", "nvt", "n v t"}
TICKED = {"y", "yes", "ja", "j", "1", "true", "waar", "x", "checked", "selected", "aangevinkt", "on",
          "geselecteerd", "gekozen", "chosen"}
UNTICKED = {"n", "no", "nee", "neen", "0", "false", "onwaar", "not selected", "niet geselecteerd", "off",
            "not checked", "niet gekozen", "not chosen"}
OTHER_PREFIX = re.compile(r"^\s*(other|anders|overig|overige|ander|andere)\s*(\(.*?\))?\s*[:\-]\s*(.+)$",
                          re.IGNORECASE | re.DOTALL)
ANSWER_CODE = re.compile(r"^(A|AO|SQ|Q|O|OPT)?0*\d{1,3}$", re.IGNORECASE)


@dataclass
class Problem:
    """One thing wrong in one row: where the user finds it in the spreadsheet, and why."""

    row: int
    column: str
    value: str
    message: str
    # the same for every row of the list (a required question without a column: `question`):
    # said once per list, not once per row
    per_list: bool = False
    question: str = ""


@dataclass
class Notice:
    """Something read in a way the user must know (approximate, `other`, submit date), or a
    value not used: reported in batch-report.csv and on the terminal, the rows still count."""

    column: str
    value: str
    message: str
    rows: list[int] = field(default_factory=list)


@dataclass
class RowResult:
    row: int  # as the spreadsheet numbers it (header rows counted)
    company: dict[str, str]
    answers: Answers | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.answers is not None and not self.problems


class RowRanges:
    """Row numbers as ranges (3, 5-9, 12), added in increasing order: what a message about many
    rows of a long list needs, in memory that does not grow with the list."""

    def __init__(self) -> None:
        self.ranges: list[list[int]] = []

    def add(self, row: int) -> None:
        if self.ranges and self.ranges[-1][1] + 1 >= row:
            self.ranges[-1][1] = max(self.ranges[-1][1], row)
        else:
            self.ranges.append([row, row])

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def single(self) -> bool:
        """One row: "row 3", not "rows 3"."""
        return len(self.ranges) == 1 and self.ranges[0][0] == self.ranges[0][1]

    def __str__(self) -> str:
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in self.ranges)


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
    tool: str = ""
    notices: dict[tuple[str, str, str], Notice] = field(default_factory=dict)
    unknown_by_question: dict[str, Counter] = field(default_factory=dict)  # for --suggest-map
    notes: list[Any] = field(default_factory=list)  # texts.Note: how the list was read (a title, a sheet)
    # The questionnaire version rows name (a `questionnaire_version` column, its value in the
    # template's row 2, or --questionnaire-version) when it is not the one the list is read
    # with: version -> rows. Questions without a column were not asked in those rows.
    other_versions: dict[str, RowRanges] = field(default_factory=dict)
    no_column: list[str] = field(default_factory=list)  # every question id without a column
    stopped_by: set[str] = field(default_factory=set)  # required ids without a column that failed rows
    stopped: RowRanges = field(default_factory=RowRanges)  # the rows they failed
    questionnaire: tuple[str, str] = ("", "")  # (id, version) the list is read with
    skipped: int = 0  # title rows above the header: the header's first row is skipped + 1

    def columns_with(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    def notice(self, column: str, value: str, message: str, row: int | None = None) -> None:
        entry = self.notices.setdefault((column, value, message), Notice(column, value, message))
        if row is not None:
            entry.rows.append(row)


_INDEXES: dict[int, tuple[Question, OptionIndex]] = {}


def _options(question: Question) -> OptionIndex:
    entry = _INDEXES.get(id(question))
    if entry is None or entry[0] is not question:
        entry = _INDEXES[id(question)] = (question, OptionIndex(question))
    return entry[1]


def split_multi(question: Question, raw: str, approx: list[str] | None = None
                ) -> tuple[list[str], list[str]]:
    """Split a joined multiple choice cell into option values, and the parts that match none.

    Google Forms joins with ", ", Microsoft Forms with ";" (and a trailing one), Jotform with
    line breaks, people with anything; a label that itself holds a comma or semicolon
    ("Ja, soms") is kept whole. With `approx` (a list), parts may also match approximately
    (an edited label); those parts are appended to it, for the report.
    """
    index = _options(question)
    whole = index.find(raw)
    if whole is not None:
        return [whole], []
    parts = re.split(r"(\s*[;,|\n]\s*)", raw.strip())
    tokens, seps = parts[0::2], parts[1::2]
    n = len(tokens)
    # best[i]: (unmatched count, characters read approximately, parts, segments) for tokens[:i]:
    # fewest unmatched, then as much as possible read exactly (an approximate match never
    # swallows an exact label beside it), then fewest parts.
    best: list[tuple[float, int, int, list[tuple[str, str | None]]] | None] = [None] * (n + 1)
    best[0] = (0, 0, 0, [])
    for i in range(n):
        if best[i] is None:
            continue
        bad, fuzzy, count, segs = best[i]
        for j in range(i + 1, min(n, i + 12) + 1):  # a label spans at most a few separators
            stripped = "".join(tokens[k] + (seps[k] if k < j - 1 else "") for k in range(i, j)).strip()
            value = index.find(stripped) if stripped else None
            cost = 0.0
            if value is None and stripped and approx is not None and \
                    not any(index.find(tokens[k]) for k in range(i, j)):  # never over a known label
                value, cost = index.approx(stripped), 0.5
            if stripped and value is None and j > i + 1:
                continue
            cand = (bad + (1 if stripped and value is None else cost),
                    fuzzy + (len(stripped) if cost and value is not None else 0),
                    count + (1 if stripped else 0), segs + ([(stripped, value)] if stripped else []))
            if best[j] is None or cand[:3] < best[j][:3]:
                best[j] = cand
    segments = best[n][3] if best[n] else []
    values, unknown = [], []
    for text, value in segments:
        if value is None:
            unknown.append(text)
        elif value not in values:
            values.append(value)
        if value is not None and approx is not None and index.find(text) is None:
            approx.append(text)
    return values, unknown


# --- dates -------------------------------------------------------------------------------

MONTHS = {m: n for n, names in enumerate(
    [("jan", "januari", "january"), ("feb", "februari", "february"), ("mar", "mrt", "maart", "march"),
     ("apr", "april"), ("may", "mei"), ("jun", "juni", "june"), ("jul", "juli", "july"),
     ("aug", "augustus", "august"), ("sep", "sept", "september"), ("oct", "okt", "oktober", "october"),
     ("nov", "november"), ("dec", "december")], 1) for m in names}
# An Excel date serial (days since 1899-12-30, the time as a fraction): 1954 to 2119, never a year
# or a count that a date column would otherwise hold.
EXCEL_SERIAL = re.compile(r"([2-7]\d{4})(?:[.,]\d+)?")
SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:[ T,].*)?$")


def clean_date(text: str, order: str = "") -> str:
    """Dates as ISO when unambiguous (2024/03/05, 5-3-2024, 05.03.2024 10:12, Mar 5, 2024);
    slashed dates with the year last only when `order` ("dmy" or "mdy", known for the whole
    column or the tool) says which comes first; anything else as typed."""
    text = text.strip()
    serial = EXCEL_SERIAL.fullmatch(text)
    if serial:  # a date cell copied as its value: Excel counts days from 1899-12-30
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(serial.group(1)))).isoformat()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = match.groups()
    else:
        match = re.fullmatch(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})(?: .*)?", text)
        slashed = SLASHED.match(text)
        named = re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?:[ ,].*)?", text) or \
            re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})(?: .*)?", text)
        if match:
            day, month, year = match.groups()
        elif slashed and order in ("dmy", "mdy"):
            first, second, year = slashed.groups()
            day, month = (first, second) if order == "dmy" else (second, first)
            year = str(2000 + int(year)) if len(year) == 2 else year
        elif named:
            a, b, year = named.groups()
            name, day = (a, b) if not a.isdigit() else (b, a)
            month = MONTHS.get(name.lower().rstrip("."))
            if month is None:
                return text
        else:
            return text
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return text


def slash_order(values: list[str], default: str = "") -> str:
    """dmy or mdy for a column of slashed dates: a first part above 12 means day first, a
    second part above 12 month first; otherwise the tool's habit (`default`), else ""."""
    firsts = seconds = False
    for value in values:
        match = SLASHED.match(value.strip())
        if match:
            firsts |= int(match.group(1)) > 12
            seconds |= int(match.group(2)) > 12
    if firsts and not seconds:
        return "dmy"
    if seconds and not firsts:
        return "mdy"
    return default if not (firsts and seconds) else ""


# --- the list ----------------------------------------------------------------------------

def _is_label_row(cells: list[str], columns: list[Column], questionnaire: Questionnaire) -> bool:
    """Is spreadsheet row 2 the template's row of question texts (rather than a client)?"""
    asked = [c for c in columns if c.role == "question"]
    hits = 0
    for col in asked:
        question = questionnaire.question(col.target)
        cell = fold(cells[col.index]) if col.index < len(cells) else ""
        hits += cell in {fold(t) for t in question.text.texts.values()}
    return bool(asked) and hits * 2 >= len(asked)


class BoundedCache(dict):
    """A dict that empties itself when it reaches `size` entries: values that repeat in every
    row stay cached, one per row (free texts, numbers) do not pile up over a long list."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.size:
            self.clear()
        super().__setitem__(key, value)


@dataclass
class _Plan:
    questionnaire: Questionnaire
    lang: str
    by_question: dict[str, list[Column]]
    company: list[Column]
    respondent: list[Column]
    submitted: list[Column]
    orders: dict[int, str]
    version_col: Column | None = None
    default_version: str = ""  # for rows whose version cell is empty (template row 2, or the option)
    no_column: list[str] = field(default_factory=list)
    normalised: dict[tuple[str, str], tuple[bool, Any]] = field(default_factory=lambda: BoundedCache(8192))
    unfinished: list[Column] = field(default_factory=list)  # the tool's "finished?" columns
    coded: set[int] = field(default_factory=set)  # columns whose choices are numbers or codes
    typed: set[tuple[str, str]] = field(default_factory=set)  # numbers read from "ca. 4", "4 uur"
    positions: dict[int, int] = field(default_factory=dict)  # option column -> its place among its question's


def parse_rows(table: RawTable, questionnaire: Questionnaire, lang: str,
               mapping: dict[str, Any] | None = None, refuse_codes: bool = True,
               version: str = "") -> ParsedList:
    """Match the header, then read every client row into answers or problems.

    `mapping` is a loaded --map file: {"columns": {header: target}, "values": {qid: {text: value}}}.
    `refuse_codes`: a list whose choices are exported as numbers or codes is refused in one line
    (--suggest-map reads it anyway, to list the codes to map). `version`: the questionnaire
    version the list was made with (--questionnaire-version)."""
    reader = RowReader(table, questionnaire, lang, mapping, refuse_codes, version)
    reader.parsed.rows.extend(reader)
    reader.finish()
    return reader.parsed


def _no_question_columns(source: str, fields: list[Any], questionnaire: Questionnaire) -> None:
    """Raise the one-line error for a list none of whose columns is a question."""
    headers = [f.header for f in fields]
    shown = ", ".join(repr(h) for h in headers[:8] if h) + (" ..." if len(headers) > 8 else "")
    coded = [h for h in headers if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\[[^\]]+\])?", h)
             and re.search(r"\d", h)]
    if len(coded) * 2 >= len(headers) and len(coded) >= 3:
        raise InputError(source, f"the columns are named by codes (like {coded[-1]!r}), not by "
                                 "question texts: export again with full question texts and full "
                                 "answers (LimeSurvey: Export responses, headings 'Full question "
                                 "text', responses 'Full answers'), or give the survey's structure "
                                 "file: --structure survey.lss (LimeSurvey: Export > Survey structure), "
                                 "or map the codes once: --suggest-map map.yaml, then --map map.yaml")
    raise InputError(source, f"no column matches a question of questionnaire "
                             f"{questionnaire.id!r} (the header row holds: {shown}); "
                             "write a mapping with --suggest-map map.yaml, then use --map map.yaml")


class RowReader:
    """A client list with its header matched (or an InputError saying why it cannot be read),
    whose rows are read into answers one at a time, as they are iterated: a long list goes
    through a batch in a stream. `parsed` gathers what concerns the whole list (columns,
    notices, unknown values); `finish()` adds what needs every row (duplicate companies)."""

    def __init__(self, table: RawTable, questionnaire: Questionnaire, lang: str,
                 mapping: dict[str, Any] | None = None, refuse_codes: bool = True, version: str = ""):
        mapping = mapping or {}
        layout = detect(table.rows)
        matcher = Matcher(questionnaire, mapping.get("columns") or {})
        columns = matcher.match(layout.fields)
        asked = [c for c in columns if c.role in ("question", "option")]
        if not asked:
            _no_question_columns(table.source, layout.fields, questionnaire)
        unknown_targets = [c for c in asked if questionnaire.question(c.target) is None]
        if unknown_targets:
            raise InputError(table.source, [f"mapping: {c.label()} -> {c.target!r} is not a question id"
                                            for c in unknown_targets])
        header_rows = layout.header_rows
        if header_rows == 1 and len(table.rows) > 1 and _is_label_row(table.rows[1], columns, questionnaire):
            header_rows = 2
        data_rows = DataRows(table.rows, header_rows, table.skipped)
        if not data_rows:
            raise InputError(table.source, "no client rows below the header")
        if data_rows.repeated:
            count = sum(b - a + 1 for a, b in data_rows.repeated.ranges)
            table.notes.append(("note_repeated_header", {"rows": (count, str(data_rows.repeated))}))
        mapped_values = {qid for qid, m in (mapping.get("values") or {}).items() if m}
        coded = coded_columns(columns, data_rows, questionnaire)
        if refuse_codes:
            refuse_coded(table.source, columns, [(c, v) for c, v in coded if c.target not in mapped_values],
                         questionnaire)
        by_question: dict[str, list[Column]] = {}
        for col in asked:
            by_question.setdefault(col.target, []).append(col)
        for col in columns:
            if col.role == "other" and col.target in by_question:
                by_question[col.target].append(col)
        ordered = {q.id: by_question[q.id] for q in questionnaire.questions if q.id in by_question}
        missing = [q.id for q in questionnaire.questions if q.required and q.id not in ordered]
        dated = [c for c in columns if c.role == "submitted" or c.role == "company" and c.target == "date"]
        default = "mdy" if layout.tool == "surveymonkey" else ""
        orders = {c.index: slash_order((cells[c.index] for _, cells in data_rows if c.index < len(cells)),
                                       default) for c in dated}

        def role(name: str) -> list[Column]:
            return [c for c in columns if c.role == name]

        version_col = next(iter(role("version")), None)
        if version_col is not None and header_rows == 2:  # the template names it once, in row 2
            named = _cell(table.rows[1], version_col)
            if named and fold(named) not in VERSION_HEADERS:
                version = named
        from audit.assess import DERIVED_FROM_COMPANY

        company_fields = {c.target for c in role("company")}
        no_column = [q.id for q in questionnaire.questions if q.id not in ordered
                     and DERIVED_FROM_COMPANY.get(q.id) not in company_fields]  # else read from those
        self.plan = _Plan(questionnaire, lang, ordered, role("company"), role("respondent"),
                          role("submitted"), orders, version_col, str(version or "").strip(), no_column,
                          unfinished=finished_columns(columns), coded={c.index for c, _ in coded},
                          positions=_positions(ordered))
        self.parsed = parsed = ParsedList(table.source, table.fmt, header_rows, columns, [], {}, missing,
                                          table.encoding, table.delimiter, layout.tool)
        parsed.no_column = self.plan.no_column
        parsed.skipped = table.skipped
        parsed.questionnaire = (questionnaire.id, questionnaire.version)
        parsed.notes.extend(table.notes)
        self.data_rows = data_rows
        self.lang = lang
        unused = texts(lang)["msg_unmatched_cell"]
        unmatched = [c for c in columns if c.role == "unmatched"]
        if unmatched:
            for n, cells in data_rows:  # one pass over the rows (on disk for a long list)
                for col in unmatched:
                    value = _cell(cells, col)
                    if value:
                        col.filled += 1
                        parsed.notice(col.label(lang), value, unused, n)
        self.values_map = {qid: {fold(k): str(v) for k, v in (m or {}).items()}
                           for qid, m in (mapping.get("values") or {}).items()}
        self._names = NameIndex()  # company names seen, for the duplicates (on disk)
        self._read = False

    def __len__(self) -> int:
        return len(self.data_rows)

    def companies(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row, company fields) of every row, as the rows will read them (for file names)."""
        quiet = ParsedList("", "", 0, [], [])  # the notices come when the rows are read
        for number, cells in self.data_rows:
            yield number, _company(number, cells, self.plan, quiet)

    def __iter__(self) -> Iterator[RowResult]:
        """Each row once, read from the table (on disk for a long list) as it is needed."""
        if self._read:
            raise RuntimeError("the rows of a client list are read once")
        self._read = True
        for number, cells in self.data_rows:
            row = _parse_row(number, cells, self.plan, self.parsed, self.values_map)
            name = fold(row.company.get("name", ""))
            if name:
                answers = repr(sorted((row.answers.values if row.answers else {}).items()))
                self._names.add(name, row.company["name"], row.row,
                                hashlib.blake2b(answers.encode(), digest_size=16).digest())
            yield row

    def finish(self) -> None:
        """Flag the companies that more than one row names (same or different answers)."""
        t = texts(self.lang)
        for display, group in self._names.repeated():
            message = t["msg_duplicate_same" if len({d for _, d in group}) == 1 else "msg_duplicate_differs"
                        ].format(rows=", ".join(str(r) for r, _ in group))
            self.parsed.notice("", display, message, None)
            self.parsed.notices[("", display, message)].rows.extend(r for r, _ in group)
        self._names.close()


class DataRows:
    """The client rows below the header, as (spreadsheet row number, cells), empty rows left
    out: read from the table (a RowSpool on disk, for a file) each time they are iterated."""

    def __init__(self, rows: Any, header_rows: int, skipped: int = 0):
        self.rows, self.header_rows, self.skipped = rows, header_rows, skipped  # skipped: title rows above
        # A header row again further down: two exports pasted one below the other. Not a client.
        self.headers = [key for r in itertools.islice(rows, header_rows) if (key := _row_key(r))[1] >= 3]
        self.repeated = RowRanges()
        self.count = 0
        for _n, _ in self._rows(self.repeated):
            self.count += 1

    def _rows(self, repeated: RowRanges | None = None) -> Iterator[tuple[int, list[str]]]:
        first = self.skipped + self.header_rows + 1
        for n, cells in enumerate(itertools.islice(self.rows, self.header_rows, None), first):
            if not any(c.strip() for c in cells):
                continue
            if self.headers and _is_header(cells, self.headers):
                if repeated is not None:
                    repeated.add(n)
                continue
            yield n, cells

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows()

    def __len__(self) -> int:
        return self.count


def _row_key(cells: list[str]) -> tuple[tuple[str, ...], int]:
    """A header row as a pasted copy of it repeats it: its cells (trailing empties dropped) and
    how many are filled."""
    kept = [c.strip() for c in cells]
    while kept and not kept[-1]:
        kept.pop()
    return tuple(kept), sum(1 for c in kept if c)


def _is_header(cells: list[str], headers: list[tuple[tuple[str, ...], int]]) -> bool:
    """Does this row repeat a header row? Cheap for a client row: its first cell decides."""
    for kept, _ in headers:
        if cells and kept and cells[0].strip() == kept[0] and _row_key(cells)[0] == kept:
            return True
    return False


class NameIndex:
    """Company names by row (folded name, display name, row, hash of the answers), kept in a
    private temporary SQLite database (on disk): duplicates are found without keeping a long
    list's names in memory."""

    def __init__(self) -> None:
        from audit.batch.spool import scratch_db

        self.db = scratch_db()
        self.db.execute("CREATE TABLE n (folded TEXT NOT NULL, display TEXT, row INTEGER, digest BLOB)")
        self.db.execute("BEGIN")
        self.pending: list[tuple[str, str, int, bytes]] = []

    def add(self, folded: str, display: str, row: int, digest: bytes) -> None:
        self.pending.append((folded, display, row, digest))
        if len(self.pending) >= 1000:
            self._write()

    def _write(self) -> None:
        self.db.executemany("INSERT INTO n VALUES (?, ?, ?, ?)", self.pending)
        self.pending.clear()

    def repeated(self) -> Iterator[tuple[str, list[tuple[int, bytes]]]]:
        """Per name on several rows, in the order the names first came: the first row's display
        name and (row, answers hash) of each of its rows."""
        self._write()
        self.db.execute("CREATE INDEX n_folded ON n (folded)")
        names = self.db.execute("SELECT folded FROM n GROUP BY folded HAVING count(*) > 1 "
                                "ORDER BY min(rowid)").fetchall()
        for (folded,) in names:
            group = self.db.execute("SELECT display, row, digest FROM n WHERE folded = ? ORDER BY rowid",
                                    (folded,)).fetchall()
            yield group[0][0], [(row, bytes(digest)) for _, row, digest in group]

    def close(self) -> None:
        self.db.close()


def _cell(cells: list[str], col: Column) -> str:
    return cells[col.index].strip() if col.index < len(cells) else ""


def _company(number: int, cells: list[str], plan: _Plan, parsed: ParsedList) -> dict[str, str]:
    company = {k: "" for k in COMPANY_FIELDS}
    for col in plan.company:
        value = _cell(cells, col)
        if value:
            company[col.target] = value
    if not company["contact"]:
        names = [_cell(cells, c) for c in plan.respondent]
        company["contact"] = " ".join(n for n in names if n)
    date_col = next((c for c in plan.company if c.target == "date"), None)
    if company["date"] and date_col is not None:
        typed = company["date"]
        company["date"] = clean_date(typed, plan.orders.get(date_col.index, ""))
        if company["date"] == typed and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):
            parsed.notice(date_col.label(plan.lang), typed, texts(plan.lang)["msg_date_unclear"], number)
    else:
        for col in plan.submitted:
            stamp = _cell(cells, col)
            if stamp:
                cleaned = clean_date(stamp, plan.orders.get(col.index, ""))
                if cleaned == stamp:
                    parsed.notice(col.label(plan.lang), stamp, texts(plan.lang)["msg_date_unclear"], number)
                company["date"] = cleaned
                break
    return company


def _parse_row(number: int, cells: list[str], plan: _Plan, parsed: ParsedList,
               values_map: dict[str, dict[str, str]]) -> RowResult:
    lang, t = plan.lang, texts(plan.lang)
    company = _company(number, cells, plan, parsed)
    result = RowResult(number, company, None)
    if not company["name"]:
        name_col = next((c for c in plan.company if c.target == "name"), None)
        if name_col is not None:
            message = t["msg_no_name"]
        elif plan.respondent:
            message = t["msg_no_name_respondent"].format(column=plan.respondent[0].label(lang))
        else:
            message = t["msg_no_name_column"]
        result.problems.append(Problem(number, name_col.label(lang) if name_col else "-", "", message))
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for qid, cols in plan.by_question.items():
        question = plan.questionnaire.question(qid)
        try:
            value, note = _answer(number, cells, question, cols, plan, parsed, values_map.get(qid, {}))
        except _CellError as exc:
            result.problems.append(Problem(number, exc.column, exc.value,
                                           t["msg_question"].format(qid=qid, problem=exc.message)))
            continue
        values[qid] = value
        if note:
            notes[qid] = note
    made_with = (_cell(cells, plan.version_col) if plan.version_col else "") or plan.default_version
    other_version = bool(made_with) and made_with != plan.questionnaire.version
    answers = Answers(company=Company(**company), values=values, notes=notes,
                      questionnaire=plan.questionnaire.id,
                      questionnaire_version=made_with or plan.questionnaire.version,
                      language=lang, source=f"{parsed.source}, row {number}")
    missing: list[Problem] = []
    if not result.problems:
        shown = visible(plan.questionnaire, values)
        if other_version:
            # Made with another version: a question without a column was not asked (added
            # since); it counts as unknown and the report says so. A column left empty is
            # still a missing answer.
            answers.not_asked = [qid for qid in plan.no_column if shown[qid]]
            parsed.other_versions.setdefault(made_with, RowRanges()).add(number)
        for question in plan.questionnaire.questions:
            qid = question.id
            cols = plan.by_question.get(qid)
            if question.required and shown[qid] and values.get(qid) is None:
                if cols:
                    missing.append(Problem(number, cols[0].label(lang), "",
                                           t["msg_required"].format(qid=qid), question=qid))
                    result.problems.append(missing[-1])
                elif not other_version:  # one message for the list, see ParsedList.stopped
                    result.problems.append(Problem(number, "", "", t["msg_no_column"].format(qid=qid),
                                                   per_list=True, question=qid))
                    parsed.stopped_by.add(qid)
                    parsed.stopped.add(number)
            elif not shown[qid] and values.get(qid) is not None:
                # Answered, but not asked after the earlier answers: the report leaves it out.
                col = next((c for c in cols or [] if _cell(cells, c)), None)
                if col is not None:
                    parsed.notice(col.label(lang), _cell(cells, col), t["msg_hidden_answer"].format(
                        qid=qid, condition=question.condition), number)
    why = unfinished(cells, plan) if missing else None
    if why:  # the tool says the respondent stopped: one line, not one per unanswered question
        result.problems = [p for p in result.problems if p not in missing]
        result.problems.append(Problem(number, why[0], why[1], t["msg_unfinished"].format(
            count=len(missing))))
    elif len(missing) > 1:  # no mark (SurveyMonkey): still one line for the response, naming them
        result.problems = [p for p in result.problems if p not in missing]
        ids = [m.question for m in missing]
        shown = ", ".join(ids[:6]) + (f" (+{len(ids) - 6})" if len(ids) > 6 else "")
        result.problems.append(Problem(number, missing[0].column, "", t["msg_required_many"].format(
            count=len(missing), qids=shown)))
    if not result.problems:
        result.answers = answers
    return result


CODE_VALUE = re.compile(r"^(-oth-|(A|AO|SQ|O|OPT)?0*\d{1,3})$", re.IGNORECASE)


def coded_columns(columns: list[Column], data_rows: Iterable[tuple[int, list[str]]],
                  questionnaire: Questionnaire) -> list[tuple[Column, str]]:
    """The whole-question columns of choice and yes/no questions that hold answer codes or choice
    numbers (SurveyMonkey "numerical values", Qualtrics recode values, LimeSurvey answer
    codes) instead of answer texts, each with an example value. A yes/no column is coded when
    it holds a 2, or only 1s and 2s in a list whose choices are coded: then its 1 is a
    position too, not a yes (1/0 is Typeform's yes/no)."""
    found, yes_no = [], []
    choices = [(col, question) for col in columns
               if col.role == "question" and (question := questionnaire.question(col.target)) is not None
               and question.type in ("single", "yesno")]
    seen: dict[int, set[str]] = {col.index: set() for col, _ in choices}
    if choices:
        for _, cells in data_rows:  # one pass over the rows (on disk for a long list)
            for col, _ in choices:
                seen[col.index].add(_cell(cells, col))
    for col, question in choices:
        values = seen[col.index] - {""}
        if not values:
            continue
        if question.type == "yesno":
            if values <= {"1", "2"}:
                yes_no.append((col, "2" in values))
            continue
        index = _options(question)
        if all(CODE_VALUE.match(v) and index.find(v) is None for v in values):
            found.append((col, sorted(values)[-1]))
    found += [(col, "2" if two else "1") for col, two in yes_no if two or len(found) >= 2]
    return found


def refuse_coded(source: str, columns: list[Column], coded: list[tuple[Column, str]],
                 questionnaire: Questionnaire) -> None:
    """One line for a list whose choices are mostly numbers or codes: no row could be read
    right, and re-exporting (or one mapping file) fixes them all."""
    choices = [c for c in columns if c.role == "question" and questionnaire.question(c.target) is not None
               and questionnaire.question(c.target).type in ("single", "yesno")]
    if len(coded) < 2 or len(coded) * 2 < len(choices):
        return
    col, value = coded[0]
    shown = col.header if len(col.header) <= 40 else col.header[:40] + "..."
    where = f"column {col.letter} ({shown})"
    raise InputError(source, f"the answers are exported as numbers or codes, not as answer texts "
                             f"({where} holds {value!r}; {len(coded)} of {len(choices)} choice columns "
                             "alike): export again with answer texts (SurveyMonkey: 'Actual answer text'; "
                             "Qualtrics: 'Use choice text', or --structure survey.qsf; LimeSurvey: 'Full "
                             "answers', or --structure survey.lss), or map the codes once: "
                             "--suggest-map map.yaml, then --map map.yaml")


# The tool's own mark of a response the respondent did not finish (Typeform "Response Type",
# Qualtrics "Finished", LimeSurvey's empty submit date, SurveyMonkey has none).
UNFINISHED_WORDS = {"partial", "false", "0", "incomplete", "onvolledig", "gedeeltelijk", "nee", "no"}
FINISHED_FIELDS = {"response type", "finished", "status response", "voltooid", "completed"}
EMPTY_WHEN_UNFINISHED = {"submitdate", "date submitted", "datum verstuurd", "submit date utc", "submitted at"}


def finished_columns(columns: list[Column]) -> list[Column]:
    """The columns that say whether a response was finished: a field like Typeform's "Response
    Type" or Qualtrics' "Finished", or a submit date that stays empty until the end."""
    found = []
    for col in columns:
        if col.role not in ("metadata", "submitted"):
            continue
        names = {fold(part) for part in col.header.split(" / ")}
        if names & FINISHED_FIELDS or col.role == "submitted" and names & EMPTY_WHEN_UNFINISHED:
            found.append(col)
    return found


def unfinished(cells: list[str], plan: _Plan) -> tuple[str, str] | None:
    """(column label, value) of the tool's mark that this response was not finished, or None."""
    for col in plan.unfinished:
        value = _cell(cells, col)
        if (col.role == "submitted" and not value
                or col.role == "metadata" and fold(value) in UNFINISHED_WORDS):
            return col.label(plan.lang), value
    return None


class _CellError(Exception):
    def __init__(self, column: str, value: str, message: str):
        super().__init__(message)
        self.column, self.value, self.message = column, value, message


def _answer(number: int, cells: list[str], question: Question, cols: list[Column], plan: _Plan,
            parsed: ParsedList, mapped: dict[str, str]) -> tuple[Any, str]:
    """The canonical answer of one question in one row, and the note to keep with it."""
    lang, t = plan.lang, texts(plan.lang)
    filled = [(c, _cell(cells, c)) for c in cols]
    filled = [(c, v) for c, v in filled if v]
    if not filled:
        return None, ""
    wholes = [(c, v) for c, v in filled if c.role == "question"]
    ticks = [(c, v) for c, v in filled if c.role == "option"]
    texts_ = [(c, v) for c, v in filled if c.role == "other"]
    notes: list[str] = []
    if question.type == "multi":
        chosen: list[str] = []
        for col, raw in wholes:
            if cached_fold(raw) in UNKNOWN_FOLDED and _options(question).find(raw) is None:
                continue
            items, unknown = split_multi(question, raw)
            if unknown:  # an edited label, perhaps one holding a separator: try approximately
                close: list[str] = []
                items, unknown = split_multi(question, raw, close)
                for text in close:
                    option = question.option(_options(question).approx(text))
                    message = t["msg_approx_value"].format(option=option.label(lang))
                    parsed.notice(col.label(lang), text, message, number)
            chosen += items
            errors: list[str] = []
            for item in unknown:
                try:
                    chosen.append(_resolve(number, question, col, item, plan, parsed, mapped, notes))
                except _CellError as exc:
                    errors.append(exc.value)
            if errors:
                allowed = ", ".join(o.label(lang) for o in question.options or [])
                raise _CellError(col.label(lang), raw, AnswerError(
                    "not_option", value=", ".join(repr(e) for e in errors), allowed=allowed).message(lang))
        for col, raw in ticks:
            if _ticked(number, question, col, raw, plan, parsed, notes):
                chosen.append(col.option)
        for col, raw in texts_:
            if _options(question).has_other:
                chosen.append("other")
                notes.append(raw)
            else:
                parsed.notice(col.label(lang), raw, t["msg_text_not_used"], number)
        unique = list(dict.fromkeys(chosen))
        exclusive = [v for v in unique if question.option(v) and question.option(v).exclusive]
        if exclusive and len(unique) > 1:
            col = (wholes or ticks)[0][0]
            raise _CellError(col.label(lang), "; ".join(v for _, v in wholes + ticks),
                             AnswerError("not_combinable", value=repr(exclusive[0]),
                                         option=exclusive[0]).message(lang))
        return unique or None, _note(notes, lang)
    answers: list[tuple[Column, Any]] = []
    for col, raw in wholes + [(c, v) for c, v in ticks if question.type == "single"]:
        if col.role == "option":  # a single choice as one column per option (rare): ticked = chosen
            if _ticked(number, question, col, raw, plan, parsed, notes):
                answers.append((col, col.option))
            continue
        if cached_fold(raw) in UNKNOWN_FOLDED and (question.type != "single"
                                            or _options(question).find(raw) is None):
            continue
        if question.type == "single":
            answers.append((col, _resolve(number, question, col, raw, plan, parsed, mapped, notes)))
        elif col.index in plan.coded and fold(raw) not in mapped:  # "1" is a position here, not a yes
            parsed.unknown_by_question.setdefault(question.id, Counter())[raw] += 1
            raise _CellError(col.label(lang), raw, t["msg_answer_code"].format(value=raw))
        elif col.index in plan.coded:
            answers.append((col, mapped[fold(raw)]))
        else:
            key = (question.id, raw)
            if key not in plan.normalised:  # the same numbers and yes/no in every row: once each
                try:
                    plan.normalised[key] = (True, normalise(question, raw))
                except AnswerError as exc:
                    # A scale choice with its end label: "5 - Helemaal eens", "Strongly agree".
                    point = scale_number(question, raw) if question.type == "scale" else None
                    plan.normalised[key] = ((True, point) if point is not None
                                            else (False, exc.message(lang)))
                    typed = typed_number(question, raw, lang) if question.type == "number" else None
                    if typed is not None:  # "ca. 4", "4 uur": read, and said where
                        try:
                            plan.normalised[key] = (True, normalise(question, typed))
                            plan.typed.add(key)
                        except AnswerError:
                            pass
            ok, value = plan.normalised[key]
            if not ok:
                raise _CellError(col.label(lang), raw, value)
            if key in plan.typed:
                parsed.notice(col.label(lang), raw, t["msg_number_read"].format(value=value), number)
            answers.append((col, value))
    distinct = {repr(v) for _, v in answers if v is not None}
    if len(distinct) > 1:
        shown = ", ".join(f"{c.label(lang)}: {_cell(cells, c)!r}" for c, v in answers if v is not None)
        raise _CellError(answers[0][0].label(lang), "", t["msg_branch_conflict"].format(values=shown))
    value = next((v for _, v in answers if v is not None), None)
    for col, raw in texts_:
        if question.type == "single" and _options(question).has_other and value in (None, "other"):
            value = "other"
            notes.append(raw)
        elif question.type == "text" and value is None:
            value = raw
        else:
            parsed.notice(col.label(lang), raw, t["msg_text_not_used"], number)
    return value, _note(notes, lang)


def _note(notes: list[str], lang: str) -> str:
    if not notes:
        return ""
    word = "Anders" if lang.split("-")[0] == "nl" else "Other"
    return f"{word}: " + "; ".join(dict.fromkeys(notes))


def _resolve(number: int, question: Question, col: Column, raw: str, plan: _Plan, parsed: ParsedList,
             mapped: dict[str, str], notes: list[str]) -> str:
    """One option value for `raw`: exact, mapped, "Other: ...", approximate (reported), other
    with the text kept (reported), or a _CellError naming what was expected."""
    lang, t = plan.lang, texts(plan.lang)
    index = _options(question)
    value = index.find(raw)
    if value is not None:
        return value
    if fold(raw) in mapped:
        target = mapped[fold(raw)]
        if question.option(target) is None:
            raise _CellError(col.label(lang), raw, t["msg_map_bad_value"].format(value=target))
        return target
    other = OTHER_PREFIX.match(raw)
    if other and index.has_other:
        notes.append(other.group(3).strip())
        return "other"
    approx = index.approx(raw)
    if approx is not None:
        option = question.option(approx)
        parsed.notice(col.label(lang), raw, t["msg_approx_value"].format(option=option.label(lang)), number)
        return approx
    if index.has_other and not ANSWER_CODE.match(raw) and not is_other_text(raw):
        notes.append(raw)
        parsed.notice(col.label(lang), raw, t["msg_other_value"], number)
        return "other"
    if index.has_other and is_other_text(raw):
        return "other"
    parsed.unmatched_values.setdefault(col.label(lang), Counter())[raw] += 1
    parsed.unknown_by_question.setdefault(question.id, Counter())[raw] += 1
    allowed = ", ".join(o.label(lang) for o in question.options or [])
    if ANSWER_CODE.match(raw):
        raise _CellError(col.label(lang), raw, t["msg_answer_code"].format(value=raw))
    raise _CellError(col.label(lang), raw,
                     AnswerError("not_option", value=repr(raw), allowed=allowed).message(lang))


def _positions(by_question: dict[str, list[Column]]) -> dict[int, int]:
    """Each option column's place (1, 2, ...) among its question's option columns, in the
    export's order: a numeric export (SurveyMonkey numerical values) writes that number in a
    ticked column."""
    places: dict[int, int] = {}
    for cols in by_question.values():
        options = [c for c in cols if c.role == "option" and c.option != "other"]
        places.update({c.index: n for n, c in enumerate(options, 1)})
    return places


def _ticked(number: int, question: Question, col: Column, raw: str, plan: _Plan, parsed: ParsedList,
            notes: list[str]) -> bool:
    """Is this option column ticked? Y/Yes/Ja/1/X or the option's own label: yes; N/No/0: no;
    the column's own place among its question's option columns (a numeric export): yes.
    The `other` option's column holds the typed text: ticked, and the text kept."""
    lang, t = plan.lang, texts(plan.lang)
    folded = fold(raw)
    if folded in TICKED or folded.isdigit() and int(folded) == plan.positions.get(col.index):
        return True
    if folded in UNTICKED or folded in UNKNOWN_FOLDED:
        return False
    index = _options(question)
    label_value = index.find(raw)
    if label_value == col.option or fold(col.header).endswith(folded) and folded:
        return True
    if col.option == "other":
        if not is_other_text(raw):
            notes.append(raw)
        return True
    if label_value is None and index.approx(raw) == col.option:
        parsed.notice(col.label(lang), raw, t["msg_approx_value"].format(
            option=question.option(col.option).label(lang)), number)
        return True
    raise _CellError(col.label(lang), raw, t["msg_not_a_tick"].format(
        option=question.option(col.option).label(lang) if question.option(col.option) else col.option))
