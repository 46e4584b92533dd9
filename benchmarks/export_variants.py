"""The same survey exports as benchmarks/unseen_exports.py, saved or handled the way a consultant
does before feeding them in without editing: does every answer still come back right, or reported?

Each variant takes an export of one tool (answer texts; the numeric/code exports are refused on
their own) and changes only how the file is saved or what sits around the answers:

- unicode-text: Excel's "Unicode text" (UTF-16 LE with BOM, tab-separated, CRLF), cells as a
  Dutch Excel shows them (d-m-yyyy h:mm, decimal comma);
- csv-ansi: Dutch Excel's "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, ';', CRLF,
  now and then with the "sep=;" first line Excel reads (and does not show as a row);
- csv-mac: Excel's "CSV (Macintosh)" / Excel for Mac's "Comma Separated Values": MacRoman, CR;
- tsv: Google Sheets' "Tab-separated values": UTF-8 without BOM, tab, LF;
- title-rows: a title, an export line and a blank row above the header (XLSX or CSV as the
  tool gave it), as a consultant's own workbook or a tool's "report" export has them;
- second-sheet: XLSX whose first sheet is a summary/explanation sheet, answers on the second;
- serial-dates: XLSX whose date column holds Excel serial numbers (a pasted-values copy);
- extra-columns: two to four unrelated columns added by the consultant (status, region,
  notes), partly filled: each filled cell must be reported with its row and column;
- quiz: Microsoft Forms made as a quiz: "Total points", "Quiz feedback", and after each question
  "Points - <question>" and "Feedback - <question>" (Microsoft Forms exports only);
- merged-header: SurveyMonkey's XLSX with each question title merged over its option columns and
  the tool's own headings merged over both header rows (SurveyMonkey exports only);
- lime-headings: LimeSurvey "Full answers" with the headings option "Question code & question
  text" or "Question code" (LimeSurvey exports only; the latter read through its .lss as well);
- pasted: two exports of the same survey pasted one below the other, the second with its own
  header rows (a consultant combining two collectors or two weeks);
- duplicates: a company answering twice (an identical row, and a later row with other
  answers): both groups must be flagged;
- empty / header-only: one line naming the file, exit 2, never a traceback.

    python benchmarks/export_variants.py --seeds 10 [--first-seed 7000] [--rows 12] [--variant V]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import unseen_exports as ue  # noqa: E402  (the independent generator this builds on)

BASES = ("surveymonkey", "typeform", "limesurvey", "qualtrics", "msforms", "google", "jotform", "excel-nl")
VARIANTS = (
    "unicode-text",
    "csv-ansi",
    "csv-mac",
    "tsv",
    "title-rows",
    "second-sheet",
    "serial-dates",
    "extra-columns",
    "quiz",
    "merged-header",
    "lime-headings",
    "pasted",
    "duplicates",
    "empty",
    "header-only",
)
EXTRA = {
    "nl": [("Status opvolging", ["gebeld", "offerte", ""]), ("Regio", ["Antwerpen", "Utrecht", "Gent"]),
           ("Opmerking adviseur", ["terugbellen in maart", "", "wil workshop"]),
           ("Verkoper", ["Ilse", "Koen"])],
    "en": [("Follow-up status", ["called", "quote sent", ""]), ("Region", ["North", "South", "East"]),
           ("Consultant note", ["call back in March", "", "wants a workshop"]),
           ("Account manager", ["Ilse", "Koen"])],
}


def header_rows(export: ue.Export) -> int:
    """How many header rows the tool wrote (its first client is on the row after them)."""
    return min(export.clients) - 1 if export.clients else 1


def is_xlsx(export: ue.Export) -> bool:
    return export.data.startswith(b"PK")


def shown(value: Any) -> str:
    """A cell as a Dutch Excel shows it (and writes it to a text file)."""
    if isinstance(value, dt.datetime):
        return f"{value.day}-{value.month}-{value.year} {value.hour}:{value.minute:02d}"
    if isinstance(value, float):
        return format(value, "g").replace(".", ",")
    return "" if value is None else str(value)


def text_file(rows: list[list[Any]], delimiter: str, encoding: str, crlf: bool, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(
        [[shown(v) for v in row] for row in rows])
    data = buffer.getvalue().encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


xlsx_book = ue.write_xlsx_sheets


def merged_book(rows: list[list[Any]]) -> bytes:
    """Two header rows as SurveyMonkey's XLSX has them: a title merged over the option columns
    after it, a heading with nothing under it merged over both rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for n, row in enumerate(rows, 1):
        for k, value in enumerate(row, 1):
            if value != "":
                cell = sheet.cell(row=n, column=k, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, as the tools write it
    first, second = rows[0], rows[1]
    i = 0
    while i < len(first):
        j = i + 1
        while j < len(first) and not first[j] and second[j]:
            j += 1
        if first[i] and not second[i]:
            sheet.merge_cells(start_row=1, start_column=i + 1, end_row=2, end_column=i + 1)
        elif first[i] and j - i > 1:
            sheet.merge_cells(start_row=1, start_column=i + 1, end_row=1, end_column=j)
        i = j
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def same_format(export: ue.Export, rows: list[list[Any]]) -> bytes:
    return xlsx_book([("Sheet1", rows)]) if is_xlsx(export) else text_file(rows, ",", "utf-8", True, bom=True)


def shifted(export: ue.Export, rows_down: int = 0, columns_at: list[int] | None = None) -> ue.Export:
    """The export's truth after rows were put above it and columns inserted at `columns_at`
    (indexes in the new table, ascending)."""
    inserted = sorted(columns_at or [])

    def moved(i: int) -> int:
        for at in inserted:
            if i >= at:
                i += 1
        return i

    return replace(export, clients={n + rows_down: c for n, c in export.clients.items()},
                   columns={k: [moved(i) for i in v] for k, v in export.columns.items()})


@dataclass
class Extra:
    """What a variant expects beside the answers: cells to be reported, rows to be flagged."""

    cells: list[tuple[int, int]] = field(default_factory=list)  # (row, column index) of added cells
    groups: list[list[int]] = field(default_factory=list)  # rows of one company answering twice
    refusal: bool = False  # the file must be refused in one line
    skip: bool = False  # the variant does not apply to this tool


def variant(export: ue.Export, name: str, rng: random.Random) -> tuple[ue.Export, Extra]:
    rows = [list(r) for r in export.table]
    heads = header_rows(export)
    extra = Extra()
    if name == "unicode-text":
        data = b"\xff\xfe" + text_file(rows, "\t", "utf-16-le", True)
        return replace(export, data=data, filename="export.txt"), extra
    if name == "csv-ansi":
        sep = b"sep=;\r\n" if rng.random() < 0.4 else b""
        return replace(export, data=sep + text_file(rows, ";", "cp1252", True), filename="export.csv"), extra
    if name == "csv-mac":
        data = text_file(rows, rng.choice([",", ";"]), "mac_roman", False).replace(b"\n", b"\r")
        return replace(export, data=data, filename="export.csv"), extra
    if name == "tsv":
        return replace(export, data=text_file(rows, "\t", "utf-8", False), filename="export.tsv"), extra
    if name == "title-rows":
        title = {"nl": "Social media audit - antwoorden", "en": "Social media audit - responses"}[export.lang]
        above = [[title], [f"Geëxporteerd op 30-11-2026 ({len(export.clients)} antwoorden)"], []]
        above = above[: rng.randint(1, 3)] + ([[]] if rng.random() < 0.5 else [])
        new = above + rows
        return replace(shifted(export, len(above)), data=same_format(export, new)), extra
    if name == "second-sheet":
        first = rng.choice(["Samenvatting", "Toelichting", "Summary"])
        summary = [["Vraag", "Aantal antwoorden"]]
        summary += [[h, str(len(export.clients))] for h in rows[heads - 1][1:6] if h]
        return replace(export, data=xlsx_book([(first, summary), ("Antwoorden", rows)]),
                       filename="export.xlsx"), extra
    if name == "serial-dates":
        for col in export.columns.get("date", []):
            for n, r in enumerate(rows[heads:], heads + 1):
                value = r[col]
                if isinstance(value, str):
                    client = export.clients.get(n)
                    value = client.submitted if client and value else None
                if isinstance(value, dt.datetime):
                    delta = value - dt.datetime(1899, 12, 30)
                    r[col] = round(delta.days + delta.seconds / 86400, 6)
        return replace(export, data=xlsx_book([("Sheet1", rows)]), filename="export.xlsx"), extra
    if name == "extra-columns":
        picks = rng.sample(EXTRA[export.lang], rng.randint(2, 4))
        width = len(rows[0])
        spots = sorted(rng.sample(range(1, width + len(picks)), len(picks)))
        for (head, values), at in zip(picks, spots, strict=True):
            for n, r in enumerate(rows):
                if n < heads:  # the consultant types the heading in the top row
                    r.insert(at, "" if n else head)
                else:
                    value = rng.choice(values)
                    r.insert(at, value)
                    if value:
                        extra.cells.append((n + 1, at))
        return replace(shifted(export, 0, spots), data=same_format(export, rows)), extra
    if name == "quiz":
        if export.tool != "msforms":
            return export, Extra(skip=True)
        owned = {i for k, cols in export.columns.items() if k not in ("company", "date") for i in cols}
        spots: list[int] = []
        new = [[] for _ in rows]
        for i in range(len(rows[0])):
            for n, r in enumerate(rows):
                new[n].append(r[i])
            if i == 5:  # after the tool's own columns
                for head in ("Total points", "Quiz feedback"):
                    spots.append(len(new[0]))
                    for n, r in enumerate(new):
                        points = str(rng.randint(0, 40)) if head == "Total points" else ""
                        r.append(head if n == 0 else points)
            if i in owned:
                for head in (f"Points - {rows[0][i]}", f"Feedback - {rows[0][i]}"):
                    spots.append(len(new[0]))
                    for n, r in enumerate(new):
                        r.append(head if n == 0 else (rng.choice(["0", "1", "2"]) if head.startswith("P")
                                                      else rng.choice(["", "Goed zo!"])))
        return replace(shifted(export, 0, spots), data=same_format(export, new)), extra
    if name == "merged-header":
        if export.tool != "surveymonkey":
            return export, Extra(skip=True)
        return replace(export, data=merged_book(rows), filename="surveymonkey.xlsx"), extra
    if name == "lime-headings":
        return export, Extra(skip=export.tool != "limesurvey")  # made with its heading in `measure`
    if name == "pasted":
        body = rows[heads:]
        cut = rng.randint(1, len(body) - 1)
        new = rows[:heads] + body[:cut] + [list(r) for r in rows[:heads]] + body[cut:]
        first = min(export.clients)
        clients = {n + (heads if n - first >= cut else 0): c for n, c in export.clients.items()}
        return replace(export, clients=clients, data=same_format(export, new)), extra
    if name == "duplicates":
        body = rows[heads:]
        numbers = sorted(export.clients)
        same, again = rng.sample(range(len(body)), 2)
        company_cols = export.columns.get("company", [])
        clients = dict(export.clients)
        twice = list(body[same])
        body.append(twice)
        clients[numbers[-1] + 1] = export.clients[numbers[same]]
        extra.groups.append([numbers[same], numbers[-1] + 1])
        later = list(body[(again + 1) % len(body[:-1])])  # another respondent's answers ...
        donor = export.clients[numbers[(again + 1) % len(numbers)]]
        for col in company_cols:  # ... under the company name of `again`
            later[col] = rows[heads + again][col]
        body.append(later)
        clients[numbers[-1] + 2] = replace(donor, company=export.clients[numbers[again]].company)
        extra.groups.append([numbers[again], numbers[-1] + 2])
        if not company_cols:
            extra.groups = []
        new = rows[:heads] + body
        return replace(export, clients=clients, data=same_format(export, new)), extra
    if name == "empty":
        extra.refusal = True
        return replace(export, clients={}, data=b"" if rng.random() < 0.5 else b"\xef\xbb\xbf\r\n"), extra
    if name == "header-only":
        extra.refusal = True
        return replace(export, clients={}, data=same_format(export, rows[:heads])), extra
    raise ValueError(name)


@dataclass
class Tally:
    files: int = 0
    score: ue.Score = field(default_factory=ue.Score)
    extra_cells: int = 0
    extra_silent: int = 0
    groups: int = 0
    groups_missed: int = 0
    refusals_wanted: int = 0
    refusals_bad: int = 0  # not refused, or refused with a traceback / without naming the file
    phantom_ok: int = 0  # rows read as a client that no respondent is (a header row read as data)
    phantom_refused: int = 0  # such rows refused as a bad client row (a confusing line)
    examples: list[str] = field(default_factory=list)


def said(parsed: Any) -> set[tuple[int, str]]:
    where: set[tuple[int, str]] = set()
    for notice in parsed.notices.values():
        letter = notice.column.split(" ")[1] if notice.column.count(" ") >= 1 else ""
        where.update((n, letter) for n in notice.rows)
    return where


def flagged(parsed: Any, rows: list[int]) -> bool:
    return any(set(rows) <= set(n.rows) for n in parsed.notices.values() if not n.column)


def measure(variants: tuple[str, ...], bases: tuple[str, ...], seeds: range, count: int) -> dict[str, Tally]:
    import tempfile

    from audit.batch.matching import parse_rows
    from audit.batch.pipeline import read_list
    from audit.batch.readers import column_letter, read_table
    from audit.errors import InputError
    from audit.load import load_questionnaire

    q = load_questionnaire()
    try:  # the reader finds a workbook's answers sheet by the questionnaire (as `smaudit batch` does)
        from audit.batch.columns import sheet_score

        scorer = sheet_score(q)
    except ImportError:  # a reader from before it did: the first sheet
        scorer = None
    tallies = {v: Tally() for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        for name in variants:
            tally = tallies[name]
            for base in bases:
                for seed in seeds:
                    rng = random.Random(f"{name}:{base}:{seed}")
                    heading = rng.choice(["code_text", "codes"]) if name == "lime-headings" else ""
                    export, extra = variant(ue.make(q, base, seed, count, heading=heading), name, rng)
                    if extra.skip:
                        continue
                    if export.structure:  # as a consultant who has the survey's own file reads it
                        own = Path(tmp) / export.structure_name
                        own.write_bytes(export.structure)
                        path = Path(tmp) / export.filename
                        path.write_bytes(export.data)
                        through = tallies.setdefault(f"{name} --structure", Tally())
                        through.files += 1
                        try:
                            table = read_list(path, own, export.lang, *([q] if scorer else []))
                            through.score.add(ue.score(export, parse_rows(table, q, export.lang)))
                        except InputError as exc:
                            why = f"{base} seed {seed}: refused: {str(exc)[:200]}"
                            ue.refused(through.score, export, why)
                    tally.files += 1
                    path = Path(tmp) / export.filename
                    path.write_bytes(export.data)
                    try:
                        table = read_table(path, scorer) if scorer else read_table(path)
                        parsed = parse_rows(table, q, export.lang)
                    except InputError as exc:
                        if extra.refusal:
                            tally.refusals_wanted += 1
                            if str(path) not in str(exc) or "\n" in str(exc):
                                tally.refusals_bad += 1
                        else:
                            ue.refused(tally.score, export, f"{base} seed {seed}: refused: {str(exc)[:200]}")
                        continue
                    except Exception as exc:  # noqa: BLE001  a traceback is a defect: counted
                        tally.refusals_bad += 1
                        tally.examples.append(f"{base} seed {seed}: {type(exc).__name__}: {exc}")
                        continue
                    if extra.refusal:
                        tally.refusals_wanted += 1
                        tally.refusals_bad += 1
                        tally.examples.append(f"{base} seed {seed}: not refused")
                        continue
                    tally.score.add(ue.score(export, parsed))
                    for row in parsed.rows:
                        if row.row not in export.clients:
                            tally.phantom_ok += row.ok
                            tally.phantom_refused += not row.ok
                    where = said(parsed)
                    for row, col in extra.cells:
                        tally.extra_cells += 1
                        if (row, column_letter(col)) not in where:
                            tally.extra_silent += 1
                            tally.examples.append(
                                f"{base} seed {seed}: added cell {column_letter(col)}{row} not reported")
                    for group in extra.groups:
                        tally.groups += 1
                        if not flagged(parsed, group):
                            tally.groups_missed += 1
                            tally.examples.append(
                                f"{base} seed {seed}: rows {group} (same company) not flagged")
    return tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="files per tool and variant")
    parser.add_argument("--first-seed", type=int, default=7000)
    parser.add_argument("--rows", type=int, default=12, help="respondents per file")
    parser.add_argument("--variant", action="append", choices=VARIANTS)
    parser.add_argument("--base", action="append", choices=BASES)
    parser.add_argument("--show", type=int, default=4)
    args = parser.parse_args()
    tallies = measure(tuple(args.variant or VARIANTS), tuple(args.base or BASES),
                      range(args.first_seed, args.first_seed + args.seeds), args.rows)
    print(f"{'variant':14} {'files':>5} {'answers':>7} {'right':>8} {'reported':>8} {'silent':>6} "
          f"{'names':>5} {'dates':>5} {'refused':>7} "
          f"{'extra cells silent':>18} {'twice missed':>12} {'bad refusals':>12} {'phantom rows':>12}")
    for name, t in tallies.items():
        s = t.score
        share = s.right / s.answers if s.answers else 1.0
        print(f"{name:14} {t.files:5} {s.answers:7} {share:8.2%} {s.reported:8} {s.silent:6} "
              f"{s.names_wrong:5} {s.dates_silent:5} {s.refused:7} {f'{t.extra_silent}/{t.extra_cells}':>18} "
              f"{f'{t.groups_missed}/{t.groups}':>12} {f'{t.refusals_bad}/{t.refusals_wanted}':>12} "
              f"{f'{t.phantom_ok} ok, {t.phantom_refused} bad':>12}")
        for text in (s.examples + t.examples)[: args.show]:
            print(f"    {text}")
    print("right: read as answered; reported: row refused or value named with row and column; silent: "
          "read wrong and nothing said (goal 0); extra cells silent: added unrelated cells not reported with "
          "row and column; twice missed: a company answering twice not flagged; bad refusals: an empty or "
          "header-only file not refused in one line naming the file; phantom rows: rows read as clients "
          "(ok, or refused as bad rows) that no respondent is")


if __name__ == "__main__":
    main()
