"""Form data -> canonical answers, with the same `normalise()` as the CLI; the browser is never
trusted. Error messages are the app's own, in the page's language."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from audit.answers import AnswerError, normalise, visible
from audit.model import Question, Questionnaire
from audit.strings import format_number

TEXT_MAX = 2000
NOTE_MAX = 1000
COMPANY_MAX = 200
NUMBER_MAX = 40
SIZES = ("1", "2-9", "10-49", "50-249", "250+")
# Control characters (tab and line breaks excepted) have no place in an answer: they break
# spreadsheet exports and can hide text from the consultant.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_controls(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and CONTROL_RE.search(v) for v in items)


@dataclass
class PageResult:
    values: dict[str, Any]  # question id -> canonical value (None = unknown), valid ones only
    notes: dict[str, str]
    raw: dict[str, Any]  # what was typed, to show it again next to an error
    errors: dict[str, str] = field(default_factory=dict)  # question id -> message
    hidden: set[str] = field(default_factory=set)  # questions this page hides: their answers are kept


def field_name(question: Question) -> str:
    return f"q_{question.id}"


def note_name(question: Question) -> str:
    return f"n_{question.id}"


def error_message(question: Question, exc: AnswerError, s: dict[str, str], lang: str) -> str:
    """Our own words for what normalise() refused: addressed to the company, no option ids."""
    if exc.code == "not_combinable":
        option = question.option(exc.params.get("option", ""))
        return s["err_exclusive"].format(label=option.label(lang) if option else exc.params.get("option", ""))
    if exc.code == "below_min" and question.min is not None:
        return s["err_min"].format(min=format_number(question.min, lang))
    if exc.code == "above_max" and question.max is not None:
        return s["err_max"].format(max=format_number(question.max, lang))
    if question.type == "number":
        return s["err_number"]
    return {"yesno": s["err_yesno"], "scale": s["err_scale"]}.get(question.type, s["err_option"])


def raw_value(question: Question, form: Any) -> Any:
    """The submitted value of one question: a list for multiple choice, else a string."""
    name = field_name(question)
    if question.type == "multi":
        return [v for v in form.getlist(name) if v != ""]
    return form.get(name, "")


def parse_page(questionnaire: Questionnaire, questions: list[Question], form: Any,
               stored: dict[str, Any], s: dict[str, str], lang: str, require: bool = True,
               was_shown: set[str] | None = None) -> tuple[PageResult, dict[str, bool]]:
    """Validate one page's answers against what is visible given those very answers.

    Returns the page result and the visibility of every question after this page's answers.
    A question that is not visible gets no error; what was typed for it is kept (not scored)
    so that it comes back if the question is shown again. `require=False` (going back, a
    draft) skips the required-answer check. `was_shown`: the questions the company saw when
    it sent the form; an empty field of a question it did not see erases nothing.
    """
    result = PageResult(values={}, notes={}, raw={})
    for question in questions:
        raw = raw_value(question, form)
        result.raw[question.id] = raw
        limit = TEXT_MAX if question.type == "text" else NUMBER_MAX
        if isinstance(raw, str) and len(raw) > limit:
            result.errors[question.id] = s["err_too_long"].format(max=limit)
            continue
        if has_controls(raw):
            result.errors[question.id] = s["err_control"]
            continue
        try:
            result.values[question.id] = normalise(question, raw, lang)  # 1,000 is 1000 in en
        except AnswerError as exc:
            result.errors[question.id] = error_message(question, exc, s, lang)
        note = str(form.get(note_name(question), "")).strip()
        if len(note) > NOTE_MAX:
            result.errors[question.id] = s["err_too_long"].format(max=NOTE_MAX)
        elif has_controls(note):
            result.errors[question.id] = s["err_control"]
        elif note:
            result.notes[question.id] = note
    merged = {**stored, **{k: v for k, v in result.values.items() if v is not None}}
    for qid, value in result.values.items():
        if value is None:
            merged.pop(qid, None)
    shown = visible(questionnaire, merged)
    for question in questions:
        unseen = was_shown is not None and question.id not in was_shown
        if not shown[question.id] or (unseen and result.values.get(question.id) is None):
            result.hidden.add(question.id)
            result.errors.pop(question.id, None)
            if result.values.get(question.id) is None:
                result.values.pop(question.id, None)  # nothing new typed: keep what was saved
            if shown[question.id] and require and question.required and stored.get(question.id) is None:
                result.errors[question.id] = s["err_required"]
        elif (require and question.required and question.id not in result.errors
              and result.values.get(question.id) is None):
            result.errors[question.id] = s["err_required"]
    return result, shown


def apply_page(stored: dict[str, Any], notes: dict[str, str], questionnaire: Questionnaire,
               questions: list[Question], page: PageResult) -> tuple[dict[str, Any], dict[str, str]]:
    """The submission's answers after saving this page: valid answers in.

    An answer that did not validate keeps the value saved before. Answers of questions that
    are hidden now (here or on a later page) are kept: the engine does not score them, and
    they are there again when a changed answer shows the question again.
    """
    values = dict(stored)
    new_notes = dict(notes)
    for question in questions:
        if question.id in page.errors and page.values.get(question.id) is None:
            continue
        if question.id in page.hidden and question.id not in page.values:
            if question.id in page.notes:
                new_notes[question.id] = page.notes[question.id]
            continue
        value = page.values.get(question.id)
        if value is None:
            values.pop(question.id, None)
        else:
            values[question.id] = value
        if question.id in page.notes:
            new_notes[question.id] = page.notes[question.id]
        else:
            new_notes.pop(question.id, None)
    return values, new_notes


def drafts_after(drafts: dict[str, Any], questions: list[Question], page: PageResult) -> dict[str, Any]:
    """Typed text that did not validate yet, per question, so that leaving the page (Back, the
    resume link, a closed tab) loses nothing; a question that validated drops its draft."""
    kept = {qid: raw for qid, raw in drafts.items() if qid not in {q.id for q in questions}}
    for question in questions:
        if question.id in page.errors and page.raw.get(question.id) not in (None, "", []):
            kept[question.id] = page.raw[question.id]
    return kept


def draft_error(question: Question, raw: Any, s: dict[str, str], lang: str) -> str | None:
    """What is wrong with a saved draft, worded as on submit."""
    if isinstance(raw, str) and len(raw) > (TEXT_MAX if question.type == "text" else NUMBER_MAX):
        return s["err_too_long"].format(max=TEXT_MAX if question.type == "text" else NUMBER_MAX)
    if has_controls(raw):
        return s["err_control"]
    try:
        normalise(question, raw)
    except AnswerError as exc:
        return error_message(question, exc, s, lang)
    return None


def display_value(question: Question, value: Any, lang: str) -> Any:
    """A stored canonical value as the form shows it again."""
    if value is None:
        return [] if question.type == "multi" else ""
    if question.type == "number":
        return format_number(value, lang)
    if question.type == "scale":
        return str(value)
    return value


def parse_company(form: Any, s: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Company details from the form, with an error per field."""
    company: dict[str, str] = {}
    errors: dict[str, str] = {}
    for key in ("name", "sector", "size", "contact"):
        value = str(form.get(key, "")).strip()
        if len(value) > COMPANY_MAX:
            errors[key] = s["err_too_long"].format(max=COMPANY_MAX)
        elif has_controls(value):
            errors[key] = s["err_control"]
        company[key] = value
    if not company["name"] and "name" not in errors:
        errors["name"] = s["err_name_required"]
    if company["size"] and company["size"] not in SIZES:
        errors["size"] = s["err_size"]
    company["date"] = dt.date.today().isoformat()
    company["consultant"] = ""
    return company, errors
