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
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise InputError(str(path), f"{where}malformed YAML: {problem}") from None


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


def validation_problems(exc: ValidationError, data: Any) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = _where(data, loc)
        for msg in err["msg"].removeprefix("Value error, ").split("\n"):  # one line per problem
            problems.append(f"{where}: {msg}" if where else msg)
    return problems


def parse_questionnaire(data: Any, source: str) -> Questionnaire:
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, validation_problems(exc, data)) from None


@functools.lru_cache(maxsize=8)
def _cached_questionnaire(path: str, mtime: float) -> Questionnaire:
    return parse_questionnaire(read_data(path), path)


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
