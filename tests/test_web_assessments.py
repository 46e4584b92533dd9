# ruff: noqa: F811 - the fixtures imported from test_web are used as test arguments
"""The saved Assessment per submission version: assessed once when a version is saved, read by the
pages, /admin and the PDF worker, never assessed again per request."""

from __future__ import annotations

import json

import pytest
from test_web import PASSWORD, _auth, csrf, fill_all, post_page, start, stored  # noqa: F401

from test_web import app, client, fake_time, make_app, with_password  # noqa: F401  isort: skip

ADMIN = _auth(PASSWORD)


@pytest.fixture
def assess_calls(monkeypatch) -> list[str]:
    """Every call of the engine's assess(), wherever the web app reaches it from."""
    import audit.assess
    import audit.web.report

    calls: list[str] = []
    real = audit.assess.assess

    def counting(questionnaire, answers, lang="nl", *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(answers.company.name)
        return real(questionnaire, answers, lang, *args, **kwargs)

    monkeypatch.setattr(audit.assess, "assess", counting)
    monkeypatch.setattr(audit.web.report, "assess", counting)
    return calls


def _saved(app, key: str, version: int) -> dict | None:
    return app.extensions["smaudit"].store.saved_assessment(key, version)


def test_every_saved_version_has_its_assessment_and_a_change_gives_a_new_one(client, app, assess_calls):
    token = start(client, "Versie BV")
    fill_all(client, app, token)
    sub = stored(app, token)
    first = _saved(app, sub.key, sub.version)
    assert first["company"]["name"] == "Versie BV" and first["schema_version"] == 3
    plan = next(c for d in first["dimensions"] for c in d["contributions"] if c["question"] == "plan")
    assert plan["answer"] == "written"
    calls_before = len(assess_calls)

    # The company changes one answer: one new version, assessed once, with the new answer in it.
    response = post_page(client, token, 1, {"q_plan": "none", "q_channels": ["linkedin"],
                                            "shown": "plan channels"})
    assert response.status_code == 303
    changed = stored(app, token)
    assert changed.version > sub.version
    assert len(assess_calls) - calls_before == 1
    second = _saved(app, changed.key, changed.version)
    plan = next(c for d in second["dimensions"] for c in d["contributions"] if c["question"] == "plan")
    assert plan["answer"] == "none" and second["overall_score"] < first["overall_score"]
    assert _saved(app, sub.key, sub.version) is None  # the old version's copy is gone


def test_pages_admin_and_pdf_read_the_saved_assessment(client, app, with_password, assess_calls):
    token = start(client, "Tellerij BV")
    fill_all(client, app, token)
    key = stored(app, token).key
    assess_calls.clear()

    assert client.get(f"/s/{token}/result").status_code == 200
    assert client.get(f"/s/{token}").status_code == 302
    assert client.get("/admin/", headers=ADMIN).status_code == 200
    data = json.loads(client.get(f"/admin/{key}/assessment.json", headers=ADMIN).data)
    assert data["company"]["name"] == "Tellerij BV"
    pdf = client.get(f"/s/{token}/report.pdf")  # rendered by render_next, as in a worker process
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get(f"/admin/{key}/report.pdf", headers=ADMIN).data.startswith(b"%PDF")
    assert assess_calls == []


def test_a_conclusion_makes_a_new_version_assessed_once_when_it_is_saved(client, app, with_password,
                                                                         assess_calls):
    token = start(client, "Conclusie BV")
    fill_all(client, app, token)
    key = stored(app, token).key
    page = client.get(f"/admin/{key}/conclusion", headers=ADMIN)
    assess_calls.clear()
    response = client.post(f"/admin/{key}/conclusion", headers=ADMIN,
                           data={"csrf_token": csrf(page.data), "conclusion": "Begin met een plan."})
    assert response.status_code == 303
    assert len(assess_calls) == 1  # when the conclusion is saved...
    sub = stored(app, token)
    assert _saved(app, key, sub.version)["consultant_notes"] == {"conclusion": "Begin met een plan."}
    for _ in range(2):  # ...and never again when it is read
        data = json.loads(client.get(f"/admin/{key}/assessment.json", headers=ADMIN).data)
        assert data["consultant_notes"]["conclusion"] == "Begin met een plan."
        assert client.get("/admin/", headers=ADMIN).status_code == 200
    assert len(assess_calls) == 1


def test_a_version_saved_without_an_assessment_is_assessed_once(client, app, assess_calls):
    """A store written by an older smaudit has versions without a saved Assessment (and its
    reports table had a column for one): the first reader assesses and saves it."""
    from sqlalchemy import delete

    from audit.store import schema

    token = start(client, "Oude Versie BV")
    fill_all(client, app, token)
    store = app.extensions["smaudit"].store
    with store.engine.begin() as conn:
        conn.execute(delete(schema.assessments))
    assess_calls.clear()
    for _ in range(3):
        assert client.get(f"/s/{token}/result").status_code == 200
    assert assess_calls == ["Oude Versie BV"]
    sub = stored(app, token)
    assert _saved(app, sub.key, sub.version)["company"]["name"] == "Oude Versie BV"


def test_migration_moves_the_assessment_out_of_the_reports_table(database, tmp_path, monkeypatch):
    """A database at step 4 (assessment cached in `reports`) migrates: the column goes, the
    submissions and their PDFs stay."""
    from sqlalchemy import inspect, text

    from audit.store import migrations
    from audit.store.submissions import Store, database_url, make_engine

    engine = make_engine(database_url(database, tmp_path))
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
    migrations.migrate(engine)
    with engine.begin() as conn:
        assert "assessment" in {c["name"] for c in inspect(conn).get_columns("reports")}
        conn.execute(text("INSERT INTO reports (key, version, lang, assessment, status, pdf) VALUES "
                          "(:k, 3, 'nl', '{}', 'done', :pdf)"), {"k": "b" * 64, "pdf": b"%PDF-1.7 old"})
    monkeypatch.undo()
    assert migrations.migrate(engine) == [n for n, _, _ in migrations.MIGRATIONS[4:]]  # 5 and later
    with engine.connect() as conn:
        assert "assessment" not in {c["name"] for c in inspect(conn).get_columns("reports")}
        assert "assessments" in inspect(conn).get_table_names()
    assert Store(engine).pdf("b" * 64, 3, "nl") == b"%PDF-1.7 old"
    engine.dispose()


def test_saved_form_is_exactly_what_dataclasses_asdict_gives():
    """`Assessment.to_dict()` is built by hand for speed: it must stay the same data."""
    import dataclasses
    from pathlib import Path

    from audit.assess import assess
    from audit.load import load_answers, load_questionnaire

    product = load_questionnaire(None)
    examples = sorted((Path(__file__).resolve().parent.parent / "examples" / "answers").glob("*.yaml"))
    assert examples
    for path in examples:
        for lang in ("nl", "en"):
            assessment = assess(product, load_answers(path, product), lang)
            assessment.consultant_notes = {"conclusion": "x", "dimensions": {"team": "y"}}
            assert assessment.to_dict() == dataclasses.asdict(assessment), path.name
