import copy
import subprocess
import sys

import pytest
import yaml

from audit.errors import InputError
from audit.load import load_answers, load_questionnaire, parse_questionnaire
from tests.conftest import FIXTURES, ROOT

BASE = yaml.safe_load((FIXTURES / "mini.yaml").read_text())


def broken(change):
    data = copy.deepcopy(BASE)
    change(data)
    return data


def question(data, qid):
    return next(q for q in data["questions"] if q["id"] == qid)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: question(d, "hours").update(condition="people >> 1"),
         "question hours: condition: expected a value, a question id or '(' but found '>'"),
        (lambda d: question(d, "plan").update(condition="hours > 1"),
         "question plan: condition: unknown question id hours"),  # may only read earlier ones
        (lambda d: d["misconceptions"][0]["signals"][0].update(when="ghost == 1"),
         "misconception no_plan: signal 1: unknown question id ghost"),
        (lambda d: question(d, "plan")["options"][0].update(points="lots"),
         "questions plan > options none > points: Input should be a valid number"),
        (lambda d: question(d, "plan").update(type="choice"),
         "questions plan > type: unknown question type"),
        (lambda d: question(d, "plan")["text"].pop("en"), "questions plan > text: no en text"),
        (lambda d: question(d, "people").update(dimension="nowhere"),
         "question people: unknown dimension 'nowhere'"),
        (lambda d: d["advice"][0].update(misconceptions=["ghost"]),
         "advice write_plan: unknown misconception 'ghost'"),
        (lambda d: d["questions"].append(dict(question(d, "plan"))), "question id used twice: plan"),
        (lambda d: question(d, "guidelines").pop("yes_points"), "needs yes_points and no_points"),
        (lambda d: d["levels"].pop(0), "levels must be numbered 1 to 4"),
    ],
)
def test_questionnaire_errors_name_the_item(change, message):
    with pytest.raises(InputError) as caught:
        parse_questionnaire(broken(change), "q.yaml")
    assert any(message in line for line in caught.value.lines()), caught.value.lines()
    assert all(line.startswith("q.yaml: ") for line in caught.value.lines())


def test_malformed_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "answers.yaml"
    bad.write_text("company:\n  name: X\nanswers: [unclosed\n")
    with pytest.raises(InputError, match=r"answers.yaml: line \d+: malformed YAML"):
        load_answers(bad, load_questionnaire(FIXTURES / "mini.yaml"))


def test_missing_required_answer_is_named(tmp_path, mini):
    path = tmp_path / "a.yaml"
    path.write_text("company: {name: X}\nanswers: {people: 2}\n")
    with pytest.raises(InputError, match="question plan: required answer is missing"):
        load_answers(path, mini)
    # a required question hidden by its condition is not missing
    path.write_text("company: {name: X}\nanswers: {plan: none, people: 0}\n")
    assert load_answers(path, mini).values["people"] == 0


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True,
                          cwd=ROOT, stdin=subprocess.DEVNULL)


def test_validate_reports_problems_one_per_line_with_exit_2(tmp_path):
    bad = tmp_path / "client.yaml"
    bad.write_text("company: {name: X}\nanswers: {plan: maybe, ghost: 1}\n")
    result = run_cli("validate", "--questionnaire", str(FIXTURES / "mini.yaml"), str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(f"{bad}: question plan: 'maybe' is not one of the options" in ln for ln in lines)
    assert any(f"{bad}: question ghost: unknown question id" in ln for ln in lines)
    assert "Traceback" not in result.stderr


def test_validate_accepts_good_files(tmp_path):
    good = tmp_path / "client.json"
    good.write_text('{"company": {"name": "X"}, "answers": {"plan": "rough", "people": 2}}')
    result = run_cli("validate", "--questionnaire", str(FIXTURES / "mini.yaml"), str(good),
                     str(FIXTURES / "mini.yaml"))
    assert result.returncode == 0, result.stderr
    assert "answers of 'X', 2 questions answered" in result.stdout
    assert "questionnaire mini 1, 6 questions" in result.stdout


def test_questions_prints_the_questionnaire_in_both_languages():
    nl = run_cli("questions", "--questionnaire", str(FIXTURES / "mini.yaml"))
    en = run_cli("questions", "--questionnaire", str(FIXTURES / "mini.yaml"), "--lang", "en")
    assert "Hoeveel mensen?" in nl.stdout and "alleen als people > 0" in nl.stdout
    assert "How many people?" in en.stdout and "Op papier" not in en.stdout


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from audit.cli import cli; from click.testing import CliRunner; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0, r.output; "
            "heavy = [m for m in ('weasyprint', 'pandas', 'flask', 'prompt_toolkit') if m in sys.modules]; "
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
