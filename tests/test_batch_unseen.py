"""Survey-tool exports built apart from the reader's own generator (benchmarks/unseen_exports.py,
from each tool's documented shapes), and the shapes it taught us: every answer read right or
reported with its row and column, never silently wrong.

The generator works from whatever questionnaire it is given; the focused tests use a fixture
questionnaire (tests/fixtures/exports.yaml) so that content edits do not break them.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys

import pytest
from conftest import FIXTURES, ROOT

from audit.batch.matching import parse_rows
from audit.batch.readers import read_table
from audit.errors import InputError

READABLE = ("surveymonkey", "typeform", "limesurvey", "qualtrics", "msforms", "google", "jotform", "excel-nl")
CODED = ("surveymonkey-numeric", "qualtrics-numeric", "limesurvey-codes")


def _generator():
    spec = importlib.util.spec_from_file_location("unseen_exports", ROOT / "benchmarks" / "unseen_exports.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen():
    return _generator()


@pytest.fixture(scope="module")
def product():
    from audit.load import load_questionnaire

    return load_questionnaire(ROOT / "questionnaires" / "social-media-audit.yaml")


@pytest.fixture(scope="module")
def fixture_q():
    from audit.load import load_questionnaire

    return load_questionnaire(FIXTURES / "exports.yaml")


def _read(tmp_path, name, data, q, lang="nl", **kw):
    path = tmp_path / name
    path.write_bytes(data)
    return parse_rows(read_table(path), q, lang, **kw)


@pytest.mark.parametrize("tool", READABLE)
def test_unseen_exports_read_right_or_reported(tmp_path, gen, product, tool):
    """Seeds the benchmark does not use (it starts at 9000): scales with labelled ends,
    SurveyMonkey contact blocks and Dutch headers, Qualtrics "Selected Choice", shortened
    labels, unfinished responses, branching duplicates, moved columns."""
    right = answers = 0
    for seed in (11, 12):
        export = gen.make(product, tool, seed, rows=10)
        result = gen.score(export, _read(tmp_path, export.filename, export.data, product, export.lang))
        assert result.silent == 0, result.examples
        assert result.names_wrong == 0 and result.dates_silent == 0, result.examples
        right += result.right
        answers += result.answers
    assert right / answers >= 0.97


@pytest.mark.parametrize("tool", CODED)
def test_choices_exported_as_numbers_are_refused_in_one_line(tmp_path, gen, product, tool):
    export = gen.make(product, tool, 11, rows=6)
    with pytest.raises(InputError) as info:
        _read(tmp_path, export.filename, export.data, product, export.lang)
    assert len(info.value.lines()) == 1
    assert "codes" in str(info.value) and "--suggest-map" in str(info.value)
    if tool != "surveymonkey-numeric":  # these tools have a survey file that reads them exactly
        assert "--structure survey." in str(info.value)
    if "numbers or codes" in str(info.value):  # --suggest-map still reads it, to list the codes
        parsed = _read(tmp_path, export.filename, export.data, product, export.lang, refuse_codes=False)
        assert parsed.unknown_by_question


def _csv(rows, delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_scale_with_labelled_ends_reads_the_number(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Stelling: social media is gratis reclame."],
            ["A", "Geen", "2", "5 - helemaal eens"], ["B", "Geen", "2", "1 = Helemaal oneens"],
            ["C", "Geen", "2", "Helemaal eens"], ["D", "Geen", "2", "3 (neutraal)"],
            ["E", "Geen", "2", "5 - helemaal oneens"], ["F", "Geen", "2", "Geen mening"]]
    parsed = _read(tmp_path, "scale.csv", _csv(rows), fixture_q)
    got = {r.company["name"]: (r.answers.values.get("belief") if r.ok else None) for r in parsed.rows}
    assert got == {"A": 5, "B": 1, "C": 5, "D": 3, "E": None, "F": None}
    bad = {r.company["name"]: r.problems[0] for r in parsed.rows if not r.ok}
    assert bad["E"].column.startswith("kolom D")
    assert bad["E"].value == "5 - helemaal oneens"  # the number and the end it names disagree
    assert bad["F"].value == "Geen mening"  # a word of no known scale says no number


def test_surveymonkey_contact_block_gives_the_company_never_the_person(tmp_path, fixture_q):
    rows = [["Respondent-ID", "Begindatum", "Einddatum", "Aangepaste gegevens 1", "Contactgegevens", "", "",
             "Plan?", "Hoeveel mensen?"],
            ["", "", "", "", "Naam", "Bedrijf", "Telefoonnummer", "Antwoord", "Open antwoord"],
            ["1101", "11/29/2026 9:01:00 AM", "11/29/2026 9:15:00 AM", "", "Els Claes", "Optiek Zuid",
             "+32 3 000 00 00", "Ruw", "3"]]
    parsed = _read(tmp_path, "sm.csv", _csv(rows), fixture_q)
    row = parsed.rows[0]
    assert row.ok, row.problems
    assert row.company["name"] == "Optiek Zuid" and row.company["contact"] == "Els Claes"
    assert row.company["date"] == "2026-11-29"
    roles = {c.letter: c.role for c in parsed.columns}
    assert roles["A"] == roles["B"] == roles["D"] == roles["G"] == "metadata"  # reported as not used
    assert roles["C"] == "submitted"


def test_qualtrics_selected_choice_header_is_an_exact_match(tmp_path, fixture_q):
    rows = [["Q1", "Q2", "Q3", "Q3_3_TEXT", "Q4"],
            ["Bedrijfsnaam", "Plan?", "Wie plaatst de berichten bij jullie? - Selected Choice",
             "Wie plaatst de berichten bij jullie? - Iemand anders - Text", "Hoeveel mensen?"],
            ['{"ImportId":"QID1_TEXT"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3"}',
             '{"ImportId":"QID3_3_TEXT"}', '{"ImportId":"QID4_TEXT"}'],
            ["Garage Noord", "Ruw", "Iemand anders", "de stagiair", "2"]]
    parsed = _read(tmp_path, "q.csv", _csv(rows), fixture_q)
    who = [c for c in parsed.columns if c.target == "who"]
    assert who[0].role == "question" and who[0].how == "exact"
    row = parsed.rows[0]
    assert row.ok and row.answers.values["who"] == "other" and "de stagiair" in row.answers.notes["who"]


def test_label_without_its_example_is_read_approximately_and_said(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Plan?", "Wie plaatst de berichten bij jullie?", "Hoeveel mensen?"],
            ["Bakkerij Zon", "Geen", "De eigenaar, alleen", "1"]]
    parsed = _read(tmp_path, "short.csv", _csv(rows), fixture_q)
    row = parsed.rows[0]
    assert row.ok and row.answers.values["who"] == "owner"  # not 'other' with the text kept
    said = [n for n in parsed.notices.values() if n.value == "De eigenaar, alleen"]
    assert said and said[0].rows == [2] and said[0].column.startswith("kolom C")


def test_unfinished_responses_are_one_line_naming_the_tools_mark(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Response Type", "Submit Date (UTC)"],
            ["Drukkerij Oost", "Ruw", "", "partial", ""],
            ["Kapsalon West", "Geen", "1", "completed", "2026-11-29 10:00:00"]]
    parsed = _read(tmp_path, "typeform.csv", _csv(rows), fixture_q)
    first, second = parsed.rows
    assert second.ok and second.company["date"] == "2026-11-29"
    assert len(first.problems) == 1
    assert first.problems[0].column.startswith("kolom D") and first.problems[0].value == "partial"
    assert "niet afgerond" in first.problems[0].message


def test_yes_no_exported_as_choice_numbers_is_not_read_as_yes(tmp_path, fixture_q):
    """1/2 are positions (SurveyMonkey numerical values): the 1 is not trusted as 'yes'."""
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Richtlijnen?"],
            ["A", "Geen", "2", "1"], ["B", "Geen", "2", "2"]]
    parsed = _read(tmp_path, "yn.csv", _csv(rows), fixture_q)
    assert all(not r.ok for r in parsed.rows)
    assert {r.problems[0].value for r in parsed.rows} == {"1", "2"}
    typeform = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Richtlijnen?"],
                ["A", "Geen", "2", "1"], ["B", "Geen", "2", "0"]]  # Typeform's yes/no: 1 and 0
    parsed = _read(tmp_path, "yn2.csv", _csv(typeform), fixture_q)
    assert [r.answers.values["guidelines"] for r in parsed.rows] == ["yes", "no"]


def test_generator_writes_each_tools_documented_header(gen, product):
    """The generated shapes keep the tools' real header names (a check on the generator)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        for tool, expected in (("qualtrics", "ResponseId"), ("typeform", "Submit Date (UTC)"),
                               ("google", "Tijdstempel"), ("limesurvey", "Seed")):
            for seed in range(6):
                export = gen.make(product, tool, seed, rows=2)
                path = Path(tmp) / export.filename
                path.write_bytes(export.data)
                table = read_table(path)
                if expected in table.rows[0]:
                    break
            else:
                pytest.fail(f"{tool}: no {expected!r} column in 6 seeds")


