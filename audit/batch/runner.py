"""Render the reports of a client list: in worker processes, with progress, skipping clients
whose report is up to date, and stopping cleanly on Ctrl-C (every file is written atomically).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from audit.batch.runstore import RunStore
from audit.files import write_atomic
from audit.locate import templates_dir

STATE_SAVE_SECONDS = 3.0  # finished files are moved in place and the run file committed at most this often
STATE_SAVE_RESULTS = 1000  # ... or after this many results (memory stays bounded on a fast machine)
SYNC_THREADS = 4  # threads flushing finished files to disk while the run goes on
ASSESS_CHUNK = 25  # clients per task of a --no-pdf worker (results in flight: 2 tasks per worker)
SERIAL_BELOW = 200  # --no-pdf lists shorter than this are assessed here: starting workers costs more
JOB_TIME_LIMIT = 120  # seconds per report; a stuck render fails its row, not the batch
TASKS_PER_WORKER = 50  # recycle workers: WeasyPrint's memory grows over long loops


@dataclass
class Job:
    row: int
    stem: str
    name: str
    key: str  # hash of everything the report depends on
    answers: Any  # audit.answers.Answers: small; the worker assesses (keeps the parent's memory flat)
    questionnaire: str | None  # path; None for the product questionnaire
    lang: str


@dataclass
class JobResult:
    row: int
    stem: str
    key: str
    ok: bool
    seconds: float = 0.0
    error: str = ""
    skipped: bool = False
    name: str = ""
    # Made in the worker from the assessment, taken over (and cleared) by the parent at once:
    # the overview's line for this client (overview.summarize) and the register's record
    # (register.core.record), so no assessment is read back or kept in memory.
    summary: dict[str, Any] | None = None
    record: dict[str, Any] | None = None


class RunResult:
    """What a run did: counts in memory, each row's result in the run file (RunStore), read
    back in list order by `results()` and `failures()` (a long list is never held)."""

    def __init__(self, store: RunStore):
        self.store = store
        self.interrupted = False
        self.seconds = 0.0
        self.written = self.skipped = self.failed = 0

    @property
    def ok(self) -> int:
        return self.written + self.skipped

    def count(self, result: JobResult) -> None:
        if not result.ok:
            self.failed += 1
        elif result.skipped:
            self.skipped += 1
        else:
            self.written += 1

    def results(self, where: str = "") -> Iterator[JobResult]:
        """This run's results in list order (the run file is committed first)."""
        self.store.commit()
        for values in self.store.results(where):
            row, stem, key, ok, skipped, seconds, error, name = values
            yield JobResult(row, stem, key or "", bool(ok), seconds or 0.0, error or "", bool(skipped),
                            name or "")

    def failures(self, limit: int | None = None) -> list[JobResult]:
        found = self.results("ok = 0")
        return [r for _, r in zip(range(limit), found, strict=False)] if limit is not None else list(found)


def _hash_files(digest: Any, folder: Path) -> None:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())


def fingerprint(questionnaire: Any, brand_root: Path | None, lang: str, pdf: bool) -> str:
    """What every report of this run depends on besides its answers: questionnaire, brand kit,
    report templates, language and smaudit's version."""
    digest = hashlib.sha256()
    try:
        version = metadata.version("smaudit")
    except metadata.PackageNotFoundError:
        version = "dev"
    digest.update(f"{version}\0{lang}\0{pdf}\0".encode())
    digest.update(questionnaire.model_dump_json().encode())
    if brand_root is not None:
        _hash_files(digest, Path(brand_root))
    _hash_files(digest, templates_dir())
    return digest.hexdigest()


