"""What each column of a client list is: a question, one option of a question, a company
field, the respondent, the tool's submit date, other tool data, or nothing we know.

Order of evidence: the mapping file (--map), then the tool's codes (a LimeSurvey or
Qualtrics code equal to a question id), then the exact text (id or question text in Dutch or
English, tolerant of case, accents, punctuation and a leading number), then an approximate
text when one question is clearly closest (reported), and last Typeform's bare choice
columns, recognised as a run of labels of one multiple choice question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from audit.answers import COMPANY_FIELDS, fold
from audit.batch.fuzzy import best_match
from audit.batch.layout import Field
from audit.batch.readers import column_letter
from audit.model import Question, Questionnaire

# Column names per company field (folded), best first.
COMPANY_ALIASES: dict[str, list[str]] = {
    "name": ["company name", "company", "bedrijfsnaam", "naam bedrijf", "bedrijf", "naam van het bedrijf",
             "naam van uw bedrijf", "naam van je bedrijf", "naam van jullie bedrijf", "naam onderneming",
             "onderneming", "organisatie", "naam organisatie", "organisatienaam", "organisation",
             "organization", "organisation name", "organization name", "business name", "business",
             "klant", "klantnaam", "client", "client name", "customer", "what is your company name",
             "what is the name of your company", "wat is de naam van je bedrijf",
             "wat is de naam van uw bedrijf", "wat is de naam van jullie bedrijf", "firma", "firmanaam",
             "naam van de organisatie", "naam van je organisatie", "name of your company",
             "company organisation", "bedrijf organisatie", "naam zaak", "naam van je zaak"],
    "sector": ["sector", "branche", "branch", "industry", "bedrijfstak", "industrie", "sector branche",
               "in welke sector werkt je bedrijf", "in welke sector is uw bedrijf actief",
               "in welke sector is jullie bedrijf actief", "which sector",
               "in which sector does your company work", "in which sector is your company active"],
    "size": ["size", "company size", "aantal medewerkers", "medewerkers", "aantal werknemers", "werknemers",
             "employees", "number of employees", "grootte", "omvang", "bedrijfsgrootte", "fte",
             "aantal fte", "how many employees", "hoeveel medewerkers",
             "hoeveel medewerkers heeft je bedrijf", "hoeveel medewerkers heeft uw bedrijf",
             "hoeveel medewerkers heeft jullie bedrijf", "how many employees does your company have"],
    "date": ["date", "datum", "audit date", "datum audit", "interview date", "datum gesprek",
             "datum interview", "assessment date"],
    "consultant": ["consultant", "adviseur", "auditor", "interviewer", "consulent", "begeleider"],
    "contact": ["contact", "contactpersoon", "contact person", "naam contactpersoon", "contact name",
                "email", "e mail", "email address", "e mail address", "e mailadres", "emailadres", "mail",
                "recipientemail", "recipient email", "your email", "je e mailadres", "uw e mailadres"],
}
# A person's own name: the respondent, never the company (Microsoft Forms "Name", SurveyMonkey
# "First Name"/"Last Name", Qualtrics RecipientFirstName, ...).
RESPONDENT = {"name", "naam", "full name", "volledige naam", "your name", "je naam", "jouw naam", "uw naam",
              "naam respondent", "respondent", "respondent name", "first name", "last name", "voornaam",
              "achternaam", "recipientfirstname", "recipientlastname", "recipient first name",
              "recipient last name", "what is your name", "wat is je naam", "wat is uw naam"}
# The tool's time of submission: becomes the assessment date when no date column is filled.
SUBMITTED = ["submit date utc", "submitted at", "submitdate", "date submitted", "datum verstuurd",
             "einddatum", "completion time", "tijd van voltooien", "tijd van voltooiing", "voltooiingstijd",
             "end date", "enddate", "eindtijd", "end time", "submission date", "ended at", "timestamp",
             "tijdstempel", "recordeddate", "recorded date"]
METADATA = {
    "id", "start time", "starttijd", "begintijd", "last modified time", "tijdstip laatste wijziging",
    "tijdstip van laatste wijziging", "laatst gewijzigd", "start date utc", "stage date utc", "started at",
    "landed at", "network id", "token", "response type", "response id", "respondent id", "ip address",
    "ip adres", "tags", "ending", "score", "total score", "totale score", "punten", "collector id",
    "start date", "startdate", "custom data 1", "custom data", "status", "ipaddress", "progress",
    "duration in seconds", "finished", "responseid", "externalreference", "external data reference",
    "locationlatitude", "locationlongitude", "location latitude", "location longitude",
    "distributionchannel", "distribution channel", "userlanguage", "user language", "lastpage",
    "last page", "laatste pagina", "startlanguage", "start language", "starttaal", "seed", "datestamp",
    "date last action", "datum laatste actie", "date started", "datum gestart", "ipaddr", "refurl",
    "referrer url", "antwoord id", "submission id", "submission ip", "last update date", "response url",
    "edit link", "interviewtime", "total time", "grand total", "q total",
    # Dutch interfaces: SurveyMonkey, LimeSurvey, Microsoft Forms
    "begindatum", "startdatum", "verwijzende url", "tijd van laatste wijziging",
    "e mailadres respondent", "total points", "totaal aantal punten", "totaal punten", "quiz feedback",
    "quizfeedback", "feedback quiz",
} | set(SUBMITTED)
# Numbered tool fields: SurveyMonkey "Custom Data 1" / "Aangepaste gegevens 2".
METADATA_NUMBERED = re.compile(
    r"^(custom data|custom variable|aangepaste gegevens|aangepaste variabele) \d+$")
# SurveyMonkey's Contact Information question: one column per field under its title.
CONTACT_BLOCK = {"contact information", "contactinformatie", "contactgegevens", "contact details",
                 "contact info", "your contact details", "uw contactgegevens", "je contactgegevens"}
METADATA_RAW = {"#", "_id"}
# A quiz's own column about a question (Microsoft Forms "Points - <question>", "Feedback -
# <question>"; "<question> [Score]"): the tool's marking, never the respondent's answer.
QUIZ_FIELD = re.compile(r"^(?:(?:points|punten|feedback|score)\s*[-–:]\s*(?P<a>.+)|(?P<b>.+?)\s*[\[(]\s*"
                        r"(?:points|punten|feedback|score)\s*[\])])$", re.IGNORECASE | re.DOTALL)
# The column naming the questionnaire version a row was made with (`questionnaire_version` in
# the template): questions added since have no column and count as unknown (audit.batch.matching).
VERSION_HEADERS = {"questionnaire version", "questionnaire version used", "vragenlijst versie",
                   "versie vragenlijst", "vragenlijstversie", "versie van de vragenlijst"}
OTHER_WORDS = ("other", "anders", "overig", "overige", "ander", "andere", "other please specify",
               "anders namelijk", "anders nl", "anders, namelijk")
# Cells repeat (the same labels in every row): fold each distinct text once. Bounded: the
# labels of every row stay cached, a long list's free texts and names do not pile up.
cached_fold = functools.lru_cache(maxsize=8192)(fold)
WHOLE_WORDS = {"response", "open ended response", "antwoord", "open antwoord", "respons", "open respons"}


@dataclass
class Column:
    index: int
    header: str
    role: str  # question | option | other | company | respondent | submitted | metadata | unmatched
    #            | duplicate | ignored | version (the questionnaire version the row was made with)
    #            | retired (a question the questionnaire has retired: read, not used, reported)
    target: str = ""  # question id or company field
    option: str = ""  # role option: the option's value
    how: str = "exact"  # exact | approx | code | map | labels
    note: str = ""
    matched_text: str = ""  # the text it was approximately matched on, for the report
    filled: int = 0  # unmatched columns: how many client rows have a value in it

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    def label(self, lang: str = "en") -> str:
        word = "kolom" if lang.split("-")[0] == "nl" else "column"
        return f"{word} {self.letter} ({self.header})" if self.header else f"{word} {self.letter}"


# A question that quotes a statement ("Stelling: ‘...’"): survey tools show such questions as
# one grid (Google "Title [statement]", a SurveyMonkey or Qualtrics matrix, a Microsoft Forms
# Likert), whose columns carry only the statement.
QUOTED = re.compile(r"[‘“\"'](.{15,})[’”\"']\W*$")


def question_index(questionnaire: Questionnaire) -> dict[str, str]:
    index: dict[str, str] = {}
    for question in questionnaire.questions:
        for text in (question.id, *question.text.texts.values()):
            index.setdefault(fold(text), question.id)
    quoted: dict[str, set[str]] = {}
    for question in questionnaire.questions:
        for text in question.text.texts.values():
            found = QUOTED.search(text)
            if found:
                quoted.setdefault(fold(found.group(1)), set()).add(question.id)
    for statement, qids in quoted.items():
        if len(qids) == 1:  # a statement two questions quote stays unmatched
            index.setdefault(statement, next(iter(qids)))
    for old, new in questionnaire.renamed.items():  # a client list made for an older version
        index.setdefault(fold(old), new)
    return index


def _keys(text: str) -> list[str]:
    folded = fold(text)
    stripped = re.sub(r"^(q\s*)?\d+\s+", "", folded)  # "3. Hoeveel ...?", "Q3 ..." -> "hoeveel ..."
    return [folded] if stripped == folded else [folded, stripped]


def is_other_text(text: str) -> bool:
    folded = fold(text)
    return folded in OTHER_WORDS or folded.startswith(("other ", "anders ", "overig", "ander "))


def company_field(header: str) -> tuple[str, int] | None:
    """(field, strength) for a company column header: 0 the template's id, 1 an alias."""
    folded = fold(header)
    if folded.startswith("company ") and folded[8:] in COMPANY_FIELDS:  # template ids: company.name
        return folded[8:], 0
    for name, aliases in COMPANY_ALIASES.items():
        if folded in aliases:
            return name, 1
    return None