def test_statements_as_a_grid_with_word_labels(tmp_path, fixture_q):
    """Google grid "Title [statement]" and a Microsoft Forms Likert column (the statement alone):
    the statement is the question; 'Eens' is 4 on a 'helemaal oneens / helemaal eens' scale."""
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?",
             "Hoe eens bent u het met deze stellingen? [social media is gratis reclame.]"],
            ["A", "Geen", "2", "Eens"], ["B", "Geen", "2", "Neutraal"], ["C", "Geen", "2", "Mee eens"]]
    parsed = _read(tmp_path, "grid.csv", _csv(rows), fixture_q)
    grid = parsed.columns[3]
    assert grid.role == "question" and grid.target == "belief"
    got = {r.company["name"]: (r.answers.values.get("belief") if r.ok else r.problems[0].value)
           for r in parsed.rows}
    assert got == {"A": 4, "B": 3, "C": "Mee eens"}  # an unknown word is reported, not guessed
    likert = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Social media is gratis reclame."],
              ["A", "Geen", "2", "Strongly agree"], ["B", "Geen", "2", "Disagree"]]
    parsed = _read(tmp_path, "likert.csv", _csv(likert), fixture_q, lang="en")
    assert [r.answers.values["belief"] for r in parsed.rows] == [5, 2]


