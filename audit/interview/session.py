"""The interview's state machine: which question is next, back, skip, jump, answers, notes.

No terminal here. Every change that a consultant makes is written to the answers file at
once (atomically), in the format `smaudit report` reads, so an interrupted interview loses
nothing and can be resumed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from audit.answers import (
    NOTE_MAPS,
    NOTE_TEXTS,
    SESSION_FIELDS,
    AnswerError,
    Answers,
    Company,
    fold,
    from_mapping,
    normalise,
    to_mapping,
    visible,
)
from audit.catalog import reference
from audit.errors import InputError
from audit.files import write_atomic
from audit.interview.order import asking_order
from audit.interview.texts import texts as strings
from audit.load import read_data
from audit.model import LANGUAGES, Question, Questionnaire


class SessionError(ValueError):
    """A navigation step that is not allowed (e.g. skipping a required question)."""


@dataclass
class Progress:
    number: int  # 1-based place of the current question among the questions now shown
    total: int  # questions shown with the answers so far ("about": conditions may change it)
    answered: int  # shown questions with an answer or an explicit skip
    dimension: str  # the current question's dimension id


class Session:
    """One interview: answers by question id, a position, and the file they are saved to.

    A question id present in `answers.values` with None was skipped (unknown); an id that is
    absent was never asked. Answers to questions that a later change hides stay in the file
    (listed under `hidden_answers`) but are not scored. Only a change the consultant makes is
    saved: moving (back, forward, to a question, to the review) never writes the file.
    """

    def __init__(self, questionnaire: Questionnaire, answers: Answers, path: str | Path | None,
                 lang: str = "nl") -> None:
        self.q = questionnaire
        self.order = asking_order(questionnaire)
        self.answers = answers
        self.path = Path(path) if path else None
        self.lang = lang
        self.answers.language = lang
        self.answers.questionnaire = questionnaire.id
        self.answers.questionnaire_version = questionnaire.version
        self.index: int | None = self.resume_index()
        self._clock = time.monotonic()  # for the interview's duration, counted while it runs
        self._minutes_before = int(self.answers.session.get("duration_minutes") or 0)

    # Construction -------------------------------------------------------------------------
    @classmethod
    def new(cls, questionnaire: Questionnaire, path: str | Path | None, lang: str = "nl",
            today: dt.date | None = None, now: dt.datetime | None = None) -> Session:
        company = Company(name="", date=(today or dt.date.today()).isoformat())
        started = (now or dt.datetime.now()).replace(second=0, microsecond=0)
        answers = Answers(company=company, session={"started": started.isoformat(timespec="minutes")})
        return cls(questionnaire, answers, path, lang)

    @classmethod
    def resume(cls, questionnaire: Questionnaire, source: str | Path, path: str | Path | None = None,
               lang: str | None = None) -> Session:
        """Continue a saved interview; a file for another questionnaire or a damaged one is an
        InputError (worded in the session's language) and is never written to."""
        source = Path(source)
        data = read_data(source)
        wording = lang or _file_language(data) or "nl"
        s = strings(wording)
        if not isinstance(data, dict):
            raise InputError(str(source), s["interview_resume_not_answers"])
        problems: list[str] = []
        # Another version of the same questionnaire is fine (one policy in every front end,
        # see audit.catalog): renamed questions move, retired ones are set aside.
        wanted_id, _ = reference(data)
        if wanted_id and wanted_id != questionnaire.id:
            problems.append(s["interview_resume_other_questionnaire"].format(
                wanted=wanted_id, given=questionnaire.id))
        if problems:
            raise InputError(str(source), problems)
        answers, problems = from_mapping(questionnaire, data, str(source))
        if problems:
            raise InputError(str(source), _worded(questionnaire, data, problems, s, wording))
        return cls(questionnaire, answers, path or source, lang or answers.language or "nl")

    # Where we are --------------------------------------------------------------------------
    def shown(self) -> dict[str, bool]:
        return visible(self.q, self.answers.values)

    def visible_indexes(self) -> list[int]:
        shown = self.shown()
        return [i for i, question in enumerate(self.order) if shown[question.id]]

    def asked(self, qid: str) -> bool:
        """Answered or explicitly left unknown (skipped)."""
        return qid in self.answers.values

    def resume_index(self, after: int | None = None) -> int | None:
        """The first shown question never asked (after position `after`, wrapping round);
        None when everything shown has been asked."""
        open_ = [i for i in self.visible_indexes() if not self.asked(self.order[i].id)]
        if after is not None:
            later = [i for i in open_ if i > after]
            if later:
                return later[0]
        return open_[0] if open_ else None

    @property
    def current(self) -> Question | None:
        return None if self.index is None else self.order[self.index]

    @property
    def finished(self) -> bool:
        return self.index is None

    def number(self, qid: str) -> int:
        """The question's fixed number, as in `smaudit questions` and on paper."""
        return next(i for i, q in enumerate(self.order, 1) if q.id == qid)

    def expected_indexes(self) -> list[int]:
        """Questions shown now, plus those whose condition reads a question not yet answered
        (they may still appear): the "about N" of the progress line, which shrinks rather than
        grows as conditions are settled."""
        shown = self.shown()
        open_ids: set[str] = set()
        expected = []
        for i, question in enumerate(self.order):
            rule = self.q.condition_rule(question)
            if shown[question.id] or (rule is not None and rule.refs & open_ids):
                expected.append(i)
                if question.id not in self.answers.values:
                    open_ids.add(question.id)
        return expected

    def progress(self) -> Progress:
        expected = self.expected_indexes()
        answered = sum(1 for i in expected if self.order[i].id in self.answers.values)
        if self.index is None:
            return Progress(len(expected), len(expected), answered, "")
        number = sum(1 for i in expected if i <= self.index)
        return Progress(number, len(expected), answered, self.order[self.index].dimension)

    def value(self, qid: str) -> Any:
        return self.answers.values.get(qid)

    def note(self, qid: str) -> str:
        return self.answers.notes.get(qid, "")

    def hidden_answers(self) -> list[str]:
        """Questions with an answer that are no longer asked: kept in the file, not scored."""
        shown = self.shown()
        return [q.id for q in self.q.questions
                if not shown[q.id] and self.answers.values.get(q.id) is not None]

    def missing_required(self) -> list[str]:
        shown = self.shown()
        return [q.id for q in self.order
                if q.required and shown[q.id] and self.answers.values.get(q.id) is None]

    def unasked(self) -> list[str]:
        shown = self.shown()
        return [q.id for q in self.order if shown[q.id] and not self.asked(q.id)]

    # Moving (never saves) ------------------------------------------------------------------
    def forward(self) -> None:
        """To the next shown question, answered or not, keeping the current answer as it is;
        after the last one, to the first shown question never asked; else finished."""
        after = [i for i in self.visible_indexes() if self.index is not None and i > self.index]
        self.index = after[0] if after else self.resume_index()

    def advance(self) -> None:
        """After an answer: to the next shown question never asked (wrapping round), so that
        what was answered before is not walked through again; else finished."""
        self.index = self.resume_index(after=self.index)

    def settle(self, index: int | None) -> int | None:
        """`index` if its question is still shown, else the next shown one (a change made in
        the review may hide the question the consultant came from)."""
        if index is None or index in self.visible_indexes():
            return index
        later = [i for i in self.visible_indexes() if i > index]
        return later[0] if later else self.resume_index()

    def back(self) -> bool:
        """To the previous shown question; False when already at the first one."""
        shown = self.visible_indexes()
        if self.index is None:
            if not shown:
                return False
            self.index = shown[-1]
            return True
        before = [i for i in shown if i < self.index]
        if not before:
            return False
        self.index = before[-1]
        return True

    def jump(self, dimension: str) -> None:
        """To the first shown question of a dimension."""
        if dimension not in {d.id for d in self.q.dimensions}:
            raise SessionError(f"unknown dimension {dimension!r}")
        target = next((i for i in self.visible_indexes()
                       if self.order[i].dimension == dimension), None)
        if target is None:
            raise SessionError(f"dimension {dimension!r} has no question to ask now")
        self.index = target

    def first_open(self) -> None:
        """To the first shown question never asked; finished when there is none."""
        self.index = self.resume_index()

    def goto(self, qid: str) -> None:
        for i in self.visible_indexes():
            if self.order[i].id == qid:
                self.index = i
                return
        raise SessionError(f"question {qid!r} is not asked now")

    def goto_number(self, number: int) -> None:
        """To question `number` (its fixed number); SessionError, worded for the consultant,
        when there is no such question or it is not asked with the answers so far."""
        s = strings(self.lang)
        if not 1 <= number <= len(self.order):
            raise SessionError(s["interview_no_such_question"].format(number=number,
                                                                      last=len(self.order)))
        question = self.order[number - 1]
        if not self.shown()[question.id] and number - 1 not in self.expected_indexes():
            rule = self.q.condition_rule(question)
            refs = sorted(self.number(r) for r in (rule.refs if rule else set())
                          if self.q.question(r) is not None)
            raise SessionError(s["interview_question_not_asked"].format(
                number=number, refs=", ".join(map(str, refs))))
        self.index = number - 1

    @property
    def needs_company(self) -> bool:
        return not self.answers.company.name

    # Changing (saves) ----------------------------------------------------------------------
    def check(self, question: Question, raw: Any) -> Any:
        """The canonical value for `raw`, with the same rules as the answers file (numbers read
        in the session's language); an answer is required unless the question is optional."""
        value = normalise(question, raw, self.lang)
        if value is None and question.required:
            raise AnswerError("required")
        return value

    def answer(self, raw: Any, move: bool = True) -> Any:
        """Record an answer to the current question (saved only when it differs from what was
        recorded), then move on to the next question not yet asked."""
        question = self._need_current()
        value = self.check(question, raw)
        if not self.asked(question.id) or self.answers.values[question.id] != value:
            self.answers.values[question.id] = value
            self.save()
        if move:
            self.advance()
        return value

    def skip(self, move: bool = True) -> None:
        """Record the current question as unknown ("weet niet"): a change like any answer."""
        question = self._need_current()
        if question.required:
            raise SessionError(strings(self.lang)["interview_cannot_skip"])
        if not self.asked(question.id) or self.answers.values[question.id] is not None:
            self.answers.values[question.id] = None
            self.save()
        if move:
            self.advance()

    def set_note(self, text: str, qid: str | None = None) -> None:
        qid = qid or self._need_current().id
        text = (text or "").strip()
        if text == self.answers.notes.get(qid, ""):
            return
        if text:
            self.answers.notes[qid] = text
        else:
            self.answers.notes.pop(qid, None)
        self.save()

    def set_company(self, **fields: str) -> None:
        for key, value in fields.items():
            if not hasattr(self.answers.company, key):
                raise SessionError(f"unknown company field {key!r}")
            setattr(self.answers.company, key, (value or "").strip())
        if self.answers.company.name:
            self.save()

    def set_meeting(self, key: str, value: Any) -> None:
        """One field of the meeting record: present (names), contact, started, duration_minutes."""
        if key not in SESSION_FIELDS:
            raise SessionError(f"unknown meeting field {key!r}")
        if key == "present":
            value = [n.strip() for n in value if n.strip()]
        elif isinstance(value, str):
            value = value.strip()
        if value in ("", [], None):
            self.answers.session.pop(key, None)
        else:
            self.answers.session[key] = value
        if key == "duration_minutes":  # typed by the consultant: counting goes on from there
            self._minutes_before = int(value or 0)
            self._clock = time.monotonic()
        self.save()

    def set_consultant_note(self, kind: str, text: str, item: str | None = None) -> None:
        """The conclusion or general note (`kind`), or the note on a dimension or finding
        (`kind` "dimensions"/"findings" with the `item` id); empty text removes it."""
        text = (text or "").strip()
        notes = self.answers.consultant_notes
        if kind in NOTE_TEXTS:
            if text:
                notes[kind] = text
            else:
                notes.pop(kind, None)
        elif kind in NOTE_MAPS and item:
            mapping = notes.setdefault(kind, {})
            if text:
                mapping[item] = text
            else:
                mapping.pop(item, None)
            if not mapping:
                notes.pop(kind)
        else:
            raise SessionError(f"unknown consultant note {kind!r}")
        self.save()

    def minutes(self) -> int:
        """The interview's duration so far: earlier sittings plus this one, in whole minutes."""
        return self._minutes_before + round((time.monotonic() - self._clock) / 60)

    def record_duration(self) -> None:
        """Store the duration (at the end, or when the consultant leaves): not an answer."""
        minutes = self.minutes()
        if self.answers.company.name and self.answers.session.get("duration_minutes") != minutes:
            self.answers.session["duration_minutes"] = minutes
            self.save()

    def set_brand(self, brand: Path | None) -> None:
        """Remember the brand kit in the answers file (relative to it when it sits beside it),
        so that every later `smaudit report` prints the same branded report."""
        if brand is None:
            return
        stored = str(brand.resolve()) if brand.exists() else str(brand)  # else a kit name
        if brand.exists() and self.path is not None:
            try:
                stored = str(brand.resolve().relative_to(self.path.resolve().parent))
            except ValueError:
                pass
        if stored != self.answers.brand:
            self.answers.brand = stored
            if self.answers.company.name:
                self.save()

    def _need_current(self) -> Question:
        if self.current is None:
            raise SessionError("the interview is finished: there is no current question")
        return self.current

    # Saving --------------------------------------------------------------------------------
    def to_yaml(self) -> str:
        """The answers file: the same format `smaudit report` reads, in questionnaire order."""
        s = strings(self.lang)
        data = to_mapping(self.answers, self.q)
        text = f"# {s['interview_file_header']}\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        hidden = self.hidden_answers()
        if hidden:
            text += "".join(f"# {line}\n" for line in s["interview_file_hidden"].splitlines())
            text += yaml.safe_dump({"hidden_answers": hidden}, allow_unicode=True, sort_keys=False)
        return text

    def save(self) -> None:
        if self.path is not None:
            write_atomic(self.path, self.to_yaml())


def _worded(questionnaire: Questionnaire, data: dict[str, Any], problems: list[str],
            s: dict[str, str], lang: str) -> list[str]:
    """The problems of a file to resume, answers worded in the session's language (each one
    names its question); the file's other problems as `from_mapping` words them."""
    worded: dict[str, str] = {}
    raw_answers = data.get("answers")
    for qid, raw in (raw_answers.items() if isinstance(raw_answers, dict) else []):
        question = questionnaire.question(str(qid))
        if question is None:
            worded[f"question {qid}: unknown question id"] = \
                s["interview_resume_unknown_question"].format(id=qid)
            continue
        try:
            normalise(question, raw)
        except AnswerError as exc:
            worded[f"question {qid}: {exc}"] = s["interview_resume_bad_answer"].format(
                id=qid, problem=exc.message(lang))
    return [worded.get(problem, problem) for problem in problems]


def _file_language(data: Any) -> str | None:
    language = data.get("language") if isinstance(data, dict) else None
    return language if language in LANGUAGES else None


def default_answers_path(company_name: str, folder: str | Path = ".", today: dt.date | None = None) -> Path:
    """A new file named after the company and the date, never an existing one."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(company_name)).strip("-")[:40] or "company"
    stem = f"answers-{slug}-{(today or dt.date.today()).isoformat()}"
    folder = Path(folder)
    candidate = folder / f"{stem}.yaml"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def writable_folder(path: str | Path) -> bool:
    """Whether a file can be created at `path` (its nearest existing folder is writable)."""
    folder = Path(path).resolve().parent
    while not folder.exists():
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)
