"""Every survey tool's export, read right or reported: never a silently wrong answer.

Exports are generated (audit/batch/simulate.py) in each tool's real shape from the product
questionnaire's texts, with known answers and the edits real exports carry (typos, extra
words and edited option labels, "other" answers, a question asked twice by branching,
company questions in other words). The benchmark runs the same on unseen seeds.
"""

from __future__ import annotations

import csv
import sys

import pytest
from conftest import FIXTURES, ROOT

from audit.batch.matching import parse_rows
from audit.batch.readers import read_table
from audit.batch.simulate import TOOLS, make_export, score
from audit.errors import InputError

PRODUCT = ROOT / "questionnaires" / "social-media-audit.yaml"
MINI = str(FIXTURES / "mini.yaml")
READABLE = [t for t in TOOLS if t != "limesurvey-codes"]


@pytest.fixture(scope="module")
def product():
    from audit.load import load_questionnaire

    return load_questionnaire(PRODUCT)


def _parse(tmp_path, export, q, mapping=None):
    path = tmp_path / export.filename
    path.write_bytes(export.data)
    return parse_rows(read_table(path), q, export.lang, mapping)


@pytest.mark.parametrize("tool", READABLE)
def test_every_answer_of_every_tool_read_right_or_reported(tmp_path, product, tool):
    total_right = total = 0
    for seed in range(3):
        export = make_export(product, tool, seed, count=10)
        result = score(export, _parse(tmp_path, export, product))
        assert result.silent == 0, result.wrong
        total_right += result.right
        total += result.answers
        assert result.names_right == result.dates_right == result.rows  # submit date is the date
    assert total_right / total >= 0.97


def test_limesurvey_codes_are_refused_with_how_to_export(tmp_path, product):
    export = make_export(product, "limesurvey-codes", 0)
    with pytest.raises(InputError, match="full answers"):
        _parse(tmp_path, export, product)


def _write(tmp_path, name, rows, delimiter=","):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_surveymonkey_keeps_every_ticked_option_and_reports_the_rest(tmp_path, mini):
    path = _write(tmp_path, "sm.csv", [
        ["Respondent ID", "Collector ID", "Start Date", "End Date", "First Name", "Last Name", "Company name",
         "Plan?", "Channels?", "", "", "", "How many people?", ""],
        ["", "", "", "", "", "", "Open-Ended Response", "Response", "LinkedIn", "Facebook", "Instagram",
         "None", "Open-Ended Response", ""],
        ["1", "9", "03/05/2024 09:00:00 AM", "03/05/2024 09:10:00 AM", "Sanne", "Vos", "Acme", "Written",
         "LinkedIn", "", "Instagram", "", "3", "stray"],
        ["2", "9", "03/14/2024 09:00:00 AM", "03/14/2024 09:10:00 AM", "Daan", "Eik", "Beta", "Rough",
         "", "Facebook", "", "", "1", ""],
    ])
    parsed = parse_rows(read_table(path), mini, "en")
    assert parsed.tool == "surveymonkey" and parsed.header_rows == 2
    acme, beta = parsed.rows
    assert acme.answers.values["channels"] == ["linkedin", "instagram"]  # not cut to the first
    assert beta.answers.values["channels"] == ["facebook"]
    assert acme.company["date"] == "2024-03-05" and beta.company["date"] == "2024-03-14"  # month first
    assert acme.company["contact"] == "Sanne Vos" and acme.company["name"] == "Acme"
    empty = [c for c in parsed.columns if not c.header]
    assert len(empty) == 1 and empty[0].letter == "N"
    stray = [n for n in parsed.notices.values() if n.column.startswith("column N")]
    assert stray and stray[0].value == "stray" and stray[0].rows == [3]


@pytest.fixture
def mini_other(tmp_path):
    """The mini questionnaire with an `other` option on its multiple choice question."""
    from audit.load import load_questionnaire

    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").replace(
        "      - {value: none, label: {nl: Geen, en: None}, points: 0, exclusive: true}",
        "      - {value: other, label: {nl: Een ander kanaal, en: Another channel}, points: 1}\n"
        "      - {value: none, label: {nl: Geen, en: None}, points: 0, exclusive: true}")
    path = tmp_path / "mini-other.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire(path)


