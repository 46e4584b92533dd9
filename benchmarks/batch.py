"""Batch benchmark: generated clients with random valid answers over the product questionnaire.

First, how well survey-tool exports are read: generated exports of every tool
(audit/batch/simulate.py) on fresh seeds, every answer counted as read right, reported, or
silently wrong (goal: >= 97% right over all formats, 0 silently wrong).

    python benchmarks/batch.py [--clients 200] [--serial 16] [--workers 2] [--sizes 500,5000,20000]

Prints: median seconds per report serial (HTML + PDF + JSON per client), the speed-up of the
parallel pool over serial on the same clients (goal >= 1.7x on 2 cores), the per-report cost
against WeasyPrint alone on the same finished HTML (goal < 1.5x), reading + assessing time,
and the peak memory (RSS of the parent plus all its worker processes, sampled every 50 ms)
for a small and a large list (goal: flat). Then the whole `smaudit batch --no-pdf` (read, match,
assess, JSON, overview.xlsx, batch-report.csv, client register) for --sizes clients (500,
5,000 and 20,000), with peak memory (goal: 5,000 rows under 20 s, 20,000 rows within a few MiB
of 5,000). Other processes on the machine skew the timings; rerun on a quiet machine for clean
figures. Asserts nothing (no timed tests).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def write_list(path: Path, count: int, seed: int = 1) -> None:
    from audit.batch.sample import random_rows
    from audit.load import load_questionnaire

    rows = random_rows(load_questionnaire(), count, "nl", seed)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class PeakRSS:
    """Peak of (parent + every descendant process) RSS while the block runs."""

    def __enter__(self) -> PeakRSS:
        self.peak, self.workers_peak, self.parent, self.child = 0, 0, 0, 0
        self.cpu: dict[int, float] = {}  # last CPU seconds seen per process
        self._cpu_start = _cpu_seconds(os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            pids = _descendants(me)
            sizes = {p: _rss_kib(p) for p in pids}
            self.peak = max(self.peak, sum(sizes.values()))
            self.parent = max(self.parent, sizes.get(me, 0))
            self.child = max([self.child, *(v for p, v in sizes.items() if p != me)])
            self.workers_peak = max(self.workers_peak, len(pids) - 1)
            for pid in pids:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        me = os.getpid()
        self.cpu[me] = _cpu_seconds(me)

    @property
    def cpu_seconds(self) -> float:
        """CPU used by the block (this process and its workers): unlike wall time, hardly
        affected by other work on a shared machine (workers' last 50 ms may be missed)."""
        return sum(self.cpu.values()) - self._cpu_start


def run(src: Path, out: Path, workers: int):
    from audit.batch.pipeline import run_batch

    return run_batch(src, out, brand_path=None, lang="nl", workers=workers, force=True, progress=False).run


def _hwm_kib() -> int:
    """This process's own peak RSS (VmHWM): exact, unlike sampling."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def measure_one(src: str, out: str, register: str, workers: int) -> None:
    """One `smaudit batch --no-pdf` run in this (fresh) process; prints its figures as JSON."""
    import json

    from audit.batch.pipeline import run_batch
    from audit.register.options import open_register

    opener = (lambda: open_register(None, Path(register), fast=True)) if register else None
    before = _hwm_kib()
    start = time.perf_counter()
    outcome = run_batch(Path(src), Path(out), brand_path=None, lang="nl", workers=workers, force=True,
                        pdf=False, progress=False, register=opener)
    print(json.dumps({"seconds": time.perf_counter() - start, "ok": outcome.ok_count, "kept": outcome.kept,
                      "hwm_kib": _hwm_kib(), "start_kib": before}))


def no_pdf_runs(sizes: list[int], workers: int, tmp: Path, repeats: int = 3,
                registers: tuple[bool, ...] = (True, False)) -> None:
    """`smaudit batch --no-pdf` end to end (read, match, assess, JSON, overview.xlsx, report and,
    by default, the client register) for each list size, with the register on (the default)
    and off, each run in a fresh process: median wall and CPU seconds of `repeats` runs; the
    median peak RSS of the batch's own process (VmHWM, exact) and of it with its workers
    (sampled). Flat memory: the peaks hardly grow with the list."""
    import json
    import subprocess

    for count in sizes:
        write_list(tmp / f"rows{count}.csv", count, seed=7)
    for register in registers:
        own_by_size: dict[int, float] = {}
        for count in sizes:
            walls, cpus, peaks, own, results = [], [], [], [], []
            for i in range(repeats):
                data = tmp / f"register-{count}-{i}" if register else ""  # fresh: every client is new
                with PeakRSS() as peak:
                    command = [sys.executable, __file__, "--measure-one", str(tmp / f"rows{count}.csv"),
                               str(tmp / f"nopdf{count}"), str(data), str(workers)]
                    done = subprocess.run(command, capture_output=True, text=True, check=True)
                result = json.loads(done.stdout.strip().splitlines()[-1])
                walls.append(result["seconds"])
                cpus.append(peak.cpu_seconds)
                peaks.append(peak.peak)
                own.append(result["hwm_kib"])
                results.append(result)
            own_by_size[count] = statistics.median(own) / 1024
            print(f"--no-pdf {count:6} rows, register {'on ' if register else 'off'}: "
                  f"{statistics.median(walls):6.1f} s wall, {statistics.median(cpus):6.1f} s CPU (median of "
                  f"{repeats}), {results[-1]['ok']} ok, {results[-1]['kept']} kept; peak RSS (median): batch "
                  f"process {own_by_size[count]:.0f} MiB (at start {results[-1]['start_kib'] / 1024:.0f}), "
                  f"with its workers {statistics.median(peaks) / 1024:.0f} MiB")
            sys.stdout.flush()
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            print(f"  register {'on' if register else 'off'}: peak of the batch process grows "
                  f"{own_by_size[large] - own_by_size[small]:.1f} MiB from {small} to {large} rows "
                  f"({(own_by_size[large] - own_by_size[small]) * 1024 * 1024 / (large - small):.0f} bytes "
                  f"per row)")
    print("(goal: 5,000 rows < 20 s with the register on; 20,000 rows within a few MiB of 5,000)")


def weasyprint_alone(src: Path, count: int) -> float:
    """Median seconds of WeasyPrint on finished report HTML, stylesheets parsed beforehand."""
    from weasyprint import HTML

    from audit.assess import assess
    from audit.batch.matching import parse_rows
    from audit.batch.readers import read_table
    from audit.brand import load_brand
    from audit.load import load_questionnaire
    from audit.render import TEMPLATES_DIR
    from audit.render.fetcher import safe_fetcher
    from audit.render.html import render_report_html
    from audit.render.pdf import PDF_OPTIONS, _font_config, _image_cache, stylesheets

    q = load_questionnaire()
    brand = load_brand(None)
    rows = [r for r in parse_rows(read_table(src), q, "nl").rows if r.ok][:count]
    htmls = [render_report_html(assess(q, r.answers, "nl"), brand) for r in rows]
    sheets = stylesheets(brand, "nl")
    fetcher = safe_fetcher([brand.root, TEMPLATES_DIR])
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, html in enumerate(htmls):
            start = time.perf_counter()
            HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
                Path(tmp) / f"{i}.pdf", stylesheets=sheets, font_config=_font_config(), cache=_image_cache(),
                **PDF_OPTIONS)
            times.append(time.perf_counter() - start)
    return statistics.median(times[1:] or times)


def accuracy(seeds: int, first_seed: int, count: int) -> None:
    """Generated exports of every tool on seeds the tests never use: answers read right,
    reported, and silently wrong (goal: >= 97% right over all formats, 0 silently wrong).
    LimeSurvey's export by codes is read through its structure file (--structure survey.lss),
    as a consultant who has the survey does; without it the file is refused (counted apart)."""
    from audit.batch.matching import parse_rows
    from audit.batch.readers import read_table
    from audit.batch.simulate import TOOLS, Score, make_export, score
    from audit.batch.structure import apply_structure, read_structure
    from audit.errors import InputError
    from audit.load import load_questionnaire

    q = load_questionnaire()
    overall = Score()
    with tempfile.TemporaryDirectory() as tmp:
        for tool in TOOLS:
            total, refused = Score(), 0
            for seed in range(first_seed, first_seed + seeds):
                export = make_export(q, tool, seed, count=count)
                path = Path(tmp) / export.filename
                path.write_bytes(export.data)
                table = read_table(path)
                if export.structure:
                    (Path(tmp) / "survey.lss").write_bytes(export.structure)
                    try:
                        parse_rows(table, q, export.lang)
                    except InputError:  # without the structure file: refused, with how to read it
                        refused += 1
                    table = apply_structure(table, read_structure(Path(tmp) / "survey.lss"), export.lang)
                result = score(export, parse_rows(table, q, export.lang))
                total.add(result)
            overall.add(total)
            extra = (f"; read through its structure file (--structure); without it {refused} of {seeds} "
                     "files are refused with how to read them" if refused else "")
            print(f"  {tool:17} {total.answers:6} answers: {total.share_right:7.2%} right, "
                  f"{total.reported:5} reported, {total.silent} silently wrong; company names "
                  f"{total.names_right}/{total.rows}, dates {total.dates_right}/{total.rows}{extra}")
            for line in total.wrong[:5]:
                print(f"      silently wrong: {line}")
    print(f"all formats: {overall.answers} answers, {overall.share_right:.2%} right, {overall.reported} "
          f"reported, {overall.silent} silently wrong (goal: >= 97% right, 0 silently wrong)")


def timings(args: argparse.Namespace, part: Path, tmp: Path) -> None:
    alone = weasyprint_alone(part, args.serial)
    serial = run(part, tmp / "serial", 1)
    per_report = statistics.median(r.seconds for r in serial.results())
    print(f"serial: median {per_report:.3f} s per report (HTML + PDF + JSON); "
          f"{serial.seconds:.2f} s for {args.serial} clients incl. overview")
    print(f"WeasyPrint alone on the same HTML: median {alone:.3f} s -> "
          f"per-report cost {per_report / alone:.2f}x (goal < 1.5x)")
    parallel = run(part, tmp / "parallel", args.workers)
    print(f"parallel ({args.workers} workers): {parallel.seconds:.2f} s for {args.serial} clients -> "
          f"speed-up {serial.seconds / parallel.seconds:.2f}x (goal >= 1.7x; includes pool start-up)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--serial", type=int, default=16, help="clients for the serial/parallel comparison")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-only", action="store_true", help="only the small/large memory runs")
    parser.add_argument("--sizes", default="500,5000,20000",
                        help="list sizes for the --no-pdf runs, comma-separated ('' or 0: skip)")
    parser.add_argument("--register", choices=["on", "off", "both"], default="both",
                        help="the --no-pdf runs with the client register on, off or both")
    parser.add_argument("--no-pdf-only", action="store_true", help="only the --no-pdf runs")
    parser.add_argument("--repeats", type=int, default=3, help="runs per --no-pdf figure (median)")
    parser.add_argument("--accuracy-seeds", type=int, default=10,
                        help="generated exports per survey tool for the accuracy figures (0: skip)")
    parser.add_argument("--first-seed", type=int, default=None,
                        help="first seed of those exports (default: from the clock, so unseen)")
    parser.add_argument("--measure-one", nargs=4, metavar=("SRC", "OUT", "REGISTER", "WORKERS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_one:
        src, out, register, workers = args.measure_one
        measure_one(src, out, register, int(workers))
        return
    print(f"cores: {os.cpu_count()} (shared with other work: timings are indicative)")
    if args.accuracy_seeds:
        first = args.first_seed if args.first_seed is not None else int(time.time()) % 10**6 + 1000
        print(f"reading survey-tool exports: {args.accuracy_seeds} generated files per tool, "
              f"12 clients each, seeds from {first} (the tests use 0-2)")
        accuracy(args.accuracy_seeds, first, 12)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sizes = [int(n) for n in args.sizes.split(",") if n.strip() and int(n)]
        if sizes:
            registers = {"on": (True,), "off": (False,), "both": (True, False)}[args.register]
            no_pdf_runs(sizes, args.workers, tmp, args.repeats, registers)
        if args.no_pdf_only:
            return
        big, small, part = tmp / "big.csv", tmp / "small.csv", tmp / "part.csv"
        write_list(big, args.clients)
        write_list(small, args.small)
        write_list(part, args.serial)

        from audit.batch.matching import parse_rows
        from audit.batch.readers import read_table
        from audit.load import load_questionnaire

        start = time.perf_counter()
        q = load_questionnaire()
        parsed = parse_rows(read_table(big), q, "nl")
        from audit.assess import assess

        for row in parsed.rows:
            assess(q, row.answers, "nl")
        print(f"read + match + assess {args.clients} clients: {time.perf_counter() - start:.2f} s")

        if not args.memory_only:
            timings(args, part, tmp)
        for label, src in ((f"{args.small} clients", small), (f"{args.clients} clients", big)):
            with PeakRSS() as peak:
                result = run(src, tmp / label.replace(" ", "-"), args.workers)
            rate = result.written / result.seconds
            print(f"{label}: {result.seconds:.1f} s ({rate:.1f} reports/s, {result.failed} failed); "
                  f"peak RSS parent + {peak.workers_peak} child processes: {peak.peak / 1024:.0f} MiB "
                  f"(parent {peak.parent / 1024:.0f} MiB, largest child {peak.child / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
