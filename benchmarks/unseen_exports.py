"""Survey-tool exports built apart from audit/batch/simulate.py, to measure the batch reader on
shapes it was not written against: is every answer read right, or reported, never silently wrong?

Each tool's shape follows what its documentation, issue threads and public parsers show:

- SurveyMonkey (xlsx, csv): two header rows; Respondent ID, Collector ID, Start Date, End Date,
  IP Address, Email Address, First Name, Last Name, Custom Data 1 (Dutch account: localised);
  row 2 "Response" / "Open-Ended Response" over whole-question columns, the option label under
  each option column (question title over the first only), "Other (please specify)"; a Contact
  Information question split in Name / Company / ... columns; "actual answer text" or
  "numerical values" (choice positions); dates mm/dd/yyyy hh:mm:ss AM.
- Typeform (csv, xlsx): "#", questions by title, a multiple choice question as one column per
  choice headed by the bare label plus "Other", yes/no as 1/0, hidden fields, Response Type,
  Start Date (UTC), Stage Date (UTC), Submit Date (UTC), Network ID, Tags; partial responses.
- LimeSurvey (csv with , or ;, xlsx): full question texts, "Question [Option]" per option with
  Yes/Ja (or Y with answer codes), "[Other]"/"[Anders]" text columns; id, submitdate / Date
  submitted, lastpage, startlanguage, seed, startdate, datestamp, ipaddr, refurl (Dutch
  labels too); answer codes (A1, AO01) for single choices in a codes export; partial rows.
- Qualtrics (csv): three header rows (export tags; question texts, "Question - Selected
  Choice", "Question - Option - Text"; {"ImportId": ...}), multi-select comma-joined without
  a space, or split into one column per choice; choice text or numeric recode values.
- Microsoft Forms (xlsx): ID, Start time, Completion time, Email, Name, Last modified time
  (Dutch: ID, Begintijd, Tijd van voltooien, E-mail, Naam, Tijd van laatste wijziging), real
  date cells, multi-select "A;B;" with the typed "other" text as one of the items.
- Google Forms / Sheets (csv): Timestamp / Tijdstempel in the sheet's locale, optional Email
  Address / E-mailadres, checkboxes ", "-joined with the typed other text among them.
- Jotform (csv, xlsx): Submission Date, questions, checkboxes on separate lines, Submission ID.
- Dutch Excel CSV: ';', decimal comma, cp1252 or UTF-8 with BOM, d-m-yyyy dates.

A seed varies: language (nl/en), the tool's interface language, extra metadata columns and
their order, partial responses, a consultant's edits to titles and labels, "other" answers, a
question asked twice by branching, the company question's wording. `score()` compares what
the reader made of a file with the truth, per answer: right, reported, or silently wrong.

    python benchmarks/unseen_exports.py --seeds 20 [--first-seed 9000] [--rows 15]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOOLS = (
    "surveymonkey",
    "surveymonkey-numeric",
    "typeform",
    "limesurvey",
    "limesurvey-codes",
    "qualtrics",
    "qualtrics-numeric",
    "msforms",
    "google",
    "jotform",
    "excel-nl",
)

GIVEN = [
    "Anouk",
    "Bram",
    "Chaima",
    "Dries",
    "Eline",
    "Femke",
    "Gert",
    "Hanne",
    "Ivo",
    "Joke",
    "Kenza",
    "Lieven",
    "Marloes",
    "Nordin",
    "Pieter-Jan",
    "Rik",
    "Sofie",
    "Tom",
]
FAMILY = [
    "Claes",
    "van Dam",
    "Dubois",
    "El Amrani",
    "Goossens",
    "Hendriks",
    "de Backer",
    "Mertens",
    "Smits",
    "Vermeulen",
    "Wuyts",
    "van Leeuwen",
]
FIRM_A = [
    "Slagerij",
    "Houthandel",
    "Reisbureau",
    "Bouwbedrijf",
    "Accountantskantoor",
    "Optiek",
    "Wijnhandel",
    "Schoonmaakbedrijf",
    "Transportbedrijf",
    "Dierenkliniek",
    "Koffiebranderij",
    "Tuincentrum",
    "Zeefdrukkerij",
    "Makelaardij",
]
FIRM_B = [
    "De Linde",
    "Claes & Co",
    "Van Hees, Mol en Partners",
    "Noorderlicht",
    "'t Pleintje",
    "Ter Duinen",
    "Müller",
    "Çelik",
    "Groen; Blauw",
    "De Smet B.V.",
    "Horizon bvba",
    "Zuid",
    "Het Gouden Hoofd",
    "Rozenberg",
]
SECTORS = {
    "nl": ["Bouw", "Detailhandel", "Horeca", "Zakelijke dienstverlening", "Zorg", "Logistiek"],
    "en": ["Construction", "Retail", "Hospitality", "Business services", "Care", "Logistics"],
}
OTHER_PLATFORMS = [
    "Mastodon",
    "Threads",
    "Bluesky",
    "WhatsApp-kanaal",
    "Google Bedrijfsprofiel",
    "Twitch",
    "Mastodon, Bluesky",
    "ons eigen forum",
]
FREE = [
    "Meer aanvragen via de website",
    "Personeel vinden, en houden",
    "Geen idee; daarom vullen we dit in",
    'Klanten zeggen "leuk" maar kopen niets',
    "Omzet +10% in 2 jaar",
    "Beter gevonden worden\nin de regio",
    "Tijd, tijd en nog eens tijd",
    "=Onze eigen webshop",
]
COMPANY_Q = {
    "nl": [
        "Bedrijfsnaam",
        "Naam van uw bedrijf",
        "Voor welk bedrijf vult u dit in?",
        "Naam onderneming",
        "Wat is de naam van jullie organisatie?",
        "Bedrijf of organisatie",
        "Naam van uw zaak",
    ],
    "en": [
        "Company name",
        "Name of your company",
        "Which company are you filling this in for?",
        "Organisation",
        "What is the name of your business?",
        "Company / organisation",
        "Your business name",
    ],
}
CONTACT_Q = {
    "nl": ["Naam van de contactpersoon bij uw bedrijf", "Uw naam", "Contactpersoon", "Wat is uw naam?"],
    "en": ["Name of the contact person at your company", "Your name", "Contact person", "Your full name"],
}
SECTOR_Q = {"nl": ["Sector", "In welke sector is uw bedrijf actief?"], "en": ["Sector", "Industry"]}


# --- the truth ------------------------------------------------------------------------------


@dataclass
class Client:
    company: str
    sector: str
    first: str
    last: str
    email: str
    submitted: dt.datetime
    answers: dict[str, Any]
    other_text: dict[str, str] = field(default_factory=dict)  # qid -> typed "other" text
    partial: bool = False


@dataclass
class Export:
    tool: str
    filename: str
    data: bytes
    lang: str
    clients: dict[int, Client]  # spreadsheet row number -> the truth of that row
    columns: dict[str, list[int]]  # qid (or "company", "date") -> 0-based column indexes
    notes: list[str] = field(default_factory=list)  # the variations this file has
    structure: bytes = b""  # the survey's own file (LimeSurvey .lss, Qualtrics .qsf), when the tool has one
    structure_name: str = "survey.lss"
    table: list[list[Any]] = field(default_factory=list)  # the cells as written, header rows first


def _h(text: str) -> int:
    """A stable number for a text (metadata cells that look like a tool's ids)."""
    import zlib

    return zlib.crc32(text.encode())


def _visible(q: Any, values: dict[str, Any]) -> dict[str, bool]:
    from audit.answers import visible

    return visible(q, values)


def _answer(question: Any, rng: random.Random) -> Any:
    kind = question.type
    if kind == "single":
        return rng.choice([o.value for o in question.options])
    if kind == "multi":
        plain = [o.value for o in question.options if not o.exclusive]
        alone = [o.value for o in question.options if o.exclusive]
        if alone and rng.random() < 0.12:
            return [rng.choice(alone)]
        return rng.sample(plain, rng.randint(1, min(4, len(plain))))
    if kind == "yesno":
        return rng.choice(["yes", "no"])
    if kind == "scale":
        return rng.randint(1, 5)
    if kind == "number":
        if question.whole:
            return rng.choice([0, 1, 1, 2, 3, 4, 6, 12])
        return rng.choice([1, 2, 2.5, 4, 0.5, 8, 12])
    return rng.choice(FREE)


def make_clients(q: Any, rng: random.Random, count: int, partial_share: float) -> list[Client]:
    clients = []
    start = dt.datetime(2026, rng.randint(1, 11), rng.randint(1, 27), 8, 0, 0)
    for n in range(count):
        values: dict[str, Any] = {}
        for question in q.questions:  # conditions see the answers before them
            if not _visible(q, {**values, question.id: None})[question.id]:
                continue
            if not question.required and rng.random() < 0.3:
                continue
            values[question.id] = _answer(question, rng)
        shown = _visible(q, values)
        values = {k: v for k, v in values.items() if shown[k]}
        other: dict[str, str] = {}
        for question in q.questions:
            value = values.get(question.id)
            if value is None or not any(o.value == "other" for o in question.options or []):
                continue
            if rng.random() < 0.35:
                if question.type == "single":
                    values[question.id] = "other"
                elif not any(question.option(v).exclusive for v in value) and "other" not in value:
                    value.append("other")
            if _has("other", values[question.id]):
                other[question.id] = rng.choice(OTHER_PLATFORMS)
        name = f"{rng.choice(FIRM_A)} {rng.choice(FIRM_B)}"
        if rng.random() < 0.3:
            name += f" {n + 1}"
        first, last = rng.choice(GIVEN), rng.choice(FAMILY)
        when = start + dt.timedelta(
            days=n // 3, hours=rng.randint(0, 9), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
        )
        mail = f"{first.lower()}.{last.replace(' ', '').lower()}@example.be"
        clients.append(Client(name, "", first, last, mail, when, values, other))
    for client in clients:
        if rng.random() < partial_share:
            client.partial = True
            kept = rng.randint(3, len(q.questions) // 2)
            ids = [question.id for question in q.questions][:kept]
            client.answers = {k: v for k, v in client.answers.items() if k in ids}
            client.other_text = {k: v for k, v in client.other_text.items() if k in ids}
    return clients


# --- the consultant's edits --------------------------------------------------------------------


def _typo(text: str, rng: random.Random) -> str:
    spots = [i for i in range(3, len(text) - 3) if text[i].isalpha() and text[i + 1].isalpha()]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def edit_title(text: str, rng: random.Random, lang: str) -> str:
    kind = rng.choice(["typo", "suffix", "number", "star", "case", "drop_end"])
    if kind == "typo" and len(text) > 25:
        return _typo(text, rng)
    if kind == "suffix":
        return text + (" (graag invullen)" if lang == "nl" else " (please answer)")
    if kind == "number":
        return f"{rng.randint(2, 40)}. {text}"
    if kind == "star":
        return text + " *"
    if kind == "case":
        return text.upper() if len(text) < 50 else text.lower()
    if kind == "drop_end" and text.endswith("?"):
        return text[:-1]
    return text


def edit_label(text: str, rng: random.Random) -> str:
    kind = rng.choice(["typo", "paren", "quotes", "period", "case"])
    if kind == "typo" and len(text) > 12:
        return _typo(text, rng)
    if kind == "paren" and "(" in text and not text.startswith("("):
        return re.sub(r"\s*\([^)]*\)", "", text).strip()
    if kind == "quotes":
        return text.replace("‘", "'").replace("’", "'")
    if kind == "period":
        return text + "."
    if kind == "case":
        return text[0].lower() + text[1:] if text[0].isupper() else text
    return text


@dataclass
class Texts:
    lang: str
    titles: dict[str, str]
    labels: dict[str, dict[str, str]]

    def label(self, qid: str, value: str) -> str:
        return self.labels[qid][value]


def survey_texts(q: Any, lang: str, rng: random.Random, edits: float) -> Texts:
    """The texts as the survey was built: the questionnaire's own, some edited by a consultant."""
    titles, labels = {}, {}
    for question in q.questions:
        title = question.text.texts.get(lang) or question.text.texts["nl"]
        titles[question.id] = edit_title(title, rng, lang) if rng.random() < edits else title
        labels[question.id] = {}
        for option in question.options or []:
            label = option.label.texts.get(lang) or option.label.texts["nl"]
            labels[question.id][option.value] = edit_label(label, rng) if rng.random() < edits / 2 else label
    return Texts(lang, titles, labels)


def yes_no(value: str, lang: str) -> str:
    return {"nl": {"yes": "Ja", "no": "Nee"}, "en": {"yes": "Yes", "no": "No"}}[lang][value]


# Five labelled points, as survey tools offer them for agreement and frequency scales.
LIKERT = {
    "nl": [
        ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"],
        ["Nooit", "Zelden", "Soms", "Vaak", "Heel vaak"],
        ["Helemaal niet", "Een beetje", "Deels", "Grotendeels", "Volledig"],
    ],
    "en": [
        ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
        ["Never", "Rarely", "Sometimes", "Often", "Very often"],
        ["Not at all", "Slightly", "Partly", "Largely", "Completely"],
    ],
}


def likert_words(question: Any, lang: str) -> list[str] | None:
    """The five labels of a scale whose ends are the question's, if the tool offers such a set."""
    if not question.scale_labels:
        return None
    low, high = [p.strip().lower() for p in question.scale_labels.texts.get(lang, "").split("/")]
    for words in LIKERT[lang]:
        if words[0].lower() == low and words[-1].lower() == high:
            return words
    return None


def statement(question: Any, lang: str) -> str | None:
    """The quoted statement of a question like "Stelling: ‘...’" (a grid row in a survey)."""
    found = re.search(r"‘(.+)’", question.text.texts.get(lang) or "")
    return found.group(1) if found and question.type == "scale" else None


GRID_TITLE = {
    "nl": "In hoeverre bent u het eens met deze stellingen?",
    "en": "How far do you agree with these statements?",
}


def scale_text(question: Any, value: int, lang: str, style: str) -> str:
    """A scale answer as the tool writes it: the number, the number with an end's label, or
    (style "words") every point's own label where the tool has a five-label set for it."""
    if style == "number" or not question.scale_labels:
        return str(value)
    if style == "words" and likert_words(question, lang):
        return likert_words(question, lang)[value - 1]
    low, high = [p.strip() for p in question.scale_labels.texts.get(lang, "").split("/")]
    if value == 1:
        return f"1 - {low}" if style == "numbered" else low.capitalize()
    if value == 5:
        return f"5 - {high}" if style == "numbered" else high.capitalize()
    return str(value)


def number_text(value: Any, decimal_comma: bool) -> str:
    text = str(value)
    return text.replace(".", ",") if decimal_comma else text


def typed_number(question: Any, value: Any, lang: str, c: Client, decimal_comma: bool) -> str:
    """A number typed into a short-text field: now and then with "ca." or the unit."""
    text = number_text(value, decimal_comma)
    if question.type != "number" or _h(c.company + question.id) % 6:
        return text
    unit = (question.unit.texts.get(lang) or "").split(" ")[0] if question.unit else ""
    forms = {
        "nl": [f"ca. {text}", f"ongeveer {text}", f"± {text}", f"{text} {unit}".strip()],
        "en": [f"about {text}", f"approx. {text}", f"± {text}", f"{text} {unit}".strip()],
    }[lang]
    return forms[_h(c.email + question.id) % len(forms)]


# --- writing files ------------------------------------------------------------------------------


def write_csv(
    rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8", bom: bool = False, crlf: bool = True
) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    text = buffer.getvalue()
    data = text.encode(encoding, errors="replace")
    return (b"\xef\xbb\xbf" + data) if bom else data


def write_xlsx(rows: list[list[Any]]) -> bytes:
    return write_xlsx_sheets([("Sheet1", rows)])


def write_xlsx_sheets(sheets: list[tuple[str, list[list[Any]]]]) -> bytes:
    """A workbook with these sheets (title, rows); a value starting with '=' stays text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str) and value.startswith("="):  # text, as the tools write it
                    cell = WriteOnlyCell(sheet, value)
                    cell.data_type = "s"
                    value = cell
                cells.append(None if value == "" else value)
            sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Sheet:
    """Columns built left to right, each remembering which question it carries."""

    def __init__(self, header_rows: int):
        self.headers: list[list[str]] = [[] for _ in range(header_rows)]
        self.cells: list[Any] = []  # per column: function(client) -> cell value
        self.owner: list[str] = []

    def add(self, heads: list[str], cell: Any, owner: str = "") -> None:
        for n, head in enumerate(heads):
            self.headers[n].append(head)
        self.cells.append(cell)
        self.owner.append(owner)

    def table(self, clients: list[Client]) -> list[list[Any]]:
        return [list(h) for h in self.headers] + [[cell(c) for cell in self.cells] for c in clients]

    def shuffle(self, rng: random.Random, start: int) -> None:
        """A consultant moved columns around (from `start` on)."""
        order = list(range(start, len(self.cells)))
        rng.shuffle(order)
        order = list(range(start)) + order
        self.headers = [[h[i] for i in order] for h in self.headers]
        self.cells = [self.cells[i] for i in order]
        self.owner = [self.owner[i] for i in order]

    def branch(self, rng: random.Random, q: Any, clients: list[Client]) -> str:
        """Survey branching asks one question in two places: a second column with the same
        title later on; each respondent's answer stands in one of the two."""
        whole = [
            i
            for i, owner in enumerate(self.owner)
            if owner
            and owner not in ("company", "date")
            and self.owner.count(owner) == 1
            and q.question(owner).type in ("single", "number", "yesno")
        ]
        if not whole:
            return ""
        i = rng.choice(whole)
        second = {id(c) for c in clients if rng.random() < 0.5}
        cell = self.cells[i]
        self.cells[i] = lambda c, cell=cell: "" if id(c) in second else cell(c)
        at = rng.randint(i + 1, len(self.cells))
        for _n, h in enumerate(self.headers):
            h.insert(at, h[i])
        self.cells.insert(at, lambda c, cell=cell: cell(c) if id(c) in second else "")
        self.owner.insert(at, self.owner[i])
        return self.owner[i]

    def columns(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for i, owner in enumerate(self.owner):
            if owner:
                found.setdefault(owner, []).append(i)
        return found


def _company_title(rng: random.Random, lang: str) -> str:
    return rng.choice(COMPANY_Q[lang])


def _get(c: Client, qid: str) -> Any:
    return c.answers.get(qid)


def _other_of(c: Client, qid: str) -> str:
    return c.other_text.get(qid, "") if _has("other", _get(c, qid)) else ""


def _has(value: str, answer: Any) -> bool:
    return answer == value or isinstance(answer, list) and value in answer


# --- the tools ----------------------------------------------------------------------------------


def surveymonkey(q: Any, clients: list[Client], rng: random.Random, lang: str, numeric: bool) -> Export:
    texts = survey_texts(q, lang, rng, 0.2)
    dutch_ui = lang == "nl" and rng.random() < 0.5
    meta = (
        [
            "Respondent-ID",
            "Collector-ID",
            "Begindatum",
            "Einddatum",
            "IP-adres",
            "E-mailadres",
            "Voornaam",
            "Achternaam",
            "Aangepaste gegevens 1",
        ]
        if dutch_ui
        else [
            "Respondent ID",
            "Collector ID",
            "Start Date",
            "End Date",
            "IP Address",
            "Email Address",
            "First Name",
            "Last Name",
            "Custom Data 1",
        ]
    )
    response, open_ended = ("Antwoord", "Open antwoord") if dutch_ui else ("Response", "Open-Ended Response")
    other_head = "Anders (geef op)" if dutch_ui else "Other (please specify)"
    sheet = Sheet(2)
    stamp = "%m/%d/%Y %I:%M:%S %p"
    sheet.add([meta[0], ""], lambda c: str(10_000_000_000 + _h(c.company) % 999_999))
    sheet.add([meta[1], ""], lambda c: "402117359")
    sheet.add([meta[2], ""], lambda c: (c.submitted - dt.timedelta(minutes=14)).strftime(stamp))
    sheet.add([meta[3], ""], lambda c: c.submitted.strftime(stamp), "date")
    sheet.add([meta[4], ""], lambda c: f"81.82.{len(c.company)}.{len(c.last)}")
    sheet.add([meta[5], ""], lambda c: "")
    sheet.add([meta[6], ""], lambda c: "")
    sheet.add([meta[7], ""], lambda c: "")
    sheet.add([meta[8], ""], lambda c: "")
    if rng.random() < 0.5:  # a Contact Information question: Company is one of its fields
        subs = (
            ["Naam", "Bedrijf", "Adres", "Woonplaats", "E-mailadres", "Telefoonnummer"]
            if dutch_ui
            else ["Name", "Company", "Address", "City/Town", "Email Address", "Phone Number"]
        )
        title = "Contactgegevens" if lang == "nl" else "Contact information"
        sheet.add([title, subs[0]], lambda c: f"{c.first} {c.last}")
        sheet.add(["", subs[1]], lambda c: c.company, "company")
        sheet.add(["", subs[2]], lambda c: "Kerkstraat 4")
        sheet.add(["", subs[3]], lambda c: "Mechelen")
        sheet.add(["", subs[4]], lambda c: c.email)
        sheet.add(["", subs[5]], lambda c: "+32 15 00 00 00")
    else:
        sheet.add([_company_title(rng, lang), open_ended], lambda c: c.company, "company")
    matrix = rng.random() < 0.5
    matrix_style = rng.choice(["number", "words"])
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]
        # numerical values: the choice's place; "Other (please specify)" is a text box, not a choice
        positions = {
            o.value: n for n, o in enumerate([o for o in question.options or [] if o.value != "other"], 1)
        }
        if any(o.value == "other" for o in question.options or []):
            positions["other"] = 0
        if question.type == "multi":
            for n, option in enumerate(question.options):
                if option.value == "other":
                    sheet.add(["" if n else title, other_head], lambda c, qid=qid: _other_of(c, qid), qid)
                    continue

                def tick(
                    c: Client, qid: str = qid, v: str = option.value, positions: dict = positions
                ) -> str:
                    if not _has(v, _get(c, qid)):
                        return ""
                    return str(positions[v]) if numeric else texts.label(qid, v)

                sheet.add(["" if n else title, texts.label(qid, option.value)], tick, qid)
        elif question.type == "single":

            def single(c: Client, qid: str = qid, positions: dict = positions) -> str:
                value = _get(c, qid)
                if value is None or value == "other":
                    return ""
                return str(positions[value]) if numeric else texts.label(qid, value)

            sheet.add([title, response], single, qid)
            if "other" in positions:
                sheet.add(["", other_head], lambda c, qid=qid: _other_of(c, qid), qid)
        elif question.type == "yesno":
            sheet.add(
                [title, response],
                lambda c, qid=qid: (
                    ""
                    if _get(c, qid) is None
                    else (("1" if _get(c, qid) == "yes" else "2") if numeric else yes_no(_get(c, qid), lang))
                ),
                qid,
            )
        elif question.type == "scale" and matrix and statement(question, lang):
            # A matrix: the title over its first statement column, each statement in row 2.
            first = not any(h == GRID_TITLE[lang] for h in sheet.headers[0])
            sheet.add(
                [GRID_TITLE[lang] if first else "", statement(question, lang)],
                lambda c, qid=qid, question=question: (
                    ""
                    if _get(c, qid) is None
                    else scale_text(question, _get(c, qid), lang, "number" if numeric else matrix_style)
                ),
                qid,
            )
        elif question.type == "scale":
            style = rng.choice(["number", "numbered"])
            sheet.add(
                [title, response],
                lambda c, qid=qid, question=question, style=style: (
                    "" if _get(c, qid) is None else scale_text(question, _get(c, qid), lang, style)
                ),
                qid,
            )
        else:
            sheet.add(
                [title, open_ended],
                lambda c, qid=qid: "" if _get(c, qid) is None else number_text(_get(c, qid), False),
                qid,
            )
    rows = sheet.table(clients)
    as_xlsx = rng.random() < 0.5
    data = write_xlsx(rows) if as_xlsx else write_csv(rows, bom=rng.random() < 0.5)
    name = "surveymonkey" + ("-numeriek" if numeric else "") + (".xlsx" if as_xlsx else ".csv")
    tool = "surveymonkey-numeric" if numeric else "surveymonkey"
    return Export(
        tool,
        name,
        data,
        lang,
        _numbered(clients, 3),
        sheet.columns(),
        [f"dutch ui {dutch_ui}", "xlsx" if as_xlsx else "csv"],
        table=rows,
    )


def typeform(q: Any, clients: list[Client], rng: random.Random, lang: str) -> Export:
    texts = survey_texts(q, lang, rng, 0.2)
    sheet = Sheet(1)
    sheet.add(["#"], lambda c: f"{_h(c.email):032x}"[:32])
    sheet.add([_company_title(rng, lang)], lambda c: c.company, "company")
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]
        if question.type == "multi":
            for option in question.options:
                if option.value == "other":
                    sheet.add(["Other"], lambda c, qid=qid: _other_of(c, qid), qid)
                else:
                    label = texts.label(qid, option.value)
                    sheet.add(
                        [label],
                        lambda c, qid=qid, v=option.value, label=label: (
                            label if _has(v, _get(c, qid)) else ""
                        ),
                        qid,
                    )
        elif question.type == "single":

            def single(c: Client, qid: str = qid) -> str:
                value = _get(c, qid)
                if value is None:
                    return ""
                return _other_of(c, qid) if value == "other" else texts.label(qid, value)

            sheet.add([title], single, qid)
        elif question.type == "yesno":
            sheet.add(
                [title],
                lambda c, qid=qid: "" if _get(c, qid) is None else ("1" if _get(c, qid) == "yes" else "0"),
                qid,
            )
        else:
            sheet.add(
                [title],
                lambda c, qid=qid: "" if _get(c, qid) is None else number_text(_get(c, qid), False),
                qid,
            )
    branched = sheet.branch(rng, q, clients) if rng.random() < 0.3 else ""
    hidden = rng.sample(["utm_source", "klant_id", "campagne"], rng.randint(0, 2))
    for name in hidden:
        sheet.add([name], lambda c, name=name: "nieuwsbrief" if name != "klant_id" else str(len(c.company)))
    fmt = "%Y-%m-%d %H:%M:%S"
    if rng.random() < 0.5:
        sheet.add(["Response Type"], lambda c: "partial" if c.partial else "completed")
    sheet.add(["Start Date (UTC)"], lambda c: (c.submitted - dt.timedelta(minutes=9)).strftime(fmt))
    if rng.random() < 0.5:
        sheet.add(["Stage Date (UTC)"], lambda c: c.submitted.strftime(fmt) if c.partial else "")
    sheet.add(["Submit Date (UTC)"], lambda c: "" if c.partial else c.submitted.strftime(fmt), "date")
    sheet.add(["Network ID"], lambda c: f"{_h(c.last):010x}"[:10])
    sheet.add(["Tags"], lambda c: "")
    rows = sheet.table(clients)
    as_xlsx = rng.random() < 0.4
    data = write_xlsx(rows) if as_xlsx else write_csv(rows, crlf=False)
    return Export(
        "typeform",
        "typeform" + (".xlsx" if as_xlsx else ".csv"),
        data,
        lang,
        _numbered(clients, 2),
        sheet.columns(),
        [f"hidden {hidden}", f"branched {branched}"],
        table=rows,
    )


LIME_META = {
    "codes": [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
    ],
    "en": [
        "Response ID",
        "Date submitted",
        "Last page",
        "Start language",
        "Seed",
        "Date started",
        "Date last action",
        "IP address",
        "Referrer URL",
    ],
    "nl": [
        "Antwoord ID",
        "Datum verstuurd",
        "Laatste pagina",
        "Starttaal",
        "Seed",
        "Datum gestart",
        "Datum laatste actie",
        "IP-adres",
        "Verwijzende URL",
    ],
}


def limesurvey(
    q: Any, clients: list[Client], rng: random.Random, lang: str, codes: bool, heading: str = ""
) -> Export:
    """`codes`: answers as codes (Y for a ticked option, A1.. for a single choice), headers
    'code. Question text'; else full answers and full question texts. `heading` forces the
    headings option (full, code_text, codes) whatever the answers are."""
    texts = survey_texts(q, lang, rng, 0.15)
    meta = LIME_META[rng.choice(["codes", lang])]
    sheet = Sheet(1)
    fmt = "%Y-%m-%d %H:%M:%S"
    pages = len(q.questions) // 5 + 1
    sheet.add([meta[0]], lambda c: str(len(c.company) * 7))
    sheet.add([meta[1]], lambda c: "" if c.partial else c.submitted.strftime(fmt), "date")
    sheet.add([meta[2]], lambda c: str(2 if c.partial else pages))
    sheet.add([meta[3]], lambda c: lang)
    sheet.add([meta[4]], lambda c: str(_h(c.first) % 10**9))
    sheet.add([meta[5]], lambda c: (c.submitted - dt.timedelta(minutes=20)).strftime(fmt))
    sheet.add([meta[6]], lambda c: c.submitted.strftime(fmt))
    if rng.random() < 0.5:
        sheet.add([meta[7]], lambda c: "")
        sheet.add([meta[8]], lambda c: "")
    yes_word = {"nl": "Ja", "en": "Yes"}[lang]
    other_word = {"nl": "Anders", "en": "Other"}[lang]
    style = heading or (rng.choice(["full", "code_text", "codes"]) if codes else "full")
    lss = Lss(lang)

    def head(code: str, title: str, sub: str = "", option: str = "") -> str:
        text = f"{title} [{option}]" if option else title
        if style == "code_text":
            return f"{code}[{sub}]. {text}" if sub else f"{code}. {text}"
        if style == "codes":
            return f"{code}[{sub}]" if sub else code
        return text

    company_code = "bedrijf"
    company_title = _company_title(rng, lang)
    lss.question(company_code, "S", company_title)
    sheet.add([head(company_code, company_title)], lambda c: c.company, "company")
    for n, question in enumerate(q.questions, 1):
        qid, title = question.id, texts.titles[question.id]
        code = f"G{1 + n // 8}Q{n:03d}"
        positions = {o.value: f"A{k}" for k, o in enumerate(question.options or [], 1)}
        kind = {"single": "L", "multi": "M", "yesno": "Y", "scale": "5", "number": "N"}.get(
            question.type, "T"
        )
        has_other = "other" in positions
        parent = lss.question(code, kind, title, other=has_other)
        for option in question.options or []:
            if option.value == "other":
                continue
            if question.type == "multi":
                lss.sub(parent, f"SQ{int(positions[option.value][1:]):03d}", texts.label(qid, option.value))
            else:
                lss.answer(parent, positions[option.value], texts.label(qid, option.value))
        if question.type == "multi":
            for k, option in enumerate(question.options, 1):
                if option.value == "other":
                    sheet.add(
                        [head(code, title, "other", other_word)], lambda c, qid=qid: _other_of(c, qid), qid
                    )
                    continue
                sheet.add(
                    [head(code, title, f"SQ{k:03d}", texts.label(qid, option.value))],
                    lambda c, qid=qid, v=option.value: (
                        ("Y" if codes else yes_word) if _has(v, _get(c, qid)) else ""
                    ),
                    qid,
                )
        elif question.type == "single":

            def single(c: Client, qid: str = qid, positions: dict = positions) -> str:
                value = _get(c, qid)
                if value is None:
                    return ""
                if value == "other":
                    return "-oth-" if codes else other_word
                return positions[value] if codes else texts.label(qid, value)

            sheet.add([head(code, title)], single, qid)
            if "other" in positions:
                sheet.add([head(code, title, "other", other_word)], lambda c, qid=qid: _other_of(c, qid), qid)
        elif question.type == "yesno":
            sheet.add(
                [head(code, title)],
                lambda c, qid=qid: (
                    ""
                    if _get(c, qid) is None
                    else (("Y" if _get(c, qid) == "yes" else "N") if codes else yes_no(_get(c, qid), lang))
                ),
                qid,
            )
        else:
            sheet.add(
                [head(code, title)],
                lambda c, qid=qid: "" if _get(c, qid) is None else number_text(_get(c, qid), False),
                qid,
            )
    rows = sheet.table(clients)
    kind = rng.choice(["csv", "csv;", "xlsx"])
    data = write_xlsx(rows) if kind == "xlsx" else write_csv(rows, ";" if kind == "csv;" else ",")
    tool = "limesurvey-codes" if codes else "limesurvey"
    return Export(
        tool,
        f"results-survey{rng.randint(100000, 999999)}." + kind.rstrip(";"),
        data,
        lang,
        _numbered(clients, 2),
        sheet.columns(),
        [kind, style, f"meta {meta[1]}"],
        lss.xml() if codes or style != "full" else b"",
        table=rows,
    )


class Lss:
    """A LimeSurvey 5/6 survey structure file (.lss) for the generated survey: questions,
    subquestions and answers with their texts in the *_l10ns sections."""

    def __init__(self, lang: str):
        self.lang = lang
        self.questions: list[dict[str, str]] = []
        self.subquestions: list[dict[str, str]] = []
        self.question_texts: list[dict[str, str]] = []
        self.answers: list[dict[str, str]] = []
        self.answer_texts: list[dict[str, str]] = []

    def question(self, code: str, kind: str, text: str, other: bool = False) -> str:
        qid = str(100 + len(self.questions) + len(self.subquestions))
        self.questions.append(
            {
                "qid": qid,
                "parent_qid": "0",
                "sid": "482913",
                "gid": "7",
                "type": kind,
                "title": code,
                "other": "Y" if other else "N",
                "mandatory": "N",
                "question_order": str(len(self.questions)),
                "scale_id": "0",
            }
        )
        self.question_texts.append(
            {"id": qid, "qid": qid, "question": f"<p>{_xml(text)}</p>", "help": "", "language": self.lang}
        )
        return qid

    def sub(self, parent: str, code: str, text: str) -> None:
        qid = str(100 + len(self.questions) + len(self.subquestions))
        self.subquestions.append(
            {
                "qid": qid,
                "parent_qid": parent,
                "sid": "482913",
                "gid": "7",
                "type": "T",
                "title": code,
                "other": "N",
                "mandatory": "",
                "question_order": "1",
                "scale_id": "0",
            }
        )
        self.question_texts.append(
            {"id": qid, "qid": qid, "question": _xml(text), "help": "", "language": self.lang}
        )

    def answer(self, qid: str, code: str, text: str) -> None:
        aid = str(500 + len(self.answers))
        self.answers.append(
            {
                "aid": aid,
                "qid": qid,
                "code": code,
                "sortorder": code[1:],
                "assessment_value": "0",
                "scale_id": "0",
            }
        )
        self.answer_texts.append({"id": aid, "aid": aid, "answer": _xml(text), "language": self.lang})

    def xml(self) -> bytes:
        def section(name: str, rows: list[dict[str, str]]) -> str:
            if not rows:
                return f"<{name}/>"
            fields = "".join(f"<fieldname>{k}</fieldname>" for k in rows[0])
            body = "".join(
                "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in row.items()) + "</row>"
                for row in rows
            )
            return f"<{name}><fields>{fields}</fields><rows>{body}</rows></{name}>"

        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            "<document>",
            "<LimeSurveyDocType>Survey</LimeSurveyDocType>",
            "<DBVersion>624</DBVersion>",
            f"<languages><language>{self.lang}</language></languages>",
            section("answers", self.answers),
            section("answer_l10ns", self.answer_texts),
            section("questions", self.questions),
            section("subquestions", self.subquestions),
            section("question_l10ns", self.question_texts),
            "</document>",
        ]
        return "\n".join(parts).encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def qualtrics(q: Any, clients: list[Client], rng: random.Random, lang: str, numeric: bool) -> Export:
    texts = survey_texts(q, lang, rng, 0.15)
    split = rng.random() < 0.5
    sheet = Sheet(3)
    fmt = "%Y-%m-%d %H:%M:%S"
    zone = "Europe/Brussels" if rng.random() < 0.5 else "Europe/Amsterdam"

    def meta(name: str, text: str, import_id: str, cell: Any, owner: str = "", timed: bool = False) -> None:
        ident = {"ImportId": import_id, **({"timeZone": zone} if timed else {})}
        sheet.add([name, text, json.dumps(ident, separators=(",", ":"))], cell, owner)

    meta(
        "StartDate",
        "Start Date",
        "startDate",
        lambda c: (c.submitted - dt.timedelta(minutes=11)).strftime(fmt),
        timed=True,
    )
    meta("EndDate", "End Date", "endDate", lambda c: c.submitted.strftime(fmt), timed=True)
    meta("Status", "Response Type", "status", lambda c: "IP Address")
    meta("IPAddress", "IP Address", "ipAddress", lambda c: f"84.195.1.{len(c.company)}")
    meta("Progress", "Progress", "progress", lambda c: "45" if c.partial else "100")
    meta("Duration (in seconds)", "Duration (in seconds)", "duration", lambda c: "655")
    meta("Finished", "Finished", "finished", lambda c: "False" if c.partial else "True")
    meta("RecordedDate", "Recorded Date", "recordedDate", lambda c: c.submitted.strftime(fmt), "date", True)
    meta("ResponseId", "Response ID", "_recordId", lambda c: f"R_{_h(c.email):x}"[:17])
    meta("RecipientLastName", "Recipient Last Name", "recipientLastName", lambda c: "")
    meta("RecipientFirstName", "Recipient First Name", "recipientFirstName", lambda c: "")
    meta("RecipientEmail", "Recipient Email", "recipientEmail", lambda c: "")
    meta("ExternalReference", "External Data Reference", "externalDataReference", lambda c: "")
    meta("LocationLatitude", "Location Latitude", "locationLatitude", lambda c: "51.0259")
    meta("LocationLongitude", "Location Longitude", "locationLongitude", lambda c: "4.4775")
    meta("DistributionChannel", "Distribution Channel", "distributionChannel", lambda c: "anonymous")
    meta("UserLanguage", "User Language", "userLanguage", lambda c: lang.upper())
    for name in rng.sample(
        ["Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDFraudScore", "utm_source", "Q_URL"],
        rng.randint(0, 3),
    ):  # embedded data and Qualtrics' own fields
        meta(
            name,
            name,
            name,
            lambda c, name=name: "0.9" if "Score" in name else ("false" if "Dup" in name else "x"),
        )
    sheet.add(["Q1", _company_title(rng, lang), '{"ImportId":"QID1_TEXT"}'], lambda c: c.company, "company")
    matrix = rng.random() < 0.5
    grid_tag = ""
    qsf = Qsf(lang)
    qsf.question("Q1", "TE", _company_title(rng, lang))
    for n, question in enumerate(q.questions, 2):
        qid, title = question.id, texts.titles[question.id]
        tag = f"Q{n}"
        if question.type == "yesno":
            order, shown = ["yes", "no"], {"yes": yes_no("yes", lang), "no": yes_no("no", lang)}
        elif question.type == "scale" and not (matrix and statement(question, lang)):
            style = "number" if numeric else rng.choice(["number", "numbered", "words"])
            order = [1, 2, 3, 4, 5]
            shown = {p: scale_text(question, p, lang, style) for p in order}
        else:
            order = [o.value for o in question.options or []]
            shown = {v: texts.label(qid, v) for v in order}
        ids = choice_ids(order, rng)  # value -> the choice's id in the survey
        recode = recodes(ids, rng)  # value -> what a numeric export writes
        has_other = "other" in ids
        if question.type == "multi":
            qsf.question(tag, "MC", title, "MAVR", {ids[v]: shown[v] for v in order}, recode_map(ids, recode))
        elif (
            question.type in ("single", "yesno")
            or question.type == "scale"
            and not (matrix and statement(question, lang))
        ):
            qsf.question(tag, "MC", title, "SAVR", {ids[v]: shown[v] for v in order}, recode_map(ids, recode))
        if question.type == "multi" and split:
            for option in question.options:
                k = ids[option.value]
                label = texts.label(qid, option.value)
                sheet.add(
                    [f"{tag}_{k}", f"{title} - {label}", json.dumps({"ImportId": f"QID{n}_{k}"})],
                    lambda c, qid=qid, v=option.value, label=label: (
                        ("1" if numeric else label) if _has(v, _get(c, qid)) else ""
                    ),
                    qid,
                )
                if option.value == "other":
                    sheet.add(
                        [
                            f"{tag}_{k}_TEXT",
                            f"{title} - {label} - Text",
                            json.dumps({"ImportId": f"QID{n}_{k}_TEXT"}),
                        ],
                        lambda c, qid=qid: _other_of(c, qid),
                        qid,
                    )
            continue
        if (
            question.type in ("multi", "single", "yesno")
            or question.type == "scale"
            and not (matrix and statement(question, lang))
        ):

            def chosen(c: Client, qid: str = qid, recode: dict = recode, shown: dict = shown) -> str:
                value = _get(c, qid)
                if value is None:
                    return ""
                values = value if isinstance(value, list) else [value]
                return ",".join(recode[v] if numeric else shown[v] for v in values)

            sheet.add(
                [
                    tag,
                    f"{title} - Selected Choice" if has_other else title,
                    json.dumps({"ImportId": f"QID{n}"}),
                ],
                chosen,
                qid,
            )
            if has_other:
                k = ids["other"]
                sheet.add(
                    [
                        f"{tag}_{k}_TEXT",
                        f"{title} - {texts.label(qid, 'other')} - Text",
                        json.dumps({"ImportId": f"QID{n}_{k}_TEXT"}),
                    ],
                    lambda c, qid=qid: _other_of(c, qid),
                    qid,
                )
        elif question.type == "scale":
            # A matrix question: Q<m>_<k> per statement, "Title - statement" in row 2.
            grid_tag = grid_tag or tag
            k = sum(1 for name in sheet.headers[0] if name.startswith(grid_tag + "_")) + 1
            words = likert_words(question, lang) or [str(p) for p in range(1, 6)]
            answer_recode = (
                {str(p): str(6 - p) for p in range(1, 6)}
                if grid_tag == tag and rng.random() < 0.3
                else qsf.matrix_recodes.get(grid_tag, {})
            )
            qsf.matrix_row(
                grid_tag, GRID_TITLE[lang], str(k), statement(question, lang), words, answer_recode
            )
            sheet.add(
                [
                    f"{grid_tag}_{k}",
                    f"{GRID_TITLE[lang]} - {statement(question, lang)}",
                    json.dumps({"ImportId": f"QID{grid_tag[1:]}_{k}"}),
                ],
                lambda c, qid=qid, question=question, tag=grid_tag: (
                    ""
                    if _get(c, qid) is None
                    else (
                        qsf.matrix_recodes[tag].get(str(_get(c, qid)), str(_get(c, qid)))
                        if numeric
                        else scale_text(question, _get(c, qid), lang, "words")
                    )
                ),
                qid,
            )
        else:
            qsf.question(tag, "TE", title)
            sheet.add(
                [f"{tag}", title, json.dumps({"ImportId": f"QID{n}_TEXT"})],
                lambda c, qid=qid: "" if _get(c, qid) is None else number_text(_get(c, qid), False),
                qid,
            )
    rows = sheet.table(clients)
    data = write_csv(rows, bom=True)
    tool = "qualtrics-numeric" if numeric else "qualtrics"
    return Export(
        tool,
        "Social media audit_30 november 2026_10.22.csv",
        data,
        lang,
        _numbered(clients, 4),
        sheet.columns(),
        [f"split {split}", f"matrix {matrix}"],
        qsf.json() if numeric else b"",
        "survey.qsf",
        table=rows,
    )


