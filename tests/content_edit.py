"""A consultant's edit of the shipped questionnaire, made the way the README tells one to:
a new version, a question added (with a misconception that reads it and advice for it), and
a question taken out and declared `retired`.

Used by tests/test_content_edits.py to show that the engine's tests do not depend on the
shipped content, while `smaudit validate --strict` is what judges content. The edit is made
on the text (comments and layout stay) and picks what to retire from the file itself, so it
keeps working when the shipped content changes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

NEW_QUESTION = """\
  - id: approval_needed
    dimension: {dimension}
    type: single
    text:
      nl: "Moet een bericht eerst langs iemand voordat het online mag?"
      en: "Does a post need someone's approval before it goes online?"
    help:
      nl: "Denk aan de eigenaar of een manager die elk bericht vooraf leest."
      en: "For example an owner or manager who reads every post beforehand."
    options:
      - value: never
        label: {{nl: "Nee, wie post beslist zelf", en: "No, whoever posts decides"}}
        points: 2
      - value: sensitive_only
        label: {{nl: "Alleen bij gevoelige onderwerpen", en: "Only for sensitive topics"}}
        points: 2
      - {{value: every_post, label: {{nl: "Ja, elk bericht", en: "Yes, every post"}}, points: 0}}
"""

NEW_MISCONCEPTION = """\
  - id: approval_bottleneck
    title: {nl: "Elk bericht moet langs de baas", en: "Every post needs the boss's approval"}
    belief:
      nl: "‘Niets gaat online voordat ik het gezien heb.’"
      en: "‘Nothing goes online before I have seen it.’"
    why:
      nl: "Wie op elke goedkeuring moet wachten, reageert te laat en houdt het niet lang vol."
      en: "Whoever waits for approval of every post answers too late and soon gives up."
    signals:
      - {when: "approval_needed == 'every_post'", weight: 2, kind: behaviour}
      - {when: "approval_needed == 'sensitive_only'", weight: 1}
    threshold: 2
"""

NEW_ADVICE = """\
  - id: approval_rules
    title: {nl: "Spreek af wat zonder goedkeuring mag", en: "Agree what needs no approval"}
    text:
      nl: "Leg vast welke berichten vrij online mogen en welke eerst langs iemand gaan."
      en: "Write down which posts may go online freely and which need a second look first."
    steps:
      - {nl: "Noem drie onderwerpen die altijd vrij zijn.", en: "Name three topics that are always free."}
      - nl: "Spreek af wie meeleest bij gevoelige onderwerpen."
        en: "Agree who reads along on sensitive topics."
    impact: 3
    effort: 1
    horizon: "30"
    misconceptions: [approval_bottleneck]
"""


def _gap_signal_only_on(line: str, qid: str) -> bool:
    """A one-line signal that reads `qid` alone and only adds weight (kind: gap)."""
    from audit import rules

    match = re.match(r'\s*- \{when: "([^"]*)"(.*)\}\s*$', line)
    if not match or "kind: belief" in match.group(2) or "kind: behaviour" in match.group(2):
        return False
    return rules.parse(match.group(1)).refs == {qid}


def retirable_question(lines: list[str]) -> tuple[str, list[int]]:
    """A question a consultant can take out with a `retired:` line and by deleting the few
    gap signals that read it (no condition, belief, behaviour or setting names it), and the
    indexes of those signal lines."""
    questions = yaml.safe_load("".join(lines))["questions"]
    for question in reversed(questions):
        qid = question["id"]
        naming = [i for i, line in enumerate(lines)
                  if re.search(rf"\b{qid}\b", line) and not re.match(rf"\s*- id: {qid}\s*$", line)]
        if naming and all(_gap_signal_only_on(lines[i], qid) for i in naming):
            return qid, naming
    raise AssertionError("no question is read by gap signals alone: nothing to retire simply")


def _section(lines: list[str], key: str) -> tuple[int, int]:
    """First and one-past-last line index of the top-level block `key:`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i][:1].isalpha() or lines[i].startswith("#")), len(lines))
    return start, end


def edit(text: str) -> tuple[str, dict[str, str]]:
    """The edited questionnaire text and what was done (new ids, the retired id, versions)."""
    data = yaml.safe_load(text)
    old_version = str(data["version"])
    dimension = data["dimensions"][0]["id"]
    lines = text.splitlines(keepends=True)
    retired, signal_lines = retirable_question(lines)
    for i in reversed(signal_lines):
        del lines[i]

    # take the retired question's block out of `questions:`
    q_start, q_end = _section(lines, "questions")
    first = next(i for i in range(q_start, q_end) if re.match(rf"\s*- id: {retired}\s*$", lines[i]))
    last = next((i for i in range(first + 1, q_end) if re.match(r"  - id: ", lines[i])), q_end)
    del lines[first:last]

    for key, block in (("questions", NEW_QUESTION.format(dimension=dimension)),
                       ("misconceptions", NEW_MISCONCEPTION), ("advice", NEW_ADVICE)):
        _, end = _section(lines, key)
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = ["\n", block]

    new_version = f"{old_version}.1"
    body = "".join(lines)
    body, n = re.subn(r'(?m)^version: .*$', f'version: "{new_version}"', body, count=1)
    assert n == 1
    body, n = re.subn(r"(?m)^retired: \[(.*)\]\s*$", rf"retired: [\1, {retired}]", body, count=1)
    if n == 0:
        body = re.sub(r"(?m)^(version: .*)$", rf"\1\nretired: [{retired}]", body, count=1)
    return body, {"question": "approval_needed", "misconception": "approval_bottleneck",
                  "advice": "approval_rules", "retired": retired, "version": new_version,
                  "old_version": old_version}


# What a copy of the checkout needs for the test suite to run in it.
COPIED = ["audit", "tests", "questionnaires", "languages", "report_templates", "examples", "benchmarks",
          "pyproject.toml"]
SHIPPED = "questionnaires/social-media-audit.yaml"
PROOF = "tests/test_content_edits.py"


def edited_copy(root: Path, dest: Path) -> dict[str, str]:
    """Copy the checkout `root` to `dest` with the shipped full audit edited (see `edit`); what
    was done. The copy uses root's .venv, so the commands the tests start are found there too."""
    for name in COPIED:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    if (root / ".venv").exists() and not (dest / ".venv").exists():
        (dest / ".venv").symlink_to(root / ".venv")
    text, done = edit((root / SHIPPED).read_text(encoding="utf-8"))
    (dest / SHIPPED).write_text(text, encoding="utf-8")
    return done


def python_in(copy: Path) -> dict[str, str]:
    """The environment that makes Python import smaudit from the copy (subprocesses too)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    env.pop("PYTEST_ADDOPTS", None)
    return env


def start_suite(copy: Path, log: Path) -> subprocess.Popen:
    """Every test that does not check the shipped content itself (`-m "not content"`), run in
    the edited copy in one pytest process, at low priority beside the main run, output to `log`.
    The proof itself is left out (it would edit the edited file again)."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not content",
               "--ignore", PROOF, "tests"]
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=copy, env=python_in(copy), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=lambda: os.nice(10))
