"""Any file that is no client list gives one line and exit code 2: never a traceback.

A fuzz test over random bytes, truncated and damaged XLSX files, text in unexpected
encodings and other documents renamed to .csv/.xlsx, through the real command line."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile

import pytest
from conftest import FIXTURES

from audit.batch.readers import read_table
from audit.errors import InputError

MINI = str(FIXTURES / "mini.yaml")
GOOD = "Bedrijfsnaam;Plan?;Hoeveel mensen?\r\nAlfa;Ruw;2\r\n"


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Bedrijfsnaam", "Plan?", "Hoeveel mensen?"])
    book.active.append(["Alfa", "Ruw", 2])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _broken_files() -> list[tuple[str, bytes]]:
    rng = random.Random(11)
    xlsx = _xlsx_bytes()
    files = [(f"random{i}.csv", rng.randbytes(rng.randint(1, 3000))) for i in range(12)]
    files += [(f"random{i}.xlsx", b"PK\x03\x04" + rng.randbytes(rng.randint(0, 2000))) for i in range(4)]
    files += [(f"cut{n}.xlsx", xlsx[:n]) for n in (10, 100, len(xlsx) // 3, len(xlsx) // 2, len(xlsx) - 30)]
    # A zip with the right names but a sheet cut in the middle.
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[: len(data) // 2] if "sheet1" in item.filename else data)
    files.append(("halfsheet.xlsx", damaged.getvalue()))
    files.append(("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20))
    files.append(("photo.csv", b"\x89PNG\r\n\x1a\n" + rng.randbytes(500)))
    files.append(("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(500)))
    files.append(("word.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(500)))
    files.append(("shiftjis.csv", "会社名,計画\n株式会社,はい\n".encode("shift_jis")))
    files.append(("utf32.csv", GOOD.encode("utf-32")))
    files.append(("empty.xlsx", b""))
    files.append(("blank.csv", b"\r\n\r\n  \r\n"))
    files.append(("nul.csv", b"Bedrijfsnaam;Plan?\x00\x00\x00;Hoeveel\r\n" * 3))
    files.append(("huge-field.csv", b'Bedrijfsnaam;Plan?\r\n"' + b"x" * 200_000 + b'";Ruw\r\n'))
    return files


@pytest.mark.parametrize("name,data", _broken_files(), ids=lambda v: v if isinstance(v, str) else "")
def test_unreadable_file_is_one_input_error(tmp_path, mini, name, data):
    from audit.batch.matching import parse_rows

    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        parse_rows(read_table(path), mini, "nl")
    lines = caught.value.lines()
    assert len(lines) == 1 and lines[0].startswith(str(path)), lines


def test_pdf_renamed_csv_says_what_it_is(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError, match="this is a PDF document, not a CSV or XLSX file"):
        read_table(path)


def test_xlsx_saved_with_csv_name_and_utf16_without_bom_are_read(tmp_path, mini):
    from audit.batch.matching import parse_rows

    renamed = tmp_path / "clients.csv"
    renamed.write_bytes(_xlsx_bytes())
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(GOOD.replace(";", "\t").encode("utf-16-le"))
    for path in (renamed, utf16):
        rows = parse_rows(read_table(path), mini, "nl").rows
        assert rows[0].ok and rows[0].answers.values == {"plan": "rough", "people": 2}


def test_command_line_exit_2_and_no_traceback(tmp_path):
    rng = random.Random(3)
    cases = [("x.csv", rng.randbytes(800)), ("y.csv", b"%PDF-1.5\n" + rng.randbytes(300)),
             ("z.xlsx", _xlsx_bytes()[:400])]
    for i, (name, data) in enumerate(cases):
        path = tmp_path / name
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "audit", "batch", str(path), "--questionnaire", MINI,
                               "--no-pdf", "-o", str(tmp_path / f"out{i}")], capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), proc.stderr
