"""Texts of the consultant's practice sections (several respondents, progress, peer benchmark),
kept as data in `languages/<code>/practice.yaml` beside the report's own texts."""

from __future__ import annotations

from audit.strings import Strings, strings


def practice_strings(lang: str) -> Strings:
    """The texts for `lang`; a regional variant (nl-BE) falls back to its language (nl)."""
    return strings(lang, "practice")