def choice_ids(order: list[Any], rng: random.Random) -> dict[Any, str]:
    """The ids Qualtrics gave the choices: 1..n, unless one was deleted and made again (then
    it has the next free id) or the choices were moved around."""
    ids = {v: str(k) for k, v in enumerate(order, 1)}
    if order and rng.random() < 0.3:
        ids[rng.choice(order)] = str(len(order) + 1)
    return ids


def recodes(ids: dict[Any, str], rng: random.Random) -> dict[Any, str]:
    """What a numeric export writes per choice: its id, or recode values the consultant set
    (numbered in order, from 0, or reversed)."""
    kind = rng.choice(["id", "id", "order", "zero", "reversed"])
    order = list(ids)
    if kind == "order":
        return {v: str(n) for n, v in enumerate(order, 1)}
    if kind == "zero":
        return {v: str(n) for n, v in enumerate(order)}
    if kind == "reversed":
        return {v: str(len(order) - n) for n, v in enumerate(order)}
    return dict(ids)


def recode_map(ids: dict[Any, str], recode: dict[Any, str]) -> dict[str, str]:
    return {ids[v]: recode[v] for v in ids} if any(ids[v] != recode[v] for v in ids) else {}


class Qsf:
    """A Qualtrics survey file (.qsf, JSON): one SQ element per question with its export tag,
    choices by id, their order and recode values."""

    def __init__(self, lang: str):
        self.lang = lang
        self.elements: list[dict[str, Any]] = []
        self.matrices: dict[str, dict[str, Any]] = {}
        self.matrix_recodes: dict[str, dict[str, str]] = {}

    def question(
        self,
        tag: str,
        kind: str,
        text: str,
        selector: str = "SL",
        choices: dict[str, str] | None = None,
        recode: dict[str, str] | None = None,
    ) -> None:
        payload: dict[str, Any] = {
            "QuestionText": f"<p>{text}</p>",
            "DataExportTag": tag,
            "QuestionType": kind,
            "Selector": selector,
            "QuestionID": f"QID{len(self.elements) + 1}",
        }
        if choices is not None:
            payload["Choices"] = {k: {"Display": v} for k, v in choices.items()}
            payload["ChoiceOrder"] = list(choices)
            if recode:
                payload["RecodeValues"] = recode
        self.elements.append(
            {
                "SurveyID": "SV_3xQ7",
                "Element": "SQ",
                "PrimaryAttribute": payload["QuestionID"],
                "SecondaryAttribute": text[:99],
                "TertiaryAttribute": None,
                "Payload": payload,
            }
        )

    def matrix_row(
        self, tag: str, title: str, key: str, text: str, words: list[str], recode: dict[str, str]
    ) -> None:
        if tag not in self.matrices:
            payload = {
                "QuestionText": title,
                "DataExportTag": tag,
                "QuestionType": "Matrix",
                "Selector": "Likert",
                "SubSelector": "SingleAnswer",
                "QuestionID": f"QID{len(self.elements) + 1}",
                "Choices": {},
                "Answers": {str(p): {"Display": w} for p, w in enumerate(words, 1)},
            }
            if recode:
                payload["RecodeValues"] = recode
            self.matrix_recodes[tag] = recode
            self.matrices[tag] = payload
            self.elements.append(
                {
                    "SurveyID": "SV_3xQ7",
                    "Element": "SQ",
                    "PrimaryAttribute": payload["QuestionID"],
                    "SecondaryAttribute": title,
                    "TertiaryAttribute": None,
                    "Payload": payload,
                }
            )
        self.matrices[tag]["Choices"][key] = {"Display": text}

    def json(self) -> bytes:
        survey = {
            "SurveyEntry": {
                "SurveyID": "SV_3xQ7",
                "SurveyName": "Social media audit",
                "SurveyLanguage": self.lang.upper(),
            },
            "SurveyElements": [
                {"SurveyID": "SV_3xQ7", "Element": "BL", "PrimaryAttribute": "Survey Blocks", "Payload": []},
                *self.elements,
            ],
        }
        return json.dumps(survey, ensure_ascii=False).encode("utf-8")


