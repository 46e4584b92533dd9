"""Texts of the consultant's practice sections (several respondents, progress, peer benchmark),
kept as data in `report_templates/strings/practice/<lang>.yaml` beside the report's own texts."""

from __future__ import annotations

import functools

import yaml

from audit.locate import templates_dir
from audit.strings import Strings

PRACTICE_STRINGS_DIR = templates_dir() / "strings" / "practice"


@functools.cache
def practice_strings(lang: str) -> Strings:
    """The texts for `lang`; a regional variant (nl-BE) falls back to its language (nl)."""
    base = lang.split("-")[0]
    path = PRACTICE_STRINGS_DIR / f"{base}.yaml"
    if not path.exists():
        raise ValueError(f"unknown language {lang!r} for the practice sections")
    with open(path, encoding="utf-8") as handle:
        return Strings(yaml.safe_load(handle))
