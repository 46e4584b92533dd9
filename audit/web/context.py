"""What every request of the web app needs (its texts and the shared state), apart from the
app factory: views and admin import it from here, the factory imports views and admin, and
no module of audit.web imports one that imports it back."""

from __future__ import annotations

from dataclasses import dataclass
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


def state() -> WebState:
    from flask import current_app

    return current_app.extensions["smaudit"]


def questionnaire_of(sub: Submission) -> Questionnaire:
    """The questionnaire (id and version) this submission was started on."""
    return state().questionnaires.of(sub.questionnaire, sub.questionnaire_version)


def offered_languages(questionnaire: Questionnaire | None = None) -> list[str]:
    """The languages a questionnaire (default: the site's) is offered in (languages/ and the
    questionnaire's `languages:`): nl, en and nl-BE for the shipped audit."""
    from audit.languages import offered_by

    return offered_by((questionnaire or state().questionnaire).languages)
