"""End to end in a real headless browser: Debian's Chromium driven by Playwright, against the app
behind waitress on 127.0.0.1 (the way `smaudit serve` runs it), with its script doing the
show/hide of conditional questions. The `browser` fixture (Chromium) is in conftest.py."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
from web_server import app_in_thread

pytestmark = [pytest.mark.browser, pytest.mark.pdf]

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def server(tmp_path):
    """The app behind waitress on a free port of 127.0.0.1, in a thread."""
    from audit.web import create_app

    app = create_app(tmp_path / "data", None, FIXTURES / "mini.yaml", lang="en")
    with app_in_thread(app) as base:
        yield app, base


def test_fill_in_change_an_answer_and_download_the_pdf(browser, server, tmp_path):
    from pypdf import PdfReader

    app, base = server
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/")
    page.get_by_role("link", name="English").click()
    page.get_by_label("Company name").fill("Zeilmakerij Noord")
    page.get_by_label("Number of employees").select_option("2-9")
    page.get_by_role("button", name="Save and continue").click()

    # Page 1: keyboard and labels work for choice groups.
    page.get_by_role("group", name=re.compile("Plan")).get_by_label("None").check()
    page.get_by_label("LinkedIn").check()
    page.get_by_label("Facebook").check()
    page.get_by_label("None", exact=True).nth(1).check()  # "none of these" clears the others
    assert not page.get_by_label("LinkedIn").is_checked()
    page.get_by_label("LinkedIn").check()
    assert not page.get_by_label("None", exact=True).nth(1).is_checked()
    page.get_by_role("button", name="Save and continue").click()

    # Page 2: answering "people" shows two questions; changing it to 0 hides them again.
    page.wait_for_url(re.compile(r"/2$"))  # looked at on page 2, not on page 1 still
    hours = page.get_by_role("group", name=re.compile("Time"))
    assert hours.is_hidden()
    assert page.locator("[data-question=hours]").count() == 1  # on the page, hidden
    page.get_by_role("textbox", name=re.compile("^How many people")).fill("3")
    hours.wait_for(state="visible")  # while typing, before the field is left
    assert page.evaluate("document.activeElement.id") == "q-people"
    assert page.inner_text("#live").strip() == "Questions added: 2."  # announced to screen readers
    hours.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("group", name=re.compile("Guidelines")).get_by_label("Yes").check()
    page.get_by_role("textbox", name=re.compile("^How many people")).fill("0")
    page.get_by_role("textbox", name=re.compile("^How many people")).press("Tab")
    hours.wait_for(state="hidden")
    assert page.inner_text("#live").strip() == "Questions removed: 2."
    page.get_by_role("button", name="Save and see my result").click()

    page.wait_for_url(re.compile(r"/result$"))
    assert "Zeilmakerij Noord" in page.inner_text("h1")
    level = page.inner_text("#level-title")
    match = re.search(r"level (\d) of 5, “(.+)”", level)
    assert match, level
    token = page.url.split("/")[-2]
    sub = app.extensions["smaudit"].store.by_token(token)
    # The hidden questions' answers are kept (they come back if "people" changes), not scored.
    assert sub.answers["people"] == 0 and sub.answers["hours"] == 4 and sub.answers["guidelines"] == "yes"
    assert sub.completed
    from audit.web.report import assessment_of

    assert set(assessment_of(sub, app.extensions["smaudit"].questionnaire).hidden_answers) == {
        "hours", "guidelines"}
    copy = page.get_by_role("button", name="Copy link")
    copy.click()
    page.get_by_role("button", name="Link copied").wait_for()
    assert page.inner_text("#copy-status") == "Link copied"

    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download your report")).click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Zeilmakerij Noord" in text
    assert match.group(2) in text
    assert not errors, errors  # no script errors, no CSP violations
    context.close()


def _to_page_two(page, base: str, company: str) -> None:  # type: ignore[no-untyped-def]
    """Start in English as `company` and answer page 1 (a written plan): on to page 2."""
    page.goto(base + "/start/en")
    page.get_by_label("Company name").fill(company)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Written").check()
    page.get_by_role("button", name="Save and continue").click()


def _field(body: bytes, name: str) -> str | None:
    """One field of the multipart form the page's script sends."""
    found = re.search(rb'name="' + name.encode() + rb'"\r\n\r\n([^\r]*)\r\n', body)
    return found.group(1).decode() if found else None


