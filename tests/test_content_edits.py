"""A consultant's content edit does not break the engine's tests; `smaudit validate --strict`
is what judges content.

The edit (tests/content_edit.py) is made on a copy of the checkout, to the shipped full audit
itself: a new version, a question added, a misconception that reads it, advice for it, and a
question taken out and declared `retired`. Then:

- the engine's test modules (ENGINE_MODULES, on small fixture questionnaires) pass unchanged
  in that copy, where every default lookup now finds the edited questionnaire;
- `validate --strict` accepts the clean edit and reports every problem of a broken one at
  once, each as file:line.

Checks of the shipped content itself (personas, golden outputs, the examples, the pinned
lists of the full audit and the quick scan) carry the `content` marker: they are expected to
need a review when the content changes (questionnaires/README.md, "Content checks").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from audit.content_check import check
from tests import content_edit

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questionnaires" / "social-media-audit.yaml"
# The engine's tests: rules, answers, assessment, judgement, loading, question types, the
# catalog, versions, saved assessments, languages, strings, validation and the command line,
# on tests/fixtures/ (a few read the shipped files only as "some questionnaire").
ENGINE_MODULES = [
    "tests/test_rules.py", "tests/test_answers.py", "tests/test_assess.py", "tests/test_judgement.py",
    "tests/test_load.py", "tests/test_qtypes.py", "tests/test_catalog.py",
    "tests/test_questionnaire_versions.py", "tests/test_localize.py", "tests/test_strings.py",
    "tests/test_numbers_by_language.py", "tests/test_validate_strict.py", "tests/test_report_cli.py",
    "tests/test_locate.py", "tests/test_imports.py",
]
COPIED = ["audit", "tests", "questionnaires", "languages", "report_templates", "examples",
          "pyproject.toml"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A copy of the checkout whose shipped full audit carries the consultant's edit."""
    copy = tmp_path_factory.mktemp("edited-checkout")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc"))
        else:
            shutil.copy2(source, copy / name)
    if (ROOT / ".venv").exists():  # tests that start ROOT/.venv/bin/smaudit find it there too
        (copy / ".venv").symlink_to(ROOT / ".venv")
    text, done = content_edit.edit(SHIPPED.read_text(encoding="utf-8"))
    (copy / "questionnaires" / SHIPPED.name).write_text(text, encoding="utf-8")
    return copy, done


def _in(copy: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run Python in the copy, importing smaudit from the copy (subprocesses too)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_edit_is_what_every_default_lookup_finds(edited):
    copy, done = edited
    shown = _in(copy, "-c", "from audit.load import load_questionnaire as l; q = l(); "
                "print(q.version, q.retired, [x.id for x in q.questions][-1], q.misconceptions[-1].id)")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [done["version"], f"['{done['retired']}']", done["question"],
                                    done["misconception"]]


def test_validate_strict_accepts_the_clean_edit(edited):
    copy, _ = edited
    assert check(copy / "questionnaires" / SHIPPED.name) == []


def test_engine_tests_pass_on_the_edited_content(edited):
    copy, _ = edited
    run = _in(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not content", *ENGINE_MODULES)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", run.stdout)


def test_a_broken_edit_is_reported_all_at_once_with_file_and_line(edited, tmp_path):
    """Three mistakes a consultant makes in one go: an option value with a typo in a signal,
    an English text left out, advice for a misconception that does not exist. Every one is
    named, with its line, in one run."""
    copy, done = edited
    text = (copy / "questionnaires" / SHIPPED.name).read_text(encoding="utf-8")
    text = text.replace("approval_needed == 'every_post'", "approval_needed == 'every_pots'", 1)
    text = text.replace(', en: "Agree what needs no approval"}', "}", 1)
    text = text.replace("misconceptions: [approval_bottleneck]", "misconceptions: [approval_botleneck]", 1)
    broken = tmp_path / "social-media-audit.yaml"
    broken.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(snippet: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if snippet in line)

    run = _in(copy, "-m", "audit", "validate", "--strict", str(broken), timeout=300)
    assert run.returncode == 2, run.stdout + run.stderr
    report = run.stderr
    assert "Traceback" not in report
    assert f"{broken}:{line_of('every_pots')}:" in report
    assert f"{broken}:{line_of('Spreek af wat zonder goedkeuring mag')}:" in report
    assert f"{broken}:{line_of('approval_botleneck')}:" in report
