"""Where the client register is: one place (the user data folder) whatever folder smaudit runs
in, a clear way to choose another (--register / SMAUDIT_REGISTER), and a way over from the
./smaudit-data folder that earlier versions made in the current folder.

Every test points SMAUDIT_HOME (and XDG_DATA_HOME) at its own temporary folder: nothing here
may touch the real user folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_smaudit

from audit import locate

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "answers"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """No register chosen: only SMAUDIT_HOME, a folder of the test's own."""
    for name in ("SMAUDIT_DATA", "SMAUDIT_DB", "SMAUDIT_REGISTER"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "home"
    monkeypatch.setenv(locate.HOME_ENV, str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return folder


def report(capsys, answers: Path, out: Path, *extra) -> tuple[int, str, str]:
    return run_smaudit(["report", answers, "--json", out, "--lang", "en", *extra], capsys)


def clients(capsys, *extra) -> str:
    code, out, err = run_smaudit(["clients", "--lang", "en", *extra], capsys)
    assert code == 0, err
    return out


def test_the_user_data_folder_is_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv(locate.HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locate.data_root() == tmp_path / "xdg" / "smaudit"
    monkeypatch.setenv(locate.HOME_ENV, str(tmp_path / "home"))
    assert locate.data_root() == tmp_path / "home" / "data"


def test_reports_run_in_different_folders_share_one_register(home, tmp_path, monkeypatch, capsys):
    for n, answers in enumerate(("studio-noord.yaml", "van-dijk-machinebouw.yaml")):
        folder = tmp_path / f"project-{n}"
        folder.mkdir()
        monkeypatch.chdir(folder)
        code, out, err = report(capsys, EXAMPLES / answers, folder / "a.json")
        assert code == 0, err
        assert f"in {home / 'data'}" in out  # says where it was kept
        assert not (folder / "smaudit-data").exists()
    listing = clients(capsys)
    assert f"register: {home / 'data'}" in listing
    assert "2 clients, 2 assessments" in listing


def test_register_option_and_environment_choose_another_place(home, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    chosen = tmp_path / "office-register"
    code, out, err = report(capsys, EXAMPLES / "studio-noord.yaml", tmp_path / "a.json", "--register", chosen)
    assert code == 0, err
    assert (chosen / locate.STORE_FILE).is_file() and not (home / "data").exists()
    monkeypatch.setenv("SMAUDIT_REGISTER", str(chosen))
    assert "1 client, 1 assessment" in clients(capsys)
    monkeypatch.setenv("SMAUDIT_REGISTER", "off")
    code, out, err = report(capsys, EXAMPLES / "van-dijk-machinebouw.yaml", tmp_path / "b.json")
    assert code == 0, err
    assert "kept in the client register" not in out
    code, _, err = run_smaudit(["clients", "--lang", "en"], capsys)
    assert code != 0 and "register is off" in err
    assert not (home / "data").exists()


@pytest.fixture
def old_folder(home, tmp_path, monkeypatch, capsys):
    """A project folder with ./smaudit-data as an earlier smaudit left it (two clients)."""
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    for answers in ("studio-noord.yaml", "bakkerij-de-korenschoof.yaml"):
        code, _, err = report(capsys, EXAMPLES / answers, project / "x.json", "--data", "smaudit-data")
        assert code == 0, err
    return project


def test_an_old_register_in_the_current_folder_gets_a_hint_and_can_be_brought_over(old_folder, home, capsys):
    code, out, err = report(capsys, EXAMPLES / "van-dijk-machinebouw.yaml", old_folder / "r.json")
    assert code == 0, err
    assert "./smaudit-data holds a client register of an earlier smaudit" in err
    assert "smaudit clients import ./smaudit-data" in err and "--register ./smaudit-data" in err
    assert "1 client, 1 assessment" in clients(capsys)  # the new default, not the old folder

    code, out, err = run_smaudit(["clients", "--lang", "en", "import", "./smaudit-data"], capsys)
    assert code == 0, err
    assert "kept 2 assessments of 2 clients" in out
    listing = clients(capsys)
    assert "3 clients, 3 assessments" in listing
    assert {"studio-noord", "bakkerij-de-korenschoof", "van-dijk-machinebouw"} <= {
        line.split()[0] for line in listing.splitlines()[2:-1]}
    # brought over twice: still one entry each
    run_smaudit(["clients", "import", "./smaudit-data"], capsys)
    assert "3 clients, 3 assessments" in clients(capsys)
    # the old folder chosen explicitly: no hint, its own two clients
    code, out, err = run_smaudit(["clients", "--lang", "en", "--register", "./smaudit-data"], capsys)
    assert code == 0 and "earlier smaudit" not in err and "2 clients, 2 assessments" in out


def test_an_old_register_can_be_brought_into_postgresql(old_folder, postgres, capsys):
    url = postgres.new_database()
    code, out, err = run_smaudit(["clients", "--register", url, "import", "smaudit-data"], capsys)
    assert code == 0, err
    assert "2 clients, 2 assessments" in clients(capsys, "--register", url)
    code, _, err = run_smaudit(["clients", "--register", url, "export", "studio-noord", "-o",
                                old_folder / "export.json"], capsys)
    assert code == 0, err
    data = json.loads((old_folder / "export.json").read_text(encoding="utf-8"))
    assert [a["source"] for a in data["assessments"]] == ["report"]
    assert data["assessments"][0]["assessment"]["company"]["name"] == "Studio Noord"
