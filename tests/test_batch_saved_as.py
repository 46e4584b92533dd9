"""Exports as a consultant saves or hands them on without editing (benchmarks/export_variants.py
measures these on generated exports): a title above the header, Excel's own text formats, date
cells copied as values, an export with no responses yet, columns a consultant added. Every
answer read right, or reported with its row and column; row numbers as the spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import FIXTURES

from audit.batch.matching import parse_rows
from audit.batch.pipeline import column_lines
from audit.batch.readers import read_table
from audit.batch.texts import note_text
from audit.errors import InputError


@pytest.fixture(scope="module")
def fixture_q():
    from audit.load import load_questionnaire

    return load_questionnaire(FIXTURES / "exports.yaml")


def _text(rows, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xff\xfe" + data) if encoding == "utf-16-le" else data


def _xlsx(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append([None if v == "" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _read(tmp_path, name, data, q, lang="nl"):
    path = tmp_path / name
    path.write_bytes(data)
    return parse_rows(read_table(path), q, lang)


HEADER = ["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Opmerkingen"]
CLIENTS = [["Garage Noord", "Ruw", "2", "Meer volgers, minder werk"],
           ["Bakkerij Zon", "Misschien", "1", ""],
           ["Optiek Zuid", "Op papier", "3", "Lijn 1\nlijn 2; met ‘aanhalingstekens’"]]


@pytest.mark.parametrize("fmt", ["csv;", "unicode-text", "xlsx"])
def test_a_title_above_the_header_keeps_the_spreadsheets_row_numbers(tmp_path, fixture_q, fmt):
    above = [["Social media audit – antwoorden klanten Gent"], ["Geëxporteerd op 30-11-2026"], []]
    rows = above + [HEADER] + CLIENTS
    if fmt == "xlsx":
        data, name = _xlsx(rows), "klanten.xlsx"
    elif fmt == "csv;":
        data, name = _text(rows, ";", "cp1252"), "klanten.csv"
    else:
        data, name = _text(rows, "\t", "utf-16-le"), "klanten.txt"
    parsed = _read(tmp_path, name, data, fixture_q)
    by_name = {r.company["name"]: r for r in parsed.rows}
    assert set(by_name) == {"Garage Noord", "Bakkerij Zon", "Optiek Zuid"}
    assert by_name["Garage Noord"].row == 5 and by_name["Garage Noord"].answers.values["plan"] == "rough"
    assert by_name["Optiek Zuid"].answers.values["remarks"] == "Lijn 1\nlijn 2; met ‘aanhalingstekens’"
    bad = by_name["Bakkerij Zon"]  # a problem names the row the consultant sees
    assert bad.row == 6 and bad.problems[0].row == 6 and bad.problems[0].column.startswith("kolom B")
    # the title is said, not silently dropped, on the terminal and in batch-report.csv
    assert any("rows 1-3 above the header" in note_text(n, "en") and "Gent" in note_text(n, "en")
               for n in parsed.notes)
    assert any("rijen 1-3 boven de kopregel" in note_text(n, "nl") for n in parsed.notes)
    assert any("Gent" in line[-1] for line in column_lines(parsed, "nl"))


def test_a_short_list_without_a_title_is_not_cut(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Plan?"], ["Garage Noord", "Ruw"], ["Bakkerij Zon", "Geen"]]
    parsed = _read(tmp_path, "kort.csv", _text(rows), fixture_q)
    assert [r.row for r in parsed.rows] == [2, 3] and not parsed.notes


def test_excel_date_serials_in_a_date_column_are_dates(tmp_path, fixture_q):
    rows = [["Bedrijfsnaam", "Datum gesprek", "Plan?", "Hoeveel mensen?"],
            ["Garage Noord", 46222.517234, "Ruw", 2],  # 19 July 2026, 12:24: pasted as a value
            ["Bakkerij Zon", 46223, "Geen", 1],
            ["Optiek Zuid", "na de zomer", "Geen", 1]]
    parsed = _read(tmp_path, "datums.xlsx", _xlsx(rows), fixture_q)
    dates = {r.company["name"]: r.company["date"] for r in parsed.rows}
    assert dates["Garage Noord"] == "2026-07-19" and dates["Bakkerij Zon"] == "2026-07-20"
    said = [n for n in parsed.notices.values() if n.value == "na de zomer"]
    assert said and said[0].rows == [4] and said[0].column.startswith("kolom B")


def test_a_surveymonkey_export_without_responses_is_refused_in_one_line(tmp_path, fixture_q):
    rows = [["Respondent ID", "Start Date", "Bedrijfsnaam", "Plan?", "Kanalen?", "", ""],
            ["", "", "Open-Ended Response", "Response", "LinkedIn", "Facebook", "Instagram"]]
    for name, data in (("sm.csv", _text(rows)), ("sm.xlsx", _xlsx(rows))):
        with pytest.raises(InputError) as info:
            _read(tmp_path, name, data, fixture_q)
        assert "no client rows" in str(info.value) and name in str(info.value)


def test_a_column_added_inside_a_surveymonkey_question_keeps_its_options(tmp_path, fixture_q):
    rows = [["Respondent ID", "Bedrijfsnaam", "Kanalen?", "Regio", "", "", "Plan?", "Hoeveel mensen?"],
            ["", "Open-Ended Response", "LinkedIn", "", "Facebook", "Instagram", "Response",
             "Open-Ended Response"],
            ["1", "Garage Noord", "LinkedIn", "Gent", "", "Instagram", "Ruw", "2"],
            ["2", "Bakkerij Zon", "", "Antwerpen", "Facebook", "", "Geen", "1"]]
    parsed = _read(tmp_path, "sm.csv", _text(rows), fixture_q)
    got = {r.company["name"]: r.answers.values["channels"] for r in parsed.rows}
    assert got == {"Garage Noord": ["linkedin", "instagram"], "Bakkerij Zon": ["facebook"]}
    region = [n for n in parsed.notices.values() if n.column.startswith("kolom D")]
    assert sorted(r for n in region for r in n.rows) == [3, 4]  # each cell of it reported


@pytest.mark.parametrize("header", ["Consultant note", "Opmerking adviseur", "Status opvolging klant"])
def test_a_remark_column_is_never_a_company_field(tmp_path, fixture_q, header):
    rows = [["Bedrijfsnaam", header, "Plan?", "Hoeveel mensen?"],
            ["Garage Noord", "terugbellen in maart", "Ruw", "2"]]
    parsed = _read(tmp_path, "notes.csv", _text(rows), fixture_q, "en")
    row = parsed.rows[0]
    assert row.ok and "terugbellen in maart" not in row.company.values()
    said = [n for n in parsed.notices.values() if n.value == "terugbellen in maart"]
    assert said and said[0].rows == [2] and said[0].column.startswith("column B")


def test_microsoft_forms_dutch_completion_time_is_the_submit_date(tmp_path, fixture_q):
    import datetime as dt

    rows = [["Id", "Begintijd", "Tijd van voltooiing", "E-mail", "Naam", "Bedrijfsnaam", "Plan?",
             "Hoeveel mensen?"],
            [1, dt.datetime(2026, 11, 3, 9, 58), dt.datetime(2026, 11, 3, 10, 12), "anoniem", "",
             "Garage Noord", "Ruw", 2]]
    parsed = _read(tmp_path, "forms.xlsx", _xlsx(rows), fixture_q)
    assert parsed.rows[0].ok and parsed.rows[0].company["date"] == "2026-11-03"
    roles = {c.letter: c.role for c in parsed.columns}
    assert roles["C"] == "submitted" and roles["B"] == "metadata"


def _book(sheets):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows, hidden in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = "hidden" if hidden else "visible"
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPLAINED = [["Toelichting bij de export", "", ""], ["Vraag", "Aantal antwoorden", "Opmerking"],
             ["Plan?", "3", "iedereen"], ["Hoeveel mensen?", "3", ""]]


def test_the_answers_sheet_of_a_workbook_is_found_and_said(tmp_path, capsys):
    from cli_runner import run_smaudit

    src = tmp_path / "klanten.xlsx"
    src.write_bytes(_book([("Toelichting", EXPLAINED, False), ("Antwoorden", [HEADER] + CLIENTS, False),
                           ("Lijsten", [["Plan?"], ["Geen"], ["Ruw"], ["Op papier"]], True)]))
    code, out, err = run_smaudit(["batch", src, "--questionnaire", FIXTURES / "exports.yaml", "--no-pdf",
                                  "-o", tmp_path / "out"], capsys)
    assert code == 1, out + err  # Bakkerij Zon's "Misschien" is no option: that row, not the file
    assert "werkblad 'Antwoorden' (werkblad 2 van 2)" in out + err and "'Toelichting'" in out + err
    report = (tmp_path / "out" / "batch-report.csv").read_text(encoding="utf-8-sig")
    assert "Garage Noord" in report and "Optiek Zuid" in report and "werkblad 'Antwoorden'" in report


def test_a_second_sheet_of_clients_is_never_dropped_unsaid(tmp_path, fixture_q):
    from audit.batch.columns import sheet_score

    more = [HEADER, ["Kapsalon West", "Geen", "1", ""]]
    path = tmp_path / "twee.xlsx"
    path.write_bytes(_book([("Gent", [HEADER] + CLIENTS, False), ("Antwerpen", more, False)]))
    table = read_table(path, sheet_score(fixture_q))
    assert table.rows[1][0] == "Garage Noord"
    assert any("'Antwerpen' also has question columns and was NOT read" in note_text(n, "en")
               for n in table.notes)


def test_an_edited_title_over_option_columns_is_one_line_not_one_per_option(tmp_path, fixture_q):
    from audit.commands.batch import read_notes

    rows = [["Respondent ID", "Bedrijfsnaam", "Kanaalen?", "", "", "Plan?", "Hoeveel mensen?"],
            ["", "Open-Ended Response", "LinkedIn", "Facebook", "Instagram", "Response",
             "Open-Ended Response"],
            ["1", "Garage Noord", "LinkedIn", "", "Instagram", "Ruw", "2"]]
    parsed = _read(tmp_path, "sm.csv", _text(rows), fixture_q, "en")
    assert parsed.rows[0].answers.values["channels"] == ["linkedin", "instagram"]
    said = [line for line in read_notes(parsed, "en") if "approximately" in line]
    assert said == [f"warning: {parsed.source}: matched approximately: columns C-E (Kanaalen?) -> "
                    "question channels"]
    report = [line for line in column_lines(parsed, "nl") if "benadering" in line[-1]]
    assert len(report) == 1 and report[0][4] == "kolommen C-E (Kanaalen?)"


def test_a_response_that_stopped_early_is_one_line_naming_its_questions(tmp_path, fixture_q):
    rows = [["Respondent ID", "Bedrijfsnaam", "Plan?", "Hoeveel mensen?",
             "Wie plaatst de berichten bij jullie?"],
            ["", "Open-Ended Response", "Response", "Open-Ended Response", "Response"],
            ["1", "Garage Noord", "", "", ""],
            ["2", "Bakkerij Zon", "Ruw", "", ""]]
    parsed = _read(tmp_path, "sm.csv", _text(rows), fixture_q, "en")
    stopped, one = parsed.rows
    assert len(stopped.problems) == 1, stopped.problems  # SurveyMonkey marks no partial response
    problem = stopped.problems[0]
    assert problem.row == 3 and problem.column == "column C (Plan? / Response)"
    assert "2 required answers missing (questions plan, people)" in problem.message
    assert [p.message for p in one.problems] == ["question people: required answer is missing"]


def test_excel_csv_macintosh_is_macroman_with_cr_line_ends(tmp_path, fixture_q):
    rows = [HEADER, ["Brouwerij Eén", "Ruw", "2", "Koffie én taart\nop vrijdag"],
            ["Çelik & Müller", "Geen", "1", ""]]
    data = _text(rows, ";", "mac_roman").replace(b"\r\n", b"\r").replace(b"\n", b"\r")
    parsed = _read(tmp_path, "mac.csv", data, fixture_q)
    first, second = parsed.rows
    assert first.company["name"] == "Brouwerij Eén" and second.company["name"] == "Çelik & Müller"
    assert first.answers.values["remarks"] == "Koffie én taart\nop vrijdag"
    assert parsed.encoding == "mac_roman" and [r.row for r in parsed.rows] == [2, 3]


def test_excels_sep_line_names_the_delimiter_and_is_no_row(tmp_path, fixture_q):
    rows = [HEADER, ["Garage Noord, Gent", "Ruw", "2", "a, b"]]
    parsed = _read(tmp_path, "sep.csv", b"sep=;\r\n" + _text(rows, ";"), fixture_q)
    assert parsed.delimiter == ";" and not parsed.notes
    row = parsed.rows[0]
    assert row.row == 2 and row.company["name"] == "Garage Noord, Gent"
    assert row.answers.values["plan"] == "rough"


def test_two_exports_pasted_one_below_the_other(tmp_path, fixture_q):
    sm_header = [["Respondent ID", "Bedrijfsnaam", "Plan?", "Hoeveel mensen?"],
                 ["", "Open-Ended Response", "Response", "Open-Ended Response"]]
    rows = sm_header + [["1", "Garage Noord", "Ruw", "2"]] + sm_header + [["2", "Optiek Zuid", "Geen", "1"]]
    parsed = _read(tmp_path, "twee-weken.csv", _text(rows), fixture_q)
    assert [(r.row, r.company["name"], r.ok) for r in parsed.rows] == [(3, "Garage Noord", True),
                                                                      (6, "Optiek Zuid", True)]
    assert [note_text(n, "en") for n in parsed.notes] == [
        "rows 4-5: the header again (exports pasted one below the other?), read as a header, not as clients"]


def test_a_forms_quizs_points_and_feedback_columns_are_tool_data(tmp_path, fixture_q):
    who = "Wie plaatst de berichten bij jullie?"
    rows = [["Id", "Completion time", "Total points", "Quiz feedback", "Bedrijfsnaam", who, f"Points - {who}",
             f"Feedback - {who}", "Plan?", "Points - Plan?", "Hoeveel mensen?", f"{who} [Score]"],
            ["1", "", "3", "", "Garage Noord", "Een team van collega's", "2", "Goed zo", "Ruw", "1", "2",
             "2"]]
    parsed = _read(tmp_path, "quiz.csv", _text(rows), fixture_q)
    row = parsed.rows[0]
    assert row.ok, row.problems
    assert row.answers.values["who"] == "team" and row.answers.values["plan"] == "rough"
    roles = {c.letter: c.role for c in parsed.columns}
    assert [roles[k] for k in "CDGHJL"] == ["metadata"] * 6  # said as the tool's data, not used


def test_a_question_whose_text_starts_with_feedback_is_still_that_question(tmp_path):
    from audit.load import load_questionnaire

    text = (FIXTURES / "exports.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "feedback.yaml"
    asked = 'text: {nl: "Feedback: wat vond je van deze vragen?", en: "Feedback: any?"}'
    edited.write_text(text.replace("text: {nl: Opmerkingen, en: Remarks}", asked), encoding="utf-8")
    q = load_questionnaire(edited)
    rows = [["Bedrijfsnaam", "Plan?", "Hoeveel mensen?", "Feedback: wat vond je van deze vragen?"],
            ["Garage Noord", "Ruw", "2", "Helder"]]
    parsed = _read(tmp_path, "fb.csv", _text(rows), q)
    assert parsed.rows[0].answers.values["remarks"] == "Helder"


def test_a_title_line_split_by_the_delimiter_is_still_a_title(tmp_path, fixture_q):
    rows = [["Social media audit", "export", "30-11-2026"], ["Id", "Begintijd", *HEADER]]
    rows += [[str(n), "", *client] for n, client in enumerate(CLIENTS, 1)]
    parsed = _read(tmp_path, "export.csv", _text(rows, ";"), fixture_q)
    assert [r.row for r in parsed.rows] == [3, 4, 5] and parsed.rows[0].answers.values["plan"] == "rough"
    assert "'Social media audit'; 'export'; '30-11-2026'" in note_text(parsed.notes[0], "en")
