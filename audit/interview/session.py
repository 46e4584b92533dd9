"""The interview's state machine: which question is next, back, skip, jump, answers, notes.

No terminal here. Every change that a consultant makes is written to the answers file at
once (atomically), in the format `smaudit report` reads, so an interrupted interview loses
nothing and can be resumed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from audit.answers import (
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
from audit.load import read_data
from audit.model import Question, Questionnaire
from audit.strings import strings


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
    (listed under `hidden_answers`) but are not scored.
    """

    def __init__(self, questionnaire: Questionnaire, answers: Answers, path: str | Path | None,
                 lang: str = "nl") -> None:
        self.q = questionnaire
        self.answers = answers
        self.path = Path(path) if path else None
        self.lang = lang
        self.answers.language = lang
        self.answers.questionnaire = questionnaire.id
        self.answers.questionnaire_version = questionnaire.version
        self.index: int | None = self.resume_index()

    # Construction -------------------------------------------------------------------------
    @classmethod
    def new(cls, questionnaire: Questionnaire, path: str | Path | None, lang: str = "nl",
            today: dt.date | None = None) -> Session:
        company = Company(name="", date=(today or dt.date.today()).isoformat())
        return cls(questionnaire, Answers(company=company), path, lang)

    @classmethod
    def resume(cls, questionnaire: Questionnaire, source: str | Path, path: str | Path | None = None,
               lang: str | None = None) -> Session:
        """Continue a saved interview; a file for another questionnaire or a damaged one is an
        InputError and is never written to."""
        source = Path(source)
        data = read_data(source)
        if not isinstance(data, dict):
            raise InputError(str(source), "not an answers file: expected a mapping with "
                                          "questionnaire, company and answers")
        problems: list[str] = []
        wanted_id, wanted_version = reference(data)
        if wanted_id and wanted_id != questionnaire.id:
            problems.append(f"written for questionnaire {wanted_id!r}, not {questionnaire.id!r} "
                            "(choose it with --questionnaire)")
        elif wanted_version and wanted_version != questionnaire.version:
            problems.append(f"written for version {wanted_version!r} of questionnaire "
                            f"{questionnaire.id!r}, this is version {questionnaire.version!r}")
        if problems:
            raise InputError(str(source), problems)
        answers, problems = from_mapping(questionnaire, data, str(source))
        if problems:
            raise InputError(str(source), problems)
        return cls(questionnaire, answers, path or source, lang or answers.language or "nl")

    # Where we are --------------------------------------------------------------------------
    def shown(self) -> dict[str, bool]:
        return visible(self.q, self.answers.values)

    def visible_indexes(self) -> list[int]:
        shown = self.shown()
        return [i for i, question in enumerate(self.q.questions) if shown[question.id]]

    def resume_index(self) -> int | None:
        """The first shown question never asked (None when everything has been asked)."""
        return next((i for i in self.visible_indexes()
                     if self.q.questions[i].id not in self.answers.values), None)

    @property
    def current(self) -> Question | None:
        return None if self.index is None else self.q.questions[self.index]

    @property
    def finished(self) -> bool:
        return self.index is None

    def expected_indexes(self) -> list[int]:
        """Questions shown now, plus those whose condition reads a question not yet answered
        (they may still appear): the "about N" of the progress line, which shrinks rather than
        grows as conditions are settled."""
        shown = self.shown()
        open_ids: set[str] = set()
        expected = []
        for i, question in enumerate(self.q.questions):
            rule = self.q.condition_rule(question)
            if shown[question.id] or (rule is not None and rule.refs & open_ids):
                expected.append(i)
                if question.id not in self.answers.values:
                    open_ids.add(question.id)
        return expected

    def progress(self) -> Progress:
        expected = self.expected_indexes()
        answered = sum(1 for i in expected if self.q.questions[i].id in self.answers.values)
        if self.index is None:
            return Progress(len(expected), len(expected), answered, "")
        number = sum(1 for i in expected if i <= self.index)
        return Progress(number, len(expected), answered, self.q.questions[self.index].dimension)

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
        return [q.id for q in self.q.questions
                if q.required and shown[q.id] and self.answers.values.get(q.id) is None]

    # Moving --------------------------------------------------------------------------------
    def advance(self) -> None:
        """To the next shown question; after the last one, to any shown question never asked
        (e.g. one jumped over); else finished."""
        after = [i for i in self.visible_indexes() if self.index is None or i > self.index]
        if self.index is not None and after:
            self.index = after[0]
        else:
            self.index = self.resume_index()

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
                       if self.q.questions[i].dimension == dimension), None)
        if target is None:
            raise SessionError(f"dimension {dimension!r} has no question to ask now")
        self.index = target

    def first_open(self) -> None:
        """To the first shown question never asked; finished when there is none."""
        self.index = self.resume_index()

    def goto(self, qid: str) -> None:
        for i in self.visible_indexes():
            if self.q.questions[i].id == qid:
                self.index = i
                return
        raise SessionError(f"question {qid!r} is not asked now")

    @property
    def needs_company(self) -> bool:
        return not self.answers.company.name

    # Changing ------------------------------------------------------------------------------
    def check(self, question: Question, raw: Any) -> Any:
        """The canonical value for `raw`, with the same rules as the answers file; an answer
        is required unless the question is optional."""
        value = normalise(question, raw)
        if value is None and question.required:
            raise AnswerError("required")
        return value

    def answer(self, raw: Any) -> Any:
        """Record an answer to the current question, save, and move on."""
        question = self._need_current()
        value = self.check(question, raw)
        self.answers.values[question.id] = value
        self.save()
        self.advance()
        return value

    def skip(self) -> None:
        question = self._need_current()
        if question.required:
            raise SessionError(strings(self.lang)["interview_cannot_skip"])
        if self.answers.values.get(question.id) is None:
            self.answers.values[question.id] = None  # asked, left unknown
            self.save()
        self.advance()

    def set_note(self, text: str, qid: str | None = None) -> None:
        qid = qid or self._need_current().id
        text = (text or "").strip()
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
