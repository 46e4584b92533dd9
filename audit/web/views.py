"""The company's pages: language, company details, one page per dimension, result, PDF.

Every URL of a submission carries its resume token (256 random bits); an unknown or malformed
token is a plain 404, whatever the page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from audit.store import Submission
from audit.strings import count
from audit.web import forms
from audit.web.context import offered_languages, questionnaire_of, site_language, state, texts
from audit.web.report import assessment_of, file_stem, missing, render_next, save

bp = Blueprint("web", __name__)


def _sub(token: str) -> Submission:
    sub = state().store.by_token(token)
    if sub is None:
        abort(404)
    return sub


def _dimensions(q: Any = None) -> list:
    q = q or state().questionnaire
    return [d for d in q.dimensions if q.questions_in(d.id)]


def _common(lang: str, q: Any = None, **extra: Any) -> dict[str, Any]:
    """What every page shows; `q` is the page's questionnaire (default: the site's)."""
    st = state()
    q = q or st.questionnaire
    return {"s": texts(lang), "lang": lang, "brand": st.brand, "title": q.title(lang),
            "total_steps": len(_dimensions(q)) + 1, "retention_months": st.retention_months, **extra}


def _offered(qid: str | None) -> Any:
    """The questionnaire a `/q/<id>/` link names (404 when the site does not serve it), or None."""
    if qid is None:
        return None
    q = state().questionnaires.get(qid)
    if q is None:
        abort(404)
    return q


@bp.get("/")
@bp.get("/q/<qid>/")
def home(qid: str | None = None):  # type: ignore[no-untyped-def]
    """The language choice, for the site (then the start page offers every questionnaire) or
    for one questionnaire's link."""
    from audit.languages import language

    fixed = _offered(qid)
    lang = state().lang
    offered = offered_languages(fixed)
    if lang not in offered:
        lang = offered[0]
    choices = [(code, language(code).name) for code in offered]
    # How long it takes, when the page is about one questionnaire (a link, or a site that
    # serves one); with a choice, the start page says it per questionnaire.
    served = state().questionnaires.offered
    minutes = (fixed or (served[0] if len(served) == 1 else None))
    minutes = minutes.minutes if minutes is not None else None
    # The invitation also in the other languages, each wording once (nl-BE reads as nl here).
    seen = {texts(lang)["choose_language_intro"]}
    others = []
    for code in offered:
        if texts(code)["choose_language_intro"] not in seen:
            seen.add(texts(code)["choose_language_intro"])
            others.append((code, texts(code)))
    return render_template("language.html", **_common(lang, fixed), choices=choices, others=others,
                           qid=qid, minutes=minutes)


