"""The batch texts (`languages/<code>/batch.yaml`) in one language."""

from __future__ import annotations

from audit.strings import strings


def texts(lang: str) -> dict[str, str]:
    return strings(lang, "batch")


# A note on how a list was read: a text, or (key in batch.yaml, its fields) to say in any language.
Note = str | tuple[str, dict[str, object]]


def note_text(note: Note, lang: str) -> str:
    """A note in `lang`; the fields `rows` (a count and the rows, "1-3") become "row 1"/"rows 1-3"."""
    if isinstance(note, str):
        return note
    key, fields = note
    t = texts(lang)
    values = dict(fields)
    if "rows" in values:
        count, rows = values["rows"]  # type: ignore[misc]
        values["rows"] = f"{t['word_row' if count == 1 else 'word_rows']} {rows}"
    return t[key].format(**values)
