"""Load on the self-assessment app: many companies filling in the questionnaire at once.

Starts `smaudit serve` (waitress) in a subprocess on a free port of 127.0.0.1 with a fresh
data folder, lets N simulated companies (a thread pool, each with its own cookies) answer
every page, then downloads some PDFs. Prints median and p95 latency of a page view, a page
save and a PDF download, and checks that nothing was lost: every company is in the database,
completed, with exactly the answers it sent.

    .venv/bin/python benchmarks/serve.py [--companies 200] [--concurrency 100] [--pdfs 20]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
timings: dict[str, list[float]] = {"page view": [], "page save": [], "pdf download": []}
lock = threading.Lock()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer(question) -> object:  # type: ignore[no-untyped-def]
    if question.type == "single":
        return question.options[len(question.options) // 2].value
    if question.type == "multi":
        return [o.value for o in question.options if not o.exclusive][:2]
    if question.type == "yesno":
        return "yes"
    if question.type == "scale":
        return "3"
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        return str(int(min(max(low, 2), high)))
    return "Benchmark <b>text</b>"


class Company:
    def __init__(self, base: str, number: int):
        self.base = base
        self.name = f"Benchmark company {number:04d}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.token = ""

    def request(self, path: str, data: dict | None = None, kind: str | None = None) -> tuple[int, bytes, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                status, payload, location = response.status, response.read(), ""
        except urllib.error.HTTPError as exc:
            status, payload, location = exc.code, exc.read(), exc.headers.get("Location", "")
        except OSError as exc:
            waited = time.perf_counter() - started
            raise RuntimeError(f"{self.name}: {path}: {exc} after {waited:.1f} s") from exc
        if kind:
            with lock:
                timings[kind].append(time.perf_counter() - started)
        return status, payload, location

    def fill(self, questionnaire) -> dict:  # type: ignore[no-untyped-def]
        _, page, _ = self.request("/start/en")
        status, _, location = self.request("/start/en", {"csrf_token": CSRF.search(page.decode())[1],
                                                         "name": self.name})
        assert status == 303, status
        self.token = location.rsplit("/", 2)[-2]
        pages = [d for d in questionnaire.dimensions if questionnaire.questions_in(d.id)]
        sent: dict = {}
        for number, dim in enumerate(pages, 1):
            questions = questionnaire.questions_in(dim.id)
            _, page, _ = self.request(f"/s/{self.token}/{number}", kind="page view")
            form: dict = {"csrf_token": CSRF.search(page.decode())[1],
                          "shown": " ".join(q.id for q in questions)}
            for q in questions:
                form[f"q_{q.id}"] = answer(q)
                sent[q.id] = form[f"q_{q.id}"]
            status, body, _ = self.request(f"/s/{self.token}/{number}", form, kind="page save")
            assert status == 303, (status, body[:500])
        return sent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=100)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--pdf-concurrency", type=int, default=1,
                        help="PDF downloads at a time (renders are serialised in the server)")
    parser.add_argument("--questionnaire", default=None, help="default: the product questionnaire")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (its path is printed)")
    args = parser.parse_args()

    from audit.answers import normalise, visible
    from audit.load import load_questionnaire
    from audit.store.submissions import database_url, open_store

    questionnaire = load_questionnaire(args.questionnaire)
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="smaudit-bench-"))
    command = [sys.executable, "-m", "audit", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--data", str(data), "--threads", "8"]
    if args.questionnaire:
        command += ["--questionnaire", args.questionnaire]
    log = open(data / "server.log", "w+b")  # noqa: SIM115 - a full pipe would stall the server
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start: " + (data / "server.log").read_text()[-2000:])
        companies = [Company(base, n) for n in range(args.companies)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            sent = list(pool.map(lambda c: c.fill(questionnaire), companies))
        fill_time = time.perf_counter() - started
        with ThreadPoolExecutor(args.pdf_concurrency) as pool:
            pdfs = list(pool.map(lambda c: c.request(f"/s/{c.token}/report.pdf", kind="pdf download"),
                                 companies[:args.pdfs]))
        assert all(status == 200 and body.startswith(b"%PDF") for status, body, _ in pdfs)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()

    store = open_store(database_url(None, data))
    lost = 0
    for company, answers in zip(companies, sent, strict=True):
        sub = store.by_token(company.token)
        expected = {qid: normalise(questionnaire.question(qid), raw) for qid, raw in answers.items()}
        shown = visible(questionnaire, expected)
        expected = {k: v for k, v in expected.items() if shown[k] and v is not None}
        if sub is None or not sub.completed or sub.answers != expected or sub.company["name"] != company.name:
            lost += 1
    pages = len([d for d in questionnaire.dimensions if questionnaire.questions_in(d.id)])
    print(f"questionnaire {questionnaire.id}: {pages} pages, {len(questionnaire.questions)} questions")
    print(f"{args.companies} companies, {args.concurrency} at a time, waitress with 8 threads, "
          f"{fill_time:.1f} s for the forms ({args.companies * pages * 2 / fill_time:.0f} requests/s)")
    for kind, values in timings.items():
        if values:
            print(f"{kind}: median {statistics.median(values) * 1000:7.1f} ms   "
                  f"p95 {pct(values, 95) * 1000:7.1f} ms   (n={len(values)})")
    count = store.count()
    print(f"in the database: {count} of {args.companies}; lost or wrong: {lost}")
    if args.keep:
        print(f"data kept in {data}")
    else:
        shutil.rmtree(data, ignore_errors=True)
    if lost or count != args.companies:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
