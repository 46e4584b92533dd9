"""A brand kit chooses the report language (e.g. Flemish, nl-BE) as data; `--lang` and the
answers file's `language:` come first (audit.brand.report_language)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.cli_runner import run_smaudit as run

ROOT = Path(__file__).resolve().parent.parent
BAKERY = ROOT / "examples" / "answers" / "bakkerij-de-korenschoof.yaml"
FLEMISH_KIT = ROOT / "examples" / "brands" / "zonnig-advies"  # says `language: nl-BE`
DUTCH_KIT = ROOT / "examples" / "brands" / "koers-digitaal"  # says no language


def _answers(tmp_path: Path, language: str | None) -> Path:
    """The bakery's answers, with the given `language:` line or none at all."""
    text = re.sub(r"(?m)^language:.*\n", "", BAKERY.read_text(encoding="utf-8"))
    if language:
        text = f"language: {language}\n" + text
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _words(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_flemish_brand_kit_makes_a_flemish_report(tmp_path, capsys):
    out = tmp_path / "report.pdf"
    code, _, err = run(["report", _answers(tmp_path, None), "--brand", FLEMISH_KIT, "-o", out,
                        "--no-register"], capsys)
    assert code == 0, err
    text = _words(out)
    for term in ("zaakvoerder", "kmo's", "VTE", "online klantendienst"):
        assert term in text, term
    # the Dutch (Netherlands) terms are gone; "webcare" stays only in a source's own title
    assert " mkb" not in text and " fte" not in text
    assert "webcare" not in text.replace("webcareteam", "")


@pytest.mark.parametrize("answers_lang, cli, kit, expected", [
    (None, [], FLEMISH_KIT, "nl-BE"),            # the brand kit's language
    (None, [], DUTCH_KIT, "nl"),                 # nobody says: Dutch
    ("en", [], FLEMISH_KIT, "en"),               # the answers file beats the kit
    ("nl", [], FLEMISH_KIT, "nl"),               # also when it says plain Dutch
    (None, ["--lang", "nl"], FLEMISH_KIT, "nl"),  # --lang beats the kit
    ("en", ["--lang", "nl-BE"], DUTCH_KIT, "nl-BE"),  # and the answers file
])
def test_language_precedence_cli_then_answers_then_brand_then_nl(tmp_path, capsys, answers_lang, cli,
                                                                 kit, expected):
    out = tmp_path / "a.json"
    code, _, err = run(["report", _answers(tmp_path, answers_lang), "--brand", kit, "--json", out,
                        "--no-register", *cli], capsys)
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["language"] == expected


def test_unknown_language_in_brand_kit_names_file_and_field(tmp_path, capsys):
    kit = tmp_path / "kit"
    shutil.copytree(DUTCH_KIT, kit)
    brand_file = kit / "brand.yaml"
    brand_file.write_text(brand_file.read_text(encoding="utf-8") + "language: vlaams\n", encoding="utf-8")
    code, _, err = run(["report", _answers(tmp_path, None), "--brand", kit, "--json", tmp_path / "a.json",
                        "--no-register"], capsys)
    assert code == 2
    assert str(brand_file) in err and "language: 'vlaams' is not a known language" in err
    assert not (tmp_path / "a.json").exists()


def test_batch_without_lang_follows_the_brand_kit(tmp_path, capsys):
    fixtures = ROOT / "tests" / "fixtures"
    code, out, err = run(["batch", fixtures / "clients-mini.csv", "--questionnaire", fixtures / "mini.yaml",
                          "--brand", FLEMISH_KIT, "--no-pdf", "-o", tmp_path], capsys)
    assert code == 1, err  # the list holds one bad row on purpose
    saved = [json.loads(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.json")]
    saved = [a for a in saved if "schema_version" in a]  # the assessments, not the run's own files
    assert len(saved) == 5 and {a["language"] for a in saved} == {"nl-BE"}
    assert "klanten" in out  # the run's own summary is in Dutch too
