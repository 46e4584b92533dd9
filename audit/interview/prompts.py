"""The interview's terminal UI: one way of answering for every question type.

Every question is drawn the same way: the progress line, the question, its numbered choices
wrapped to the terminal's width (nothing is ever cut), what is recorded now, and one hint
line. The consultant types on one line: a choice's number (or several for a multiple
choice), a number or a text, or one of the commands, which are symbols and so the same in
Dutch and English:

    Enter  keep what is recorded and go on      <  back           >  next (keep as it is)
    -      don't know (leave open)              !  note           ?  explanation
    =      overview of all answers              #N question N     @  the meeting record

Nothing is ever chosen for the consultant: no cursor rests on an option, no answer is
pre-filled, and moving never saves. Esc cancels a note, a field or an overview; Ctrl-C asks
once before leaving and a second Ctrl-C leaves at once. prompt_toolkit and rich are imported
here only, and this module is imported only when the interview runs.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
from collections.abc import Callable
from typing import Any

from prompt_toolkit import prompt as pt_prompt
from prompt_toolkit.application import get_app
from prompt_toolkit.key_binding import KeyBindings
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from audit.answers import AnswerError, parse_date, parse_number
from audit.assess import answer_text
from audit.interview.session import Session, SessionError, default_answers_path
from audit.interview.texts import texts
from audit.model import Question
from audit.strings import format_number

ESC = "\x1b"  # what a prompt returns when Esc was pressed
MARK = "› "


class Leave(Exception):  # noqa: N818 - a decision, not an error
    """The consultant confirmed leaving with a second Ctrl-C."""


def parse_command(text: str) -> tuple[str, str] | None:
    """(command, argument) for a typed command, None for an answer. `#12` goes to question 12;
    `!` opens the note, `! text` sets it at once."""
    typed = text.strip()
    if typed in ("<", ">", "-", "?", "=", "@"):
        return typed, ""
    if typed.startswith("!"):
        return "!", typed[1:].strip()
    match = re.fullmatch(r"#\s*(\d+)", typed)
    if match:
        return "#", match[1]
    return None


def bar(done: int, total: int, width: int) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class InterviewUI:
    def __init__(self, session: Session, console: Console | None = None,
                 leave_hint: Callable[[], str] | None = None) -> None:
        self.session = session
        self.s = texts(session.lang)
        self.console = console or Console(highlight=False)
        self.leave_hint = leave_hint or (lambda: "")
        self._last_dimension = ""

    # Input ---------------------------------------------------------------------------------
    def read(self, message: str = MARK, default: str = "") -> str:
        """One typed line; ESC when Esc was pressed. Ctrl-C (or Ctrl-D) asks once whether to
        leave: a second one raises Leave, Enter returns to the same prompt."""
        keys = KeyBindings()

        @keys.add("escape", eager=True)
        def _cancel(event: Any) -> None:
            event.app.exit(result=ESC)

        while True:
            try:
                return pt_prompt(message, default=default, key_bindings=keys)
            except (KeyboardInterrupt, EOFError):
                self.confirm_leave()

    def confirm_leave(self) -> None:
        """Ask once; a second Ctrl-C leaves at once, also when it comes before the question is
        ready (two quick presses): outside a prompt it is a SIGINT that Python may otherwise
        swallow in a finaliser, leaving the interview waiting."""
        session, s = self.session, self.s
        pressed: list[bool] = []

        def second(signum: int, frame: Any) -> None:
            pressed.append(True)
            raise KeyboardInterrupt

        def leave_if_pressed() -> None:
            if pressed:
                get_app().exit(exception=KeyboardInterrupt())

        previous = signal.signal(signal.SIGINT, second)
        try:
            saved = session.path is not None and session.path.exists()
            if saved:  # the path on a line of its own, whole, so that it can be copied
                self.say(s["interview_leave_question"], "yellow")
                self.say(str(session.path), "yellow", soft_wrap=True)
            else:
                self.say(s["interview_leave_nothing"], "yellow")
            self.say(s["interview_leave_how"], "yellow")
            if pressed:
                raise KeyboardInterrupt
            pt_prompt("", pre_run=leave_if_pressed)
        except (KeyboardInterrupt, EOFError):
            raise Leave from None
        finally:
            signal.signal(signal.SIGINT, previous)

    def say(self, text: str, style: str = "", soft_wrap: bool = False) -> None:
        """A message; soft_wrap keeps a line with a path whole, so it can be copied."""
        self.console.print(f"[{style}]{escape(text)}[/]" if style else escape(text),
                           soft_wrap=soft_wrap)

    def packed(self, parts: list[str], indent: int = 0, separator: str = "  ",
               style: str = "") -> None:
        """Parts (rich markup) on as few lines as fit, breaking only between parts."""
        from rich.text import Text

        width = self.console.width - indent
        lines: list[tuple[str, int]] = []
        for part in parts:
            size = Text.from_markup(part).cell_len
            if lines and lines[-1][1] + len(separator) + size <= width:
                lines[-1] = (lines[-1][0] + separator + part, lines[-1][1] + len(separator) + size)
            else:
                lines.append((part, size))
        for line, _ in lines:
            self.console.print(" " * indent + line, style=style or None, overflow="fold")

    def hint(self, *parts: str) -> None:
        """A hint line: its parts packed so that a narrow terminal breaks between them only
        (a part longer than the width is wrapped at its words)."""
        width = self.console.width
        lines: list[str] = []
        for part in (p for p in parts if p):
            if lines and len(lines[-1]) + 2 + len(part) <= width:
                lines[-1] += "  " + part
            else:
                lines.append(part)
        for line in lines:
            self.console.print(escape(line), style="dim", overflow="fold")

    # Entry ---------------------------------------------------------------------------------
    def run(self) -> None:
        """Ask until every shown question has been asked and the consultant finishes."""
        session = self.session
        if session.needs_company:
            self.ask_company()
            self.ask_meeting_start()
        elif session.answers.source:  # resumed from a file: show what is already there
            self.show_resume()
        while True:
            if session.finished:
                if self.review(final=True) != "finish":
                    continue
                missing = session.missing_required()
                if missing:
                    numbers = ", ".join(str(session.number(q)) for q in missing)
                    self.say(self.s["interview_missing_required"].format(
                        count=len(missing), numbers=numbers), "yellow")
                    session.goto(missing[0])
                    continue
                if self.meeting(final=True) != "finish":
                    continue
                return
            self.ask_question(session.current)

    # Company and meeting -------------------------------------------------------------------
    def field(self, label: str, current: str, check: Callable[[str], str | None] | None = None,
              required: bool = False) -> str:
        """One company or meeting field: Enter keeps the value in brackets, Esc too; `check`
        returns a problem to show, or None."""
        while True:
            shown = f" [{current}]" if current else ""
            typed = self.read(f"{label}{shown}: ")
            if typed == ESC or not typed.strip():
                typed = current
            typed = typed.strip()
            if required and not typed:
                self.say(self.s["interview_name_required"], "red")
                continue
            problem = check(typed) if check and typed else None
            if problem:
                self.say(problem, "red")
                continue
            return typed

    def ask_company(self) -> None:
        s, session = self.s, self.session
        company = session.answers.company
        self.console.rule(escape(s["interview_company_title"]))
        self.hint(s["interview_company_hint"])
        name = self.field(s["interview_company_name"], company.name, required=True)
        if session.path is None:
            session.path = default_answers_path(name)
        session.set_company(name=name)
        self.say(s["interview_saved_to"].format(path=session.path), "dim", soft_wrap=True)
        for key in ("sector", "size", "consultant"):
            session.set_company(**{key: self.field(s[f"interview_company_{key}"],
                                                   getattr(company, key))})
        date = self.field(s["interview_company_date"], self._show_date(company.date),
                          check=self._date_problem)
        session.set_company(date=parse_date(date).isoformat() if date else "")
        self._last_dimension = ""

    def _show_date(self, iso: str) -> str:
        try:
            day = dt.date.fromisoformat(iso)
        except ValueError:
            return iso
        return f"{day.day}-{day.month}-{day.year}"

    def _date_problem(self, text: str) -> str | None:
        try:
            parse_date(text)
        except ValueError:
            return self.s["interview_date_invalid"]
        return None

    def ask_meeting_start(self) -> None:
        """Who is in the room, asked once at the start of a new interview (Enter skips)."""
        s, session = self.s, self.session
        present = self.field(s["interview_meeting_present_prompt"],
                             ", ".join(session.answers.session.get("present", [])))
        session.set_meeting("present", _names(present))
        contact = self.field(s["interview_meeting_contact"],
                             session.answers.session.get("contact", ""))
        session.set_meeting("contact", contact)

    def show_resume(self) -> None:
        session, s = self.session, self.s
        progress = session.progress()
        company = session.answers.company
        self.console.rule(escape(company.name))
        details = [company.sector, company.size, company.consultant, self._show_date(company.date)]
        self.say(" · ".join(d for d in details if d), "dim")
        self.say(s["interview_resumed"].format(path=session.path, answered=progress.answered,
                                               total=progress.total), soft_wrap=True)
        shown = session.shown()
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="cyan")
        grid.add_column()
        for dim in session.q.dimensions:
            questions = [q for q in session.order if q.dimension == dim.id and shown[q.id]]
            answered = sum(1 for q in questions if session.asked(q.id))
            line = s["interview_resume_dimension"].format(name=dim.name(session.lang),
                                                          answered=answered, total=len(questions))
            grid.add_row(bar(answered, len(questions), 10), escape(line))
        self.console.print(grid)

    # One question --------------------------------------------------------------------------
    def progress_line(self, question: Question) -> str:
        """Question number, dimension and answered count, fitted to the terminal's width: the
        bar goes first, then the dimension name (it is also in the rule above)."""
        session, s = self.session, self.s
        progress = session.progress()
        number = s["interview_progress"].format(number=session.number(question.id))
        counted = s["interview_answered"].format(answered=progress.answered, total=progress.total)
        dimension = session.q.dimension(question.dimension).name(session.lang)
        width = self.console.width
        line = f"{number} · {dimension} · {counted}"
        if len(line) > width:
            line = f"{number} · {counted}"
        room = width - len(line) - 2
        if room >= 8:
            line += "  " + bar(progress.answered, progress.total, min(16, room))
        return line

    def header(self, question: Question) -> None:
        session = self.session
        if question.dimension != self._last_dimension:
            self.console.print()
            name = session.q.dimension(question.dimension).name(session.lang)
            self.console.rule(f"[bold]{escape(name)}")
            self._last_dimension = question.dimension
        else:
            self.console.print()
        self.console.print(escape(self.progress_line(question)), style="cyan")
        text = question.text(session.lang)
        if question.type == "number" and question.unit:
            text += f" ({question.unit(session.lang)})"
        if not question.required:
            text += f" {self.s['interview_optional']}"
        self.console.print(f"[bold]{escape(text)}[/]")

    def options(self, question: Question) -> list[tuple[Any, str]]:
        lang = self.session.lang
        if question.type == "yesno":
            return [("yes", self.s["answer_yes"]), ("no", self.s["answer_no"])]
        if question.type == "scale":
            ends = ([e.strip() for e in question.scale_labels(lang).split("/")]
                    if question.scale_labels else [])
            labels = [self.s["scale_of"].format(value=n) for n in range(1, 6)]
            if len(ends) == 2:
                labels[0] += f" ({ends[0]})"
                labels[4] += f" ({ends[1]})"
            return list(zip(range(1, 6), labels, strict=True))
        return [(o.value, o.label(lang)) for o in question.options or []]

    def show_question(self, question: Question) -> None:
        session, s = self.session, self.s
        self.header(question)
        current = session.value(question.id)
        chosen = set(current) if isinstance(current, list) else {current}
        options = self.options(question)
        if question.type == "scale":  # one line: 1 = not at all · 2 · 3 · 4 · 5 = completely
            ends = ([e.strip() for e in question.scale_labels(session.lang).split("/")]
                    if question.scale_labels else [])
            points = []
            for n in range(1, 6):
                mark = "●" if session.asked(question.id) and n in chosen else ""
                text = f"[bold cyan]{mark}{n}[/]"
                if len(ends) == 2 and n in (1, 5):
                    text += f" = {escape(ends[0] if n == 1 else ends[1])}"
                points.append(text)
            self.packed(points, indent=4, separator="  ·  ")
        elif options:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", no_wrap=True, style="bold cyan")
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for n, (value, label) in enumerate(options, 1):
                mark = "●" if session.asked(question.id) and value in chosen else " "
                grid.add_row(str(n), mark, escape(label))
            self.console.print(grid)
        if session.asked(question.id):
            shown = (s["interview_unknown"] if current is None
                     else answer_text(question, current, session.lang))
        else:
            shown = s["interview_not_yet"]
        self.console.print(f"[dim]{escape(s['interview_current'])}[/] {escape(shown)}")
        note = session.note(question.id)
        if note:
            self.console.print(f"[dim]{escape(s['interview_note_label'])} {escape(note)}[/]")
        self.hint(*self.hint_parts(question))

    def hint_parts(self, question: Question) -> list[str]:
        s = self.s
        if question.type == "number":
            what = s["interview_hint_whole" if question.whole else "interview_hint_number"]
        elif question.type == "single":
            what = s["interview_hint_single"].format(last=len(question.options or []))
        else:
            what = s[f"interview_hint_{question.type}"]
        parts = [what + ";", s["interview_cmd_keep"] if self.session.asked(question.id) else "",
                 s["interview_cmd_back"], s["interview_cmd_next"],
                 "" if question.required else s["interview_cmd_unknown"],
                 s["interview_cmd_note"], s["interview_cmd_help"] if question.help else "",
                 s["interview_cmd_review"], s["interview_cmd_goto"], s["interview_cmd_meeting"]]
        return parts

    def ask_question(self, question: Question | None, from_review: bool = False) -> None:
        """Show one question and act on what is typed, until the consultant answers or moves.
        From the review, an answer (or Enter, Esc) returns to the review instead of moving on."""
        assert question is not None
        session, s = self.session, self.s
        if from_review:
            session.goto(question.id)
            self._last_dimension = ""
        self.show_question(question)
        while True:
            typed = self.read()
            if typed == ESC:
                if from_review:
                    return
                continue
            command = parse_command(typed)
            if command is None and not typed.strip():
                if session.asked(question.id):
                    if not from_review:
                        session.forward()  # keep as it is: nothing is written
                    return
                self.say(s["interview_need_answer"], "yellow")
                continue
            if command is None:
                try:
                    value = self.parse_answer(question, typed)
                except _Problem as problem:
                    self.say(str(problem), "red")
                    continue
                session.answer(value, move=not from_review)
                return
            action, argument = command
            if action == "?":
                text = question.help(session.lang) if question.help else s["interview_help_none"]
                self.console.print(f"[italic]{escape(text)}[/]")
            elif action == "!":
                self.edit_note(question, argument)
            elif action == "-":
                try:
                    session.skip(move=not from_review)
                except SessionError as exc:
                    self.say(str(exc), "red")
                    continue
                return
            elif action == ">":
                if not from_review:
                    session.forward()
                return
            elif action == "<":
                if from_review:
                    return
                if not session.back():
                    self.say(s["interview_at_first"], "yellow")
                    self.ask_company()
                return
            elif action == "=":
                self.review()
                return
            elif action == "@":
                self.meeting()
                self._last_dimension = ""
                return
            elif action == "#":
                try:
                    session.goto_number(int(argument))
                except SessionError as exc:
                    self.say(str(exc), "red")
                    continue
                return

    def parse_answer(self, question: Question, typed: str) -> Any:
        """The canonical answer for a typed line: choices by number (or by their words, as in
        a file), numbers and texts with the answers file's rules in the session's language."""
        session, s = self.session, self.s
        text = typed.strip()
        options = self.options(question)
        try:
            if question.type in ("single", "yesno", "scale"):
                if text.isdigit():
                    if not 1 <= int(text) <= len(options):
                        raise _Problem(s["interview_not_a_choice"].format(text=text,
                                                                          last=len(options)))
                    return session.check(question, options[int(text) - 1][0])
                try:
                    return session.check(question, text)
                except AnswerError:
                    raise _Problem(s["interview_not_a_choice"].format(
                        text=text, last=len(options))) from None
            if question.type == "multi":
                tokens = [t for t in re.split(r"[\s,;]+", text) if t]
                if tokens and all(t.isdigit() for t in tokens):
                    if not all(1 <= int(t) <= len(options) for t in tokens):
                        raise _Problem(s["interview_not_choices"].format(text=text,
                                                                         last=len(options)))
                    return session.check(question, [options[int(t) - 1][0] for t in tokens])
                try:
                    return session.check(question, text)
                except AnswerError as exc:
                    if exc.code == "not_combinable":
                        raise
                    raise _Problem(s["interview_not_choices"].format(
                        text=text, last=len(options))) from None
            if question.type == "number":
                text = _without_unit(question, text)
            return session.check(question, text)
        except AnswerError as exc:
            raise _Problem(self._answer_problem(question, exc)) from None

    def _answer_problem(self, question: Question, exc: AnswerError) -> str:
        s, lang = self.s, self.session.lang
        if exc.code == "not_combinable":
            option = question.option(exc.params.get("option", ""))
            return s["interview_invalid_combination"].format(
                option=option.label(lang) if option else exc.params.get("option", ""))
        if question.type != "number" or exc.code == "required":
            return exc.message(lang)
        low, high = question.min, question.max
        if low is not None and high is not None:
            rng = s["interview_range_between"].format(min=format_number(low, lang),
                                                      max=format_number(high, lang))
        elif low is not None:
            rng = s["interview_range_min"].format(min=format_number(low, lang))
        elif high is not None:
            rng = s["interview_range_max"].format(max=format_number(high, lang))
        else:
            rng = ""
        problem = exc.message(lang)
        key = "interview_invalid_whole" if question.whole else "interview_invalid_number"
        return s[key].format(problem=problem[:1].upper() + problem[1:], range=rng)

    def edit_note(self, question: Question, text: str = "") -> None:
        session, s = self.session, self.s
        if not text:
            self.hint(s["interview_cmd_escape"])
            typed = self.read(f"{s['interview_note_prompt']}: ", default=session.note(question.id))
            if typed == ESC:
                self.say(s["interview_cancelled"], "dim")
                return
            text = typed
        session.set_note(text, question.id)
        self.say(s["interview_note_saved" if text.strip() else "interview_note_removed"], "green")

    # Review --------------------------------------------------------------------------------
    def show_review(self) -> None:
        session, s, lang = self.session, self.s, self.session.lang
        self.console.print()
        self.console.rule(f"[bold]{escape(s['interview_review_title'])}")
        shown = session.shown()
        dimension_notes = session.answers.consultant_notes.get("dimensions", {})
        for dim in session.q.dimensions:
            questions = [q for q in session.order if q.dimension == dim.id]
            if not questions:
                continue
            self.console.print(f"\n[bold]{escape(dim.name(lang))}[/]")
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", no_wrap=True, style="bold cyan")
            grid.add_column(overflow="fold")
            hidden = []
            for question in questions:
                number = str(session.number(question.id))
                if not shown[question.id]:
                    hidden.append(number)
                    continue
                value = session.value(question.id)
                text = escape(_one_line(question.text(lang), self.console.width - 5))
                note = session.note(question.id)
                note_line = (f"\n[dim]{escape(s['interview_note_label'])} {escape(note)}[/]"
                             if note else "")
                if not session.asked(question.id):  # one line: the question, marked open
                    grid.add_row(f"[yellow]{number}[/]", f"[dim]{text}[/]{note_line}")
                    continue
                answer = (f"[yellow]{escape(s['interview_unknown'])}[/]" if value is None
                          else f"[bold]{escape(answer_text(question, value, lang))}[/]")
                grid.add_row(number, f"{text}\n→ {answer}{note_line}")
            if hidden:
                grid.add_row("", f"[dim]{escape(s['interview_review_hidden'])}: "
                                 f"{', '.join(hidden)}[/]")
            self.console.print(grid)
            if dimension_notes.get(dim.id):
                self.console.print(f"[dim]{escape(s['interview_review_dimension_note'])}[/] "
                                   f"{escape(dimension_notes[dim.id])}")
        unasked = session.unasked()
        if unasked:
            self.say(s["interview_review_open"].format(
                numbers=", ".join(str(session.number(q)) for q in unasked)), "yellow")

    def review(self, final: bool = False) -> str:
        """All answers by dimension; a question's number edits it and comes back here.
        Returns "finish" (Enter at the end), else "back" (to the questions)."""
        session, s = self.session, self.s
        here = session.index
        self.show_review()
        while True:
            self.hint(s["interview_review_prompt_final" if final else "interview_review_prompt"])
            typed = self.read()
            command = parse_command(typed) if typed != ESC else None
            if typed == ESC or (not typed.strip() and not final) or (command and command[0] == "<"):
                if final:
                    session.back()  # to the last question
                else:
                    session.index = session.settle(here)
                self._last_dimension = ""
                return "back"
            if not typed.strip():
                return "finish"
            if command and command[0] == "@":
                self.meeting()
                self.show_review()
                continue
            number = command[1] if command and command[0] == "#" else typed.strip()
            if not number.isdigit():
                self.say(s["interview_not_a_choice"].format(text=typed.strip(),
                                                            last=len(session.order)), "red")
                continue
            try:
                session.goto_number(int(number))
            except SessionError as exc:
                self.say(str(exc), "red")
                continue
            self.ask_question(session.current, from_review=True)
            session.index = None if final else session.settle(here)
            self.show_review()

    # Meeting record ------------------------------------------------------------------------
    def meeting_fields(self) -> list[tuple[str, str, str]]:
        """(key, label, shown value) of every field of the meeting record, numbered from 1."""
        session, s, lang = self.session, self.s, self.session.lang
        info = session.answers.session
        notes = session.answers.consultant_notes
        empty = s["interview_meeting_empty"]
        started = info.get("started", "")
        fields = [
            ("present", s["interview_meeting_present"], ", ".join(info.get("present", [])) or empty),
            ("contact", s["interview_meeting_contact"], info.get("contact") or empty),
            ("started", s["interview_meeting_started"], _show_datetime(started) or empty),
            ("duration_minutes", s["interview_meeting_duration"],
             s["interview_meeting_duration_now"].format(minutes=session.minutes())),
            ("general", s["interview_meeting_general"], notes.get("general") or empty),
            ("conclusion", s["interview_meeting_conclusion"], notes.get("conclusion") or empty),
        ]
        for dim in session.q.dimensions:
            fields.append((f"dim:{dim.id}", dim.name(lang),
                           notes.get("dimensions", {}).get(dim.id) or empty))
        return fields

    def show_meeting(self) -> None:
        s = self.s
        self.console.print()
        self.console.rule(f"[bold]{escape(s['interview_meeting_title'])}")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, style="bold cyan")
        grid.add_column(overflow="fold")
        fields = self.meeting_fields()
        for n, (key, label, value) in enumerate(fields, 1):
            if key.startswith("dim:") and not fields[n - 2][0].startswith("dim:"):
                grid.add_row("", f"[bold]{escape(s['interview_meeting_dimensions'])}[/]")
            grid.add_row(str(n), f"[dim]{escape(label)}:[/] {escape(value)}")
        self.console.print(grid)

    def meeting(self, final: bool = False) -> str:
        """The meeting record: who was there, contact, times, the consultant's notes and
        conclusion. A number edits a field; Enter returns (or finishes, at the end)."""
        s = self.s
        self.show_meeting()
        while True:
            self.hint(s["interview_meeting_prompt_final" if final else "interview_meeting_prompt"])
            typed = self.read()
            if typed == ESC or (final and typed.strip() == "<"):
                return "back"
            if not typed.strip():
                return "finish" if final else "back"
            fields = self.meeting_fields()
            if not typed.strip().isdigit() or not 1 <= int(typed) <= len(fields):
                self.say(s["interview_not_a_choice"].format(text=typed.strip(), last=len(fields)),
                         "red")
                continue
            self.edit_meeting_field(fields[int(typed) - 1])
            self.show_meeting()

    def edit_meeting_field(self, field: tuple[str, str, str]) -> None:
        session, s = self.session, self.s
        key, label, _ = field
        info, notes = session.answers.session, session.answers.consultant_notes
        current = {
            "present": ", ".join(info.get("present", [])),
            "contact": info.get("contact", ""),
            "started": _show_datetime(info.get("started", "")),
            "duration_minutes": str(session.minutes()),
            "general": notes.get("general", ""),
            "conclusion": notes.get("conclusion", ""),
        }.get(key, notes.get("dimensions", {}).get(key[4:], ""))
        prompt = {"present": s["interview_meeting_present_prompt"],
                  "started": s["interview_meeting_started_prompt"],
                  "duration_minutes": s["interview_meeting_duration_prompt"]}.get(key, label)
        while True:
            typed = self.read(f"{s['interview_meeting_edit'].format(label=prompt)}: ",
                              default=current)
            if typed == ESC:
                self.say(s["interview_cancelled"], "dim")
                return
            typed = typed.strip()
            try:
                if key == "present":
                    session.set_meeting("present", _names(typed))
                elif key == "contact":
                    session.set_meeting("contact", typed)
                elif key == "started":
                    session.set_meeting("started", _parse_datetime(typed) if typed else "")
                elif key == "duration_minutes":
                    minutes = parse_number(typed, session.lang) if typed else 0
                    if minutes != int(minutes) or minutes < 0:
                        raise ValueError(typed)
                    session.set_meeting("duration_minutes", int(minutes))
                elif key in ("general", "conclusion"):
                    session.set_consultant_note(key, typed)
                else:
                    session.set_consultant_note("dimensions", typed, key[4:])
            except ValueError:
                self.say(s["interview_meeting_started_invalid" if key == "started"
                           else "interview_meeting_duration_invalid"], "red")
                continue
            self.say(s["interview_saved"], "green")
            return

    # Closing -------------------------------------------------------------------------------
    def confirm(self, message: str, default: bool = True) -> bool:
        """Yes or no as 1 or 2 (or the words), the same in both languages; Enter = default."""
        while True:
            typed = self.read(f"{message}: ")
            if typed == ESC:
                return False
            word = typed.strip().lower()
            if not word:
                return default
            if word in ("1", "j", "ja", "y", "yes"):
                return True
            if word in ("2", "n", "nee", "neen", "no"):
                return False

    def ask_path(self, message: str, default: str) -> str:
        typed = self.read(f"{message}: ", default=default)
        return default if typed == ESC or not typed.strip() else typed.strip()


class _Problem(ValueError):
    """A typed answer that does not fit, worded for the consultant."""


def _one_line(text: str, width: int) -> str:
    """A question's text on one line of the overview (the answer below it is never cut)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:max(width - 1, 10)].rstrip() + "…"


def _without_unit(question: Question, text: str) -> str:
    """"3 mensen", "1,5 uur per week": the number, when what follows is the question's unit."""
    units = [question.unit, getattr(question, "unit_one", None)]
    words = {" ".join(u(lang).lower().split()) for u in units if u for lang in ("nl", "en")}
    match = re.fullmatch(r"\s*([-+]?[\d.,\s]*\d)\s+(.+?)\s*", text)
    if match and " ".join(match[2].lower().split()) in words:
        return match[1]
    return text


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,;]", text or "") if n.strip()]


def _show_datetime(iso: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{moment.day}-{moment.month}-{moment.year} {moment:%H:%M}"


def _parse_datetime(text: str) -> str:
    """"31-3-2026 10:05" (or ISO) as an ISO date and time; ValueError when it is not one."""
    match = re.fullmatch(r"(.+?)[ T](\d{1,2})[:.](\d{2})", text.strip())
    if not match:
        raise ValueError(text)
    day = parse_date(match[1])
    return dt.datetime(day.year, day.month, day.day, int(match[2]),
                       int(match[3])).isoformat(timespec="minutes")