def msforms(q: Any, clients: list[Client], rng: random.Random, lang: str) -> Export:
    texts = survey_texts(q, lang, rng, 0.2)
    dutch_ui = lang == "nl" and rng.random() < 0.7
    meta = (
        ["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Tijd van laatste wijziging"]
        if dutch_ui
        else ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
    )
    sheet = Sheet(1)
    anonymous = rng.random() < 0.4
    sheet.add([meta[0]], lambda c: len(c.company))
    sheet.add([meta[1]], lambda c: c.submitted - dt.timedelta(minutes=8))
    sheet.add([meta[2]], lambda c: c.submitted, "date")
    sheet.add([meta[3]], lambda c: "anonymous" if anonymous else c.email)
    sheet.add([meta[4]], lambda c: "" if anonymous else f"{c.first} {c.last}")
    if rng.random() < 0.6:
        sheet.add([meta[5]], lambda c: "")
    sheet.add([_company_title(rng, lang)], lambda c: c.company, "company")
    likert = rng.random() < 0.5  # scales as a Likert question: a column per statement, the labels
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]
        if likert and statement(question, lang):
            title = statement(question, lang)

        def cell(c: Client, qid: str = qid, question: Any = question) -> Any:
            value = _get(c, qid)
            if value is None:
                return ""
            if question.type == "scale" and likert:
                return scale_text(question, value, lang, "words")
            if question.type == "multi":
                items = [_other_of(c, qid) if v == "other" else texts.label(qid, v) for v in value]
                return "".join(f"{item};" for item in items)
            if question.type == "single":
                return _other_of(c, qid) if value == "other" else texts.label(qid, value)
            if question.type == "yesno":
                return yes_no(value, lang)
            if question.type in ("scale", "number"):
                return value
            return value

        sheet.add([title], cell, qid)
    branched = sheet.branch(rng, q, clients) if rng.random() < 0.4 else ""
    rows = sheet.table(clients)
    return Export(
        "msforms",
        f"Social media audit(1-{len(clients)}).xlsx",
        write_xlsx(rows),
        lang,
        _numbered(clients, 2),
        sheet.columns(),
        [f"dutch ui {dutch_ui}", f"anonymous {anonymous}", f"branched {branched}", f"likert {likert}"],
        table=rows,
    )


