"""The interview's state machine, without a terminal: order, conditions, navigation, saving."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from audit.answers import AnswerError
from audit.assess import assess
from audit.errors import InputError
from audit.interview.session import Session, SessionError, default_answers_path
from audit.load import load_answers, read_data


@pytest.fixture
def session(mini, tmp_path):
    s = Session.new(mini, tmp_path / "a.yaml", "en", today=dt.date(2026, 3, 2))
    s.set_company(name="Acme", sector="Retail")
    return s


def current_id(session: Session) -> str | None:
    return session.current.id if session.current else None


def test_questions_come_in_questionnaire_order_and_hidden_ones_are_not_asked(session):
    asked = []
    for raw in ["none", ["linkedin"], "0", "nothing to add"]:
        asked.append(current_id(session))
        session.answer(raw)
    # people == 0 hides hours and guidelines (condition "people > 0")
    assert asked == ["plan", "channels", "people", "remarks"]
    assert session.finished


def test_condition_shows_questions_after_a_positive_answer(session):
    session.answer("written")
    session.answer(["linkedin", "facebook"])
    session.answer("2")
    assert current_id(session) == "hours"
    assert session.progress().total == 6


def test_progress_counts_place_and_shown_questions(session):
    p = session.progress()
    # hours and guidelines depend on people, not yet answered: they may still come
    assert (p.number, p.total, p.answered, p.dimension) == (1, 6, 0, "strategy")
    session.answer("rough")
    session.answer(["linkedin"])
    session.answer("3")
    p = session.progress()
    assert (p.number, p.total, p.answered, p.dimension) == (4, 6, 3, "team")
    session.back()
    session.answer("0")  # settles the condition: they will not come
    p = session.progress()
    assert (p.number, p.total, p.answered, p.dimension) == (4, 4, 3, "team")


def test_back_goes_to_previous_shown_question_and_keeps_answers(session):
    assert session.back() is False  # at the first question
    session.answer("rough")
    session.answer(["linkedin"])
    session.answer("0")
    assert current_id(session) == "remarks"
    assert session.back() is True
    assert current_id(session) == "people"  # hours/guidelines hidden: skipped over
    assert session.value("people") == 0
    session.back()
    session.back()
    assert current_id(session) == "plan"
    assert session.value("plan") == "rough"


def test_back_after_the_end_returns_to_the_last_question(session):
    for raw in ["rough", ["linkedin"], "0", ""]:
        session.answer(raw)
    assert session.finished
    assert session.back() and current_id(session) == "remarks"


def test_skip_only_optional_questions_and_records_unknown(session):
    with pytest.raises(SessionError):
        session.skip()  # plan is required
    assert current_id(session) == "plan"
    session.answer("rough")
    session.skip()  # channels is optional
    assert current_id(session) == "people"
    data = read_data(session.path)
    assert "channels" in data["answers"] and data["answers"]["channels"] is None


def test_moving_keeps_answers_and_skips_and_never_saves(session):
    session.answer("rough")
    session.skip()  # channels: left open
    session.answer("2")
    before = session.path.read_bytes()
    session.goto_number(1)
    for _ in range(3):
        session.forward()  # what Enter does on an answered or skipped question
    session.back()
    session.back()
    assert session.value("channels") is None and "channels" in session.answers.values
    assert session.value("plan") == "rough" and session.value("people") == 2
    assert session.path.read_bytes() == before  # moving never writes
    session.goto("plan")
    session.answer("rough")  # the same answer again: nothing to write
    assert session.path.read_bytes() == before


def test_leaving_an_answer_open_is_a_change_the_consultant_makes(session):
    session.answer("rough")
    session.answer(["linkedin"])
    session.goto("channels")
    session.skip()
    assert session.value("channels") is None and read_data(session.path)["answers"]["channels"] is None


def test_required_question_rejects_unknown_and_bad_values_with_file_rules(session):
    with pytest.raises(AnswerError):
        session.answer("")
    with pytest.raises(AnswerError):
        session.answer("sometimes")  # not an option
    assert current_id(session) == "plan" and "plan" not in session.answers.values
    session.answer("Op papier")  # a Dutch label, as in a file
    assert session.value("plan") == "written"
    session.answer(["linkedin"])
    for bad in ["many", "600", "-1", "1,250"]:  # 1,250 is English for 1250: above max 500
        with pytest.raises(AnswerError):
            session.answer(bad)
    assert current_id(session) == "people" and "people" not in session.answers.values


def test_number_in_range_and_exclusive_option(session):
    session.answer("rough")
    with pytest.raises(AnswerError):
        session.answer(["none", "linkedin"])
    session.answer(["none"])
    session.answer("2,0")
    assert session.value("people") == 2


def test_after_an_answer_the_next_question_never_asked_comes(session):
    session.jump("team")
    assert current_id(session) == "people"
    session.answer("0")
    session.answer("")  # remarks, optional text left empty -> unknown
    # after the last question: the shown questions never asked (plan, channels)
    assert current_id(session) == "plan"
    session.answer("none")
    assert current_id(session) == "channels"
    session.answer(["facebook"])
    # not on through what was answered before the jump: everything shown has been asked
    assert session.finished
    with pytest.raises(SessionError):
        session.jump("nope")


def test_go_to_question_by_its_number(session):
    session.goto_number(3)
    assert current_id(session) == "people"
    with pytest.raises(SessionError, match="no question 7"):
        session.goto_number(7)
    session.goto_number(4)  # Time? waits for the number of people: it may still come
    assert current_id(session) == "hours"
    session.goto("people")
    session.answer("0")  # now it will not
    with pytest.raises(SessionError, match="Question 4 is not asked: that follows from the "
                                           "answer to question 3"):
        session.goto_number(4)


def test_resume_errors_are_worded_in_the_session_s_language(mini, tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text("questionnaire: mini\nlanguage: nl\ncompany: {name: A}\n"
                    "answers: {plan: soms, ghost: 1}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        Session.resume(mini, path)
    text = str(info.value)
    assert "vraag plan: 'soms' is geen van de antwoordmogelijkheden" in text
    assert "vraag ghost: deze vraag bestaat niet in deze vragenlijst" in text
    with pytest.raises(InputError) as info:
        Session.resume(mini, path, lang="en")
    assert "question plan: 'soms' is not one of the options" in str(info.value)


def test_notes_are_saved_changed_and_removed(session):
    session.set_note("  Says they post “daily” <b>bold</b> 😀  ")
    assert read_data(session.path)["notes"] == {"plan": "Says they post “daily” <b>bold</b> 😀"}
    assert current_id(session) == "plan"  # a note does not move on
    session.set_note("")
    assert "notes" not in read_data(session.path)


def test_every_answer_is_saved_atomically_as_it_is_given(session, monkeypatch):
    import audit.interview.session as mod

    writes = []
    real = mod.write_atomic
    monkeypatch.setattr(mod, "write_atomic", lambda path, text: (writes.append(text), real(path, text)))
    session.answer("rough")
    assert read_data(session.path)["answers"] == {"plan": "rough"}
    session.answer(["linkedin", "facebook"])
    assert read_data(session.path)["answers"]["channels"] == ["linkedin", "facebook"]
    assert len(writes) == 2
    assert not list(session.path.parent.glob(".*.part"))  # no temp file left behind


def test_file_is_loadable_by_report_and_in_questionnaire_order(session, mini):
    session.jump("team")
    session.answer("2")
    session.answer("4")
    session.answer("yes")
    session.answer("Ze zeggen: ‘we doen alles’ & <script>x</script> 🚀")
    session.answer("written")
    session.answer(["instagram"])
    text = session.path.read_text(encoding="utf-8")
    assert "🚀" in text and "‘we doen alles’" in text  # unicode kept, not escaped
    data = yaml.safe_load(text)
    assert list(data["answers"]) == ["plan", "channels", "people", "hours", "guidelines", "remarks"]
    assert data["company"]["date"] == "2026-03-02" and data["language"] == "en"
    answers = load_answers(session.path, mini)  # what `smaudit report` does
    assert answers.values["remarks"] == "Ze zeggen: ‘we doen alles’ & <script>x</script> 🚀"


def test_answers_hidden_by_a_changed_answer_are_listed_and_not_scored(session, mini):
    session.answer("written")
    session.answer(["linkedin"])
    session.answer("3")
    session.answer("5")
    session.answer("yes")
    team_before = assess(mini, session.answers, "en").dimension("team").score
    session.back()
    session.back()
    session.back()
    assert current_id(session) == "people"
    session.answer("0")
    assert current_id(session) == "remarks"
    assert session.hidden_answers() == ["hours", "guidelines"]
    text = session.path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["hidden_answers"] == ["hours", "guidelines"]
    assert "# The questions below are no longer asked" in text
    answers = load_answers(session.path, mini, require_complete=False)
    result = assess(mini, answers, "en")
    assert result.hidden_answers == ["hours", "guidelines"]
    assert result.dimension("team").score == 0 != team_before
    # changing back shows them again with their answers, and the section goes away
    session.back()
    session.answer("3")
    assert session.value("hours") == 5
    assert "hidden_answers" not in read_data(session.path)


def test_resume_continues_at_first_unanswered_and_keeps_skips(session, mini, tmp_path):
    session.answer("rough")
    session.skip()
    session.set_note("call back", "people")
    resumed = Session.resume(mini, session.path)
    assert current_id(resumed) == "people"
    assert resumed.lang == "en"
    assert resumed.answers.company.name == "Acme"
    assert resumed.note("people") == "call back"
    assert resumed.progress().answered == 2


def test_resume_of_complete_file_is_finished(session, mini):
    for raw in ["rough", ["linkedin"], "0", "ok"]:
        session.answer(raw)
    assert Session.resume(mini, session.path).finished


def test_resume_to_another_output_leaves_the_source_alone(session, mini, tmp_path):
    session.answer("rough")
    before = session.path.read_bytes()
    other = Session.resume(mini, session.path, tmp_path / "b.yaml")
    other.answer(["facebook"])
    assert session.path.read_bytes() == before
    assert read_data(tmp_path / "b.yaml")["answers"]["channels"] == ["facebook"]


@pytest.mark.parametrize("content, message", [
    ("questionnaire: other\ncompany: {name: A}\nanswers: {}\n", "vragenlijst 'other'"),
    ("questionnaire: {id: other}\nlanguage: en\ncompany: {name: A}\nanswers: {}\n",
     "belongs to questionnaire 'other', not 'mini': leave out --questionnaire"),
    ("questionnaire: mini\ncompany: {name: A\nanswers: {}\n", "malformed YAML"),
    ("- just\n- a list\n", "geen antwoordenbestand"),
    ("questionnaire: mini\ncompany: {name: A}\nanswers: [1, 2]\n", "answers: expected a mapping"),
    ("questionnaire: mini\ncompany: {name: A}\nanswers: {plan: sometimes}\n", "vraag plan"),
    ("questionnaire: mini\ncompany: {name: A}\nanswers: {nope: 1}\n", "vraag nope: deze vraag bestaat niet"),
])
def test_bad_resume_file_is_an_error_and_left_untouched(mini, tmp_path, content, message):
    path = tmp_path / "old.yaml"
    path.write_bytes(content.encode())
    with pytest.raises(InputError) as info:
        Session.resume(mini, path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == content.encode()


def test_nothing_is_written_before_the_company_has_a_name(mini, tmp_path):
    s = Session.new(mini, tmp_path / "a.yaml", "nl")
    assert s.needs_company
    s.set_company(sector="Bouw")
    assert not (tmp_path / "a.yaml").exists()
    s.set_company(name="Bouwbedrijf Jansen")
    assert read_data(tmp_path / "a.yaml")["company"]["sector"] == "Bouw"


def test_default_path_is_named_after_the_company_and_never_overwrites(tmp_path):
    day = dt.date(2026, 1, 5)
    first = default_answers_path("Café ‘t Hoekje BV", tmp_path, day)
    assert first.name == "answers-cafe-t-hoekje-bv-2026-01-05.yaml"
    first.write_text("x")
    assert default_answers_path("Café ‘t Hoekje BV", tmp_path, day).name.endswith("-05-2.yaml")
    assert default_answers_path("🍞", tmp_path, day).name.startswith("answers-company-")


def test_an_option_named_like_an_unknown_word_can_be_chosen():
    """The product questionnaire has an option `unknown` ("No, we do not know"): an answer, not a blank."""
    from audit.answers import normalise
    from audit.model import Question

    question = Question.model_validate({
        "id": "where", "dimension": "d", "type": "single", "text": {"nl": "Waar?", "en": "Where?"},
        "options": [{"value": "known", "label": {"nl": "Ja", "en": "Yes"}, "points": 1},
                    {"value": "unknown", "label": {"nl": "Weet niet", "en": "Do not know"}}],
    })
    assert normalise(question, "unknown") == "unknown"
    assert normalise(question, "Weet niet") == "unknown"
    assert normalise(question, "") is None
    assert normalise(question, None) is None


def test_writable_folder(tmp_path):
    from audit.interview.session import writable_folder

    assert writable_folder(tmp_path / "a.yaml")
    assert writable_folder(tmp_path / "new" / "deeper" / "a.yaml")  # folders are created on save
    (tmp_path / "file").write_text("x")
    assert not writable_folder(tmp_path / "file" / "a.yaml")  # a file where a folder should be
