"""A company-wide link in the web app, end to end over real HTTP against `smaudit serve` (with
its PDF workers), on SQLite and PostgreSQL: the consultant (or the company) makes a link, each
colleague fills in on their own with a role and a consent choice, /admin shows the colleagues
and makes one combined report, and the register keeps one assessment of the company."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

import pytest
from web_server import CSRF_RE, PASSWORD, Browser, ServeProcess

from audit.load import load_answers, load_questionnaire

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# Three colleagues' answers to a small fixture questionnaire (directeur, marketing, ontwerper):
# the company link is tested on fixtures, so that a content edit does not touch it.
TEAM = [FIXTURES / "team" / f"mini-{role}.yaml" for role in ("directeur", "marketing", "ontwerper")]
QUESTIONNAIRE = FIXTURES / "mini.yaml"  # the site's default; the shipped ones are offered too
PUBLIC = "https://audit.example.nl"
TOKEN = r"[A-Za-z0-9_-]{43}"


class Server(ServeProcess):
    """`smaudit serve` with the mini questionnaire as the site's default, in `lang`."""

    def __init__(self, data: Path, db: str | None, env: dict[str, str], lang: str):
        self.database = db
        super().__init__(data, "--questionnaire", str(QUESTIONNAIRE), "--public-url", PUBLIC, "--lang", lang,
                         *(["--db", db] if db else []), env=env)


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(QUESTIONNAIRE)


@pytest.fixture
def server(tmp_path, database, request):
    """The site in English (admin pages included) unless the test asks for `lang`."""
    from werkzeug.security import generate_password_hash

    env = {"SMAUDIT_ADMIN_PASSWORD_HASH": generate_password_hash(PASSWORD, method="pbkdf2")}
    lang = getattr(request, "param", "en")
    srv = Server(tmp_path / "data", database, env, lang)
    yield srv
    srv.stop()


