"""A page save never overwrites a save made meanwhile (another tab, another instance): the row
is written only at the version it was read at, and the page is applied again on a newer one
(SQLite and PostgreSQL)."""

# ruff: noqa: F811 - the fixtures imported from test_web are used as test arguments
from __future__ import annotations

import pytest
from test_web import csrf, page_form, start, stored

from test_web import fake_time, make_app  # noqa: F401  isort: skip


def test_a_stale_copy_is_refused_and_writes_nothing(make_app):
    from audit.store import StaleSubmission

    app = make_app()
    store = app.extensions["smaudit"].store
    token = start(app.test_client())
    first, second = stored(app, token), stored(app, token)
    first.company["name"] = "Saved first BV"
    store.save(first, if_unchanged=True)
    second.company["name"] = "Stale copy BV"
    with pytest.raises(StaleSubmission):
        store.save(second, if_unchanged=True)
    now = stored(app, token)
    assert now.company["name"] == "Saved first BV" and now.version == first.version


def test_a_page_saved_while_another_tab_saved_keeps_both(make_app, monkeypatch):
    from audit.web import forms

    app = make_app()
    client = app.test_client()
    store = app.extensions["smaudit"].store
    token = start(client)
    q = app.extensions["smaudit"].questionnaire
    questions = q.questions_in(next(d for d in q.dimensions if q.questions_in(d.id)).id)
    page = client.get(f"/s/{token}/1")

    real_apply, calls = forms.apply_page, []

    def other_tab_saves_first(*args, **kwargs):
        # Between this request's read and its write, the company renames itself in another tab.
        if not calls:
            other = stored(app, token)
            other.company["name"] = "Renamed in the other tab BV"
            store.save(other)
        calls.append(1)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(forms, "apply_page", other_tab_saves_first)
    response = client.post(f"/s/{token}/1", data=page_form(questions, csrf(page.data)))
    assert response.status_code == 303, response.data.decode()[:2000]
    now = stored(app, token)
    assert now.company["name"] == "Renamed in the other tab BV"  # the other tab's save is kept
    assert all(qu.id in now.answers for qu in questions)  # and so is this page
    assert len(calls) == 2  # applied again on the newer row
