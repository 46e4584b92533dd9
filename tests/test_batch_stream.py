"""A long client list goes through `smaudit batch` as a stream: the workers make each client's
overview line and register record from its assessment, the register keeps them in bulk, and
what comes out is the same as reading every saved assessment back and keeping them one by one."""

from __future__ import annotations

import json
import sys

from conftest import FIXTURES

from audit.assess import assess
from audit.load import load_answers, load_questionnaire
from audit.register import core
from audit.register.options import open_register

EXAMPLES = FIXTURES.parent.parent / "examples" / "answers"


def _variant(assessment, **company):
    import copy

    a = copy.deepcopy(assessment)
    a.company = {**a.company, **company}
    return a


def test_bulk_keeping_is_keeping_one_by_one(database, request, tmp_path):
    q = load_questionnaire()
    studio = assess(q, load_answers(EXAMPLES / "studio-noord.yaml", q), "nl")
    second = None if database is None else request.getfixturevalue("postgres").new_database()
    one_by_one, bulk = open_register(database, tmp_path / "a"), open_register(second, tmp_path / "b")
    items = [
        (_variant(studio, name="studio noord B.V.", date="2025-01-01"), {"a": 1}),  # same client + answers
        (_variant(studio, name="Studio Noord", date="2026-01-01"), {"a": 1}),  # same client, new date
        (_variant(studio, name="Nieuw Bureau", date="2026-01-01"), {"a": 2}),
        (_variant(studio, name="nieuw bureau", date="2026-01-01"), {"a": 2}),  # repeated within the chunk
        (_variant(studio, name="Nieuw-Bureau!", date="2026-01-01"), {"a": 3}),  # same client, other answers
        (_variant(studio, name="Derde", date="2026-02-01"), {"a": 4}),
    ]
    for register in (one_by_one, bulk):  # a client the register knew before
        register.keep(_variant(studio, name="Studio Noord", date="2025-01-01"), {"a": 1}, "batch")
    for a, m in items:
        one_by_one.keep(a, m, "batch")
    assert bulk.keep_records([core.record(a, m, "batch") for a, m in items]) == len(items)
    listing = _listing(bulk)
    assert listing == _listing(one_by_one)
    assert {c[0]: c[1] for c in listing} == {"studio-noord": 2, "nieuw-bureau": 2, "derde": 1}
    # the same list again: nothing new (same answers for the same clients and dates)
    bulk.keep_records([core.record(a, m, "batch") for a, m in items])
    assert _listing(bulk) == listing


def _listing(register):
    out = []
    for client in register.clients():
        history = [(k.source, k.assessed, k.overall, k.level, k.scores) for k in register.history(client.id)]
        out.append((client.id, client.assessments, client.name, history))
    return sorted(out)


def test_a_streamed_batch_gives_the_overview_and_register_of_its_saved_assessments(tmp_path, monkeypatch,
                                                                                   capsys):
    from audit.assessment import Assessment
    from audit.batch import runner
    from audit.batch.overview import overview_data
    from audit.cli import main

    monkeypatch.setattr(runner, "ASSESS_CHUNK", 4)
    monkeypatch.setattr(runner, "SERIAL_BELOW", 2)  # 30 clients through the worker pool, 8 chunks
    monkeypatch.setenv("SMAUDIT_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SMAUDIT_REGISTER", raising=False)
    monkeypatch.delenv("SMAUDIT_DB", raising=False)
    rows = "\n".join(f"Client {i},{['None', 'Rough', 'Written'][i % 3]},{i % 7},{['Yes', 'No'][i % 2]}"
                     for i in range(30))
    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?,Guidelines?\n" + rows + "\n", encoding="utf-8")
    out = tmp_path / "out"

    def run(*extra):
        monkeypatch.setattr(sys, "argv", ["smaudit", "batch", str(src), "--questionnaire",
                                          str(FIXTURES / "mini.yaml"), "-o", str(out), "--no-pdf", "-w", "2",
                                          "--lang", "en", *extra])
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, capsys.readouterr().err
        return capsys.readouterr()

    assert "30 assessments kept in the client register" in run().out
    from openpyxl import load_workbook

    saved = [(p.stem, Assessment.from_dict(json.loads(p.read_text()))) for p in
             sorted(out.glob("client-*.json"), key=lambda p: int(p.stem.split("-")[1]))]
    expected = overview_data(saved, "en")
    book = load_workbook(out / "overview.xlsx")
    clients = [list(r) for r in book["Clients"].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in clients] == [f"Client {i}" for i in range(30)]  # list order
    assert [r[3] for r in clients] == [c["overall"] for c in expected["clients"]]
    assert [r[8] for r in clients] == [len(c["findings"]) for c in expected["clients"]]
    counts = [list(r) for r in book["Misconceptions"].iter_rows(min_row=2, values_only=True)]
    assert counts == [[m["title"], m["count"], round(m["share"], 3), m["high"]]
                      for m in expected["misconceptions"]]
    advice = [list(r) for r in book[book.sheetnames[2]].iter_rows(min_row=2, values_only=True)]
    assert advice == [[a["title"], a["count"], round(a["share"], 3), a["top3"], a["mean_rank"]]
                      for a in expected["advice"]]
    register = open_register(None, tmp_path / "data")
    kept = {c.name: c.assessments for c in register.clients()}
    assert kept == {f"Client {i}": 1 for i in range(30)}
    [entry] = register.history("client-7")
    assert entry.overall == saved[7][1].overall_score and entry.source == "batch"
    assert register.assessment(entry.id).to_dict() == saved[7][1].to_dict()
    # again, every report redone: the register still holds one entry per client (same answers)
    run("--force")
    assert {c.name: c.assessments for c in register.clients()} == kept
    # up to date: nothing is assessed, the overview comes from the saved assessments
    assert "30 up to date" in run().out
    again = load_workbook(out / "overview.xlsx")["Clients"].iter_rows(min_row=2, values_only=True)
    again = [list(r) for r in again]
    assert again == clients
