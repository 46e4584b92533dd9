"""The content locator: shipped content, the consultant's own folder, paths as given."""

from __future__ import annotations

import re
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


def test_questionnaire_by_id_prefers_the_consultants_own(home):
    from audit import catalog
    from audit.load import load_questionnaire

    shipped = locate.shipped_root() / "questionnaires" / "social-media-audit.yaml"
    assert catalog.locate("social-media-audit")[0] == shipped
    (home / "questionnaires").mkdir(parents=True)
    mine = home / "questionnaires" / "copy.yaml"
    shutil.copy(shipped, mine)
    assert catalog.locate("social-media-audit")[0] == mine  # same id and version: first on the path
    assert catalog.locate(None)[0] == mine
    newer = home / "questionnaires" / "newer.yaml"
    text = re.sub(r"(?m)^version: .*$", 'version: "9.9"', shipped.read_text(encoding="utf-8"), count=1)
    newer.write_text(text, encoding="utf-8")
    assert catalog.locate("social-media-audit@9.9")[0] == newer
    assert load_questionnaire("social-media-audit@9.9").version == "9.9"
    with pytest.raises(InputError) as unknown:
        load_questionnaire("no-such-audit")
    assert str(home / "questionnaires") in " ".join(unknown.value.lines())


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


def test_no_module_reaches_content_past_the_locator():
    """Content found relative to a module's own file works in the checkout and breaks in the
    wheel (the content folders are not beside the code there); audit.locate is the one place."""
    offenders = []
    for path in sorted((ROOT / "audit").rglob("*.py")):
        if path.name == "locate.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "parent.parent" in line:  # out of the package: the checkout's folders
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
