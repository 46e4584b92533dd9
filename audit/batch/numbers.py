"""A number typed into a survey's short-text field, as people type it: "ca. 4", "± 4",
"about 4", "4 uur", "4 berichten per week".

The number is read (and the caller reports how) only when the rest of the text is an estimate
word (languages/<code>/batch.yaml: about_words) or words of the question's own unit in any
language ("uur per week" for hours): "4 minuten" for hours, "2 à 3" or "4 of 5" stay unread
and are reported, never guessed.
"""

from __future__ import annotations

import functools
import re

from audit.answers import fold, parse_number
from audit.model import Question

NUMBER = re.compile(r"(?<![\d.,])[-+]?\d+(?:[.,]\d+)?(?![\d.,])")


@functools.cache
def _about_words() -> frozenset[str]:
    from audit import languages

    found: set[str] = set()
    for code in languages.available():
        found.update(fold(str(w)) for w in languages.texts(code, "batch").get("about_words") or [])
    found.discard("")
    return frozenset(found)


def typed_number(question: Question, raw: str, lang: str) -> float | None:
    """The one number in `raw` when everything around it is an estimate word or the question's
    unit; None otherwise."""
    numbers = NUMBER.findall(raw)
    if len(numbers) != 1:
        return None
    before, _, after = raw.partition(numbers[0])
    unit_words: set[str] = set()
    if question.unit is not None:
        for text in question.unit.texts.values():
            unit_words.update(fold(text).split())
    about = _about_words()
    rest_before = fold(before)
    if rest_before and rest_before not in about:
        return None
    if before.strip() and not rest_before and before.strip() not in ("±", "+/-", "~", "+-"):
        return None  # only signs of an estimate may stand before it
    words = fold(after).split()
    if words and not all(w in unit_words for w in words):
        return None
    try:
        return parse_number(numbers[0], lang)
    except ValueError:
        return None
