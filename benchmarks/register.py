"""Client register benchmark: a generated register of 10,000 assessments, and what the register
costs next to rendering one report.

    python benchmarks/register.py [--assessments 10000] [--runs 7] [--db URL] [--keep DIR]

Generates companies (10 sectors x 5 size classes, 1 to 4 assessments each, answers varied at
random from the example answers and assessed for real), keeps them in a fresh SQLite store
(or the PostgreSQL database `--db`), then prints medians of:

- rendering one report (assess + HTML + PDF), the unit of every ratio;
- the register's part of `smaudit report`: find the client, the peer benchmark, keep the
  assessment; goal < 5% of a report;
- listing all clients (`smaudit clients`);
- a progress report: the client's previous assessment from the register + the comparison, and
  the whole `compare` PDF;
- a benchmark query (one sector and size class) and all groups (`smaudit benchmark`);
- the store's size on disk, in all and per assessment;
- `import sqlalchemy` in a fresh interpreter: what a report would pay without the sqlite3 fast
  path (audit/register/lite.py), which it takes on an existing SQLite register.
Asserts nothing (no timed tests).
"""

from __future__ import annotations

import argparse
import copy
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTORS = ["Bakkerij", "Bouw en installatie", "Communicatiebureau", "Horeca", "Juridisch advies",
           "Kinderopvang", "Machinebouw", "Retail mode", "Zorg en welzijn", "IT-dienstverlening"]
SIZES = ["1", "5 medewerkers", "25 medewerkers", "120 mensen", "400 medewerkers"]


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def varied_answers(q, base: dict, rng: random.Random) -> dict:
    """The example answers with a third of the questions answered differently, at random."""
    data = copy.deepcopy(base)
    for question in q.questions:
        if rng.random() > 0.33 or question.type == "text":
            continue
        if question.type == "single":
            data["answers"][question.id] = rng.choice(question.options).value
        elif question.type == "multi":
            plain = [o.value for o in question.options if not o.exclusive]
            data["answers"][question.id] = rng.sample(plain, rng.randint(1, min(3, len(plain))))
        elif question.type == "yesno":
            data["answers"][question.id] = rng.choice(["yes", "no"])
        elif question.type == "scale":
            data["answers"][question.id] = rng.randint(1, 5)
        elif question.type == "number":
            data["answers"][question.id] = rng.randint(int(question.min or 0), 12)
    return data


