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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from audit.files import write_atomic
from audit.locate import templates_dir

STATE_FILE = ".smaudit-batch.json"
STATE_SAVE_SECONDS = 3.0  # the state file is rewritten (and finished files moved in place) at most this often
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


@dataclass
class RunResult:
    results: list[JobResult] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def written(self) -> list[JobResult]:
        return [r for r in self.results if r.ok and not r.skipped]

    @property
    def skipped(self) -> list[JobResult]:
        return [r for r in self.results if r.skipped]

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]


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


def load_state(outdir: Path) -> dict[str, Any]:
    try:
        data = json.loads((outdir / STATE_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("clients"), dict) else {"clients": {}}
    except (OSError, ValueError):
        return {"clients": {}}


def save_state(outdir: Path, state: dict[str, Any]) -> None:
    write_atomic(outdir / STATE_FILE, json.dumps(state, indent=1, sort_keys=True))


def up_to_date(outdir: Path, state: dict[str, Any], job: Job, pdf: bool) -> bool:
    entry = state["clients"].get(job.stem) or {}
    if entry.get("key") != job.key or not (outdir / f"{job.stem}.json").exists():
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
    """Assessment files of a --no-pdf run, moved into place in groups after one os.sync():
    as safe as writing each atomically with its own fsync (a file appears whole or not at
    all, also after a power cut), without 5,000 fsyncs (most of a long run's time)."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []
        self.token = f"{os.getpid()}-{os.urandom(3).hex()}"  # names this run's temporary files

    def add(self, target: Path, text: str) -> None:
        self.adopt(write_part(target, text, self.token), target)

    def adopt(self, tmp: Path, target: Path) -> None:
        """A temporary file a worker wrote (write_part), to move into place with the others."""
        self.pending.append((tmp, target))

    def cleanup(self, outdir: Path) -> None:
        """After an interruption: this run's temporary files no result took over."""
        for tmp in outdir.glob(f".*.{self.token}.part"):
            tmp.unlink(missing_ok=True)

    def flush(self) -> None:
        if not self.pending:
            return
        os.sync()
        for tmp, target in self.pending:
            os.replace(tmp, target)
        self.pending.clear()

    def discard(self) -> None:
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)
        self.pending.clear()


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
             on_result: Callable[[JobResult], None] | None = None) -> RunResult:
    """Render `jobs` (skipping up-to-date ones unless `force`); the state file records each
    finished client at once, so an interrupted run resumes where it stopped.

    `jobs` is consumed as the work goes (a long list is read, assessed and written in a
    stream, never held whole); `total` is how many there are at most (for the progress bar
    and the choice of workers). Each result goes to `on_result` as it comes in, with its
    overview line and (`keep`: made in the workers) its register record, then those are
    dropped: the run keeps only a small result per client."""
    outdir.mkdir(parents=True, exist_ok=True)
    state = load_state(outdir)
    run = RunResult()
    started = time.perf_counter()
    if total is None:
        jobs = list(jobs)
        total = len(jobs)

    saved, dirty = [time.monotonic()], [False]
    # Without PDFs a client is a few milliseconds of work: its file is written here and
    # committed in groups; with workers, they only assess (in chunks) and send the JSON back.
    serial = workers <= 1 or total < SERIAL_BELOW if not pdf else workers <= 1 or total <= 1
    commit = GroupCommit() if not pdf else None

    def record(result: JobResult, job: Job) -> None:
        # Rewriting the whole state after every client made long lists quadratic (5,000 rows:
        # most of the run). At most every STATE_SAVE_SECONDS now (each time one os.sync() for
        # the files finished meanwhile): a crash loses at most those seconds' records, and
        # those clients are simply done again on the next run.
        if on_result is not None:
            on_result(result)
        result.summary = result.record = None
        run.results.append(result)
        if result.ok:
            state["clients"][job.stem] = {"key": job.key, "row": job.row, "name": job.name}
        else:
            state["clients"].pop(job.stem, None)
        dirty[0] = True
        if time.monotonic() - saved[0] >= STATE_SAVE_SECONDS:
            if commit is not None:
                commit.flush()  # the state never names a client whose file is not in place
            save_state(outdir, state)
            saved[0], dirty[0] = time.monotonic(), False

    def todo() -> Iterator[Job]:
        for job in jobs:
            if not force and up_to_date(outdir, state, job, pdf):
                result = JobResult(job.row, job.stem, job.key, True, skipped=True, name=job.name)
                if on_result is not None:
                    on_result(result)
                run.results.append(result)
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
            _WORKER["commit"] = None
        if dirty[0]:
            save_state(outdir, state)
    run.seconds = time.perf_counter() - started
    run.results.sort(key=lambda r: r.row)
    return run


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