def _company_by_words(header: str) -> str | None:
    """A company-name question in words no alias has ("Voor welk bedrijf vul je dit in?")."""
    words = set(fold(header).split())
    firm = words & {"bedrijf", "bedrijfsnaam", "company", "organisatie", "organisation", "organization",
                    "onderneming", "firma", "zaak", "business", "organisatienaam"}
    naming = words & {"naam", "name", "welk", "welke", "which", "heet", "called", "called?"}
    if firm and naming and words & PERSON_WORDS:  # "Naam van de contactpersoon bij uw bedrijf"
        return "contact"
    if firm and naming and not words & {"sector", "branche", "medewerkers", "employees", "grootte", "size"}:
        return "name"
    return None


# Words that make a column a remark about the client (a consultant's own column), never a company
# field read approximately: "Consultant note" is not the consultant, "Opmerking klant" not the name.
REMARK_WORDS = {"note", "notes", "remark", "remarks", "comment", "comments", "opmerking", "opmerkingen",
                "notitie", "notities", "toelichting", "memo", "status", "opvolging", "follow"}

# Words that make a "name" column a person's, never the company's.
PERSON_WORDS = {"contactpersoon", "persoon", "person", "invuller", "respondent", "voornaam", "achternaam",
                "contact", "zelf", "yourself", "functie", "function", "role"}


