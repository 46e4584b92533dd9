"""What every request of the web app needs (its texts and the shared state), apart from the
app factory: views and admin import it from here, the factory imports views and admin, and
no module of audit.web imports one that imports it back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from audit.strings import Strings, strings

if TYPE_CHECKING:
    from audit.brand import Brand
    from audit.model import Questionnaire
    from audit.store import Store, Submission
    from audit.web.questionnaires import Offered
    from audit.web.security import LoginThrottle


def texts(lang: str) -> Strings:
    """The web pages' texts (`languages/<code>/web.yaml`); missing keys show as `[key]`."""
    return strings(lang, "web")


@dataclass
class WebState:
    """What every request needs; one per app."""

    store: Store
    questionnaire: Questionnaire  # the default one (start page, /admin, export)
    brand: Brand
    data_dir: Path
    lang: str
    throttle: LoginThrottle
    public_url: str
    render_inline: bool  # no worker processes (tests, `create_app` alone): render in the request
    retention_months: int  # submissions untouched this long are deleted (the privacy notice says so)
    questionnaires: Offered  # every questionnaire the site serves, the default first
    # A language the site shows in place of its base language, e.g. {"nl": "nl-BE"} for a
    # Flemish brand kit: its Dutch pages and PDFs are Flemish (see `house_variants`).
    variants: dict[str, str] = field(default_factory=dict)


def house_variants(explicit: str | None, brand: Brand) -> dict[str, str]:
    """{base: variant} when the site's Dutch (or other base language) is a regional variant:
    `--lang nl-BE`, or a brand kit with `language: nl-BE` unless `--lang` named the base (nl)
    itself. The same precedence as for a report (audit.brand.report_language)."""
    from audit.languages import chain

    for code in (explicit, brand.language):
        if code is None:
            continue
        bases = chain(code)[1:]
        if bases:
            return {base: code for base in bases}
        if code == explicit and brand.language and code in chain(brand.language)[1:]:
            return {}  # --lang nl chose the base language over the kit's variant
    return {}


def state() -> WebState:
    from flask import current_app

    return current_app.extensions["smaudit"]


def questionnaire_of(sub: Submission) -> Questionnaire:
    """The questionnaire (id and version) this submission was started on."""
    return state().questionnaires.of(sub.questionnaire, sub.questionnaire_version)


def site_language(code: str) -> str:
    """`code` as this site shows it: nl is nl-BE on a site with a Flemish brand kit."""
    return state().variants.get(code, code)


def offered_languages(questionnaire: Questionnaire | None = None) -> list[str]:
    """The languages a questionnaire (default: the site's) is offered in (languages/ and the
    questionnaire's `languages:`): nl, en and nl-BE for the shipped audit."""
    from audit.languages import offered_by

    variants = state().variants
    found: list[str] = []
    for code in offered_by((questionnaire or state().questionnaire).languages):
        code = variants.get(code, code)
        if code not in found:
            found.append(code)
    return found
