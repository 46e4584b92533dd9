"""PDF renderers in their own processes, so that a report never holds a request thread.

`smaudit serve` starts `RenderWorkers`. Jobs live in the database (`Store.queue_render`,
`Store.claim_render`), so a job queued by one instance may be rendered by any instance's workers,
and a worker that dies mid-render leaves a job that another one takes over.

Pick-up is immediate, not polled: the server sets a shared event right after it commits a job
(`Store.on_queued`), and on PostgreSQL every worker also LISTENs for the NOTIFY that the queuing
transaction sends, which reaches the workers of every instance. A slow poll (`IDLE_POLL`) is only
the safety net (a job of a dead worker, a notification lost while the database restarted).

Workers run at a lower CPU priority (`NICE`): while reports render, page requests get the cores
first. They stay warm: fonts, stylesheets and templates are loaded once per process, by a
throwaway render before the first job.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

IDLE_POLL = 2.0  # seconds between looks at the queue when nobody woke us
NICE = 10  # default: a busy worker gets about a tenth of a core that a page request wants


def default_count() -> int:
    """As many workers as the cores this process may use: at NICE they take only what pages leave."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _worker(url: str, questionnaire: Any, brand: Any, tmp_dir: str, stop: Any, wake: Any, server: int,
            languages: list[str], idle_poll: float, nice: int) -> None:
    from audit.store.submissions import Store, make_engine
    from audit.web.report import render_next

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us via `stop`
    try:
        os.nice(nice)
    except OSError:
        pass
    _warm_up(getattr(questionnaire, "default", questionnaire), brand, Path(tmp_dir), languages)
    # A PDF written here need not be flushed to disk before the lock is released: lost in a
    # power cut, it is rendered again (SQLite; the submissions themselves are written by the server).
    store = Store(make_engine(url, durable=False))
    log = logging.getLogger("smaudit.render")
    import socket

    released = store.release_dead(socket.gethostname(), _alive)
    if released:
        log.warning("%d report(s) of a worker that died were queued again", released)
    if store.dialect == "postgresql":
        threading.Thread(target=_listen, args=(url, wake, stop), daemon=True).start()
    while not stop.is_set():
        if os.getppid() != server:  # the server was killed (SIGKILL): no orphan keeps polling
            break
        wake.clear()  # before looking: a job queued from here on wakes the wait below at once
        try:
            while not stop.is_set() and render_next(store, questionnaire, brand, Path(tmp_dir)):
                pass
        except Exception:  # noqa: BLE001 - e.g. the database restarting: wait and go on
            log.exception("render worker")
            time.sleep(1)
        wake.wait(idle_poll)


def _listen(url: str, wake: Any, stop: Any) -> None:
    """PostgreSQL: turn NOTIFYs of queued jobs (from any instance) into a wake-up."""
    import psycopg

    from audit.store.submissions import RENDER_CHANNEL

    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    while not stop.is_set():
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f"LISTEN {RENDER_CHANNEL}")
                while not stop.is_set():
                    for _ in conn.notifies(timeout=1.0, stop_after=1):
                        wake.set()
        except Exception:  # noqa: BLE001 - the database restarting: the idle poll covers the gap
            logging.getLogger("smaudit.render").warning("render worker: LISTEN failed, retrying")
            stop.wait(2.0)


def _warm_up(questionnaire: Any, brand: Any, tmp_dir: Path, languages: list[str]) -> None:
    """Render one throwaway report at start: the first render in a process pays for imports, fonts,
    templates and stylesheets (about twice a normal render), so no company has to. Another
    language adds only its small brand stylesheet."""
    from audit.answers import Answers, Company
    from audit.assess import assess
    from audit.web.report import render_pdf

    for lang in languages:
        try:
            render_pdf(assess(questionnaire, Answers(Company(name="warm-up")), lang), brand, tmp_dir)
        except Exception:  # noqa: BLE001 - only a warm-up: the real jobs report their own errors
            logging.getLogger("smaudit.render").exception("warm-up render (%s)", lang)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RenderWorkers:
    """`count` worker processes rendering PDFs from the database at `url`; `wake()` after a job
    was committed makes an idle one take it at once. `questionnaire`: the app's questionnaires
    (audit/web/questionnaires.Offered: each job is read with its submission's own), or one."""

    def __init__(self, url: str, questionnaire: Any, brand: Any, tmp_dir: Path, count: int,
                 languages: list[str] | None = None, idle_poll: float = IDLE_POLL, nice: int = NICE):
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.stop_event = context.Event()
        self.wake_event = context.Event()
        self.processes = [
            context.Process(target=_worker, name=f"smaudit-render-{n}", daemon=True,
                            args=(url, questionnaire, brand, str(tmp_dir), self.stop_event, self.wake_event,
                                  os.getpid(), list(languages or ["nl"]), idle_poll, nice))
            for n in range(count)
        ]

    def start(self) -> RenderWorkers:
        for process in self.processes:
            process.start()
        return self

    def wake(self) -> None:
        self.wake_event.set()

    def stop(self, timeout: float = 10.0) -> None:
        self.stop_event.set()
        self.wake_event.set()
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.1, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
