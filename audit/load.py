"""Read YAML/JSON files into the model; every error names the file and where in it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from audit import answers as answers_mod
from audit import locate
from audit.errors import InputError
from audit.model import Questionnaire

QUESTIONNAIRE_DIR = locate.shipped_root() / "questionnaires"
DEFAULT_QUESTIONNAIRE = QUESTIONNAIRE_DIR / f"{locate.DEFAULT_QUESTIONNAIRE}.yaml"


def read_data(path: str | Path) -> Any:
    """Parse a YAML or JSON file; a syntax error names the file and the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not a UTF-8 text file") from None
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"line {exc.lineno}: malformed JSON: {exc.msg}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), yaml_problem(exc, text)) from None


SECTION_ITEMS = {"questions": "question", "dimensions": "dimension", "misconceptions": "misconception",
                 "advice": "advice", "levels": "level", "facts": "fact", "sources": "source",
                 "answers": "answers"}


def _unclosed_quote(lines: list[str], first: int, last: int) -> int | None:
    """The line (1-based, from `first` to `last`) where a value opens a double quote that the
    same line does not close: YAML then reads on into the next lines and fails further down."""
    import re

    for number in range(max(first, 1), min(last, len(lines)) + 1):
        value = re.match(r"\s*(?:- )?(?:[\w.-]+: *)?(\".*)$", lines[number - 1])
        if value and len(re.findall(r'(?<!\\)"', value.group(1))) % 2 == 1:
            return number
    return None


def yaml_problem(exc: Exception, text: str) -> str:
    """A YAML syntax error as a consultant can fix it: the line (and column), the item it is
    in (`in question goals, which starts at line 607`) and what usually causes it."""
    import re

    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "malformed YAML"
    if mark is None:
        return f"malformed YAML: {problem}"
    lines = text.splitlines()
    item = section = None
    for number in range(min(mark.line, len(lines) - 1), -1, -1):
        line = lines[number]
        found = re.match(r"\s*- (?:id|value|number): *['\"]?([\w.-]+)", line)
        if found and item is None:
            item = (found.group(1), number + 1)
        top = re.match(r"([a-z_]+):", line)
        if top:
            section = top.group(1)
            break
    context = ""
    if item and section:
        context = f" (in {SECTION_ITEMS.get(section, section)} {item[0]}, which starts at line {item[1]})"
    elif section:
        context = f" (in {section})"
    hint = "check the indentation of this line and the lines above it"
    if "\t" in (lines[mark.line] if mark.line < len(lines) else ""):
        hint = "YAML does not allow tabs for indentation: use spaces"
    elif "mapping values are not allowed" in problem:
        hint = "a text holding ': ' must be in quotes; otherwise " + hint
    elif "end of stream" in problem or "quoted scalar" in str(getattr(exc, "context", "")):
        hint = "a quote is opened but not closed"
    opened = _unclosed_quote(lines, item[1] if item else max(mark.line - 30, 1), mark.line + 1)
    if opened:
        hint = f"the quote opened on line {opened} is not closed"
    return f"line {mark.line + 1}: malformed YAML: {problem}, column {mark.column + 1}{context}; {hint}"


