"""One `smaudit serve` serves every questionnaire in the catalog: a choice on the start page or
a link `/q/<id>/`, each submission stored with its questionnaire's id and version, and an old
submission opening on the version it was started on (SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from test_web are used as test arguments
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from test_questionnaire_versions import ADDED_QUESTION as NEW_QUESTION
from test_web import PASSWORD, _auth, csrf, page_form, stored

from test_web import fake_time, make_app, with_password  # noqa: F401  isort: skip

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RADIO = re.compile(r'name="questionnaire" value="([^"]+)"')


def _token(response) -> str:
    assert response.status_code == 303, response.data.decode()[:2000]
    match = re.fullmatch(r"/s/([A-Za-z0-9_-]{43})/1", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def answer_every_page(client, q, token: str) -> str:
    """Answer every page of `q` through the forms; the result page's HTML."""
    pages = [d for d in q.dimensions if q.questions_in(d.id)]
    for number, dim in enumerate(pages, 1):
        page = client.get(f"/s/{token}/{number}")
        assert page.status_code == 200
        form = page_form(q.questions_in(dim.id), csrf(page.data))
        response = client.post(f"/s/{token}/{number}", data=form)
        assert response.status_code == 303, (dim.id, response.data.decode()[:2000])
    return client.get(f"/s/{token}/result").data.decode()


def test_start_page_offers_every_questionnaire_and_stores_the_choice(make_app):
    from audit import catalog

    app = make_app()  # the mini questionnaire is the site's default
    client = app.test_client()
    page = client.get("/start/en").data.decode()
    offered = RADIO.findall(page)
    assert offered[0] == "mini" and {"quick-scan", "social-media-audit"} <= set(offered)
    assert re.search(r'value="mini" checked', page)
    assert "up to 10 questions" in page  # the quick scan, by its size

    quick, _ = catalog.load("quick-scan")
    token = _token(client.post("/start/en", data={"csrf_token": csrf(page), "name": "Bloom & Co",
                                                  "questionnaire": "quick-scan"}))
    sub = stored(app, token)
    assert (sub.questionnaire, sub.questionnaire_version) == ("quick-scan", quick.version)
    first = client.get(f"/s/{token}/1").data.decode()
    pages = len([d for d in quick.dimensions if quick.questions_in(d.id)])
    assert f"Step 2 of {pages + 1}" in first
    assert quick.questions_in(quick.dimensions[0].id)[0].text.en in first
    result = answer_every_page(client, quick, token)
    assert " of 3, " in result  # the quick scan's three levels, not the default's five

    # Left out (an old form, a script): the default; a value not offered: said, nothing stored.
    token = _token(client.post("/start/en", data={"csrf_token": csrf(page), "name": "Plain BV"}))
    assert stored(app, token).questionnaire == "mini"
    response = client.post("/start/en", data={"csrf_token": csrf(page), "name": "Odd BV",
                                              "questionnaire": "../../etc"})
    assert response.status_code == 400 and "Choose one of the questionnaires." in response.data.decode()
    assert "Odd BV" not in [s.company["name"] for s in app.extensions["smaudit"].store.listing().rows]


def test_a_link_per_questionnaire_fixes_it(make_app):
    app = make_app()
    client = app.test_client()
    home = client.get("/q/quick-scan/").data.decode()
    assert 'href="/q/quick-scan/start/en"' in home and 'href="/q/quick-scan/start/nl"' in home
    page = client.get("/q/quick-scan/start/nl").data.decode()
    assert not RADIO.search(page)  # the link chose already
    token = _token(client.post("/q/quick-scan/start/nl", data={"csrf_token": csrf(page), "name": "Lies"}))
    assert stored(app, token).questionnaire == "quick-scan"
    assert client.get("/q/no-such-thing/").status_code == 404
    assert client.get("/q/no-such-thing/start/en").status_code == 404


def test_only_serves_one(tmp_path, database):
    from audit.web import create_app

    app = create_app(tmp_path / "data", None, FIXTURES / "mini.yaml", config={"TESTING": True},
                     db=database, only=True)
    client = app.test_client()
    assert not RADIO.search(client.get("/start/en").data.decode())
    assert client.get("/q/quick-scan/").status_code == 404


def _mini(version: str, extra_question: str = "") -> str:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1"', f'version: "{version}"', 1)
    return text.replace("  - id: channels\n", extra_question + "  - id: channels\n", 1)