def without_parentheses(text: str) -> str:
    """"In grote lijnen (bijvoorbeeld ...)" -> "In grote lijnen"; a text that is all
    parentheses ("(Bijna) nooit") keeps its words."""
    return re.sub(r"\s*\([^()]*\)", " ", text).strip() if not text.strip().startswith("(") else \
        re.sub(r"\s+\([^()]*\)", " ", text).strip()


class OptionIndex:
    """Exact and approximate lookup of a question's options by label (either language) or id."""

    def __init__(self, question: Question):
        self.question = question
        self.exact: dict[str, str] = {}
        self.pairs: list[tuple[str, str]] = []
        for option in question.options or []:
            for text in (option.value, *option.label.texts.values()):
                self.exact.setdefault(fold(text), option.value)
                self.pairs.append((text, option.value))
        self.has_other = question.option("other") is not None if question.options else False
        self._approx: dict[str, tuple[str, float] | None] = {}
        # Labels without their "(for example ...)" part, as a consultant shortens them; kept
        # only where one option has that short form.
        bare: dict[str, set[str]] = {}
        for text, value in self.pairs:
            short = fold(without_parentheses(text))
            if short and short not in self.exact:
                bare.setdefault(short, set()).add(value)
        self.bare = {short: next(iter(values)) for short, values in bare.items() if len(values) == 1}

    def find(self, text: str) -> str | None:
        return self.exact.get(cached_fold(text))

    def shortened(self, text: str) -> str | None:
        """The option whose label this is without (or with another) "(...)" part, if one."""
        key = fold(text)
        short = fold(without_parentheses(text))
        return self.bare.get(key) or self.bare.get(short) or self.exact.get(short)

    def approx(self, text: str) -> str | None:
        key = fold(text)
        found = self.shortened(text)
        if found:
            return found
        if key not in self._approx:
            self._approx[key] = best_match(text, self.pairs, prefix=False)
        found = self._approx[key]
        return found[0] if found else None


