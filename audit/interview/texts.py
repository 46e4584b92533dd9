"""The interview's texts: the report's strings (answer words, scale) plus the interview's own
file `audit/interview/strings/<lang>.yaml`, so that the interview speaks the report's terms."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from audit.strings import Strings, strings

STRINGS_DIR = Path(__file__).resolve().parent / "strings"


@functools.cache
def texts(lang: str) -> Strings:
    """Every text the interview shows, in `lang` (a regional variant falls back to its base)."""
    merged = Strings(strings(lang))
    own = STRINGS_DIR / f"{lang}.yaml"
    if not own.is_file():
        own = STRINGS_DIR / f"{lang.split('-')[0]}.yaml"
    with open(own, encoding="utf-8") as handle:
        merged.update(yaml.safe_load(handle))
    return merged
