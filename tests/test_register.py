"""The client register on the web app's store, on SQLite and on PostgreSQL: kept under a stable
client id, listed, exported and deleted with everything about the client; peers for benchmarks."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest

from audit.assess import assess
from audit.load import load_answers, load_questionnaire
from audit.register.options import open_register

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "answers"
FIXTURES = ROOT / "tests" / "fixtures"
SMAUDIT = ROOT / ".venv" / "bin" / "smaudit"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire()


@pytest.fixture(scope="module")
def studio(q):
    return assess(q, load_answers(EXAMPLES / "studio-noord.yaml", q), "nl")


@pytest.fixture
def register(database, tmp_path):
    return open_register(database, tmp_path / "data")


def variant(assessment, **company):
    a = copy.deepcopy(assessment)
    a.company = {**a.company, **company}
    return a


def test_the_same_company_under_another_spelling_is_one_client(register, studio):
    first = register.keep(studio, {"answers": {"x": 1}}, "report")
    second = register.keep(variant(studio, name="studio noord B.V.", date="2027-05-01"),
                           {"answers": {"x": 2}}, "interview")
    assert first.client_id == second.client_id == "studio-noord"
    [client] = register.clients()
    assert client.assessments == 2 and client.last_assessed == "2027-05-01"
    assert [k.source for k in register.history("studio-noord")] == ["report", "interview"]


def test_a_report_run_twice_on_the_same_answers_is_kept_once(register, studio):
    one = register.keep(studio, {"answers": {"a": 1}}, "report")
    two = register.keep(studio, {"answers": {"a": 1}}, "report")
    assert one.id == two.id and register.clients()[0].assessments == 1
    three = register.keep(studio, {"answers": {"a": 2}}, "report")  # answers changed: a new entry
    assert three.id != one.id


def test_an_explicit_client_id_ties_a_differently_named_company(register, studio):
    register.keep(studio, {"answers": {}}, "report")
    renamed = register.keep(variant(studio, name="Noord Ontwerp & Communicatie"), {"answers": {}}, "web",
                            client_id="studio-noord")
    assert renamed.client_id == "studio-noord"
    assert [c.id for c in register.clients()] == ["studio-noord"]
    with pytest.raises(ValueError, match="client id"):
        register.keep(studio, {}, "report", client_id="Not An Id!")


def test_previous_is_the_latest_before_a_date_and_round_trips(register, studio):
    register.keep(variant(studio, date="2025-01-10"), {"answers": {"v": 1}}, "import")
    register.keep(variant(studio, date="2026-05-12"), {"answers": {"v": 2}}, "report")
    register.keep(variant(studio, date="2026-11-17"), {"answers": {"v": 3}}, "report")
    previous = register.previous("studio-noord", before="2026-11-17")
    assert previous.company["date"] == "2026-05-12"
    assert previous.overall_score == studio.overall_score
    assert [d.score for d in previous.dimensions] == [d.score for d in studio.dimensions]
    assert register.previous("studio-noord", before="2025-01-10") is None


def test_export_holds_answers_and_assessments_and_delete_removes_everything(register, studio, database,
                                                                             tmp_path):
    from audit.store.submissions import database_url, open_store

    register.keep(studio, {"answers": {"goal": "groei"}}, "report")
    register.keep(variant(studio, name="Bakkerij Bol"), {"answers": {}}, "report")
    store = open_store(database_url(database, tmp_path / "data"))
    web = store.create({"name": "Studio Noord"}, "nl", "social-media-audit", "1.0", client_id="studio-noord")
    data = register.export("studio-noord")
    assert data["client"]["name"] == "Studio Noord"
    assert data["assessments"][0]["answers"] == {"answers": {"goal": "groei"}}
    assert data["assessments"][0]["assessment"]["overall_score"] == studio.overall_score
    assert len(data["web_submissions"]) == 1
    removed = register.delete("studio-noord")
    assert removed == {"clients": 1, "assessments": 1, "web_submissions": 1, "cached_reports": 0}
    assert register.export("studio-noord") is None
    assert store.by_key(web.key) is None
    assert [c.id for c in register.clients()] == ["bakkerij-bol"]  # the other client is untouched


def test_peers_count_each_company_once_and_never_the_company_itself(register, studio):
    for i in range(6):
        name = f"Ontwerpbureau {i}"
        register.keep(variant(studio, name=name, date="2025-01-01"), {"answers": {"old": i}}, "batch")
        register.keep(variant(studio, name=name, date="2026-01-01"), {"answers": {"new": i}}, "batch")
    register.keep(variant(studio, size="400 medewerkers", name="Groot Bureau"), {}, "batch")
    register.keep(variant(studio, sector="Bakkerij", name="Bakker"), {}, "batch")
    register.keep(studio, {}, "report")
    peers = register.peers("social-media-audit", studio.company["sector"], "12 medewerkers",
                           exclude_client="studio-noord")
    assert len(peers) == 6  # six companies of 10-49 people in this sector, latest audit each
    assert register.peers("quick-scan", studio.company["sector"], "12") == []
    groups = {(g["sector_key"], g["size_class"]): g["companies"]
              for g in register.groups("social-media-audit")}
    assert groups[("communicatie en ontwerpbureau", "10-49")] == 7


@pytest.fixture
def cli_env(tmp_path):
    import os

    return {**os.environ, "SMAUDIT_DATA": str(tmp_path / "data")}


def smaudit(env, *args, ok=True):
    result = subprocess.run([SMAUDIT, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def test_cli_import_list_report_previous_last_export_delete(tmp_path, cli_env):
    smaudit(cli_env, "clients", "import", EXAMPLES, ROOT / "examples" / "progress")
    listing = smaudit(cli_env, "clients", "--lang", "en").stdout
    assert "studio-noord" in listing and "3 clients, 4 assessments" in listing
    # the register finds the previous audit of Studio Noord by itself
    report = smaudit(cli_env, "report", EXAMPLES / "studio-noord.yaml", "--previous", "last",
                     "--json", tmp_path / "r.json", "--lang", "en")
    progress = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["progress"]
    assert progress["then"]["date"] == "2026-05-12"
    assert "kept in the client register as studio-noord" in report.stdout
    smaudit(cli_env, "clients", "export", "studio-noord", "-o", tmp_path / "sn.json")
    exported = json.loads((tmp_path / "sn.json").read_text(encoding="utf-8"))
    assert [a["assessed"] for a in exported["assessments"]] == ["2026-05-12", "2026-11-17"]
    smaudit(cli_env, "clients", "delete", "studio-noord", "--yes")
    assert "studio-noord" not in smaudit(cli_env, "clients").stdout
    gone = smaudit(cli_env, "clients", "--lang", "en", "export", "studio-noord", "-o", tmp_path / "x.json",
                   ok=False)
    assert gone.returncode == 2 and "no such client" in gone.stderr


def test_no_register_keeps_nothing_and_last_needs_an_earlier_audit(tmp_path, cli_env):
    smaudit(cli_env, "report", EXAMPLES / "studio-noord.yaml", "--no-register", "--json", tmp_path / "a.json")
    assert not (tmp_path / "data").exists()
    result = smaudit(cli_env, "report", EXAMPLES / "studio-noord.yaml", "--previous", "last",
                     "--json", tmp_path / "b.json", "--lang", "en", ok=False)
    assert result.returncode == 2
    assert "no assessment of 'Studio Noord' from before 2026-11-17" in result.stderr


def test_a_report_shows_the_peer_benchmark_only_from_five_companies(tmp_path, cli_env, q, studio):
    register = open_register(None, tmp_path / "data")
    scores = [30, 45, 50, 62, 70]
    for i, score in enumerate(scores[:4]):
        a = variant(studio, name=f"Bureau {i}")
        a.dimensions = copy.deepcopy(studio.dimensions)
        a.dimensions[0].score = score
        register.keep(a, {}, "batch")
    four = smaudit(cli_env, "report", EXAMPLES / "studio-noord.yaml", "--json", tmp_path / "4.json",
                   "-o", tmp_path / "4.pdf", "--lang", "en")
    assert json.loads((tmp_path / "4.json").read_text(encoding="utf-8"))["benchmark"] is None
    assert "4 comparable companies in the register (5 needed)" in four.stderr
    a = variant(studio, name="Bureau 4")
    a.dimensions = copy.deepcopy(studio.dimensions)
    a.dimensions[0].score = scores[4]
    register.keep(a, {}, "batch")
    smaudit(cli_env, "report", EXAMPLES / "studio-noord.yaml", "--json", tmp_path / "5.json",
            "-o", tmp_path / "5.pdf")
    bench = json.loads((tmp_path / "5.json").read_text(encoding="utf-8"))["benchmark"]
    assert bench["n"] == 5 and bench["dimensions"][0]["median"] == 50
    text = subprocess.run(["pdftotext", tmp_path / "5.pdf", "-"], capture_output=True, text=True).stdout
    assert "Vergeleken met vergelijkbare bedrijven" in text and "Bureau" not in text
    assert "Vergeleken met vergelijkbare bedrijven" not in subprocess.run(
        ["pdftotext", tmp_path / "4.pdf", "-"], capture_output=True, text=True).stdout
    printed = smaudit(cli_env, "benchmark", "-o", tmp_path / "b.csv").stdout
    assert "n = 6" in printed  # Studio Noord itself now counts for the others
    csv_text = (tmp_path / "b.csv").read_text(encoding="utf-8")
    assert "Bureau" not in csv_text and "Studio Noord" not in csv_text and "strategy" in csv_text


def test_a_completed_web_submission_is_kept_once_and_follows_edits(database, tmp_path, mini):
    from audit.register.store import Register
    from audit.store.submissions import database_url, open_store
    from audit.web.report import save

    q = mini
    store = open_store(database_url(database, tmp_path / "data"))
    register = Register(store.engine)
    sub = store.create({"name": "Studio Noord", "sector": "Ontwerp", "size": "10-49"}, "nl", q.id, q.version)
    sub.answers = dict(load_answers(FIXTURES / "team" / "mini-directeur.yaml", q).values)
    save(store, sub, q)
    assert register.clients() == []  # not finished yet: nothing kept
    sub.completed = True
    save(store, sub, q)
    first = register.history("studio-noord")
    assert [k.source for k in first] == ["web"]
    sub.answers["plan"] = "none"  # the company corrects an answer afterwards
    save(store, sub, q)
    again = register.history("studio-noord")
    assert len(again) == 1 and again[0].id == first[0].id
    assert again[0].scores["strategy"] < first[0].scores["strategy"]
    assert store.by_key(sub.key).client_id == "studio-noord"
    register.delete("studio-noord")  # the client's request covers the web submission too
    assert store.by_key(sub.key) is None


def test_a_batch_keeps_every_report_it_writes(tmp_path, cli_env):
    batch = ("batch", FIXTURES / "clients-mini.csv", "--questionnaire", FIXTURES / "mini.yaml", "--no-pdf",
             "-o", tmp_path / "out")
    result = smaudit(cli_env, *batch, ok=False)
    assert result.returncode == 1, result.stderr  # the list holds one bad row on purpose
    written = len([p for p in (tmp_path / "out").glob("*.json") if not p.name.startswith(".")])
    listing = smaudit(cli_env, "clients", "--lang", "en").stdout
    assert f"{written} assessments" in listing.splitlines()[-1]
    # a second run finds every report up to date: nothing is kept twice
    smaudit(cli_env, *batch, ok=False)
    assert smaudit(cli_env, "clients", "--lang", "en").stdout.splitlines()[-1] == listing.splitlines()[-1]


def test_an_interview_keeps_its_assessment(tmp_path, q, monkeypatch):
    from types import SimpleNamespace

    from rich.console import Console

    from audit.commands.interview import _keep

    monkeypatch.setenv("SMAUDIT_DATA", str(tmp_path / "data"))
    answers = load_answers(EXAMPLES / "bakkerij-de-korenschoof.yaml", q)
    _keep(SimpleNamespace(answers=answers, q=q), assess(q, answers, "nl"), Console(file=None))
    [client] = open_register(None, tmp_path / "data").clients()
    assert client.id == "bakkerij-de-korenschoof" and client.assessments == 1
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    _keep(SimpleNamespace(answers=answers, q=q), assess(q, answers, "en"), Console(file=None))
    assert open_register(None, tmp_path / "data").clients()[0].assessments == 1


def test_web_retention_also_removes_the_register_copy(database, tmp_path, mini):
    from audit.register.store import Register
    from audit.store.submissions import database_url, open_store
    from audit.web.report import save

    q = mini
    store = open_store(database_url(database, tmp_path / "data"))
    register = Register(store.engine)
    sub = store.create({"name": "Studio Noord", "sector": "Ontwerp", "size": "10-49"}, "nl", q.id, q.version)
    sub.answers = dict(load_answers(FIXTURES / "team" / "mini-directeur.yaml", q).values)
    sub.completed = True
    save(store, sub, q)
    assert [c.id for c in register.clients()] == ["studio-noord"]
    other_answers = load_answers(FIXTURES / "team" / "mini-marketing.yaml", q)
    other_answers.company.name = "Van Dijk Machinebouw"
    other = register.keep(assess(q, other_answers, "nl"), {}, "report")
    assert store.purge("9999-01-01") == 1
    assert [c.id for c in register.clients()] == [other.client_id]  # the consultant's own report stays


def test_the_sqlite3_fast_path_and_sqlalchemy_read_and_write_the_same_register(tmp_path, studio):
    from audit.register.lite import LiteRegister

    assert LiteRegister.open(tmp_path / "data") is None  # no store yet: SQLAlchemy creates it
    full = open_register(None, tmp_path / "data")
    full.keep(variant(studio, name="Ontwerpbureau A", date="2025-02-01"), {"answers": {"a": 1}}, "batch")
    lite = open_register(None, tmp_path / "data", fast=True)
    assert isinstance(lite, LiteRegister)
    kept = lite.keep(variant(studio, name="ontwerpbureau a b.v.", date="2026-02-01"), {"answers": {"a": 2}},
                     "report")
    again = lite.keep(variant(studio, name="ontwerpbureau a b.v.", date="2026-02-01"), {"answers": {"a": 2}},
                      "report")
    assert kept.client_id == "ontwerpbureau-a" and again.id == kept.id
    for i in range(3):
        lite.keep(variant(studio, name=f"Ontwerpbureau {i + 2}"), {"answers": {}}, "batch")
    assert full.history("ontwerpbureau-a") == lite.history("ontwerpbureau-a")
    args = ("social-media-audit", studio.company["sector"], studio.company["size"], "ontwerpbureau-2")
    assert sorted(map(str, full.peers(*args))) == sorted(map(str, lite.peers(*args)))
    assert len(lite.peers(*args)) == 3
    assert lite.previous("ontwerpbureau-a", before="2026-02-01").company["date"] == "2025-02-01"
    assert {c.id: c.assessments for c in full.clients()} == {
        "ontwerpbureau-a": 2, "ontwerpbureau-2": 1, "ontwerpbureau-3": 1, "ontwerpbureau-4": 1}


def test_a_report_on_an_existing_register_does_not_import_sqlalchemy(tmp_path):
    import os
    import sys

    env = {**os.environ, "SMAUDIT_DATA": str(tmp_path / "data")}
    smaudit(env, "report", EXAMPLES / "studio-noord.yaml", "--json", tmp_path / "first.json")
    probe = ("import sys\nfrom audit.cli import main\n"
             f"sys.argv = ['smaudit', 'report', {str(EXAMPLES / 'studio-noord.yaml')!r}, '--json', "
             f"{str(tmp_path / 'second.json')!r}, '--lang', 'en']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('sqlalchemy loaded' if 'sqlalchemy' in sys.modules else 'sqlalchemy not loaded')")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "kept in the client register as studio-noord" in result.stdout, result.stderr
    assert result.stdout.strip().endswith("sqlalchemy not loaded")
