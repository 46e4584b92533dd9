"""Read a client list (CSV or XLSX) into rows of strings, as the spreadsheet shows them.

CSV comes as Excel and survey tools write it: comma or semicolon (Dutch and Flemish Excel),
UTF-8 with or without BOM, Windows-1252, or UTF-16 ("Unicode text"). Everything is read as
text so that leading zeros and "1,5" survive; `audit.answers.normalise()` interprets it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.batch.spool import RowSpool
from audit.errors import InputError

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t", "|")


@dataclass
class RawTable:
    """All non-trailing rows of the sheet from its header on; `rows[0]` is spreadsheet row
    `skipped + 1` (a title and blank rows above the header are not part of the table)."""

    source: str
    fmt: str  # "csv" | "xlsx"
    rows: Any  # list[list[str]], or a RowSpool (on disk) for a file read
    encoding: str = ""
    delimiter: str = ""
    notes: list[Any] = field(default_factory=list)  # texts.Note: said on the terminal and in the report
    skipped: int = 0  # rows above the header (a title, an export date, blank rows), said in `notes`


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as the spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# What a file is when it is not a spreadsheet: said in the one-line error.
MAGIC = ((b"%PDF", "a PDF document"), (b"\xd0\xcf\x11\xe0", "an old Excel/Word file (.xls/.doc)"),
         (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
         (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
         (b"{\\rtf", "an RTF document"), (b"<?xml", "an XML file"))


def mac_lines(head: bytes) -> bool:
    """Lines end in a bare CR: Excel's "CSV (Macintosh)" / Excel for Mac's "Comma Separated
    Values", whose 8-bit encoding is MacRoman, not Windows-1252 (é is 0x8E there, Ž here)."""
    bare_cr = head.count(b"\r") - head.count(b"\r\n")
    return bare_cr > head.count(b"\n")


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-16 (BOM, or the NUL pattern of Excel's "Unicode
    text" without one), UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:4000]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # every other byte NUL: UTF-16 sans BOM
        le = head[1::2].count(0) > head[0::2].count(0)
        try:
            return data.decode("utf-16-le" if le else "utf-16-be"), "utf-16-le" if le else "utf-16-be"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    if mac_lines(data[:64_000]):
        return data.decode("mac_roman"), "mac_roman"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def not_text(data: bytes, text: str) -> str:
    """Why these bytes are no CSV text ("" when they are): a known binary format, or control
    characters that no spreadsheet writes."""
    for magic, what in MAGIC:
        if data.startswith(magic):
            return f"this is {what}, not a CSV or XLSX file"
    sample = text[:20_000]
    if not sample:
        return ""
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\x0c")
    if "\x00" in sample or control * 100 > len(sample):
        return "this is not a text (CSV) file: it holds binary data"
    return ""


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns, consistently: the
    width most lines share (a title line above the header has one cell under any delimiter)."""
    from collections import Counter

    sample = text[:64_000]
    best: tuple[float, int, str] = (-1.0, 0, ",")
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        rows = rows[:51]
        if len(rows) > 2:
            rows = rows[:-1]  # the last sampled line may be cut off
        widths = Counter(len(r) for r in rows if len(r) >= 2)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
        consistent = count / len(rows)
        if (consistent, width) > best[:2]:
            best = (consistent, width, delimiter)
    return best[2]


PREAMBLE_ROWS = 10  # a title block above the header is at most this many rows


def header_start(rows: Any) -> int:
    """How many rows above the header are a title block: a consultant's title, an export line
    ("Geëxporteerd op ..."; "Export; 30-11-2026" split by the delimiter), blank rows. Each holds
    at most three filled cells, and a row below holds at least four and twice as many;
    0 when row 1 is the header."""
    top = [sum(1 for c in row if c.strip()) for row in rows[:PREAMBLE_ROWS + 1]]
    for n, filled in enumerate(top):
        if filled > 3 or not any(later >= max(4, 2 * filled) for later in top[n + 1:]):
            return n
    return 0


def _without_preamble(table: RawTable) -> RawTable:
    """The table from its header on; the title rows above it named in a note (never dropped
    unsaid)."""
    skip = header_start(table.rows)
    if not skip:
        return table
    texts = [c.strip() for row in table.rows[:skip] for c in row if c.strip()]
    shown = "; ".join(repr(t[:60]) for t in texts[:4]) + (" ..." if len(texts) > 4 else "")
    table.notes.append(("note_title_rows", {"rows": (skip, "1" if skip == 1 else f"1-{skip}"),
                                            "texts": shown or "-", "header": skip + 1}))
    table.rows = table.rows[skip:]
    table.skipped = skip
    return table


def _cell(value: object) -> str:
    """An XLSX cell as text, the way a person reads it (dates without midnight, no '3.0')."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        # A decimal comma: "1.125" could read as the Dutch thousand-separated 1125.
        return format(value, ".15g").replace(".", ",")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return _cell(value.to_pydatetime())
    return str(value).strip()


def _trim(rows: Any) -> Any:
    """Drop trailing empty rows and trailing empty columns (formatted but unused cells), in
    place: a long list is not copied (a RowSpool does it as it is read)."""
    if isinstance(rows, RowSpool):
        return rows.finish()
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for r in rows for i, c in enumerate(r) if c.strip()), default=0)
    for n, row in enumerate(rows):
        if len(row) != width:
            rows[n] = (row + [""] * width)[:width]
    return rows


