"""`smaudit interview` end to end, through a pseudo-terminal (pexpect), as a consultant uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audit.load import DEFAULT_QUESTIONNAIRE, load_answers, load_questionnaire

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
DOWN, ENTER, CTRL_C, CTRL_U = "\x1b[B", "\r", "\x03", "\x15"


class Terminal:
    """One `python -m audit interview` in a 100x30 pseudo-terminal."""

    def __init__(self, *args: str, cwd: Path = ROOT):
        # pexpect does not answer prompt_toolkit's cursor-position request; a real terminal does.
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100", LINES="30")
        self.child = pexpect.spawn(sys.executable, ["-m", "audit", "interview", *args], cwd=str(cwd),
                                   env=env, dimensions=(30, 100), encoding="utf-8", timeout=20)

    def wait(self, text: str) -> str:
        self.child.expect_exact(text)
        return self.child.before

    def answer(self, wait_for: str, *keys: str) -> None:
        self.wait(wait_for)
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def company(self, name: str = "Acme", lang: str = "en") -> None:
        prompts = {"en": ["Company name:", "Sector:", "Size", "Consultant:", "YYYY-MM-DD"],
                   "nl": ["Naam van het bedrijf:", "Sector:", "Grootte", "Adviseur:", "JJJJ-MM-DD"]}
        first, *others = prompts[lang]
        self.answer(first, name + ENTER)
        for prompt in others:  # defaults: empty, and today's date
            self.answer(prompt, ENTER)


def saved(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_cli(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=ROOT, stdin=stdin,
                          capture_output=True, text=True, timeout=120)


def test_full_interview_with_back_changed_answer_note_and_bad_input(tmp_path, mini):
    out = tmp_path / "acme.yaml"
    t = Terminal("-o", str(out), "--lang", "en", "--questionnaire", str(MINI))
    t.company("Bakkerij “De Zoete Inval” 🍞 <b>")
    t.wait("Question 1 of about 6")
    t.answer("Plan?", DOWN, ENTER)  # the second option by arrow key
    t.answer("Question 2 of about 6", "1", "3", ENTER)  # tick LinkedIn and Instagram by number
    t.answer("How many people?", "lots" + ENTER)
    t.wait("Enter a number from 0 to 500.")  # re-asked with the rule of the file
    t.child.send(CTRL_U + "3" + ENTER)
    t.answer("Question 4 of about 6", "n", ENTER)  # "add a note" on Time?
    t.answer("Note with this answer", 'Says "<script>alert(1)</script>" & 😀 — really' + ENTER)
    t.wait("Note saved.")
    t.answer("Time?", "4", ENTER)
    t.answer("Guidelines?", "1", ENTER)
    t.answer("Remarks", ":b" + ENTER)  # back, typed on a text question
    t.answer("Guidelines?", "b", ENTER)  # back from the list
    t.answer("Time?", "b", ENTER)
    t.answer("How many people?", CTRL_U + "0" + ENTER)  # hides Time? and Guidelines?
    t.answer("Question 4 of about 4", "Ze twijfelen, “echt” waar? ‘ja’ <i>x</i>" + ENTER)
    t.answer("Every question has been asked", "2", ENTER)  # back to the last question
    t.answer("Remarks", ":b" + ENTER)  # typed behind the pre-filled answer: a command, not text
    t.answer("How many people?", ENTER)  # Enter keeps the answer
    t.answer("Remarks", ENTER)
    t.answer("Every question has been asked", ENTER)  # finish
    summary = t.wait("Write the PDF report now?")
    assert "Summary" in summary and "Level 2 of 5" in summary and "Strategy" in summary
    t.child.send("2" + ENTER)  # no PDF now
    rest = t.child.read()
    assert "smaudit report" in rest
    assert t.finish() == 0

    data = saved(out)
    assert data["company"]["name"] == "Bakkerij “De Zoete Inval” 🍞 <b>"
    assert data["answers"] == {"plan": "rough", "channels": ["linkedin", "instagram"], "people": 0,
                               "hours": 4, "guidelines": "yes",
                               "remarks": "Ze twijfelen, “echt” waar? ‘ja’ <i>x</i>"}
    assert data["hidden_answers"] == ["hours", "guidelines"]
    assert data["notes"] == {"hours": 'Says "<script>alert(1)</script>" & 😀 — really'}
    assert "🍞" in out.read_text(encoding="utf-8")  # unicode kept as typed, not escaped
    load_answers(out, mini)  # complete, as `smaudit report` requires

    if not (ROOT / "audit" / "commands" / "report.py").exists():
        pytest.skip("smaudit report is not there yet: the file was checked with load_answers only")
    result = run_cli("report", str(out), "--questionnaire", str(MINI), "--json", str(tmp_path / "a.json"))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert report["hidden_answers"] == ["hours", "guidelines"]
    notes = {a["question"]: a["note"] for a in report["appendix"] if a["note"]}
    assert notes == {"hours": 'Says "<script>alert(1)</script>" & 😀 — really'}


@pytest.mark.pdf
def test_interrupt_with_ctrl_c_then_resume_and_write_the_pdf(tmp_path, mini):
    out = tmp_path / "answers.yaml"
    t = Terminal("-o", str(out), "--lang", "nl", "--questionnaire", str(MINI))
    t.company("Jansen & Zonen", "nl")
    t.answer("Vraag 1 van ongeveer 6", "3", ENTER)  # Op papier
    t.answer("Kanalen?", "o", ENTER)  # skip the optional question with its Dutch letter
    t.answer("Hoeveel mensen?", "2" + ENTER)
    t.answer("Tijd?", CTRL_C)  # interrupted halfway
    text = t.child.read()
    assert t.finish() == 130
    assert "Onderbroken" in text and f"--resume {out}" in text
    data = saved(out)
    assert data["answers"] == {"plan": "written", "channels": None, "people": 2}
    assert data["company"]["name"] == "Jansen & Zonen" and data["language"] == "nl"

    t = Terminal("--resume", str(out), "--questionnaire", str(MINI))
    shown = t.wait("Tijd?")
    assert "Verder met" in shown and "3 van ongeveer 6 vragen beantwoord" in shown
    t.child.send("5" + ENTER)
    t.answer("Richtlijnen?", "2", ENTER)
    t.answer("Opmerkingen", "Zegt <b>vet</b> & “zo” 😀" + ENTER)
    t.answer("Alle vragen zijn gesteld", ENTER)
    t.answer("Het pdf-rapport nu maken?", ENTER)  # yes
    t.answer("Pdf-bestand:", ENTER)  # default: beside the answers file
    after = t.child.read()
    assert t.finish() == 0
    data = saved(out)
    assert data["answers"] == {"plan": "written", "channels": None, "people": 2, "hours": 5,
                               "guidelines": "no", "remarks": "Zegt <b>vet</b> & “zo” 😀"}
    load_answers(out, mini)
    pdf = out.with_suffix(".pdf")
    if "niet gemaakt worden" in after:
        pytest.skip("the PDF renderer is not available: " + after.strip().splitlines()[0])
    assert "Rapport gemaakt" in after
    assert pdf.read_bytes().startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Jansen & Zonen" in text
    assert "Zegt <b>vet</b> & “zo”" in text  # escaped: shown as typed, not as markup


def test_jump_to_dimension_and_typed_commands(tmp_path):
    out = tmp_path / "a.yaml"
    t = Terminal("-o", str(out), "--lang", "en", "--questionnaire", str(MINI))
    t.company()
    t.answer("Plan?", "b", ENTER)  # back from the first question: the company details again
    t.answer("Company name:", CTRL_U + "Acme Two" + ENTER)
    for prompt in ("Sector:", "Size", "Consultant:", "YYYY-MM-DD"):
        t.answer(prompt, ENTER)
    t.answer("Plan?", "j", ENTER)
    t.answer("Jump to which dimension?", "2", ENTER)  # Team
    t.answer("How many people?", ":s" + ENTER)  # required: no skip here
    t.wait("Unknown command :s")
    t.child.send(CTRL_U + "1" + ENTER)
    t.answer("Time?", CTRL_C)
    t.finish()
    assert saved(out)["answers"] == {"people": 1}
    assert saved(out)["company"]["name"] == "Acme Two"


def test_product_questionnaire_can_be_answered_to_the_end(tmp_path):
    """Every question of the real questionnaire, choosing the first option (or a valid number)."""
    if not DEFAULT_QUESTIONNAIRE.exists():
        pytest.skip("the product questionnaire is not there yet")
    from audit.interview.session import Session

    q = load_questionnaire()
    oracle = Session.new(q, None, "en")  # the same logic, to know which question comes next
    out = tmp_path / "product.yaml"
    t = Terminal("-o", str(out), "--lang", "en")
    t.company()
    helped = False
    while not oracle.finished:
        question = oracle.current
        t.wait(question.text("en")[:30])
        if question.help and not helped:  # "show help" prints it, then asks the same again
            t.child.send("h" + ENTER if question.type != "number" and question.type != "text"
                         else ":h" + ENTER)
            t.wait(question.help("en")[:30])
            t.wait(question.text("en")[:30])
            helped = True
        if question.type in ("single", "yesno", "scale"):
            t.child.send("1" + ENTER)
            value = question.options[0].value if question.options else ("yes" if question.type ==
                                                                         "yesno" else 1)
        elif question.type == "multi":
            t.child.send("1" + ENTER)
            value = [question.options[0].value]
        elif question.type == "number":
            number = int(question.min or 0) + 1
            if question.max is not None:
                number = min(number, int(question.max))
            t.child.send(CTRL_U + str(number) + ENTER)
            value = number
        else:
            t.child.send("fine" + ENTER)
            value = "fine"
        oracle.answer(value)
    t.answer("Every question has been asked", ENTER)
    t.answer("Write the PDF report now?", "2" + ENTER)
    assert t.finish() == 0
    answers = load_answers(out, q)
    assert answers.values == oracle.answers.values
    assert helped or not any(question.help for question in q.questions)


def test_not_a_terminal_points_to_smaudit_report(tmp_path):
    result = run_cli("interview", "-o", str(tmp_path / "a.yaml"), "--questionnaire", str(MINI))
    assert result.returncode == 2
    assert "smaudit report" in result.stderr and "TTY" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.parametrize("content", [
    "questionnaire: mini\nquestionnaire_version: '9'\ncompany: {name: A}\nanswers: {plan: rough}\n",
    "questionnaire: mini\ncompany: {name: A\n  answers: : :\n",
    "questionnaire: mini\ncompany: [A]\nanswers: {plan: rough}\n",
])
def test_bad_resume_file_exits_2_and_is_left_byte_for_byte(tmp_path, content):
    path = tmp_path / "old.yaml"
    path.write_bytes(content.encode())
    t = Terminal("--resume", str(path), "--questionnaire", str(MINI))  # in a terminal: no TTY excuse
    text = t.child.read()
    assert t.finish() == 2
    assert f"error: {path}:" in text and "Traceback" not in text
    assert path.read_bytes() == content.encode()


def test_existing_output_is_not_overwritten(tmp_path):
    path = tmp_path / "taken.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    t = Terminal("-o", str(path), "--lang", "en", "--questionnaire", str(MINI))
    text = t.child.read()
    assert t.finish() == 2
    assert "--resume" in text
    assert path.read_text(encoding="utf-8") == "keep me\n"


def test_bad_brand_is_reported_before_any_question(tmp_path):
    result = run_cli("interview", "-o", str(tmp_path / "a.yaml"), "--brand", str(tmp_path / "nope"),
                     "--questionnaire", str(MINI))
    assert result.returncode == 2
    assert "brand" in result.stderr and str(tmp_path / "nope") in result.stderr
    assert "Traceback" not in result.stderr


def test_output_that_cannot_be_created_is_reported_before_any_question(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run_cli("interview", "-o", str(tmp_path / "file" / "a.yaml"), "--questionnaire", str(MINI))
    assert result.returncode == 2
    assert "cannot create the answers file" in result.stderr or "kan het antwoordenbestand" in result.stderr
