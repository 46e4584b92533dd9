"""A company's answers: the one object every front end produces (file, interview, web, batch).

`normalise()` turns what a person or a spreadsheet typed into the canonical value of a
question (option ids, "yes"/"no", numbers), and says exactly what is wrong when it can't.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audit import languages, qtypes
from audit.model import Question, Questionnaire

# The words for yes, no and unknown come from every language's settings
# (languages/<code>/language.yaml), plus the language-neutral ones.
UNKNOWN_WORDS = {"", "-"} | languages.words("unknown")
YES_WORDS = {"yes", "true", "1"} | languages.words("yes")
NO_WORDS = {"no", "false", "0"} | languages.words("no")
COMPANY_FIELDS = ("name", "sector", "size", "date", "consultant", "contact")


class AnswerError(ValueError):
    """One answer that does not fit its question; the message names what was expected.

    A code with parameters, worded per language from `answer_error_<code>` in the strings
    files: str() is the English wording (for the CLI), `message(lang)` the wording of a
    Dutch or English interview, web page or batch report."""

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        from audit.strings import format_number, strings

        def show(value: Any) -> str:
            if isinstance(value, float | int) and not isinstance(value, bool):
                return format_number(value, lang)
            return str(value)

        return strings(lang)[f"answer_error_{self.code}"].format(
            **{k: show(v) for k, v in self.params.items()})


@dataclass
class Company:
    name: str
    sector: str = ""
    size: str = ""
    date: str = ""
    consultant: str = ""
    contact: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in COMPANY_FIELDS}


@dataclass
class Answers:
    """Canonical answers by question id; None or absent means unknown."""

    company: Company
    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    questionnaire: str = ""
    questionnaire_version: str = ""
    language: str | None = None
    source: str = ""  # where these answers came from (file path, batch row), for messages
    # The consultant's own words for the report: conclusion, general remark, remarks per
    # dimension id and per misconception id (see NOTE_FIELDS).
    consultant_notes: dict[str, Any] = field(default_factory=dict)
    # Who took part and when: present (names), contact, started (ISO), duration_minutes.
    session: dict[str, Any] = field(default_factory=dict)
    respondent: Respondent | None = None  # who answered, when a company has several respondents
    # The brand kit of the report (a folder or its brand.yaml, relative to the answers file's
    # folder, or a name): stored so that every later run prints the same report.
    brand: str = ""
    # answers (and notes) to questions the questionnaire has retired: read, not used, reported
    set_aside: dict[str, Any] = field(default_factory=dict)
    # Answers made with another version of the questionnaire: the questions that could not
    # have been asked then (added since): those a client list has no column for, the required
    # ones an answers file does not mention. They count as unknown; the report says so.
    not_asked: list[str] = field(default_factory=list)

    def set_aside_notes(self, questionnaire: Questionnaire, lang: str | None = None) -> list[str]:
        """One line per answer that was read but not used, and per required question these
        answers (written for another version) leave open, for the user to see (in `lang`,
        else English)."""
        from audit.strings import Message, localized

        lines = [Message("answer_retired", qid=qid, questionnaire=questionnaire.id,
                         version=questionnaire.version, value=repr(value))
                 for qid, value in self.set_aside.items()]
        if written_for_another_version(questionnaire, self):
            lines += [Message("answer_added_since", qid=qid, version=self.questionnaire_version)
                      for qid in missing_required(questionnaire, self)]
        return [localized(line, lang) for line in lines]

    def brand_path(self) -> Path | None:
        """The stored brand for `load_brand`: a relative path is read from the answers file's
        folder; a plain name (no folder) is a kit name on the search path (audit.locate)."""
        if not self.brand:
            return None
        path = Path(self.brand).expanduser()
        if not path.is_absolute() and self.source and Path(self.source).parent.is_dir():
            beside = Path(self.source).parent / path
            if beside.exists():
                return beside
            if len(path.parts) > 1 or path.suffix:
                return beside  # a path that is missing: the error names where it was looked for
        return path


@dataclass
class Respondent:
    """One person answering for a company: a role to show, and whether their own answers may be
    shown to colleagues in a combined report (`consent`; never assumed)."""

    role: str = ""
    consent: bool = False


NOTE_TEXTS = ("conclusion", "general")
NOTE_MAPS = ("dimensions", "findings")
SESSION_FIELDS = ("present", "contact", "started", "duration_minutes")


def _consultant_notes(raw: Any, questionnaire: Questionnaire, problems: list[str]) -> dict[str, Any]:
    """`consultant_notes` checked against the questionnaire; every problem names its key."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        problems.append("consultant_notes: expected a mapping with conclusion, general, "
                        "dimensions, findings")
        return {}
    notes: dict[str, Any] = {}
    for key in sorted(set(raw) - set(NOTE_TEXTS) - set(NOTE_MAPS)):
        problems.append(f"consultant_notes: unknown field {key!r} "
                        f"(known: {', '.join(NOTE_TEXTS + NOTE_MAPS)})")
    for key in NOTE_TEXTS:
        value = raw.get(key)
        if isinstance(value, dict | list):
            problems.append(f"consultant_notes.{key}: expected text")
        elif value not in (None, "") and str(value).strip():
            notes[key] = str(value).strip()
    known = {"dimensions": {d.id for d in questionnaire.dimensions},
             "findings": {m.id for m in questionnaire.misconceptions}}
    for key in NOTE_MAPS:
        value = raw.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, dict):
            problems.append(f"consultant_notes.{key}: expected a mapping of id to remark")
            continue
        remarks = {}
        for item_id, remark in value.items():
            if str(item_id) not in known[key]:
                what = "dimension" if key == "dimensions" else "misconception"
                problems.append(f"consultant_notes.{key}.{item_id}: unknown {what} id")
            elif remark not in (None, "") and str(remark).strip():
                remarks[str(item_id)] = str(remark).strip()
        if remarks:
            notes[key] = remarks
    return notes


