"""Load, faults and recovery of the self-assessment app, on SQLite and on PostgreSQL.

For each database (SQLite in a fresh data folder; PostgreSQL in a throwaway server started
here, as in the tests) this starts `smaudit serve` on a free port of 127.0.0.1 and runs:

1. **Load** (the realistic case): N simulated companies (default 50), starting evenly over
   `--ramp` seconds, so they also finish evenly: the arrival rate is N / ramp companies finishing
   per minute (default 50 over 300 s = 10 a minute, a busy campaign day). Each has its own
   cookies, answers every page (following the server's redirects, so pages it skips are
   skipped), pauses `--think` seconds between pages and then waits for its PDF. The default
   pace, 60 s a page, is the quick end of a real company: a page holds five or six questions to
   read and choose from. (The request rate is arrival rate x pages x 2 whatever the pace; a
   slower pace only means more companies busy at once.) Reported: page view/save latency
   (median, p95), the same only for requests made while at least one PDF was rendering, the
   server's CPU time per page request, and the time from the last page's save to the PDF being
   downloadable (median, p95).
2. **Burst**: all N companies start at once, 1 s a page, so their N PDFs are asked for within
   seconds: the worst case. Reported: PDF ready p95, and the render capacity (PDFs per minute
   while the queue was never empty).
3. **SIGKILL**: 1 s a page over `--ramp`/10 s, and the server with its PDF workers is killed with
   SIGKILL while companies are busy, and restarted on the same database. Companies retry.
4. **Throughput**: `--clients` clients view and save a page as fast as they can for
   `--seconds` seconds: requests per second.

After each run the database is checked: every page the server answered "saved" (303) is in it
with exactly the answers sent, and every company is complete. Exit code 1 if anything was lost.

    .venv/bin/python benchmarks/serve.py [--companies 50] [--ramp 300] [--think 60]
        [--phases load,burst,kill] [--db sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Server:
    """`smaudit serve` in its own process group (so SIGKILL takes its PDF workers too)."""

    def __init__(self, data: Path, db: str | None, workers: int | None, threads: int,
                 questionnaire: str | None, nice: int | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "audit", "serve", "--host", "127.0.0.1", "--port",
                        str(self.port), "--data", str(data), "--threads", str(threads),
                        "--public-url", self.base]
        if workers:  # else the server's own default (one per core)
            self.command += ["--render-workers", str(workers)]
        if nice is not None:
            self.command += ["--render-nice", str(nice)]
        if db:
            self.command += ["--db", db]
        if questionnaire:
            self.command += ["--questionnaire", questionnaire]
        self.log_path = data / "server.log"
        data.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the server did not start: " + self.log_path.read_text()[-2000:])

    def cpu_seconds(self) -> float:
        """CPU time the server process (not its PDF workers) has used so far."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class Run:
    """Shared measurements of one run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: list[float] = []
        self.pages_while_rendering: list[float] = []
        self.pdf_ready: list[float] = []
        self.waiting_for_pdf = 0
        self.retries = 0
        self.requests = 0
        self.pdf_missing = 0  # companies whose PDF was not there within 300 s
        self.finished: list[float] = []  # when companies saved their last page (perf_counter)


def answer(question: Any, n: int) -> Any:
    """A valid answer that differs between companies (some say they are not active at all)."""
    if question.type == "single":
        return question.options[(n + len(question.options) // 2) % len(question.options)].value
    if question.type == "multi":
        plain = [o.value for o in question.options if not o.exclusive]
        return plain[n % len(plain):][:2] or plain[:1]
    if question.type == "yesno":
        return "yes" if n % 3 else "no"
    if question.type == "scale":
        return str(1 + n % 5)
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        return str(int(min(max(low, n % 7), high)))
    return f"Benchmark <b>{n}</b> tekst"


class Company:
    def __init__(self, server: Server, number: int, run: Run):
        self.server, self.number, self.run = server, number, run
        self.name = f"Benchmark company {number:04d}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.token = ""
        self.pdf_patience = 300.0
        self.saved: dict[str, Any] = {}  # answers of pages the server said were saved
        self.error = ""

    def request(self, path: str, data: dict | None = None, timed: bool = False) -> tuple[int, bytes, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        rendering = self.run.waiting_for_pdf > 0
        started = time.perf_counter()
        try:
            with self.opener.open(self.server.base + path, data=body, timeout=60) as response:
                status, payload, location = response.status, response.read(), ""
        except urllib.error.HTTPError as exc:
            status, payload, location = exc.code, exc.read(), exc.headers.get("Location", "")
        elapsed = time.perf_counter() - started
        with self.run.lock:
            self.run.requests += 1
            if timed and status < 500:
                self.run.pages.append(elapsed)
                if rendering:
                    self.run.pages_while_rendering.append(elapsed)
        return status, payload, location

    def retrying(self, step: Any, patience: float = 120.0) -> Any:
        """Run a step again after a connection error or a 5xx (the server being killed)."""
        deadline = time.monotonic() + patience
        while True:
            try:
                result = step()
                if result is not None:
                    return result
            except (OSError, http.client.HTTPException):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: gave up after {patience:.0f} s of retries")
            with self.run.lock:
                self.run.retries += 1
            time.sleep(0.2)

    def fill(self, questionnaire: Any, think: float) -> None:
        def begin() -> str | None:
            _, page, _ = self.request("/start/nl")
            status, _, location = self.request("/start/nl", {"csrf_token": CSRF.search(page.decode())[1],
                                                             "name": self.name})
            return location if status == 303 else None

        location = self.retrying(begin)
        self.token = location.split("/")[2]
        pages = [d for d in questionnaire.dimensions if questionnaire.questions_in(d.id)]
        while "/result" not in location:
            number = int(location.rsplit("/", 1)[1])

            def save_page(number: int = number) -> str | None:
                status, page, next_location = self.request(f"/s/{self.token}/{number}", timed=True)
                if status == 302:  # nothing to ask on this page: the server sends us on
                    return next_location
                if status != 200:
                    return None
                questions = questionnaire.questions_in(pages[number - 1].id)
                shown = re.findall(r'name="shown" value="([^"]*)"', page.decode())[0].split()
                form: dict = {"csrf_token": CSRF.search(page.decode())[1], "shown": " ".join(shown)}
                for q in questions:
                    form[f"q_{q.id}"] = answer(q, self.number)
                status, body, next_location = self.request(f"/s/{self.token}/{number}", form, timed=True)
                if status == 200:  # questions appeared: answer them too, on the same page
                    shown = re.findall(r'name="shown" value="([^"]*)"', body.decode())[0].split()
                    form["shown"] = " ".join(shown)
                    form["csrf_token"] = CSRF.search(body.decode())[1]
                    status, body, next_location = self.request(f"/s/{self.token}/{number}", form, timed=True)
                if status != 303:
                    return None
                self.saved.update({q.id: form[f"q_{q.id}"] for q in questions})
                return next_location

            location = self.retrying(save_page)
            if "/result" not in location:
                time.sleep(think)
        last_saved = time.perf_counter()
        with self.run.lock:
            self.run.waiting_for_pdf += 1
            self.run.finished.append(last_saved)
        try:
            def result_page() -> bool | None:
                status, _, _ = self.request(f"/s/{self.token}/result", timed=True)
                return True if status == 200 else None

            self.retrying(result_page)

            def pdf() -> bool | None:
                status, body, _ = self.request(f"/s/{self.token}/report.pdf")
                if status == 200 and body.startswith(b"%PDF"):
                    return True
                if status == 202:
                    time.sleep(0.1)
                return None

            try:
                self.retrying(pdf, patience=self.pdf_patience)
            except TimeoutError:
                with self.run.lock:
                    self.run.pdf_missing += 1
                return
            with self.run.lock:
                self.run.pdf_ready.append(time.perf_counter() - last_saved)
        finally:
            with self.run.lock:
                self.run.waiting_for_pdf -= 1


def run_companies(server: Server, questionnaire: Any, count: int, ramp: float, think: float, kill: bool
                  ) -> tuple[Run, list[Company], float, str]:
    run = Run()
    companies = [Company(server, n, run) for n in range(count)]
    threads = []
    note = ""

    def go(company: Company, delay: float) -> None:
        time.sleep(delay)
        try:
            company.fill(questionnaire, think)
        except Exception as exc:  # noqa: BLE001 - reported as lost below
            company.error = str(exc)

    started = time.perf_counter()
    for n, company in enumerate(companies):
        thread = threading.Thread(target=go, args=(company, n * ramp / max(1, count)))
        thread.start()
        threads.append(thread)
    if kill:
        time.sleep(ramp * 0.5)
        waiting = run.waiting_for_pdf
        server.kill()
        killed = time.perf_counter()
        server.start()
        note = (f"SIGKILL at {killed - started:.1f} s ({waiting} companies waiting for a PDF), "
                f"serving again after {time.perf_counter() - killed:.1f} s")
    for thread in threads:
        thread.join()
    return run, companies, time.perf_counter() - started, note


def check(store: Any, questionnaire: Any, companies: list[Company]) -> list[str]:
    """Every page the server said was saved is in the database, exactly as sent."""
    from audit.answers import normalise

    problems = []
    for company in companies:
        if company.error:
            problems.append(f"{company.name}: {company.error}")
            continue
        sub = store.by_token(company.token)
        if sub is None:
            problems.append(f"{company.name}: not in the database")
            continue
        for qid, raw in company.saved.items():
            expected = normalise(questionnaire.question(qid), raw)
            if expected is not None and sub.answers.get(qid) != expected:
                problems.append(f"{company.name}: {qid} is {sub.answers.get(qid)!r}, sent {expected!r}")
        if not sub.completed:
            problems.append(f"{company.name}: not completed")
    return problems


def render_times(store: Any) -> tuple[list[float], list[float], float]:
    """From the reports table: how long renders took, how long jobs waited for a worker, and the
    render capacity in PDFs per minute (renders finished while jobs were waiting, over that time)."""
    from sqlalchemy import select

    from audit.store import schema

    r = schema.reports
    with store.engine.connect() as conn:
        rows = conn.execute(select(r.c.queued_at, r.c.claimed_at, r.c.done_at)
                            .where(r.c.status == "done")).all()
    rows = [row for row in rows if row.claimed_at and row.queued_at]
    # Capacity: over the stretch where some job was always waiting or rendering, the rate of
    # finished renders. The busiest stretch: from the first claim to the last finish.
    capacity = float("nan")
    if len(rows) >= 4:
        begin, end = min(row.claimed_at for row in rows), max(row.done_at for row in rows)
        capacity = (len(rows) - 1) / (end - begin) * 60 if end > begin else float("nan")
    return ([row.done_at - row.claimed_at for row in rows],
            [row.claimed_at - row.queued_at for row in rows], capacity)


def throughput(server: Server, questionnaire: Any, clients: int, seconds: float) -> float:
    """Page views and saves per second with `clients` clients and no pauses (no PDFs)."""
    run = Run()
    stop = time.monotonic() + seconds
    pages = [d for d in questionnaire.dimensions if questionnaire.questions_in(d.id)]
    questions = questionnaire.questions_in(pages[0].id)

    def client(n: int) -> None:
        company = Company(server, 10_000 + n, run)
        _, page, _ = company.request("/start/en")
        _, _, location = company.request("/start/en", {"csrf_token": CSRF.search(page.decode())[1],
                                                       "name": company.name})
        token = location.split("/")[2]
        while time.monotonic() < stop:
            _, page, _ = company.request(f"/s/{token}/1", timed=True)
            form = {"csrf_token": CSRF.search(page.decode())[1], "shown": " ".join(q.id for q in questions)}
            form.update({f"q_{q.id}": answer(q, n) for q in questions})
            company.request(f"/s/{token}/1", form, timed=True)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(run.pages) / (time.perf_counter() - started)


PHASES = {  # name: (ramp, think) from the arguments
    "load": lambda a: (a.ramp, a.think),
    "burst": lambda a: (0.0, 1.0),
    "kill": lambda a: (max(10.0, a.ramp / 10), 1.0),
}


def arrival_rate(finished: list[float]) -> float:
    """Companies finishing per minute, measured from their last-page saves."""
    finished = sorted(finished)
    if len(finished) < 2 or finished[-1] == finished[0]:
        return float("nan")
    return (len(finished) - 1) / (finished[-1] - finished[0]) * 60


def bench(kind: str, args: argparse.Namespace, questionnaire: Any) -> dict[str, Any]:
    from audit.store.submissions import database_url, open_store

    results: dict[str, Any] = {}
    postgres = None
    folder = Path(tempfile.mkdtemp(prefix=f"smaudit-bench-{kind}-"))
    try:
        for phase in args.phases:
            data = folder / phase
            db = None
            if kind == "postgresql":
                from postgres_server import PostgresServer

                postgres = postgres or PostgresServer().start()
                db = postgres.new_database()
            server = Server(data, db, args.workers, args.threads, args.questionnaire, args.nice)
            server.start()
            time.sleep(args.settle)  # the PDF workers' warm-up render, as after a real start
            ramp, think = PHASES[phase](args)
            try:
                cpu = server.cpu_seconds()
                run, companies, elapsed, note = run_companies(server, questionnaire, args.companies, ramp,
                                                              think, phase == "kill")
                cpu = server.cpu_seconds() - cpu if phase != "kill" else float("nan")
                if phase == "load" and args.clients:
                    results["req/s (throughput)"] = throughput(server, questionnaire, args.clients,
                                                               args.seconds)
            finally:
                server.stop()
            store = open_store(database_url(db, data))
            problems = check(store, questionnaire, companies)
            renders, waits, capacity = render_times(store)
            store.dispose()
            nan = float("nan")
            if phase == "load":
                results.update({
                    "arrival: companies done per minute": arrival_rate(run.finished),
                    "page median ms": statistics.median(run.pages) * 1000,
                    "page p95 ms": pct(run.pages, 95) * 1000,
                    "page p95 while PDFs render ms": pct(run.pages_while_rendering, 95) * 1000,
                    "pages timed while rendering": len(run.pages_while_rendering),
                    "server CPU ms per request": cpu / max(1, run.requests) * 1000,
                    "PDF ready after last page, median s": statistics.median(run.pdf_ready)
                    if run.pdf_ready else nan,
                    "PDF ready after last page, p95 s": pct(run.pdf_ready, 95),
                    "req/s (load)": run.requests / elapsed,
                    "lost (load)": len(problems),
                    "PDFs not ready in 300 s": run.pdf_missing,
                    "render alone, median s": statistics.median(renders) if renders else nan,
                    "render alone, p95 s": pct(renders, 95),
                    "queued before render, median s": statistics.median(waits) if waits else nan,
                })
            elif phase == "burst":
                results.update({
                    "burst: PDF ready p95 s": pct(run.pdf_ready, 95),
                    "burst: PDF ready median s": statistics.median(run.pdf_ready) if run.pdf_ready else nan,
                    "burst: page p95 ms": pct(run.pages, 95) * 1000,
                    "burst: render alone, median s": statistics.median(renders) if renders else nan,
                    "render capacity, PDFs per minute": capacity,
                    "lost (burst)": len(problems),
                })
            else:
                results.update({"lost (SIGKILL + restart)": len(problems),
                                "requests repeated (failed or PDF polls)": run.retries,
                                "PDF ready p95 s (SIGKILL run)": pct(run.pdf_ready, 95)})
                results["note"] = note
            for problem in problems[:10]:
                print(f"  {kind} {phase}: {problem}", file=sys.stderr)
    finally:
        if postgres:
            postgres.stop()
        if args.keep:
            print(f"{kind}: data kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=50)
    parser.add_argument("--ramp", type=float, default=300.0,
                        help="seconds over which companies start (load phase); arrival rate = "
                             "companies / ramp")
    parser.add_argument("--think", type=float, default=60.0,
                        help="seconds a company spends on a page (load phase)")
    parser.add_argument("--phases", default="load,burst,kill", help="load, burst, kill (comma-separated)")
    parser.add_argument("--settle", type=float, default=8.0,
                        help="seconds after the server starts before companies come (worker warm-up)")
    parser.add_argument("--workers", type=int, default=None,
                        help="PDF worker processes of the server (default: the server's, one per core)")
    parser.add_argument("--nice", type=int, default=None,
                        help="--render-nice of the server (default: the server's, 10)")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--clients", type=int, default=16, help="clients of the throughput phase (0: none)")
    parser.add_argument("--seconds", type=float, default=8.0, help="length of the throughput phase")
    parser.add_argument("--db", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--questionnaire", default=None, help="default: the product questionnaire")
    parser.add_argument("--keep", action="store_true", help="keep the data folders")
    args = parser.parse_args()
    args.phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = set(args.phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(sorted(unknown))}")

    from audit.load import load_questionnaire

    questionnaire = load_questionnaire(args.questionnaire)
    pages = len([d for d in questionnaire.dimensions if questionnaire.questions_in(d.id)])
    rate = args.companies / max(args.ramp, 1e-9) * 60
    print(f"questionnaire {questionnaire.id}: {pages} pages, {len(questionnaire.questions)} questions; "
          f"{args.companies} companies over {args.ramp:.0f} s ({rate:.1f} "
          f"a minute), {args.think} s a page; {args.threads} threads, "
          f"{args.workers or 'default'} PDF worker(s) at nice {10 if args.nice is None else args.nice}; "
          f"{os.cpu_count()} CPU cores; "
          f"load average {os.getloadavg()[0]:.1f}; phases {','.join(args.phases)}")
    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    results = {kind: bench(kind, args, questionnaire) for kind in kinds}
    keys = [k for k in next(iter(results.values())) if k != "note"]
    print(f"{'':40}" + "".join(f"{kind:>14}" for kind in kinds))
    for key in keys:
        cells = []
        for kind in kinds:
            value = results[kind].get(key)
            cells.append(f"{value:14.2f}" if isinstance(value, float) else f"{value!s:>14}")
        print(f"{key:40}" + "".join(cells))
    for kind in kinds:
        print(f"{kind}: {results[kind].get('note', '')}")
    if any(results[k].get(f"lost ({p})") for k in kinds for p in ("load", "burst", "SIGKILL + restart")):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
