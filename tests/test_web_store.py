# ruff: noqa: F811 - the fixtures imported from test_web are used as test arguments
"""The store beneath the web app: migrations, shared state (throttle, secret), logs, public URL."""

from __future__ import annotations

import json
import logging
import sqlite3

from test_web import PASSWORD, _auth, start, stored  # noqa: F401 - fixtures below come from test_web

from test_web import app, client, fake_time, make_app, with_password  # noqa: F401  isort: skip


def test_migrated_database_has_the_tables_the_queries_use(app):
    from sqlalchemy import inspect

    from audit.store import schema

    store = app.extensions["smaudit"].store
    with store.engine.connect() as conn:
        found = inspect(conn)
        for table in schema.metadata.sorted_tables:
            columns = {c["name"] for c in found.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name


def test_a_data_folder_of_the_earlier_store_is_carried_over(tmp_path):
    """The store before SQLAlchemy was SQLite only: its data folder opens with nothing lost."""
    from audit.web import create_app

    data = tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "submissions.sqlite3")
    conn.executescript("""CREATE TABLE submissions (key TEXT PRIMARY KEY, company TEXT NOT NULL,
        answers TEXT NOT NULL, notes TEXT NOT NULL, lang TEXT NOT NULL, questionnaire TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX submissions_created ON submissions (created);""")
    key = "a" * 64
    conn.execute("INSERT INTO submissions VALUES (?,?,?,?,?,?,?,?,?,?)",
                 (key, json.dumps({"name": "Oude Klant", "sector": "Bouw"}), json.dumps({"plan": "rough"}),
                  "{}", "nl", "mini", "1", "2025-01-02T10:00:00+00:00", "2025-01-02T10:05:00+00:00", 0))
    conn.commit()
    conn.close()
    (data / "secret_key").write_text("old-secret")
    app = create_app(data, None, "tests/fixtures/mini.yaml", config={"TESTING": True})
    sub = app.extensions["smaudit"].store.by_key(key)
    assert sub.company["name"] == "Oude Klant" and sub.answers == {"plan": "rough"} and sub.lang == "nl"
    assert app.config["SECRET_KEY"] == "old-secret"  # open forms of the old server stay valid
    assert app.extensions["smaudit"].store.listing(search="oude").total == 1


def test_throttle_holds_across_instances_and_restarts(make_app, with_password, fake_time):
    first = make_app()
    assert first.test_client().get("/admin/", headers=_auth("wrong")).status_code == 401
    first.extensions["smaudit"].store.dispose()
    second = make_app()  # a restart, or another instance on the same database
    response = second.test_client().get("/admin/", headers=_auth(PASSWORD))
    assert response.status_code == 429 and response.headers["Retry-After"] == "2"
    fake_time.now += 2
    assert second.test_client().get("/admin/", headers=_auth(PASSWORD)).status_code == 200


def test_only_one_password_check_at_a_time_per_address(app, with_password):
    throttle = app.extensions["smaudit"].throttle
    assert throttle.acquire("127.0.0.1") == 0.0  # a check in flight (another thread or process)
    response = app.test_client().get("/admin/", headers=_auth(PASSWORD))
    assert response.status_code == 429  # the parallel request is not checked
    throttle.success("127.0.0.1")
    assert app.test_client().get("/admin/", headers=_auth(PASSWORD)).status_code == 200


def test_a_few_typos_do_not_lock_out_the_right_password(tmp_path, database, with_password, fake_time):
    from audit.web import create_app
    from audit.web.security import LoginThrottle

    throttle = LoginThrottle(base=1.0, free=3, sleep=fake_time.sleep, clock=fake_time.clock)
    app = create_app(tmp_path / "data", None, "tests/fixtures/mini.yaml", throttle=throttle, db=database,
                     config={"TESTING": True})
    client = app.test_client()
    for n in range(3):
        assert client.get("/admin/", headers=_auth(f"typo {n}")).status_code == 401
    assert client.get("/admin/", headers=_auth(PASSWORD)).status_code == 200
    for n in range(4):
        assert client.get("/admin/", headers=_auth(f"guess {n}")).status_code == 401
    assert client.get("/admin/", headers=_auth(PASSWORD)).status_code == 429
    assert fake_time.slept == [0.5] * 7  # every wrong password costs a pause


