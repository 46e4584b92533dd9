"""`smaudit interview` end to end, through a pseudo-terminal (pexpect), as a consultant uses it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audit.load import load_answers, load_questionnaire

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
ENTER, CTRL_C, ESC = "\r", "\x03", "\x1b"


class Terminal:
    """One `python -m audit interview` in a pseudo-terminal (100x30 unless told)."""

    def __init__(self, *args: str, cwd: Path = ROOT, size: tuple[int, int] = (30, 100)):
        # pexpect does not answer prompt_toolkit's cursor-position request; a real terminal does.
        rows, cols = size
        env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS=str(cols),
                   LINES=str(rows))
        self.child = pexpect.spawn(sys.executable, ["-m", "audit", "interview", *args], cwd=str(cwd),
                                   env=env, dimensions=size, encoding="utf-8", timeout=20)

    def wait(self, text: str) -> str:
        """Wait for `text`; what came before it, without the terminal's control sequences."""
        self.child.expect_exact(text)
        return plain(self.child.before)

    def rest(self) -> str:
        """Everything until the program ends, without control sequences."""
        return plain(self.child.read())

    def answer(self, wait_for: str, *keys: str) -> None:
        self.wait(wait_for)
        for key in keys:
            self.child.send(key)

    def type(self, line: str) -> None:
        """Type a line at the next prompt and press Enter."""
        self.wait(PROMPT)
        self.child.send(line + ENTER)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus

    def company(self, name: str = "Acme", lang: str = "en") -> None:
        prompts = {"en": ["Company name", "Sector", "Size", "Consultant", "Date of the interview",
                          "Present", "Contact person"],
                   "nl": ["Naam van het bedrijf", "Sector", "Grootte", "Adviseur",
                          "Datum van het gesprek", "Aanwezig", "Contactpersoon"]}
        first, *others = prompts[lang]
        self.answer(first, name + ENTER)
        for prompt in others:  # defaults: empty, and today's date
            self.answer(prompt, ENTER)


PROMPT = "›"


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|[\x08\r]", "", text)