def test_other_answers_branching_and_approximate_titles(tmp_path, mini_other):
    rows = [["Tijdstempel", "Bedrijfsnaam", "Plan ?", "Kanaalen?", "Hoeveel mensen?", "Hoeveel mensen?"],
            ["2026/03/01 10:00:00", "Alfa", "Ruw", "LinkedIn, Anders: Mastodon", "2", ""],
            ["2026/03/02 10:00:00", "Beta", "Ruw", "LinkedIn, Threads", "", "2"],
            ["2026/03/03 10:00:00", "Gamma", "Ruw", "Facebook", "2", "3"],
            ["2026/03/04 10:00:00", "Delta", "Op papiertje", "Instagrm", "1", "1"]]
    parsed = parse_rows(read_table(_write(tmp_path, "g.csv", rows)), mini_other, "nl")
    alfa, beta, gamma, delta = parsed.rows
    assert alfa.answers.values["channels"] == ["linkedin", "other"]
    assert alfa.answers.notes["channels"] == "Anders: Mastodon"
    assert beta.answers.values["channels"] == ["linkedin", "other"]
    assert beta.answers.notes["channels"] == "Anders: Threads"
    assert "Threads" in {n.value for n in parsed.notices.values()}  # unprefixed: read as other, reported
    assert alfa.answers.values["people"] == beta.answers.values["people"] == 2  # branches merged
    assert delta.answers.values["people"] == 1  # both filled, the same answer
    assert gamma.problems and "twee keer beantwoord" in gamma.problems[0].message
    assert delta.answers.values["plan"] == "written" and delta.answers.values["channels"] == ["instagram"]
    approx = {n.value: n.message for n in parsed.notices.values()}
    assert "bij benadering" in approx["Op papiertje"] and "bij benadering" in approx["Instagrm"]
    channels = [c for c in parsed.columns if c.target == "channels"]
    assert channels[0].how == "approx"
    from audit.batch.pipeline import column_lines

    lines = column_lines(parsed, "nl")
    assert any("bij benadering herkend: kolom D (Kanaalen?) -> vraag channels" in line[6] for line in lines)


def test_respondent_name_never_becomes_the_company(tmp_path, mini):
    path = _write(tmp_path, "ms.csv", [
        ["ID", "Start time", "Completion time", "Email", "Name", "Bij welke klant hoort dit formulier",
         "Plan?", "How many people?"],
        ["1", "5/1/24 9:00", "5/1/24 9:07", "anonymous", "Sanne de Vries", "Acme", "Rough", "2"],
    ])
    parsed = parse_rows(read_table(path), mini, "en")
    row = parsed.rows[0]
    assert row.company["name"] == "" and not row.ok
    assert "respondent's own name" in row.problems[0].message and "column E (Name)" in row.problems[0].message
    assert row.company["contact"] == "anonymous"


def test_company_question_in_other_words_and_duplicates_flagged(tmp_path, mini):
    path = _write(tmp_path, "ms.csv", [
        ["Id", "Begintijd", "Tijd van voltooien", "Naam", "Voor welk bedrijf vul je dit in?", "Plan?",
         "Hoeveel mensen?"],
        ["1", "2024-05-01 09:00", "2024-05-01 09:07", "Sanne", "Acme", "Ruw", "2"],
        ["2", "2024-05-02 09:00", "2024-05-02 09:07", "Daan", "ACME", "Ruw", "2"],
    ])
    parsed = parse_rows(read_table(path), mini, "nl")
    assert [r.company["name"] for r in parsed.rows] == ["Acme", "ACME"]
    assert [r.company["contact"] for r in parsed.rows] == ["Sanne", "Daan"]
    assert [r.company["date"] for r in parsed.rows] == ["2024-05-01", "2024-05-02"]
    dupes = [n for n in parsed.notices.values() if not n.column]
    assert len(dupes) == 1 and dupes[0].rows == [2, 3] and "dezelfde antwoorden" in dupes[0].message


def _smaudit(*args):
    import subprocess

    return subprocess.run([sys.executable, "-m", "audit", *args], capture_output=True, text=True, timeout=120)


