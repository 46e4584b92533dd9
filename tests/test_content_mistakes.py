"""Mistakes a consultant makes when editing a questionnaire by hand: each one gives a clear
error naming the file, the line and the item (on the fixture questionnaire, so shipped content
edits never touch this). Every case here was a silent acceptance, a misleading error or an
error without item or line before it was fixed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from audit.content_check import check
from audit.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


def _edit(tmp_path: Path, *pairs: tuple[str, str]) -> Path:
    text = MINI
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, snippet: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if snippet in line]
    return hits[nth - 1]


def _only(problems: list, fragment: str):
    found = [p for p in problems if fragment in p.message]
    assert found, [str(p) for p in problems]
    return found[0]


# (name, edits, fragment of the one message, snippet on the line it must point at, nth hit)
CASES = [
    ("advice id twice",
     [('{id: measure, title:', '{id: write_plan, title:')],
     "advice id used twice: write_plan (also at line", "{id: write_plan, title: {nl: Meten", 1),
    ("misconception id twice",
     [("  - id: solo\n", "  - id: no_plan\n")],
     "misconception id used twice: no_plan", "- id: no_plan", 2),
    ("dimension id twice",
     [("  - {id: team, name:", "  - {id: strategy, name:")],
     "dimension id used twice: strategy", "{id: strategy, name: {nl: Team", 1),
    ("option value twice names the question and the value",
     [("      - {value: rough, label", "      - {value: none, label")],
     "questions plan: option value used twice: none", "  - id: plan", 1),
    ("a text in a language smaudit does not have",
     [('text: {nl: "Plan?", en: "Plan?"}', 'text: {nl: "Plan?", fr-BE: "Plan ?", en: "Plan?"}')],
     "'fr-BE' is not a language smaudit has", 'fr-BE: "Plan ?"', 1),
    ("a variant key written in lower case",
     [('text: {nl: "Plan?", en: "Plan?"}', 'text: {nl: "Plan?", nl-be: "Plan?", en: "Plan?"}')],
     "(did you mean nl-BE?)", 'nl-be: "Plan?"', 1),
    ("a scale compared with a value it cannot have",
     [('condition: "people > 0"\n    text: {nl: "Tijd?"', 'condition: "people > 0"\n    text: {nl: "Tijd?"'),
      ("{when: \"count(channels) >= 3\", weight: 1}", "{when: \"hours >= 6\", weight: 1}")],
     "can never hold: the answers to hours run from 1 to 5", 'hours >= 6', 1),
    ("a number compared outside its min and max",
     [('{when: "people == 1", weight: 1,', '{when: "people > 900", weight: 1,')],
     "can never hold: the answers to people run from 0 to 500", "people > 900", 1),
    ("a number compared with a text",
     [('    condition: "people > 0"\n    text: {nl: "Tijd?"',
       '    condition: "people > \'0\'"\n    text: {nl: "Tijd?"')],
     "compares people (a number question) with '0', which is not a number", "people > '0'", 1),
    ("a choice compared with a number",
     [("{when: \"plan == 'none'\", weight: 2", "{when: \"plan == 0\", weight: 2")],
     "compares plan with 0, which is not one of its answers", "plan == 0", 1),
    ("a misspelt key",
     [('    text: {nl: Opmerkingen, en: Remarks}',
       '    text: {nl: Opmerkingen, en: Remarks}\n    hlep: {nl: h, en: h}')],
     "questions remarks: unknown key 'hlep' (did you mean 'help'?)", "hlep:", 1),
    ("a weight with a decimal comma",
     [("team, name: {nl: Team, en: Team}, weight: 2,", "team, name: {nl: Team, en: Team}, weight: '1,5',")],
     "dimensions team > weight: '1,5' is not a number: write decimals with a point (1.5)",
     "weight: '1,5'", 1),
    ("a weight that is a word names the question, not a list index",
     [("    yes_points: 2\n", "    yes_points: twee\n")],
     "questions guidelines > yes_points:", "yes_points: twee", 1),
    ("a rule still reading a retired question",
     [("  - id: remarks\n    dimension: team\n    type: text\n    required: false\n"
       "    text: {nl: Opmerkingen, en: Remarks}\n", ""),
      ("misconceptions:\n", "retired: [remarks]\nmisconceptions:\n"),
      ('{when: "people == 1", weight: 1, kind: behaviour}',
       '{when: "people == 1 and answered(remarks)", weight: 1, kind: behaviour}')],
     "unknown question id remarks (it is retired: take it out of this rule)", "answered(remarks)", 1),
    ("levels whose thresholds do not rise name the level",
     [("{number: 3, min_score: 40,", "{number: 3, min_score: 10,")],
     "level 3: min_score 10 must be above level 2's 20", "{number: 3, min_score: 10", 1),
    ("a condition reading a question asked later",
     [('    condition: "people > 0"\n    yes_points',
       '    condition: "people > 0 and answered(remarks)"\n    yes_points')],
     "remarks is asked later, as question 6; a condition may only read questions asked before it",
     "answered(remarks)", 1),
    ("a condition reading its own question",
     [('    condition: "people > 0"\n    yes_points',
       '    condition: "guidelines == \'yes\'"\n    yes_points')],
     "condition: unknown question id guidelines (a question's condition cannot read its own answer)",
     "guidelines == 'yes'", 1),
    ("a single = in a rule",
     [("{when: \"plan == 'none'\", weight: 2", "{when: \"plan = 'none'\", weight: 2")],
     "unexpected character '=' at position 5 (compare with ==)", "plan = 'none'", 1),
    ("number bands that leave the highest answers without points",
     [("bands: [{upto: 0, points: 0}, {upto: 1, points: 1}, {points: 3}]",
       "bands: [{upto: 0, points: 0}, {upto: 1, points: 1}]")],
     "questions people: bands: the last band ends at upto 1, so answers up to max 500 would earn no points",
     "  - id: people", 1),
    ("a composed phrase with a placeholder smaudit does not fill in",
     [("misconceptions:\n", "texts:\n  level_capped:\n    nl: \"blijft op {nivo}\"\n"
       "    en: \"stays at {level}\"\nmisconceptions:\n")],
     "texts > level_capped: nl: {nivo} is not filled in by smaudit", 'blijft op {nivo}', 1),
    ("a composed phrase smaudit does not use",
     [("misconceptions:\n", "texts:\n  level_caped: {nl: x, en: x}\nmisconceptions:\n")],
     "texts > level_caped: not a phrase smaudit composes (did you mean level_capped?", "level_caped", 1),
    ("an option value with capitals",
     [("      - {value: rough, label", "      - {value: Rough, label")],
     "questions plan > options Rough > value: 'Rough': ids and values are written in lower case letters, "
     "digits and _, starting with a letter (e.g. 'rough')", "{value: Rough", 1),
    ("a required key left out",
     [("    type: yesno\n", "")],
     "questions guidelines: type is missing (it is required here)", "  - id: guidelines", 1),
    ("YAML indentation names the line, the item and the cause",
     [("    type: yesno\n", "   type: yesno\n")],
     "malformed YAML", "   type: yesno", 1),
]


@pytest.mark.parametrize("name,edits,fragment,snippet,nth", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_names_file_line_and_item(tmp_path, name, edits, fragment, snippet, nth):
    path = _edit(tmp_path, *edits)
    problems = check(path, strict=False)
    problem = _only(problems, fragment)
    assert problem.file == str(path)
    assert problem.line == _line_of(path, snippet, nth), str(problem)


def test_yaml_error_says_which_item_and_what_to_check(tmp_path):
    path = _edit(tmp_path, ("    type: yesno\n", "   type: yesno\n"))
    [problem] = check(path, strict=False)
    assert "in question guidelines, which starts at line" in problem.message
    assert "indentation" in problem.message


def test_an_unquoted_colon_in_a_text_is_explained(tmp_path):
    path = _edit(tmp_path, ('    text: {nl: Opmerkingen, en: Remarks}',
                            '    text:\n      nl: Let op: dit is lang\n      en: Remarks'))
    [problem] = check(path, strict=False)
    assert problem.line == _line_of(path, "Let op: dit")
    assert "in question remarks" in problem.message and "must be in quotes" in problem.message


def test_report_names_the_questionnaire_line_too(tmp_path):
    """Not only `validate`: a report with a broken questionnaire says file:line and item."""
    path = _edit(tmp_path, ('{id: measure, title:', '{id: write_plan, title:'),
                 ("{when: \"plan == 'none'\", weight: 2", "{when: \"plan == 'nothing'\", weight: 2"))
    from audit.load import load_questionnaire

    with pytest.raises(InputError) as caught:
        load_questionnaire(path)
    lines = caught.value.lines()
    assert f"{path}:{_line_of(path, 'plan == ')}: misconception no_plan: signal 1" in "\n".join(lines)
    second = _line_of(path, "{id: write_plan, title: {nl: Meten")
    assert any(line.startswith(f"{path}:{second}: advice id used twice") for line in lines), lines


def test_impossible_value_stops_the_report_instead_of_a_misleading_answers_error(tmp_path):
    """`plan != 'nonee'` always holds: before, the report blamed the answers file for a missing
    answer to a question the typo made visible."""
    path = _edit(tmp_path, ('    condition: "people > 0"\n    text: {nl: "Tijd?"',
                            '    condition: "plan != \'nonee\'"\n    text: {nl: "Tijd?"'))
    answers = tmp_path / "a.yaml"
    answers.write_text("questionnaire: mini\ncompany: {name: A}\nanswers: {plan: none, people: 0}\n",
                       encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audit", "validate", "--questionnaire", str(path),
                           str(answers)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert f"{path}:{_line_of(path, 'nonee')}: question hours: condition" in done.stderr
    assert "'nonee', which is not one of its answers (none, rough, written)" in done.stderr
    assert "a.yaml" not in done.stderr


def _validate_all(home: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "SMAUDIT_HOME": str(home)}
    env.pop("SMAUDIT_QUESTIONNAIRES", None)
    return subprocess.run([sys.executable, "-m", "audit", "validate"], capture_output=True, text=True,
                          timeout=120, env=env)


def test_a_copy_that_kept_its_version_is_named_not_silently_ignored(tmp_path):
    """Copying a questionnaire and editing it without raising its version: only one of the two
    files is ever used. In one folder that is an error; over the shipped one, a note."""
    own = tmp_path / "home" / "questionnaires"
    own.mkdir(parents=True)
    (own / "a-mini.yaml").write_text(MINI, encoding="utf-8")
    (own / "b-mini-edited.yaml").write_text(MINI.replace("Plan?", "Een plan?"), encoding="utf-8")
    done = _validate_all(tmp_path / "home")
    assert done.returncode == 2
    assert (f"error: {own / 'b-mini-edited.yaml'}: questionnaire mini 1 is also {own / 'a-mini.yaml'}, "
            "which is used; give this file another version") in done.stderr
    (own / "b-mini-edited.yaml").unlink()
    (own / "audit.yaml").write_text(
        (FIXTURES.parent.parent / "questionnaires" / "quick-scan.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    done = _validate_all(tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert f"note: {own / 'audit.yaml'}: questionnaire quick-scan" in done.stdout
    assert "is used instead of" in done.stdout


def test_a_file_whose_id_cannot_be_read_is_checked_too(tmp_path):
    """A YAML mistake above `id:` hides the file from the catalog: `validate` still names it,
    and asking for it by id points there instead of only saying the id is unknown."""
    own = tmp_path / "home" / "questionnaires"
    own.mkdir(parents=True)
    broken = MINI.replace("id: mini\n", "id: own-audit\n\ttitle: x\n", 1)
    (own / "own-audit.yaml").write_text(broken, encoding="utf-8")
    done = _validate_all(tmp_path / "home")
    assert done.returncode == 2
    assert f"error: {own / 'own-audit.yaml'}:" in done.stderr and "malformed YAML" in done.stderr
    import os

    env = {**os.environ, "SMAUDIT_HOME": str(tmp_path / "home")}
    env.pop("SMAUDIT_QUESTIONNAIRES", None)
    asked = subprocess.run([sys.executable, "-m", "audit", "questions", "--questionnaire", "own-audit"],
                           capture_output=True, text=True, timeout=120, env=env)
    assert asked.returncode == 2
    assert f"not readable, see `smaudit validate`: {own / 'own-audit.yaml'}" in asked.stderr


@pytest.fixture()
def own_flemish(tmp_path, monkeypatch):
    """The consultant's own folder with languages/nl-BE/ holding only the texts it changes."""
    from audit import languages

    folder = tmp_path / "home" / "languages" / "nl-BE"
    folder.mkdir(parents=True)
    monkeypatch.setenv("SMAUDIT_HOME", str(tmp_path / "home"))
    languages.clear_caches()
    yield folder
    monkeypatch.undo()
    languages.clear_caches()


