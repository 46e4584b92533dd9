"""Reading client lists as survey tools and Excel export them, and matching them to questions.

Every fixture is written here, byte for byte in the shape the tool produces; the mini
questionnaire (tests/fixtures/mini.yaml) is the one matched against.
"""

from __future__ import annotations

import datetime as dt

import pytest

from audit.batch.matching import parse_rows, split_multi
from audit.batch.names import slug, unique_stems
from audit.batch.readers import column_letter, read_table, sniff_delimiter
from audit.errors import InputError


def parse(path, mini, lang="nl"):
    return parse_rows(read_table(path), mini, lang)


def good(parsed):
    return {r.company["name"]: r.answers.values for r in parsed.rows if r.ok}


def test_google_forms_csv(tmp_path, mini):
    # Google Forms: comma, UTF-8 without BOM, "Timestamp", question titles, multi joined by ", ".
    path = tmp_path / "Form responses 1.csv"
    path.write_bytes(
        b'"Timestamp","Company name","Plan?","Channels?","How many people?","Time?","Guidelines?"\r\n'
        b'"2024/03/05 10:12:33 AM GMT+1","Acme","Written","LinkedIn, Instagram","3","4","Yes"\r\n'
        b'"2024/03/06 09:00:01 AM GMT+1","Beta BV","None","None","0","",""\r\n'
    )
    parsed = parse(path, mini)
    assert good(parsed) == {
        "Acme": {"plan": "written", "channels": ["linkedin", "instagram"], "people": 3, "hours": 4,
                 "guidelines": "yes"},
        "Beta BV": {"plan": "none", "channels": ["none"], "people": 0, "hours": None,
                    "guidelines": None},
    }
    assert parsed.rows[0].company["date"] == "2024-03-05"  # the timestamp fills in the date
    assert [c.role for c in parsed.columns][0] == "submitted"  # the tool's submit date


def test_google_sheet_xlsx(tmp_path, mini):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Form Responses 1"
    sheet.append(["Timestamp", "Bedrijfsnaam", "Plan?", "Kanalen?", "Hoeveel mensen?"])
    sheet.append([dt.datetime(2024, 3, 5, 10, 12, 33), "Bakkerij Özdemir", "Ruw", "LinkedIn, Facebook", 2])
    sheet.append([dt.datetime(2024, 3, 6), "0031 Media", "Geen", "", 1.125])
    path = tmp_path / "responses.xlsx"
    book.save(path)
    parsed = parse(path, mini)
    values = good(parsed)
    assert values["Bakkerij Özdemir"]["channels"] == ["linkedin", "facebook"]
    assert values["Bakkerij Özdemir"]["people"] == 2
    assert values["0031 Media"]["people"] == 1.125  # not read as the Dutch 1.125 = 1125
    assert parsed.rows[0].company["date"] == "2024-03-05"


def test_microsoft_forms_xlsx_with_trailing_semicolons(tmp_path, mini):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Naam bedrijf", "Plan?",
                  "Kanalen?", "Hoeveel mensen?", "Richtlijnen?"])
    sheet.append([1, dt.datetime(2024, 5, 1, 9, 0), dt.datetime(2024, 5, 1, 9, 7), "anonymous", "",
                  "Drukkerij Zoë", "Op papier", "LinkedIn;Instagram;", 4, "Ja"])
    path = tmp_path / "Social media audit(1-1).xlsx"
    book.save(path)
    parsed = parse(path, mini)
    row = parsed.rows[0]
    assert row.ok, row.problems
    assert row.answers.values["channels"] == ["linkedin", "instagram"]
    assert row.company["name"] == "Drukkerij Zoë"
    assert row.company["contact"] == "anonymous"  # Email: the respondent
    roles = {c.header: c.role for c in parsed.columns}
    assert roles["ID"] == roles["Start time"] == "metadata"


