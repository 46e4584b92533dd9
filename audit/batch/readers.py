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
from dataclasses import dataclass, field
from pathlib import Path

from audit.errors import InputError

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DELIMITERS = (";", ",", "\t", "|")


@dataclass
class RawTable:
    """All non-trailing rows of the first sheet; `rows[0]` is spreadsheet row 1."""

    source: str
    fmt: str  # "csv" | "xlsx"
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as the spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-16 (BOM), UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns, consistently."""
    sample = text[:64_000]
    best: tuple[float, int, str] = (-1.0, 0, ",")
    for delimiter in DELIMITERS:
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
        rows = rows[:50]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:-1] or rows[1:]  # the last sampled line may be cut off
        consistent = sum(len(r) == width for r in body) / len(body) if body else 1.0
        if (consistent, width) > best[:2]:
            best = (consistent, width, delimiter)
    return best[2]


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


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows and trailing empty columns (formatted but unused cells)."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for r in rows for i, c in enumerate(r) if c.strip()), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def read_csv(path: Path) -> RawTable:
    import pandas as pd

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    text, encoding = decode(data)
    if not text.strip():
        raise InputError(str(path), "the file is empty")
    delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, header=None,
                            keep_default_na=False, skip_blank_lines=False, engine="python")
    except pd.errors.ParserError as exc:
        raise InputError(str(path), f"not a readable CSV file: {str(exc).strip()}") from None
    except pd.errors.EmptyDataError:
        raise InputError(str(path), "the file is empty") from None
    # Short rows are padded with NaN by pandas: those cells are empty, not "nan".
    rows = [["" if v is None or isinstance(v, float) else str(v).strip() for v in row]
            for row in frame.itertuples(index=False)]
    return RawTable(str(path), "csv", _trim(rows), encoding=encoding, delimiter=delimiter)


def read_xlsx(path: Path) -> RawTable:
    import pandas as pd

    try:
        frame = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl",
                              keep_default_na=False)  # "None", "NA" are answers, not blanks
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except ValueError as exc:  # pandas: "Worksheet index 0 is invalid, 0 worksheets found"
        raise InputError(str(path), f"not a readable XLSX file: {exc}") from None
    except Exception as exc:  # zipfile.BadZipFile, openpyxl InvalidFileException, KeyError
        raise InputError(str(path), f"not a readable XLSX file ({type(exc).__name__})") from None
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    return RawTable(str(path), "xlsx", _trim(rows))


def read_table(path: str | Path) -> RawTable:
    """Read the first sheet of an XLSX file, or a CSV file of any common dialect."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "file not found")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        table = read_xlsx(path)
    elif suffix in CSV_SUFFIXES:
        table = read_csv(path)
    elif suffix in (".xls", ".ods", ".numbers"):
        raise InputError(str(path), f"{suffix} files are not read: save the sheet as .xlsx or .csv")
    else:
        with open(path, "rb") as handle:
            head = handle.read(4)
        table = read_xlsx(path) if head.startswith(b"PK") else read_csv(path)
    if not table.rows:
        raise InputError(str(path), "the file is empty")
    return table
