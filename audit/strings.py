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


class Message(str):
    """A message for the user whose words are data (`languages/<code>/<area>.yaml`): used as
    plain text it reads in English (logs, callers that know no language), and `in_language()`
    gives it in the consultant's language. Lets a deep layer (the catalog, the register) say
    something before the front end has decided the language."""

    key: str
    area: str
    params: dict

    def __new__(cls, key: str, area: str = "practice", **params: object) -> Message:
        self = super().__new__(cls, strings("en", area)[key].format(**params))
        self.key, self.area, self.params = key, area, params
        return self

    def __reduce__(self) -> tuple:  # pickled as its key and parameters, not its English words
        return (_message, (self.key, self.area, self.params))

    def in_language(self, lang: str | None) -> str:
        if not lang:
            return str(self)
        try:
            return strings(lang, self.area)[self.key].format(**self.params)
        except ValueError:  # an unknown language: the English words are still right
            return str(self)


def _message(key: str, area: str, params: dict) -> Message:
    return Message(key, area, **params)


def count(lang: str | None, key: str, n: int, area: str = "practice") -> str:
    """"1 client" / "3 clients" in `lang` (keys `KEY_one` and `KEY` in `area`.yaml, practice.yaml
    unless said)."""
    texts = strings(lang or "en", area)
    return texts[f"{key}_one"] if n == 1 else texts[key].format(n=n)


def localized(text: object, lang: str | None) -> str:
    """`text` in `lang` when it is a Message, else as it is."""
    return text.in_language(lang) if isinstance(text, Message) else str(text)
