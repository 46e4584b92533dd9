"""The content locator: shipped content, the consultant's own folder, paths as given."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit import locate
from audit.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv(locate.HOME_ENV, str(folder))
    return folder


def test_shipped_content_is_found_in_the_checkout_of_an_editable_install():
    root = locate.shipped_root()
    assert (root / "questionnaires" / "social-media-audit.yaml").is_file()
    assert (locate.templates_dir() / "report.html.j2").is_file()
    assert (locate.brand_file(None)).is_file()


def test_questionnaire_by_name_prefers_the_consultants_own(home):
    shipped = locate.questionnaire_path("social-media-audit")
    assert shipped == locate.shipped_root() / "questionnaires" / "social-media-audit.yaml"
    (home / "questionnaires").mkdir(parents=True)
    mine = home / "questionnaires" / "social-media-audit.yaml"
    shutil.copy(shipped, mine)
    assert locate.questionnaire_path("social-media-audit") == mine
    assert locate.questionnaire_path(None) == mine
    assert locate.questionnaire_files()[0] == mine


def test_questionnaire_path_as_given_and_unknown_names(home, tmp_path):
    given = tmp_path / "elsewhere.yaml"
    given.write_text("x: 1\n")
    assert locate.questionnaire_path(given) == given
    with pytest.raises(InputError) as missing_file:
        locate.questionnaire_path(tmp_path / "nope.yaml")
    assert "file not found" in str(missing_file.value)
    with pytest.raises(InputError) as unknown:
        locate.questionnaire_path("no-such-audit")
    message = " ".join(unknown.value.lines())
    assert "no-such-audit" in message and str(home / "questionnaires") in message


def test_brand_kit_by_name_from_the_consultants_folder(home):
    from audit.brand import load_brand

    kit = home / "brands" / "mine"
    shutil.copytree(ROOT / "examples" / "brands" / "koers-digitaal", kit)
    assert load_brand("mine").root == kit.resolve()
    assert load_brand(None).root == (locate.templates_dir() / "brands" / "default").resolve()
    with pytest.raises(InputError) as unknown:
        load_brand("theirs")
    assert str(home / "brands") in " ".join(unknown.value.lines())


def test_cli_finds_content_when_run_from_another_folder(tmp_path):
    """Run from an unrelated folder: nothing may be read relative to the working directory."""
    answers = tmp_path / "a.yaml"
    shutil.copy(ROOT / "examples" / "answers" / "studio-noord.yaml", answers)
    done = subprocess.run([sys.executable, "-m", "audit", "report", str(answers), "--json", "out.json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.json").is_file()
    done = subprocess.run([sys.executable, "-m", "audit", "validate"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "social-media-audit" in done.stdout
