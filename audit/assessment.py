"""The Assessment: one plain data object that every output renders and none recomputes.

The saved assessment (`smaudit report --json`, the batch's per-client JSON) is the product;
PDFs, the overview, the web result page and the terminal summary all render it. It holds two
kinds of field side by side:

* **language-neutral values** - the source of truth: ids (questionnaire id and version,
  question, dimension, misconception, advice, fact and source ids), canonical answers
  (option ids, "yes"/"no", numbers), scores (0-100, `null` = unknown, never a silent zero),
  level numbers, statuses (answered | unknown | hidden | unscored | absent | not_applicable), severities
  (high | medium | low with a 0-1 `severity_score`), ranks, priorities, plan phases as lists
  of advice ids;
* **texts in `language`** - ready to print, resolved from the questionnaire and the interface
  strings. `audit.localize.in_language(assessment, questionnaire, lang)` resolves every one of
  them again from the neutral values, so `smaudit render assessment.json --lang en` prints
  the same report as assessing in English would, without assessing again.

Company fields and consultant notes are the client's own words and are never translated.

Format (JSON object; `schema_version` = `SCHEMA_VERSION`):

    schema_version   int     3; versions 1 and 2 still load (`from_dict` upgrades them)
    language         str     language of the texts ("nl", "en", ...)
    questionnaire    {id, version, title}   the questionnaire that produced it
    company          {name, sector, size, date, consultant, contact}
    generated        str     ISO date of the assessment
    overall_score    float|null
    level            {number, name, description, min_score, score_level, reason: {id, params},
                      reason_text, capped_by: [{kind, id, max_level, ...}],
                      weakest: {dimension, name, score, level}}|null
                     `number` is the band of the mean score (`score_level`) capped by what
                     the answers rule out; `description` is the level's text plus reason_text
    levels           [{number, name, description, min_score}]   as many as the questionnaire has
    completeness     {answered, applicable, ratio}
    dimensions       [{id, name, score, weight, answered, applicable, why, verdict, weak,
                       status (scored | unknown | not_applicable), statements: [statement id],
                       contributions: [{question, text, answer, answer_text, status, points,
                                        max_points, weight, share, note}]}]
    findings         [{id, title, belief, why, headline, severity, severity_score,
                       evidence: [{question, text, answer, answer_text}], advice: [advice id],
                       sources: ["000 #2", ...], facts: [{id, text, source, quote}],
                       caps_level: int|null}]
    advice           [{id, rank, title, text, steps, impact, effort, horizon, priority,
                       quick_win, misconceptions: [id], dimensions: [id], phase, requires: [id],
                       hours_per_week, setup_hours, deferred}]   in plan order (rank = order)
    plan             [{id, weeks, advice: [advice id], hours_per_week}]
    plan_capacity    {available, needed, fits, shortfall}   hours per week
    derived          {question id: {value, from, text}}   answers read from company details
    appendix         [{question, dimension, text, answer, answer_text, status, note}]
    sources          [{id, title, publisher, year, url, cited}]
    hidden_answers   [question id]   answers given to questions their condition hid
    not_asked        {version, questions: [question id]}   when the answers were made with another
                     version that did not ask these (added since): unknown, said so; else {}

`SCHEMA_VERSION` changes whenever a field changes meaning; `from_dict` refuses versions it
does not know, naming them.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 3
KNOWN_VERSIONS = (1, 2, 3)


@dataclass
class Contribution:
    """What one question added to its dimension's score: the trace behind every point."""

    question: str
    text: str
    answer: Any
    answer_text: str
    # answered | unknown | hidden | unscored | not_applicable | absent (hidden because its
    # basis is missing, scored as zero: "no goals" means no KPIs either)
    status: str
    points: float | None = None
    max_points: float = 0.0
    weight: float = 0.0
    share: float | None = None  # points of the dimension's 0-100 score this answer earned
    note: str = ""


@dataclass
class DimensionResult:
    id: str
    name: str
    score: float | None  # None when no scored question was answered: unknown, never zero
    weight: float
    answered: int
    applicable: int
    why: str
    verdict: str  # composed from the statements below (or the weak/strong fallback)
    weak: bool
    contributions: list[Contribution] = field(default_factory=list)
    status: str = "scored"  # scored | unknown | not_applicable
    statements: list[str] = field(default_factory=list)  # ids of the statements shown


@dataclass
class Evidence:
    question: str
    text: str
    answer_text: str
    answer: Any = None  # the canonical answer the text was worded from


@dataclass
class FactRef:
    id: str
    text: str
    source: str
    quote: bool


@dataclass
class Finding:
    """A detected misconception with the answers that show it."""

    id: str
    title: str
    belief: str
    why: str
    headline: bool
    severity: str  # high | medium | low
    severity_score: float  # share of the misconception's signal weight the answers triggered
    evidence: list[Evidence]
    advice: list[str]
    sources: list[str]
    facts: list[FactRef]
    caps_level: int | None = None  # the highest level a company with this finding can reach