def _where(data: Any, loc: tuple) -> str:
    """A pydantic location as a reader finds it: questions[3] (id: goals) > options[1] > points."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            label = f"[{key + 1}]"
            if isinstance(node, list) and key < len(node):
                node = node[key]
                key_field = next((k for k in ("id", "value") if isinstance(node, dict) and k in node), None)
                if key_field:
                    label = f" {node[key_field]}"
            parts[-1:] = [(parts[-1] if parts else "") + label]
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " > ".join(parts)


def _field_names() -> list[str]:
    """Every key a questionnaire file may use, to suggest the one a typo meant."""
    from pydantic import BaseModel

    from audit import model

    names: set[str] = set()
    for item in vars(model).values():
        if isinstance(item, type) and issubclass(item, BaseModel):
            names |= set(item.model_fields)
    return sorted(names)


def describe_error(err: Any, data: Any) -> list[tuple[str, str]]:
    """One pydantic error as (where, message) lines a consultant can act on: the item named by
    its id, an unknown key with the key it probably meant, a decimal comma pointed out."""
    import difflib

    loc = tuple(err["loc"])
    where = _where(data, loc)
    kind = err.get("type", "")
    value = err.get("input")
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        close = difflib.get_close_matches(key, _field_names(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return [(" > ".join(where.split(" > ")[:-1]), f"unknown key {key!r}{hint}")]
    messages = err["msg"].removeprefix("Value error, ").split("\n")  # one line per problem
    if kind == "missing" and loc:
        where = " > ".join(where.split(" > ")[:-1])
        return [(where, f"{loc[-1]} is missing (it is required here)")]
    if kind == "string_pattern_mismatch" and "a-z" in str((err.get("ctx") or {}).get("pattern", "")):
        dash = "_-]" in str(err["ctx"]["pattern"])  # the questionnaire id also allows -
        return [(where, f"{value!r}: ids and values are written in lower case letters, digits and "
                        f"{'- or _' if dash else '_'}, starting with a letter "
                        f"(e.g. {_as_identifier(str(value), dash)!r})")]
    if kind in ("float_parsing", "int_parsing") and isinstance(value, str) and "," in value and \
            value.strip().replace(",", "", 1).isdigit():
        messages = [f"{value!r} is not a number: write decimals with a point ({value.replace(',', '.')})"]
    elif kind in ("float_parsing", "int_parsing", "float_type", "int_type", "bool_parsing", "bool_type",
                  "string_type", "list_type", "dict_type", "literal_error") and value is not None:
        messages = [f"{m} (found {value!r})" for m in messages]
    return [(where, m) for m in messages]


def _as_identifier(value: str, dash: bool = False) -> str:
    """What a mistyped id would look like written the way ids are (LinkedIn -> linkedin)."""
    import re

    text = re.sub(r"[^a-z0-9_-]+" if dash else r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
    return text if text[:1].isalpha() else f"x_{text}"


def validation_problems(exc: ValidationError, data: Any) -> list[str]:
    problems = []
    for err in exc.errors():
        for where, msg in describe_error(err, data):
            problems.append(f"{where}: {msg}" if where else msg)
    return problems


def parse_questionnaire(data: Any, source: str) -> Questionnaire:
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc, data)) from None


@functools.lru_cache(maxsize=8)
def _cached_questionnaire(path: str, mtime: float) -> Questionnaire:
    data = read_data(path)
    try:
        return parse_questionnaire(data, path)
    except InputError:
        # Say where: the same problems with their lines, as `smaudit validate` gives them.
        from audit.content_check import check

        found = check(Path(path), strict=False)
        if not found:
            raise
        raise InputError("", [str(p) for p in found]) from None


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """A questionnaire by path, or by id[@version] on the search path (default: the shipped audit)."""
    from audit import catalog

    path = catalog.locate(path)[0]
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise InputError(str(path), "file not found") from None
    return _cached_questionnaire(str(path), mtime)


def parse_answers(
    questionnaire: Questionnaire, data: Any, source: str, require_complete: bool = True
) -> answers_mod.Answers:
    answers, problems = answers_mod.from_mapping(questionnaire, data, source)
    if require_complete and not problems:
        problems = answers_mod.check_complete(questionnaire, answers)
    if problems:
        raise InputError(source, problems)
    return answers


def load_answers(
    path: str | Path, questionnaire: Questionnaire, require_complete: bool = True
) -> answers_mod.Answers:
    return parse_answers(questionnaire, read_data(path), str(path), require_complete)


def looks_like_questionnaire(data: Any) -> bool:
    return isinstance(data, dict) and "questions" in data and "dimensions" in data