def test_qualtrics_embedded_data_is_tool_data_not_an_unused_column(tmp_path, fixture_q):
    rows = [["Q_RecaptchaScore", "utm_source", "Q1", "Q2", "Q4"],
            ["Q_RecaptchaScore", "utm_source", "Bedrijfsnaam", "Plan?", "Hoeveel mensen?"],
            ['{"ImportId":"Q_RecaptchaScore"}', '{"ImportId":"utm_source"}', '{"ImportId":"QID1_TEXT"}',
             '{"ImportId":"QID2"}', '{"ImportId":"QID4_TEXT"}'],
            ["0.9", "nieuwsbrief", "Garage Noord", "Ruw", "2"]]
    parsed = _read(tmp_path, "q.csv", _csv(rows), fixture_q)
    assert [c.role for c in parsed.columns[:2]] == ["metadata", "metadata"]
    assert parsed.rows[0].ok and not parsed.notices


def test_typed_numbers_with_an_estimate_word_or_the_unit(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?"],
            ["A", "Geen", "ca. 4"], ["B", "Geen", "3 mensen"], ["C", "Geen", "± 2"],
            ["D", "Geen", "2 à 3"], ["E", "Geen", "4 uur"]]
    parsed = _read(tmp_path, "n.csv", _csv(rows), fixture_q)
    got = {r.company["name"]: (r.answers.values["people"] if r.ok else None) for r in parsed.rows}
    assert got == {"A": 4, "B": 3, "C": 2, "D": None, "E": None}  # a range or another unit: reported
    said = {n.value: n.rows for n in parsed.notices.values()}
    assert said["ca. 4"] == [2] and said["3 mensen"] == [3]


def test_typeform_choice_column_with_a_shortened_label(tmp_path, fixture_q):
    rows = [["#", "Bedrijfsnaam", "Plan?", "Wie plaatst de berichten bij jullie?", "LinkedIn", "Facebook",
             "Hoeveel mensen?"],
            ["x1", "A", "Geen", "De eigenaar, alleen", "LinkedIn", "", "2"]]
    parsed = _read(tmp_path, "tf.csv", _csv(rows), fixture_q)
    row = parsed.rows[0]
    assert row.ok and row.answers.values["who"] == "owner" and row.answers.values["channels"] == ["linkedin"]


@pytest.mark.parametrize("tool", ("qualtrics-numeric", "limesurvey-codes"))
def test_codes_and_numbers_read_exactly_through_the_surveys_own_file(tmp_path, gen, product, tool):
    """Qualtrics numeric values with the consultant's recodes (from 0, reversed, a choice made
    again with a new id, a reversed matrix) through survey.qsf; LimeSurvey answer codes under
    code, 'code. text' and full-text headings through survey.lss."""
    from audit.batch.pipeline import read_list

    right = answers = 0
    for seed in (11, 12, 13):
        export = gen.make(product, tool, seed, rows=8)
        path = tmp_path / export.filename
        path.write_bytes(export.data)
        own = tmp_path / export.structure_name
        own.write_bytes(export.structure)
        result = gen.score(export, parse_rows(read_list(path, own, export.lang), product, export.lang))
        assert result.silent == 0 and result.names_wrong == 0, result.examples
        right += result.right
        answers += result.answers
    assert right == answers


