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
    from audit.store import Store
    from audit.web.security import LoginThrottle


def texts(lang: str) -> Strings:
    """The web pages' texts (`languages/<code>/web.yaml`); missing keys show as `[key]`."""
    return strings(lang, "web")


@dataclass
class WebState:
    """What every request needs; one per app."""

    store: Store
    questionnaire: Questionnaire
    brand: Brand
    data_dir: Path
    lang: str
    throttle: LoginThrottle
    public_url: str
    render_inline: bool  # no worker processes (tests, `create_app` alone): render in the request
    retention_months: int  # submissions untouched this long are deleted (the privacy notice says so)


def state() -> WebState:
    from flask import current_app

    return current_app.extensions["smaudit"]


def offered_languages() -> list[str]:
    """The languages the site's questionnaire is offered in (languages/ and the
    questionnaire's `languages:`): nl, en and nl-BE for the shipped audit."""
    from audit.languages import offered_by

    return offered_by(state().questionnaire.languages)
