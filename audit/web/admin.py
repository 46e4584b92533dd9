"""The consultant's side: `/admin`, behind HTTP basic authentication with a hashed password.

Submissions are addressed by the SHA-256 of their token (`key`), which opens nothing on the
company pages. Wrong passwords make the client's address wait (see `LoginThrottle`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from audit.web.app import state, texts
from audit.web.report import answers_json, assessment_json, file_stem
from audit.web.security import check_password, password_hash

bp = Blueprint("admin", __name__, url_prefix="/admin")
REALM = 'Basic realm="smaudit admin", charset="UTF-8"'


def _refuse(status: int, message: str, retry: float | None = None) -> Response:
    response = Response(message + "\n", status=status, mimetype="text/plain")
    if status == 401:
        response.headers["WWW-Authenticate"] = REALM
    if retry is not None:
        response.headers["Retry-After"] = str(max(1, int(retry + 0.999)))
    return response


def protected(view: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        st = state()
        s = texts(st.lang)
        address = request.remote_addr or "?"
        hashed = password_hash(st.data_dir)
        if not hashed:
            return _refuse(401, s["admin_no_password"])
        auth = request.authorization
        if auth is None or auth.type != "basic":
            return _refuse(401, "401 Unauthorized")
        wait = st.throttle.acquire(address)
        if wait > 0:
            return _refuse(429, s["admin_too_many"], wait)
        if not check_password(hashed, auth.password or ""):
            st.throttle.failure(address)
            return _refuse(401, "401 Unauthorized")
        st.throttle.success(address)
        return view(*args, **kwargs)

    return wrapper


@bp.get("/")
@protected
def index():  # type: ignore[no-untyped-def]
    st = state()
    q = st.questionnaire
    listing = st.store.listing()
    rows = [{"sub": sub, "level": sub.summary.level, "score": sub.summary.score,
             "completeness": {"answered": sub.summary.answered, "applicable": sub.summary.applicable},
             "open": sub.summary.open_required} for sub in listing.rows]
    return render_template("admin.html", s=texts(st.lang), lang=st.lang, brand=st.brand,
                           title=q.title(st.lang), rows=rows)


def _by_key(key: str) -> Any:
    sub = state().store.by_key(key)
    if sub is None:
        abort(404)
    return sub


@bp.get("/<key>/report.pdf")
@protected
def pdf(key: str):  # type: ignore[no-untyped-def]
    from flask import url_for

    from audit.web.views import pdf_response

    return pdf_response(_by_key(key), state().lang, url_for("admin.index"))


@bp.get("/<key>/assessment.json")
@protected
def assessment(key: str):  # type: ignore[no-untyped-def]
    sub = _by_key(key)
    data = assessment_json(sub, state().questionnaire, state().store)
    response = Response(data, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_stem(sub.company)}.json"'
    return response


@bp.get("/<key>/answers.json")
@protected
def answers(key: str):  # type: ignore[no-untyped-def]
    sub = _by_key(key)
    response = Response(answers_json(sub, state().questionnaire), mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{file_stem(sub.company)}-answers.json"')
    return response