def _one_newline(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


SEP_LINE = re.compile(r"sep=(.)[ \t]*(\r\n|\r|\n)", re.IGNORECASE)
BLOCK = 1 << 20  # bytes decoded at a time when a CSV file's encoding is checked


def _encoding(path: Path, head: bytes) -> str:
    """The encoding the whole file decodes in (as `decode` decides for a text in memory), found
    by decoding it a block at a time: a long file is never held twice in memory."""
    import codecs

    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        sample = head[:4000]
        candidates = []
        if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):  # every other byte NUL: UTF-16 sans BOM
            candidates.append("utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be")
        candidates += ["utf-8-sig", "mac_roman" if mac_lines(head) else "cp1252"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        try:
            with open(path, "rb") as handle:
                while block := handle.read(BLOCK):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not head.startswith(b"\xef\xbb\xbf"):
            return "utf-8"
        return encoding
    return "latin-1"


def read_csv(path: Path) -> RawTable:
    """A CSV file read as a stream of lines (never the whole text and its bytes at once)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64_000)
        encoding = _encoding(path, head)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    text = head.decode(encoding if encoding != "utf-8" else "utf-8-sig", errors="ignore")
    why = not_text(head, text)
    if why:
        raise InputError(str(path), why)
    # Excel's "sep=;" first line names the delimiter; Excel does not show it as a row.
    told = SEP_LINE.match(text.lstrip("\ufeff"))
    delimiter = told.group(1) if told else "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    rows = RowSpool()  # on disk: a long list takes no memory per row
    try:
        with open(path, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="") as handle:
            if told:
                handle.readline()
            for row in csv.reader(handle, delimiter=delimiter):
                # a line break inside an answer, as Windows (CR LF) or a Mac (CR) wrote it
                rows.append([_one_newline(cell.strip()) for cell in row])
    except csv.Error as exc:
        raise InputError(str(path), f"not a readable CSV file: {exc}") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    rows = _trim(rows)
    if not rows:
        raise InputError(str(path), "the file is empty")
    return RawTable(str(path), "csv", rows, encoding=encoding, delimiter=delimiter)


# Scores the top rows of a sheet (its title block left out): how many questions its header names.
SheetScore = Callable[[list[list[str]]], int]


def _choose_sheet(sheets: list[Any], score: SheetScore | None) -> tuple[Any, list[str]]:
    """The sheet whose header names the most questions (a workbook whose first sheet is a
    summary or an explanation), and notes on the sheets not read; the first one when no sheet
    names a question (the reader then says what its header holds)."""
    scored = []
    for sheet in sheets:
        top = [list(map(_cell, row)) for row in sheet.iter_rows(max_row=PREAMBLE_ROWS + 4, values_only=True)]
        scored.append(score(top[header_start(top):]) if score and top else 0)
    best = max(range(len(sheets)), key=lambda n: (scored[n], -n))
    if not scored[best]:
        return sheets[0], []
    notes: list[Any] = []
    if best:
        skipped = ", ".join(repr(s.title) for n, s in enumerate(sheets) if not scored[n])
        notes.append(("note_sheet_read", {"sheet": repr(sheets[best].title), "n": best + 1,
                                          "total": len(sheets), "skipped": skipped or "-"}))
    for n, sheet in enumerate(sheets):
        if n != best and scored[n]:
            notes.append(("note_sheet_other", {"sheet": repr(sheet.title)}))
    return sheets[best], notes


def read_xlsx(path: Path, sheet_score: SheetScore | None = None) -> RawTable:
    """The sheet with the answers (the first, or with `sheet_score` the one whose header names
    the most questions), read streaming (read-only mode): memory stays flat for long lists."""
    import zipfile

    from openpyxl import load_workbook

    try:  # a file object: openpyxl would refuse a name not ending in .xlsx
        book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except zipfile.BadZipFile:
        raise InputError(str(path), "not a readable XLSX file: damaged or incomplete "
                                    "(save it again from Excel)") from None
    except Exception as exc:  # openpyxl InvalidFileException, KeyError of a bad package
        raise InputError(str(path), f"not a readable XLSX file ({type(exc).__name__})") from None
    try:
        if not book.worksheets:
            raise InputError(str(path), "not a readable XLSX file: it holds no worksheet")
        # Hidden sheets are the workbook's own lists (the template's answer lists), not clients.
        sheets = [s for s in book.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
        sheet, notes = _choose_sheet(sheets, sheet_score) if len(sheets) > 1 else \
            ((sheets or book.worksheets)[0], [])
        # Formulas are read as their last computed value (data_only): never as text to run.
        rows = RowSpool()  # on disk: a long list takes no memory per row
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(map(_cell, row)))
    except InputError:
        raise
    except Exception as exc:  # a truncated sheet inside a readable zip
        raise InputError(str(path),
                         f"not a readable XLSX file: damaged sheet ({type(exc).__name__})") from None
    finally:
        book.close()
    return RawTable(str(path), "xlsx", _trim(rows), notes=notes)


def read_table(path: str | Path, sheet_score: SheetScore | None = None) -> RawTable:
    """Read an XLSX file's sheet of answers (see `read_xlsx`), or a CSV file of any common dialect.

    The content decides, not the name: an XLSX saved as .csv is still read. Whatever the file
    holds, the outcome is a table or one InputError line, never a traceback."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "file not found")
    if path.is_dir():
        raise InputError(str(path), "is a folder, not a CSV or XLSX file")
    suffix = path.suffix.lower()
    if suffix in (".ods", ".numbers"):
        raise InputError(str(path), f"{suffix} files are not read: save the sheet as .xlsx or .csv")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
        if not head:
            raise InputError(str(path), "the file is empty")
        if suffix == ".xls" and not head.startswith(b"PK"):
            raise InputError(str(path), ".xls files are not read: save the sheet as .xlsx or .csv")
        table = read_xlsx(path, sheet_score) if head.startswith(b"PK") else read_csv(path)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except Exception as exc:  # noqa: BLE001  a file no reader expected: one line, not a traceback
        raise InputError(str(path), f"not a readable CSV or XLSX file ({type(exc).__name__})") from None
    if not table.rows:
        raise InputError(str(path), "the file is empty")
    return _without_preamble(table)