def test_an_old_submission_opens_on_its_own_version(make_app, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mini-1.yaml").write_text(_mini("1"), encoding="utf-8")
    (folder / "mini-2.yaml").write_text(_mini("2", NEW_QUESTION), encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    app = make_app(folder / "mini-2.yaml")
    st = app.extensions["smaudit"]
    client = app.test_client()
    old = st.store.create({"name": "Early Bird", "date": "2026-01-05"}, "en", "mini", "1")
    page = client.get(f"/s/{old.token}/1").data.decode()
    assert "Plan?" in page and "Budget?" not in page  # version 1's questions

    token = _token(client.post("/start/en", data={"csrf_token": csrf(client.get("/start/en").data),
                                                  "name": "New Bird"}))
    assert stored(app, token).questionnaire_version == "2"
    assert "Budget?" in client.get(f"/s/{token}/1").data.decode()

    # The old one completes on version 1; its result and PDF come from version 1 as well.
    from audit.load import load_questionnaire

    result = answer_every_page(client, load_questionnaire(folder / "mini-1.yaml"), old.token)
    assert "level" in result and stored(app, old.token).completed
    from audit.web.report import assessment_of

    assessment = assessment_of(stored(app, old.token), st.questionnaires.of("mini", "1"), st.store)
    assert assessment.questionnaire["version"] == "1"
    assert "budget" not in {c.question for d in assessment.dimensions for c in d.contributions}


def test_a_submission_whose_version_is_gone_opens_on_the_newest(make_app, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mini-2.yaml").write_text(_mini("2", NEW_QUESTION), encoding="utf-8")
    monkeypatch.setenv("SMAUDIT_QUESTIONNAIRES", str(folder))
    app = make_app(folder / "mini-2.yaml")
    st = app.extensions["smaudit"]
    old = st.store.create({"name": "Early Bird"}, "en", "mini", "1")
    old.answers = {"plan": "rough"}
    st.store.save(old)
    page = app.test_client().get(f"/s/{old.token}/1").data.decode()
    assert "Budget?" in page  # asked now: the old version is not installed


@pytest.mark.pdf
def test_admin_names_each_submissions_questionnaire_and_exports_per_questionnaire(make_app, with_password):
    from openpyxl import load_workbook

    app = make_app()
    client = app.test_client()
    page = client.get("/start/en").data
    token = _token(client.post("/start/en", data={"csrf_token": csrf(page), "name": "Bloom & Co",
                                                  "questionnaire": "quick-scan"}))
    quick = app.extensions["smaudit"].questionnaires.get("quick-scan")
    answer_every_page(client, quick, token)
    _token(client.post("/start/en", data={"csrf_token": csrf(page), "name": "Mini BV"}))
    html = client.get("/admin/", headers=_auth(PASSWORD)).data.decode()
    assert quick.title("nl") in html  # the row says which questionnaire
    level = stored(app, token).summary.level
    assert f"{level} – {next(lv.name('nl') for lv in quick.levels if lv.number == level)}" in html
    book = load_workbook(io.BytesIO(client.get("/admin/export.xlsx?questionnaire=quick-scan",
                                               headers=_auth(PASSWORD)).data))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert "Bloom & Co" in cells and "Mini BV" not in cells
    pdf = client.get(f"/s/{token}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_the_time_a_questionnaire_takes_is_its_own(make_app):
    """The quick scan does not promise the full audit's quarter of an hour: the duration comes
    from each questionnaire's `minutes:`; with a choice, the start page says it per choice."""
    from audit import catalog

    app = make_app()
    client = app.test_client()
    for qid in ("quick-scan", "social-media-audit"):
        q, _ = catalog.load(qid)
        assert q.minutes
        home = client.get(f"/q/{qid}/").data.decode()
        assert f"takes about {q.minutes} minutes" in home or f"duurt ongeveer {q.minutes} minuten" in home
        assert f"about {q.minutes} minutes" in home and f"ongeveer {q.minutes} minuten" in home
    quick, _ = catalog.load("quick-scan")
    site = client.get("/").data.decode()
    assert "minutes." not in site and "minuten." not in site  # several on offer: none promised
    start = client.get("/start/en").data.decode()
    assert f"up to {len(quick.questions)} questions, about {quick.minutes} minutes" in start
