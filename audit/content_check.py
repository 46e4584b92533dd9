"""`smaudit validate --strict`: what shipped content must satisfy beyond loading, checked on
the data (not by tests of the engine), with every problem at once and its file and line.

- every misconception can be found: some answers make the real assessment report it;
- every piece of advice can be given: some answers make the real assessment give it;
- every rule reads known questions and compares them with answers those questions have
  (an option value that does not exist can never match);
- every language the questionnaire lists is complete: each text, the language's settings
  and its interface texts (a variant such as nl-BE only overrides, so it is exempt).

Reachability is searched, not proven: random companies first, then, for what was not seen,
every combination of the answers a misconception's rules read (sampled when there are very
many). A problem reported here is one the search could not reach in a few thousand tries.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from audit import languages, rules
from audit.model import Question, Questionnaire

RANDOM_COMPANIES = 400
TRIES_PER_ITEM = 600


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


# -- where things are in the YAML file ---------------------------------------------------

class Lines:
    """Line numbers of a YAML file's items, found by key path (keys, list indexes, or
    ("id", value) to pick the list item with that id)."""

    def __init__(self, text: str):
        try:
            self.root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError:
            self.root = None

    def line(self, *path: Any) -> int | None:
        node, best = self.root, None
        for step in path:
            if node is None:
                break
            best = node.start_mark.line + 1
            node = self._step(node, step)
        if node is not None:
            best = node.start_mark.line + 1
        return best

    @staticmethod
    def _step(node: Any, step: Any) -> Any:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(step):
                    return value
            return None
        if isinstance(node, yaml.SequenceNode):
            if isinstance(step, int):
                return node.value[step] if 0 <= step < len(node.value) else None
            if isinstance(step, tuple):
                field, wanted = step
                for item in node.value:
                    pairs = item.value if isinstance(item, yaml.MappingNode) else []
                    fields = ("id", "value", "number") if field == "*" else (field,)
                    if any(k.value in fields and getattr(v, "value", None) == str(wanted) for k, v in pairs):
                        return item
        return None

    def value_in_item(self, section: str, ident: str, value: str) -> int | None:
        """The line where `value` is written inside an item (e.g. the unknown id it names)."""
        node = self.root
        for step in (section, ("id", ident)):
            node = self._step(node, step) if node is not None else None
        todo = [node] if node is not None else []
        while todo:
            current = todo.pop(0)
            if isinstance(current, yaml.ScalarNode) and current.value == value:
                return current.start_mark.line + 1
            if isinstance(current, yaml.MappingNode):
                todo += [v for _, v in current.value]
            elif isinstance(current, yaml.SequenceNode):
                todo += list(current.value)
        return None

    def all_items(self, section: str, ident: str) -> list[int]:
        """The lines of every item of a list (e.g. `advice`, `level_caps`) with this id."""
        node = self._step(self.root, "scoring") if section in ("level_caps", "plan_phases") else self.root
        node = self._step(node, section) if node is not None else None
        if not isinstance(node, yaml.SequenceNode):
            return []
        return [item.start_mark.line + 1 for item in node.value if isinstance(item, yaml.MappingNode)
                and any(k.value == "id" and getattr(v, "value", None) == ident for k, v in item.value)]

    def item(self, section: str, ident: str, *rest: Any) -> int | None:
        key = "number" if section == "levels" else "id"
        return self.line(section, (key, ident), *rest)


SECTION_OF = {"question": "questions", "misconception": "misconceptions", "advice": "advice",
              "level": "levels", "fact": "facts", "dimension": "dimensions", "source": "sources"}


def _line_for_path(lines: Lines, where: str) -> int | None:
    """The line of a text a model error names by its path, as `texts_in` writes it:
    `advice plan > steps[2]`, `questions goals > options linkedin > label`."""
    import re

    path: list[Any] = []
    for segment in where.split(" > "):
        match = re.fullmatch(r"(\w+)(?: (\S+?))?(?:\[(\d+)\])?", segment.strip())
        if not match:
            return None
        name, ident, index = match.groups()
        path.append(name)
        if ident is not None:
            path.append(("*", ident))
        if index is not None:
            path.append(int(index) - 1)
    return lines.line(*path) if len(path) > 1 else None


def _line_for_message(lines: Lines, message: str) -> int | None:
    """The line of the item a model error names ("misconception no_strategy: ...", or the
    path of a text: "advice plan > title: no en text")."""
    import re

    where = message.split(": ", 1)[0]
    if " > " in where:
        found = _line_for_path(lines, where)
        if found:
            return found
    cap = re.match(r"scoring\.(level_caps|plan_phases) (\w+)", message)
    if cap:
        return lines.line("scoring", cap.group(1), ("id", cap.group(2))) or lines.line("scoring")
    words = message.replace(":", " ").split()
    named = re.findall(r"'([^']+)'", message)  # the unknown id a message quotes, if any
    for kind, ident in zip(words, words[1:], strict=False):
        section = SECTION_OF.get(kind)
        if section:
            found = lines.item(section, ident)
            if found:
                statement = re.search(r"\bstatement (\w+)(: when\b)?", message)
                if section == "dimensions" and statement:
                    field = ("when",) if statement.group(2) else ()
                    where = ("statements", ("id", statement.group(1)), *field)
                    return lines.item(section, ident, *where) or found
                signal = re.search(r"\bsignal (\d+)\b", message)
                field = next((f for f in ("condition", "applies", "when")
                              if f"{ident}: {f}:" in message), None)
                exact = (lines.item(section, ident, "signals", int(signal.group(1)) - 1) if signal
                         else lines.item(section, ident, field) if field
                         else lines.value_in_item(section, ident, named[0]) if named else None)
                return exact or found
    return lines.line(words[0]) if words else None


def load_problems(path: Path, data: Any, lines: Lines) -> tuple[Questionnaire | None, list[Problem]]:
    """Load the questionnaire; every load error with its line. A file whose parts load but
    whose cross-references are broken comes back too (loaded leniently), with its problems,
    so that `--strict` can go on checking the rest in the same round."""
    from audit.load import describe_error

    collected: list[str] = []
    try:
        q = Questionnaire.model_validate(data, context={"problems": collected})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            for where, message in describe_error(err, data):
                line = lines.line(*loc) if loc else _line_for_message(lines, message)
                problems.append(Problem(str(path), line, f"{where}: {message}" if where else message))
        return None, problems
    return q, [_problem_for(path, lines, message) for message in collected]


def _problem_for(path: Path, lines: Lines, message: str) -> Problem:
    """A cross-reference problem at its line; an id used twice at its second use."""
    import re

    twice = re.match(r"([\w.]+) id used twice: ([\w-]+)", message)
    if twice:
        kind, ident = twice.groups()
        section = SECTION_OF.get(kind) or kind.split(".")[-1]
        places = lines.all_items(section, ident)
        if len(places) > 1:
            others = ", ".join(map(str, places[:-1]))
            return Problem(str(path), places[-1], f"{message} (also at line {others})")
    return Problem(str(path), _line_for_message(lines, message), message)


# -- answers to try -----------------------------------------------------------------------

def candidates(question: Question) -> list[Any]:
    """Answers worth trying for one question: every option, both ends and the band edges."""
    kind = question.type
    if kind == "single":
        return [o.value for o in question.options or []]
    if kind == "multi":
        values = [o.value for o in question.options or []]
        plain = [o.value for o in question.options or [] if not o.exclusive]
        return [[v] for v in values] + [plain, plain[: len(plain) // 2], plain[len(plain) // 2:]]
    if kind == "yesno":
        return ["yes", "no"]
    if kind == "scale":
        return [1, 2, 3, 4, 5]
    if kind == "number":
        found = {question.min if question.min is not None else 0}
        if question.max is not None:
            found.add(question.max)
        for band in question.bands or []:
            if band.upto is not None:
                found |= {band.upto, band.upto + 1, max(band.upto - 1, 0)}
        low = question.min if question.min is not None else float("-inf")
        high = question.max if question.max is not None else float("inf")
        return sorted(v for v in found if low <= v <= high)
    return ["een antwoord in eigen woorden", None]  # any typed text, and none


def _rule_refs(text: str | None) -> set[str]:
    return set(rules.parse(text).refs) if text else set()


def _reads(q: Questionnaire, refs: set[str]) -> list[str]:
    """`refs` and every question their visibility depends on (conditions, transitively)."""
    todo, found = list(refs), set()
    while todo:
        qid = todo.pop()
        if qid in found or q.question(qid) is None:
            continue
        found.add(qid)
        todo += _rule_refs(q.question(qid).condition)
    return [x.id for x in q.questions if x.id in found]


class Search:
    """Runs the real assessment on chosen answers and remembers what each run showed."""

    def __init__(self, q: Questionnaire, seed: int = 14):
        self.q = q
        self.rng = random.Random(seed)
        self.found: dict[str, dict[str, Any]] = {}  # misconception/advice key -> answers that show it
        self.options = {x.id: candidates(x) for x in q.questions}

    def run(self, values: dict[str, Any]) -> None:
        from audit.answers import Answers, Company
        from audit.assess import assess

        answers = Answers(company=Company(name="check"), values=dict(values))
        result = assess(self.q, answers, self.q.languages[0])
        for f in result.findings:
            self.found.setdefault(f"misconception {f.id}", values)
        for a in result.advice:
            self.found.setdefault(f"advice {a.id}", values)

    def random_company(self) -> dict[str, Any]:
        return {qid: (self.rng.choice(opts) if opts and self.rng.random() > 0.1 else None)
                for qid, opts in self.options.items()}

    def combinations(self, qids: list[str], base: dict[str, Any], limit: int) -> None:
        choices = [self.options[qid] + [None] for qid in qids]
        total = 1
        for c in choices:
            total *= len(c)
        combos = itertools.product(*choices) if total <= limit else (
            tuple(self.rng.choice(c) for c in choices) for _ in range(limit))
        for combo in combos:
            self.run({**base, **dict(zip(qids, combo, strict=True))})


def reachability(q: Questionnaire) -> list[tuple[str, str, str]]:
    """(section, id, message) for every misconception and advice no answers could bring out."""
    search = Search(q)
    for _ in range(RANDOM_COMPANIES):
        search.run(search.random_company())
    problems = []
    for m in q.misconceptions:
        key = f"misconception {m.id}"
        if key not in search.found:
            reads = _reads(q, set().union(*(_rule_refs(s.when) for s in m.signals)) | _rule_refs(m.applies))
            for _ in range(3):
                search.combinations(reads, search.random_company(), TRIES_PER_ITEM // 3)
                if key in search.found:
                    break
        if key not in search.found:
            problems.append(("misconceptions", m.id, f"misconception {m.id} is never found: no answers "
                             "tried make its signals reach the threshold (check its rules, weights "
                             "and applies)"))
    for a in q.advice:
        key = f"advice {a.id}"
        if key in search.found:
            continue
        bases = [search.found[f"misconception {mid}"] for mid in a.misconceptions
                 if f"misconception {mid}" in search.found]
        for did in a.dimensions:  # the dimension as weak as it gets, the rest at random
            worst = {x.id: (min(search.options[x.id], key=lambda v: _points(x, v)) if search.options[x.id]
                            else None) for x in q.questions_in(did)}
            bases.append({**search.random_company(), **worst})
        reads = _reads(q, _rule_refs(a.applies))
        for base in bases[:6]:
            search.run(base)
            if reads and key not in search.found:
                search.combinations(reads, base, TRIES_PER_ITEM // 6)
            if key in search.found:
                break
        if key not in search.found:
            problems.append(("advice", a.id, f"advice {a.id} is never given: none of its misconceptions "
                             "or weak dimensions came with answers its applies rule allows"))
    return problems


def _points(question: Question, value: Any) -> float:
    """Points an answer earns, to find a question's weakest answer."""
    if question.type == "single":
        option = question.option(value)
        return option.points if option else 0
    if question.type == "multi":
        return sum(o.points for o in question.options or [] if o.value in (value or []))
    if question.type == "yesno":
        return (question.yes_points if value == "yes" else question.no_points) or 0
    if question.type == "scale":
        return (question.scale_points or [0, 1, 2, 3, 4])[int(value) - 1]
    if question.type == "number":
        return next((b.points for b in question.bands or [] if b.upto is None or value <= b.upto), 0)
    return 0


