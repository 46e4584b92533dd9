"""Languages are data: one folder per language, `languages/<code>/`, holding

    language.yaml   the settings: own name, fallback language, decimal mark, CSV delimiter,
                    date forms, the words for yes/no/unknown
    report.yaml     interface texts of the report and the terminal (one flat `key: text` map)
    web.yaml        ... of the web self-assessment
    batch.yaml      ... of the batch commands, batch report and overview
    practice.yaml   ... of the consultant's practice sections
    interview.yaml  ... of the terminal interview (on top of report.yaml)

A variant such as `nl-BE` names its `fallback` (`nl`) and holds only what differs: every
setting and every text it lacks comes from the fallback. Folders in the consultant's own
folder (see audit.locate) come first, so a language is added or reworded without Python.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from audit import locate
from audit.errors import InputError

SETTINGS_FILE = "language.yaml"
CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
SETTING_KEYS = {"name", "fallback", "decimal_mark", "thousands_separator", "csv_delimiter",
                "date_short", "date_long", "months", "yes_words", "no_words", "unknown_words"}
LIST_KEYS = ("months", "yes_words", "no_words", "unknown_words")


@dataclass(frozen=True)
class Language:
    """The settings of one language, its fallbacks already filled in."""

    code: str
    name: str  # in the language itself: "Nederlands", "English", "Nederlands (België)"
    chain: tuple[str, ...]  # the code, then its fallbacks: ("nl-BE", "nl")
    decimal_mark: str = "."
    thousands_separator: str = ","
    csv_delimiter: str = ","
    date_short: str = "{year}-{month:02d}-{day:02d}"
    date_long: str = "{day} {month_name} {year}"
    months: tuple[str, ...] = ()
    yes_words: tuple[str, ...] = ()
    no_words: tuple[str, ...] = ()
    unknown_words: tuple[str, ...] = ()
    folders: tuple[Path, ...] = field(default=(), compare=False)  # where its files are, first wins

    def number(self, value: float, grouped: bool = False) -> str:
        """A number as this language writes it: 2,5 in Dutch, 2.5 in English; `grouped`
        whole numbers get thousands separators (1.250 / 1,250)."""
        if grouped and isinstance(value, int):
            return f"{value:,}".replace(",", self.thousands_separator)
        return f"{value:g}".replace(".", self.decimal_mark)

    def date(self, day: Any, long: bool = True) -> str:
        """A date (datetime.date) in this language's long ("24 november 2026") or short form."""
        name = self.months[day.month - 1] if len(self.months) == 12 else str(day.month)
        pattern = self.date_long if long else self.date_short
        return pattern.format(day=day.day, month=day.month, month_name=name, year=day.year)


def _folders(code: str) -> list[Path]:
    """The folders of `code`, the consultant's first. A language needs a settings file in one
    of them; the consultant's folder may then hold only the texts it changes (e.g.
    languages/nl-BE/report.yaml with one term) without copying the settings."""
    roots = locate.language_dirs()
    if not any((root / code / SETTINGS_FILE).is_file() for root in roots):
        return []
    return [root / code for root in roots if (root / code).is_dir()]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, 'problem', None) or exc
        raise InputError(str(path), f"{where}malformed YAML: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping of keys to texts")
    return data


def _check_settings(settings: dict[str, Any], path: Path) -> None:
    """Every setting known and of the right kind; YAML reads a bare yes/no as true/false, so a
    word list must hold quoted texts."""
    problems = []
    for key in sorted(set(map(str, settings)) - SETTING_KEYS):
        problems.append(f"{key}: unknown setting (known: {', '.join(sorted(SETTING_KEYS))})")
    for key, value in settings.items():
        if key in LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{key}: expected a list of quoted texts, e.g. [\"ja\", \"j\"]")
            elif key == "months" and len(value) != 12:
                problems.append(f"months: expected 12 month names, got {len(value)}")
        elif key in SETTING_KEYS and value is not None and not isinstance(value, str):
            problems.append(f"{key}: expected a quoted text, not {value!r}")
    for key in ("date_short", "date_long"):
        pattern = settings.get(key)
        if isinstance(pattern, str):
            try:
                pattern.format(day=1, month=1, month_name="x", year=2026)
            except (KeyError, ValueError, IndexError) as exc:
                problems.append(f"{key}: {pattern!r} may use {{day}}, {{month}}, {{month_name}}, "
                                f"{{year}} ({exc})")
    if problems:
        raise InputError(str(path), problems)


