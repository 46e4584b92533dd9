"""`smaudit serve` with a Flemish brand kit (`language: nl-BE`): the site's Dutch is Flemish,
as `smaudit report` makes it with the same kit. Over real HTTP, against the server process."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from web_server import CSRF_RE, Browser, ServeProcess, wait_for_pdf

MINI = Path(__file__).resolve().parent / "fixtures" / "mini.yaml"
FLEMISH_PLAN = "Heeft de zaakvoerder een plan?"


@pytest.fixture
def flemish_setup(tmp_path):
    """A made-up Flemish kit and the mini questionnaire with one question worded for Flanders."""
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                                  '<rect width="40" height="20" fill="#0a5"/></svg>', encoding="utf-8")
    (kit / "brand.yaml").write_text(yaml.safe_dump({
        "name": "Adviesbureau Schelde", "logo": "logo.svg", "language": "nl-BE",
        "colours": {"primary": "#0b4f6c", "accent": "#f4d35e"}}), encoding="utf-8")
    q = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    plan = next(item for item in q["questions"] if item["id"] == "plan")
    plan["text"]["nl-BE"] = FLEMISH_PLAN
    questionnaire = tmp_path / "mini-be.yaml"
    questionnaire.write_text(yaml.safe_dump(q, allow_unicode=True), encoding="utf-8")
    return kit, questionnaire


def serve(data: Path, *options: str) -> ServeProcess:
    """The site with just the questionnaire given (--only), keeping no client register."""
    return ServeProcess(data, "--only", *options, env={"SMAUDIT_REGISTER": "off"})


@pytest.mark.pdf
def test_a_flemish_kit_makes_the_sites_dutch_pages_questions_and_pdf_flemish(tmp_path, flemish_setup):
    from pypdf import PdfReader

    kit, questionnaire = flemish_setup
    with serve(tmp_path / "data", "--brand", str(kit), "--questionnaire", str(questionnaire)) as server:
        browser = Browser()
        status, home, _ = browser.get(server.base + "/")
        home = home.decode()
        assert status == 200 and '<html lang="nl-BE"' in home
        # one Dutch on offer, the kit's: no separate Netherlands Dutch beside it
        assert 'href="/start/nl-BE"' in home and 'href="/start/nl"' not in home
        assert 'href="/start/en"' in home
        # an older or hand-made link to /start/nl lands on the Flemish start
        status, _, headers = browser.get(server.base + "/start/nl")
        assert status == 308 and headers["Location"].endswith("/start/nl-BE")
        status, start, _ = browser.get(server.base + "/start/nl-BE")
        start = start.decode()
        assert status == 200 and "Aantal werknemers" in start and "Aantal medewerkers" not in start
        status, _, headers = browser.post(server.base + "/start/nl-BE", {
            "csrf_token": CSRF_RE.search(start).group(1), "name": "Frituur Bij Rita"})
        assert status == 303, status
        token = re.search(r"/s/([A-Za-z0-9_-]{43})/1", headers["Location"]).group(1)
        answers = {1: {"q_plan": "written", "shown": "plan channels"},
                   2: {"q_people": "1", "q_hours": "4", "q_guidelines": "yes",
                       "shown": "people hours guidelines remarks"}}
        for number, form in answers.items():
            status, page, _ = browser.get(f"{server.base}/s/{token}/{number}")
            assert status == 200
            if number == 1:
                assert FLEMISH_PLAN in page.decode()  # the question as worded for Flanders
            status, body, _ = browser.post(f"{server.base}/s/{token}/{number}",
                                           {"csrf_token": CSRF_RE.search(page.decode()).group(1), **form})
            assert status == 303, body[:2000]
        pdf, _ = wait_for_pdf(browser, f"{server.base}/s/{token}/report.pdf")
        reader = PdfReader(io.BytesIO(pdf))
        assert str(reader.trailer["/Root"]["/Lang"]) == "nl-BE"
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert FLEMISH_PLAN in text  # the appendix: the question as the company read it


def test_lang_nl_chooses_netherlands_dutch_over_the_kits_flemish(tmp_path, flemish_setup):
    """`--lang nl` beats the kit, as it does for a report; --lang en keeps the kit's Dutch."""
    kit, questionnaire = flemish_setup
    options = ("--brand", str(kit), "--questionnaire", str(questionnaire))
    with serve(tmp_path / "nl", *options, "--lang", "nl") as dutch, \
            serve(tmp_path / "en", *options, "--lang", "en") as english:
        browser = Browser()
        status, home, _ = browser.get(dutch.base + "/")
        assert status == 200 and '<html lang="nl"' in home.decode() and 'href="/start/nl"' in home.decode()
        status, start, _ = browser.get(dutch.base + "/start/nl")
        assert status == 200 and "Aantal medewerkers" in start.decode()
        status, home, _ = browser.get(english.base + "/")
        home = home.decode()
        assert '<html lang="en"' in home and 'href="/start/nl-BE"' in home and 'href="/start/nl"' not in home


def test_export_writes_yes_and_no_in_every_language_the_site_offers(flemish_setup):
    """A yes/no answer in an export was looked up in a fixed {nl, en} table: nl-BE failed."""
    from audit.load import load_questionnaire
    from audit.web.export import cell

    _, questionnaire = flemish_setup
    guidelines = load_questionnaire(questionnaire).question("guidelines")
    assert [cell(guidelines, v, "nl-BE") for v in ("yes", "no")] == ["Ja", "Nee"]
    assert [cell(guidelines, v, "en") for v in ("yes", "no")] == ["Yes", "No"]