def test_a_late_answer_does_not_bring_back_questions_a_newer_one_hid(browser, tmp_path):
    """On a slow connection the server's answer about which questions show can arrive after the
    answer to a newer state of the page: it must not show the follow-up questions again (nor
    announce them). Here the answer for "3 people" is held back until the page has handled the
    one for "0 people"."""
    from audit.web import create_app

    app = create_app(tmp_path / "data", None, FIXTURES / "mini.yaml", lang="en")
    release = threading.Event()
    answer_questions = app.wsgi_app

    def hold_back_the_older_state(environ, start_response):  # type: ignore[no-untyped-def]
        if environ["PATH_INFO"].endswith("/visible"):
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            if _field(body, "q_people") == "3" and _field(body, "q_hours") == "4":
                release.wait(timeout=60)
        return answer_questions(environ, start_response)

    app.wsgi_app = hold_back_the_older_state
    with app_in_thread(app) as base:
        context = browser.new_context()
        page = context.new_page()
        _to_page_two(page, base, "Traag Netwerk BV")
        people = page.get_by_role("textbox", name=re.compile("^How many people"))
        hours = page.get_by_role("group", name=re.compile("Time"))
        people.fill("3")
        hours.wait_for(state="visible")

        def older(response) -> bool:  # type: ignore[no-untyped-def]
            data = (response.request.post_data_buffer or b"")
            return response.url.endswith("/visible") and _field(data, "q_people") == "3"

        try:
            with page.expect_response(older) as late:
                hours.get_by_role("radio", name="4", exact=True).check()  # its answer is held back
                people.fill("0")
                people.press("Tab")
                hours.wait_for(state="hidden")  # the answer for the newer state
                assert page.inner_text("#live").strip() == "Questions removed: 2."
                release.set()
            late.value.finished()
        finally:
            release.set()
        page.evaluate("() => new Promise(done => setTimeout(done, 300))")  # the page handles it
        assert hours.is_hidden()
        assert page.inner_text("#live").strip() == "Questions removed: 2."
        page.get_by_role("button", name="Save and see my result").click()
        page.wait_for_url(re.compile(r"/result$"))
        context.close()
    assert app.extensions["smaudit"].store.by_token(page.url.split("/")[-2]).answers["people"] == 0


def test_questions_appear_without_javascript(browser, server):
    app, base = server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _to_page_two(page, base, "Fietsenmaker Oost")
    page.get_by_role("textbox", name=re.compile("^How many people")).fill("2")
    # The server re-shows the page (same address) with the questions that the answer opened. A
    # click returns once the new page is committed, possibly before it is parsed: wait for it to
    # load, as a user sees it, before looking.
    with page.expect_navigation():
        page.get_by_role("button", name="Save and see my result").click()
    assert page.get_by_role("status").is_visible()
    time_group = page.get_by_role("group", name=re.compile("Time"))
    assert time_group.is_visible()
    time_group.get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Save and see my result").click()
    page.wait_for_url(re.compile(r"/result$"))
    context.close()


def _finish(page, base: str, company: str) -> str:  # type: ignore[no-untyped-def]
    """Fill in the mini questionnaire (0 people: no follow-up questions); the submission's token."""
    _to_page_two(page, base, company)
    page.get_by_role("textbox", name=re.compile("^How many people")).fill("0")
    page.get_by_role("button", name="Save and see my result").click()
    page.wait_for_url(re.compile(r"/result$"))
    return page.url.split("/")[-2]


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_the_pdf_progress_page_waits_for_the_report_and_then_downloads_it(browser, tmp_path, javascript):
    """While the PDF is being made the page says so. With its script it asks every second without
    reloading (a reload every second sent keyboard focus and screen readers back to the top);
    without JavaScript it reloads itself. Either way the download starts once the PDF is ready."""
    from audit.web import create_app
    from audit.web.report import render_next

    app = create_app(tmp_path / "data", None, FIXTURES / "mini.yaml", lang="en", render_inline=False)
    st = app.extensions["smaudit"]  # no worker processes: the test renders, as a worker would
    with app_in_thread(app) as base:
        context = browser.new_context(java_script_enabled=javascript, accept_downloads=True)
        page = context.new_page()
        token = _finish(page, base, "Wachtkamer BV")
        assert page.goto(f"{base}/s/{token}/report.pdf").status == 202
        assert "Your report is being prepared" in page.inner_text("h1")
        loads: list[str] = []
        page.on("load", lambda: loads.append(page.url))
        back = page.get_by_role("link", name="Back")
        back.focus()
        for _ in range(3):  # three seconds of waiting
            if javascript:
                with page.expect_response(lambda r: r.url.endswith("/report.pdf") and r.status == 202):
                    pass
            else:
                page.wait_for_event("load")
        if javascript:
            assert loads == [] and page.evaluate("document.activeElement.textContent") == "Back"
        else:
            assert len(loads) >= 3
        assert render_next(st.store, st.questionnaires, st.brand, st.data_dir / "tmp")
        with page.expect_download() as download:
            pass
        path = tmp_path / "report.pdf"
        download.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
        assert "Your report is being prepared" in page.inner_text("h1")  # the page stays
        context.close()