def answers_key(base: str, mapping: dict[str, Any]) -> str:
    text = json.dumps(mapping, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{base}\0{text}".encode()).hexdigest()[:32]


def up_to_date(outdir: Path, store: RunStore, job: Job, pdf: bool) -> bool:
    if store.done_key(job.stem) != job.key or not (outdir / f"{job.stem}.json").exists():
        return False
    return not pdf or (outdir / f"{job.stem}.pdf").exists()


# --- the worker side -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(brand_path: str | None, outdir: str, pdf: bool, keep: bool = False, token: str = "") -> None:
    """Once per worker process: ignore Ctrl-C (the parent decides), load brand and WeasyPrint."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _setup(brand_path, outdir, pdf, keep=keep)
    _WORKER["token"] = token


def _setup(brand_path: str | None, outdir: str, pdf: bool, commit: GroupCommit | None = None,
           keep: bool = False) -> None:
    _WORKER.update(outdir=Path(outdir), pdf=pdf, brand=None, commit=commit, questionnaires={}, keep=keep)
    if pdf:
        from audit.brand import load_brand
        from audit.render import pdf as _pdf  # noqa: F401  (imports WeasyPrint once per process)

        _WORKER["brand"] = load_brand(Path(brand_path) if brand_path else None)


class _TimeUp(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _TimeUp


def _fields(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELD_NAMES.get(type(obj))
        if names is None:
            names = _FIELD_NAMES[type(obj)] = [f.name for f in dataclasses.fields(obj)]
        return {name: getattr(obj, name) for name in names}
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


_FIELD_NAMES: dict[type, list[str]] = {}


class GroupCommit:
    """Assessment files of a --no-pdf run, moved into place in groups. Each file is flushed to
    disk on its own (fsync, by SYNC_THREADS threads while the run goes on: the disk waits
    overlap and the journal commits them together), then the group is renamed into place and
    the folder flushed once. As safe as writing each file atomically with its own fsync (a
    file appears whole or not at all, also after a power cut), without waiting for 5,000
    fsyncs one after the other, and flushing only this run's files: never the whole machine's
    pending writes, as os.sync() would on a shared laptop or server."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pending: list[tuple[Path, Path, Any]] = []
        self.token = f"{os.getpid()}-{os.urandom(3).hex()}"  # names this run's temporary files
        self.syncer = ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="fsync")

    def add(self, target: Path, text: str) -> None:
        self.adopt(write_part(target, text, self.token), target)

    def adopt(self, tmp: Path, target: Path) -> None:
        """A temporary file a worker wrote (write_part), to move into place with the others."""
        self.pending.append((tmp, target, self.syncer.submit(fsync_file, tmp)))

    def cleanup(self, outdir: Path) -> None:
        """After an interruption: this run's temporary files no result took over."""
        for tmp in outdir.glob(f".*.{self.token}.part"):
            tmp.unlink(missing_ok=True)

    def flush(self) -> None:
        if not self.pending:
            return
        for _, _, synced in self.pending:
            synced.result()  # an error (disk full) stops the run: nothing is claimed done
        folders = set()
        for tmp, target, _ in self.pending:
            os.replace(tmp, target)
            folders.add(target.parent)
        for folder in folders:
            fsync_folder(folder)
        self.pending.clear()

    def discard(self) -> None:
        for tmp, _, synced in self.pending:
            synced.cancel()
            tmp.unlink(missing_ok=True)
        self.pending.clear()

    def close(self) -> None:
        self.syncer.shutdown(wait=True, cancel_futures=True)


def fsync_file(path: Path) -> None:
    """Flush one file's data to disk (the data of whichever process wrote it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the renames are then as durable as they allow
    finally:
        os.close(fd)


def write_part(target: Path, text: str, token: str) -> Path:
    tmp = target.with_name(f".{target.name}.{token}.part")
    tmp.write_text(text, encoding="utf-8")
    return tmp


def assessment_json(assessment: Any) -> str:
    """The saved assessment, as `Assessment.to_dict()` gives it, written by the C encoder
    (no indent) straight from the dataclasses: 10x faster than asdict + indented dumps,
    which was most of the time of a long --no-pdf run."""
    return json.dumps(assessment, default=_fields, ensure_ascii=False)


def _questionnaire(source: str | None) -> Any:
    from audit.load import load_questionnaire

    cache = _WORKER.setdefault("questionnaires", {})
    if source not in cache:  # once per run and process, not once per client
        cache[source] = load_questionnaire(source)
    return cache[source]


def _done(job: Job, assessment: Any, text: str, start: float) -> JobResult:
    """A finished client's result, with its overview line and, when the register is on, the
    register's record (made here, in the worker: the parent only writes it)."""
    from audit.batch.overview import summarize

    result = JobResult(job.row, job.stem, job.key, True, time.perf_counter() - start, name=job.name,
                       summary=summarize(job.stem, assessment))
    if _WORKER.get("keep"):
        from audit.answers import to_mapping
        from audit.register.core import record

        result.record = record(assessment, to_mapping(job.answers, _questionnaire(job.questionnaire)),
                               "batch", text)
    return result


def render_job(job: Job) -> JobResult:
    """Write one client's JSON and PDF (both atomically); errors come back as a result."""
    start = time.perf_counter()
    outdir: Path = _WORKER["outdir"]
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(JOB_TIME_LIMIT)
    try:
        from audit.assess import assess

        assessment = assess(_questionnaire(job.questionnaire), job.answers, job.lang)
        if _WORKER["pdf"]:
            from audit.render.pdf import render_report_pdf

            render_report_pdf(assessment, _WORKER["brand"], outdir / f"{job.stem}.pdf")
        text = assessment_json(assessment)
        commit = _WORKER.get("commit")
        if commit is not None:
            commit.add(outdir / f"{job.stem}.json", text)
        else:
            write_atomic(outdir / f"{job.stem}.json", text)
        return _done(job, assessment, text, start)
    except _TimeUp:
        return JobResult(job.row, job.stem, job.key, False, time.perf_counter() - start,
                         f"the report took longer than {JOB_TIME_LIMIT} s and was stopped", name=job.name)
    except Exception as exc:  # one client's failure must not stop the others
        return JobResult(job.row, job.stem, job.key, False, time.perf_counter() - start,
                         f"{type(exc).__name__}: {exc}".strip()[:500], name=job.name)
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


