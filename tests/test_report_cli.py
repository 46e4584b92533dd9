"""`smaudit report`: bad input is one line naming file and question, exit 2, and the previous
PDF stays as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_smaudit as run

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
KIT = ROOT / "examples" / "brands" / "koers-digitaal"
GOOD = """\
language: en
company: {name: Bakkerij Test, sector: Food}
answers:
  plan: none
  channels: [linkedin, facebook, instagram]
  people: 1
"""
PREVIOUS = b"%PDF-1.7 previous report"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_bytes(PREVIOUS)
    return path


@pytest.mark.parametrize("body, needle", [
    (GOOD + "  bogus: 1\n", "question bogus: unknown question id"),
    (GOOD.replace("plan: none", "plan: maybe"), "question plan:"),
    (GOOD.replace("people: 1", "people: lots"), "question people:"),
    (GOOD.replace("  plan: none\n", ""), "question plan: required answer is missing"),
    (GOOD.replace("[linkedin, facebook, instagram]", "[linkedin, facebook"), "malformed YAML"),
])
def test_bad_answers_one_line_exit_2_previous_pdf_kept(tmp_path, out, capsys, body, needle):
    answers = tmp_path / "answers.yaml"
    answers.write_text(body, encoding="utf-8")
    code, _, err = run(["report", answers, "--questionnaire", MINI, "-o", out], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(answers) in lines[0] and needle in lines[0]
    assert "Traceback" not in err
    assert out.read_bytes() == PREVIOUS


def test_missing_logo_exit_2_previous_pdf_kept(tmp_path, out, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "brand.yaml").write_text("name: X\nlogo: gone.svg\n")
    code, _, err = run(["report", answers, "--questionnaire", MINI, "--brand", kit, "-o", out], capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(kit / "brand.yaml") in lines[0] and "logo" in lines[0]
    assert out.read_bytes() == PREVIOUS


def test_json_only_needs_no_pdf(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "a.json"
    code, _, err = run(["report", answers, "--questionnaire", MINI, "--json", target], capsys)
    assert code == 0, err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == 3
    assert data["language"] == "en"  # from the answers file
    assert data["company"]["name"] == "Bakkerij Test"
    assert not list(tmp_path.glob("*.pdf"))


def test_neither_output_is_a_usage_error(tmp_path, capsys):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    code, _, err = run(["report", answers, "--questionnaire", MINI], capsys)
    assert code == 2 and "-o" in err


@pytest.mark.pdf
def test_report_writes_pdf_and_json_in_chosen_language(tmp_path, out, capsys):
    from pypdf import PdfReader

    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    target = tmp_path / "a.json"
    code, stdout, err = run(["report", answers, "--questionnaire", MINI, "--brand", KIT, "--lang", "nl",
                             "-o", out, "--json", target], capsys)
    assert code == 0, err
    assert out.read_bytes() != PREVIOUS
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Bakkerij Test" in text and "Samenvatting" in text and "Koers Digitaal" in text
    assert json.loads(target.read_text())["language"] == "nl"


@pytest.mark.pdf
def test_subprocess_entry_point(tmp_path, out):
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD + "  bogus: 1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "audit", "report", str(answers), "--questionnaire",
                             str(MINI), "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {answers}: question bogus: unknown question id"
    assert out.read_bytes() == PREVIOUS


@pytest.mark.pdf
def test_demo_renders_every_example(tmp_path, capsys):
    answers_dir = tmp_path / "answers"
    answers_dir.mkdir()
    (answers_dir / "bakker.yaml").write_text(GOOD, encoding="utf-8")
    (answers_dir / "kapper.yaml").write_text(GOOD.replace("Bakkerij Test", "Kapsalon Knip")
                                             .replace("language: en", "language: nl"), encoding="utf-8")
    code, stdout, err = run(["demo", "--out", tmp_path / "out", "--answers", answers_dir,
                             "--questionnaire", MINI], capsys)
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert names == ["bakker-neutral-brand.pdf", "bakker-nl.pdf", "bakker.pdf", "kapper.pdf"]


@pytest.mark.pdf
def test_light_brand_kit_is_printed_readably_and_the_report_says_so(tmp_path, capsys):
    from pypdf import PdfReader

    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    pdf = tmp_path / "light.pdf"
    kit = ROOT / "examples" / "brands" / "zonnig-advies"
    code, out, err = run(["report", answers, "-o", pdf, "--brand", kit, "--questionnaire", MINI,
                          "--no-register", "--archive"], capsys)
    assert code == 0, err
    assert "warning: " in err and "colours.primary #ffcc33 is 1.5:1 on white" in err
    assert "note: " in err and "labels on it are printed dark" in err
    xmp = PdfReader(pdf).xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp
