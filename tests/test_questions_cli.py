"""`smaudit questions`: the interview's order and numbers, on screen and as a blank paper form."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from audit.interview.order import asking_order
from audit.load import load_questionnaire

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


def test_questions_are_listed_dimension_by_dimension_in_the_interview_s_numbers():
    q = load_questionnaire()
    order = asking_order(q)
    listed = run_cli("questions", "--lang", "nl").stdout
    for n, question in enumerate(order, 1):
        assert re.search(rf"^\s*{n}\. .*\({question.id}, ", listed, re.M), question.id
    dims = [question.dimension for question in order]
    assert dims == sorted(dims, key=[d.id for d in q.dimensions].index)  # never back and forth


def test_a_follow_up_never_comes_before_the_question_it_depends_on():
    from audit.model import Questionnaire

    q = load_questionnaire(ROOT / "tests" / "fixtures" / "mini.yaml")
    data = q.model_dump(mode="json", exclude_none=True)
    people = next(x for x in data["questions"] if x["id"] == "people")
    data["questions"].remove(people)
    data["questions"].insert(0, people)  # first in the file, but in the second dimension
    for question in data["questions"]:  # plan (first dimension) now depends on people
        if question["id"] == "plan":
            question["condition"] = "people > 0"
    order = [x.id for x in asking_order(Questionnaire.model_validate(data))]
    assert order.index("plan") == order.index("people") + 1
    assert set(order) == {x["id"] for x in data["questions"]}


@pytest.mark.pdf
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_blank_questionnaire_pdf_is_branded_numbered_and_has_no_ids_or_points(tmp_path, lang):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "vragenlijst.pdf"
    brand = ROOT / "examples" / "brands" / "koers-digitaal"
    result = run_cli("questions", "--lang", lang, "--pdf", str(out), "--brand", str(brand))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    reader = pypdf.PdfReader(out)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    q = load_questionnaire()
    position = 0
    for n, question in enumerate(asking_order(q), 1):
        words = re.sub(r"\s+", " ", question.text(lang))[:40]
        found = text.find(f"{n}. {words}", position)
        assert found >= 0, (n, question.id)  # every question, numbered, in the interview's order
        position = found
        for option in question.options or []:
            assert option.label(lang)[:30] in text
        if "_" in question.id:
            assert question.id not in text
    assert "Koers Digitaal" in text
    assert not re.search(r"\(\w+, -?\d", text)  # no "(value, points)" as on the screen list
    # a bad output place is one clear line, and nothing is left behind
    (tmp_path / "file.pdf").write_text("x")
    bad = run_cli("questions", "--pdf", str(tmp_path / "file.pdf" / "x.pdf"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
