import pytest

from audit.answers import AnswerError, from_mapping, normalise, to_mapping, visible


def q(mini, qid):
    return mini.question(qid)


@pytest.mark.parametrize(
    ("qid", "raw", "expected"),
    [
        ("plan", "written", "written"),
        ("plan", "Op papier", "written"),  # Dutch label
        ("plan", "  ROUGH ", "rough"),  # English label, case and spaces
        ("channels", "LinkedIn, Facebook", ["linkedin", "facebook"]),  # Google Forms
        ("channels", "LinkedIn;Instagram;", ["linkedin", "instagram"]),  # Microsoft Forms
        ("channels", ["facebook", "facebook"], ["facebook"]),
        ("people", "12", 12),
        ("people", "1,5", 1.5),  # decimal comma
        ("hours", "4", 4),
        ("guidelines", True, "yes"),
        ("guidelines", "nee", "no"),
        ("guidelines", "Ja", "yes"),
        ("remarks", "  <b>Brood & banket</b> 🍞 ", "<b>Brood & banket</b> 🍞"),
        ("plan", None, None),
        ("plan", "weet niet", None),
        ("people", float("nan"), None),
    ],
)
def test_normalise_accepts_what_people_type(mini, qid, raw, expected):
    assert normalise(q(mini, qid), raw) == expected


@pytest.mark.parametrize(
    ("qid", "raw", "message"),
    [
        ("plan", "maybe", "'maybe' is not one of the options (none, rough, written)"),
        ("channels", "LinkedIn, Myspace", "'Myspace' is not one of the options"),
        ("channels", ["none", "linkedin"], "'none' cannot be combined"),
        ("people", "many", "'many' is not a number"),
        ("people", 501, "above the maximum 500"),
        ("people", -1, "below the minimum 0"),
        ("hours", 6, "not a whole number from 1 to 5"),
        ("hours", 2.5, "not a whole number from 1 to 5"),
        ("guidelines", "perhaps", "not yes or no"),
    ],
)
def test_normalise_says_what_is_wrong(mini, qid, raw, message):
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        normalise(q(mini, qid), raw)


def test_conditions_hide_follow_up_questions(mini):
    assert visible(mini, {"people": 0})["hours"] is False
    assert visible(mini, {"people": 2})["hours"] is True
    assert visible(mini, {})["guidelines"] is False  # unknown never shows a follow-up


def test_from_mapping_lists_every_problem_with_its_question(mini):
    data = {"company": {"name": "", "colour": "x"},
            "answers": {"plan": "nope", "ghost": 1, "people": "x"}, "extra": 1}
    _, problems = from_mapping(mini, data, "a.yaml")
    text = "\n".join(problems)
    assert "unknown top-level field 'extra'" in text
    assert "company: unknown field 'colour'" in text
    assert "company.name: required" in text
    assert "question plan: 'nope' is not one of the options" in text
    assert "question ghost: unknown question id" in text
    assert "question people: 'x' is not a number" in text


def test_answers_file_round_trips(mini):
    data = {"questionnaire": "mini", "language": "en",
            "company": {"name": "Bakkerij 't Hoekje", "date": "2026-11-24"},
            "answers": {"people": 2, "plan": "rough", "channels": ["linkedin"]},
            "notes": {"plan": "Wil \"echt\" een plan"}}
    answers, problems = from_mapping(mini, data)
    assert problems == []
    again = to_mapping(answers, mini)
    assert list(again["answers"]) == ["plan", "channels", "people"]  # questionnaire order
    assert again["notes"] == {"plan": 'Wil "echt" een plan'}
    assert from_mapping(mini, again)[0].values == answers.values


@pytest.mark.parametrize(
    ("qid", "raw", "nl", "en"),
    [
        ("people", "1000,5", "1000,5 is hoger dan het maximum 500", "1000.5 is above the maximum 500"),
        ("plan", "misschien", "'misschien' is geen van de antwoordmogelijkheden",
         "'misschien' is not one of the options"),
        ("guidelines", "soms", "'soms' is geen ja of nee", "'soms' is not yes or no"),
    ],
)
def test_answer_errors_are_worded_in_the_reader_s_language(mini, qid, raw, nl, en):
    with pytest.raises(AnswerError) as caught:
        normalise(q(mini, qid), raw)
    assert caught.value.message("nl").startswith(nl)
    assert caught.value.message("en").startswith(en) and str(caught.value).startswith(en)


def test_consultant_notes_and_session_are_read_and_written_back(mini):
    data = {
        "company": {"name": "Bakkerij"},
        "answers": {"plan": "none"},
        "consultant_notes": {
            "conclusion": "  Eerst een plan, dan pas meer kanalen. ",
            "general": "",
            "dimensions": {"team": "Alles hangt aan de eigenaar."},
            "findings": {"no_plan": "Ze posten ‘als er tijd is’."},
        },
        "session": {"present": ["Marieke", "Eva"], "contact": "Marieke",
                    "started": "2026-11-10T14:00", "duration_minutes": 75},
    }
    answers, problems = from_mapping(mini, data)
    assert problems == []
    assert answers.consultant_notes == {
        "conclusion": "Eerst een plan, dan pas meer kanalen.",
        "dimensions": {"team": "Alles hangt aan de eigenaar."},
        "findings": {"no_plan": "Ze posten ‘als er tijd is’."},
    }
    assert answers.session["duration_minutes"] == 75
    again, problems = from_mapping(mini, to_mapping(answers, mini))
    assert problems == []
    assert again.consultant_notes == answers.consultant_notes
    assert again.session == answers.session


