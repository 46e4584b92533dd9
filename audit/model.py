"""Typed objects for the questionnaire, validated on load (pydantic).

The questionnaire is data: a consultant edits questions, points, weights, rules and advice
in `questionnaires/*.yaml`; this module only says what shape that data must have.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from audit import rules

LANGUAGES = ("nl", "en")
Language = Literal["nl", "en"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both report languages."""

    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, lang: str) -> str:
        return getattr(self, lang)


class Source(Strict):
    id: str
    title: str
    publisher: str
    year: int | None = None
    url: str | None = None


class Fact(Strict):
    id: Identifier
    text: Text
    source: str
    quote: bool = False


class Level(Strict):
    number: int = Field(ge=1, le=5)
    min_score: float = Field(ge=0, le=100)
    name: Text
    description: Text


class Dimension(Strict):
    id: Identifier
    name: Text
    weight: float = Field(default=1.0, gt=0)
    why: Text
    weak: Text
    strong: Text


class Option(Strict):
    value: Identifier
    label: Text
    points: float = 0
    exclusive: bool = False  # a "none of these" option that excludes the others


class Band(Strict):
    """Points for a number answer: the first band whose `upto` the number does not exceed."""

    upto: float | None = None
    points: float


QuestionType = Literal["single", "multi", "yesno", "scale", "number", "text"]


class Question(Strict):
    id: Identifier
    dimension: Identifier
    type: QuestionType
    text: Text
    help: Text | None = None
    required: bool = True
    weight: float = Field(default=1.0, ge=0)
    condition: str | None = None
    options: list[Option] | None = None
    max_points: float | None = Field(default=None, gt=0)
    yes_points: float | None = None
    no_points: float | None = None
    scale_points: list[float] | None = None
    scale_labels: Text | None = None  # "low end / high end", e.g. "not at all / completely"
    min: float | None = None
    max: float | None = None
    unit: Text | None = None  # as shown next to the question ("mensen", "hours per week")
    unit_one: Text | None = None  # the unit after the number 1 ("persoon", "hour per week")
    whole: bool = False  # a number question counted in whole units (people, posts): 1,5 is refused
    bands: list[Band] | None = None

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        kind = self.type
        if kind in ("single", "multi"):
            if not self.options or len(self.options) < 2:
                raise ValueError(f"a {kind} question needs at least two options")
            values = [o.value for o in self.options]
            if len(values) != len(set(values)):
                raise ValueError("option values must be unique")
        elif self.options:
            raise ValueError(f"a {kind} question has no options")
        if kind == "yesno" and (self.yes_points is None or self.no_points is None):
            raise ValueError("a yesno question needs yes_points and no_points")
        if kind == "scale" and self.scale_points is not None and len(self.scale_points) != 5:
            raise ValueError("scale_points needs exactly 5 numbers (for answers 1 to 5)")
        if kind == "number":
            if self.bands is None and self.weight > 0:
                raise ValueError("a scored number question needs bands (or weight: 0)")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError("min is larger than max")
        if self.whole and kind != "number":
            raise ValueError("only a number question can be whole")
        if kind == "text" and self.weight not in (0, 1):
            raise ValueError("a text question is never scored; leave out weight")
        return self

    @property
    def scored(self) -> bool:
        return self.type != "text" and self.weight > 0

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options or [] if o.value == value), None)

    def max_score(self) -> float:
        """The points a perfect answer earns (the denominator of this question's score)."""
        if self.type == "single":
            return max(o.points for o in self.options or [])
        if self.type == "multi":
            total = sum(o.points for o in self.options or [] if o.points > 0)
            return min(total, self.max_points) if self.max_points else total
        if self.type == "yesno":
            return max(self.yes_points or 0, self.no_points or 0)
        if self.type == "scale":
            return max(self.scale_points) if self.scale_points else 4.0
        if self.type == "number":
            return max(b.points for b in self.bands or [Band(points=0)])
        return 0.0


class Signal(Strict):
    """One way the answers show a misconception; its weight adds to the severity."""

    when: str
    weight: float = Field(default=1.0, gt=0)


class Misconception(Strict):
    id: Identifier
    headline: bool = False
    title: Text
    belief: Text
    why: Text
    signals: list[Signal] = Field(min_length=1)
    threshold: float = Field(default=1.0, gt=0)
    sources: list[str] = Field(default_factory=list)
    facts: list[str] = Field(default_factory=list)


Horizon = Literal["30", "90", "later"]