# --- the parent side -------------------------------------------------------------------

def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def run_jobs(jobs: Iterable[Job], outdir: Path, brand_path: Path | None, *, workers: int, pdf: bool = True,
             force: bool = False, progress: bool = True, total: int | None = None, keep: bool = False,
             on_result: Callable[[JobResult], None] | None = None,
             store: RunStore | None = None) -> RunResult:
    """Render `jobs` (skipping up-to-date ones unless `force`); the run file (RunStore) records
    each finished client, so an interrupted or killed run resumes where it stopped.

    `jobs` is consumed as the work goes (a long list is read, assessed and written in a
    stream, never held whole); `total` is how many there are at most (for the progress bar
    and the choice of workers). Each result goes to `on_result` as it comes in, with its
    overview line and (`keep`: made in the workers) its register record, then to the run
    file: the run keeps only counts in memory."""
    outdir.mkdir(parents=True, exist_ok=True)
    store = store if store is not None else RunStore(outdir)
    run = RunResult(store)
    started = time.perf_counter()
    if total is None:
        jobs = list(jobs)
        total = len(jobs)

    saved = [time.monotonic()]
    # Without PDFs a client is a few milliseconds of work: its file is written here and
    # committed in groups; with workers, they only assess (in chunks) and write temporary files.
    serial = workers <= 1 or total < SERIAL_BELOW if not pdf else workers <= 1 or total <= 1
    commit = GroupCommit() if not pdf else None
    if commit is not None:
        remove_stale_parts(outdir)

    def save() -> None:
        if commit is not None:
            commit.flush()  # the run file never names a client whose file is not in place
        store.commit()
        saved[0] = time.monotonic()

    def record(result: JobResult, job: Job) -> None:
        # At most every STATE_SAVE_SECONDS (or STATE_SAVE_RESULTS) the finished files are put
        # in place and the run file committed: a crash loses at most those seconds' records,
        # and those clients are simply done again on the next run.
        if on_result is not None:
            on_result(result)
        result.summary = result.record = None
        run.count(result)
        store.add_result(result)
        if time.monotonic() - saved[0] >= STATE_SAVE_SECONDS or store.buffered >= STATE_SAVE_RESULTS:
            save()

    def todo() -> Iterator[Job]:
        for job in jobs:
            if not force and up_to_date(outdir, store, job, pdf):
                record(JobResult(job.row, job.stem, job.key, True, skipped=True, name=job.name), job)
            else:
                yield job

    bar = _progress(progress, total)
    try:
        with bar as advance:
            if serial:
                _setup(str(brand_path) if brand_path else None, str(outdir), pdf, commit, keep=keep)
                for job in todo():
                    record(render_job(job), job)
                    advance()
            elif not pdf:
                _run_assess_pool(todo(), outdir, workers, commit, record, advance, keep)
            else:
                _run_pool(todo(), outdir, brand_path, workers, pdf, record, advance, keep)
    except KeyboardInterrupt:
        run.interrupted = True
    finally:
        if commit is not None:
            try:
                commit.flush()
            except BaseException:
                commit.discard()
                raise
            finally:
                if run.interrupted:
                    commit.cleanup(outdir)
                commit.close()
            _WORKER["commit"] = None
        store.commit()  # the caller reads the results back from run.store, and closes it
    run.seconds = time.perf_counter() - started
    return run


def remove_stale_parts(outdir: Path) -> None:
    """Temporary files a killed run left (never moved into place: their clients are not done)."""
    for tmp in outdir.glob(".*.json.*.part"):
        tmp.unlink(missing_ok=True)


def assess_only(job: Job) -> tuple[JobResult, str]:
    """In a worker of a --no-pdf run: the assessment written as a temporary JSON file, whose
    path goes back to the parent, which moves the files into place in groups (GroupCommit)."""
    start = time.perf_counter()
    try:
        from audit.assess import assess

        assessment = assess(_questionnaire(job.questionnaire), job.answers, job.lang)
        text = assessment_json(assessment)
        tmp = write_part(_WORKER["outdir"] / f"{job.stem}.json", text, _WORKER["token"])
        return _done(job, assessment, text, start), str(tmp)
    except Exception as exc:  # one client's failure must not stop the others
        return JobResult(job.row, job.stem, job.key, False, time.perf_counter() - start,
                         f"{type(exc).__name__}: {exc}".strip()[:500], name=job.name), ""