def google(q: Any, clients: list[Client], rng: random.Random, lang: str) -> Export:
    texts = survey_texts(q, lang, rng, 0.2)
    locale = rng.choice(["us", "nl", "be", "forms"])
    fmt = {
        "us": "%m/%d/%Y %H:%M:%S",
        "nl": "%d-%m-%Y %H:%M:%S",
        "be": "%d/%m/%Y %H:%M:%S",
        "forms": "%Y/%m/%d %I:%M:%S %p GMT+1",
    }[locale]
    sheet = Sheet(1)
    sheet.add(
        ["Tijdstempel" if locale in ("nl", "be") else "Timestamp"],
        lambda c: (
            c.submitted.strftime(fmt).replace(" 0", " ") if locale == "us" else c.submitted.strftime(fmt)
        ),
        "date",
    )
    if rng.random() < 0.5:
        sheet.add(["E-mailadres" if locale in ("nl", "be") else "Email Address"], lambda c: c.email)
    if rng.random() < 0.5:  # the respondent's own name, asked before the company
        sheet.add([rng.choice(CONTACT_Q[lang])], lambda c: f"{c.first} {c.last}")
    sheet.add([_company_title(rng, lang)], lambda c: c.company, "company")
    grid = rng.random() < 0.5  # the statements as one grid: "Title [statement]", 1-5 or labels
    words = grid and rng.random() < 0.5
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]
        if grid and statement(question, lang):
            title = f"{GRID_TITLE[lang]} [{statement(question, lang)}]"

        def cell(c: Client, qid: str = qid, question: Any = question) -> str:
            value = _get(c, qid)
            if value is None:
                return ""
            if question.type == "scale":
                return scale_text(question, value, lang, "words" if words else "number")
            if question.type == "multi":
                return ", ".join(_other_of(c, qid) if v == "other" else texts.label(qid, v) for v in value)
            if question.type == "single":
                return _other_of(c, qid) if value == "other" else texts.label(qid, value)
            if question.type == "yesno":
                return yes_no(value, lang)
            return typed_number(question, value, lang, c, locale in ("nl", "be"))

        sheet.add([title], cell, qid)
    branched = sheet.branch(rng, q, clients) if rng.random() < 0.4 else ""
    rows = sheet.table(clients)
    return Export(
        "google",
        "Social media audit (antwoorden) - Formulierreacties 1.csv",
        write_csv(rows),
        lang,
        _numbered(clients, 2),
        sheet.columns(),
        [f"locale {locale}", f"branched {branched}", f"grid {grid} words {words}"],
        table=rows,
    )