def test_consultant_notes_problems_name_the_key(mini):
    data = {
        "company": {"name": "X"},
        "consultant_notes": {"conclusoin": "typo", "dimensions": {"teem": "x"},
                             "findings": {"no_plan": "ok", "nope": "x"}},
        "session": {"duration_minutes": "lang", "started": "gisteren"},
    }
    answers, problems = from_mapping(mini, data)
    assert ("consultant_notes: unknown field 'conclusoin' "
            "(known: conclusion, general, dimensions, findings)") in problems
    assert "consultant_notes.dimensions.teem: unknown dimension id" in problems
    assert "consultant_notes.findings.nope: unknown misconception id" in problems
    assert any(p.startswith("session.duration_minutes:") for p in problems)
    assert any(p.startswith("session.started:") for p in problems)
    assert answers.consultant_notes == {"findings": {"no_plan": "ok"}}


def test_brand_language_and_questionnaire_round_trip_and_reach_the_assessment(mini, tmp_path):
    import yaml

    from audit.assess import assess
    from audit.load import load_answers

    data = {"questionnaire": {"id": "mini", "version": mini.version}, "language": "en",
            "brand": "../brands/koers", "company": {"name": "Hoekje"},
            "session": {"present": ["Anna de Vries"], "contact": "Anna de Vries",
                        "started": "2026-11-30T10:05:00", "duration_minutes": 75},
            "consultant_notes": {"conclusion": "Start met een plan."},
            "answers": {"people": 2, "plan": "rough"}}
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    answers = load_answers(path, mini, require_complete=False)
    saved = to_mapping(answers, mini)
    for key in ("questionnaire", "language", "brand", "session", "consultant_notes"):
        assert saved[key] == data[key], key
    assert answers.brand_path() == tmp_path / "../brands/koers"  # beside the answers file
    assessment = assess(mini, answers, "en").to_dict()
    assert assessment["brand"] == "../brands/koers"
    assert assessment["session"] == data["session"]
    assert assessment["consultant_notes"] == data["consultant_notes"]


def test_company_date_typed_the_dutch_way_is_stored_as_iso(mini):
    for typed, stored in (("31-3-2026", "2026-03-31"), ("31/03/2026", "2026-03-31"),
                          ("maart 2026", "maart 2026")):  # not a date: kept as typed
        answers, problems = from_mapping(mini, {"company": {"name": "A", "date": typed}})
        assert problems == [] and answers.company.date == stored


def test_older_answers_files_load_and_are_saved_in_the_agreed_shape(mini):
    answers, problems = from_mapping(mini, {"questionnaire": "mini", "questionnaire_version": "7",
                                            "company": {"name": "A"}, "answers": {}})
    assert problems == [] and answers.questionnaire_version == "7"
    saved = to_mapping(answers, mini)
    assert saved["questionnaire"] == {"id": "mini", "version": mini.version}
    assert "brand" not in saved and "questionnaire_version" not in saved
    _, problems = from_mapping(mini, {"company": {"name": "A"}, "brand": ["x"]})
    assert problems == ["brand: expected the brand kit's folder (or its brand.yaml) or name"]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("1,5", "nl", 1.5), ("1.5", "en", 1.5), ("1,5", "en", 1.5), ("1.5", "nl", 1.5),
    ("1.000", "nl", 1000), ("1,000", "en", 1000),  # a thousand, never one
    ("1,000", "nl", 1.0), ("1.000", "en", 1.0),  # the other language's decimal mark
    ("1.250,5", "nl", 1250.5), ("1,250.5", "en", 1250.5), ("1.250,5", "en", 1250.5),
    ("12.500.000", "nl", 12500000), ("0,500", "en", 0.5), ("1 250", "nl", 1250),
    ("-2,5", "nl", -2.5), (",5", "nl", 0.5), ("1.250", None, 1250),  # no language: Dutch
])
def test_numbers_are_read_with_the_language_s_separators(text, lang, expected):
    from audit.answers import parse_number

    assert parse_number(text, lang) == expected


@pytest.mark.parametrize("text", ["1,2,3", "1.25.0", "12,34.5", "1e3", "nan", "inf", "--1", ""])
def test_what_is_not_a_number_is_refused(text):
    from audit.answers import parse_number

    with pytest.raises(ValueError):
        parse_number(text, "en")


def test_whole_numbers_refuse_fractions_hours_take_them():
    from audit.model import Question

    people = Question.model_validate({
        "id": "people", "dimension": "d", "type": "number", "whole": True, "weight": 0,
        "text": {"nl": "Hoeveel mensen?", "en": "How many people?"}})
    hours = people.model_copy(update={"whole": False, "id": "hours"})
    with pytest.raises(AnswerError) as caught:
        normalise(people, "1,5", "nl")
    assert caught.value.message("nl") == "1,5 is geen heel getal"
    assert normalise(people, "1.000", "nl") == 1000 and normalise(people, "1,000", "en") == 1000
    assert normalise(hours, "1,5", "nl") == 1.5 and normalise(hours, "2.5", "en") == 2.5


@pytest.mark.parametrize(("text", "expected"), [
    ("31-3-2026", "2026-03-31"), ("31/03/2026", "2026-03-31"), ("2026-03-31", "2026-03-31"),
    ("31.3.2026", "2026-03-31"), (" 1-1-2027 ", "2027-01-01"),
])
def test_dates_in_the_forms_people_type(text, expected):
    from audit.answers import parse_date

    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize("text", ["31-2-2026", "3/31/2026", "31-3-26", "morgen", "2026-13-01"])
def test_dates_that_are_not_real_or_not_sure_are_refused(text):
    from audit.answers import parse_date

    with pytest.raises(ValueError):
        parse_date(text)
