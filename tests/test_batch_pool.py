"""The parallel runner recycles its workers without hanging (fresh pools per chunk)."""

from __future__ import annotations

import json
import sys

from conftest import FIXTURES


def test_more_jobs_than_one_pool_handles_all_finish(tmp_path, monkeypatch, capsys):
    from audit.batch import runner
    from audit.cli import main

    monkeypatch.setattr(runner, "TASKS_PER_WORKER", 1)  # 2 workers -> a fresh pool every 2 jobs
    rows = "\n".join(f"Client {i},Rough,{i}" for i in range(7))
    src = tmp_path / "clients.csv"
    src.write_text("Company name,Plan?,How many people?\n" + rows + "\n", encoding="utf-8")
    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["smaudit", "batch", str(src), "--questionnaire",
                                      str(FIXTURES / "mini.yaml"), "-o", str(out), "--no-pdf", "-w", "2"])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    assert code == 0, capsys.readouterr().err
    written = sorted(p.stem for p in out.glob("client-*.json"))
    assert written == [f"client-{i}" for i in range(7)]
    assert json.loads((out / "client-6.json").read_text())["company"]["name"] == "Client 6"
