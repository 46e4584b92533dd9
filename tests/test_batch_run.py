"""`smaudit template` and `smaudit batch` end to end (without PDFs, except the few marked
`pdf`): exit codes, the run report, skipping up-to-date clients, the template round trip
and the overview's contents."""

from __future__ import annotations

import csv
import json
import re
import sys

import pytest
from conftest import FIXTURES

MINI = str(FIXTURES / "mini.yaml")


def smaudit(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from audit.cli import main

    monkeypatch.setattr(sys, "argv", ["smaudit", *args])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def batch(monkeypatch, capsys, src, outdir, *extra: str, lang: str = "nl"):
    return smaudit(monkeypatch, capsys, "batch", str(src), "--questionnaire", MINI, "-o", str(outdir),
                   "--lang", lang, "--no-pdf", "-w", "1", *extra)


def report(outdir) -> list[list[str]]:
    text = (outdir / "batch-report.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(text.splitlines(), delimiter=";"))


MIXED = ("Bedrijfsnaam;Plan?;Kanalen?;Hoeveel mensen?\r\n"
         "Alfa;Op papier;LinkedIn;3\r\n"
         "Beta;Misschien;;2\r\n"
         "Alfa;Geen;Geen;0\r\n"
         "Gamma;Ruw;\"Facebook; Instagram\";1\r\n")


def test_mixed_rows_exit_1_good_rows_written_bad_ones_reported(tmp_path, monkeypatch, capsys):
    src = tmp_path / "clients.csv"
    src.write_bytes(MIXED.encode("cp1252"))
    out = tmp_path / "out"
    code, stdout, stderr = batch(monkeypatch, capsys, src, out)
    assert code == 1
    assert "rij 3, kolom B (Plan?)" in stderr and "Misschien" in stderr
    jsons = sorted(p.name for p in out.glob("*.json") if not p.name.startswith("."))
    assert len(jsons) == 3 and "gamma.json" in jsons
    alfas = [n for n in jsons if n.startswith("alfa-")]
    assert len(alfas) == 2  # two clients called Alfa: two files
    lines = report(out)
    assert lines[0] == ["rij", "status", "bedrijf", "bestand", "kolom", "waarde", "melding"]
    by_row = {line[0]: line for line in lines[1:] if line[0] not in ("", "1")}
    assert by_row["3"][1:3] == ["fout", "Beta"] and by_row["3"][4:6] == ["kolom B (Plan?)", "Misschien"]
    assert by_row["2"][1] == "ok" and by_row["2"][3].startswith("alfa-")
    assert ["", "onbekende waarde", "", "", "kolom B (Plan?)", "Misschien"] == [
        x for x in lines if x[1] == "onbekende waarde"][0][:6]
    data = json.loads((out / "gamma.json").read_text(encoding="utf-8"))
    assert data["company"]["name"] == "Gamma" and data["language"] == "nl"
    assert "1 with errors" not in stdout and "met fouten" in stdout


def test_rerun_skips_up_to_date_and_force_redoes(tmp_path, monkeypatch, capsys):
    src = tmp_path / "clients.csv"
    src.write_text(MIXED, encoding="utf-8")
    out = tmp_path / "out"
    batch(monkeypatch, capsys, src, out, lang="en")
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")}
    code, stdout, _ = batch(monkeypatch, capsys, src, out, lang="en")
    assert code == 1 and "0 reports written, 3 up to date" in stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json")} == first
    # One changed answer: only that client is done again.
    src.write_text(MIXED.replace("Gamma;Ruw", "Gamma;Op papier"), encoding="utf-8")
    code, stdout, _ = batch(monkeypatch, capsys, src, out, lang="en")
    assert "1 report written, 2 up to date" in stdout  # one report, not "1 reports"
    gamma = json.loads((out / "gamma.json").read_text())
    assert gamma["dimensions"][0]["contributions"][0]["answer"] == "written"
    code, stdout, _ = batch(monkeypatch, capsys, src, out, "--force", lang="en")
    assert "3 reports written, 0 up to date" in stdout
    # Another language is another report.
    code, stdout, _ = batch(monkeypatch, capsys, src, out, lang="nl")
    assert "4 klanten: 3 rapporten gemaakt" in stdout
    assert re.search(r"met fouten \(\d+(,\d)? s\)", stdout), stdout  # a Dutch decimal comma, never 0.0


def test_all_ok_exit_0_and_all_bad_exit_2(tmp_path, monkeypatch, capsys):
    ok = tmp_path / "ok.csv"
    ok.write_text("Company name,Plan?,How many people?\nAcme,Rough,2\n", encoding="utf-8")
    code, stdout, stderr = batch(monkeypatch, capsys, ok, tmp_path / "a", lang="en")
    assert code == 0 and "1 client: 1 report written" in stdout and stderr == ""
    bad = tmp_path / "bad.csv"
    bad.write_text("Company name,Plan?,How many people?\nAcme,Maybe,2\n,Rough,1\n", encoding="utf-8")
    code, _, stderr = batch(monkeypatch, capsys, bad, tmp_path / "b", lang="en")
    assert code == 2 and "No row could be processed" in stderr and "Traceback" not in stderr
    assert (tmp_path / "b" / "batch-report.csv").exists()


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"Bedrijfsnaam;Plan?;Hoeveel mensen?\r\n", "no client rows"),
    (b"Naam;Adres\r\nJan;Straat\r\n", "no column matches a question"),
])
def test_bad_input_file_exit_2_one_line(tmp_path, monkeypatch, capsys, content, message):
    src = tmp_path / "list.csv"
    src.write_bytes(content)
    code, stdout, stderr = batch(monkeypatch, capsys, src, tmp_path / "out")
    assert code == 2
    assert stderr.startswith(f"error: {src}: ") and message in stderr and len(stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_missing_input_file_exit_2(tmp_path, monkeypatch, capsys):
    code, _, stderr = batch(monkeypatch, capsys, tmp_path / "nope.xlsx", tmp_path / "out")
    assert code == 2 and "file not found" in stderr


def fill_xlsx_template(path, rows):
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.worksheets[0]
    for i, row in enumerate(rows, 3):
        for j, value in enumerate(row, 1):
            sheet.cell(row=i, column=j, value=value)
    book.save(path)


def test_xlsx_template_round_trip(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    template = tmp_path / "clients.xlsx"
    code, stdout, _ = smaudit(monkeypatch, capsys, "template", "--questionnaire", MINI, "--lang", "en",
                              "-o", str(template))
    assert code == 0 and template.exists()
    book = load_workbook(template)
    sheet = book.worksheets[0]
    ids = [c.value for c in sheet[1]]
    assert ids[:6] == ["company.name", "company.sector", "company.size", "company.date",
                       "company.consultant", "company.contact"]
    assert ids[6:] == ["plan", "channels", "people", "hours", "guidelines", "remarks",
                       "questionnaire_version"]
    assert sheet.cell(row=2, column=len(ids)).value == "1"  # the version the list is made with
    assert [c.value for c in sheet[2]][6:8] == ["Plan?", "Channels?"]
    assert "LinkedIn; Facebook; Instagram; None" in sheet.cell(row=2, column=8).comment.text
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert validations["G3:G502"].type == "list"  # plan: a dropdown of the labels
    lists = book.worksheets[1]
    assert [lists.cell(row=r, column=1).value for r in range(1, 5)] == ["plan", "None", "Rough", "Written"]
    assert validations["J3:J502"].type == "whole"  # hours: scale 1-5
    assert validations["K3:K502"].formula1 == '"Yes,No"'
    assert validations["I3:I502"].formula1 == "0" and validations["I3:I502"].formula2 == "500"
    fill_xlsx_template(template, [
        ["Acme", "Retail", "12", "2026-11-01", "Ann", "Bob", "Written", "LinkedIn;Instagram", 3, 4, "Yes",
         ""],
        ["Beta", "", "", "", "", "", "None", "None", 0, None, None, "nothing yet"],
    ])
    out = tmp_path / "out"
    code, stdout, stderr = batch(monkeypatch, capsys, template, out, lang="en")
    assert code == 0, stderr
    acme = json.loads((out / "acme.json").read_text())
    assert acme["company"] == {"name": "Acme", "sector": "Retail", "size": "12", "date": "2026-11-01",
                               "consultant": "Ann", "contact": "Bob"}
    answers = {c["question"]: c["answer"] for d in acme["dimensions"] for c in d["contributions"]}
    assert answers["channels"] == ["linkedin", "instagram"] and answers["guidelines"] == "yes"
    lines = list(csv.reader((out / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [line[:2] for line in lines[1:]] == [["3", "ok"], ["4", "ok"]]  # data starts on row 3


def test_csv_template_round_trip_with_pandas(tmp_path, monkeypatch, capsys):
    import pandas as pd

    template = tmp_path / "klanten.csv"
    smaudit(monkeypatch, capsys, "template", "--questionnaire", MINI, "-o", str(template))
    raw = template.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"company.name;company.sector" in raw
    frame = pd.read_csv(template, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert frame.iloc[0]["plan"] == "Plan?"  # row 2: the question texts
    frame.loc[1] = {"company.name": "Zuivel & Zo", "plan": "Ruw", "channels": "LinkedIn; Facebook",
                    "people": "2", "hours": "5", "guidelines": "Nee"}
    frame = frame.fillna("")
    frame.to_csv(template, sep=";", index=False, encoding="utf-8-sig")
    out = tmp_path / "out"
    code, _, stderr = batch(monkeypatch, capsys, template, out)
    assert code == 0, stderr
    data = json.loads((out / "zuivel-zo.json").read_text())
    assert data["company"]["name"] == "Zuivel & Zo"


def test_overview_xlsx_holds_scores_levels_and_misconception_counts(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,Channels?,How many people?,Guidelines?\n"
                   "=HYPERLINK(\"http://x\"),None,\"LinkedIn, Facebook, Instagram\",1,No\n"
                   "Second,None,,0,\n"
                   "Third,Written,LinkedIn,5,Yes\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = batch(monkeypatch, capsys, src, out, lang="en")
    assert code == 0, stderr
    assessments = {}
    for path in out.glob("*.json"):
        if not path.name.startswith("."):
            data = json.loads(path.read_text())
            assessments[data["company"]["name"]] = data
    book = load_workbook(out / "overview.xlsx")
    clients = book["Clients"]
    header = [c.value for c in clients[1]]
    assert header[:6] == ["Company", "Sector", "Employees", "Overall", "Level", "Level name"]
    assert header[6:8] == ["Strategy", "Team"]
    rows = {r[0]: r for r in clients.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(assessments)
    for name, a in assessments.items():
        row = rows[name]
        assert row[3] == a["overall_score"] and row[4] == a["level"]["number"]
        assert list(row[6:8]) == [d["score"] for d in a["dimensions"]]
        assert row[8] == len(a["findings"])
    cell = next(c for c in clients["A"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # client text stays text, never a formula
    assert clients.auto_filter.ref == "A1:L4" and clients.freeze_panes == "B2"
    assert clients.conditional_formatting  # the colour scale on the scores
    counts = {r[0]: r[1] for r in book["Misconceptions"].iter_rows(min_row=2, values_only=True)}
    expected: dict[str, int] = {}
    for a in assessments.values():
        for f in a["findings"]:
            expected[f["title"]] = expected.get(f["title"], 0) + 1
    assert counts == expected and counts["No plan"] == 2 and counts["Alone"] == 1


def test_interrupted_run_keeps_finished_reports_and_resumes(tmp_path, monkeypatch, capsys):
    from audit.batch import runner

    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?\nA,Rough,1\nB,Rough,2\nC,Rough,3\n",
                   encoding="utf-8")
    real = runner.render_job
    calls = []

    def stop_at_second(job):
        calls.append(job.stem)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(job)

    monkeypatch.setattr(runner, "render_job", stop_at_second)
    code, _, stderr = batch(monkeypatch, capsys, src, tmp_path / "out", lang="en")
    assert code == 130 and "Interrupted" in stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "a.json", "batch-report.csv"]
    assert not list((tmp_path / "out").glob("*.part"))
    monkeypatch.setattr(runner, "render_job", real)
    code, stdout, _ = batch(monkeypatch, capsys, src, tmp_path / "out", lang="en")
    assert code == 0 and "2 reports written, 1 up to date" in stdout


@pytest.mark.pdf
def test_pdfs_and_overview_pdf_in_parallel(tmp_path, monkeypatch, capsys):
    from pypdf import PdfReader

    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?\nAcme <b>,Rough,1\nBeta,Written,3\nGamma,None,0\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = smaudit(monkeypatch, capsys, "batch", str(src), "--questionnaire", MINI, "-o",
                                   str(out), "--lang", "en", "-w", "2")
    assert code == 0, stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == ["acme-b.pdf", "beta.pdf", "gamma.pdf", "overview.pdf"]
    text = PdfReader(out / "overview.pdf").pages[0].extract_text()
    assert "Client overview" in text and "Acme <b>" in text and "Beta" in text
    assert "Acme <b>" in PdfReader(out / "acme-b.pdf").pages[0].extract_text()


@pytest.mark.parametrize(("rows", "lang", "said"), [
    ([3], "nl", "rij 3"), ([3, 4, 5, 9], "nl", "rijen 3-5, 9"),
    ([7], "en", "row 7"), ([7, 8], "en", "rows 7-8"),
])
def test_rows_are_named_with_singular_or_plural(rows, lang, said):
    from audit.batch.matching import RowRanges
    from audit.commands.batch import rows_phrase

    ranges = RowRanges()
    for row in rows:
        ranges.add(row)
    assert rows_phrase(ranges, lang) == said
