"""The Assessment: one plain data object that every output renders and none recomputes.

It is resolved in one language (texts are ready to print) and is JSON-serialisable as it is;
`SCHEMA_VERSION` changes whenever a field changes meaning.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1


@dataclass
class Contribution:
    """What one question added to its dimension's score: the trace behind every point."""

    question: str
    text: str
    answer: Any
    answer_text: str
    status: str  # answered | unknown | hidden | unscored
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
    verdict: str  # the explanation that fits the score (weak or strong)
    weak: bool
    contributions: list[Contribution] = field(default_factory=list)


@dataclass
class Evidence:
    question: str
    text: str
    answer_text: str


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


@dataclass
class PlanPhase:
    id: str
    weeks: str
    advice: list[str]  # advice ids, in rank order


@dataclass
class AppendixItem:
    question: str
    dimension: str
    text: str
    answer_text: str
    status: str
    note: str = ""


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

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

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
        """Rebuild from JSON (for outputs that read saved assessments, like the overview)."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"assessment schema version {data.get('schema_version')!r} "
                             f"is not {SCHEMA_VERSION}")
        d = dict(data)
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
