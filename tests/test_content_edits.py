"""A consultant's content edit does not break the tests; `smaudit validate --strict` is what
judges content.

The edit (tests/content_edit.py) is made on a copy of the checkout, to the shipped full audit
itself: a new version, a question added, a misconception that reads it, advice for it, and a
question taken out and declared `retired`. Then:

- every test but the checks of the shipped content itself (`-m "not content"`: the engine, the
  command line, batch, web, register, interview, report) passes unchanged in that copy, where
  every default lookup now finds the edited questionnaire. That run is started at collection,
  beside the main run (tests/conftest.py), and checked by the last test;
- `validate --strict` accepts the clean edit and reports every problem of a broken one at
  once, each as file:line.

Checks of the shipped content itself (personas, golden outputs, the examples, the pinned
lists of the full audit and the quick scan) carry the `content` marker: they are expected to
need a review when the content changes (questionnaires/README.md, "Content checks").
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from audit.content_check import check
from tests import content_edit

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / content_edit.SHIPPED


def _in(copy: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run Python in the copy, importing smaudit from the copy (subprocesses too)."""
    return subprocess.run([sys.executable, *args], cwd=copy, env=content_edit.python_in(copy),
                          capture_output=True, text=True, timeout=timeout)


def test_the_edit_is_what_every_default_lookup_finds(edited_run):
    copy, done = edited_run["copy"], edited_run["done"]
    shown = _in(copy, "-c", "from audit.load import load_questionnaire as l; q = l(); "
                "print(q.version, q.retired, [x.id for x in q.questions][-1], q.misconceptions[-1].id)")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [done["version"], f"['{done['retired']}']", done["question"],
                                    done["misconception"]]


def test_validate_strict_accepts_the_clean_edit(edited_run):
    assert check(edited_run["copy"] / content_edit.SHIPPED) == []


def test_a_broken_edit_is_reported_all_at_once_with_file_and_line(edited_run, tmp_path):
    """Three mistakes a consultant makes in one go: an option value with a typo in a signal,
    an English text left out, advice for a misconception that does not exist. Every one is
    named, with its line, in one run."""
    copy = edited_run["copy"]
    text = (copy / content_edit.SHIPPED).read_text(encoding="utf-8")
    text = text.replace("approval_needed == 'every_post'", "approval_needed == 'every_pots'", 1)
    text = text.replace(', en: "Agree what needs no approval"}', "}", 1)
    text = text.replace("misconceptions: [approval_bottleneck]", "misconceptions: [approval_botleneck]", 1)
    broken = tmp_path / "social-media-audit.yaml"
    broken.write_text(text, encoding="utf-8")
    lines = text.splitlines()

    def line_of(snippet: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if snippet in line)

    run = _in(copy, "-m", "audit", "validate", "--strict", str(broken))
    assert run.returncode == 2, run.stdout + run.stderr
    report = run.stderr
    assert "Traceback" not in report
    assert f"{broken}:{line_of('every_pots')}:" in report
    assert f"{broken}:{line_of('Spreek af wat zonder goedkeuring mag')}:" in report
    assert f"{broken}:{line_of('approval_botleneck')}:" in report


def test_every_other_test_passes_on_the_edited_content(edited_run):
    """The whole suite but the content checks, unchanged, on the edited content (run last: see
    tests/conftest.py; run here when this test is run on its own)."""
    process, log = edited_run["process"], edited_run["log"]
    if process is None:
        process = content_edit.start_suite(edited_run["copy"], log)
        edited_run["process"] = process
    code = process.wait(timeout=1800)
    out = log.read_text(encoding="utf-8", errors="replace")
    assert code == 0, out[-8000:]
    summary = out.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary and "error" not in summary, summary
