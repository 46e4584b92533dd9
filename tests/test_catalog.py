"""Questionnaires by id and version: an answers file names its questionnaire and every front
end finds it by that, from the consultant's own folder or the built-in ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit import catalog
from audit.errors import InputError
from tests.cli_runner import run_smaudit as run

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def mini_version(folder: Path, version: str, title: str) -> Path:
    """The mini questionnaire saved under another version and title, as a consultant would."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('version: "1"', f'version: "{version}"', 1)
    text = text.replace("title: {nl: Mini, en: Mini}", f"title: {{nl: {title}, en: {title}}}", 1)
    path = folder / f"mini-{version}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def own_folder(tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


def test_header_is_read_without_loading_the_whole_file():
    import yaml

    product = ROOT / "questionnaires" / "social-media-audit.yaml"
    data = yaml.safe_load(product.read_text(encoding="utf-8"))
    assert catalog._header(str(product), product.stat().st_mtime) == (data["id"], str(data["version"]))
    assert catalog._header(str(ROOT / "questionnaires" / "README.md"), 0.0) is None


def test_exact_version_else_newest_with_a_note(own_folder):
    mini_version(own_folder, "2", "Twee")
    mini_version(own_folder, "10", "Tien")
    assert catalog.find("mini", "2") == (own_folder / "mini-2.yaml", None)
    path, note = catalog.find("mini", "3")
    assert path == own_folder / "mini-10.yaml"  # 10 is newer than 2, not older
    assert "version 3 is not installed; using version 10" in note
    assert catalog.find("mini")[0] == own_folder / "mini-10.yaml"
    assert catalog.locate("mini@2") == (own_folder / "mini-2.yaml", None)


def test_unknown_id_lists_what_exists(own_folder):
    mini_version(own_folder, "2", "Twee")
    with pytest.raises(InputError) as info:
        catalog.find("nope")
    assert "no questionnaire with this id" in str(info.value)
    assert "mini 2" in str(info.value) and "social-media-audit 1.0" in str(info.value)


@pytest.mark.parametrize("reference", [
    {"questionnaire": {"id": "mini", "version": "2"}},
    {"questionnaire": "mini", "questionnaire_version": "2"},
])
def test_report_finds_the_questionnaire_the_answers_name(own_folder, tmp_path, capsys, reference):
    mini_version(own_folder, "2", "Twee")
    mini_version(own_folder, "3", "Drie")
    answers = tmp_path / "answers.yaml"
    answers.write_text(json.dumps({**reference, "language": "nl", "company": {"name": "X"},
                                   "answers": {"plan": "none", "people": 1}}), encoding="utf-8")
    out = tmp_path / "a.json"
    code, _, err = run(["report", answers, "--json", out], capsys)
    assert code == 0, err
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["questionnaire"] == {"id": "mini", "version": "2", "title": "Twee"}


def test_report_with_a_version_no_longer_installed_says_so(own_folder, tmp_path, capsys):
    mini_version(own_folder, "3", "Drie")
    answers = tmp_path / "answers.yaml"
    answers.write_text(json.dumps({"questionnaire": {"id": "mini", "version": "1"},
                                   "company": {"name": "X"}, "answers": {"plan": "none", "people": 1}}),
                       encoding="utf-8")
    out = tmp_path / "a.json"
    code, _, err = run(["report", answers, "--json", out], capsys)
    assert code == 0, err
    # said in the report's language (Dutch: the answers name none)
    assert "vragenlijst mini versie 1 is niet geïnstalleerd; versie 3 wordt gebruikt" in err
    assert json.loads(out.read_text(encoding="utf-8"))["questionnaire"]["version"] == "3"