class Admin(Browser):
    def __init__(self) -> None:
        super().__init__()
        self.auth = {"Authorization": "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()}

    def get(self, url, headers=None):  # type: ignore[no-untyped-def]
        return super().get(url, {**self.auth, **(headers or {})})

    def post(self, url, form):  # type: ignore[no-untyped-def]
        import urllib.parse
        import urllib.request

        data = urllib.parse.urlencode(form, doseq=True).encode()
        return self._open(urllib.request.Request(url, data=data, headers=self.auth))


def csrf(page: bytes) -> str:
    return CSRF_RE.search(page.decode()).group(1)


def local(server: Server, url: str) -> str:
    """A link as the site prints it (on the public address), on the test server."""
    assert url.startswith(PUBLIC), url
    return server.base + url[len(PUBLIC):]


def form_value(question, value):  # type: ignore[no-untyped-def]
    return list(value) if question.type == "multi" else str(value)


def fill_in(server: Server, browser: Browser, q, token: str, answers) -> None:  # type: ignore[no-untyped-def]
    """Every page of the questionnaire with one colleague's answers, as a browser sends them."""
    url = f"{server.base}/s/{token}/1"
    for _ in range(60):
        status, page, headers = browser.get(url)
        if status in (302, 303):
            url = server.base + headers["Location"]
            if url.endswith("/result"):
                break
            continue
        assert status == 200, page[:500]
        while True:
            shown = re.search(r'name="shown" value="([^"]*)"', page.decode()).group(1).split()
            form = {"csrf_token": csrf(page), "shown": " ".join(shown)}
            for qid in re.findall(r'data-question="([^"]+)"', page.decode()):  # hidden ones too
                question = q.question(qid)
                if answers.values.get(qid) is not None:
                    form[f"q_{qid}"] = form_value(question, answers.values[qid])
                if answers.notes.get(qid):
                    form[f"n_{qid}"] = answers.notes[qid]
            status, page_after, headers = browser.post(url, form)
            if status == 200:  # answers opened more questions on this page: answer those too
                page = page_after
                continue
            assert status == 303, re.findall(r"<li><a href=\"#([^\"]+)\">([^<]+)</a>", page_after.decode())
            break
        url = server.base + headers["Location"]
        if url.endswith("/result"):
            break
    status, page, _ = browser.get(url)
    assert status == 200 and url.endswith("/result"), (status, url)


def join(server: Server, share_url: str, role: str, consent: bool, company: str = "Studio Noord"
         ) -> tuple[Browser, str]:
    browser = Browser()
    status, page, _ = browser.get(local(server, share_url))
    assert status == 200
    assert company in page.decode()
    status, body, headers = browser.post(local(server, share_url), {
        "csrf_token": csrf(page), "role": role, "consent": "yes" if consent else "no"})
    assert status == 303, body[:2000]
    return browser, re.search(rf"/s/({TOKEN})/1$", headers["Location"]).group(1)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "team.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_colleagues_fill_in_separately_and_the_consultant_gets_one_combined_report(server, q, tmp_path):
    admin = Admin()
    status, page, _ = admin.get(server.base + "/admin/companies")
    assert status == 200
    status, body, headers = admin.post(server.base + "/admin/companies", {
        "csrf_token": csrf(page), "name": "Studio Noord", "sector": "Communicatie- en ontwerpbureau",
        "size": "10-49", "contact": "info@studionoord.example", "link_lang": "en"})
    assert status == 303, body[:2000]
    company_page = server.base + headers["Location"]
    status, page, _ = admin.get(company_page)
    share_url = re.search(rf'{PUBLIC}/c/{TOKEN}', page.decode()).group(0)
    assert "Nobody has opened the link yet" in page.decode()

    # Three colleagues, each with their own browser, role and consent; a fourth starts only.
    files = [load_answers(path, q) for path in TEAM]
    files[0].values["remarks"] = "Directeur wil twintig mensen en zorgklanten erbij"
    files[2].values["remarks"] = "Ontwerper wil vooral mooier werk laten zien"
    tokens = []
    for answers in files:
        browser, token = join(server, share_url, answers.respondent.role, answers.respondent.consent)
        fill_in(server, browser, q, token, answers)
        tokens.append(token)
    late, late_token = join(server, share_url, "Stagiair", True)
    assert len(set(tokens + [late_token])) == 4  # each their own submission and resume link

    status, page, _ = admin.get(company_page)
    html = page.decode()
    assert "3 of 4 finished" not in html  # the list page says that; here each colleague's row
    roles = (("Directeur", "yes"), ("Marketing", "yes"), ("Ontwerper", "no"), ("Stagiair", "yes"))
    for role, consent in roles:
        assert re.search(rf"<th scope=\"row\">{role}</th>\s*<td>{consent}</td>", html), role
    assert html.count(">completed<") == 3 and html.count(">in progress<") == 1
    status, page, _ = admin.get(server.base + "/admin/companies")
    assert "3 of 4 finished" in page.decode()

    # The combined Assessment is the one `smaudit report A B C` makes of the same answers.
    status, body, _ = admin.get(company_page + "/assessment.json")
    assert status == 200
    web = json.loads(body)
    from audit.answers import Company
    from audit.respondents import assess_respondents

    for answers in files:
        answers.company = Company(name="Studio Noord", sector="Communicatie- en ontwerpbureau", size="10-49",
                                  date=web["company"]["date"], contact="info@studionoord.example")
    expected = assess_respondents(q, files, "en").to_dict()
    assert [d["score"] for d in web["dimensions"]] == [d["score"] for d in expected["dimensions"]]
    assert {f["id"] for f in web["findings"]} == {f["id"] for f in expected["findings"]}
    gap = web["respondents"]
    assert [r["label"] for r in gap["respondents"]] == ["Directeur", "Marketing", "Ontwerper"]
    assert gap["sharing"] == ["Directeur", "Marketing"]
    assert gap["dimensions"] == expected["respondents"]["dimensions"]
    assert gap["misconceptions"] == expected["respondents"]["misconceptions"]
    assert any(m["gap"] for m in gap["misconceptions"])  # someone sees a problem the others do not
    # answers are compared, and shown, only between the colleagues who agreed
    assert gap["differences"] and all(len(row["answers"]) == 2 for row in gap["differences"])

    # One report: combined picture, perception gap by role, the Ontwerper's own answers nowhere.
    status, pdf, headers = admin.get(company_page + "/report.pdf?lang=en")
    assert status == 200 and pdf.startswith(b"%PDF"), pdf[:300]
    assert 'filename="studio-noord-team.pdf"' in headers["Content-Disposition"]
    text = pdf_text(pdf, tmp_path)
    assert "How the team sees it" in text and "Ontwerper" in text and "Directeur" in text
    assert "Ontwerper wil vooral" not in text  # free text of someone who did not agree
    assert "Directeur: Directeur wil twintig mensen" in text
    status, again, _ = admin.get(company_page + "/report.pdf?lang=en")
    assert again == pdf  # one render per version and language
    (tmp_path / "combined.pdf").write_bytes(pdf)

    # The register keeps the company once, with all three respondents' answers; a colleague who
    # changes an answer updates that entry rather than adding one.
    from audit.register.options import open_register

    register = open_register(server.database, server.data, note=None)
    [client] = register.clients()
    assert client.name == "Studio Noord" and client.assessments == 1
    export = register.export(client.id)
    [kept] = export["assessments"]
    assert kept["source"] == "web" and len(kept["answers"]["respondents"]) == 3
    assert [r["respondent"]["role"] for r in kept["answers"]["respondents"]] == ["Directeur", "Marketing",
                                                                                 "Ontwerper"]
    assert len(export["web_submissions"]) == 4  # the colleagues' submissions belong to the client
    browser = Browser()
    status, page, _ = browser.get(f"{server.base}/s/{tokens[1]}/1")
    fill_in(server, browser, q, tokens[1], files[1])
    assert register.clients()[0].assessments == 1

    # Closed: nobody new can join; the consultant can open it again.
    status, page, _ = admin.get(company_page)
    status, body, headers = admin.post(company_page + "/open", {"csrf_token": csrf(page)})
    assert status == 303 and server.base + headers["Location"] == company_page, body[:1000]
    assert "The link is closed" in admin.get(company_page)[1].decode()
    status, page, _ = Browser().get(local(server, share_url))
    assert status == 410 and b"This link is closed" in page
    log = server.stop()
    assert share_url.rsplit("/", 1)[1] not in log and tokens[0] not in log


def test_a_company_makes_its_own_link_and_a_colleague_sees_only_their_own_answers(server, q):
    browser = Browser()
    status, page, _ = browser.get(server.base + "/start/nl")  # the company details step offers it
    assert b'href="/team/nl"' in page
    status, page, _ = browser.get(server.base + "/team/nl")
    form = {"csrf_token": csrf(page), "name": "Studio Noord", "sector": "Ontwerp", "size": "10-49"}
    # role and consent are asked, never assumed
    status, body, _ = browser.post(server.base + "/team/nl", form)
    assert status == 400
    assert "Vul je rol in" in body.decode() and "Kies of je eigen antwoorden" in body.decode()
    form.update(role="Eigenaar", consent="no")
    status, body, headers = browser.post(server.base + "/team/nl", form)
    assert status == 303, body[:2000]
    owner = re.search(rf"/s/({TOKEN})/respondent", headers["Location"]).group(1)
    status, page, _ = browser.get(server.base + headers["Location"])
    html = page.decode()
    assert "Je bedrijfslink staat klaar" in html and f"{PUBLIC}/s/{owner}" in html
    share_url = re.search(rf'{PUBLIC}/c/{TOKEN}', html).group(0)

    files = [load_answers(path, q) for path in TEAM]
    fill_in(server, browser, q, owner, files[0])
    colleague, token = join(server, share_url, "Marketing", True)
    fill_in(server, colleague, q, token, files[1])
    # each sees their own result, never the other's answers or role
    status, own, _ = colleague.get(f"{server.base}/s/{token}/result")
    assert status == 200 and b"Eigenaar" not in own
    status, _, headers = colleague.get(f"{server.base}/s/{token}/company")  # first step: role, consent
    assert status == 302 and headers["Location"].endswith(f"/s/{token}/respondent")

    admin = Admin()
    status, page, _ = admin.get(server.base + "/admin/companies")
    assert "Studio Noord" in page.decode() and "2 of 2 finished" in page.decode()
    assert "the company" in page.decode()
    key = re.search(r"/admin/companies/([0-9a-f]{64})", page.decode()).group(1)
    status, body, _ = admin.get(f"{server.base}/admin/companies/{key}/assessment.json?lang=nl")
    gap = json.loads(body)["respondents"]
    assert [r["label"] for r in gap["respondents"]] == ["Eigenaar", "Marketing"]
    assert gap["sharing"] == ["Marketing"] and gap["differences"] == []  # one who shares: no comparison


def test_a_link_for_another_questionnaire_the_site_serves(server, tmp_path):
    """The site serves the full audit and the quick scan: a link made for the quick scan asks
    its questions, and the combined report is the quick scan's."""
    from audit.answers import Company, Respondent
    from audit.respondents import assess_respondents

    quick = load_questionnaire(ROOT / "questionnaires" / "quick-scan.yaml")
    admin = Admin()
    status, page, _ = admin.get(server.base + "/admin/companies")
    assert 'value="quick-scan"' in page.decode()
    status, body, headers = admin.post(server.base + "/admin/companies", {
        "csrf_token": csrf(page), "name": "Bloemenatelier Lies", "size": "1", "link_lang": "nl",
        "questionnaire": "quick-scan"})
    assert status == 303, body[:2000]
    company_page = server.base + headers["Location"]
    status, page, _ = admin.get(company_page)
    assert f"quick-scan {quick.version}" in page.decode()
    share_url = re.search(rf'{PUBLIC}/c/{TOKEN}', page.decode()).group(0)
    answers = load_answers(ROOT / "examples" / "quick-scan" / "bloemenatelier-lies.yaml", quick)
    browser, token = join(server, share_url, "Eigenaar", True, company="Bloemenatelier Lies")
    fill_in(server, browser, quick, token, answers)
    status, body, _ = admin.get(company_page + "/assessment.json")
    web = json.loads(body)
    assert web["questionnaire"]["id"] == "quick-scan"
    answers.company = Company(name="Bloemenatelier Lies", size="1", date=web["company"]["date"])
    answers.respondent = Respondent("Eigenaar", True)
    expected = assess_respondents(quick, [answers], "nl").to_dict()
    assert [d["score"] for d in web["dimensions"]] == [d["score"] for d in expected["dimensions"]]
