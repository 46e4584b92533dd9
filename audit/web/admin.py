"""The consultant's side: `/admin`, behind HTTP basic authentication with a hashed password.

Submissions are addressed by the SHA-256 of their token (`key`), which opens nothing on the
company pages. Wrong passwords make the client's address wait (see `LoginThrottle`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from audit.languages import language, offered_by
from audit.web.context import questionnaire_of, state, texts
from audit.web.report import answers_json, assessment_json, assessment_of, file_stem
from audit.web.security import check_password, password_hash


def stored_languages() -> list[str]:
    """Every language a submission may have been made in (nl, en, nl-BE), for the filter."""
    return offered_by(state().questionnaire.languages)


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


PER_PAGE = 50
SORTS = ("created", "updated", "name", "level", "score", "sector", "size", "answered", "lang")
STATUSES = ("completed", "in_progress")


def _filters() -> dict[str, Any]:
    """The list's search, filters, sort and page from the query string, each checked."""
    import re

    args = request.args
    date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    level = args.get("level", "")
    filters = {
        "search": args.get("q", "").strip()[:100],
        "status": args.get("status", "") if args.get("status", "") in STATUSES else "",
        "level": level if level == "none" or (level.isdigit() and 1 <= int(level) <= 9) else "",
        "sector": args.get("sector", "").strip()[:100],
        "lang": args.get("lang", "") if args.get("lang", "") in stored_languages() else "",
        "since": args.get("since", "") if date.match(args.get("since", "")) else "",
        "until": args.get("until", "") if date.match(args.get("until", "")) else "",
        "sort": args.get("sort", "created") if args.get("sort", "created") in SORTS else "created",
        "descending": args.get("dir", "desc") != "asc",
    }
    try:
        filters["page"] = max(1, min(int(args.get("page", "1")), 100_000))
    except ValueError:
        filters["page"] = 1
    return filters


