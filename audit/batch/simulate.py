"""Realistic survey-tool exports with known answers, for the tests and the benchmark.

Each tool's shape follows its documentation and real exports (header rows, metadata
columns, how a multiple choice answer is written, date formats, encodings), built from the
questionnaire's own texts. A seed varies everything a real export varies: language,
which optional questions are answered, "other" answers, a consultant's edits to question
titles and option labels, a question asked twice because of branching, the wording of the
company question. `score()` compares what the batch read with the truth.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from typing import Any

from audit.model import Question, Questionnaire

TOOLS = (
    "google",
    "msforms",
    "typeform",
    "surveymonkey",
    "qualtrics",
    "qualtrics-split",
    "limesurvey",
    "limesurvey-codes",
    "jotform",
    "excel-nl",
)
FIRST = ["Sanne", "Daan", "Emma", "Jeroen", "Fatima", "Lotte", "Koen", "Ilse", "Mehmet", "Els", "Wout", "Ann"]
LAST = ["de Vries", "Janssens", "Peeters", "Bakker", "Yılmaz", "Van den Broeck", "Visser", "Maes", "de Jong"]
FIRMS = [
    "Bakkerij",
    "Drukkerij",
    "Garage",
    "Café",
    "Installatiebedrijf",
    "Advocatenkantoor",
    "Tandartspraktijk",
    "Bloemenhandel",
    "Schrijnwerkerij",
    "Fietsenwinkel",
    "Architectenbureau",
    "Brouwerij",
    "Kapsalon",
]
PLACES = [
    "Özdemir",
    "'t Hoekje",
    "De Zeeuw & Zn.",
    "Van Aert",
    "Noord",
    "Zoë",
    "Het Anker",
    "Brugge",
    "Elst",
    "Dijkstra",
    "Lemaire",
    "Vos, Bos & Partners",
    "De Molen",
]
SECTORS = ["Horeca", "Bouw", "Zorg", "Retail", "ICT", "Transport", "Juridisch", "Ambacht"]
OTHER_TEXTS = ["Mastodon", "Threads", "Snapchat", "WhatsApp-kanaal", "Google Bedrijfsprofiel", "Vimeo"]
FREE_TEXTS = [
    "Meer klanten uit de regio.",
    "Groeien, maar niet te snel; eerst personeel vinden.",
    "Weet niet goed waar te beginnen",
    'Tijd! "Niemand" heeft er tijd voor.',
    "Meer omzet halen",
    "Zichtbaar worden bij jongeren, 18-25 jaar",
    "Onze webshop laten groeien",
]
COMPANY_TITLES = {
    "nl": [
        "Bedrijfsnaam",
        "Naam van je bedrijf",
        "Voor welk bedrijf vul je dit in?",
        "Naam organisatie",
        "Wat is de naam van jullie bedrijf?",
        "Bedrijf / organisatie",
    ],
    "en": [
        "Company name",
        "Name of your company",
        "What is the name of your company?",
        "Organisation",
        "Company / organisation",
    ],
}


@dataclass
class Truth:
    company: str
    date: str  # ISO date the tool recorded as submit date
    answers: dict[str, Any]  # question id -> canonical value (lists for multi), answered ones only
    other_text: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    tool: str
    filename: str
    data: bytes
    lang: str
    truth: dict[int, Truth]  # spreadsheet row number -> what it holds
    edits: list[str] = field(default_factory=list)  # what the seed changed, for messages
    structure: bytes = b""  # LimeSurvey codes: the survey's structure file (.lss)


# --- answers -------------------------------------------------------------------------------


def _random_answers(q: Questionnaire, rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    values: dict[str, Any] = {}
    seen: dict[str, Any] = {}
    other: dict[str, str] = {}
    for question in q.questions:
        rule = q.condition_rule(question)
        if rule is not None and not rule.evaluate(seen):
            continue
        if not question.required and rng.random() < 0.2:
            seen[question.id] = None
            continue
        value = _random_value(question, rng)
        if question.type == "multi" and "other" in value:
            other[question.id] = rng.choice(OTHER_TEXTS)
        values[question.id] = seen[question.id] = value
    return values, other


def _random_value(question: Question, rng: random.Random) -> Any:
    if question.type == "single":
        return rng.choice(question.options).value
    if question.type == "multi":
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [o.value for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.12:
            return [exclusive[0]]
        return sorted(rng.sample(plain, rng.randint(1, min(4, len(plain)))), key=plain.index)
    if question.type == "yesno":
        return rng.choice(["yes", "no"])
    if question.type == "scale":
        return rng.randint(1, 5)
    if question.type == "number":
        low = int(question.min or 0)
        return rng.choice([low, low + 1, rng.randint(low, low + 12), rng.randint(low, low + 60)])
    return rng.choice(FREE_TEXTS)


# --- the consultant's edits ----------------------------------------------------------------


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long_words:
        return text + " "
    i = rng.choice(long_words)
    w = words[i]
    k = rng.randint(1, len(w) - 3)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :] if rng.random() < 0.5 else w[:k] + w[k + 1 :]
    return " ".join(words)


def _extra_word(text: str, rng: random.Random, lang: str) -> str:
    words = text.split()
    i = rng.randint(1, max(1, len(words) - 1))
    extra = rng.choice(["precies", "eigenlijk", "nu"] if lang == "nl" else ["exactly", "actually", "now"])
    return " ".join(words[:i] + [extra] + words[i:])


@dataclass
class _Texts:
    """The question and option texts as this survey shows them (after the consultant's edits)."""

    lang: str
    titles: dict[str, str]
    labels: dict[tuple[str, str], str]
    company_title: str
    twice: str = ""  # a question asked in two places (branching)
    edits: list[str] = field(default_factory=list)


def _survey_texts(q: Questionnaire, lang: str, rng: random.Random, edits: bool) -> _Texts:
    titles = {x.id: x.text(lang) for x in q.questions}
    labels = {(x.id, o.value): o.label(lang) for x in q.questions for o in x.options or []}
    texts = _Texts(lang, titles, labels, rng.choice(COMPANY_TITLES[lang]))
    if not edits:
        texts.company_title = COMPANY_TITLES[lang][0]
        return texts
    for question in rng.sample(q.questions, 3):
        changed = (
            _typo(titles[question.id], rng)
            if rng.random() < 0.6
            else _extra_word(titles[question.id], rng, lang)
        )
        titles[question.id] = changed
        texts.edits.append(f"title of {question.id}: {changed!r}")
    singles = [x for x in q.questions if x.type in ("single", "multi")]
    question = rng.choice(singles)
    option = rng.choice(question.options)
    label = labels[(question.id, option.value)]
    if len(label) > 12:
        labels[(question.id, option.value)] = _typo(label, rng)
        texts.edits.append(f"label of {question.id}={option.value}: {labels[(question.id, option.value)]!r}")
    texts.twice = rng.choice([x.id for x in q.questions if x.type in ("single", "scale", "yesno")])
    return texts


# --- rows ----------------------------------------------------------------------------------


@dataclass
class _Client:
    company: str
    sector: str
    size: str
    respondent: str
    email: str
    submitted: dt.datetime
    answers: dict[str, Any]
    other: dict[str, str]


def _clients(q: Questionnaire, count: int, rng: random.Random) -> list[_Client]:
    clients = []
    used: set[str] = set()
    for _ in range(count):
        name = f"{rng.choice(FIRMS)} {rng.choice(PLACES)}"
        while name in used:
            name += f" {rng.randint(2, 99)}"
        used.add(name)
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        answers, other = _random_answers(q, rng)
        stamp = dt.datetime(
            2026,
            rng.randint(1, 11),
            rng.randint(1, 28),
            rng.randint(7, 21),
            rng.randint(0, 59),
            rng.randint(0, 59),
        )
        clients.append(
            _Client(
                name,
                rng.choice(SECTORS),
                str(rng.randint(1, 250)),
                person,
                person.lower().replace(" ", ".") + "@example.nl",
                stamp,
                answers,
                other,
            )
        )
    return clients


def _label(texts: _Texts, qid: str, value: str) -> str:
    return texts.labels[(qid, value)]


def _joined(q: Questionnaire, texts: _Texts, client: _Client, qid: str, sep: str) -> str:
    """A whole-question cell as a tool writes it (multi joined, other as its typed text)."""
    question = q.question(qid)
    value = client.answers.get(qid)
    if value is None:
        return ""
    if question.type == "multi":
        parts = [
            client.other[qid] if v == "other" and qid in client.other else _label(texts, qid, v)
            for v in value
        ]
        return sep.join(parts)
    if question.type == "single":
        return _label(texts, qid, value)
    if question.type == "yesno":
        return {"yes": "Ja", "no": "Nee"}[value] if texts.lang == "nl" else value.capitalize()
    return str(value)


def _csv(
    rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8", quote_all: bool = False
) -> bytes:
    buffer = io.StringIO()
    csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator="\r\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    ).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _branching(q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random) -> dict[int, int]:
    """For the question asked twice: which of the two columns (0 or 1) each client filled."""
    return {i: rng.randint(0, 1) for i in range(len(clients))} if texts.twice else {}


# --- the tools -----------------------------------------------------------------------------


def _one_row_tool(
    q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random, tool: str
) -> tuple[list[list[Any]], int]:
    """Google Forms, Microsoft Forms, Jotform, Excel: one header row, one column per question."""
    nl = texts.lang == "nl"
    sep = {"google": ", ", "msforms": ";", "jotform": "\n", "excel-nl": "; "}[tool]
    branch = _branching(q, texts, clients, rng)
    if tool == "google":
        meta = ["Tijdstempel" if nl else "Timestamp", "E-mailadres" if nl else "Email address"]
    elif tool == "msforms":
        meta = (
            ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam"]
            if nl
            else ["ID", "Start time", "Completion time", "Email", "Name"]
        )
    elif tool == "jotform":
        meta = ["Submission Date"]
    else:
        meta = ["Datum"]
    header = meta + [texts.company_title, "Sector", "Aantal medewerkers" if nl else "Number of employees"]
    order = [x.id for x in q.questions]
    for qid in order:
        header.append(texts.titles[qid])
        if qid == texts.twice:
            header.append(texts.titles[qid])
    if tool == "jotform":
        header += ["Submission IP", "Submission ID"]
    rows: list[list[Any]] = [header]
    for i, c in enumerate(clients):
        s = c.submitted
        if tool == "google":
            stamp = f"{s.day}-{s.month}-{s.year} {s:%H:%M:%S}" if nl else f"{s:%Y/%m/%d %I:%M:%S %p} GMT+1"
            cells: list[Any] = [stamp, c.email]
        elif tool == "msforms":
            cells = [i + 1, s - dt.timedelta(minutes=9), s, "anonymous" if i % 3 else c.email, c.respondent]
        elif tool == "jotform":
            cells = [f"{s:%b} {s.day}, {s.year}" if i % 2 else f"{s:%Y-%m-%d %H:%M:%S}"]
        else:
            cells = [f"{s.day}-{s.month}-{s.year}"]
        cells += [c.company, c.sector, c.size]
        for qid in order:
            value = _joined(q, texts, c, qid, sep)
            if tool == "msforms" and q.question(qid).type == "multi" and value:
                value += ";"
            if qid == texts.twice:
                cells += [value, ""] if branch[i] == 0 else ["", value]
            else:
                cells.append(value)
        if tool == "jotform":
            cells += ["192.0.2.1", str(5800000000000000000 + i)]
        rows.append(cells)
    return rows, 1


def _typeform(q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random) -> list[list[str]]:
    header = ["#", texts.company_title, "Sector", "Aantal medewerkers" if texts.lang == "nl" else "Employees"]
    layout: list[tuple[str, str]] = []  # (qid, option value or "" or "other-text")
    for question in q.questions:
        if question.type == "multi":
            for option in question.options:
                if option.value == "other":
                    header.append("Other")
                    layout.append((question.id, "other-text"))
                else:
                    header.append(_label(texts, question.id, option.value))
                    layout.append((question.id, option.value))
        else:
            header.append(texts.titles[question.id])
            layout.append((question.id, ""))
    header += [
        "Response Type",
        "Start Date (UTC)",
        "Stage Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
        "Tags",
    ]
    rows = [header]
    for c in clients:
        cells = [f"{rng.getrandbits(64):016x}", c.company, c.sector, c.size]
        for qid, part in layout:
            value = c.answers.get(qid)
            if part == "":
                cells.append(_joined(q, texts, c, qid, ", "))
            elif part == "other-text":
                cells.append(c.other.get(qid, "") if value and "other" in value else "")
            else:
                cells.append(_label(texts, qid, part) if value and part in value else "")
        s = c.submitted
        cells += [
            "completed",
            f"{s - dt.timedelta(minutes=7):%Y-%m-%d %H:%M:%S}",
            "",
            f"{s:%Y-%m-%d %H:%M:%S}",
            f"{rng.getrandbits(40):010x}",
            "",
        ]
        rows.append(cells)
    return rows


def _surveymonkey(
    q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random
) -> list[list[str]]:
    meta = [
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
    first = meta + [
        texts.company_title,
        "Sector",
        "Aantal medewerkers" if texts.lang == "nl" else "Employees",
    ]
    second = [""] * len(meta) + ["Open-Ended Response"] * 3
    layout: list[tuple[str, str]] = []
    branch = _branching(q, texts, clients, rng)
    for question in q.questions:
        copies = 2 if question.id == texts.twice else 1
        for copy in range(copies):
            if question.type == "multi":
                for n, option in enumerate(question.options):
                    first.append(texts.titles[question.id] if n == 0 else "")
                    if option.value == "other":
                        second.append("Other (please specify)")
                        layout.append((question.id, "other-text"))
                    else:
                        second.append(_label(texts, question.id, option.value))
                        layout.append((question.id, option.value))
            else:
                first.append(texts.titles[question.id])
                second.append(
                    "Response" if question.type in ("single", "yesno", "scale") else "Open-Ended Response"
                )
                layout.append((question.id, f"whole{copy}"))
    rows = [first, second]
    for i, c in enumerate(clients):
        s = c.submitted
        given, family = c.respondent.split(" ", 1)
        cells = [
            str(11400000000 + i),
            "431234567",
            f"{s - dt.timedelta(minutes=6):%m/%d/%Y %I:%M:%S %p}",
            f"{s:%m/%d/%Y %I:%M:%S %p}",
            "192.0.2.7",
            c.email if i % 2 else "",
            given,
            family,
            "",
            c.company,
            c.sector,
            c.size,
        ]
        for qid, part in layout:
            value = c.answers.get(qid)
            if part.startswith("whole"):
                filled = not branch or qid != texts.twice or int(part[5:]) == branch[i]
                cells.append(_joined(q, texts, c, qid, ", ") if filled else "")
            elif part == "other-text":
                cells.append(c.other.get(qid, "") if value and "other" in value else "")
            else:
                cells.append(_label(texts, qid, part) if value and part in value else "")
        rows.append(cells)
    return rows


def _qualtrics(
    q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random, split: bool
) -> list[list[str]]:
    meta = [
        ("StartDate", "Start Date", "startDate"),
        ("EndDate", "End Date", "endDate"),
        ("Status", "Response Type", "status"),
        ("IPAddress", "IP Address", "ipAddress"),
        ("Progress", "Progress", "progress"),
        ("Duration (in seconds)", "Duration (in seconds)", "duration"),
        ("Finished", "Finished", "finished"),
        ("RecordedDate", "Recorded Date", "recordedDate"),
        ("ResponseId", "Response ID", "_recordId"),
        ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
        ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
        ("RecipientEmail", "Recipient Email", "recipientEmail"),
        ("ExternalReference", "External Data Reference", "externalDataReference"),
        ("LocationLatitude", "Location Latitude", "locationLatitude"),
        ("LocationLongitude", "Location Longitude", "locationLongitude"),
        ("DistributionChannel", "Distribution Channel", "distributionChannel"),
        ("UserLanguage", "User Language", "userLanguage"),
    ]
    names = [m[0] for m in meta]
    labels = [m[1] for m in meta]
    ids = [_import_id(m[2], "Europe/Amsterdam") if "Date" in m[0] else _import_id(m[2]) for m in meta]
    layout: list[tuple[str, str]] = []
    extra = [
        (texts.company_title, "company"),
        ("Sector", "sector"),
        ("Aantal medewerkers" if texts.lang == "nl" else "Number of employees", "size"),
    ]
    n = 0
    for title, key in extra:
        n += 1
        names.append(f"Q{n}")
        labels.append(title)
        ids.append(_import_id(f"QID{n}_TEXT"))
        layout.append((key, "company"))
    for question in q.questions:
        n += 1
        if question.type == "multi" and split:
            for k, option in enumerate(question.options, 1):
                names.append(f"Q{n}_{k}")
                labels.append(f"{texts.titles[question.id]} - {_label(texts, question.id, option.value)}")
                ids.append(_import_id(f"QID{n}_{k}"))
                layout.append((question.id, option.value))
                if option.value == "other":
                    names.append(f"Q{n}_{k}_TEXT")
                    labels.append(
                        f"{texts.titles[question.id]} - {_label(texts, question.id, option.value)} - Text"
                    )
                    ids.append(_import_id(f"QID{n}_{k}_TEXT"))
                    layout.append((question.id, "other-text"))
        else:
            names.append(f"Q{n}")
            labels.append(texts.titles[question.id])
            ids.append(_import_id(f"QID{n}" + ("_TEXT" if question.type in ("text", "number") else "")))
            layout.append((question.id, ""))
    rows = [names, labels, ids]
    for c in clients:
        s = c.submitted
        given, family = c.respondent.split(" ", 1)
        cells = [
            f"{s - dt.timedelta(minutes=8):%Y-%m-%d %H:%M:%S}",
            f"{s:%Y-%m-%d %H:%M:%S}",
            "IP Address",
            "192.0.2.9",
            "100",
            str(rng.randint(200, 900)),
            "True",
            f"{s:%Y-%m-%d %H:%M:%S}",
            f"R_{rng.getrandbits(60):015x}",
            family,
            given,
            c.email,
            "",
            "52.09",
            "5.12",
            "anonymous",
            texts.lang.upper(),
        ]
        for key, part in layout:
            if part == "company":
                cells.append({"company": c.company, "sector": c.sector, "size": c.size}[key])
                continue
            value = c.answers.get(key)
            if part == "":
                cells.append(_joined(q, texts, c, key, ","))
            elif part == "other-text":
                cells.append(c.other.get(key, "") if value and "other" in value else "")
            else:
                cells.append(_label(texts, key, part) if value and part in value else "")
        rows.append(cells)
    return rows


def _import_id(name: str, zone: str = "") -> str:
    import json

    return json.dumps({"ImportId": name, **({"timeZone": zone} if zone else {})}, separators=(",", ":"))


def _limesurvey(
    q: Questionnaire, texts: _Texts, clients: list[_Client], rng: random.Random, codes: bool
) -> list[list[str]]:
    """Full question texts and full answers ("Question [Option]", Ja/Yes per option), or the
    export with question and answer codes (G01Q03[SQ001], AO01) that cannot be mapped."""
    nl = texts.lang == "nl"
    if codes:
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "G01Q01", "G01Q02", "G01Q03"]
    else:
        header = [
            "Antwoord ID" if nl else "Response ID",
            "Datum verstuurd" if nl else "Date submitted",
            "Laatste pagina" if nl else "Last page",
            "Starttaal" if nl else "Start language",
            "Seed",
            texts.company_title,
            "Sector",
            "Aantal medewerkers" if nl else "Number of employees",
        ]
    yes = "Ja" if nl else "Yes"
    layout: list[tuple[str, str]] = []
    for n, question in enumerate(q.questions, 4):
        code = f"G01Q{n:02d}"
        if question.type == "multi":
            for k, option in enumerate(question.options, 1):
                if option.value == "other":
                    header.append(
                        f"{code}[other]"
                        if codes
                        else f"{texts.titles[question.id]} [{'Anders' if nl else 'Other'}]"
                    )
                    layout.append((question.id, "other-text"))
                else:
                    header.append(
                        f"{code}[SQ{k:03d}]"
                        if codes
                        else f"{texts.titles[question.id]} [{_label(texts, question.id, option.value)}]"
                    )
                    layout.append((question.id, option.value))
        else:
            header.append(code if codes else texts.titles[question.id])
            layout.append((question.id, ""))
    rows = [header]
    for i, c in enumerate(clients):
        s = c.submitted
        cells = [
            str(i + 1),
            f"{s:%Y-%m-%d %H:%M:%S}",
            "6",
            texts.lang,
            str(rng.randint(10**8, 10**9)),
            c.company,
            c.sector,
            c.size,
        ]
        for qid, part in layout:
            question = q.question(qid)
            value = c.answers.get(qid)
            if part == "":
                if codes and question.type == "single" and value is not None:
                    k = [o.value for o in question.options].index(value) + 1
                    cells.append(f"AO{k:02d}")
                elif codes and question.type == "yesno" and value is not None:
                    cells.append("Y" if value == "yes" else "N")
                else:
                    cells.append(_joined(q, texts, c, qid, ", "))
            elif part == "other-text":
                cells.append(c.other.get(qid, "") if value and "other" in value else "")
            else:
                cells.append(("Y" if codes else yes) if value and part in value else "")
        rows.append(cells)
    return rows


LSS_TYPES = {"single": "L", "multi": "M", "yesno": "Y", "number": "N", "text": "T"}


def _lss(q: Questionnaire, texts: _Texts, rng: random.Random) -> bytes:
    """The survey's structure file (.lss) as LimeSurvey exports it: version 5/6 with texts in
    question_l10ns/answer_l10ns (aids), or version 3 with the texts in the rows; codes as in
    _limesurvey (G01Q01.., SQ001.., AO01..), question texts in HTML as LimeSurvey stores them."""
    import html as _html

    modern = rng.random() < 0.6
    lang = texts.lang
    questions, subs, q_texts, answers, a_texts = [], [], [], [], []
    qid = aid = 0

    def cdata(value: str) -> str:
        return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    def question_row(title: str, kind: str, text: str, parent: int = 0, other: str = "N") -> int:
        nonlocal qid
        qid += 1
        row = {"qid": str(qid), "parent_qid": str(parent), "sid": "123456", "gid": "1", "type": kind,
               "title": title, "other": other, "mandatory": "N", "question_order": str(qid), "scale_id": "0",
               "relevance": "1"}
        shown = f"<p>{_html.escape(text)}</p>" if parent == 0 and rng.random() < 0.5 else _html.escape(text)
        if modern:
            q_texts.append({"id": str(qid), "qid": str(qid), "question": shown, "help": "", "language": lang})
        else:
            row.update(question=shown, help="", language=lang)
        (subs if parent else questions).append(row)
        return qid

    def answer_row(owner: int, code: str, text: str, order: int) -> None:
        nonlocal aid
        aid += 1
        row = {"aid": str(aid), "qid": str(owner), "code": code, "sortorder": str(order),
               "assessment_value": "0", "scale_id": "0"}
        if modern:
            a_texts.append({"id": str(aid), "aid": str(aid), "answer": text, "language": lang})
        else:
            row.pop("aid")
            row.update(answer=text, language=lang)
        answers.append(row)

    question_row("G01Q01", "S", texts.company_title)
    question_row("G01Q02", "S", "Sector")
    question_row("G01Q03", "S", "Aantal medewerkers" if lang == "nl" else "Number of employees")
    for n, question in enumerate(q.questions, 4):
        options = question.options or []
        other = "Y" if question.type == "multi" and any(o.value == "other" for o in options) else "N"
        parent = question_row(f"G01Q{n:02d}", LSS_TYPES.get(question.type, "T"), texts.titles[question.id],
                              other=other)
        for k, option in enumerate(options, 1):
            if question.type == "multi" and option.value != "other":
                question_row(f"SQ{k:03d}", "T", _label(texts, question.id, option.value), parent)
            elif question.type == "single":
                answer_row(parent, f"AO{k:02d}", _label(texts, question.id, option.value), k)
    rng.shuffle(answers)  # the order in the file is LimeSurvey's own, not the codes'

    def table(name: str, rows: list[dict[str, str]]) -> str:
        if not rows:
            return f" <{name}/>"
        fields = "".join(f"<fieldname>{k}</fieldname>" for k in rows[0])
        body = "".join("<row>" + "".join(f"<{k}>{cdata(v)}</{k}>" for k, v in row.items()) + "</row>\n"
                       for row in rows)
        return f" <{name}>\n  <fields>{fields}</fields>\n  <rows>\n{body}  </rows>\n </{name}>"

    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<document>",
             " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
             f" <DBVersion>{'624' if modern else '366'}</DBVersion>",
             f" <languages>\n  <language>{lang}</language>\n </languages>",
             table("answers", answers)]
    if modern:
        parts.append(table("answer_l10ns", a_texts))
    parts += [table("questions", questions), table("subquestions", subs)]
    if modern:
        parts.append(table("question_l10ns", q_texts))
    parts.append("</document>\n")
    return "\n".join(parts).encode("utf-8")


