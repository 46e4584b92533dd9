"""A client list made with an older version of the questionnaire: the same policy as for old
answers files. On a fixture pair: `mini` 1 (tests/fixtures/mini.yaml, the version the list
tests/fixtures/clients-mini.csv was made with) and `mini` 3, which adds the required question
`budget` and retires `remarks`.

- The list names its version (a `questionnaire_version` column, or --questionnaire-version for
  an export that cannot carry one): it is read with that version when installed, else with the
  newest; a question without a column was not asked then, counts as unknown, is reported once
  per list, and each report says it was not asked. A retired question's column is read, not used,
  and said once.
- Without a version, a required question without a column is one message per list, naming the
  column and the fix, not one per row.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_runner import run_smaudit

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
CLIENTS = FIXTURES / "clients-mini.csv"  # six clients; row 5 (Kapsalon Knip) holds a bad number
GOOD_ROWS = "2-4, 6-7"

ADDED = """\
  - id: budget
    dimension: strategy
    type: yesno
    yes_points: 1
    no_points: 0
    text: {nl: "Is er een budget?", en: "Is there a budget?"}
"""


def version_3() -> str:
    """mini 1 -> 3: the required question `budget` is added, `remarks` is retired."""
    text = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "3"', 1)
    text = text.replace("  - id: channels\n", ADDED + "  - id: channels\n", 1)
    start, end = text.index("  - id: remarks\n"), text.index("misconceptions:")
    return text[:start] + text[end:] + "retired: [remarks]\n"


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Only version 3 is installed (the consultant replaced 1); the folder, to add 1 back."""
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "mini-3.yaml").write_text(version_3(), encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    return folder


def with_version_column(tmp_path: Path, version: str) -> Path:
    rows = list(csv.reader(io.StringIO(CLIENTS.read_text(encoding="utf-8")), delimiter=";"))
    rows[0].append("questionnaire_version")
    for row in rows[1:]:
        row.append(version)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path = tmp_path / "clients.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def as_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(CLIENTS.read_text(encoding="utf-8")), delimiter=";"):
        sheet.append(row)
    path = tmp_path / "clients.xlsx"
    book.save(path)
    return path


def batch(capsys, tmp_path, source: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    code, _, err = run_smaudit(["batch", source, "--questionnaire", "mini", "--no-pdf", "--lang", "en",
                                "-w", "1", "-o", out, *args], capsys)
    return code, err, out


def saved(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")
            if not p.name.startswith(".")}


def contribution(assessment: dict, qid: str) -> dict:
    return next(c for d in assessment["dimensions"] for c in d["contributions"] if c["question"] == qid)


def assert_read_as_version_1(code: int, err: str, out: Path) -> None:
    assert code == 1, err  # the one bad row; every other row has its report
    reports = saved(out)
    assert len(reports) == 5
    for assessment in reports.values():
        assert assessment["questionnaire"]["version"] == "3"
        assert assessment["not_asked"] == {"version": "1", "questions": ["budget"]}
        assert contribution(assessment, "budget")["status"] == "unknown"
    # said once for the list, with the rows and the question; never an error per row
    lines = err.splitlines()
    said = [line for line in lines if "budget" in line]
    assert len(said) == 1 and said[0].startswith("note: ") and GOOD_ROWS in said[0], err
    assert "made with mini 1, read with version 3" in said[0]
    assert not [line for line in lines if "required" in line], err
    errors = [line for line in lines if line.startswith("error:")]
    assert len(errors) == 1 and "row 5, column G (people)" in errors[0], err
    # the retired question's column: read, not used, said once (not "matches no question")
    retired = [line for line in lines if "(remarks)" in line]
    assert len(retired) == 1 and "retired in mini 3" in retired[0], err
    report = (out / "batch-report.csv").read_text(encoding="utf-8-sig")
    assert "No column for question budget: not asked in the rows made with version 1" in report
    assert "missing column" not in report


def test_a_list_naming_its_older_version_in_a_column_is_read_with_the_newest(installed, tmp_path, capsys):
    code, err, out = batch(capsys, tmp_path, with_version_column(tmp_path, "1"))
    assert "questionnaire mini version 1 is not installed; using version 3" in err
    assert_read_as_version_1(code, err, out)


def test_an_export_without_a_column_names_its_version_with_the_option(installed, tmp_path, capsys):
    code, err, out = batch(capsys, tmp_path, as_xlsx(tmp_path), "--questionnaire-version", "1")
    assert_read_as_version_1(code, err, out)


def test_without_a_version_a_missing_column_is_one_message_for_the_list(installed, tmp_path, capsys):
    for source in (CLIENTS, as_xlsx(tmp_path)):
        code, err, out = batch(capsys, tmp_path, source)
        assert code == 2, err  # no row can be reported
        said = [line for line in err.splitlines() if "budget" in line]
        assert len(said) == 1, err
        assert said[0].startswith(f"error: {source}: no column for the required question(s) budget")
        assert f"no report for rows {GOOD_ROWS}" in said[0]
        assert "questionnaire_version column" in said[0] and "--questionnaire-version" in said[0]
        assert "row 5, column G (people)" in err  # the other rows' own problems are still named
        assert saved(out) == {}
        report = (out / "batch-report.csv").read_text(encoding="utf-8-sig")
        assert report.count("no column for required question budget") == 5  # each row's status
        assert "missing column" in report


def test_a_list_naming_the_current_version_must_have_its_columns(installed, tmp_path, capsys):
    code, err, out = batch(capsys, tmp_path, with_version_column(tmp_path, "3"))
    assert code == 2 and saved(out) == {}
    assert len([line for line in err.splitlines() if "budget" in line]) == 1, err


def test_with_both_versions_installed_the_list_is_read_with_its_own(installed, tmp_path, capsys):
    (installed / "mini-1.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    code, err, out = batch(capsys, tmp_path, with_version_column(tmp_path, "1"))
    assert code == 1, err
    for assessment in saved(out).values():
        assert assessment["questionnaire"]["version"] == "1" and assessment["not_asked"] == {}
    assert "budget" not in err and "not installed" not in err


def test_the_report_says_which_questions_were_not_asked(installed, tmp_path, capsys):
    code, err, out = batch(capsys, tmp_path, with_version_column(tmp_path, "1"))
    assert code == 1, err
    import subprocess

    for lang, question, status, note in (
            ("en", "Is there a budget?", "not asked (new after version 1)", "given with version 1"),
            ("nl", "Is er een budget?", "niet gesteld (nieuw na versie 1)", "gegeven met versie 1")):
        pdf = tmp_path / f"garage-{lang}.pdf"
        code, _, err = run_smaudit(["render", out / "garage-smit.json", "--lang", lang, "-o", pdf], capsys)
        assert code == 0, err
        lines = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
        # the appendix row: the question with its status beside it
        assert any(question in line and status in line for line in lines.splitlines()), lines[-3000:]
        assert note in " ".join(lines.split())
