"""Interface texts per language (report headings, answer words, web pages, batch messages),
kept as data in `languages/<code>/<area>.yaml` (see audit.languages) so that wording changes,
and whole new languages, need no Python."""

from __future__ import annotations

import functools

from audit import languages


class Strings(dict):
    """A dict whose missing keys show up visibly (`[key]`) instead of crashing a render."""

    def __missing__(self, key: str) -> str:
        return f"[{key}]"


def format_number(value: float, lang: str, grouped: bool = False) -> str:
    """A number as a reader of `lang` writes it: 2,5 in Dutch, 2.5 in English (the decimal
    mark is a setting of the language, languages/<code>/language.yaml); `grouped` writes a
    whole number with the language's thousands separator (1.250 in Dutch, 1,250 in English).
    The one number formatter: answers, errors, web pages, the interview and the report."""
    language = languages.language(lang)
    if grouped and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", language.thousands_separator)
    return language.number(value)


@functools.cache
def strings(lang: str, area: str = "report") -> Strings:
    """The texts of one area (report, web, batch, practice) in `lang`, completed from its
    fallback language (nl-BE -> nl); an unknown language is an error naming the known ones."""
    try:
        languages.language(lang)
    except Exception as exc:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(languages.available())})") from exc
    return Strings(languages.texts(lang, area))