def make_export(q: Questionnaire, tool: str, seed: int, count: int = 12, edits: bool = True) -> Export:
    """One export of `count` clients in `tool`'s shape; the same seed gives the same file."""
    rng = random.Random(f"{tool}-{seed}")
    lang = rng.choice(["nl", "en"]) if tool != "excel-nl" else "nl"
    texts = _survey_texts(q, lang, rng, edits)
    if tool in ("typeform",):
        texts.twice = ""  # Typeform repeats a question under a new title: not this test's subject
    clients = _clients(q, count, rng)
    header_rows = 1
    if tool in ("google", "msforms", "jotform", "excel-nl"):
        rows, header_rows = _one_row_tool(q, texts, clients, rng, tool)
    elif tool == "typeform":
        texts.twice = ""
        rows = _typeform(q, texts, clients, rng)
    elif tool == "surveymonkey":
        rows, header_rows = _surveymonkey(q, texts, clients, rng), 2
    elif tool in ("qualtrics", "qualtrics-split"):
        texts.twice = ""
        rows, header_rows = _qualtrics(q, texts, clients, rng, split=tool.endswith("split")), 3
    elif tool in ("limesurvey", "limesurvey-codes"):
        texts.twice = ""
        rows = _limesurvey(q, texts, clients, rng, codes=tool.endswith("codes"))
    else:
        raise ValueError(f"unknown tool {tool!r}")
    if tool == "msforms":
        data, name = _xlsx(rows), "Social media audit(1-40).xlsx"
    elif tool == "excel-nl":
        data, name = _csv(rows, ";", "cp1252"), "klanten.csv"
    elif tool == "limesurvey" or tool == "limesurvey-codes":
        data, name = (
            _csv(rows, rng.choice([",", ";"]), "utf-8-sig", quote_all=True),
            "results-survey123456.csv",
        )
    elif tool == "surveymonkey" and rng.random() < 0.4:
        data, name = _xlsx(rows), "Social media audit.xlsx"
    else:
        data, name = _csv(rows, ",", "utf-8-sig" if tool == "surveymonkey" else "utf-8"), f"{tool}.csv"
    truth = {
        n: Truth(c.company, c.submitted.date().isoformat(), c.answers, c.other)
        for n, c in enumerate(clients, header_rows + 1)
    }
    structure = _lss(q, texts, rng) if tool == "limesurvey-codes" else b""
    return Export(tool, name, data, lang, truth, texts.edits, structure)


