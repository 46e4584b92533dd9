"""The parallel runners: the PDF pool recycles its workers without hanging (fresh pools per
chunk), and the --no-pdf pool (workers assess in chunks, this process writes the files in
groups) loses no client and leaves no temporary file."""

from __future__ import annotations

import json
import sqlite3
import sys

from conftest import FIXTURES


def _clients(tmp_path, count: int):
    rows = "\n".join(f"Client {i},Rough,{i}" for i in range(count))
    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?\n" + rows + "\n", encoding="utf-8")
    return src


def _batch(monkeypatch, capsys, src, out) -> int:
    from audit.cli import main

    monkeypatch.setattr(sys, "argv", ["smaudit", "batch", str(src), "--questionnaire",
                                      str(FIXTURES / "mini.yaml"), "-o", str(out), "--no-pdf", "-w", "2"])
    try:
        main()
        return 0
    except SystemExit as exc:
        return exc.code or 0


def test_more_jobs_than_one_pool_handles_all_finish(tmp_path, monkeypatch):
    from audit.answers import Answers, Company
    from audit.batch import runner

    monkeypatch.setattr(runner, "TASKS_PER_WORKER", 1)  # 2 workers -> a fresh pool every 2 jobs
    out = tmp_path / "out"
    out.mkdir()
    jobs = [runner.Job(i, f"client-{i}", f"Client {i}", f"k{i}",
                       Answers(Company(name=f"Client {i}"), {"plan": "rough", "people": i}),
                       str(FIXTURES / "mini.yaml"), "en") for i in range(7)]
    done = []
    runner._run_pool(jobs, out, None, 2, False, lambda result, job: done.append(result), lambda: None)
    assert sorted(r.stem for r in done if r.ok) == [f"client-{i}" for i in range(7)]
    assert json.loads((out / "client-6.json").read_text())["company"]["name"] == "Client 6"


def test_no_pdf_pool_writes_every_client_once(tmp_path, monkeypatch, capsys):
    from audit.batch import runner

    monkeypatch.setattr(runner, "ASSESS_CHUNK", 3)  # 11 clients: the pool, in 4 chunks
    monkeypatch.setattr(runner, "SERIAL_BELOW", 2)
    out = tmp_path / "out"
    code = _batch(monkeypatch, capsys, _clients(tmp_path, 11), out)
    assert code == 0, capsys.readouterr().err
    written = sorted(p.stem for p in out.glob("client-*.json"))
    assert written == sorted(f"client-{i}" for i in range(11))
    assert json.loads((out / "client-10.json").read_text())["company"]["name"] == "Client 10"
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    with sqlite3.connect(out / ".smaudit-batch.sqlite") as db:  # the resume state: every client done
        assert db.execute("SELECT count(*) FROM done").fetchone()[0] == 11
    code = _batch(monkeypatch, capsys, _clients(tmp_path, 11), out)
    assert code == 0 and "0 rapporten gemaakt, 11 al actueel" in capsys.readouterr().out


def die_on_client_13(jobs):
    """Stands in for a worker that is killed (out of memory) while assessing client 13."""
    import os

    from audit.batch import runner

    if any(job.name == "Client 13" for job in jobs):
        os._exit(9)
    return [runner.assess_only(job) for job in jobs]


def test_a_killed_worker_fails_its_rows_and_the_list_goes_on(tmp_path, monkeypatch, capsys):
    from audit.batch import runner

    monkeypatch.setattr(runner, "ASSESS_CHUNK", 3)
    monkeypatch.setattr(runner, "SERIAL_BELOW", 2)
    monkeypatch.setattr(runner, "assess_chunk", die_on_client_13)
    out = tmp_path / "out"
    code = _batch(monkeypatch, capsys, _clients(tmp_path, 40), out)
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "worker failed: BrokenProcessPool" in err
    written = {p.stem for p in out.glob("client-*.json")}
    assert "client-13" not in written and len(written) >= 40 - 4 * 3  # at most the chunks in flight fail
    assert {f"client-{i}" for i in range(24, 40)} <= written  # a fresh pool did the rest
    report = (out / "batch-report.csv").read_text(encoding="utf-8-sig")
    assert report.count("worker failed") == 40 - len(written)