class Matcher:
    """Gives every Field of a layout a Column role (one Matcher per questionnaire and list)."""

    def __init__(self, questionnaire: Questionnaire, mapping: dict[str, str] | None = None):
        self.questionnaire = questionnaire
        self.index = question_index(questionnaire)
        self.ids = {q.id for q in questionnaire.questions}
        self.folded_ids = {fold(q.id) for q in questionnaire.questions}
        self.mapping = {k.strip(): v for k, v in (mapping or {}).items()}
        self.options = {q.id: OptionIndex(q) for q in questionnaire.questions if q.options}
        self.pairs = [(t, q.id) for q in questionnaire.questions for t in q.text.texts.values()]
        self.company_pairs = [(a, f"company.{f}") for f, aliases in COMPANY_ALIASES.items() for a in aliases]
        self._approx: dict[str, tuple[str, float] | None] = {}

    # --- one field ---------------------------------------------------------------------

    def _mapped(self, f: Field) -> str | None:
        for key in (f.header, f.code, f.title if not f.option else "", f"column {column_letter(f.index)}",
                    f"kolom {column_letter(f.index)}", column_letter(f.index) if not f.header else ""):
            if key and key in self.mapping:
                return self.mapping[key]
        return None

    def _question(self, text: str) -> tuple[str, str] | None:
        """(question id, how) for a question text; approximate only when clearly best."""
        for key in _keys(text):
            if key in self.index:
                return self.index[key], "id" if key in self.folded_ids else "exact"
        key = fold(text)
        if len(key) < 8:
            return None
        if key not in self._approx:
            self._approx[key] = best_match(text, self.pairs + self.company_pairs)
        found = self._approx[key]
        if found and not found[0].startswith("company."):
            return found[0], "approx"
        return None

    def _option_column(self, col: Column, qid: str, option_text: str, free: bool) -> Column:
        question = self.questionnaire.question(qid)
        index = self.options.get(qid)
        col.target = qid
        if fold(option_text) in WHOLE_WORDS or (not option_text and not free):
            col.role = "question"
            return col
        if index is None:  # an open question with a sub column (LimeSurvey [comment], ...)
            col.role, col.note = "other", "free text"
            return col
        value = index.find(option_text) if option_text else None
        if value is None and is_other_text(option_text or "other") and (free or not index.find(option_text)):
            if index.has_other:
                col.role, col.option = "option", "other"
            else:
                col.role = "other"
            return col
        if value is None and option_text:
            value = index.approx(option_text)
            if value:
                col.how, col.matched_text = "approx", option_text
        if value is None:
            col.role, col.note = "unmatched", f"option of {qid}"
            return col
        col.role, col.option = "option", value
        if free and question.type == "multi":
            col.role, col.option = "option", value  # the text box of a choice: checked when filled
        return col

    def match_field(self, f: Field) -> Column:
        col = Column(f.index, f.header, "unmatched")
        mapped = self._mapped(f)
        if mapped is not None:
            return self._apply_map(col, mapped, f)
        title, code = f.title, f.code
        folded_title, folded_code = fold(title), fold(code)
        if not f.header:
            return col
        if f.header in METADATA_RAW:
            col.role = "metadata"
            return col
        quiz = QUIZ_FIELD.match(f.header.strip())
        if quiz and self._quiz_column(f.header, quiz.group("a") or quiz.group("b")):
            col.role = "metadata"  # reported as the tool's data, with the other such columns
            return col
        if fold(f.header) in VERSION_HEADERS:
            col.role = "version"
            return col
        if f.header.strip() in self.questionnaire.retired:
            col.role, col.target = "retired", f.header.strip()
            return col
        # The tool's code equal to a question id: goals[linkedin], Q-ids of our own template.
        base = re.match(r"^([A-Za-z][A-Za-z0-9_]*)", code).group(1) if code else ""
        if base in self.ids:
            col.how = "code"
            return self._option_column(col, base, f.sub if f.sub else "", f.text_of_option) \
                if f.sub else self._whole(col, base)
        if f.option and folded_title in CONTACT_BLOCK:
            return self._contact_field(col, f.option)
        company = company_field(f.header) or company_field(title)
        if company and company[1] == 0:
            col.role, col.target = "company", company[0]
            return col
        found = self._question(f.header) if f.option and not code else None
        if found and found[1] != "approx":  # "Hoeveel uur [per week]?" is a title, not an option
            return self._whole(col, found[0])
        found = self._question(title) if title else None
        if found is None and not f.option and code:
            found = self._question(code)
        if found:
            qid, how = found
            col.how = how
            if how == "approx":
                col.matched_text = title
            if (f.option or f.text_of_option) and (self.questionnaire.question(qid).options
                                                     or f.text_of_option):
                return self._option_column(col, qid, f.option, f.text_of_option)
            return self._whole(col, qid)
        for text in (folded_code, folded_title, fold(f.header)):
            if text in SUBMITTED:
                col.role = "submitted"
                return col
            if text in METADATA or METADATA_NUMBERED.match(text):
                col.role = "metadata"
                return col
            if text in RESPONDENT:
                col.role, col.target = "respondent", "contact"
                return col
        if company:
            col.role, col.target = "company", company[0]
            return col
        if f.tool_data:  # Qualtrics' own fields and embedded data (its ImportId says so)
            col.role = "metadata"
            return col
        if f.option:  # a grid row that is a question of its own (a statement), or unknown
            row = self._question(f.option)
            if row and self.questionnaire.question(row[0]).type != "multi":
                col.how = "approx" if row[1] == "approx" else "exact"
                col.matched_text = f.option if row[1] == "approx" else ""
                return self._whole(col, row[0])
            return col
        if set(folded_title.split()) & REMARK_WORDS:  # "Consultant note" is a remark, not the consultant
            return col
        guess = best_match(title, self.company_pairs) if len(folded_title) >= 4 else None
        by_words = _company_by_words(title)
        if guess and guess[0] == "company.name" and by_words == "contact":
            guess = None  # a person's name near "company name": the person's, said as approximate
        if guess or by_words:
            col.role, col.target, col.how = "company", (guess[0][8:] if guess else by_words), "approx"
            col.matched_text = title
        return col

    def _quiz_column(self, header: str, about: str) -> bool:
        """Is "Points - <question>" the quiz's column about a question (not a question whose own
        text starts with "Feedback:")?"""
        whole = self._question(header)
        return (whole is None or whole[1] == "approx") and self._question(about) is not None

    def _contact_field(self, col: Column, part: str) -> Column:
        """One field of a Contact Information question: the company's name (or sector, size,
        e-mail) is the client's; the person's name is the respondent's; address, phone and
        the like are not used (reported)."""
        folded = fold(part)
        company = company_field(part)
        if folded in RESPONDENT:
            col.role, col.target = "respondent", "contact"
        elif company:
            col.role, col.target = "company", company[0]
        else:
            col.role = "metadata"
        return col

    def _whole(self, col: Column, qid: str) -> Column:
        col.role, col.target = "question", qid
        return col

    def _apply_map(self, col: Column, mapped: str, f: Field) -> Column:
        col.how = "map"
        target = mapped.strip()
        if fold(target) in ("ignore", "negeer", "skip", ""):
            col.role = "ignored"
            return col
        if target.startswith("company."):
            col.role, col.target = "company", target[8:]
            return col
        if fold(target) in VERSION_HEADERS:
            col.role = "version"
            return col
        if target in ("respondent", "submitted", "metadata"):
            col.role, col.target = target, "contact" if target == "respondent" else ""
            return col
        qid, _, option = target.partition("=")
        qid = qid.strip()
        col.target = qid
        if option.strip():
            col.role, col.option = "option", option.strip()
        else:
            col.role = "question"
        return col

    # --- all fields --------------------------------------------------------------------

    def match(self, fields: list[Field]) -> list[Column]:
        columns = [self.match_field(f) for f in fields]
        self._choice_runs(fields, columns)
        self._settle_company(columns)
        return columns

    def _choice_runs(self, fields: list[Field], columns: list[Column]) -> None:
        """Typeform: a multiple choice question becomes one column per choice, each headed by
        the bare choice label (and "Other" for the free text). Consecutive such columns whose
        labels belong to one multiple choice question are given to it; when several questions
        share the labels, the first one after the question columns before the run wins."""
        order = {q.id: n for n, q in enumerate(self.questionnaire.questions)}
        multis = [q.id for q in self.questionnaire.questions if q.type == "multi"]

        def eligible(k: int) -> bool:
            col, f = columns[k], fields[k]
            if not f.header or f.option:
                return False
            if col.role == "unmatched":
                return True
            # A bare label that happens to equal a question id ("Training"): a choice column
            # when it stands among the labels of a multiple choice question.
            return col.role == "question" and col.how == "id" and bool(self._owners(f.header, multis))

        k = 0
        while k < len(columns):
            if not eligible(k):
                k += 1
                continue
            start = k
            while k < len(columns) and eligible(k):
                k += 1
            run = list(range(start, k))
            if any(columns[i].role == "unmatched" for i in run):
                self._assign_run(run, fields, columns, multis, order)

    def _owners(self, header: str, multis: list[str]) -> set[str]:
        owners = {qid for qid in multis
                  if self.options[qid].find(header) or self.options[qid].shortened(header)}
        if is_other_text(header):
            owners |= {qid for qid in multis if self.options[qid].has_other}
        return owners

    def _assign_run(self, run: list[int], fields: list[Field], columns: list[Column], multis: list[str],
                    order: dict[str, int]) -> None:
        groups: list[tuple[list[int], set[str]]] = []
        for k in run:
            owners = self._owners(fields[k].header, multis)
            if groups and owners and groups[-1][1] and owners & groups[-1][1]:
                groups[-1] = (groups[-1][0] + [k], groups[-1][1] & owners)
            elif groups and not owners and groups[-1][1]:
                groups[-1][0].append(k)  # an edited label: judged against the group's question below
            else:
                groups.append(([k], owners))
        # An edited label that opens a run (its first choice): judged against the question of
        # the choices right after it; unrelated columns stay unmatched (no clear option).
        joined: list[tuple[list[int], set[str]]] = []
        for members, owners in groups:
            if owners and joined and not joined[-1][1]:
                members = joined.pop()[0] + members
            joined.append((members, owners))
        groups = joined
        for members, owners in groups:
            if not owners or all(columns[k].role != "unmatched" for k in members):
                continue  # question columns by id ("training") with no bare labels beside them
            before = max((order[c.target] for c in columns[:members[0]]
                          if c.role in ("question", "option") and c.target in order and c.index not in run),
                         default=-1)
            candidates = sorted(owners, key=lambda qid: order[qid])
            later = [qid for qid in candidates if order[qid] > before]
            qid = (later or candidates)[0] if len(candidates) > 1 else candidates[0]
            if len(candidates) > 1 and not later:
                continue  # no way to tell which question these choices belong to: reported
            index = self.options[qid]
            for k in members:
                header, col = fields[k].header, columns[k]
                value, how = index.find(header), "labels"
                if value is None and is_other_text(header) and index.has_other:
                    value = "other"
                if value is None:
                    value, how = index.approx(header), "approx"
                if value is None:
                    continue
                col.role, col.target, col.option, col.how = "option", qid, value, how
                col.matched_text = header if how == "approx" else ""

    def _settle_company(self, columns: list[Column]) -> None:
        """Of two columns for one company field the strongest (then leftmost) wins; the others
        are reported as duplicates."""
        seen: dict[str, Column] = {}
        for col in columns:
            if col.role != "company":
                continue
            if col.target in seen:
                winner = seen[col.target]
                if winner.how == "approx" and col.how != "approx":
                    winner.role, winner.note = "duplicate", f"company.{col.target}: {col.label()}"
                    seen[col.target] = col
                    continue
                col.role, col.note = "duplicate", f"company.{col.target}: {winner.label()}"
            else:
                seen[col.target] = col


def sheet_score(questionnaire: Questionnaire) -> Callable[[list[list[str]]], int]:
    """For readers.read_table: how many questions of `questionnaire` a sheet's header names,
    matched as a list's header is (so a workbook's summary sheet loses to its answers sheet)."""
    from audit.batch.layout import detect

    def score(rows: list[list[str]]) -> int:
        columns = Matcher(questionnaire).match(detect(rows).fields) if rows else []
        return len({c.target for c in columns if c.role in ("question", "option")})

    return score