@dataclass
class AdviceItem:
    id: str
    rank: int
    title: str
    text: str
    steps: list[str]
    impact: int
    effort: int
    horizon: str  # "30" | "90" | "later"
    priority: float
    quick_win: bool
    misconceptions: list[str]  # the detected ones it addresses
    dimensions: list[str]  # the weak ones it addresses
    phase: str = ""  # the plan phase it is in (every output shows the same)
    requires: list[str] = field(default_factory=list)  # given advice that comes first
    hours_per_week: float = 0.0
    setup_hours: float = 0.0
    deferred: str = ""  # why it is later than its horizon: "" | capacity | requires | full


@dataclass
class PlanPhase:
    id: str
    weeks: str
    advice: list[str]  # advice ids, in rank order
    hours_per_week: float = 0.0  # the weekly time the plan asks for in this phase


@dataclass
class AppendixItem:
    question: str
    dimension: str
    text: str
    answer_text: str
    status: str
    note: str = ""
    answer: Any = None  # the canonical answer the text was worded from


@dataclass
class Assessment:
    schema_version: int
    language: str
    questionnaire: dict[str, str]
    company: dict[str, str]
    generated: str
    overall_score: float | None
    level: dict[str, Any] | None
    levels: list[dict[str, Any]]
    completeness: dict[str, Any]
    dimensions: list[DimensionResult]
    findings: list[Finding]
    advice: list[AdviceItem]
    plan: list[PlanPhase]
    appendix: list[AppendixItem]
    sources: list[dict[str, Any]]
    hidden_answers: list[str] = field(default_factory=list)
    # The client's own words (role -> answer as typed: "goal", "frustration"), the
    # consultant's notes and the session, carried through unchanged from the answers.
    client_words: dict[str, str] = field(default_factory=dict)
    consultant_notes: dict[str, Any] = field(default_factory=dict)
    session: dict[str, Any] = field(default_factory=dict)
    # Sections of the consultant's practice (audit/respondents.py, audit/progress.py,
    # audit/benchmark.py); None when the report has no such section.
    respondents: dict[str, Any] | None = None
    progress: dict[str, Any] | None = None
    benchmark: dict[str, Any] | None = None
    brand: str = ""  # the brand kit named in the answers file, as written there
    # {available, needed, fits, shortfall}: hours per week the company said it has, and
    # what the plan asks at its busiest (None when the company did not say).
    plan_capacity: dict[str, Any] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)  # values inferred, with their origin
    # {version, questions}: answers made with another version of the questionnaire (an old
    # client list or answers file) that could not have been asked these questions (added
    # since); they count as unknown and the report says they were not asked. Empty otherwise.
    not_asked: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The saved form: equal to `dataclasses.asdict(self)`, built about 5x faster (the web
        app saves one per page a company saves)."""
        return _plain(self)

    # Conveniences for renderers: lookups only, no computation of scores.
    @property
    def top_findings(self) -> list[Finding]:
        return self.findings[:3]

    def advice_by_id(self, aid: str) -> AdviceItem | None:
        return next((a for a in self.advice if a.id == aid), None)

    def dimension(self, did: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == did), None)

    def finding(self, fid: str) -> Finding | None:
        return next((f for f in self.findings if f.id == fid), None)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Assessment:
        """Rebuild from JSON (for outputs that read saved assessments, like the overview).

        Version 1 (before the canonical answers were kept next to evidence and appendix
        texts) is upgraded: those answers are taken from the dimensions' contributions."""
        version = data.get("schema_version")
        if version not in KNOWN_VERSIONS:
            raise ValueError(f"assessment schema version {version!r} is not one of "
                             f"{', '.join(map(str, KNOWN_VERSIONS))}; a newer smaudit wrote it")
        d = dict(data)
        if version == 1:
            d = _upgrade_v1(d)
        # Version 2 lacks the judgement fields of version 3 (level reason and caps, verdict
        # statements, plan hours); their defaults say "not recorded".
        d["schema_version"] = SCHEMA_VERSION
        d["dimensions"] = [
            DimensionResult(**{**x, "contributions": [Contribution(**c) for c in x["contributions"]]})
            for x in d["dimensions"]
        ]
        d["findings"] = [
            Finding(**{**f, "evidence": [Evidence(**e) for e in f["evidence"]],
                       "facts": [FactRef(**r) for r in f["facts"]]})
            for f in d["findings"]
        ]
        d["advice"] = [AdviceItem(**a) for a in d["advice"]]
        d["plan"] = [PlanPhase(**p) for p in d["plan"]]
        d["appendix"] = [AppendixItem(**a) for a in d["appendix"]]
        return cls(**d)


_ATOMS = (str, int, float, bool, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` for the Assessment's shapes, without its deep copy of every leaf."""
    if isinstance(value, _ATOMS):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, tuple):
        return type(value)(_plain(v) for v in value)
    return copy.deepcopy(value)


def _upgrade_v1(d: dict[str, Any]) -> dict[str, Any]:
    answers = {c["question"]: c.get("answer") for x in d["dimensions"] for c in x["contributions"]}
    d["findings"] = [{**f, "evidence": [{**e, "answer": answers.get(e["question"])}
                                        for e in f["evidence"]]} for f in d["findings"]]
    d["appendix"] = [{**a, "answer": answers.get(a["question"])} for a in d["appendix"]]
    d["schema_version"] = SCHEMA_VERSION
    return d
