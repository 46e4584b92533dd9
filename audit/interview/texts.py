"""The interview's texts: the report's strings (answer words, scale) plus the interview's own
(`languages/<code>/interview.yaml`), so that the interview speaks the report's terms."""

from __future__ import annotations

import functools

from audit.strings import Strings, strings


@functools.cache
def texts(lang: str) -> Strings:
    """Every text the interview shows, in `lang` (a regional variant falls back to its base)."""
    return Strings({**strings(lang), **strings(lang, "interview")})
