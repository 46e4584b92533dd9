from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The consultant's own content folder (audit.locate) is an empty one of the test run's own:
# a developer's ~/.config/smaudit must not change what the tests see. Subprocesses inherit it.
_HOME = tempfile.mkdtemp(prefix="smaudit-test-home-")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)
os.environ["SMAUDIT_HOME"] = _HOME


@pytest.fixture(scope="session")
def mini():
    """A small questionnaire for tests of the engine itself."""
    from audit.load import load_questionnaire

    return load_questionnaire(FIXTURES / "mini.yaml")


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server for the whole test session (see postgres_server.py)."""
    from postgres_server import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, for the tests marked `browser`; skipped with the
    reason when Playwright or Chromium is missing."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed "
                                   "(pip install -e '.[test]')")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make browser, or apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means: cannot test here
            pytest.skip(f"chromium did not start: {str(exc).splitlines()[0]}")
        yield browser
        browser.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The store's database URL: run the test on SQLite (the default) and on PostgreSQL."""
    if request.param == "sqlite":
        return None  # the SQLite file in the data folder
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture(scope="session", autouse=True)
def register_in_a_temp_folder(tmp_path_factory):
    """`smaudit report` keeps every assessment in the client register (SMAUDIT_DATA, else
    ./smaudit-data): tests, and the commands they start, keep theirs in a throwaway folder."""
    import os

    os.environ["SMAUDIT_DATA"] = str(tmp_path_factory.mktemp("register-data"))
    yield


# The proof that a consultant's content edit leaves every other test alone
# (tests/test_content_edits.py) runs the whole suite but the content checks in an edited copy of
# the checkout. It is started as soon as the tests are collected, beside this run at low
# priority, and its result is checked by the last test, so that `make test` does not take twice
# as long.
EDITED_SUITE = "test_every_other_test_passes_on_the_edited_content"
_edited_run = pytest.StashKey[dict]()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    proof = [item for item in items if item.name == EDITED_SUITE]
    if not proof or config.option.collectonly:
        return
    for item in proof:
        items.remove(item)
        items.append(item)
    from tests import content_edit

    copy = Path(tempfile.mkdtemp(prefix="smaudit-edited-"))
    done = content_edit.edited_copy(ROOT, copy)
    log = copy / "suite.log"
    config.stash[_edited_run] = {"copy": copy, "done": done, "log": log,
                                 "process": content_edit.start_suite(copy, log)}


@pytest.fixture(scope="session")
def edited_run(request) -> dict:
    """The edited copy ({copy, done, log, process}): the one started at collection, else a new one."""
    if _edited_run not in request.config.stash:
        from tests import content_edit

        copy = Path(tempfile.mkdtemp(prefix="smaudit-edited-"))
        request.config.stash[_edited_run] = {"copy": copy, "done": content_edit.edited_copy(ROOT, copy),
                                             "log": copy / "suite.log", "process": None}
    return request.config.stash[_edited_run]


def pytest_unconfigure(config):
    run = config.stash.get(_edited_run, None)
    if run is None:
        return
    process = run["process"]
    if process is not None and process.poll() is None:  # the run was stopped early: end it and
        import signal  # what it started (its own process group)

        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except Exception:
            os.killpg(process.pid, signal.SIGKILL)
    shutil.rmtree(run["copy"], ignore_errors=True)