def test_qsf_recodes_are_the_surveys_not_positions(tmp_path, fixture_q):
    """A reversed recode must not be read as a position: 0 is 'Op papier' here, 2 is 'Geen'."""
    from audit.batch.pipeline import read_list

    qsf = {"SurveyEntry": {"SurveyID": "SV_1"}, "SurveyElements": [
        {"Element": "SQ", "Payload": {"DataExportTag": "Q2", "QuestionType": "MC", "Selector": "SAVR",
                                      "QuestionText": "Plan?",
                                      "Choices": {"1": {"Display": "Geen"}, "2": {"Display": "Ruw"},
                                                  "4": {"Display": "Op papier"}},
                                      "RecodeValues": {"1": "2", "2": "1", "4": "0"}}}]}
    (tmp_path / "survey.qsf").write_text(json.dumps(qsf))
    rows = [["Q1", "Q2", "Q3"], ["Bedrijfsnaam", "Plan?", "Hoeveel mensen?"],
            ['{"ImportId":"QID1_TEXT"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3_TEXT"}'],
            ["A", "0", "2"], ["B", "2", "2"], ["C", "7", "2"]]
    (tmp_path / "q.csv").write_bytes(_csv(rows))
    parsed = parse_rows(read_list(tmp_path / "q.csv", tmp_path / "survey.qsf", "nl"), fixture_q, "nl")
    got = {r.company["name"]: (r.answers.values["plan"] if r.ok else r.problems[0].value)
           for r in parsed.rows}
    assert got == {"A": "written", "B": "none", "C": "7"}  # a number the survey lacks is reported


def test_a_contact_persons_name_is_never_the_company(tmp_path, fixture_q):
    rows = [["Naam van de contactpersoon bij uw bedrijf", "Naam van uw zaak", "Plan?", "Hoeveel mensen?"],
            ["Els Claes", "Optiek Zuid", "Geen", "2"]]
    parsed = _read(tmp_path, "p.csv", _csv(rows), fixture_q)
    row = parsed.rows[0]
    assert row.company["name"] == "Optiek Zuid" and row.company["contact"] == "Els Claes"


def test_surveymonkey_numbers_mapped_once_from_the_suggested_map(tmp_path, gen, product):
    """SurveyMonkey has no survey file: --suggest-map lists each question's numbers with the
    questionnaire's choice at that place as a hint; once the consultant has checked them against
    the survey, every answer reads right (ticked option columns hold their own place)."""
    import re

    from audit.batch.mapfile import load_map, suggest_map

    export = gen.make(product, "surveymonkey-numeric", 11, rows=8)
    path = tmp_path / export.filename
    path.write_bytes(export.data)
    out = tmp_path / "map.yaml"
    suggest_map(read_table(path), product, export.lang, out)
    text = out.read_text(encoding="utf-8")
    assert "in the questionnaire's order is" in text
    confirmed = re.sub(r'("\d+"): ""  # \d+x; choice \d+ in the questionnaire\'s order is \'(\w+)\'.*',
                       r'\1: "\2"', text)  # the consultant checked the survey: same order
    assert confirmed != text
    out.write_text(confirmed, encoding="utf-8")
    parsed = parse_rows(read_table(path), product, export.lang, load_map(out, product))
    result = gen.score(export, parsed)
    assert result.silent == 0 and result.right == result.answers, result.examples or parsed.rows[0].problems


def test_typeform_run_whose_first_choice_label_was_edited(tmp_path, fixture_q):
    rows = [["#", "Bedrijfsnaam", "Plan?", "Linkedln", "Facebook", "Instagram", "Hoeveel mensen?"],
            ["x1", "A", "Geen", "Linkedln", "", "Instagram", "2"]]
    parsed = _read(tmp_path, "tf.csv", _csv(rows), fixture_q)
    row = parsed.rows[0]
    assert row.ok and sorted(row.answers.values["channels"]) == ["instagram", "linkedin"]
    assert parsed.columns[3].how == "approx"  # said: matched approximately
