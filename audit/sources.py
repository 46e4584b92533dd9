"""An Assessment from what a consultant has at hand: a saved assessment (JSON with
`schema_version`), or one or more answers files of one company (assessed now, with the
questionnaire they name; several files are combined as in audit/respondents.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit.assessment import Assessment
from audit.errors import InputError
from audit.strings import localized


def is_saved_assessment(data: Any) -> bool:
    return isinstance(data, dict) and "schema_version" in data


@dataclass
class Loaded:
    assessment: Assessment
    questionnaire: Any
    brand_path: Path | None = None  # the brand kit the (first) answers file names
    answers: dict[str, Any] | None = None  # canonical answers file content (several: {respondents: [...]})
    # Answers files written for another version of the questionnaire than the one that read them:
    # the version they name, and their answers to questions that version retired (read, not used).
    answered_with: dict[str, str] | None = None
    set_aside: dict[str, Any] = field(default_factory=dict)


def load_assessment(paths: list[Path] | tuple[Path, ...], lang: str | None,
                    questionnaire_spec: str | None = None,
                    notify: Callable[[str], None] | None = None,
                    brand_path: Path | None = None) -> Loaded:
    """The Assessment the files describe, and the questionnaire behind it.

    A saved assessment is taken as saved (put into `lang` when that differs); answers files
    are assessed with the questionnaire they name (see audit.catalog), in the language
    `audit.brand.report_language` picks (`lang`, the file's, the brand kit's: `brand_path`
    when given, else the one the file names)."""
    from audit import catalog
    from audit.load import parse_answers, read_data

    paths = list(paths)
    first = read_data(paths[0])
    if is_saved_assessment(first):
        if len(paths) > 1:
            raise InputError(str(paths[1]), "give one saved assessment, or answers files only")
        from audit.commands.render import read_assessment

        assessment = read_assessment(first, str(paths[0]))
        questionnaire, note = catalog.load(questionnaire_spec, first)
        if note and notify:
            notify(f"{paths[0]}: {localized(note, lang or assessment.language)}")
        if lang and lang != assessment.language:
            from audit.localize import in_language

            assessment = in_language(assessment, questionnaire, lang)
        return Loaded(assessment, questionnaire)
    questionnaire, note = catalog.load(questionnaire_spec, first)
    said_in = lang or _named_language(first)  # the terminal's notes follow the report's language
    if note and notify:
        notify(f"{paths[0]}: {localized(note, said_in)}")
    answer_sets = [parse_answers(questionnaire, first if i == 0 else read_data(path), str(path))
                   for i, path in enumerate(paths)]
    for path, answers in zip(paths, answer_sets, strict=True):
        for line in answers.set_aside_notes(questionnaire, said_in):  # retired: read, not used
            if notify:
                notify(f"{path}: {line}")
    from audit.answers import to_mapping

    brand = answer_sets[0].brand_path()
    language = lang or answer_sets[0].language
    if language is None and (brand_path or brand):
        from audit.brand import load_brand, report_language

        kit = load_brand(brand_path or brand)
        language = report_language(None, None, kit)
        if not questionnaire.offers(language):
            raise InputError(kit.source, f"language: {language!r} is not a language the "
                                         "questionnaire is offered in")
    language = language or "nl"
    first_set = answer_sets[0]
    answered_with = None
    if first_set.questionnaire_version and first_set.questionnaire_version != questionnaire.version:
        answered_with = {"id": first_set.questionnaire or questionnaire.id,
                         "version": first_set.questionnaire_version}
    set_aside = {qid: value for a in answer_sets for qid, value in a.set_aside.items()
                 if not qid.startswith("notes.")}
    if len(answer_sets) > 1:
        from audit.respondents import assess_respondents

        mappings = {"respondents": [to_mapping(a, questionnaire) for a in answer_sets]}
        return Loaded(assess_respondents(questionnaire, answer_sets, language), questionnaire, brand,
                      mappings, answered_with, set_aside)
    from audit.assess import assess

    return Loaded(assess(questionnaire, first_set, language), questionnaire, brand,
                  to_mapping(first_set, questionnaire), answered_with, set_aside)


def _named_language(data: object) -> str:
    """The language an answers file names, when smaudit has it; else nl (the default)."""
    from audit import languages

    named = data.get("language") if isinstance(data, dict) else None
    return named if isinstance(named, str) and named in languages.available() else "nl"