def _query(filters: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """URL parameters of the list with some changed (for sort links and paging)."""
    merged = {**filters, **changes}
    params = {"q": merged["search"], "status": merged["status"], "level": merged["level"],
              "sector": merged["sector"], "lang": merged["lang"], "since": merged["since"],
              "until": merged["until"], "sort": merged["sort"],
              "dir": "desc" if merged["descending"] else "asc", "page": merged["page"]}
    return {k: v for k, v in params.items() if v not in ("", None) and not (k == "page" and v == 1)}


def level_name(number: int | None, lang: str, questionnaire: Any = None) -> str:
    """A level's name in the admin's language (one language on the page, never mixed), from
    the submission's own questionnaire (a quick scan has other levels than the full audit)."""
    if number is None:
        return ""
    level = next((lv for lv in (questionnaire or state().questionnaire).levels if lv.number == number), None)
    return level.name(lang) if level else str(number)


@bp.get("/")
@protected
def index():  # type: ignore[no-untyped-def]
    from flask import get_flashed_messages, url_for

    st = state()
    q = st.questionnaire
    filters = _filters()
    listing = st.store.listing(
        search=filters["search"], status=filters["status"], level=filters["level"],
        sector=filters["sector"], lang=filters["lang"], since=filters["since"], until=filters["until"],
        sort=filters["sort"], descending=filters["descending"], page=filters["page"], per_page=PER_PAGE)
    duplicates = st.store.duplicates([sub.key for sub in listing.rows])
    rows = [{"sub": sub, "q": questionnaire_of(sub), "level": sub.summary.level,
             "level_name": level_name(sub.summary.level, st.lang, questionnaire_of(sub)),
             "score": sub.summary.score, "answered": sub.summary.answered,
             "applicable": sub.summary.applicable, "open": sub.summary.open_required,
             "same_name": duplicates.get(sub.key, 1)} for sub in listing.rows]
    pages = max(1, -(-listing.total // PER_PAGE))

    def link(**changes: Any) -> str:
        return url_for("admin.index", **_query(filters, **changes))

    def sort_link(column: str) -> str:
        descending = not filters["descending"] if filters["sort"] == column else column != "name"
        return link(sort=column, descending=descending, page=1)

    return render_template(
        "admin.html", s=texts(st.lang), lang=st.lang, brand=st.brand, title=q.title(st.lang), rows=rows,
        total=listing.total, filters=filters, pages=pages, link=link, sort_link=sort_link,
        sectors=st.store.sectors(), levels=sorted(q.levels, key=lambda lv: lv.number),
        export_query=_query(filters, page=1), messages=get_flashed_messages(),
        questionnaires=st.questionnaires.offered,
        languages=[(code, language(code).name) for code in stored_languages()],
        first=(filters["page"] - 1) * PER_PAGE + 1, last=(filters["page"] - 1) * PER_PAGE + len(rows))


@bp.get("/export.<kind>")
@protected
def export(kind: str):  # type: ignore[no-untyped-def]
    """The submissions of the list as it is filtered now (all pages), as a client list: those
    of one questionnaire (`?questionnaire=ID`, default the site's), its questions as columns."""
    import tempfile
    from pathlib import Path

    from audit.web.export import rows as export_rows
    from audit.web.export import write_rows

    if kind not in ("xlsx", "csv"):
        abort(404)
    st = state()
    filters = _filters()
    listing = st.store.listing(
        search=filters["search"], status=filters["status"], level=filters["level"],
        sector=filters["sector"], lang=filters["lang"], since=filters["since"], until=filters["until"],
        sort="created", descending=False, page=1, per_page=1_000_000)
    questionnaire = st.questionnaires.get(request.args.get("questionnaire") or st.questionnaire.id)
    if questionnaire is None:
        abort(404)
    subs = [sub for sub in listing.rows if sub.questionnaire == questionnaire.id]
    data = export_rows(subs, questionnaire, st.lang)
    tmp_dir = st.data_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_dir) as folder:
        out = Path(folder) / f"submissions.{kind}"
        write_rows(data, questionnaire, out, st.lang)
        body = out.read_bytes()
    mime = ("text/csv; charset=utf-8" if kind == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = Response(body, mimetype=mime)
    name = "submissions" if questionnaire is st.questionnaire else f"submissions-{questionnaire.id}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@bp.route("/<key>/conclusion", methods=["GET", "POST"])
@protected
def conclusion(key: str):  # type: ignore[no-untyped-def]
    """The consultant's conclusion (`consultant_notes.conclusion`), printed in the report."""
    from flask import flash, redirect, url_for

    from audit.web.forms import NOTE_MAX, has_controls

    st = state()
    s = texts(st.lang)
    sub = _by_key(key)
    text = str((sub.consultant_notes or {}).get("conclusion") or "")
    error = ""
    if request.method == "POST":
        text = str(request.form.get("conclusion", "")).strip()
        limit = NOTE_MAX * 4
        if len(text) > limit:
            error = s["err_too_long"].format(max=limit)
        elif has_controls(text):
            error = s["err_control"]
        else:
            notes = dict(sub.consultant_notes or {})
            if text:
                notes["conclusion"] = text
            else:
                notes.pop("conclusion", None)
            version = st.store.set_consultant_notes(key, notes)
            sub = st.store.by_key(key) or sub
            if version is not None and sub.version == version:
                # The report prints the conclusion: save the Assessment of this new version now,
                # and start its PDF, rather than leave that to the next reader.
                assessment_of(sub, questionnaire_of(sub), st.store)
                if sub.completed:
                    st.store.queue_render(key, version, sub.lang)
            flash(s["admin_conclusion_saved"].format(name=sub.company.get("name", "")))
            return redirect(url_for("admin.index"), code=303)
    return render_template("admin_conclusion.html", s=s, lang=st.lang, brand=st.brand,
                           title=questionnaire_of(sub).title(st.lang), sub=sub, text=text, error=error,
                           limit=NOTE_MAX * 4), 400 if error else 200


@bp.route("/<key>/delete", methods=["GET", "POST"])
@protected
def delete(key: str):  # type: ignore[no-untyped-def]
    """Delete a submission for good (a company's request to be forgotten), after a confirmation."""
    from flask import flash, redirect, url_for

    st = state()
    s = texts(st.lang)
    sub = _by_key(key)
    if request.method == "POST":
        st.store.delete(key)
        flash(s["admin_deleted"].format(name=sub.company.get("name", "")))
        return redirect(url_for("admin.index"), code=303)
    return render_template("admin_delete.html", s=s, lang=st.lang, brand=st.brand,
                           title=questionnaire_of(sub).title(st.lang), sub=sub)


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
    data = assessment_json(sub, questionnaire_of(sub), state().store)
    response = Response(data, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_stem(sub.company)}.json"'
    return response


@bp.get("/<key>/answers.json")
@protected
def answers(key: str):  # type: ignore[no-untyped-def]
    sub = _by_key(key)
    response = Response(answers_json(sub, questionnaire_of(sub)), mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{file_stem(sub.company)}-answers.json"')
    return response
