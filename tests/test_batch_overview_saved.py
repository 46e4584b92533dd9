"""The batch overview is built from the clients' Assessments, never by assessing again: each
client's line comes from the Assessment its report was made from (in the worker that made
it) or, for a client skipped as up to date, from its saved assessment JSON."""

from __future__ import annotations

import csv
import json

from test_batch_run import batch

LIST = ("Company name,Plan?,Channels?,How many people?\r\n"
        "Alfa,Written,LinkedIn,3\r\n"
        "Gamma,Rough,\"Facebook, Instagram\",1\r\n")


def _clients_sheet(out) -> dict[str, tuple]:
    from openpyxl import load_workbook

    rows = load_workbook(out / "overview.xlsx")["Clients"].iter_rows(min_row=2, values_only=True)
    return {row[0]: row for row in rows}


def test_overview_lines_are_the_saved_assessments_not_a_new_assessment(tmp_path, monkeypatch, capsys):
    src = tmp_path / "clients.csv"
    src.write_text(LIST, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = batch(monkeypatch, capsys, src, out, lang="en")
    assert code == 0, err
    saved = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")
             if not p.name.startswith(".")}
    first = _clients_sheet(out)
    for data in saved.values():
        assert first[data["company"]["name"]][3] == data["overall_score"]

    # Change Alfa's saved assessment by hand: a second run skips Alfa as up to date, and its
    # overview line shows what the saved file says. Assessing the answers again would show
    # the real score instead.
    stem, data = next((s, d) for s, d in saved.items() if d["company"]["name"] == "Alfa")
    data["overall_score"] = 12.5
    data["level"] = {**data["level"], "number": 1, "name": "Start"}
    (out / f"{stem}.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = batch(monkeypatch, capsys, src, out, lang="en")
    assert code == 0, err
    text = (out / "batch-report.csv").read_text(encoding="utf-8-sig")
    alfa = next(row for row in csv.reader(text.splitlines()) if "Alfa" in row)
    assert any("up to date" in cell for cell in alfa), alfa  # skipped: not assessed again
    again = _clients_sheet(out)
    assert again["Alfa"][3] == 12.5 and again["Alfa"][4] == 1
    assert again["Gamma"][3] == first["Gamma"][3]