def jotform(q: Any, clients: list[Client], rng: random.Random, lang: str) -> Export:
    texts = survey_texts(q, lang, rng, 0.2)
    sheet = Sheet(1)
    fmt = rng.choice(["%Y-%m-%d %H:%M:%S", "%b %d, %Y"])
    sheet.add(["Submission Date"], lambda c: c.submitted.strftime(fmt), "date")
    if rng.random() < 0.5:
        sheet.add([rng.choice(CONTACT_Q[lang])], lambda c: f"{c.first} {c.last}")
    sheet.add([_company_title(rng, lang)], lambda c: c.company, "company")
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]

        def cell(c: Client, qid: str = qid, question: Any = question) -> str:
            value = _get(c, qid)
            if value is None:
                return ""
            if question.type == "multi":
                return "\n".join(_other_of(c, qid) if v == "other" else texts.label(qid, v) for v in value)
            if question.type == "single":
                return _other_of(c, qid) if value == "other" else texts.label(qid, value)
            if question.type == "yesno":
                return yes_no(value, lang)
            return typed_number(question, value, lang, c, False)

        sheet.add([title], cell, qid)
    sheet.add(["Submission ID"], lambda c: str(5_800_000_000_000_000_000 + len(c.company)))
    if rng.random() < 0.5:
        sheet.add(["Submission IP"], lambda c: f"94.224.3.{len(c.last)}")
    branched = sheet.branch(rng, q, clients) if rng.random() < 0.4 else ""
    rows = sheet.table(clients)
    as_xlsx = rng.random() < 0.4
    data = write_xlsx(rows) if as_xlsx else write_csv(rows)
    return Export(
        "jotform",
        "Social_media_audit" + (".xlsx" if as_xlsx else ".csv"),
        data,
        lang,
        _numbered(clients, 2),
        sheet.columns(),
        [f"branched {branched}"],
        table=rows,
    )


