"""The peer benchmark in the batch overview: per sector and size class of the list's clients,
from the client register (the list's own clients included once kept), shown only with at least
5 comparable companies, with n and the method; smaller groups only counted, no company named."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from cli_runner import run_smaudit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini.yaml"
CLIENTS = FIXTURES / "clients-mini.csv"  # Bakkerij Van den Berg: Voeding, 14 people (10-49)


@pytest.fixture
def register_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("SMAUDIT_REGISTER", raising=False)
    monkeypatch.delenv("SMAUDIT_DB", raising=False)
    monkeypatch.setenv("SMAUDIT_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def keep_peers(register_dir: Path, n: int) -> list[float]:
    """`n` earlier audits of other food companies of 10-49 people; their strategy scores."""
    from audit.assess import assess
    from audit.load import load_answers, load_questionnaire
    from audit.register.options import open_register

    q = load_questionnaire(MINI)
    base = assess(q, load_answers(FIXTURES / "team" / "mini-directeur.yaml", q), "en")
    register = open_register(None, register_dir, note=None)
    scores = []
    for i in range(n):
        a = copy.deepcopy(base)
        a.company = {**a.company, "name": f"Levensmiddelen {i}", "sector": "voeding", "size": f"{20 + i}"}
        a.dimensions[0].score = 40.0 + 10 * i
        scores.append(a.dimensions[0].score)
        register.keep(a, {"answers": {"n": i}}, "report")
    return scores


def run_batch(tmp_path, capsys) -> Path:
    code, out, err = run_smaudit(["batch", CLIENTS, "--questionnaire", MINI, "-o", tmp_path / "out", "--lang",
                                  "en", "--no-pdf", "-w", "1"], capsys)
    assert code in (0, 1), err  # the example list holds one bad row on purpose
    return tmp_path / "out" / "overview.xlsx"


def sheet_rows(path: Path, title: str) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    if title not in book.sheetnames:
        return []
    return [tuple(c for c in row) for row in book[title].iter_rows(values_only=True)]


def test_a_group_with_five_companies_is_shown_with_n_and_the_method(register_dir, tmp_path, capsys):
    peer_scores = keep_peers(register_dir, 4)  # + Bakkerij Van den Berg from the list = 5
    rows = sheet_rows(run_batch(tmp_path, capsys), "Benchmark")
    assert rows, "no benchmark sheet"
    food = [r for r in rows[1:] if r[0] and r[0].lower() == "voeding"]
    assert {r[1] for r in food} == {"10-49"} and {r[2] for r in food} == {5}
    strategy = next(r for r in food if r[3] == "Strategy")
    import statistics

    batch_client = next(r for r in sheet_rows(tmp_path / "out" / "overview.xlsx", "Clients")
                        if r[0] == "Bakkerij Van den Berg" and r[2] == "14")
    expected = statistics.median([*peer_scores, batch_client[6]])
    assert strategy[5] == round(expected)
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "at least 5 companies" in text  # the method
    assert "fewer than 5 companies" in text  # the other groups of the list: counted, not shown
    assert "Levensmiddelen" not in text and "Van den Berg" not in text  # no company named


def test_fewer_than_five_comparable_companies_show_nothing(register_dir, tmp_path, capsys):
    keep_peers(register_dir, 3)  # + the list's own = 4
    assert sheet_rows(run_batch(tmp_path, capsys), "Benchmark") == []
