"""Company-wide links: colleagues fill in the questionnaire separately, the consultant gets one
combined report (audit/web/company_report.py).

- The consultant makes a link in /admin/companies, or the company does at /team/<lang>.
- A colleague who opens /c/<link token> gives their role and says whether their own answers may
  be shown in the combined report; they get a submission of their own (with its own resume
  link) and go through the usual pages. Their result page shows their own answers only.
- /admin/companies/<key> shows the colleagues (role, consent, progress) and the combined report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from audit.store.companies import ROLE_MAX, CompanyLink, CompanyLinks
from audit.web import forms
from audit.web.admin import protected
from audit.web.context import offered_languages, questionnaire_of, site_language, state, texts

bp = Blueprint("team", __name__)


def links() -> CompanyLinks:
    return CompanyLinks(state().store)


def link_url(link: CompanyLink) -> str:
    """The link on the configured public address (never the request's Host header)."""
    return state().public_url + url_for("team.join", token=link.token)


def _common(lang: str, q: Any = None, **extra: Any) -> dict[str, Any]:
    st = state()
    q = q or st.questionnaire
    return {"s": texts(lang), "lang": lang, "brand": st.brand, "title": q.title(lang),
            "retention_months": st.retention_months, **extra}


def link_questionnaire(link: CompanyLink) -> Any:
    """The questionnaire (id and version) the link was made for; every colleague answers it."""
    return state().questionnaires.of(link.questionnaire, link.questionnaire_version)


def _chosen(form: Any, fixed: Any, lang: str, s: Any, errors: dict[str, str]) -> Any:
    """The questionnaire of a new link: the one a /q/<id>/ address fixed, else the one picked
    among those the site serves in `lang`, else the site's default."""
    if fixed is not None:
        return fixed
    choices = [q for q in state().questionnaires.offered if lang in offered_languages(q)]
    picked = form.get("questionnaire") if form is not None else None
    if picked and len(choices) > 1:
        found = next((q for q in choices if q.id == picked), None)
        if found is None:
            errors["questionnaire"] = s["field_questionnaire_error"]
        return found or state().questionnaire
    return state().questionnaire


def _choices(lang: str, fixed: Any) -> list:
    if fixed is not None:
        return []
    choices = [q for q in state().questionnaires.offered if lang in offered_languages(q)]
    return choices if len(choices) > 1 else []


def parse_respondent(form: Any, s: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Role (required) and consent (an explicit yes or no, never assumed) from a form."""
    role = str(form.get("role", "")).strip()
    consent = str(form.get("consent", ""))
    errors: dict[str, str] = {}
    if not role:
        errors["role"] = s["err_role_required"]
    elif len(role) > ROLE_MAX:
        errors["role"] = s["err_too_long"].format(max=ROLE_MAX)
    elif forms.has_controls(role):
        errors["role"] = s["err_control"]
    if consent not in ("yes", "no"):
        errors["consent"] = s["err_consent"]
    return {"role": role, "consent": consent}, errors


def purge_stale_links(before: str) -> None:
    links().purge(before)


@bp.before_app_request
def _retention() -> None:
    """Links whose colleagues' submissions the retention period removed go too (hourly)."""
    import time

    st = state()
    last = getattr(st, "_links_purged", 0.0)
    if time.monotonic() - last < 3600 and last:
        return
    st._links_purged = time.monotonic()  # type: ignore[attr-defined]
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=round(st.retention_months * 30.44))
    links().purge(cutoff.isoformat(timespec="microseconds"))


# --- the company's side ---------------------------------------------------------------------


@bp.route("/team/<lang>", methods=["GET", "POST"])
@bp.route("/q/<qid>/team/<lang>", methods=["GET", "POST"])
def start(lang: str, qid: str | None = None):  # type: ignore[no-untyped-def]
    """The company makes a link for its colleagues, and starts its own answers under it."""
    if site_language(lang) != lang:  # /team/nl on a Flemish site: its Dutch is nl-BE
        return redirect(url_for("team.start", lang=site_language(lang), qid=qid), code=308)
    fixed = state().questionnaires.get(qid) if qid else None
    if (qid and fixed is None) or lang not in offered_languages(fixed):
        abort(404)
    s = texts(lang)
    company: dict[str, str] = {}
    respondent: dict[str, Any] = {}
    errors: dict[str, str] = {}
    chosen = _chosen(None, fixed, lang, s, errors)
    if request.method == "POST":
        company, errors = forms.parse_company(request.form, s)
        respondent, more = parse_respondent(request.form, s)
        errors.update(more)
        chosen = _chosen(request.form, fixed, lang, s, errors)
        if not errors:
            link = links().create(company, lang, chosen.id, chosen.version, "company")
            sub = links().join(link, respondent["role"], respondent["consent"] == "yes")
            _save_new(sub)
            return redirect(url_for("team.respondent", token=sub.token, new=1), code=303)
    return render_template("team_start.html", **_common(lang, chosen), company=company, respondent=respondent,
                           errors=errors, sizes=forms.SIZES, qid=qid, chosen=chosen,
                           questionnaires=_choices(lang, fixed)), 400 if errors else 200


def _save_new(sub: Any) -> None:
    from audit.web.report import save

    save(state().store, sub, questionnaire_of(sub))


@bp.route("/c/<token>", methods=["GET", "POST"])
def join(token: str):  # type: ignore[no-untyped-def]
    """A colleague opens the company link: role and consent, then their own questionnaire."""
    link = links().by_token(token)
    if link is None:
        abort(404)
    q = link_questionnaire(link)
    lang = site_language(link.lang)
    lang = lang if lang in offered_languages(q) else state().lang
    s = texts(lang)
    if not link.is_open:
        return render_template("message.html", **{**_common(lang, q), "title": s["team_closed_title"]},
                               text=s["team_closed_text"]), 410
    respondent: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        respondent, errors = parse_respondent(request.form, s)
        if not errors:
            sub = links().join(link, respondent["role"], respondent["consent"] == "yes")
            _save_new(sub)
            return redirect(url_for("web.page", token=sub.token, number=1), code=303)
    return render_template("team_join.html", **_common(lang, q), link=link, respondent=respondent,
                           errors=errors, token=token), 400 if errors else 200


@bp.route("/s/<token>/respondent", methods=["GET", "POST"])
def respondent(token: str):  # type: ignore[no-untyped-def]
    """A colleague's first step: their role and consent (changeable), and the link to share."""
    from audit.web.views import resume_url

    sub = state().store.by_token(token)
    membership = links().membership(sub.key) if sub else None
    if sub is None or membership is None:
        abort(404)
    link = links().by_key(membership[0])
    if link is None:
        abort(404)
    s = texts(sub.lang)
    respondent = {"role": membership[1], "consent": "yes" if membership[2] else "no"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        respondent, errors = parse_respondent(request.form, s)
        if not errors:
            links().set_respondent(sub.key, respondent["role"], respondent["consent"] == "yes")
            return redirect(url_for("web.page", token=token, number=1), code=303)
    from audit.web.views import _dimensions

    q = questionnaire_of(sub)
    return render_template("team_respondent.html", **_common(sub.lang, q), link=link,
                           share_url=link_url(link),
                           respondent=respondent, errors=errors, token=token, sub=sub,
                           new=bool(request.args.get("new")), resume_url=resume_url(token), step=1,
                           total_steps=len(_dimensions(q)) + 1), 400 if errors else 200


# --- the consultant's side ------------------------------------------------------------------


@bp.route("/admin/companies", methods=["GET", "POST"])
@protected
def admin_list():  # type: ignore[no-untyped-def]
    st = state()
    s = texts(st.lang)
    company: dict[str, str] = {}
    errors: dict[str, str] = {}
    link_lang = st.lang
    chosen = st.questionnaire
    if request.method == "POST":
        company, errors = forms.parse_company(request.form, s)
        link_lang = request.form.get("link_lang", st.lang)
        chosen = st.questionnaires.get(request.form.get("questionnaire") or st.questionnaire.id)
        if chosen is None:
            errors["questionnaire"] = s["field_questionnaire_error"]
            chosen = st.questionnaire
        if link_lang not in offered_languages(chosen):
            errors["link_lang"] = s["err_option"]
        if not errors:
            q = chosen
            link = links().create(company, link_lang, q.id, q.version, "admin")
            return redirect(url_for("team.admin_company", key=link.key), code=303)
    return render_template("admin_companies.html", s=s, lang=st.lang, brand=st.brand,
                           title=st.questionnaire.title(st.lang), rows=links().listing(), company=company,
                           errors=errors, sizes=forms.SIZES, languages=_languages(), link_lang=link_lang,
                           link_url=link_url, questionnaires=st.questionnaires.offered, chosen=chosen
                           ), 400 if errors else 200


def _languages(q: Any = None) -> list[tuple[str, str]]:
    from audit.languages import language

    return [(code, language(code).name) for code in offered_languages(q)]


def _link_or_404(key: str) -> CompanyLink:
    link = links().by_key(key)
    if link is None:
        abort(404)
    return link


@bp.get("/admin/companies/<key>")
@protected
def admin_company(key: str):  # type: ignore[no-untyped-def]
    st = state()
    link = _link_or_404(key)
    members = links().members(key)
    return render_template("admin_company.html", s=texts(st.lang), lang=st.lang, brand=st.brand,
                           title=st.questionnaire.title(st.lang), link=link, share_url=link_url(link),
                           members=members, completed=sum(1 for m in members if m.completed),
                           languages=_languages(link_questionnaire(link)),
                           questionnaire=link_questionnaire(link))


@bp.post("/admin/companies/<key>/open")
@protected
def admin_open(key: str):  # type: ignore[no-untyped-def]
    link = _link_or_404(key)
    links().set_open(key, not link.is_open)
    return redirect(url_for("team.admin_company", key=key), code=303)


@bp.post("/admin/companies/<key>/delete")
@protected
def admin_delete(key: str):  # type: ignore[no-untyped-def]
    from flask import flash

    link = _link_or_404(key)
    s = texts(state().lang)
    if request.form.get("confirm") != "yes":
        return redirect(url_for("team.admin_company", key=key), code=303)
    removed = links().delete(key)
    flash(s["team_deleted"].format(name=link.company.get("name", ""), n=removed))
    return redirect(url_for("admin.index"), code=303)


def _report_lang(link: CompanyLink) -> str:
    lang = site_language(request.args.get("lang") or link.lang)
    return lang if lang in offered_languages(link_questionnaire(link)) else link.lang


@bp.get("/admin/companies/<key>/report.pdf")
@protected
def admin_pdf(key: str):  # type: ignore[no-untyped-def]
    from audit.web.company_report import combined_pdf
    from audit.web.report import answers_of, file_stem

    st = state()
    link = _link_or_404(key)
    pdf = combined_pdf(st.store, link, link_questionnaire(link), st.brand, _report_lang(link),
                       st.data_dir / "tmp", answers_of)
    if pdf is None:
        return _nobody_finished(link)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_stem(link.company)}-team.pdf"'
    return response


@bp.get("/admin/companies/<key>/assessment.json")
@protected
def admin_json(key: str):  # type: ignore[no-untyped-def]
    from audit.web.company_report import combined_json
    from audit.web.report import answers_of, file_stem

    st = state()
    link = _link_or_404(key)
    data = combined_json(st.store, link, link_questionnaire(link), _report_lang(link), answers_of)
    if data is None:
        return _nobody_finished(link)
    response = Response(data, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{file_stem(link.company)}-team.json"'
    return response


def _nobody_finished(link: CompanyLink):  # type: ignore[no-untyped-def]
    st = state()
    s = texts(st.lang)
    return render_template("message.html", s=s, lang=st.lang, brand=st.brand, title=s["team_none_done_title"],
                           text=s["team_none_done_text"].format(name=link.company.get("name", ""))), 409
