"""Batch input over the product questionnaire (questionnaires/social-media-audit.yaml): every
question gets a template column, its real labels survive the ways survey tools join them,
and the sample client list in examples/ behaves as documented."""

from __future__ import annotations

import csv
import sys

import pytest
from conftest import ROOT

PRODUCT = ROOT / "questionnaires" / "social-media-audit.yaml"
pytestmark = pytest.mark.skipif(not PRODUCT.exists(), reason="product questionnaire not there yet")


@pytest.fixture(scope="module")
def product():
    from audit.load import load_questionnaire

    return load_questionnaire(PRODUCT)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_random_rows_in_template_layout_all_parse(tmp_path, product, lang):
    from audit.batch.matching import parse_rows
    from audit.batch.readers import read_table
    from audit.batch.sample import random_rows

    path = tmp_path / "list.csv"
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows(random_rows(product, 25, lang, seed=3))
    parsed = parse_rows(read_table(path), product, lang)
    assert [p for r in parsed.rows for p in r.problems] == []
    assert {c.target for c in parsed.columns if c.role == "question"} == {q.id for q in product.questions}


@pytest.mark.parametrize("lang, joiner", [("nl", ", "), ("en", ", "), ("nl", ";")])
def test_google_and_microsoft_style_headers_and_joins_over_real_labels(tmp_path, product, lang, joiner):
    """Question texts as headers, multiple choice joined as Google (", ") or Microsoft (";")."""
    from audit.batch.matching import parse_rows
    from audit.batch.readers import read_table
    from audit.batch.sample import random_rows

    rows = random_rows(product, 25, lang, seed=5)
    header = ["Timestamp", "Company name" if lang == "en" else "Bedrijfsnaam"]
    header += [q.text(lang) for q in product.questions]
    body = []
    for row in rows[1:]:
        answers = row[6:]
        for i, q in enumerate(product.questions):
            if q.type == "multi" and answers[i]:
                answers[i] = joiner.join(answers[i].split("; ")) + (";" if joiner == ";" else "")
        body.append(["2026/11/01 10:00:00", row[0], *answers])
    path = tmp_path / "export.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *body])
    parsed = parse_rows(read_table(path), product, lang)
    assert [p.message for r in parsed.rows for p in r.problems] == []
    assert len(parsed.rows) == 25


def test_xlsx_template_has_a_column_and_a_hint_for_every_question(tmp_path, product):
    from openpyxl import load_workbook

    from audit.batch.template import write_template

    path = tmp_path / "klanten.xlsx"
    write_template(product, "xlsx", "nl", path)
    sheet = load_workbook(path).worksheets[0]
    ids = [c.value for c in sheet[1]][6:]
    assert ids == [q.id for q in product.questions] + ["questionnaire_version"]
    for column, question in enumerate(product.questions, 7):
        assert sheet.cell(row=2, column=column).value == question.text.nl
        assert sheet.cell(row=2, column=column).comment is not None
    lists = {str(dv.sqref) for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    singles = sum(q.type in ("single", "yesno") for q in product.questions)
    assert len(lists) == singles


@pytest.mark.content
def test_example_client_list(tmp_path, monkeypatch, capsys):
    from audit.cli import main

    out = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["smaudit", "batch", str(ROOT / "examples" / "clients.csv"),
                                      "-o", str(out), "--no-pdf", "-w", "1"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1  # one deliberate bad value
    err = capsys.readouterr().err
    assert "rij 6, kolom S (hours_week)" in err and "vraag hours_week: 'een paar' is geen getal" in err
    jsons = sorted(p.name for p in out.glob("*.json") if not p.name.startswith("."))
    assert len(jsons) == 5
    assert sum(n.startswith("bakkerij-van-den-berg-") for n in jsons) == 2