@functools.cache
def available() -> tuple[str, ...]:
    """Every language with a settings file, in the order found (shipped nl and en first)."""
    codes: list[str] = []
    for root in reversed(locate.language_dirs()):
        if root.is_dir():
            for folder in sorted(root.iterdir(), key=lambda p: (p.name not in ("nl", "en"), p.name)):
                name = folder.name
                if (folder / SETTINGS_FILE).is_file() and CODE.match(name) and name not in codes:
                    codes.append(name)
    return tuple(codes)


@functools.cache
def language(code: str) -> Language:
    """The settings of `code` merged with those of its fallbacks; an unknown code is an error
    that lists the known ones."""
    chain: list[str] = []
    merged: dict[str, Any] = {}
    folders: list[Path] = []
    current: str | None = code
    while current is not None:
        if current in chain:
            raise InputError(str(current), f"language fallbacks go round in a circle: {' -> '.join(chain)}")
        found = _folders(current)
        if not found:
            where = " or ".join(str(d) for d in locate.language_dirs())
            raise InputError(str(current), f"unknown language (known: {', '.join(available())}; "
                                           f"a language is a folder with {SETTINGS_FILE} in {where})")
        chain.append(current)
        folders += found
        settings: dict[str, Any] = {}
        for folder in reversed(found):  # the consultant's folder overrides the shipped one
            if (folder / SETTINGS_FILE).is_file():
                settings.update(_read(folder / SETTINGS_FILE))
        _check_settings(settings, next(f for f in found if (f / SETTINGS_FILE).is_file()) / SETTINGS_FILE)
        for key, value in settings.items():
            merged.setdefault(key, value)
        current = settings.get("fallback")
    merged.pop("fallback", None)
    for key in LIST_KEYS:
        if key in merged:
            merged[key] = tuple(merged[key] or ())
    merged.setdefault("name", code)
    return Language(code=code, chain=tuple(chain), folders=tuple(folders), **merged)


def chain(code: str) -> tuple[str, ...]:
    """`code` and its fallbacks, most specific first: nl-BE -> ("nl-BE", "nl")."""
    return language(code).chain


@functools.cache
def texts(code: str, area: str) -> dict[str, Any]:
    """The interface texts of one area (report, web, batch, practice) in `code`: the
    language's own file, completed key by key from its fallbacks."""
    merged: dict[str, Any] = {}
    problems: list[str] = []
    for folder in reversed(language(code).folders):  # fallback first, the most specific last
        path = folder / f"{area}.yaml"
        if path.is_file():
            read = _read(path)
            problems += [f"{path}: {p}" for p in placeholder_problems(read, area)]
            merged.update(read)
    if problems:
        raise InputError("", problems)
    return merged


def placeholders(text: str) -> set[str] | None:
    """The names a text fills in ({n}, {company}); None when its braces do not pair up."""
    import string

    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text)
                if name is not None}
    except ValueError:
        return None


@functools.cache
def _reference(area: str) -> dict[str, Any]:
    """The shipped English texts of an area: what every language's texts are checked against."""
    path = locate.shipped_root() / "languages" / "en" / f"{area}.yaml"
    return _read(path) if path.is_file() else {}


def placeholder_problems(read: dict[str, Any], area: str) -> list[str]:
    """A text whose {placeholder} the program does not fill in would stop a report half-way;
    said as `key: ...` when the file is read."""
    reference = _reference(area)
    problems = []
    for key, text in read.items():
        wanted = reference.get(key)
        if not isinstance(text, str) or not isinstance(wanted, str):
            continue
        found, known = placeholders(text), placeholders(wanted) or set()
        if found is None:
            problems.append(f"{key}: a {{ or }} without its partner (write {{{{ or }}}} for a brace itself)")
        elif found - known:
            extra = ", ".join(f"{{{name}}}" for name in sorted(found - known))
            allowed = ", ".join(f"{{{name}}}" for name in sorted(known)) or "none"
            problems.append(f"{key}: {extra} is not filled in by smaudit (this text can use: {allowed})")
    return problems


def words(kind: str) -> set[str]:
    """The yes/no/unknown words of every known language (answers may be typed in any)."""
    found: set[str] = set()
    for code in available():
        found.update(w.casefold() for w in getattr(language(code), f"{kind}_words"))
    return found


def offered_by(questionnaire_languages: list[str] | tuple[str, ...]) -> list[str]:
    """The known languages a questionnaire can be shown in: those it lists and their variants
    (a questionnaire in nl is also offered in nl-BE), in the order of `available()`."""
    found = []
    for code in available():
        try:
            if any(c in questionnaire_languages for c in chain(code)):
                found.append(code)
        except InputError:
            continue
    return found


def clear_caches() -> None:
    """Forget what was read (tests that add a language on the fly)."""
    from audit import strings

    available.cache_clear()
    language.cache_clear()
    _reference.cache_clear()
    texts.cache_clear()
    strings.strings.cache_clear()
