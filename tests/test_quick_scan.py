"""The quick scan sits beside the full audit: found by its id, three levels from its data, and
every front end (report, questions, template, interview summary, render) takes it as it is."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from audit import catalog
from tests.cli_runner import run_smaudit as smaudit

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "quick-scan" / "bloemenatelier-lies.yaml"


@pytest.fixture(autouse=True)
def builtin_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SMAUDIT_QUESTIONNAIRES", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def test_both_questionnaires_are_installed_side_by_side():
    ids = {(e.id, e.version) for e in catalog.entries()}
    assert {("social-media-audit", "1.0"), ("quick-scan", "1.0")} <= ids
    q, _ = catalog.load("quick-scan")
    assert len(q.questions) == 10 and len(q.levels) == 3


def test_report_finds_the_quick_scan_from_the_answers_file(tmp_path, capsys):
    out = tmp_path / "a.json"
    code, _, err = smaudit(["report", EXAMPLE, "--json", out], capsys)
    assert code == 0, err
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["questionnaire"]["id"] == "quick-scan"
    assert [lv["number"] for lv in saved["levels"]] == [1, 2, 3]
    assert 1 <= saved["level"]["number"] <= 3
    assert {d["id"] for d in saved["dimensions"]} == {"direction", "people", "results"}
    # the full audit's questions are not asked of a quick-scan client
    assert not any(c["question"] == "business_goal" for d in saved["dimensions"] for c in d["contributions"])


def test_questions_and_template_follow_the_chosen_questionnaire(tmp_path, capsys):
    code, out, err = smaudit(["questions", "--questionnaire", "quick-scan", "--lang", "en"], capsys)
    assert code == 0, err
    assert "Social media quick scan (quick-scan 1.0)" in out
    assert sum(1 for line in out.splitlines() if line[:4].strip().rstrip(".").isdigit()) == 10
    target = tmp_path / "clients.csv"
    code, _, err = smaudit(["template", "--questionnaire", "quick-scan", "-o", target], capsys)
    assert code == 0, err
    text = target.read_text(encoding="utf-8-sig")
    header = next(csv.reader(text.splitlines(), delimiter=";" if ";" in text.splitlines()[0] else ","))
    q, _ = catalog.load("quick-scan")
    assert [h for h in header if not h.startswith("company.")] == [x.id for x in q.questions] + [
        "questionnaire_version"]  # the version the list is made with, named in row 2


def test_interview_summary_counts_three_levels():
    from io import StringIO

    from rich.console import Console

    from audit.assess import assess
    from audit.interview.summary import print_summary
    from audit.load import load_answers

    q, _ = catalog.load("quick-scan")
    result = assess(q, load_answers(EXAMPLE, q), "en")
    console = Console(file=StringIO(), width=100)
    print_summary(result, console)
    assert f"Level {result.level['number']} of 3: {result.level['name']}" in console.file.getvalue()


@pytest.mark.pdf
def test_pdf_shows_three_levels_in_both_languages(tmp_path, capsys):
    from pypdf import PdfReader

    q, _ = catalog.load("quick-scan")
    saved = tmp_path / "a.json"
    smaudit(["report", EXAMPLE, "--json", saved, "-o", tmp_path / "nl.pdf"], capsys)
    code, _, err = smaudit(["render", saved, "--lang", "en", "-o", tmp_path / "en.pdf"], capsys)
    assert code == 0, err
    for lang, of in (("nl", "van 3"), ("en", "of 3")):
        pages = PdfReader(tmp_path / f"{lang}.pdf").pages
        text = " ".join(" ".join(page.extract_text() for page in pages[:4]).split()).lower()
        assert of in text
        assert all(lv.name(lang).lower() in text for lv in q.levels)
        assert "five levels" not in text and "vijf niveaus" not in text


def test_batch_runs_a_client_list_of_the_quick_scan(tmp_path, capsys):
    """The batch reads a quick-scan client list (made by `template`) and assesses with it."""
    src = tmp_path / "clients.csv"
    smaudit(["template", "--questionnaire", "quick-scan", "--lang", "en", "-o", src], capsys)
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    delimiter = csv.Sniffer().sniff(lines[0], delimiters=",;").delimiter
    ids = next(csv.reader(lines[:1], delimiter=delimiter))
    row = {"company.name": "Bloom & Co", "goal": "written", "audience": "4", "platforms": "2",
           "owner": "small_team", "hours": "6", "guidelines": "yes", "negative": "agreed",
           "content": "mix", "measure": "goals_reviewed"}
    src.write_text(delimiter.join(ids) + "\r\n" + delimiter.join(row.get(i, "") for i in ids) + "\r\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = smaudit(["batch", src, "--questionnaire", "quick-scan", "--lang", "en", "--no-pdf",
                            "-w", "1", "-o", out], capsys)
    assert code == 0, err
    saved = json.loads((out / "bloom-co.json").read_text(encoding="utf-8"))
    assert saved["questionnaire"]["id"] == "quick-scan"
    assert saved["level"]["number"] == 3 and len(saved["levels"]) == 3
    assert (out / "overview.xlsx").is_file()


def test_web_app_serves_the_quick_scan(tmp_path):
    """`smaudit serve --questionnaire quick-scan`: its pages, its ten questions, its three levels."""
    from audit.web import create_app
    from tests.test_web import csrf
    from tests.test_web_questionnaires import answer_every_page

    q, _ = catalog.load("quick-scan")
    app = create_app(tmp_path / "data", None, catalog.locate("quick-scan")[0],
                     config={"TESTING": True}, public_url="https://audit.example.nl")
    client = app.test_client()
    page = client.get("/start/en")
    response = client.post("/start/en", data={"csrf_token": csrf(page.data), "name": "Bloom & Co"})
    token = response.headers["Location"].split("/")[2]
    result = answer_every_page(client, q, token)
    assert " of 3, " in result