def excel_nl(q: Any, clients: list[Client], rng: random.Random, lang: str) -> Export:
    texts = survey_texts(q, "nl", rng, 0.25)
    sheet = Sheet(1)
    sheet.add([rng.choice(["Bedrijfsnaam", "Klant", "Organisatie"])], lambda c: c.company, "company")
    sheet.add([rng.choice(["Datum", "Datum gesprek"])], lambda c: c.submitted.strftime("%-d-%-m-%Y"), "date")
    sheet.add(["Contactpersoon"], lambda c: f"{c.first} {c.last}")
    sep = rng.choice(["; ", ", "])
    for question in q.questions:
        qid, title = question.id, texts.titles[question.id]

        def cell(c: Client, qid: str = qid, question: Any = question) -> str:
            value = _get(c, qid)
            if value is None:
                return ""
            if question.type == "multi":
                return sep.join(
                    f"Anders: {_other_of(c, qid)}" if v == "other" else texts.label(qid, v) for v in value
                )
            if question.type == "single":
                return f"Anders: {_other_of(c, qid)}" if value == "other" else texts.label(qid, value)
            if question.type == "yesno":
                return yes_no(value, "nl")
            return typed_number(question, value, "nl", c, True)

        sheet.add([title], cell, qid)
    moved = rng.random() < 0.5
    if moved:
        sheet.shuffle(rng, 0)
    rows = sheet.table(clients)
    encoding = rng.choice(["cp1252", "utf-8"])
    return Export(
        "excel-nl",
        "klanten.csv",
        write_csv(rows, ";", encoding, bom=encoding == "utf-8"),
        "nl",
        _numbered(clients, 2),
        sheet.columns(),
        [encoding, f"sep {sep!r}", f"columns moved {moved}"],
        table=rows,
    )


