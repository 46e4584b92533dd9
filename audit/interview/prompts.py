"""The interview's terminal UI: a thin layer of questionary prompts over `Session`.

Choice questions (single, yes/no, scale, multi) are lists: arrow keys or a number choose, and
the same menu follows every list (back, skip, note, help, jump), each with a letter. Number
and text questions take typed commands instead (`:b`, `:s`, ... in English). The hint line
under every question says which keys work. questionary and rich are imported here only,
and this module is imported only when the interview runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import questionary
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl
from rich.console import Console
from rich.markup import escape

from audit.answers import AnswerError
from audit.interview.session import Session, SessionError, default_answers_path
from audit.model import Question
from audit.strings import format_number, strings

MENU = ("back", "skip", "note", "help", "jump")
MARK = "›"  # the prompt marker; the question itself is printed above it, wrapped at words
BAR_WIDTH = 24


def prompt_ticks(prompt: questionary.Question) -> list[Any]:
    """The values ticked in a checkbox prompt, also when it ended on a menu entry."""
    ic = next(c for c in prompt.application.layout.find_all_controls() if isinstance(c, InquirerControl))
    return list(ic.selected_options)


class Menu(str):
    """A menu action chosen instead of an answer."""


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class InterviewUI:
    def __init__(self, session: Session, console: Console | None = None) -> None:
        self.session = session
        self.s = strings(session.lang)
        self.console = console or Console(highlight=False)
        self._last_dimension = ""
        self._pending: dict[str, list[Any]] = {}  # ticks kept while a note or help is shown

    # Entry ---------------------------------------------------------------------------------
    def run(self) -> None:
        """Ask until every shown question has been asked and the consultant finishes."""
        session = self.session
        if session.needs_company:
            self.ask_company()
        elif session.answers.source:  # resumed from a file: show what is already there
            self.show_resume()
        while True:
            if session.finished:
                missing = session.missing_required()
                if missing:
                    self.say(self.s["interview_missing_required"].format(count=len(missing)),
                             "yellow")
                    session.goto(missing[0])
                    continue
                if self.done_menu():
                    return
                continue
            self.ask_current()

    def say(self, text: str, style: str = "", soft_wrap: bool = False) -> None:
        """A message; soft_wrap keeps a line with a path whole, so it can be copied."""
        self.console.print(f"[{style}]{escape(text)}[/]" if style else escape(text), soft_wrap=soft_wrap)

    # Company -------------------------------------------------------------------------------
    def ask_company(self) -> None:
        s, session = self.s, self.session
        company = session.answers.company
        self.console.rule(escape(s["interview_company_title"]))
        name = questionary.text(
            s["interview_company_name"], default=company.name,
            validate=lambda t: bool(t.strip()) or s["interview_name_required"],
        ).unsafe_ask()
        if session.path is None:
            session.path = default_answers_path(name)
        session.set_company(name=name)
        self.say(s["interview_saved_to"].format(path=session.path), "dim", soft_wrap=True)
        for key in ("sector", "size", "consultant"):
            value = questionary.text(s[f"interview_company_{key}"],
                                     default=getattr(company, key)).unsafe_ask()
            session.set_company(**{key: value})
        date = questionary.text(
            s["interview_company_date"], default=company.date or dt.date.today().isoformat(),
            validate=self._valid_date,
        ).unsafe_ask()
        session.set_company(date=date)
        self._last_dimension = ""

    def _valid_date(self, text: str) -> bool | str:
        try:
            dt.date.fromisoformat(text.strip())
        except ValueError:
            return self.s["interview_date_invalid"]
        return True

    def show_resume(self) -> None:
        session, s = self.session, self.s
        progress = session.progress()
        company = session.answers.company
        self.console.rule(escape(company.name))
        details = [company.sector, company.size, company.consultant, company.date]
        self.say(" · ".join(d for d in details if d), "dim")
        self.say(s["interview_resumed"].format(path=session.path, answered=progress.answered,
                                               total=progress.total), soft_wrap=True)
        shown = session.shown()
        for dim in session.q.dimensions:
            questions = [q for q in session.q.questions_in(dim.id) if shown[q.id]]
            answered = sum(1 for q in questions if q.id in session.answers.values)
            line = s["interview_resume_dimension"].format(name=dim.name(session.lang),
                                                          answered=answered, total=len(questions))
            self.console.print(f"  {bar(answered, len(questions), 10)}  {escape(line)}")

    # One question --------------------------------------------------------------------------
    def header(self, question: Question) -> None:
        session, s = self.session, self.s
        progress = session.progress()
        if question.dimension != self._last_dimension:
            self.console.print()
            self.console.rule(f"[bold]{escape(session.q.dimension(question.dimension).name(session.lang))}")
            self._last_dimension = question.dimension
        counter = s["interview_progress"].format(number=progress.number, total=progress.total)
        answered = s["interview_answered"].format(answered=progress.answered)
        dimension = session.q.dimension(question.dimension).name(session.lang)
        self.console.print(f"[bold]{escape(counter)}[/] [dim]·[/] {escape(dimension)}  "
                           f"[cyan]{bar(progress.answered, progress.total, 16)}[/]  "
                           f"[dim]{escape(answered)}[/]")
        note = session.note(question.id)
        if note:
            self.console.print(f"[dim]{escape(s['interview_note_label'])} {escape(note)}[/]")
        self.console.print(f"[bold]{escape(self.message(question))}[/]")

    def message(self, question: Question) -> str:
        lang = self.session.lang
        text = question.text(lang)
        if question.type == "number" and question.unit:
            text += f" ({question.unit(lang)})"
        if not question.required:
            text += f" {self.s['interview_optional']}"
        return text

    def ask_current(self) -> None:
        session = self.session
        question = session.current
        assert question is not None
        self.header(question)
        if question.type in ("single", "yesno", "scale"):
            result = self.ask_select(question)
        elif question.type == "multi":
            result = self.ask_checkbox(question)
        else:
            result = self.ask_text(question)
        if isinstance(result, Menu):
            self.do_menu(question, result)
        else:
            session.answer(result)  # already validated by the prompt; saves and moves on

    def menu_items(self, question: Question) -> list[tuple[str, str]]:
        """(action, title) of the menu entries that apply to this question."""
        s = self.s
        items = [("back", s["interview_menu_back"])]
        if not question.required:
            items.append(("skip", s["interview_menu_skip"]))
        items.append(("note", s["interview_menu_note_edit" if self.session.note(question.id)
                                else "interview_menu_note"]))
        if question.help:
            items.append(("help", s["interview_menu_help"]))
        items.append(("jump", s["interview_menu_jump"]))
        return items

    def options(self, question: Question) -> list[tuple[Any, str]]:
        lang = self.session.lang
        if question.type == "yesno":
            return [("yes", self.s["answer_yes"]), ("no", self.s["answer_no"])]
        if question.type == "scale":
            ends = [e.strip() for e in question.scale_labels(lang).split("/")] if question.scale_labels \
                else []
            labels = [self.s["scale_of"].format(value=n) for n in range(1, 6)]
            if len(ends) == 2:
                labels[0] += f"  ({ends[0]})"
                labels[4] += f"  ({ends[1]})"
            return list(zip(range(1, 6), labels, strict=True))
        return [(o.value, o.label(lang)) for o in question.options or []]

    def ask_select(self, question: Question) -> Any:
        current = self.session.value(question.id)
        choices: list[Any] = [
            Choice(title=label, value=("answer", value), shortcut_key=str(n) if n <= 9 else False)
            for n, (value, label) in enumerate(self.options(question), 1)
        ]
        choices.append(Separator(" "))
        choices += [Choice(title=title, value=("menu", action),
                           shortcut_key=self.s[f"interview_key_{action}"])
                    for action, title in self.menu_items(question)]
        self.say(self.s["interview_hint_select"], "dim")
        default = ("answer", current) if current is not None else None
        kind, value = questionary.select(
            "", qmark=MARK, choices=choices, default=default, use_shortcuts=True,
            use_jk_keys=False, instruction=" ",
        ).unsafe_ask()
        return Menu(value) if kind == "menu" else value

    def ask_checkbox(self, question: Question) -> Any:
        session, s = self.session, self.s
        current = self._pending.pop(question.id, None) or session.value(question.id) or []
        options = self.options(question)
        choices: list[Any] = [
            Choice(title=f"{n}) {label}" if n <= 9 else label, value=("answer", value),
                   checked=value in current)
            for n, (value, label) in enumerate(options, 1)
        ]
        choices.append(Separator(" "))
        choices += [Choice(title=f"{s[f'interview_key_{action}']}) {title}", value=("menu", action))
                    for action, title in self.menu_items(question)]

        def validate(selected: list[tuple[str, Any]]) -> bool | str:
            try:
                session.check(question, [v for kind, v in selected if kind == "answer"])
            except AnswerError:
                return self._multi_problem(question, selected)
            return True

        self.say(s["interview_hint_multi"], "dim")
        prompt = questionary.checkbox("", qmark=MARK, choices=choices, validate=validate,
                                      use_jk_keys=False, instruction=" ")
        self._extend_checkbox(prompt, len(options), self.menu_keys(question))
        prompt.application.erase_when_done = True  # questionary's "done (2 selections)" is English
        selected = prompt.unsafe_ask()
        menu = [v for kind, v in selected if kind == "menu"]
        titles = dict(self.menu_items(question)) if menu else dict(options)
        shown = titles[menu[0]] if menu else "; ".join(titles[v] for _, v in selected) or "–"
        self.console.print(f"[#5f87af]{MARK}[/]  [bold #ffaf00]{escape(shown)}[/]")
        if menu:
            ticked = [v for kind, v in prompt_ticks(prompt) if kind == "answer"]
            if menu[0] in ("note", "help") and ticked:
                self._pending[question.id] = ticked
            return Menu(menu[0])
        return [v for _, v in selected]

    def menu_keys(self, question: Question) -> dict[str, int]:
        """Letter -> index of its menu entry in the checkbox list (after options and a separator)."""
        first = len(self.options(question)) + 1
        return {self.s[f"interview_key_{action}"]: first + i
                for i, (action, _) in enumerate(self.menu_items(question))}

    def _multi_problem(self, question: Question, selected: list[tuple[str, Any]]) -> str:
        values = [v for kind, v in selected if kind == "answer"]
        if not values:
            return self.s["interview_choose_one"]
        exclusive = next(o for o in question.options or [] if o.exclusive and o.value in values)
        return self.s["interview_invalid_combination"].format(option=exclusive.label(self.session.lang))

    @staticmethod
    def _extend_checkbox(prompt: questionary.Question, count: int, letters: dict[str, int]) -> None:
        """Number keys tick options, a menu letter moves to its entry (as in a list), and Enter
        or Space on a menu entry runs it instead of confirming or ticking."""
        app = prompt.application
        ic = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
        bindings = app.key_bindings
        confirm = [b for b in bindings.bindings if b.keys == (Keys.ControlM,)][-1].handler
        toggle = [b for b in bindings.bindings if b.keys == (" ",)][-1].handler

        for n in range(1, min(count, 9) + 1):
            def tick(event: Any, index: int = n - 1) -> None:
                ic.pointed_at = index
                toggle(event)
            bindings.add(str(n), eager=True)(tick)

        for letter, index in letters.items():
            def point(event: Any, index: int = index) -> None:
                ic.pointed_at = index
            bindings.add(letter, eager=True)(point)

        def run_or(handler: Any) -> Any:
            def act(event: Any) -> None:
                pointed = ic.get_pointed_at().value
                if pointed[0] == "menu":
                    ic.is_answered = True
                    event.app.exit(result=[pointed])
                else:
                    handler(event)
            return act

        bindings.add(Keys.ControlM, eager=True)(run_or(confirm))
        bindings.add(" ", eager=True)(run_or(toggle))

    def commands(self) -> dict[str, str]:
        """Typed command -> action, for number and text questions (`:b`, `:back`)."""
        out = {}
        for action in MENU:
            out[f":{self.s[f'interview_key_{action}']}"] = action
            out[f":{self.s[f'interview_command_{action}']}"] = action
        return out

    def commands_hint(self, question: Question) -> str:
        return ", ".join(f":{self.s[f'interview_key_{a}']} {self.s[f'interview_command_{a}']}"
                         for a, _ in self.menu_items(question))

    def ask_text(self, question: Question) -> Any:
        session, s = self.session, self.s
        allowed = {a for a, _ in self.menu_items(question)}
        current = session.value(question.id)
        default = "" if current is None else self._format_value(current)

        def validate(text: str) -> bool | str:
            word = self.typed_command(text, default)
            unknown = s["interview_unknown_command"].format(command=word,
                                                            commands=self.commands_hint(question))
            if word in self.commands():
                return True if self.commands()[word] in allowed else unknown
            if word.startswith(":") and question.type == "number":  # text may start with ":"
                return unknown
            try:
                session.check(question, text)
            except AnswerError as exc:
                return self._text_problem(question, exc)
            return True

        self.say(s["interview_hint_text"].format(commands=self.commands_hint(question)), "dim")
        text = questionary.text("", qmark=MARK, default=default, validate=validate).unsafe_ask()
        word = self.typed_command(text, default)
        if word in self.commands():
            return Menu(self.commands()[word])
        return text

    def typed_command(self, text: str, default: str) -> str:
        """The command in a typed line: the whole line, or what was typed after the pre-filled
        earlier answer (typing `:b` behind it must not save "2:b")."""
        word = text.strip().lower()
        if default and text.startswith(default) and text[len(default):].strip().lower() in self.commands():
            return text[len(default):].strip().lower()
        return word

    def _format_value(self, value: Any) -> str:
        if isinstance(value, float):
            return format_number(value, self.session.lang)
        return str(value)

    def _text_problem(self, question: Question, exc: AnswerError) -> str:
        s = self.s
        if question.type != "number" or exc.code == "required":
            return exc.message(self.session.lang)
        low, high = question.min, question.max
        if low is not None and high is not None:
            rng = s["interview_range_between"].format(min=f"{low:g}", max=f"{high:g}")
        elif low is not None:
            rng = s["interview_range_min"].format(min=f"{low:g}")
        elif high is not None:
            rng = s["interview_range_max"].format(max=f"{high:g}")
        else:
            rng = ""
        return s["interview_invalid_number"].format(range=rng)

    # Menu actions --------------------------------------------------------------------------
    def do_menu(self, question: Question, action: str) -> None:
        session, s = self.session, self.s
        if action == "back":
            if not session.back():
                self.say(s["interview_at_first"], "yellow")
                self.ask_company()
        elif action == "skip":
            try:
                session.skip()
            except SessionError as exc:
                self.say(str(exc), "red")
        elif action == "note":
            self.ask_note(question)
        elif action == "help":
            text = question.help(session.lang) if question.help else s["interview_help_none"]
            self.console.print(f"[italic]{escape(text)}[/]")
        elif action == "jump":
            self.ask_jump()

    def ask_note(self, question: Question) -> None:
        session, s = self.session, self.s
        note = questionary.text(s["interview_note_prompt"], default=session.note(question.id)).unsafe_ask()
        session.set_note(note, question.id)
        self.say(s["interview_note_saved" if note.strip() else "interview_note_removed"], "green")

    def ask_jump(self) -> None:
        session, s = self.session, self.s
        shown = session.shown()
        choices: list[Any] = []
        for dim in session.q.dimensions:
            questions = [q for q in session.q.questions_in(dim.id) if shown[q.id]]
            if not questions:  # listed, so the consultant sees why it cannot be chosen
                choices.append(Choice(title=dim.name(session.lang), value=dim.id,
                                      disabled=s["interview_jump_none"], shortcut_key=False))
                continue
            answered = sum(1 for q in questions if q.id in session.answers.values)
            counts = s["interview_jump_counts"].format(answered=answered, total=len(questions))
            choices.append(Choice(title=f"{dim.name(session.lang)}  ({counts})", value=dim.id))
        if session.resume_index() is not None:
            choices.append(Choice(title=s["interview_jump_first_open"], value="__open__"))
        choices.append(Choice(title=s["interview_jump_cancel"], value="__cancel__"))
        target = questionary.select(s["interview_jump_prompt"], choices=choices, use_shortcuts=True,
                                    use_jk_keys=False, instruction=" ").unsafe_ask()
        if target == "__open__":
            session.first_open()
        elif target != "__cancel__":
            session.jump(target)

    def done_menu(self) -> bool:
        """True when the consultant finishes; else they went back or jumped."""
        s = self.s
        self.console.print()
        action = questionary.select(
            s["interview_done_prompt"],
            choices=[Choice(s["interview_done_finish"], value="finish"),
                     Choice(s["interview_done_back"], value="back"),
                     Choice(s["interview_menu_jump"], value="jump")],
            use_shortcuts=True, use_jk_keys=False, instruction=" ",
        ).unsafe_ask()
        if action == "finish":
            return True
        if action == "back":
            self.session.back()
        else:
            self.ask_jump()
        return False


def confirm(message: str, lang: str, default: bool = True) -> bool:
    """Yes or no as a list (questionary's confirm only knows y/n, not the Dutch j/n)."""
    s = strings(lang)
    choices = [Choice(s["answer_yes"], value=True, shortcut_key="1"),
               Choice(s["answer_no"], value=False, shortcut_key="2")]
    return bool(questionary.select(message, choices=choices, default=default, use_shortcuts=True,
                                   use_jk_keys=False, instruction=" ").unsafe_ask())


def ask_path(message: str, default: str) -> str:
    return questionary.text(message, default=default,
                            validate=lambda t: bool(t.strip())).unsafe_ask().strip()

