"""The Flask app factory: configuration, security headers, error pages and the shared state."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit.web.context import WebState, house_variants, offered_languages, site_language, state, texts

__all__ = ["WebState", "create_app", "state", "texts"]  # state and texts: re-exported
from audit.web.security import LoginThrottle, secret_key

if TYPE_CHECKING:
    from flask import Flask

    from audit.brand import Brand
    from audit.model import Questionnaire

WEB_DIR = Path(__file__).resolve().parent
MAX_REQUEST_BYTES = 256 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(data_dir: str | Path, brand: Brand | str | Path | None = None,
               questionnaire: Questionnaire | str | Path | None = None, *, lang: str | None = None,
               throttle: LoginThrottle | None = None, config: dict[str, Any] | None = None,
               db: str | None = None, public_url: str = "http://127.0.0.1:8000",
               render_inline: bool = True, retention_months: int = 24, only: bool = False) -> Flask:
    """The app, storing submissions in `db` (a database URL; default SQLite in `data_dir`).

    `brand` and `questionnaire` take a loaded object, a path, or None for the defaults;
    `throttle` replaces the wrong-password delay (tests inject one without real sleeping);
    `public_url` is where companies reach the site (resume links; never the Host header);
    `render_inline=False` leaves PDFs to worker processes (`smaudit serve` starts them);
    `retention_months`: how long an untouched submission is kept;
    `only`: serve `questionnaire` alone, not also the catalog's others (audit/web/questionnaires.py);
    `lang`: the start and admin pages' language (None: the brand kit's `language`, else nl). A
    regional variant, from `lang` or the kit (nl-BE), is shown in place of its base language
    (nl): the Dutch pages, questions and PDFs are then Flemish, as `smaudit report` makes them.
    """
    from flask import Flask
    from flask_wtf.csrf import CSRFProtect

    from audit.brand import load_brand
    from audit.load import load_questionnaire
    from audit.model import Questionnaire as QuestionnaireModel
    from audit.store.submissions import database_url, open_store
    from audit.web.questionnaires import Offered

    data_dir = Path(data_dir)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    store = open_store(database_url(db, data_dir))
    if brand is None or isinstance(brand, str | Path):
        brand = load_brand(brand)
    if not isinstance(questionnaire, QuestionnaireModel):
        questionnaire = load_questionnaire(questionnaire)
    offered = Offered(questionnaire) if only else Offered.from_catalog(questionnaire)
    variants = house_variants(lang, brand)
    lang = lang or brand.language or "nl"
    lang = variants.get(lang, lang)

    app = Flask("audit.web", root_path=str(WEB_DIR), template_folder="templates",
                static_folder="static")
    app.config.update(
        SECRET_KEY=secret_key(store, data_dir),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the browser session: forms may stay open long
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SEND_FILE_MAX_AGE_DEFAULT=3600,
    )
    app.config.update(config or {})
    app.jinja_env.autoescape = True
    throttle = throttle or LoginThrottle()
    throttle.store = store
    app.extensions["smaudit"] = WebState(
        store=store, questionnaire=questionnaire, brand=brand, data_dir=data_dir, lang=lang,
        throttle=throttle, public_url=public_url.rstrip("/"), render_inline=render_inline,
        retention_months=retention_months, questionnaires=offered, variants=variants)
    CSRFProtect(app)

    from audit.web import admin, team, views

    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(team.bp)
    _security_headers(app)
    _error_pages(app)
    _retention(app)
    return app


def _retention(app: Flask) -> None:
    """Delete submissions past the retention period, checked at most once an hour per process."""
    import datetime as dt
    import time

    last = {"at": 0.0}

    @app.before_request
    def purge() -> None:
        if time.monotonic() - last["at"] < 3600:
            return
        last["at"] = time.monotonic()
        st = state()
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=round(st.retention_months * 30.44))
        deleted = st.store.purge(cutoff.isoformat(timespec="microseconds"))
        if deleted:  # never silently: the consultant finds it in the server log
            import logging

            logging.getLogger("smaudit").warning(
                "deleted %d submission(s) nobody changed for %d months (--keep-months)", deleted,
                st.retention_months)


def _security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        # Resume tokens never leave the site in a Referer; same-origin keeps the HTTPS referrer check
        # of Flask-WTF's CSRF protection working.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def page_language() -> str:
    """The language of the company a request is for: the page's language, else the
    submission's (its token is in the URL), else the browser's preference, else the site's."""
    from flask import request

    args = request.view_args or {}
    offered = offered_languages()
    if args.get("lang") and site_language(args["lang"]) in offered:
        return site_language(args["lang"])
    if not args and request.path.startswith("/s/"):  # a 404/405 before routing: token from the path
        parts = request.path.split("/")
        args = {"token": parts[2]} if len(parts) > 2 else {}
    if args.get("token"):
        try:
            sub = state().store.by_token(str(args["token"]))
        except Exception:  # noqa: BLE001 - an error page must not fail on a database error
            sub = None
        if sub is not None and sub.lang in offered:
            return sub.lang
    best = request.accept_languages.best_match(offered)
    return best or state().lang


def _error_pages(app: Flask) -> None:
    from flask import render_template
    from flask_wtf.csrf import CSRFError

    def page(status: int, title: str, text: str):  # type: ignore[no-untyped-def]
        lang = page_language()
        s = texts(lang)
        return render_template("message.html", s=s, lang=lang, brand=state().brand, title=s[title],
                               text=s[text]), status

    app.register_error_handler(404, lambda e: page(404, "not_found_title", "not_found_text"))
    app.register_error_handler(CSRFError, lambda e: page(400, "csrf_title", "csrf_text"))
    app.register_error_handler(413, lambda e: page(413, "too_large_title", "too_large_text"))
    app.register_error_handler(500, lambda e: page(500, "error_title", "error_text"))