def _numbered(clients: list[Client], first_row: int) -> dict[int, Client]:
    return {first_row + n: c for n, c in enumerate(clients)}


def make(q: Any, tool: str, seed: int, rows: int = 15, heading: str = "") -> Export:
    """One export of `tool`, fully decided by `seed` (`heading`: LimeSurvey's headings option)."""
    rng = random.Random(f"{tool}:{seed}")
    lang = "nl" if tool == "excel-nl" or rng.random() < 0.6 else "en"
    partial = 0.15 if tool in ("typeform", "limesurvey", "limesurvey-codes", "qualtrics") else 0.0
    clients = make_clients(q, rng, rows, partial)
    if tool in ("surveymonkey", "surveymonkey-numeric"):
        return surveymonkey(q, clients, rng, lang, tool.endswith("numeric"))
    if tool in ("qualtrics", "qualtrics-numeric"):
        return qualtrics(q, clients, rng, lang, tool.endswith("numeric"))
    if tool in ("limesurvey", "limesurvey-codes"):
        return limesurvey(q, clients, rng, lang, tool.endswith("codes"), heading)
    return {
        "typeform": typeform,
        "msforms": msforms,
        "google": google,
        "jotform": jotform,
        "excel-nl": excel_nl,
    }[tool](q, clients, rng, lang)


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Score:
    answers: int = 0
    right: int = 0
    reported: int = 0
    silent: int = 0
    names_wrong: int = 0
    dates_silent: int = 0
    rows: int = 0
    refused: int = 0  # files refused as a whole (one line, exit 2)
    unfinished: int = 0  # rows the respondent did not finish, reported as such (not in answers)
    examples: list[str] = field(default_factory=list)
    noted: list[str] = field(default_factory=list)  # values read otherwise, but reported

    def add(self, other: Score) -> None:
        for key in (
            "answers",
            "right",
            "reported",
            "silent",
            "names_wrong",
            "dates_silent",
            "rows",
            "refused",
            "unfinished",
        ):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.examples += other.examples
        self.noted += other.noted


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, list) and isinstance(got, list):
        return sorted(want) == sorted(got)
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(got, bool):
        return float(want) == float(got)
    return want == got


