"""axe-core (the accessibility engine, run in Debian's Chromium) over every kind of page of the web
app, in Dutch and in English, on a desktop and a phone width: no violation of any rule axe runs
by default (WCAG 2.x A and AA, and its best practices).

Pages: language and questionnaire choice, company details (with the privacy notice, also with
errors), every questionnaire page (with the resume link box, also with errors), the result, the
PDF progress page (waiting and failed), an error page, the company-wide link (make one, join,
role), and /admin (list, filtered, empty, conclusion, delete, company links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from web_server import PASSWORD, app_in_thread

pytestmark = [pytest.mark.browser]
ROOT = Path(__file__).resolve().parent.parent
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


def _answer(question: Any) -> Any:
    if question.type == "single":
        return question.options[len(question.options) // 2].value
    if question.type == "multi":
        return [next(o.value for o in question.options if not o.exclusive)]
    if question.type == "yesno":
        return "yes"
    if question.type == "scale":
        return 3
    if question.type == "number":
        return question.min if question.min is not None else 2
    return "Wij posten <b>af en toe</b>"


# Each language with the neutral brand on every page at both widths; each example kit once more
# (its colours are on every page, so contrast is checked with other palettes too) on one width
# and one page of each kind.
SITES = [("nl", None, ("desktop", "phone"), True), ("en", None, ("desktop", "phone"), True),
         ("nl", "examples/brands/koers-digitaal", ("phone",), False),
         ("en", "examples/brands/zonnig-advies", ("desktop",), False)]


@pytest.fixture(scope="module", params=SITES, ids=lambda p: f"{p[0]}-{Path(p[1] or 'default').name}")
def site(request, tmp_path_factory, browser):
    """The product questionnaire behind waitress, site and admin in one language and brand, with a
    complete submission (its PDF not rendered: no workers), a half-answered one and a fresh one."""
    from audit.web import create_app
    from audit.web.report import save
    from audit.web.security import PASSWORD_ENV, set_password

    lang, brand, widths, every_page = request.param
    data = tmp_path_factory.mktemp(f"axe-{lang}")
    mp = pytest.MonkeyPatch()
    mp.delenv(PASSWORD_ENV, raising=False)
    set_password(data, PASSWORD)
    app = create_app(data, ROOT / brand if brand else None, None, lang=lang, render_inline=False)
    st = app.extensions["smaudit"]
    q = st.questionnaire
    subs = {}
    for name, share in (("complete", 1.0), ("half", 0.4), ("fresh", 0.0)):
        sub = st.store.create({"name": f"Bakkerij {name.title()}", "sector": "Horeca", "size": "2-9",
                               "contact": "info@example.nl", "date": "2026-11-30", "consultant": ""},
                              lang, q.id, q.version)
        asked = q.questions[: int(len(q.questions) * share)]
        sub.answers = {qu.id: _answer(qu) for qu in asked}
        save(st.store, sub, q, finishing=share == 1.0)
        subs[name] = sub
    assert subs["complete"].completed
    failed = st.store.create({"name": "Mislukt BV"}, lang, q.id, q.version)
    failed.answers = dict(subs["complete"].answers)
    save(st.store, failed, q, finishing=True, queue_pdf=True)
    st.store.claim_render("test:1")
    st.store.fail_render(failed.key, failed.version, "RuntimeError: for the test")
    subs["failed"] = failed
    from audit.store.companies import CompanyLinks

    links = CompanyLinks(st.store)
    link = links.create({"name": "Studio Samen", "sector": "Design", "size": "10-49"}, lang, q.id, q.version,
                        "admin")
    colleague = links.join(link, "marketing", True)
    save(st.store, colleague, q)
    subs["link"], subs["colleague"] = link, colleague
    with app_in_thread(app) as base:
        yield {"lang": lang, "base": base, "subs": subs, "app": app, "widths": widths,
               "every_page": every_page}
    mp.undo()


class Walk:
    """One visitor's walk through the site at one width, with axe run on every page it sees."""

    def __init__(self, browser: Any, base: str, width: str, label: str, **context: Any) -> None:
        self.base, self.label = base, f"{label} {width}"
        self.context = browser.new_context(viewport=WIDTHS[width], **context)
        self.page = self.context.new_page()
        self.problems: list[str] = []

    def visit(self, path: str, what: str, status: int = 200) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == status, (path, response.status)
        self.check(what)

    def check(self, what: str) -> None:
        """axe over the page as it is now; every violation, with up to three of its elements."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        for violation in results.response["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:3]
            self.problems.append(f"{self.label} {what}: {violation['id']} ({violation['impact']}): "
                                 f"{violation['help']} at {targets}")

    def __enter__(self) -> Walk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.context.close()  # also when the walk failed: no page of it goes on loading


def test_company_pages_have_no_axe_violations(site, browser):
    problems: list[str] = []
    for width in site["widths"]:
        with Walk(browser, site["base"], width, site["lang"]) as walk:
            _company_pages(site, walk)
        problems += walk.problems
    assert not problems, "\n".join(problems)


def _company_pages(site: dict, walk: Walk) -> None:
    lang, subs, page, visit = site["lang"], site["subs"], walk.page, walk.visit
    q = site["app"].extensions["smaudit"].questionnaire
    pages = len([d for d in q.dimensions if q.questions_in(d.id)]) if site["every_page"] else 1
    visit("/", "language and questionnaire choice")
    visit(f"/q/{q.id}/", "start page of one questionnaire")
    visit(f"/start/{lang}", "company details (privacy notice)")
    page.click("form button[type=submit]")  # no company name: the form comes back with an error
    assert page.locator(".error, [aria-invalid=true]").count() >= 1
    walk.check("company details with an error")
    token = subs["complete"].token
    for number in range(1, pages + 1):
        visit(f"/s/{token}/{number}", f"page {number} (resume link box)")
    fresh = subs["fresh"].token
    visit(f"/s/{fresh}/1", "page 1 empty")
    page.click("form button[type=submit][value=next], form button[type=submit]:not([value=back])")
    assert page.locator("[aria-invalid=true]").count() >= 1
    walk.check("page 1 with errors")
    visit(f"/s/{subs['half'].token}/{pages}", "a page of a half-answered submission")
    visit(f"/s/{token}/company", "company details of a submission")
    visit(f"/s/{token}/result", "result")
    visit(f"/s/{token}/report.pdf", "PDF progress (waiting)", status=202)  # it asks, it does not reload
    visit(f"/s/{subs['failed'].token}/report.pdf", "PDF progress (failed)", status=500)
    visit(f"/s/{'x' * 43}/1", "error page (unknown link)", status=404)
    # The company-wide link: made by the company, opened by a colleague, the colleague's role.
    visit(f"/team/{lang}", "company link: make one")
    page.click("form button[type=submit]")  # nothing filled in: errors
    walk.check("company link with errors")
    visit(f"/c/{subs['link'].token}", "company link: a colleague joins")
    visit(f"/s/{subs['colleague'].token}/respondent", "a colleague's role and consent")


def test_admin_pages_have_no_axe_violations(site, browser):
    problems: list[str] = []
    for width in site["widths"]:
        with Walk(browser, site["base"], width, f"admin {site['lang']}",
                  http_credentials={"username": "admin", "password": PASSWORD}) as walk:
            _admin_pages(site, walk)
        problems += walk.problems
    assert not problems, "\n".join(problems)


def _admin_pages(site: dict, walk: Walk) -> None:
    subs, visit = site["subs"], walk.visit
    visit("/admin/", "list")
    visit("/admin/?q=bakkerij&status=completed&sector=Horeca&sort=name&dir=asc", "list filtered, sorted")
    visit("/admin/?q=nobody-at-all", "list with no match")
    key = subs["complete"].key
    visit(f"/admin/{key}/conclusion", "conclusion")
    visit(f"/admin/{key}/delete", "delete confirmation")
    visit("/admin/companies", "company links")
    visit(f"/admin/companies/{subs['link'].key}", "one company link with its colleagues")