def test_a_changed_flemish_term_in_the_own_folder_is_used(own_flemish):
    """Before, a language folder without its own language.yaml was ignored without a word."""
    from audit import languages

    (own_flemish / "web.yaml").write_text("field_size: Aantal medewerkers (VTE)\n", encoding="utf-8")
    assert languages.texts("nl-BE", "web")["field_size"] == "Aantal medewerkers (VTE)"
    assert languages.texts("nl-BE", "web")["start"] == languages.texts("nl", "web")["start"]  # the rest
    assert languages.language("nl-BE").date_short == "{day:02d}/{month:02d}/{year}"  # settings kept


def test_a_placeholder_typo_is_an_error_naming_file_and_key_not_a_crash(own_flemish):
    from audit import languages

    (own_flemish / "report.yaml").write_text(
        'report_completeness: "{beantwoord} van de {applicable} vragen beantwoord"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        languages.texts("nl-BE", "report")
    assert caught.value.lines() == [
        f"{own_flemish / 'report.yaml'}: report_completeness: {{beantwoord}} is not filled in by smaudit "
        "(this text can use: {answered}, {applicable})"]


def test_a_misspelt_text_key_is_reported_by_strict_validation(own_flemish):
    (own_flemish / "web.yaml").write_text("start: Begin\nfield_sise: Aantal medewerkers\n", encoding="utf-8")
    problems = [p for p in check(FIXTURES / "mini.yaml") if "field_sise" in p.message]
    assert [(p.file, p.line) for p in problems] == [(str(own_flemish / "web.yaml"), 2)]
    assert "(did you mean 'field_size'?)" in problems[0].message


def test_an_unclosed_quote_is_named_where_it_opens(tmp_path):
    """YAML reads on past an unclosed quote and fails lines further down; the message points
    back to the line where the quote was opened."""
    path = _edit(tmp_path, ('    condition: "people > 0"\n    text: {nl: "Tijd?"',
                            '    condition: "people > 0\n    text: {nl: "Tijd?"'))
    [problem] = check(path, strict=False)
    opened = _line_of(path, 'condition: "people > 0')
    assert f"the quote opened on line {opened} is not closed" in problem.message


def test_lists_end_with_the_languages_own_and():
    """The level's reason joins its causes with the language's word (data): Flemish too."""
    from audit.assess import _join

    assert _join(["a", "b", "c"], "nl-BE") == "a, b en c"
    assert _join(["a", "b"], "en") == "a and b"


def test_a_listed_language_smaudit_lacks_is_one_line_not_one_per_text(tmp_path):
    path = _edit(tmp_path, ("title: {nl: Mini, en: Mini}",
                            "languages: [nl, en, de]\ntitle: {nl: Mini, en: Mini}"))
    problems = check(path, strict=False)
    assert [p.message.split(" (")[0] for p in problems] == ["languages: de is not a language smaudit has"]
    assert problems[0].line == _line_of(path, "languages: [nl, en, de]")