def test_resume_link_uses_the_public_url_not_the_host_header(client, app):
    token = start(client)
    html = client.get(f"/s/{token}/1", headers={"Host": "evil.example"}).data.decode()
    assert f"https://audit.example.nl/s/{token}" in html
    assert "evil.example" not in html


def test_no_resume_token_in_the_logs(client, app, caplog, monkeypatch):
    from audit.web import views
    from audit.web.logs import hide_tokens

    hide_tokens(app)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    token = start(client)

    def broken(*args, **kwargs):
        raise RuntimeError(f"failure while reading /s/{token}/1")

    monkeypatch.setattr(views, "missing", broken)
    with caplog.at_level(logging.INFO):
        response = client.get(f"/s/{token}/result")
    assert response.status_code == 500
    text = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "/s/[token]/result" in text  # the failing request is still logged, without its token
    assert token not in text


def test_error_pages_speak_the_company_language(client, app):
    token = start(client, lang="nl")
    response = client.get(f"/s/{token}/99")  # a page that does not exist, of a Dutch submission
    assert response.status_code == 404 and "Pagina niet gevonden" in response.data.decode()
    page = client.get(f"/s/{token}/1")
    response = client.post(f"/s/{token}/1", data={"csrf_token": "forged", "q_plan": "rough"})
    assert response.status_code == 400 and 'lang="nl"' in response.data.decode()
    unknown = "x" * 43
    english = client.get(f"/s/{unknown}/1", headers={"Accept-Language": "en-GB"})
    assert "Page not found" in english.data.decode()
    assert "Pagina niet gevonden" in client.get(f"/s/{unknown}/1",
                                                headers={"Accept-Language": "nl-BE,nl;q=0.9"}).data.decode()
    assert page.status_code == 200


def test_privacy_notice_where_the_contact_is_asked(client):
    # who keeps the data, in the terms of the report and interview (nl: adviseur)
    for lang, words, who in (("nl", "24 maanden", "adviseur"), ("en", "24 months", "consultant")):
        html = client.get(f"/start/{lang}").data.decode()
        notice = html[html.index('class="privacy"'):]
        assert words in notice and who in notice
        assert html.index('id="contact"') < html.index('class="privacy"') < html.index('type="submit"')


def test_submissions_past_the_retention_period_are_deleted(client, app):
    store = app.extensions["smaudit"].store
    old, recent = start(client, "Oud"), start(client, "Recent")
    sub = stored(app, old)
    store.save(sub)
    from sqlalchemy import update

    from audit.store import schema

    with store.engine.begin() as conn:
        conn.execute(update(schema.submissions).where(schema.submissions.c.key == sub.key)
                     .values(updated="2020-01-01T00:00:00+00:00"))
    assert store.purge("2024-01-01T00:00:00+00:00") == 1
    assert stored(app, old) is None and stored(app, recent) is not None


def test_jobs_of_a_dead_worker_are_queued_again(client, app):
    from test_web import fill_all

    store = app.extensions["smaudit"].store
    token = start(client, "Afgebroken Render")
    fill_all(client, app, token)
    sub = stored(app, token)
    store.queue_render(sub.key, sub.version, sub.lang)
    assert store.claim_render("werkplaats:4242") == (sub.key, sub.version, sub.lang)
    assert store.release_dead("werkplaats", alive=lambda pid: pid != 4242) == 1
    assert store.report_status(sub.key)["status"] == "queued"
    assert store.claim_render("werkplaats:77") is not None
    assert store.release_dead("werkplaats", alive=lambda pid: True) == 0  # a live worker keeps its job
    assert store.release_dead("elders", alive=lambda pid: False) == 0  # other hosts' workers: not ours


def test_the_server_deletes_old_submissions_itself_and_says_so(make_app, caplog):
    from sqlalchemy import update

    from audit.store import schema

    app = make_app()
    client = app.test_client()
    old, recent = start(client, "Heel Oud"), start(client, "Net Nieuw")
    store = app.extensions["smaudit"].store
    with store.engine.begin() as conn:
        conn.execute(update(schema.submissions).where(schema.submissions.c.key == stored(app, old).key)
                     .values(updated="2019-05-01T00:00:00+00:00"))
    restarted = make_app()  # the check runs on a process's first request, then hourly
    with caplog.at_level(logging.WARNING, logger="smaudit"):
        restarted.test_client().get("/")
    assert stored(restarted, old) is None and stored(restarted, recent) is not None
    assert "deleted 1 submission(s) nobody changed for 24 months" in caplog.text