def generate(register, q, count: int, rng: random.Random) -> list[str]:
    """`count` assessments from a pool of 200 assessed answer sets (assessing 10,000 for real
    would take minutes and measure the assessment, not the register)."""
    from audit.answers import to_mapping
    from audit.assess import assess
    from audit.load import parse_answers, read_data

    bases = [read_data(p) for p in sorted((ROOT / "examples" / "answers").glob("*.yaml"))]
    pool = []
    for i in range(200):
        data = varied_answers(q, bases[i % len(bases)], rng)
        answers = parse_answers(q, data, f"generated {i}", require_complete=False)
        pool.append((assess(q, answers, "nl"), to_mapping(answers, q)))
    clients, made = [], 0
    batch: list = []
    while made < count:
        name = f"Bedrijf {len(clients) + 1:05d}"
        sector, size = rng.choice(SECTORS), rng.choice(SIZES)
        clients.append(name)
        for visit in range(min(rng.randint(1, 4), count - made)):
            assessment, mapping = rng.choice(pool)
            a = copy.copy(assessment)
            a.company = {**assessment.company, "name": name, "sector": sector, "size": size,
                         "date": f"{2023 + visit}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
            batch.append((a, {**mapping, "company": a.company}, "batch", None))
            made += 1
        if len(batch) >= 500:
            register.keep_many(batch)
            batch = []
    if batch:
        register.keep_many(batch)
    return clients


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assessments", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="PostgreSQL URL (default: a fresh SQLite file)")
    parser.add_argument("--keep", type=Path, help="Keep the data folder here instead of a temp dir")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    rng = random.Random(15)

    from audit import catalog
    from audit.assess import assess
    from audit.benchmark import peer_benchmark, size_class
    from audit.brand import load_brand
    from audit.load import load_answers
    from audit.progress import compare
    from audit.register.hooks import add_benchmark, client_of
    from audit.register.options import open_register
    from audit.render.html import context, environment
    from audit.render.pdf import render_report_pdf, write_pdf

    tmp = Path(tempfile.mkdtemp(prefix="smaudit-register-bench-"))
    data_dir = args.keep or tmp / "data"
    register = open_register(args.db, data_dir)
    q, _ = catalog.load(None)
    start = time.perf_counter()
    clients = generate(register, q, args.assessments, rng)
    print(f"generated {args.assessments} assessments of {len(clients)} companies in "
          f"{time.perf_counter() - start:.1f} s")

    brand = load_brand(ROOT / "examples" / "brands" / "koers-digitaal")
    answers = load_answers(ROOT / "examples" / "answers" / "studio-noord.yaml", q)
    out = tmp / "report.pdf"

    def one_report():
        render_report_pdf(assess(q, answers, "nl"), brand, out)

    one_report()  # warm caches (fonts, stylesheets) as the second report of a session would be
    t_report = median_time(one_report, runs)

    # the register's part of `smaudit report`, on a company with peers and an earlier audit
    subject = clients[len(clients) // 2]
    history = register.history(register.find_client(subject))
    current = register.assessment(history[-1].id)
    latest_answers = {"company": current.company, "answers": {}}

    fast = open_register(args.db, data_dir, fast=True)  # what `smaudit report` opens

    def register_part():
        a = copy.copy(current)
        cid = client_of(fast, a, None)
        add_benchmark(fast, a, cid)
        fast.keep(a, latest_answers, "report", cid)

    t_register = median_time(register_part, runs)
    t_list = median_time(register.clients, runs)

    def progress_data():
        cid = fast.find_client(subject)
        previous = fast.previous(cid, before=current.company["date"])
        return compare(previous or current, current, q)

    t_progress = median_time(progress_data, runs)
    current.progress = progress_data()
    progress_pdf = tmp / "progress.pdf"

    def progress_pdf_render():
        html = environment().get_template("progress.html.j2").render(**context(current, brand))
        write_pdf(html, brand, progress_pdf, lang="nl")

    t_progress_pdf = median_time(progress_pdf_render, runs)
    dims = [(d.id, d.name("nl")) for d in q.dimensions]
    sector, size = current.company["sector"], current.company["size"]

    def one_group():
        return peer_benchmark(register.peers(q.id, sector, size), dims, sector, size_class(size))

    t_bench = median_time(one_group, runs)

    def all_groups():
        every = register.all_peers(q.id)
        return [peer_benchmark(every.get((g["sector_key"], g["size_class"]), []), dims, g["sector"],
                               g["size_class"]) for g in register.groups(q.id)]

    t_bench_all = median_time(all_groups, runs)
    size_bytes = register.size_bytes()
    imports = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sqlalchemy"],
                                capture_output=True, text=True, check=True)
        last = [line for line in result.stderr.splitlines() if line.rstrip().endswith("| sqlalchemy")]
        imports.append(int(last[-1].split("|")[1]) / 1e6)
    t_import = statistics.median(imports)

    n = len(register.clients())
    print(f"register: {n} clients; peers of the subject's group: {one_group()['n']}")
    print(f"one report (assess + HTML + PDF), median of {runs}:  {t_report * 1000:8.1f} ms  (1.00)")
    print(f"register part of a report (client, benchmark, keep): {t_register * 1000:8.1f} ms  "
          f"({t_register / t_report:.3f}; goal < 0.05)")
    print(f"  (import sqlalchemy, {t_import * 1000:.0f} ms = {t_import / t_report:.3f}, is not paid by a "
          f"report on an existing SQLite register: {type(fast).__name__})")
    print(f"listing all clients:                                {t_list * 1000:8.1f} ms  "
          f"({t_list / t_report:.3f})")
    print(f"progress: previous from register + comparison:      {t_progress * 1000:8.1f} ms  "
          f"({t_progress / t_report:.3f})")
    print(f"progress report PDF (compare):                      {t_progress_pdf * 1000:8.1f} ms  "
          f"({t_progress_pdf / t_report:.3f})")
    print(f"benchmark query, one sector and size class:         {t_bench * 1000:8.1f} ms  "
          f"({t_bench / t_report:.3f})")
    print(f"benchmark, all groups (smaudit benchmark):          {t_bench_all * 1000:8.1f} ms  "
          f"({t_bench_all / t_report:.3f})")
    if size_bytes is not None:
        print(f"store size: {size_bytes / 1e6:.1f} MB, {size_bytes / args.assessments / 1024:.1f} KB "
              f"per assessment (answers + Assessment JSON, zlib)")


if __name__ == "__main__":
    main()