@bp.get("/brand.css")
def brand_css() -> Response:
    """The brand's colours as CSS variables (the values were validated as hex on load)."""
    from audit.web.colours import brand_css as css

    response = Response(css(state().brand), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/brand/logo")
def logo():  # type: ignore[no-untyped-def]
    """The kit's logo, and nothing else from the kit's folder."""
    from flask import send_file

    path = state().brand.logo_path
    if not path.is_file():
        abort(404)
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    response = send_file(path, mimetype=mime, max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    # An SVG opened on its own may not run scripts.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.route("/start/<lang>", methods=["GET", "POST"])
@bp.route("/q/<qid>/start/<lang>", methods=["GET", "POST"])
def start(lang: str, qid: str | None = None):  # type: ignore[no-untyped-def]
    """The company's details and, when the site serves several and no link fixed one, the
    choice of questionnaire; the submission records the chosen one's id and version."""
    if site_language(lang) != lang:  # /start/nl on a Flemish site: its Dutch is nl-BE
        return redirect(url_for("web.start", lang=site_language(lang), qid=qid), code=308)
    fixed = _offered(qid)
    choices = [] if fixed else [q for q in state().questionnaires.offered if lang in offered_languages(q)]
    if lang not in offered_languages(fixed):
        abort(404)
    s = texts(lang)
    company: dict[str, str] = {}
    errors: dict[str, str] = {}
    chosen = fixed or state().questionnaire
    if request.method == "POST":
        company, errors = forms.parse_company(request.form, s)
        if not fixed and len(choices) > 1 and "questionnaire" in request.form:  # else the default
            picked = next((q for q in choices if q.id == request.form.get("questionnaire")), None)
            if picked is None:
                errors["questionnaire"] = s["field_questionnaire_error"]
            else:
                chosen = picked
        if not errors:
            q = chosen
            sub = state().store.create(company, lang, q.id, q.version)
            save(state().store, sub, q)  # the /admin summary of an empty submission
            return redirect(url_for("web.page", token=sub.token, number=1), code=303)
    return render_template("company.html", **_common(lang, chosen), company=company, errors=errors,
                           sizes=forms.SIZES, step=1, token=None, qid=qid, chosen=chosen,
                           questionnaires=choices if len(choices) > 1 else []), 400 if errors else 200


@bp.get("/s/<token>")
def resume(token: str):  # type: ignore[no-untyped-def]
    """The resume link: the first page with an open required question, else the result."""
    sub = _sub(token)
    q = questionnaire_of(sub)
    if not sub.answers:
        return redirect(url_for("web.page", token=token, number=1))
    open_ids = missing(sub, q)  # the questionnaire may have changed since
    if open_ids:
        return redirect(url_for("web.page", token=token, number=_page_of(q, open_ids[0])))
    return redirect(url_for("web.result", token=token))


def _page_of(q: Any, qid: str) -> int:
    question = q.question(qid)
    ids = [d.id for d in _dimensions(q)]
    return ids.index(question.dimension) + 1 if question else 1


@bp.route("/s/<token>/company", methods=["GET", "POST"])
def company(token: str):  # type: ignore[no-untyped-def]
    sub = _sub(token)
    from audit.store.companies import CompanyLinks

    if CompanyLinks(state().store).membership(sub.key):  # a colleague: role and consent instead
        return redirect(url_for("team.respondent", token=token))
    s = texts(sub.lang)
    errors: dict[str, str] = {}
    company = sub.company
    if request.method == "POST":
        company, errors = forms.parse_company(request.form, s)
        if not errors:
            company["date"] = sub.company.get("date") or company["date"]
            sub.company = company
            save(state().store, sub, questionnaire_of(sub))
            return redirect(url_for("web.page", token=token, number=1), code=303)
    return render_template("company.html", **_common(sub.lang, questionnaire_of(sub)), company=company,
                           errors=errors, sizes=forms.SIZES, step=1, token=token,
                           questionnaires=[]), 400 if errors else 200


def _page_questions(q: Any, number: int) -> tuple[Any, list]:
    dims = _dimensions(q)
    if not 1 <= number <= len(dims):
        abort(404)
    dim = dims[number - 1]
    return dim, q.questions_in(dim.id)


def _neighbour(q: Any, number: int, shown: dict[str, bool], step: int) -> int | None:
    """The next (step=1) or previous (step=-1) page with a visible question: pages whose every
    question is hidden by earlier answers are skipped. None: no such page."""
    dims = _dimensions(q)
    n = number + step
    while 1 <= n <= len(dims):
        if any(shown.get(qu.id, True) for qu in q.questions_in(dims[n - 1].id)):
            return n
        n += step
    return None


@bp.route("/s/<token>/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int):  # type: ignore[no-untyped-def]
    from audit.answers import visible

    sub = _sub(token)
    st = state()
    q = questionnaire_of(sub)
    dim, questions = _page_questions(q, number)
    s = texts(sub.lang)
    if request.method == "GET":
        shown = visible(q, sub.answers)
        if not any(shown[qu.id] for qu in questions):  # nothing to ask here (any more)
            after = _neighbour(q, number, shown, 1)
            target = (url_for("web.page", token=token, number=after) if after
                      else url_for("web.result", token=token))
            return redirect(target)
        values = {qu.id: forms.display_value(qu, sub.answers.get(qu.id), sub.lang) for qu in questions}
        errors: dict[str, str] = {}
        for qu in questions:  # text typed earlier that did not fit yet: shown again, with why
            if qu.id in sub.drafts:
                values[qu.id] = sub.drafts[qu.id]
                message = forms.draft_error(qu, sub.drafts[qu.id], s, sub.lang)
                if message and shown[qu.id]:
                    errors[qu.id] = message
        return _render_page(sub, q, number, dim, questions, shown, values, sub.notes, errors, False)

    from audit.store import StaleSubmission

    going_back = request.form.get("action") == "back"
    was_shown = set(request.form.get("shown", "").split())
    # The page's answers go onto the row as it is now: when another tab or instance saved it
    # between our read and our write, read it again and apply this page once more, so neither
    # save loses the other's answers (a few tries; a conflict every time is a real error).
    for attempt in range(5):
        if attempt:
            sub = _sub(token)
        result, shown = forms.parse_page(q, questions, request.form, sub.answers, s, sub.lang,
                                         require=not going_back, was_shown=was_shown)
        sub.answers, sub.notes = forms.apply_page(sub.answers, sub.notes, q, questions, result)
        sub.drafts = forms.drafts_after(sub.drafts, questions, result)
        after = _neighbour(q, number, shown, 1)
        # One committed transaction per page save (drafts, the Assessment of the new version and,
        # once complete, its PDF job: it renders while the company reads its result).
        try:
            save(st.store, sub, q, finishing=after is None and not result.errors and not going_back,
                 queue_pdf=True, if_unchanged=True)
            break
        except StaleSubmission:
            if attempt == 4:
                raise
    if going_back:  # saved as a draft: nothing typed is lost, nothing is demanded yet
        before = _neighbour(q, number, shown, -1)
        target = (url_for("web.page", token=token, number=before) if before
                  else url_for("web.company", token=token))
        return redirect(target, code=303)
    appeared = [qu.id for qu in questions if shown[qu.id] and qu.id not in was_shown]
    if result.errors or appeared:
        values = {qu.id: result.raw.get(qu.id) if qu.id in result.errors else forms.display_value(
            qu, result.values.get(qu.id, sub.answers.get(qu.id)), sub.lang) for qu in questions}
        notes = {**sub.notes, **result.notes}
        errors = result.errors if result.errors else {}
        return _render_page(sub, q, number, dim, questions, shown, values, notes, errors,
                            bool(appeared)), 400 if result.errors else 200
    if after is not None:
        return redirect(url_for("web.page", token=token, number=after), code=303)
    return redirect(url_for("web.result", token=token), code=303)


def _render_page(sub: Submission, q: Any, number: int, dim: Any, questions: list,
                 shown: dict[str, bool], values: dict[str, Any], notes: dict[str, str],
                 errors: dict[str, str], appeared: bool) -> str:
    return render_template(
        "page.html", **_common(sub.lang, q), sub=sub, token=request.view_args["token"], number=number,
        step=number + 1, last=_neighbour(q, number, shown, 1) is None, dim=dim, questions=questions,
        shown=shown, values=values, notes=notes, errors=errors, appeared=appeared,
        resume_url=resume_url(request.view_args["token"]),
        field_name=forms.field_name, note_name=forms.note_name, limits=forms)


@bp.post("/s/<token>/<int:number>/visible")
def page_visible(token: str, number: int):  # type: ignore[no-untyped-def]
    """Which questions of this page are visible given the form as it is now (for the script)."""
    sub = _sub(token)
    q = questionnaire_of(sub)
    _, questions = _page_questions(q, number)
    _, shown = forms.parse_page(q, questions, request.form, sub.answers,
                                texts(sub.lang), sub.lang, require=False)
    return jsonify({"visible": {qu.id: shown[qu.id] for qu in questions}})


@bp.get("/s/<token>/result")
def result(token: str):  # type: ignore[no-untyped-def]
    sub = _sub(token)
    q = questionnaire_of(sub)
    open_ids = missing(sub, q)  # the questionnaire may have changed since the last save
    if open_ids:
        return redirect(url_for("web.page", token=token, number=_page_of(q, open_ids[0])))
    if not sub.completed:
        save(state().store, sub, q, finishing=True, queue_pdf=True)
    else:
        state().store.queue_render(sub.key, sub.version, sub.lang)  # a no-op when it is queued or done
    assessment = assessment_of(sub, q, state().store)
    from audit.render.charts import bars_svg

    s = texts(sub.lang)
    chart = bars_svg(assessment.dimensions, state().brand, unknown_label=s["score_unknown"],
                     title=s["result_dimensions"])
    return render_template("result.html", **_common(sub.lang, q), sub=sub, token=token, a=assessment,
                           chart=chart, step=len(_dimensions(q)) + 1,
                           resume_url=resume_url(token))


def resume_url(token: str) -> str:
    """The resume link on the configured public address: a forged Host header cannot redirect it."""
    return state().public_url + url_for("web.resume", token=token)


@bp.get("/s/<token>/report.pdf")
def report_pdf(token: str):  # type: ignore[no-untyped-def]
    sub = _sub(token)
    if not sub.completed and missing(sub, questionnaire_of(sub)):
        return redirect(url_for("web.resume", token=token))
    return pdf_response(sub, sub.lang, url_for("web.result", token=token))


def pdf_response(sub: Submission, lang: str, back: str) -> Any:
    """The PDF of this version of the submission when it is ready; else a page that shows the
    progress and asks again every second until it is (its script; without JavaScript it reloads).
    Rendering happens in the worker processes, never on a request thread, unless the app runs
    without workers."""
    st = state()
    status = st.store.report_status(sub.key)
    current = status and status["version"] == sub.version and status["lang"] == sub.lang
    if not current or status["status"] in ("none", None) or (
            status["status"] == "failed" and request.args.get("retry")):
        st.store.queue_render(sub.key, sub.version, sub.lang)
        status = st.store.report_status(sub.key)
    if status["status"] != "done" and st.render_inline:
        while render_next(st.store, st.questionnaires, st.brand, st.data_dir / "tmp"):
            status = st.store.report_status(sub.key)
            if status["status"] in ("done", "failed"):
                break
    if status["status"] == "done":
        pdf = st.store.pdf(sub.key, sub.version, sub.lang)
        if pdf:
            response = Response(pdf, mimetype="application/pdf")
            response.headers["Content-Disposition"] = (
                f'attachment; filename="{file_stem(sub.company)}.pdf"')
            return response
    failed = status["status"] == "failed"
    before_yours = st.store.queued_count() - 1
    response = Response(render_template(
        "progress.html", **_common(lang, questionnaire_of(sub)), failed=failed, back=back,
        queue_line=count(lang, "pdf_wait_queue", before_yours, area="web") if before_yours > 0 else "",
        retry=request.path + "?retry=1"), status=500 if failed else 202)
    if not failed:
        response.headers["Retry-After"] = "1"  # the page asks again (app.js; <noscript>: it reloads)
    return response
