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
