from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def mini():
    """A small questionnaire for tests of the engine itself."""
    from audit.load import load_questionnaire

    return load_questionnaire(FIXTURES / "mini.yaml")
