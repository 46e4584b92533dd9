"""PDF renderers in their own processes, so that a report never holds a request thread.

`smaudit serve` starts `RenderWorkers`; each process polls the database for queued jobs
(`Store.claim_render`), renders and stores the PDF. Jobs live in the database, so a job queued
by one instance may be rendered by any instance's workers, and a worker that dies mid-render
leaves a job that another one takes over after a while. Workers run at a lower CPU priority:
on a small machine pages stay fast while reports render.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.1


def _worker(url: str, questionnaire: Any, brand: Any, tmp_dir: str, stop: Any, server: int) -> None:
    from audit.store.submissions import Store, make_engine
    from audit.web.report import render_next

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us via `stop`
    try:
        os.nice(5)
    except OSError:
        pass
    _warm_up(questionnaire, brand, Path(tmp_dir))
    store = Store(make_engine(url))
    log = logging.getLogger("smaudit.render")
    import socket

    released = store.release_dead(socket.gethostname(), _alive)
    if released:
        log.warning("%d report(s) of a worker that died were queued again", released)
    while not stop.is_set():
        if os.getppid() != server:  # the server was killed (SIGKILL): no orphan keeps polling
            break
        try:
            if not render_next(store, questionnaire, brand, Path(tmp_dir)):
                stop.wait(POLL_SECONDS)
        except Exception:  # noqa: BLE001 - e.g. the database restarting: wait and go on
            log.exception("render worker")
            time.sleep(1)


def _warm_up(questionnaire: Any, brand: Any, tmp_dir: Path) -> None:
    """Render one throwaway report at start: the first render in a process pays for imports,
    fonts and templates (about twice a normal render), so no company has to."""
    from audit.answers import Answers, Company
    from audit.assess import assess
    from audit.web.report import render_pdf

    try:
        render_pdf(assess(questionnaire, Answers(Company(name="warm-up")), "nl"), brand, tmp_dir)
    except Exception:  # noqa: BLE001 - only a warm-up: the real jobs report their own errors
        logging.getLogger("smaudit.render").exception("warm-up render")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RenderWorkers:
    """`count` worker processes rendering PDFs from the database at `url`."""

    def __init__(self, url: str, questionnaire: Any, brand: Any, tmp_dir: Path, count: int):
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.stop_event = context.Event()
        self.processes = [
            context.Process(target=_worker, name=f"smaudit-render-{n}", daemon=True,
                            args=(url, questionnaire, brand, str(tmp_dir), self.stop_event, os.getpid()))
            for n in range(count)
        ]

    def start(self) -> RenderWorkers:
        for process in self.processes:
            process.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
