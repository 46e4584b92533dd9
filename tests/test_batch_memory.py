"""A batch's memory does not grow with the length of its client list: the list's rows, the run's
state, its results and the overview lines live on disk (audit/batch/spool.py, runstore.py).

Measured with tracemalloc (Python's own allocations, deterministic, not a timing): the peak of
a list four times as long may only be a little higher. Before, every row left about 2 KB in
memory (its cells, its result, its resume state, its overview line, its file name)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from conftest import FIXTURES

MINI = FIXTURES / "mini.yaml"
SHORT, LONG = 150, 600
BYTES_PER_ROW = 600  # generous: about 215 measured; every row kept in memory again costs far more


def _client_list(path: Path, count: int) -> Path:
    plans = ["None", "Rough", "Written"]
    rows = [f'Client {i} B.V.,{plans[i % 3]},"LinkedIn, Facebook",{i % 9},{["Yes", "No"][i % 2]},'
            f'"Remark {i}: we post when there is time, mostly on Fridays"' for i in range(count)]
    path.write_text("Company name,Plan?,Channels?,How many people?,Guidelines?,Remarks\n" + "\n".join(rows)
                    + "\n", encoding="utf-8")
    return path


def _peak(src: Path, out: Path, traced: bool = True) -> int:
    from audit.batch.pipeline import run_batch

    if traced:
        tracemalloc.start()
    try:
        outcome = run_batch(src, out, brand_path=None, lang="en", questionnaire_path=MINI, workers=1,
                            force=True, pdf=False, progress=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        if traced:
            tracemalloc.stop()
    assert outcome.ok_count == outcome.total, [p.message for r in outcome.bad_rows for p in r.problems]
    return peak


def test_peak_memory_does_not_grow_with_the_list(tmp_path, monkeypatch):
    from audit.batch import runner

    # what waits to be written is bounded by a count here, not by seconds (a slow test machine
    # would otherwise hold a whole short list between two writes)
    monkeypatch.setattr(runner, "STATE_SAVE_RESULTS", 50)
    long = _client_list(tmp_path / "long.csv", LONG)
    short = tmp_path / "short.csv"
    short.write_text("\n".join(long.read_text(encoding="utf-8").splitlines()[:SHORT + 1]) + "\n",
                     encoding="utf-8")
    # once first: what a process caches once (questionnaire, folded labels) is not counted
    _peak(long, tmp_path / "warm", traced=False)
    small = _peak(short, tmp_path / "short")
    large = _peak(long, tmp_path / "long")
    per_row = (large - small) / (LONG - SHORT)
    assert per_row < BYTES_PER_ROW, (
        f"peak memory grows {per_row:.0f} bytes per client row ({small // 1024} KiB for {SHORT} rows, "
        f"{large // 1024} KiB for {LONG}): something keeps every row in memory again")