def test_typeform_csv_with_metadata_columns(tmp_path, mini):
    path = tmp_path / "typeform.csv"
    path.write_text(
        "#,Company name,Plan?,Channels?,How many people?,Start Date (UTC),Submitted At,Token,Network ID\n"
        "abc123,Northwind,Rough,Facebook,1,2024-06-01 10:00:00,2024-06-01 10:05:00,tok,net\n",
        encoding="utf-8",
    )
    parsed = parse(path, mini, "en")
    assert good(parsed) == {"Northwind": {"plan": "rough", "channels": ["facebook"], "people": 1}}
    assert {c.header for c in parsed.columns if c.role == "metadata"} == {
        "#", "Start Date (UTC)", "Token", "Network ID"}
    assert [c.header for c in parsed.columns if c.role == "submitted"] == ["Submitted At"]
    assert parsed.rows[0].company["date"] == "2024-06-01"


def test_dutch_excel_csv_cp1252_semicolon_decimal_comma(tmp_path, mini):
    # Excel (nl-NL / nl-BE) "CSV (gescheiden door lijstscheidingsteken)": ';', Windows-1252.
    text = ("Bedrijfsnaam;Branche;Aantal medewerkers;Plan;Kanalen;Hoeveel mensen;Opmerkingen\r\n"
            "Café Zeeën;Horeca;012;op papier;LinkedIn; 1,5;Ça va, ‘goed’\r\n")
    path = tmp_path / "klanten.csv"
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    parsed = parse_rows(table, mini, "nl")
    row = parsed.rows[0]
    assert row.ok, row.problems
    assert row.company == {"name": "Café Zeeën", "sector": "Horeca", "size": "012", "date": "",
                           "consultant": "", "contact": ""}
    assert row.answers.values["people"] == 1.5
    assert row.answers.values["remarks"] == "Ça va, ‘goed’"


def test_utf8_bom_semicolon_csv(tmp_path, mini):
    path = tmp_path / "bom.csv"
    text = "\ufeffBedrijfsnaam;Plan?;Hoeveel mensen?\r\nBrouwerij Eén;Ruw;1.250\r\n"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path)
    assert table.encoding == "utf-8-sig" and table.rows[0][0] == "Bedrijfsnaam"
    row = parse_rows(table, mini, "nl").rows[0]
    assert row.problems and "hoger dan het maximum 500" in row.problems[0].message  # 1.250 is 1250


def test_short_rows_are_empty_cells_not_nan(tmp_path, mini):
    path = tmp_path / "short.csv"
    path.write_text("Bedrijfsnaam;Plan?;Hoeveel mensen?;Opmerkingen\r\nA;Ruw;2\r\nB;Ruw\r\n",
                    encoding="utf-8")
    parsed = parse(path, mini)
    assert parsed.rows[0].ok and parsed.rows[0].answers.values["remarks"] is None
    assert parsed.rows[1].problems[0].message == "vraag people: verplicht antwoord ontbreekt"


def test_headers_match_tolerantly(tmp_path, mini):
    path = tmp_path / "loose.csv"
    path.write_text("  COMPANY NAME ;3. plan ;  KANALEN  ;hoeveel   mensen\nX;Ruw;;2\n", encoding="utf-8")
    parsed = parse(path, mini)
    assert [c.target for c in parsed.columns] == ["name", "plan", "channels", "people"]


def test_mixed_good_and_bad_rows_report_row_column_value(tmp_path, mini):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Bedrijfsnaam,Plan?,Kanalen?,Hoeveel mensen?,Tijd?,Richtlijnen?,Notitie\n"
        "Goed BV,Ruw,LinkedIn,2,3,Ja,x\n"
        "Fout Optie,Misschien,,2,,,\n"
        ",Ruw,,2,,,\n"
        "Fout Getal,Ruw,,veel,,,\n"
        "Fout Schaal,Ruw,,2,9,,\n"
        "Fout Verplicht,,,2,,,\n"
        "Fout Kanaal,Ruw,\"LinkedIn, TikTok, Snapchat\",2,,,\n"
        ",,,,,,\n"
        "Ook Goed,Geen,Geen,0,,,\n",
        encoding="utf-8",
    )
    parsed = parse(path, mini)
    assert [r.company["name"] for r in parsed.rows if r.ok] == ["Goed BV", "Ook Goed"]
    problems = {p.row: p for r in parsed.rows for p in r.problems}
    assert problems[3].column == "kolom B (Plan?)" and problems[3].value == "Misschien"
    assert problems[4].column == "kolom A (Bedrijfsnaam)" and "bedrijfsnaam" in problems[4].message
    assert problems[5].value == "veel" and "'veel' is geen getal" in problems[5].message
    assert "1 tot en met 5" in problems[6].message
    assert "verplicht" in problems[7].message and problems[7].column == "kolom B (Plan?)"
    assert "TikTok" in problems[8].message and "Snapchat" in problems[8].message
    assert 9 not in problems and len(parsed.rows) == 8  # the empty row 9 is no client
    assert parsed.unmatched_values["kolom C (Kanalen?)"] == {"TikTok": 1, "Snapchat": 1}
    assert parsed.unmatched_values["kolom B (Plan?)"] == {"Misschien": 1}
    assert [c.header for c in parsed.columns if c.role == "unmatched"] == ["Notitie"]