def _letters(index: int) -> str:
    from audit.batch.readers import column_letter

    return column_letter(index)


def score(export: Export, parsed: Any) -> Score:
    """Per answer of the truth: read right; reported (its row refused, or a notice naming that row
    and one of the question's columns); else silently wrong. Strict: a notice elsewhere in the
    row does not excuse a wrong answer. Answers read where the truth has none count too."""
    result = Score()
    by_row = {r.row: r for r in parsed.rows}
    said: set[tuple[int, str]] = set()
    for notice in parsed.notices.values():
        letter = notice.column.split(" ")[1] if notice.column.count(" ") >= 1 else ""
        for n in notice.rows:
            said.add((n, letter))
    for number, client in export.clients.items():
        result.rows += 1
        row = by_row.get(number)
        wanted = {k: v for k, v in client.answers.items() if v is not None}
        if client.partial and (row is None or not row.ok):
            result.unfinished += 1  # the respondent stopped: the row is reported, not counted
            continue
        result.answers += len(wanted)
        if row is None or not row.ok:
            result.reported += len(wanted)
            continue
        if row.company.get("name") != client.company:
            result.names_wrong += 1
            result.examples.append(
                f"{export.tool} row {number}: company {row.company.get('name')!r} != {client.company!r}"
            )
        if not client.partial and row.company.get("date") != client.submitted.date().isoformat():
            date_cols = {_letters(i) for i in export.columns.get("date", [])}
            if not any((number, letter) in said for letter in date_cols):
                result.dates_silent += 1
                result.examples.append(
                    f"{export.tool} row {number}: date {row.company.get('date')!r} != "
                    f"{client.submitted.date().isoformat()}"
                )
        got_values = row.answers.values
        for qid in set(wanted) | {k for k, v in got_values.items() if v is not None}:
            want, got = wanted.get(qid), got_values.get(qid)
            if _same(want, got):
                result.right += want is not None
                continue
            letters = {_letters(i) for i in export.columns.get(qid, [])}
            if any((number, letter) in said for letter in letters):
                result.reported += want is not None
                result.noted.append(
                    f"{export.tool} row {number}: {qid}: read {got!r}, truth {want!r} (reported)"
                )
                continue
            result.silent += 1
            result.examples.append(f"{export.tool} row {number}: {qid}: read {got!r}, truth {want!r}")
    return result


def refused(total: Score, export: Export, why: str) -> None:
    """A file refused as a whole: every answer of its finished rows is reported, none right."""
    total.refused += 1
    total.rows += len(export.clients)
    total.unfinished += sum(1 for c in export.clients.values() if c.partial)
    answered = [c for c in export.clients.values() if not c.partial]
    n = sum(len([v for v in c.answers.values() if v is not None]) for c in answered)
    total.answers += n
    total.reported += n
    total.examples.append(why)


def measure(tools: tuple[str, ...], seeds: range, rows: int, show: int = 4) -> dict[str, Score]:
    import tempfile

    from audit.batch.matching import parse_rows
    from audit.batch.pipeline import read_list
    from audit.batch.readers import read_table
    from audit.errors import InputError
    from audit.load import load_questionnaire

    q = load_questionnaire()
    scores: dict[str, Score] = {}

    with tempfile.TemporaryDirectory() as tmp:
        for tool in tools:
            total, through = Score(), Score()
            for seed in seeds:
                export = make(q, tool, seed, rows)
                path = Path(tmp) / export.filename
                path.write_bytes(export.data)
                if export.structure:  # read as a consultant who has the survey's file does
                    own = Path(tmp) / export.structure_name
                    own.write_bytes(export.structure)
                    try:
                        table = read_list(path, own, export.lang)
                        through.add(score(export, parse_rows(table, q, export.lang)))
                    except InputError as exc:
                        refused(through, export, f"{tool} --structure seed {seed}: refused: {str(exc)[:160]}")
                try:
                    parsed = parse_rows(read_table(path), q, export.lang)
                except InputError as exc:
                    refused(total, export, f"{tool} seed {seed}: refused: {str(exc)[:160]}")
                    continue
                total.add(score(export, parsed))
            scores[tool] = total
            if through.rows or through.refused:
                scores[f"{tool} --structure"] = through
    return scores


def line(name: str, s: Score) -> None:
    share = s.right / s.answers if s.answers else 1.0
    print(
        f"{name:30} {s.answers:7} {share:8.2%} {s.reported:8} {s.silent:6} {s.names_wrong:5} "
        f"{s.dates_silent:5} {s.refused:7} {s.unfinished:10}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="generated files per tool")
    parser.add_argument("--first-seed", type=int, default=9000)
    parser.add_argument("--rows", type=int, default=15, help="respondents per file")
    parser.add_argument("--tool", action="append", choices=TOOLS, help="only these tools")
    parser.add_argument("--show", type=int, default=4, help="silently wrong examples shown per tool")
    parser.add_argument(
        "--show-reported", type=int, default=0, help="answers read otherwise but reported, shown per tool"
    )
    args = parser.parse_args()
    tools = tuple(args.tool or TOOLS)
    scores = measure(tools, range(args.first_seed, args.first_seed + args.seeds), args.rows)
    as_they_come, with_file = Score(), Score()
    print(
        f"{'tool':30} {'answers':>7} {'right':>8} {'reported':>8} {'silent':>6} {'names':>5} {'dates':>5} "
        f"{'refused':>7} {'unfinished':>10}"
    )
    for tool, s in scores.items():
        if not tool.endswith(" --structure"):
            as_they_come.add(s)
        if f"{tool} --structure" not in scores:
            with_file.add(s)
        line(tool, s)
        for text in s.examples[: args.show]:
            print(f"    {text}")
        for text in s.noted[: args.show_reported]:
            print(f"    {text}")
    line("all formats, as they come", as_they_come)
    line("all, with the survey's file", with_file)
    print(
        "'as they come': exports of numbers or codes are refused in one line (reported, not right); "
        "'with the survey's file': LimeSurvey and Qualtrics read through --structure survey.lss / survey.qsf "
        "(SurveyMonkey has no such file: its numeric export stays refused)"
    )
    print(
        "right: read as the respondent answered; reported: the row refused or the value named with its "
        "row and column; silent: read wrong with nothing said (goal: >= 97% right, 0 silent); names: "
        "company names read wrong; dates: submit dates read wrong unreported"
    )


if __name__ == "__main__":
    main()
