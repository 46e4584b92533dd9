"""Approximate text matching that only answers when one candidate is clearly best.

Used for headers and option labels a consultant edited (a typo, an extra word, a shortened
label). Every approximate match is reported by the caller; an unclear one is no match.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from audit.answers import fold

MIN_SCORE = 0.78  # below this a pair of texts is not the same question or option
MIN_LEAD = 0.08  # the best must beat the best other target by this much
MIN_PREFIX = 24  # a header cut off by the tool: at least this many characters of the text


def similarity(a: str, b: str, prefix: bool = True) -> float:
    """0..1 for two folded texts: edit similarity, or near 1 when one is a long prefix of the
    other (tools and consultants shorten long question texts; not for answer values, where a
    cell starting with one label may hold several)."""
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if prefix and len(short) >= MIN_PREFIX and long.startswith(short):
        return 0.95
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < MIN_SCORE or matcher.quick_ratio() < MIN_SCORE:
        return matcher.quick_ratio() * 0.9
    return matcher.ratio()


def best_match(text: str, candidates: Iterable[tuple[str, str]], min_score: float = MIN_SCORE,
               prefix: bool = True) -> tuple[str, float] | None:
    """The target of the clearly best (candidate text, target) pair for `text`, with its score.

    None when nothing is close enough or two different targets are about equally close."""
    wanted = fold(text)
    if not wanted:
        return None
    best: dict[str, float] = {}
    for candidate, target in candidates:
        score = similarity(wanted, fold(candidate), prefix)
        if score > best.get(target, 0.0):
            best[target] = score
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < min_score:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_LEAD:
        return None
    return ranked[0]