def test_empty_file_and_header_only(tmp_path, mini):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_table(empty)
    only = tmp_path / "only.csv"
    only.write_text("Bedrijfsnaam;Plan?\r\n;\r\n", encoding="utf-8")
    with pytest.raises(InputError, match="no client rows"):
        parse(only, mini)


def test_file_without_any_question_column(tmp_path, mini):
    path = tmp_path / "other.csv"
    path.write_text("Naam,Adres\nJan,Straat 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column matches a question"):
        parse(path, mini)


def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="not a readable XLSX"):
        read_table(path)
    with pytest.raises(InputError, match="save the sheet as .xlsx"):
        (tmp_path / "old.xls").write_bytes(b"x")
        read_table(tmp_path / "old.xls")


def test_split_multi_keeps_labels_with_commas(mini):
    from audit.model import Question

    question = Question.model_validate({
        "id": "q", "dimension": "d", "type": "multi", "text": {"nl": "q", "en": "q"},
        "options": [{"value": "a", "label": {"nl": "Ja, soms", "en": "Yes, sometimes"}},
                    {"value": "b", "label": {"nl": "Nee", "en": "No"}},
                    {"value": "c", "label": {"nl": "Foto's", "en": "Photos"}}]})
    assert split_multi(question, "Ja, soms, Nee") == (["a", "b"], [])
    assert split_multi(question, "Nee;Yes, sometimes;") == (["b", "a"], [])
    assert split_multi(question, "Nee, Video") == (["b"], ["Video"])


def test_dates_become_iso_only_when_unambiguous():
    from audit.batch.matching import clean_date

    assert clean_date("2024/03/05 10:12:33 AM GMT+1") == "2024-03-05"
    assert clean_date("5-3-2024 10:12:33") == "2024-03-05"
    assert clean_date("05.03.2024") == "2024-03-05"
    assert clean_date("3/5/2024 10:12:33") == "3/5/2024 10:12:33"  # US or European: left as typed
    assert clean_date("maart 2024") == "maart 2024"
    assert clean_date("31-02-2024") == "31-02-2024"


def test_sniff_delimiter_prefers_the_consistent_split():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == ";"
    assert sniff_delimiter('a,b,c\n"x; y",2,3\n') == ","
    assert column_letter(0) == "A" and column_letter(27) == "AB"


def test_file_names_are_safe_unique_and_stable():
    assert slug("Bakkerij Dé Vries & Zn.") == "bakkerij-de-vries-zn"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("Overview") == "overview-client" and slug("***") == "client"
    rows = [(2, {"name": "Jansen", "sector": "Bouw"}), (3, {"name": "Jansen", "sector": "Zorg"}),
            (4, {"name": "Uniek"}), (5, {"name": "Jansen", "sector": "Zorg"})]
    stems = unique_stems(rows)
    assert len(set(stems.values())) == 4 and stems[4] == "uniek"
    assert stems[2].startswith("jansen-") and stems[5].endswith("-r5")
    moved = unique_stems([rows[1], rows[0], rows[2]])  # rows reordered: names stay
    assert moved[2] == unique_stems(rows[:3])[2]