# --- scoring -------------------------------------------------------------------------------


@dataclass
class Score:
    answers: int = 0
    right: int = 0
    reported: int = 0  # not read right, but the row or the value is reported
    silent: int = 0  # read wrong and nothing says so: must stay 0
    names_right: int = 0
    dates_right: int = 0
    rows: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for key in ("answers", "right", "reported", "silent", "names_right", "dates_right", "rows"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.wrong += other.wrong

    @property
    def share_right(self) -> float:
        return self.right / self.answers if self.answers else 1.0


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    return a == b


def score(export: Export, parsed: Any) -> Score:
    """Count every answer of the truth as read right, reported, or silently wrong."""
    result = Score()
    by_row = {r.row: r for r in parsed.rows}
    noticed = {(n, col) for notice in parsed.notices.values() for n in notice.rows for col in [notice.column]}
    noticed_rows = {n for n, _ in noticed}
    labels = {c.target: [] for c in parsed.columns}
    for c in parsed.columns:
        labels.setdefault(c.target, []).append(
            c.label(parsed.rows[0].answers.language if parsed.rows and parsed.rows[0].answers else "nl")
        )
    for number, truth in export.truth.items():
        result.rows += 1
        row = by_row.get(number)
        answered = {qid: v for qid, v in truth.answers.items() if v is not None}
        result.answers += len(answered)
        if row is None or not row.ok:
            result.reported += len(answered)
            continue
        result.names_right += row.company["name"] == truth.company
        result.dates_right += row.company["date"] == truth.date
        if row.company["name"] != truth.company:
            result.silent += 1
            result.wrong.append(
                f"{export.tool} row {number}: company {row.company['name']!r} != {truth.company!r}"
            )
        values = row.answers.values
        for qid in set(answered) | {k for k, v in values.items() if v is not None}:
            want, got = answered.get(qid), values.get(qid)
            if _same(want, got):
                if want is not None:
                    result.right += 1
                continue
            if number in noticed_rows and any(n == number for n, _ in noticed):
                result.reported += 1 if want is not None else 0
                continue
            result.silent += 1
            result.wrong.append(f"{export.tool} row {number}: {qid}: read {got!r}, truth {want!r}")
    return result
