"""Languages are data: settings and texts per language, fallbacks, and a whole new language
added from files alone (no Python), as a consultant would in their own folder."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audit import languages
from audit.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
AREAS = ("report", "web", "batch", "practice", "interview")


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("SMAUDIT_HOME", str(folder))
    languages.clear_caches()
    yield folder
    monkeypatch.undo()
    languages.clear_caches()


def test_settings_come_from_the_language_files():
    nl, en = languages.language("nl"), languages.language("en")
    assert (nl.decimal_mark, nl.csv_delimiter, en.decimal_mark, en.csv_delimiter) == (",", ";", ".", ",")
    assert nl.number(2.5) == "2,5" and en.number(2.5) == "2.5"
    assert nl.number(1250, grouped=True) == "1.250" and en.number(1250, grouped=True) == "1,250"
    day = dt.date(2026, 3, 31)
    assert nl.date(day) == "31 maart 2026" and en.date(day) == "31 March 2026"
    assert nl.date(day, long=False) == "31-03-2026"


def test_flemish_is_shipped_as_overrides_of_dutch():
    be = languages.language("nl-BE")
    assert be.chain == ("nl-BE", "nl")
    assert be.date(dt.date(2026, 3, 31), long=False) == "31/03/2026"  # Flemish short date
    assert be.decimal_mark == "," and be.csv_delimiter == ";"  # inherited from nl
    overridden = 0
    for area in AREAS:
        path = ROOT / "languages" / "nl-BE" / f"{area}.yaml"
        own = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        nl, be_texts = languages.texts("nl", area), languages.texts("nl-BE", area)
        assert all(be_texts[k] == v for k, v in own.items())  # its own wording wins
        assert set(own) <= set(nl) and all(own[k] != nl[k] for k in own), area  # only real differences
        rest = {k: v for k, v in be_texts.items() if k not in own}
        assert rest == {k: v for k, v in nl.items() if k not in own}  # the rest comes from nl
        overridden += len(own)
    assert overridden > 0
    assert languages.texts("nl-BE", "web")["field_size"] == "Aantal werknemers"


def test_flemish_questionnaire_wording_where_it_differs():
    from audit.load import load_questionnaire

    q = load_questionnaire(None)
    owner = q.question("who_posts") or next(x for x in q.questions if x.option("owner"))
    assert owner.option("owner").label("nl-BE") == "De zaakvoerder, alleen"
    assert owner.option("owner").label("nl") == "De eigenaar of directeur, alleen"
    assert q.title("nl-BE") == q.title("nl")  # not overridden: the Dutch text


def test_questionnaire_texts_fall_back_from_variant_to_base_language():
    from audit.model import Text

    text = Text.model_validate({"nl": "mkb", "en": "SME", "nl-BE": "kmo"})
    assert (text("nl-BE"), text("nl"), text("en"), text.nl, text.en) == ("kmo", "mkb", "SME", "mkb", "SME")
    assert Text.model_validate({"nl": "bedrijf", "en": "company"})("nl-BE") == "bedrijf"
    with pytest.raises(ValueError, match="not a language code"):
        Text.model_validate({"nl": "x", "Dutch": "y"})


def test_a_language_folder_with_bad_settings_is_refused_with_file_and_setting(home):
    folder = home / "languages" / "de"
    folder.mkdir(parents=True)
    (folder / "language.yaml").write_text("name: Deutsch\nyes_words: [ja, yes]\ndecimal: ','\n",
                                          encoding="utf-8")
    with pytest.raises(InputError) as caught:
        languages.language("de")
    lines = caught.value.lines()
    assert any("language.yaml" in line and "decimal: unknown setting" in line for line in lines)
    assert any("yes_words: expected a list of quoted texts" in line for line in lines)  # yes -> true
    with pytest.raises(InputError, match="unknown language"):
        languages.language("fr")


def _made_up_language(home: Path) -> Path:
    """Language `xx` ("Xish") in the consultant's folder: settings, every interface text, and a
    copy of the shipped questionnaire that lists xx and has an xx text for every text."""
    folder = home / "languages" / "xx"
    folder.mkdir(parents=True)
    (folder / "language.yaml").write_text(
        'name: Xish\ndecimal_mark: "\'"\nthousands_separator: " "\ncsv_delimiter: "|"\n'
        'date_short: "{day}.{month}.{year}"\ndate_long: "{day}. {month_name} {year}"\n'
        'months: ["Ja", "Fe", "Mr", "Ap", "Ma", "Jn", "Jl", "Au", "Se", "Oc", "No", "De"]\n'
        'yes_words: ["jo"]\nno_words: ["nei"]\nunknown_words: ["keine ahnung"]\n', encoding="utf-8")
    for area in AREAS:
        english = yaml.safe_load((ROOT / "languages" / "en" / f"{area}.yaml").read_text(encoding="utf-8"))
        xish = {k: (f"Xx {v}" if isinstance(v, str) else v) for k, v in english.items()}
        (folder / f"{area}.yaml").write_text(yaml.safe_dump(xish, allow_unicode=True), encoding="utf-8")

    def add_xx(node):
        if isinstance(node, dict):
            if "en" in node and "nl" in node and all(isinstance(v, str) for v in node.values()):
                node["xx"] = "Xx " + node["en"]
            for value in node.values():
                add_xx(value)
        elif isinstance(node, list):
            for item in node:
                add_xx(item)

    data = yaml.safe_load((ROOT / "questionnaires" / "social-media-audit.yaml").read_text(encoding="utf-8"))
    add_xx(data)
    data["languages"] = ["nl", "en", "xx"]
    (home / "questionnaires").mkdir()
    target = home / "questionnaires" / "social-media-audit-xx.yaml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _smaudit(home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SMAUDIT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


def test_a_made_up_language_works_everywhere_from_data_alone(home, tmp_path):
    """No Python changed: `--lang xx` is offered, answers in xx are read, the questions, the
    CSV template, the report (PDF and JSON) and the web language page all speak Xish."""
    _made_up_language(home)
    example = ROOT / "examples" / "answers" / "studio-noord.yaml"
    answers = yaml.safe_load(example.read_text(encoding="utf-8"))
    answers["language"] = "xx"
    yes_no = next(q for q, v in answers["answers"].items() if v == "yes")
    answers["answers"][yes_no] = "jo"  # the language's own word for yes
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")

    done = _smaudit(home, tmp_path, "questions", "--lang", "xx")
    assert done.returncode == 0, done.stderr
    assert "Xx " in done.stdout

    done = _smaudit(home, tmp_path, "template", "--lang", "xx", "-o", "clients.csv")
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "clients.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="|"))
    assert rows[0][0] == "company.name" and len(rows[0]) > 10  # the language's own CSV delimiter
    assert any(cell.startswith("Xx ") for cell in rows[1])

    done = _smaudit(home, tmp_path, "report", "answers.yaml", "-o", "report.pdf", "--json", "report.json")
    assert done.returncode == 0, done.stderr
    saved = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert saved["language"] == "xx"
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    assert text.count("Xx ") > 20
    assert re.search(r"\d{1,2}\. (Ja|Fe|Mr|Ap|Ma|Jn|Jl|Au|Se|Oc|No|De) \d{4}", text)  # date_long of xx

    from audit.web import create_app

    app = create_app(tmp_path / "data", None, None, lang="xx")
    with app.test_client() as client:
        page = client.get("/").get_data(as_text=True)
        assert "Xish" in page and 'hreflang="xx"' in page and "Nederlands" in page
        assert client.get("/start/xx").status_code == 200
        assert client.get("/start/yy").status_code == 404


def test_a_language_the_questionnaire_does_not_offer_is_a_clear_error(home, tmp_path):
    _made_up_language(home)
    shipped = str(ROOT / "questionnaires" / "social-media-audit.yaml")  # nl and en only
    shutil.copy(ROOT / "examples" / "answers" / "studio-noord.yaml", tmp_path / "a.yaml")
    done = _smaudit(home, tmp_path, "report", "a.yaml", "--json", "x.json", "--lang", "xx",
                    "--questionnaire", shipped)
    assert done.returncode == 2
    assert "not written in 'xx'" in done.stderr and "Traceback" not in done.stderr
    done = _smaudit(home, tmp_path, "report", "a.yaml", "--json", "x.json", "--lang", "de")
    assert done.returncode == 2 and "'de' is not one of" in done.stderr