def _session(raw: Any, problems: list[str]) -> dict[str, Any]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        problems.append("session: expected a mapping with present, contact, started, duration_minutes")
        return {}
    session: dict[str, Any] = {}
    for key in sorted(set(raw) - set(SESSION_FIELDS)):
        problems.append(f"session: unknown field {key!r} (known: {', '.join(SESSION_FIELDS)})")
    present = raw.get("present")
    if present not in (None, "", []):
        items = present if isinstance(present, list) else [present]
        session["present"] = [str(p).strip() for p in items if str(p).strip()]
    if raw.get("contact") not in (None, ""):
        session["contact"] = str(raw["contact"]).strip()
    started = raw.get("started")
    if started not in (None, ""):
        text = started.isoformat() if isinstance(started, dt.date | dt.datetime) else str(started)
        try:
            dt.datetime.fromisoformat(text)
            session["started"] = text
        except ValueError:
            problems.append(f"session.started: {text!r} is not a date and time like 2026-11-10T14:00")
    minutes = raw.get("duration_minutes")
    if minutes not in (None, ""):
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 0:
            session["duration_minutes"] = minutes
        else:
            problems.append(f"session.duration_minutes: {minutes!r} is not a whole number of minutes")
    return session


def fold(text: str) -> str:
    """Lower-case, accents off, punctuation and runs of spaces folded: for tolerant matching."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return text.strip()


def option_by_text(question: Question, raw: str) -> str | None:
    """The option whose id or label (either language) matches `raw`, tolerantly."""
    wanted = fold(raw)
    for option in question.options or []:
        if wanted in (fold(option.value), *(fold(t) for t in option.label.texts.values())):
            return option.value
    return None


def allowed_values(question: Question) -> str:
    return ", ".join(o.value for o in question.options or [])


_GROUPED = {".": re.compile(r"\d{1,3}(\.\d{3})+"), ",": re.compile(r"\d{1,3}(,\d{3})+")}
DECIMAL_MARK = {"nl": ",", "en": "."}  # the language's decimal mark; the other one groups thousands


def parse_number(raw: Any, lang: str | None = None) -> float:
    """A finite number from a cell or typed text, read with the separators of `lang`.

    Where the text itself settles it, it is read the same in every language ("1,5" and "1.5"
    are one and a half, "1.250,5" and "1,250.5" are 1250.5). Only a single separator before
    exactly three digits is ambiguous: "1,000" is a thousand in English and one in Dutch;
    "1.000" the other way round. Without a language, Dutch (the primary language) decides.
    ValueError for anything else, NaN and infinity included."""
    if isinstance(raw, bool):
        raise ValueError(f"not a number: {raw!r}")
    if isinstance(raw, int | float):
        number = raw
    else:
        text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        sign = ""
        if text and text[0] in "+-":
            sign, text = ("-" if text[0] == "-" else ""), text[1:]
        if not re.fullmatch(r"[\d.,]*\d[\d.,]*", text):
            raise ValueError(f"not a number: {raw!r}")
        marks = [c for c in text if c in ".,"]
        decimal = DECIMAL_MARK.get(lang or "nl", ",")
        if not marks:
            plain = text
        elif len(set(marks)) == 2:  # both: the last one is the decimal mark
            point = max(text.rfind("."), text.rfind(","))
            whole, fraction = text[:point], text[point + 1:]
            group = "," if text[point] == "." else "."
            if not _GROUPED[group].fullmatch(whole) or not fraction.isdigit():
                raise ValueError(f"not a number: {raw!r}")
            plain = whole.replace(group, "") + "." + fraction
        elif len(marks) > 1:  # one mark, several times: thousands
            if not _GROUPED[marks[0]].fullmatch(text):
                raise ValueError(f"not a number: {raw!r}")
            plain = text.replace(marks[0], "")
        else:
            whole, _, fraction = text.partition(marks[0])
            grouping = len(fraction) == 3 and 1 <= len(whole) <= 3 and whole[:1] != "0"
            if grouping and marks[0] != decimal:
                plain = whole + fraction
            else:
                plain = (whole or "0") + "." + fraction
        number = float(sign + plain)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {raw!r}")
    return number


def _number(raw: Any, lang: str | None = None) -> float:
    return parse_number(raw, lang)


DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),  # ISO 2026-03-31
    re.compile(r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"),  # 31-3-2026, 31/03/2026
)


def parse_date(raw: Any) -> dt.date:
    """A date as people in the Netherlands and Flanders type it: 31-3-2026, 31/03/2026,
    31.3.2026, or ISO 2026-03-31 (day before month; a two-digit year is refused rather than
    guessed). ValueError when it is not a real date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    for form in DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    raise ValueError(f"not a date: {raw!r}")