# -- languages complete ----------------------------------------------------------------------

def language_problems(q: Questionnaire) -> list[tuple[str | None, str]]:
    """(file, message) for a listed language without settings or with interface texts missing."""
    problems: list[tuple[str | None, str]] = []
    reference = q.languages[0]
    for code in q.languages:
        try:
            lang = languages.language(code)
        except Exception as exc:  # noqa: BLE001 - reported, with what the error says
            problems.append((None, f"languages: {code}: {exc}"))
            continue
        fallback = lang.chain[1] if len(lang.chain) > 1 else None
        if fallback and fallback.split("-")[0] == code.split("-")[0]:
            continue  # a variant: it only overrides its base language
        for area in AREAS:
            wanted = set(languages.texts(reference, area))
            own: set[str] = set()
            for folder in lang.folders[: len([f for f in lang.folders if f.name == code])]:
                path = folder / f"{area}.yaml"
                if path.is_file():
                    own |= set(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            missing = sorted(wanted - own)
            if missing:
                shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
                target = str(lang.folders[0] / f"{area}.yaml")
                problems.append((target, f"{len(missing)} {area} text(s) missing in {code}: {shown}"))
    return problems


AREAS = ("report", "web", "batch", "practice", "interview")


def text_file_problems(q: Questionnaire) -> list[Problem]:
    """The interface text files of every language the questionnaire is offered in (variants and
    the consultant's own folder too): a key smaudit does not know is never shown (a typo in a
    changed term), and a {placeholder} it does not fill in would stop a report half-way."""
    import difflib

    problems: list[Problem] = []
    seen: set[Path] = set()
    for code in languages.offered_by(q.languages):
        try:
            folders = languages.language(code).folders
        except Exception:  # noqa: BLE001 - a broken language is reported by language_problems
            continue
        for folder in folders:
            for area in AREAS:
                path = folder / f"{area}.yaml"
                if path in seen or not path.is_file():
                    continue
                seen.add(path)
                known = set(languages.texts("en", area)) | set(languages.texts("nl", area))
                text = path.read_text(encoding="utf-8-sig")
                try:
                    data = yaml.safe_load(text) or {}
                except yaml.YAMLError:
                    continue  # said when the language is read
                if not isinstance(data, dict):
                    continue
                lines = Lines(text)
                for key in data:
                    if key not in known:
                        close = difflib.get_close_matches(str(key), sorted(known), n=1)
                        hint = f" (did you mean {close[0]!r}?)" if close else ""
                        home = next((other for other in AREAS if other != area
                                     and key in languages.texts("en", other)), None)
                        if home:
                            hint = f" here (it is a text of {home}.yaml)"
                        problems.append(Problem(str(path), lines.line(key), f"{key}: not a text smaudit "
                                                f"shows{hint}, so it is never used"))
                for message in languages.placeholder_problems(data, area):
                    problems.append(Problem(str(path), lines.line(message.split(":")[0]), message))
    return problems


def check(path: Path, strict: bool = True) -> list[Problem]:
    """Every problem of one questionnaire file, each with file and line: those that stop it
    loading, and with `strict` also reachability, rule answers and complete languages."""
    from audit.errors import InputError
    from audit.load import read_data

    try:
        data = read_data(path)
    except InputError as exc:
        problems = []
        for line in exc.lines():
            message = line.removeprefix(f"{path}: ")
            at = re.match(r"line (\d+): (.*)", message)
            problems.append(Problem(str(path), int(at.group(1)), at.group(2)) if at
                            else Problem(str(path), None, message))
        return problems
    text = path.read_text(encoding="utf-8-sig")
    lines = Lines(text)
    q, problems = load_problems(path, data, lines)
    if q is None or not strict:
        return problems
    sound = ("which is not one of its answers", "can never hold", "which is not a number")
    if any(not any(s in p.message for s in sound) for p in problems):
        return problems  # reachability runs the real assessment: it needs the rest sound first
    for section, ident, message in reachability(q):
        problems.append(Problem(str(path), lines.item(section, ident), message))
    for file, message in language_problems(q):
        problems.append(Problem(file or str(path), None if file else lines.line("languages"), message))
    problems += text_file_problems(q)
    return problems
