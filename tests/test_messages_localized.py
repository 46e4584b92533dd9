"""The terminal's messages about questionnaire versions and the client register follow the
consultant's language like the rest (their words are data in languages/<code>/practice.yaml),
on the fixture questionnaire and a throwaway register."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.cli_runner import run_smaudit as run

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


@pytest.fixture()
def newer_only(tmp_path, monkeypatch):
    """Only version 3 of the mini questionnaire installed, with `remarks` retired."""
    folder = tmp_path / "mine"
    folder.mkdir()
    text = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "3"', 1)
    start = text.index("  - id: remarks\n")
    end = text.index("misconceptions:\n")
    text = text[:start] + "retired: [remarks]\n" + text[end:]
    (folder / "mini-3.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    monkeypatch.setenv("SMAUDIT_REGISTER", str(tmp_path / "register"))
    answers = tmp_path / "old.yaml"
    answers.write_text(json.dumps({"questionnaire": {"id": "mini", "version": "1"},
                                   "company": {"name": "Oud Bedrijf", "sector": "Bakkerij", "size": "4"},
                                   "answers": {"plan": "none", "people": 1, "remarks": "Vrijdag"}}),
                       encoding="utf-8")
    return answers


def test_report_says_version_and_retired_answer_in_dutch_and_english(newer_only, tmp_path, capsys):
    code, out, err = run(["report", newer_only, "--json", tmp_path / "nl.json"], capsys)
    assert code == 0, err
    assert "vragenlijst mini versie 1 is niet geïnstalleerd; versie 3 wordt gebruikt" in err
    assert "vraag remarks: geschrapt in mini 3; het antwoord 'Vrijdag' wordt niet gebruikt" in err
    assert "geen vergelijking met branchegenoten: 0 vergelijkbare bedrijven" in err
    assert "bewaard in het klantenregister als oud-bedrijf" in out
    assert "is not installed" not in err and "kept in" not in out

    code, out, err = run(["report", newer_only, "--json", tmp_path / "en.json", "--lang", "en"], capsys)
    assert code == 0, err
    assert "questionnaire mini version 1 is not installed; using version 3" in err
    assert "question remarks: retired in mini 3; the answer 'Vrijdag' is not used" in err
    assert "no peer benchmark: 1 comparable companies" not in err  # the client itself never counts
    assert "kept in the client register as oud-bedrijf" in out


def test_the_answers_files_language_chooses_the_words(newer_only, tmp_path, capsys):
    data = json.loads(newer_only.read_text(encoding="utf-8"))
    english = tmp_path / "english.yaml"
    english.write_text(yaml.safe_dump({**data, "language": "en"}), encoding="utf-8")
    code, _, err = run(["report", english, "--json", tmp_path / "a.json", "--no-register"], capsys)
    assert code == 0, err
    assert "version 1 is not installed; using version 3" in err


def test_batch_says_the_version_note_in_its_language(newer_only, tmp_path, capsys):
    rows = tmp_path / "list.csv"
    rows.write_text("company.name;plan;people;channels;hours;guidelines;remarks;questionnaire_version\n"
                    "Bakker;Geen;1;;;;;1\n", encoding="utf-8")
    code, _, err = run(["batch", rows, "--questionnaire", "mini", "--no-pdf", "--lang", "nl", "-w", "1",
                        "-o", tmp_path / "out"], capsys)
    assert code == 0, err
    assert "vragenlijst mini versie 1 is niet geïnstalleerd; versie 3 wordt gebruikt" in err


def test_clients_lists_in_dutch_by_default_and_english_on_request(newer_only, tmp_path, capsys):
    code, _, err = run(["report", newer_only, "--json", tmp_path / "a.json"], capsys)
    assert code == 0, err
    code, out, err = run(["clients"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("klantenregister: ")
    assert lines[1].split()[:2] == ["klant", "audits"] and "niveau" in lines[1]
    assert lines[-1] == "1 klant, 1 audit"
    code, out, err = run(["clients", "--lang", "en"], capsys)
    assert out.splitlines()[-1] == "1 client, 1 assessment"
    code, _, err = run(["clients", "show", "nobody"], capsys)
    assert code == 2 and "deze klant staat niet in het klantenregister" in err
    code, out, err = run(["clients", "--lang", "en", "delete", "oud-bedrijf", "--yes"], capsys)
    assert code == 0 and out.startswith("deleted oud-bedrijf: 1 assessment,"), out
    code, _, err = run(["clients", "--register", "off"], capsys)
    assert code == 2 and "het klantenregister staat uit" in err


def test_a_register_that_cannot_be_written_is_a_warning_in_the_batchs_language(tmp_path, monkeypatch, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_REGISTER", str(blocked / "register"))
    fixtures = ROOT / "tests" / "fixtures"
    code, _, err = run(["batch", fixtures / "clients-mini.csv", "--questionnaire", fixtures / "mini.yaml",
                        "--no-pdf", "--lang", "nl", "-w", "1", "-o", tmp_path / "out"], capsys)
    assert code == 1, err  # the list's one bad row; every other report is written
    assert "warning: niet bewaard in het klantenregister:" in err
    assert "not kept" not in err


def test_report_compare_and_benchmark_say_what_they_wrote_in_the_language(newer_only, tmp_path, capsys):
    code, out, err = run(["report", newer_only, "--json", tmp_path / "a.json", "--no-register"], capsys)
    assert code == 0 and f"{tmp_path / 'a.json'} geschreven" in out, err
    code, out, err = run(["compare", newer_only, newer_only, "--json", tmp_path / "p.json"], capsys)
    assert code == 0 and f"{tmp_path / 'p.json'} geschreven" in out, err
    code, out, err = run(["compare", newer_only, newer_only, "--json", tmp_path / "p.json", "--lang", "en"],
                         capsys)
    assert code == 0 and f"wrote {tmp_path / 'p.json'}" in out, err
    code, _, err = run(["benchmark", "--questionnaire", "mini", "--size", "veel"], capsys)
    assert code == 2 and "'veel' is geen aantal mensen of grootteklasse" in err
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    code, _, err = run(["report", newer_only, "--json", tmp_path / "a-file" / "a.json", "--no-register"],
                       capsys)
    assert code == 2 and "kan niet schrijven" in err
