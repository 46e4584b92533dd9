"""A scale answer (1 to 5) as survey tools write it, besides the bare number.

SurveyMonkey, Qualtrics and LimeSurvey scales are often built with the end labels on the
choices, so the export holds "5 - Helemaal eens", "1 = strongly disagree", "4 (eens)", or
the end label alone ("Helemaal eens"). The number the respondent chose is in the text; an end
label alone is the end it names. A text that says one end with the other end's number is a
contradiction, and a middle label alone ("Neutraal") says no number: both are left to the
caller to report, never guessed. Where the questionnaire's ends are those of a common
five-label scale (languages/<code>/batch.yaml: likert_scales, "Helemaal oneens ... Helemaal
eens"), its middle labels are its points ("Eens" is 4).
"""

from __future__ import annotations

import functools
import re

from audit.answers import fold
from audit.model import Question

# "5 - label", "5 – label", "5 = label", "5: label", "5. label", "5 (label)", "5 label".
NUMBER_FIRST = re.compile(r"^\s*([1-5])(?:[.,]0)?\s*(?:[-–—=:.)]|\(|\s)\s*(.*?)\)?\s*$", re.DOTALL)
# "label (5)", "label - 5", "label = 5".
NUMBER_LAST = re.compile(r"^\s*(.*?)\s*(?:\(([1-5])\)|[-–—=:]\s*([1-5]))\s*$", re.DOTALL)


def _ends(question: Question) -> tuple[set[str], set[str]]:
    """The folded low-end and high-end labels of a scale question, in every language."""
    low: set[str] = set()
    high: set[str] = set()
    if question.scale_labels is None:
        return low, high
    for text in question.scale_labels.texts.values():
        parts = [p.strip() for p in text.split("/")]
        if len(parts) == 2 and all(parts):
            low.add(fold(parts[0]))
            high.add(fold(parts[1]))
    return low, high


@functools.cache
def _label_sets() -> tuple[tuple[str, ...], ...]:
    """The five-label scales of every language (languages/<code>/batch.yaml: likert_scales),
    folded: answers may come in any language."""
    from audit import languages

    found = []
    for code in languages.available():
        for labels in languages.texts(code, "batch").get("likert_scales") or []:
            if isinstance(labels, list) and len(labels) == 5:
                found.append(tuple(fold(str(label)) for label in labels))
    return tuple(dict.fromkeys(found))


def _point_words(question: Question, low: set[str], high: set[str]) -> dict[str, int]:
    """Label -> point for the five-label scales whose ends are this question's ends; a label
    that two such scales put at different points is left out."""
    points: dict[str, set[int]] = {}
    for labels in _label_sets():
        if labels[0] in low and labels[-1] in high:
            for n, label in enumerate(labels, 1):
                points.setdefault(label, set()).add(n)
    return {label: next(iter(found)) for label, found in points.items() if len(found) == 1}


def scale_number(question: Question, raw: str) -> int | None:
    """The scale answer 1..5 a labelled cell holds, or None when the text does not say it
    unambiguously (then the cell is read as it is, and reported if that fails)."""
    low, high = _ends(question)
    folded = fold(raw)
    if folded and folded in low and folded not in high:
        return 1
    if folded and folded in high and folded not in low:
        return 5
    words = _point_words(question, low, high) if folded else {}
    if folded in words:
        return words[folded]
    match = NUMBER_FIRST.match(raw)
    number, label = (int(match.group(1)), match.group(2)) if match else (None, "")
    if number is None:
        match = NUMBER_LAST.match(raw)
        if match and (match.group(2) or match.group(3)):
            number, label = int(match.group(2) or match.group(3)), match.group(1)
    said = fold(label)
    if number is None or not said or said.replace(" ", "").isdigit():
        return None  # no label beside the number ("4.5" is no "4" with a label "5")
    if said in low and number != 1 or said in high and number != 5:
        return None  # the number and the end it names disagree
    return number
