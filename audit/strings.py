"""Interface texts per language (report headings, answer words), kept as data in
`report_templates/strings/<lang>.yaml` so that wording changes need no Python."""

from __future__ import annotations

import functools

import yaml

from audit.locate import templates_dir
from audit.model import LANGUAGES

STRINGS_DIR = templates_dir() / "strings"


class Strings(dict):
    """A dict whose missing keys show up visibly (`[key]`) instead of crashing a render."""

    def __missing__(self, key: str) -> str:
        return f"[{key}]"


def format_number(value: float, lang: str) -> str:
    """A number as a reader of `lang` writes it: 2,5 in Dutch, 2.5 in English."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


@functools.cache
def strings(lang: str) -> Strings:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    with open(STRINGS_DIR / f"{lang}.yaml", encoding="utf-8") as handle:
        return Strings(yaml.safe_load(handle))
