"""The PDF worker processes: a queued job is taken at once (woken, not found by polling), also
one queued by another instance on the same PostgreSQL database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.pdf
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _completed(store, questionnaire, name: str):
    from audit.web.report import save

    sub = store.create({"name": name}, "en", questionnaire.id, questionnaire.version)
    sub.answers = {"plan": "written", "people": 3, "channels": ["linkedin"]}
    save(store, sub, questionnaire, finishing=True)
    assert sub.completed
    return sub


def _wait_done(store, key: str, seconds: float = 90.0) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = store.report_status(key)
        if status and status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"no PDF within {seconds} s: {store.report_status(key)}")


def test_a_queued_job_is_taken_at_once(tmp_path, database):
    from audit.brand import load_brand
    from audit.load import load_questionnaire
    from audit.store.submissions import database_url, open_store
    from audit.web.workers import RenderWorkers

    url = database_url(database, tmp_path)
    questionnaire = load_questionnaire(FIXTURES / "mini.yaml")
    store = open_store(url)
    # The idle poll is 60 s here: a job taken within a second was woken, not found by polling.
    workers = RenderWorkers(url, questionnaire, load_brand(None), tmp_path / "tmp", 1, ["en"],
                            idle_poll=60.0).start()
    store.on_queued = workers.wake
    try:
        first = _completed(store, questionnaire, "Eerste BV")
        store.queue_render(first.key, first.version, first.lang)
        assert _wait_done(store, first.key)["status"] == "done"  # after the warm-up render
        time.sleep(0.5)  # the worker is idle now, waiting
        second = _completed(store, questionnaire, "Tweede BV")
        store.queue_render(second.key, second.version, second.lang)
        status = _wait_done(store, second.key)
        assert status["status"] == "done"
        assert status["claimed_at"] - status["queued_at"] < 1.0
        assert store.pdf(second.key, second.version, "en").startswith(b"%PDF")
        if store.dialect == "postgresql":  # queued by another instance: no wake() of ours, a NOTIFY
            other = open_store(url)
            third = _completed(other, questionnaire, "Derde BV")
            time.sleep(0.5)
            other.queue_render(third.key, third.version, third.lang)
            status = _wait_done(store, third.key)
            assert status["claimed_at"] - status["queued_at"] < 1.0
            other.dispose()
    finally:
        workers.stop()
        store.dispose()