def test_suggest_map_then_map_reads_an_unusual_export(tmp_path):
    src = _write(tmp_path, "odd.csv", [
        ["Klantcode", "Naam zaak", "V1", "V2", "Notitie"],
        ["K1", "Acme", "A2", "3", "bel terug"],
        ["K2", "Beta", "A1", "0", ""],
    ])
    suggestion = tmp_path / "map.yaml"
    proc = _smaudit("batch", str(src), "--questionnaire", MINI, "--suggest-map", str(suggestion),
                    "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    text = suggestion.read_text(encoding="utf-8")
    assert '"V1": ""' in text and "not matched" in text
    for old, new in (('"V1": ""', '"V1": "plan"'), ('"V2": ""', '"V2": people'),
                     ('"Naam zaak": ""', '"Naam zaak": company.name'),
                     ('"Klantcode": ""', '"Klantcode": ignore')):
        text = text.replace(old, new)
    text += '  plan:\n    "A1": none\n    "A2": rough\n'
    suggestion.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = _smaudit("batch", str(src), "--questionnaire", MINI, "--map", str(suggestion), "--no-pdf",
                    "-w", "1", "-o", str(out), "--lang", "en")
    assert proc.returncode == 1, proc.stderr  # all rows fine, but column E's notes matched nothing
    assert "row 2, column E (Notitie): 'bel terug'" in proc.stderr
    import json

    acme = json.loads((out / "acme.json").read_text(encoding="utf-8"))
    assert acme["company"]["name"] == "Acme"
    report = (out / "batch-report.csv").read_text(encoding="utf-8-sig")
    assert "bel terug" in report and "column E (Notitie)" in report  # the unused cell, with its place
    assert "ignored as the mapping file" in report
    bad = tmp_path / "bad.yaml"
    bad.write_text('columns:\n  "V1": plan=maybe\n', encoding="utf-8")
    proc = _smaudit("batch", str(src), "--questionnaire", MINI, "--map", str(bad), "--no-pdf", "-o", str(out))
    assert proc.returncode == 2 and "'maybe' is not an option of plan" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_answer_to_a_question_not_asked_is_reported_not_dropped(tmp_path, mini):
    path = _write(tmp_path, "list.csv", [["Company name", "Plan?", "How many people?", "Time?"],
                                         ["Acme", "Rough", "0", "4"]])
    parsed = parse_rows(read_table(path), mini, "en")
    assert parsed.rows[0].ok
    notes = [n for n in parsed.notices.values() if n.column == "column D (Time?)"]
    assert notes and notes[0].value == "4" and notes[0].rows == [2]
    assert "question hours is not asked" in notes[0].message and "people > 0" in notes[0].message


def test_one_header_row_with_unnamed_columns_is_not_taken_for_surveymonkey(tmp_path, mini):
    path = _write(tmp_path, "g.csv", [["Company name", "Plan?", "How many people? [total]", "", ""],
                                      ["Acme", "Rough", "3", "note a", "note b"],
                                      ["Beta", "", "2", "x", ""]])
    parsed = parse_rows(read_table(path), mini, "en")
    assert parsed.header_rows == 1 and [r.company["name"] for r in parsed.rows] == ["Acme", "Beta"]
    assert parsed.rows[0].answers.values["people"] == 3  # "[total]" belongs to the title
    assert {n.value for n in parsed.notices.values()} >= {"note a", "note b", "x"}


def test_flemish_run_report_reads_as_dutch(tmp_path, mini):
    from audit.batch.pipeline import column_lines

    path = _write(tmp_path, "l.csv", [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Notitie"],
                                      ["Acme", "Ruw", "2", "x"]])
    parsed = parse_rows(read_table(path), mini, "nl-BE")
    lines = column_lines(parsed, "nl-BE")
    assert any(line[4] == "kolom D (Notitie)" and line[5] == "x" for line in lines)


def test_an_edited_label_beside_a_label_with_a_comma_is_read_as_both(product):
    """Dutch Excel: 'label, with comma; edited label' is two answers, never one approximate
    match of the whole cell (which dropped the second answer, only 'reported')."""
    from audit.batch.matching import split_multi

    goals = product.question("goals")
    with_comma = next(o for o in goals.options if "," in o.label("nl"))
    typo = next(o for o in goals.options if o.value != with_comma.value and len(o.label("nl")) > 12)
    edited = typo.label("nl")[:5] + typo.label("nl")[6:]  # one letter dropped, as a consultant's typo
    close: list[str] = []
    values, unknown = split_multi(goals, f"{with_comma.label('nl')}; {edited}", close)
    assert (values, unknown, close) == ([with_comma.value, typo.value], [], [edited])


def _through_structure(tmp_path, export, q, structure: bytes):
    from audit.batch.structure import apply_structure, read_structure

    path = tmp_path / export.filename
    path.write_bytes(export.data)
    lss = tmp_path / "survey.lss"
    lss.write_bytes(structure)
    return parse_rows(apply_structure(read_table(path), read_structure(lss), export.lang), q, export.lang)


def test_limesurvey_codes_are_read_through_the_survey_structure_file(tmp_path, product):
    layouts = set()
    for seed in range(4):
        export = make_export(product, "limesurvey-codes", seed, count=10)
        layouts.add(b"question_l10ns" in export.structure)
        result = score(export, _through_structure(tmp_path, export, product, export.structure))
        assert result.silent == 0 and result.right == result.answers, result.wrong
        assert result.names_right == result.dates_right == result.rows
    assert layouts == {True, False}  # LimeSurvey 5/6 (texts in *_l10ns) and 3 (texts in the rows)


def test_a_code_the_structure_file_lacks_is_reported_never_guessed(tmp_path, product):
    import re

    export = make_export(product, "limesurvey-codes", 5, count=12)
    text = export.structure.decode()
    # drop every answer with code AO02 (and, in the newer layout, its texts) from the structure
    dropped = re.sub(r"<row><aid><!\[CDATA\[(\d+)\]\]></aid><qid><!\[CDATA\[\d+\]\]></qid>"
                     r"<code><!\[CDATA\[AO02\]\]></code>.*?</row>\n", "", text)
    dropped = re.sub(r"<row><qid><!\[CDATA\[\d+\]\]></qid><code><!\[CDATA\[AO02\]\]></code>.*?</row>\n", "",
                     dropped)
    assert dropped != text
    parsed = _through_structure(tmp_path, export, product, dropped.encode())
    result = score(export, parsed)
    assert result.silent == 0 and result.reported > 0
    problems = [p for r in parsed.rows for p in r.problems]
    assert problems and all(p.value == "AO02" for p in problems if "AO" in p.value)
    assert any("AO02" in p.message for p in problems)


@pytest.mark.parametrize("content, message", [
    (b"not xml at all", "bad XML"),
    (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><document>&a;</document>', "entities"),
    (b"<document><LimeSurveyDocType>Question</LimeSurveyDocType></document>", "survey structure file"),
])
def test_a_bad_structure_file_is_one_line_exit_2(tmp_path, product, content, message):
    export = make_export(product, "limesurvey-codes", 0, count=3)
    src = tmp_path / export.filename
    src.write_bytes(export.data)
    lss = tmp_path / "survey.lss"
    lss.write_bytes(content)
    done = _cli(tmp_path, str(src), "--structure", str(lss))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_batch_with_structure_end_to_end(tmp_path, product):
    export = make_export(product, "limesurvey-codes", 1, count=6)
    src = tmp_path / export.filename
    src.write_bytes(export.data)
    (tmp_path / "survey.lss").write_bytes(export.structure)
    done = _cli(tmp_path, str(src), "--structure", str(tmp_path / "survey.lss"), "--lang", export.lang)
    assert done.returncode in (0, 1), done.stderr
    assert ("read through survey.lss" if export.lang == "en" else "gelezen met survey.lss") in done.stderr
    assert len([p for p in (tmp_path / "out").glob("*.json") if not p.name.startswith(".")]) == 6
    refused = _cli(tmp_path, str(src))
    assert refused.returncode == 2 and "--structure survey.lss" in refused.stderr


def _cli(tmp_path, *args):
    import subprocess

    command = [sys.executable, "-m", "audit", "batch", *args, "--no-pdf", "-o", str(tmp_path / "out")]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                          env={**__import__("os").environ, "SMAUDIT_REGISTER": "off"})