class Advice(Strict):
    id: Identifier
    title: Text
    text: Text
    steps: list[Text] = Field(default_factory=list)
    impact: int = Field(ge=1, le=5)
    effort: int = Field(ge=1, le=5)
    horizon: Horizon
    misconceptions: list[Identifier] = Field(default_factory=list)
    dimensions: list[Identifier] = Field(default_factory=list)

    @field_validator("horizon", mode="before")
    @classmethod
    def _horizon_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _addresses_something(self) -> Advice:
        if not self.misconceptions and not self.dimensions:
            raise ValueError("advice must address at least one misconception or dimension")
        return self


class Scoring(Strict):
    weak_dimension_below: float = Field(default=60, ge=0, le=100)
    quick_win_min_impact: int = Field(default=3, ge=1, le=5)
    quick_win_max_effort: int = Field(default=2, ge=1, le=5)
    plan_items_per_phase: int = Field(default=3, ge=1, le=10)


class ClientVoice(Strict):
    """The open questions whose answers the report quotes on its first page, in the
    client's own words: their main business goal and their biggest frustration."""

    goal: Identifier | None = None
    frustration: Identifier | None = None


class Questionnaire(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str
    title: Text
    scoring: Scoring = Scoring()
    client_voice: ClientVoice = ClientVoice()
    sources: list[Source]
    facts: list[Fact] = Field(default_factory=list)
    levels: list[Level] = Field(min_length=5, max_length=5)
    dimensions: list[Dimension] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    misconceptions: list[Misconception] = Field(default_factory=list)
    advice: list[Advice] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        """Cross-references between parts; each error names the item it is about."""
        dims = {d.id for d in self.dimensions}
        qids: list[str] = [q.id for q in self.questions]
        dupes = sorted({q for q in qids if qids.count(q) > 1})
        if dupes:
            raise ValueError(f"question id used twice: {', '.join(dupes)}")
        known = set()
        for q in self.questions:
            if q.dimension not in dims:
                raise ValueError(f"question {q.id}: unknown dimension {q.dimension!r}")
            if q.condition:
                try:
                    rules.parse(q.condition, known)  # may only read earlier questions
                except rules.RuleError as exc:
                    raise ValueError(f"question {q.id}: condition: {exc}") from None
            known.add(q.id)
        for role in ("goal", "frustration"):
            qid = getattr(self.client_voice, role)
            if qid is not None:
                question = next((q for q in self.questions if q.id == qid), None)
                if question is None or question.type != "text":
                    raise ValueError(f"client_voice.{role}: {qid!r} is not a text question")
        levels = sorted(self.levels, key=lambda lv: lv.number)
        if [lv.number for lv in levels] != [1, 2, 3, 4, 5] or levels[0].min_score != 0:
            raise ValueError("levels must be numbered 1 to 5, level 1 starting at min_score 0")
        if any(a.min_score >= b.min_score for a, b in zip(levels, levels[1:], strict=False)):
            raise ValueError("levels: min_score must rise with the level number")
        source_ids = {s.id for s in self.sources}
        fact_ids = {f.id for f in self.facts}
        for fact in self.facts:
            if fact.source not in source_ids:
                raise ValueError(f"fact {fact.id}: unknown source {fact.source!r}")
        mids = {m.id for m in self.misconceptions}
        for m in self.misconceptions:
            for i, signal in enumerate(m.signals, 1):
                try:
                    rules.parse(signal.when, set(qids))
                except rules.RuleError as exc:
                    raise ValueError(f"misconception {m.id}: signal {i}: {exc}") from None
            if m.threshold > sum(s.weight for s in m.signals):
                raise ValueError(f"misconception {m.id}: threshold can never be reached")
            for ref in m.sources:
                if ref.split()[0] not in source_ids:
                    raise ValueError(f"misconception {m.id}: unknown source {ref!r}")
            for fid in m.facts:
                if fid not in fact_ids:
                    raise ValueError(f"misconception {m.id}: unknown fact {fid!r}")
        for a in self.advice:
            for mid in a.misconceptions:
                if mid not in mids:
                    raise ValueError(f"advice {a.id}: unknown misconception {mid!r}")
            for did in a.dimensions:
                if did not in dims:
                    raise ValueError(f"advice {a.id}: unknown dimension {did!r}")
        return self

    # Lookups used by every front end.
    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def dimension(self, did: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == did)

    def questions_in(self, did: str) -> list[Question]:
        return [q for q in self.questions if q.dimension == did]

    def source(self, sid: str) -> Source | None:
        return next((s for s in self.sources if s.id == sid), None)

    def fact(self, fid: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fid), None)

    def level_for(self, score: float) -> Level:
        return max((lv for lv in self.levels if score >= lv.min_score), key=lambda lv: lv.number)

    def condition_rule(self, question: Question) -> rules.Rule | None:
        return rules.parse(question.condition) if question.condition else None
