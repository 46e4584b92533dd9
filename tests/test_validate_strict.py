"""`smaudit validate --strict`: content checks on the data, every problem at once with its file
and line (on the small fixture questionnaire, so shipped content edits never touch this)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.content_check import check

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent

BROKEN_ADDITIONS = """\
  - id: never_found
    title: {nl: Nooit, en: Never}
    belief: {nl: b, en: b}
    why: {nl: w, en: w}
    signals:
      - {when: "plan == 'none' and plan == 'written'", weight: 1, kind: behaviour}
  - id: typo_rule
    title: {nl: Typo, en: Typo}
    belief: {nl: b, en: b}
    why: {nl: w, en: w}
    signals:
      - {when: "plan == 'writen'", weight: 1, kind: behaviour}
"""

BROKEN_ADVICE = """\
  - id: never_given
    title: {nl: N, en: N}
    text: {nl: t, en: t}
    impact: 3
    effort: 2
    horizon: "30"
    misconceptions: [solo]
    applies: "people > 1 and people < 1"
"""


def _broken(tmp_path: Path) -> Path:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("advice:\n", BROKEN_ADDITIONS + "advice:\n", 1) + BROKEN_ADVICE
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, snippet: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if snippet in line)


def test_the_fixture_passes_strict():
    assert check(FIXTURES / "mini.yaml") == []


def test_every_problem_at_once_with_its_line(tmp_path):
    path = _broken(tmp_path)
    problems = check(path)
    by_message = {p.message.split(" ")[1] if p.message.startswith(("misconception", "advice"))
                  else p.message: p for p in problems}
    assert by_message["never_found"].line == _line_of(path, "- id: never_found")
    assert by_message["never_given"].line == _line_of(path, "id: never_given")
    assert "never found" in by_message["never_found"].message
    assert "never given" in by_message["never_given"].message
    typo = [p for p in problems if "'writen'" in p.message]
    assert typo and typo[0].line == _line_of(path, "plan == 'writen'")
    assert "not one of its answers (none, rough, written)" in typo[0].message
    assert by_message["typo_rule"].line == _line_of(path, "- id: typo_rule")  # and so it is never found
    assert all(p.file == str(path) for p in problems)
    assert len(problems) == 4


def test_load_errors_come_with_lines(tmp_path):
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("    weight: 2, why: {nl: w", "    weight: -2, why: {nl: w").replace(
        "max: 500", "max: lots")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check(path)
    assert any(p.line == _line_of(path, "max: lots") and "questions people > max" in p.message
               for p in problems)


def test_a_listed_language_without_its_texts_is_reported(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "languages" / "de").mkdir(parents=True)
    (home / "languages" / "de" / "language.yaml").write_text('name: Deutsch\ndecimal_mark: ","\n',
                                                            encoding="utf-8")
    (home / "languages" / "de" / "web.yaml").write_text("start: Los\n", encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_HOME", str(home))
    from audit import languages

    languages.clear_caches()
    try:
        import yaml

        data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))

        def add_de(node):
            if isinstance(node, dict):
                if {"nl", "en"} <= set(node) and all(isinstance(v, str) for v in node.values()):
                    node["de"] = node["en"]
                for v in node.values():
                    add_de(v)
            elif isinstance(node, list):
                for v in node:
                    add_de(v)

        add_de(data)
        data["languages"] = ["nl", "en", "de"]
        path = tmp_path / "de.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        messages = [p.message for p in check(path)]
        assert any("report text(s) missing in de" in m for m in messages)
        assert any("web text(s) missing in de" in m for m in messages)  # one of many given: still missing
        assert not any("missing in en" in m or "missing in nl" in m for m in messages)
    finally:
        monkeypatch.undo()
        languages.clear_caches()


def test_cli_strict_exit_code_and_file_line_format(tmp_path):
    path = _broken(tmp_path)
    env = {**os.environ}
    done = subprocess.run([sys.executable, "-m", "audit", "validate", "--strict", str(path)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"error: {path}:") for line in lines)
    done = subprocess.run([sys.executable, "-m", "audit", "validate", str(path)],
                          capture_output=True, text=True, timeout=120, env=env)
    # Without --strict the search for unreachable items is left out, but a rule comparing with
    # an answer the question does not have ('writen') never holds: that stops the file loading
    # everywhere (a report would otherwise silently never find the misconception).
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "'writen'" in lines[0]
    assert lines[0].startswith(f"error: {path}:{_line_of(path, 'writen')}: misconception typo_rule: signal 1")


@pytest.mark.content
@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "questionnaires").glob("*.yaml")))
def test_shipped_questionnaires_pass_strict(name):
    """The shipped content's own check (the same one `smaudit validate --strict` runs)."""
    assert [str(p) for p in check(ROOT / "questionnaires" / name)] == []


def test_removing_a_question_reports_every_place_that_still_names_it_in_one_run(tmp_path):
    """Taking `people` out of the fixture leaves two conditions and a signal naming it: all
    three come back in one run, each at its own line (not one per round)."""
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    start, end = text.index("  - id: people\n"), text.index("  - id: hours\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = check(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    naming = [i for i, line in enumerate(lines, 1) if "people" in line and "id:" not in line]
    assert len(naming) == 3
    assert sorted(p.line for p in problems if "people" in p.message) == naming, [str(p) for p in problems]