def saved(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_cli(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=ROOT, stdin=stdin,
                          capture_output=True, text=True, timeout=120)


def test_walking_through_answered_and_skipped_questions_changes_nothing(tmp_path):
    """The bug this guards: Enter on a skipped question turned it into the first option."""
    out = tmp_path / "a.yaml"
    t = Terminal("-o", str(out), "--lang", "en", "--questionnaire", str(MINI))
    t.company()
    t.answer("Plan?", "2" + ENTER)
    t.answer("Channels?", "-" + ENTER)  # don't know: skipped
    t.answer("How many people?", "3" + ENTER)
    t.answer("Time?", "-" + ENTER)  # a skipped scale question
    t.answer("Guidelines?", "-" + ENTER)  # a skipped yes/no question
    t.answer("Remarks", "Fine" + ENTER)
    t.wait("Overview of the answers")
    before = out.read_bytes()
    assert saved(out)["answers"] == {"plan": "rough", "channels": None, "people": 3, "hours": None,
                                     "guidelines": None, "remarks": "Fine"}
    t.type("<")  # from the final overview back to the last question
    t.type("#1")  # to the first question, then Enter all the way through
    for question in ("Plan?", "Channels?", "How many people?", "Time?", "Guidelines?", "Remarks"):
        t.answer(question, ENTER)
    t.wait("Overview of the answers")
    t.type("<")
    t.answer("Remarks", "#4" + ENTER)  # and back and forth with the commands
    for key in ("<", "<", ">", ">", ">", "<", "="):
        t.type(key)
    t.wait("Overview of the answers")
    t.child.send(ESC)  # the overview closes; nothing chosen
    t.answer("Time?", "@" + ENTER)  # the meeting record, left with Esc
    t.wait("The meeting")
    t.child.send(ESC)
    t.answer("Time?", "!" + ENTER)  # a note, begun and cancelled with Esc
    t.answer("Note on this question", "half a thought")
    t.child.send(ESC)
    t.wait("Cancelled, nothing changed.")
    t.child.send(ENTER)
    t.answer("Guidelines?", ENTER)
    t.answer("Remarks", ENTER)
    t.wait("Overview of the answers")
    assert out.read_bytes() == before  # moving never saves: byte for byte the same file
    t.child.send(CTRL_C)
    t.wait("Press Ctrl-C again")
    t.child.send(CTRL_C)
    assert t.finish() == 130
    data = saved(out)
    assert data["answers"]["channels"] is None and data["answers"]["hours"] is None
    assert data["answers"]["guidelines"] is None


def test_full_interview_with_review_edit_note_and_bad_input(tmp_path, mini):
    out = tmp_path / "acme.yaml"
    t = Terminal("-o", str(out), "--lang", "en", "--questionnaire", str(MINI))
    t.company("Bakkerij “De Zoete Inval” 🍞 <b>")
    t.answer("Question 1", "9" + ENTER)
    t.wait("'9' is not one of the choices: type a number from 1 to 3.")
    t.type("Rough")  # an option's words work too
    t.answer("Channels?", "1 3" + ENTER)  # LinkedIn and Instagram
    t.answer("How many people?", "lots" + ENTER)
    t.wait("Type a number from 0 to 500.")  # re-asked with the rule of the file
    t.type("1,000")  # English: a thousand, above the maximum (never 1)
    t.wait("above the maximum 500")
    t.type("3")
    t.answer("Time?", "!" + ENTER)  # a note on Time?
    t.answer("Note on this question", 'Says "<script>alert(1)</script>" & 😀 — really' + ENTER)
    t.wait("Note saved.")
    t.type("4")
    t.answer("Guidelines?", "y" + ENTER)
    t.answer("Remarks", "=" + ENTER)  # the overview in the middle
    review = t.wait("Type a question's number to change it")
    assert "→ Rough" in review and "→ LinkedIn; Instagram" in review and "not answered yet" in review
    t.type("3")  # edit question 3 directly, then back to the overview
    t.answer("How many people?", "0" + ENTER)  # hides Time? and Guidelines?
    review = t.wait("Type a question's number to change it")
    assert "→ 0 people" in review and "Not applicable: 4, 5" in review
    t.child.send(ESC)  # back to where we were
    t.answer("Remarks", "Ze twijfelen, “echt” waar? ‘ja’ <i>x</i>" + ENTER)
    t.wait("Overview of the answers")
    t.type("")  # finish: the meeting record comes next
    t.wait("The meeting")
    t.type("6")  # the consultant's conclusion
    t.answer("conclusion", "Begin met een plan." + ENTER)
    t.wait("Saved.")
    t.type("")
    summary = t.wait("Make the PDF report now?")
    assert "Summary" in summary and "Strategy" in summary
    t.child.send("2" + ENTER)  # no PDF now
    rest = t.rest()
    assert f"smaudit report {out} -o {out.with_suffix('.pdf')} --questionnaire {MINI}" in rest
    assert t.finish() == 0

    data = saved(out)
    assert data["company"]["name"] == "Bakkerij “De Zoete Inval” 🍞 <b>"
    assert data["answers"] == {"plan": "rough", "channels": ["linkedin", "instagram"], "people": 0,
                               "hours": 4, "guidelines": "yes",
                               "remarks": "Ze twijfelen, “echt” waar? ‘ja’ <i>x</i>"}
    assert data["hidden_answers"] == ["hours", "guidelines"]
    assert data["notes"] == {"hours": 'Says "<script>alert(1)</script>" & 😀 — really'}
    assert data["consultant_notes"] == {"conclusion": "Begin met een plan."}
    assert isinstance(data["session"]["duration_minutes"], int)
    assert "🍞" in out.read_text(encoding="utf-8")  # unicode kept as typed, not escaped
    load_answers(out, mini)  # complete, as `smaudit report` requires

    result = run_cli("report", str(out), "--questionnaire", str(MINI), "--json", str(tmp_path / "a.json"))
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert report["hidden_answers"] == ["hours", "guidelines"]
    notes = {a["question"]: a["note"] for a in report["appendix"] if a["note"]}
    assert notes == {"hours": 'Says "<script>alert(1)</script>" & 😀 — really'}
    assert report["consultant_notes"] == {"conclusion": "Begin met een plan."}


def test_two_quick_ctrl_c_leave_at_once_with_the_answers_saved(tmp_path, mini):
    """Pressed twice in a row, the second Ctrl-C may arrive before the question is ready (as a
    signal, not a key): it must still leave at once, not be lost and leave the interview waiting."""
    out = tmp_path / "answers.yaml"
    t = Terminal("-o", str(out), "--lang", "nl", "--questionnaire", str(MINI))
    t.company("Jansen & Zonen", "nl")
    t.answer("Vraag 1", "3" + ENTER)
    t.answer("Kanalen?", CTRL_C + CTRL_C)
    text = t.rest()
    assert t.finish() == 130
    assert "Gestopt" in text and "Traceback" not in text and "KeyboardInterrupt" not in text
    assert saved(out)["answers"] == {"plan": "written"}


@pytest.mark.pdf
def test_ctrl_c_asks_once_then_resume_and_write_the_branded_pdf(tmp_path, mini):
    out = tmp_path / "answers.yaml"
    brand = ROOT / "examples" / "brands" / "koers-digitaal"
    t = Terminal("-o", str(out), "--lang", "nl", "--questionnaire", str(MINI), "--brand", str(brand))
    t.company("Jansen & Zonen", "nl")
    t.answer("Vraag 1", "3" + ENTER)  # Op papier
    t.answer("Kanalen?", "-" + ENTER)  # left open, the same command in Dutch
    t.answer("Hoeveel mensen?", "2" + ENTER)
    t.answer("Tijd?", CTRL_C)  # a stray Ctrl-C asks first
    asked = t.wait("Druk nogmaals Ctrl-C om te stoppen")
    assert f"\n{out}\n" in asked  # where everything is, on a line of its own
    t.child.send(ENTER)  # go on: the same question again
    t.child.send(CTRL_C)
    t.wait("Druk nogmaals Ctrl-C")
    t.child.send(CTRL_C)  # the second one leaves at once
    text = t.rest()
    assert t.finish() == 130
    assert "Gestopt" in text and f"\nsmaudit interview --resume {out} --questionnaire {MINI}" in text
    data = saved(out)
    assert data["answers"] == {"plan": "written", "channels": None, "people": 2}
    assert data["company"]["name"] == "Jansen & Zonen" and data["language"] == "nl"
    assert data["brand"] == str(brand.resolve())

    t = Terminal("--resume", str(out), "--questionnaire", str(MINI))  # no --brand: it is stored
    shown = t.wait("Tijd?")
    assert "Verder met" in shown and "3 van ongeveer 6 vragen beantwoord" in shown
    t.type("5")
    t.answer("Richtlijnen?", "nee" + ENTER)
    t.answer("Opmerkingen", "Zegt <b>vet</b> & “zo” 😀" + ENTER)
    t.wait("Overzicht van de antwoorden")
    t.type("")
    t.wait("Het gesprek")
    t.type("")
    t.answer("Het pdf-rapport nu maken?", ENTER)  # yes
    t.answer("Pdf-bestand", ENTER)  # default: beside the answers file
    after = t.rest()
    assert t.finish() == 0
    data = saved(out)
    assert data["answers"] == {"plan": "written", "channels": None, "people": 2, "hours": 5,
                               "guidelines": "no", "remarks": "Zegt <b>vet</b> & “zo” 😀"}
    load_answers(out, mini)
    pdf = out.with_suffix(".pdf")
    assert "Rapport gemaakt" in after, after
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Jansen & Zonen" in text
    assert "Zegt <b>vet</b> & “zo”" in text  # escaped: shown as typed, not as markup
    assert "Koers" in text  # the stored brand, without --brand on the resume
    # the printed command makes the same branded report
    again = tmp_path / "again.pdf"
    assert f"smaudit report {out} -o {pdf}" in after
    result = run_cli("report", str(out), "-o", str(again), "--questionnaire", str(MINI))
    assert result.returncode == 0, result.stderr
    assert "Koers" in "".join(page.extract_text() for page in pypdf.PdfReader(again).pages)


def test_back_from_the_first_question_edits_the_company_and_goto_question(tmp_path):
    out = tmp_path / "a.yaml"
    t = Terminal("-o", str(out), "--lang", "en", "--questionnaire", str(MINI))
    t.company()
    t.answer("Plan?", "<" + ENTER)  # back from the first question: the company details again
    t.answer("Company name", "Acme Two" + ENTER)
    for prompt in ("Sector", "Size", "Consultant", "Date of the interview"):
        t.answer(prompt, ENTER)
    t.answer("Plan?", "#9" + ENTER)
    t.wait("There is no question 9: the questions run from 1 to 6.")
    t.type("#3")
    t.answer("How many people?", "-" + ENTER)  # required: cannot stay open
    t.wait("This question needs an answer")
    t.type("0")
    t.answer("Remarks", "#4" + ENTER)  # Time? is not asked when nobody works on it
    t.wait("Question 4 is not asked: that follows from the answer to question 3.")
    t.type("#3")
    t.answer("How many people?", "2 people" + ENTER)  # with its unit, as people say it
    t.answer("Time?", CTRL_C)
    t.answer("Press Ctrl-C again", CTRL_C)
    t.finish()
    assert saved(out)["answers"] == {"people": 2}
    assert saved(out)["company"]["name"] == "Acme Two"


def test_product_questionnaire_can_be_answered_to_the_end_in_dimension_order(tmp_path):
    """Every question of the real questionnaire, in the order `smaudit questions` prints."""
    from audit.interview.order import asking_order
    from audit.interview.session import Session

    q = load_questionnaire()
    oracle = Session.new(q, None, "en")  # the same logic, to know which question comes next
    out = tmp_path / "product.yaml"
    t = Terminal("-o", str(out), "--lang", "en")
    t.company()
    helped = False
    numbers = []
    while not oracle.finished:
        question = oracle.current
        numbers.append(oracle.number(question.id))
        t.wait(question.text("en")[:30])
        if question.help and not helped:  # "?" prints the explanation, then asks again
            t.type("?")
            t.wait(question.help("en")[:30])
            helped = True
        if question.type in ("single", "yesno", "scale", "multi"):
            t.type("1")
            value = question.options[0].value if question.options else ("yes" if question.type ==
                                                                         "yesno" else 1)
            value = [value] if question.type == "multi" else value
        elif question.type == "number":
            number = int(question.min or 0) + 1
            if question.max is not None:
                number = min(number, int(question.max))
            t.type(str(number))
            value = number
        else:
            t.type("fine")
            value = "fine"
        oracle.answer(value)
    t.answer("Overview of the answers", "")
    t.type("")
    t.answer("The meeting", "")
    t.type("")
    t.answer("Make the PDF report now?", "2" + ENTER)
    assert t.finish() == 0
    answers = load_answers(out, q)
    assert answers.values == oracle.answers.values
    assert numbers == sorted(numbers)  # never back and forth between dimensions
    order = [x.id for x in asking_order(q)]
    listed = run_cli("questions", "--lang", "en").stdout
    positions = [listed.index(f"({qid},") for qid in order]
    assert positions == sorted(positions)  # the same order as `smaudit questions`
    assert helped


def test_not_a_terminal_points_to_smaudit_report(tmp_path):
    result = run_cli("interview", "-o", str(tmp_path / "a.yaml"), "--questionnaire", str(MINI))
    assert result.returncode == 2
    assert "smaudit report" in result.stderr and "TTY" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.parametrize("content", [
    "questionnaire: other\ncompany: {name: A}\nanswers: {plan: rough}\n",
    "questionnaire: mini\ncompany: {name: A\n  answers: : :\n",
    "questionnaire: mini\ncompany: [A]\nanswers: {plan: rough}\n",
])
def test_bad_resume_file_exits_2_and_is_left_byte_for_byte(tmp_path, content):
    path = tmp_path / "old.yaml"
    path.write_bytes(content.encode())
    t = Terminal("--resume", str(path), "--questionnaire", str(MINI))  # in a terminal: no TTY excuse
    text = t.rest()
    assert t.finish() == 2
    assert f"error: {path}:" in text and "Traceback" not in text
    assert path.read_bytes() == content.encode()


def test_existing_output_is_not_overwritten(tmp_path):
    path = tmp_path / "taken.yaml"
    path.write_text("keep me\n", encoding="utf-8")
    t = Terminal("-o", str(path), "--lang", "en", "--questionnaire", str(MINI))
    text = t.rest()
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