def is_unknown(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and raw != raw:  # NaN from a spreadsheet cell
        return True
    if isinstance(raw, str) and fold(raw) in {fold(w) for w in UNKNOWN_WORDS}:
        return True
    return isinstance(raw, list | tuple) and len(raw) == 0


def _is_option_text(question: Question, raw: Any) -> bool:
    """An option named like an unknown word (value `unknown`, label "weet niet") is an answer."""
    return isinstance(raw, str) and bool(raw.strip()) and option_by_text(question, raw) is not None


def split_options(question: Question, raw: str) -> list[str]:
    """Split a joined multiple choice text, keeping labels that themselves hold a comma."""
    if option_by_text(question, raw) is not None:
        return [raw]
    items: list[str] = []
    for part in re.split(r"\s*[;|\n]\s*", raw):
        if option_by_text(question, part) is not None:
            items.append(part)
        else:
            items.extend(p for p in re.split(r"\s*,\s*", part))
    return [i.strip() for i in items if i.strip()]


def normalise(question: Question, raw: Any, lang: str | None = None) -> Any:
    """The canonical value for `raw`, None for unknown; AnswerError when it does not fit.

    `lang` is the language the answer was typed in, for its number separators (see
    `parse_number`); None reads them the Dutch way."""
    if is_unknown(raw) and not _is_option_text(question, raw):
        return None
    return qtypes.kind_of(question).normalise(question, raw, lang)


def visible(questionnaire: Questionnaire, values: dict[str, Any]) -> dict[str, bool]:
    """Which questions are shown, in order: a condition sees only answers of shown questions."""
    shown: dict[str, bool] = {}
    seen: dict[str, Any] = {}
    for question in questionnaire.questions:
        rule = questionnaire.condition_rule(question)
        shown[question.id] = rule is None or rule.evaluate(seen)
        if shown[question.id]:
            seen[question.id] = values.get(question.id)
    return shown


def missing_required(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Ids of the questions that make answers unfit for a report: required and shown, yet
    unanswered (ids, so that each front end words them itself)."""
    shown = visible(questionnaire, answers.values)
    return [q.id for q in questionnaire.questions
            if q.required and shown[q.id] and answers.values.get(q.id) is None]


def written_for_another_version(questionnaire: Questionnaire, answers: Answers) -> bool:
    """The answers name a version of their questionnaire other than the one read with (that
    version is not installed any more: audit.catalog then takes the newest)."""
    return bool(answers.questionnaire_version) and answers.questionnaire_version != questionnaire.version


def check_complete(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """`missing_required` as problem lines for the command line.

    Answers written for another version of the questionnaire are not refused for what they
    leave open: a question added since could not have been answered, so it counts as unknown
    (the report's completeness shows it; `set_aside_notes` says which), and old answers files
    keep working after the consultant adds a question."""
    if written_for_another_version(questionnaire, answers):
        return []
    return [f"question {qid}: required answer is missing"
            for qid in missing_required(questionnaire, answers)]


def from_mapping(
    questionnaire: Questionnaire, data: dict[str, Any], source: str = ""
) -> tuple[Answers, list[str]]:
    """Answers from a parsed answers file (or a batch row); returns them with every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return Answers(Company(name="")), ["the file must hold a mapping with company and answers"]
    for key in sorted(set(data) - {"questionnaire", "questionnaire_version", "language",
                                   "company", "answers", "notes", "hidden_answers",
                                   "consultant_notes", "session", "respondent", "brand"}):
        problems.append(f"unknown top-level field {key!r}")
    company_raw = data.get("company") or {}
    if not isinstance(company_raw, dict):
        problems.append("company: expected a mapping with name, sector, size, date, consultant")
        company_raw = {}
    for key in sorted(set(company_raw) - set(COMPANY_FIELDS)):
        problems.append(f"company: unknown field {key!r} (known: {', '.join(COMPANY_FIELDS)})")
    name = str(company_raw.get("name") or "").strip()
    if not name:
        problems.append("company.name: required, the company's name is missing")
    date = company_raw.get("date") or ""
    try:  # 31-3-2026 or 31/03/2026 as ISO; anything else is kept as typed
        date = parse_date(date).isoformat() if date else ""
    except ValueError:
        pass
    company = Company(
        name=name,
        **{k: str(company_raw.get(k) or "").strip() for k in ("sector", "size", "consultant",
                                                              "contact")},
        date=str(date),
    )
    from audit.catalog import reference

    wanted, wanted_version = reference(data)
    if data.get("questionnaire") is not None and not wanted:
        problems.append("questionnaire: expected {id: ..., version: ...} or an id")
    if wanted and wanted != questionnaire.id:
        problems.append(f"questionnaire: written for {wanted!r}, not {questionnaire.id!r}")
    language = data.get("language")
    if language is not None and (not isinstance(language, str) or language not in languages.available()
                                 or not questionnaire.offers(language)):
        offered = ", ".join(languages.offered_by(questionnaire.languages))
        problems.append(f"language: {language!r} is not one the questionnaire is offered in ({offered})")
        language = None
    brand = data.get("brand")
    if brand is not None and not isinstance(brand, str):
        problems.append("brand: expected the brand kit's folder (or its brand.yaml) or name")
        brand = None
    raw_answers = data.get("answers") or {}
    if not isinstance(raw_answers, dict):
        problems.append("answers: expected a mapping of question id to answer")
        raw_answers = {}
    values: dict[str, Any] = {}
    set_aside: dict[str, Any] = {}
    for qid, raw in raw_answers.items():
        qid = str(qid)
        current = questionnaire.renamed.get(qid, qid)
        if qid in questionnaire.retired:
            if not is_unknown(raw):
                set_aside[qid] = raw
            continue
        question = questionnaire.question(current)
        if question is None:
            problems.append(f"question {qid}: unknown question id")
            continue
        if current != qid and current in raw_answers:
            problems.append(f"question {qid}: renamed to {current}, which is answered too; keep one")
            continue
        label = qid if current == qid else f"{qid} (now {current})"
        try:
            values[question.id] = normalise(question, raw)
        except AnswerError as exc:
            problems.append(f"question {label}: {exc}")
    notes_raw = data.get("notes") or {}
    notes: dict[str, str] = {}
    if not isinstance(notes_raw, dict):
        problems.append("notes: expected a mapping of question id to note")
    else:
        for qid, note in notes_raw.items():
            current = questionnaire.renamed.get(str(qid), str(qid))
            if str(qid) in questionnaire.retired:
                if note not in (None, ""):
                    set_aside[f"notes.{qid}"] = note
            elif questionnaire.question(current) is None:
                problems.append(f"notes.{qid}: unknown question id")
            elif note not in (None, ""):
                notes[current] = str(note)
    respondent = _respondent(data.get("respondent"), problems)
    answers = Answers(
        company=company,
        values=values,
        notes=notes,
        questionnaire=str(wanted or questionnaire.id),
        questionnaire_version=str(wanted_version or questionnaire.version),
        language=language,
        source=source,
        consultant_notes=_consultant_notes(data.get("consultant_notes"), questionnaire, problems),
        session=_session(data.get("session"), problems),
        respondent=respondent,
        brand=(brand or "").strip(),
        set_aside=set_aside,
    )
    if written_for_another_version(questionnaire, answers):
        # A required question an answers file of another (valid) version does not mention at
        # all cannot have been asked then: added since (or required since). An optional one
        # may simply have been skipped, so it stays "not answered".
        mentioned = {questionnaire.renamed.get(str(qid), str(qid)) for qid in raw_answers}
        answers.not_asked = [q.id for q in questionnaire.questions if q.required and q.id not in mentioned]
    return answers, problems


def _respondent(raw: Any, problems: list[str]) -> Respondent | None:
    """`respondent: {role: Eigenaar, consent: yes}`; consent must be said explicitly."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        problems.append("respondent: expected a mapping with role and consent")
        return None
    for key in sorted(set(raw) - {"role", "consent"}):
        problems.append(f"respondent: unknown field {key!r} (known: role, consent)")
    consent_raw = raw.get("consent", False)
    if isinstance(consent_raw, bool):
        consent = consent_raw
    elif fold(str(consent_raw)) in YES_WORDS | NO_WORDS:
        consent = fold(str(consent_raw)) in YES_WORDS
    else:
        problems.append(f"respondent.consent: {consent_raw!r} is not yes or no")
        consent = False
    return Respondent(role=str(raw.get("role") or "").strip(), consent=consent)


def to_mapping(answers: Answers, questionnaire: Questionnaire) -> dict[str, Any]:
    """The answers file's content, in questionnaire order (the inverse of from_mapping)."""
    ordered = {q.id: answers.values[q.id] for q in questionnaire.questions if q.id in answers.values}
    data: dict[str, Any] = {
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
    }
    if answers.language:
        data["language"] = answers.language
    if answers.brand:
        data["brand"] = answers.brand
    data["company"] = {k: v for k, v in answers.company.to_dict().items() if v}
    data["answers"] = ordered
    if answers.respondent is not None:
        data["respondent"] = {"role": answers.respondent.role, "consent": answers.respondent.consent}
    if answers.notes:
        data["notes"] = {q.id: answers.notes[q.id] for q in questionnaire.questions
                         if q.id in answers.notes}
    if answers.consultant_notes:
        data["consultant_notes"] = answers.consultant_notes
    if answers.session:
        data["session"] = answers.session
    return data