def assess_chunk(jobs: list[Job]) -> list[tuple[JobResult, str]]:
    return [assess_only(job) for job in jobs]


def _batches(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    part: list[Job] = []
    for job in jobs:
        part.append(job)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


def _run_assess_pool(todo: Iterable[Job], outdir: Path, workers: int, commit: GroupCommit, record: Any,
                     advance: Any, keep: bool = False) -> None:
    """--no-pdf with workers: chunks of clients assessed in worker processes, at most two chunks
    per worker in flight (so the list's rows do not pile up in memory); each worker writes its
    clients' files as temporary files, moved into place here in groups. A worker that dies
    (killed, out of memory) fails the chunks in flight, with their rows named; the rest of the
    list goes on in a fresh pool."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("forkserver")
    chunks = _batches(todo, ASSESS_CHUNK)
    carry: list[Job] | None = None  # a chunk a broken pool refused: for the next pool
    while True:
        broken = False
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=(None, str(outdir), False, keep, commit.token)) as executor:
            running: deque[tuple[list[Job], Any]] = deque()
            try:
                while True:
                    while not broken and len(running) < workers * 2:
                        chunk, carry = carry or next(chunks, None), None
                        if chunk is None:
                            break
                        try:
                            running.append((chunk, executor.submit(assess_chunk, chunk)))
                        except BrokenProcessPool:
                            broken, carry = True, chunk
                    if not running:
                        break
                    chunk, future = running.popleft()
                    try:
                        outcomes = future.result()
                    except Exception as exc:  # the worker process died (killed, out of memory)
                        broken = broken or isinstance(exc, BrokenProcessPool)
                        outcomes = [(JobResult(job.row, job.stem, job.key, False, 0.0,
                                               f"worker failed: {type(exc).__name__}", name=job.name), "")
                                    for job in chunk]
                    for job, (result, tmp) in zip(chunk, outcomes, strict=True):
                        if result.ok:
                            commit.adopt(Path(tmp), outdir / f"{job.stem}.json")
                        record(result, job)
                        advance()
            except KeyboardInterrupt:
                # the chunks being assessed finish (a fraction of a second): their temporary
                # files are then removed with the rest (GroupCommit.cleanup)
                executor.shutdown(wait=True, cancel_futures=True)
                raise
        if not broken:
            return
        if carry is None:
            carry = next(chunks, None)
            if carry is None:
                return


def _run_pool(todo: Iterable[Job], outdir: Path, brand_path: Path | None, workers: int, pdf: bool,
              record: Any, advance: Any, keep: bool = False) -> None:
    """Render in worker processes, a fresh pool for every TASKS_PER_WORKER jobs per worker.

    Fresh pools instead of `max_tasks_per_child`: on Python 3.11 an executor whose workers
    retire that way can stop replacing them and wait forever (seen here in the benchmark)."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["audit.batch.preload"] if pdf else [])
    for part in _batches(todo, workers * TASKS_PER_WORKER):
        _run_chunk(part, context, outdir, brand_path, workers, pdf, record, advance, keep)


def _run_chunk(part: list[Job], context: Any, outdir: Path, brand_path: Path | None, workers: int,
               pdf: bool, record: Any, advance: Any, keep: bool = False) -> None:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    executor = ProcessPoolExecutor(
        max_workers=min(workers, len(part)), mp_context=context, initializer=_init_worker,
        initargs=(str(brand_path) if brand_path else None, str(outdir), pdf, keep),
    )
    futures = {executor.submit(render_job, job): job for job in part}
    recorded: set[Any] = set()
    try:
        for future in as_completed(futures):
            record(_result(future, futures[future]), futures[future])
            recorded.add(future)
            advance()
    except KeyboardInterrupt:
        # Workers ignore Ctrl-C: the reports being written finish and are recorded; the rest
        # never start, so no half-written file is left and a rerun continues from here.
        for future in futures:
            future.cancel()
        for future, job in futures.items():
            if future in recorded or future.cancelled():
                continue
            record(_result(future, job), job)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _result(future: Any, job: Job) -> JobResult:
    try:
        return future.result()
    except Exception as exc:  # the worker process died (killed, out of memory)
        return JobResult(job.row, job.stem, job.key, False, 0.0, f"worker failed: {type(exc).__name__}",
                         name=job.name)


class _progress:
    """A rich progress bar on stderr when it is a terminal; a no-op otherwise."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total, self.bar = enabled, total, None

    def __enter__(self):
        if not self.enabled or self.total == 0:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        if not console.is_terminal:
            return lambda: None
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=console, transient=True)
        self.bar.start()
        task = self.bar.add_task("reports", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
