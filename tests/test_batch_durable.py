"""A batch run's files are durable one by one, never by flushing the whole machine (os.sync),
and a run killed outright (SIGKILL: no clean-up at all) resumes where it stopped, with the same
overview and run report as a run that was never killed."""

from __future__ import annotations

import csv
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_batch_pool import _batch, _clients

ROOT = Path(__file__).resolve().parent.parent
MINI = str(FIXTURES / "mini.yaml")


@pytest.mark.parametrize("pool", [False, True], ids=["serial", "workers"])
def test_files_are_flushed_one_by_one_never_the_whole_machine(tmp_path, monkeypatch, capsys, pool):
    from audit.batch import runner

    if pool:
        monkeypatch.setattr(runner, "ASSESS_CHUNK", 3)
        monkeypatch.setattr(runner, "SERIAL_BELOW", 2)
    else:
        monkeypatch.setattr(runner, "SERIAL_BELOW", 1000)

    def no_sync() -> None:
        raise AssertionError("os.sync() flushes every file of every program on the machine")

    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "sync", no_sync)
    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "out"
    code = _batch(monkeypatch, capsys, _clients(tmp_path, 11), out)
    assert code == 0, capsys.readouterr().err
    # each client's file was flushed (as its temporary file, before it was moved into place),
    # and the folder after the moves
    parts = {re.sub(r"^\.(.*\.json)\..*\.part$", r"\1", Path(p).name) for p in flushed}
    assert {f"client-{i}.json" for i in range(11)} <= parts
    assert str(out.resolve()) in flushed
    assert sorted(p.name for p in out.glob("client-*.json")) == sorted(f"client-{i}.json" for i in range(11))


KILLER = """
import os, signal, sys
from audit.batch import runner
from audit.cli import main

runner.STATE_SAVE_SECONDS = 0  # commit after every client, so the kill point is known
real, seen = runner.render_job, []

def render_job(job):
    seen.append(job.stem)
    if len(seen) == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)  # no finally, no clean-up: as a power cut or OOM kill
    return real(job)

runner.render_job = render_job
sys.argv = ["smaudit", *sys.argv[1:]]
main()
"""


def _report(out: Path) -> list[list[str]]:
    return list(csv.reader((out / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()))


def _overview(out: Path) -> list[tuple]:
    from openpyxl import load_workbook

    book = load_workbook(out / "overview.xlsx", read_only=True)
    return [tuple(row) for name in book.sheetnames for row in book[name].iter_rows(values_only=True)]


def test_a_killed_run_resumes_and_ends_as_an_unbroken_run(tmp_path, monkeypatch, capsys):
    rows = [f"Client {i},{['None', 'Rough', 'Written'][i % 3]},{i % 7}" for i in range(30)]
    rows.insert(12, "Broken,Maybe,3")  # a row that cannot be read, in the middle
    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?\n" + "\n".join(rows) + "\n", encoding="utf-8")
    args = ["batch", str(src), "--questionnaire", MINI, "--no-pdf", "-w", "1", "--lang", "en"]
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    killed = tmp_path / "killed"
    env = {**os.environ, "KILL_AT": "18", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLER, *args, "-o", str(killed)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    with sqlite3.connect(killed / ".smaudit-batch.sqlite") as db:
        resumable = db.execute("SELECT count(*) FROM done").fetchone()[0]
    assert resumable == 17  # every client finished before the kill
    assert not (killed / "batch-report.csv").exists()

    from test_batch_run import smaudit

    code, stdout, stderr = smaudit(monkeypatch, capsys, *args, "-o", str(killed))
    assert code == 1, stderr  # the broken row
    assert "30 clients" not in stdout and "13 reports written, 17 up to date, 1 with errors" in stdout
    assert not [p for p in killed.iterdir() if p.name.endswith(".part")]

    fresh = tmp_path / "fresh"
    code, stdout, _ = smaudit(monkeypatch, capsys, *args, "-o", str(fresh))
    assert code == 1 and "30 reports written, 0 up to date, 1 with errors" in stdout
    assert _overview(killed) == _overview(fresh)
    statuses = [row[1] for row in _report(killed)[1:32]]
    assert statuses.count("ok (up to date)") == 17 and statuses.count("ok") == 13
    assert statuses.count("error") == 1
    # apart from ok / up to date, the reports say the same, row by row
    same = [[c.replace("ok (up to date)", "ok") for c in row] for row in _report(killed)]
    assert same == _report(fresh)


def test_the_state_of_an_older_version_is_taken_over(tmp_path, monkeypatch, capsys):
    """A folder last written by a version that kept its state in .smaudit-batch.json: the
    clients it finished are not done again."""
    import json

    src, out = _clients(tmp_path, 5), tmp_path / "out"
    assert _batch(monkeypatch, capsys, src, out) == 0
    with sqlite3.connect(out / ".smaudit-batch.sqlite") as db:
        done = db.execute("SELECT stem, key, row, name FROM done").fetchall()
    (out / ".smaudit-batch.sqlite").unlink()
    for extra in out.glob(".smaudit-batch.sqlite-*"):
        extra.unlink()
    state = {"clients": {stem: {"key": key, "row": row, "name": name} for stem, key, row, name in done}}
    (out / ".smaudit-batch.json").write_text(json.dumps(state), encoding="utf-8")
    capsys.readouterr()
    assert _batch(monkeypatch, capsys, src, out) == 0
    assert "0 rapporten gemaakt, 5 al actueel" in capsys.readouterr().out
    assert not (out / ".smaudit-batch.json").exists()
