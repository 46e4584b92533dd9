"""Typed objects for the questionnaire, validated on load (pydantic).

The questionnaire is data: a consultant edits questions, points, weights, rules and advice
in `questionnaires/*.yaml`; this module only says what shape that data must have.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from audit import languages, qtypes, rules

# The languages smaudit has settings and interface texts for (languages/<code>/), read from
# the data: a new folder there (or in the consultant's own folder) adds a language.
LANGUAGES: tuple[str, ...] = languages.available()
Language = str
DEFAULT_QUESTIONNAIRE_LANGUAGES = ("nl", "en")
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(BaseModel):
    """A text per language: `{nl: ..., en: ...}`, and as many more as the questionnaire
    offers; a variant key such as `nl-BE` overrides its base language where wording differs.
    `text("nl-BE")` follows the language's fallbacks (nl-BE -> nl); `.nl` and `.en` still
    work as attributes. Which languages must be present is checked by the questionnaire."""

    model_config = ConfigDict(extra="allow", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _per_language(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not data:
            raise ValueError("expected a text per language, e.g. {nl: ..., en: ...}")
        for code, text in data.items():
            if not isinstance(code, str) or not languages.CODE.match(code):
                alike = [k for k in languages.available() if k.lower() == str(code).lower().replace("_", "-")]
                hint = f" (did you mean {alike[0]}?)" if alike else ""
                raise ValueError(f"{code!r} is not a language code such as nl, en or nl-BE{hint}")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{code}: expected a text, not {text!r}")
        return data

    @property
    def texts(self) -> dict[str, str]:
        """Language code -> text, as written in the file."""
        return dict(self.__pydantic_extra__ or {})

    def get(self, lang: str) -> str | None:
        """The text for `lang` or, failing that, for its fallback languages; None if none."""
        texts = self.texts
        if lang in texts:
            return texts[lang]
        try:
            chain = languages.chain(lang)
        except Exception:  # an unknown language: only an exact key can match
            return None
        return next((texts[code] for code in chain if code in texts), None)

    def __call__(self, lang: str) -> str:
        text = self.get(lang)
        if text is None:
            raise ValueError(f"no text in {lang!r} (this text has {', '.join(self.texts)})")
        return text


def texts_in(node: Any, where: str = "") -> Iterator[tuple[str, Text]]:
    """Every Text in a model (depth first), with where it is: `questions goals > text`."""
    if isinstance(node, Text):
        yield where, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            label = name
            yield from texts_in(value, f"{where} > {label}" if where else label)
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node, 1):
            ident = getattr(item, "id", None) or getattr(item, "value", None) or getattr(item, "number", None)
            yield from texts_in(item, f"{where} {ident}" if ident is not None else f"{where}[{i}]")


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
    """A maturity level. `excludes` lists the findings its description would contradict:
    loading fails unless each of them caps the level below this one at every severity."""

    number: int = Field(ge=1, le=20)  # as many levels as the questionnaire lists
    min_score: float = Field(ge=0, le=100)
    name: Text
    description: Text
    excludes: list[Identifier] = Field(default_factory=list)


Tone = Literal["positive", "negative", "neutral"]


class Statement(Strict):
    """One sentence a dimension's verdict may be composed of, shown only when `when` holds
    and none of the findings in `unless` is detected. A positive statement must name in
    `unless` every misconception about its dimension (checked on load), so a verdict can
    never praise what a finding in the same report criticises."""

    id: Identifier
    tone: Tone = "neutral"
    when: str | None = None
    unless: list[Identifier] = Field(default_factory=list)
    text: Text


class Dimension(Strict):
    id: Identifier
    name: Text
    weight: float = Field(default=1.0, gt=0)
    why: Text
    weak: Text | None = None  # fallback verdicts when no statement holds
    strong: Text | None = None
    statements: list[Statement] = Field(default_factory=list)
    not_applicable: Text | None = None  # shown when none of its questions applies


class Option(Strict):
    value: Identifier
    label: Text
    points: float = 0
    exclusive: bool = False  # a "none of these" option that excludes the others
    not_applicable: bool = False  # "does not apply to us": left out of the score, like hidden


class Band(Strict):
    """Points for a number answer: the first band whose `upto` the number does not exceed."""

    upto: float | None = None
    points: float


# The question types and what each means live in audit/qtypes.py (one class per type).
QuestionType = str


class Question(Strict):
    id: Identifier
    dimension: Identifier
    type: QuestionType
    text: Text
    help: Text | None = None
    required: bool = True
    weight: float = Field(default=1.0, ge=0)
    condition: str | None = None
    # What it means when the condition is false because of an earlier answer ("no goals"
    # hides the KPI question): `absent` scores it as zero points, `not_applicable` leaves it
    # out. A condition that is unknown (its basis unanswered) always leaves it out.
    hidden_means: Literal["not_applicable", "absent"] = "not_applicable"
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

    @field_validator("type")
    @classmethod
    def _registered_type(cls, value: str) -> str:
        if value not in qtypes.REGISTRY:
            raise ValueError(f"unknown question type {value!r} (known: {', '.join(qtypes.REGISTRY)})")
        return value

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        kind = qtypes.REGISTRY[self.type]
        if self.options and not kind.has_options:
            raise ValueError(f"a {self.type} question has no options")
        kind.check(self)
        if self.whole and self.type != "number":
            raise ValueError("only a number question can be whole")
        return self

    @property
    def scored(self) -> bool:
        return qtypes.REGISTRY[self.type].scorable and self.weight > 0

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options or [] if o.value == value), None)

    def max_score(self) -> float:
        """The points a perfect answer earns (the denominator of this question's score)."""
        return qtypes.REGISTRY[self.type].max_score(self)


SignalKind = Literal["belief", "behaviour", "gap"]


class Signal(Strict):
    """One way the answers show a misconception.

    `kind`: `belief` (the client states the belief), `behaviour` (the client does what the
    belief leads to) or `gap` (good practice is merely missing). A misconception is only
    detected when at least one belief or behaviour signal holds. `evidence` names the
    questions whose answers prove the point (default: every question the rule reads,
    except those only tested with answered()). Signals that exclude each other count once
    (see `group`), so severity is not understated by weight that can never hold at once."""

    when: str
    weight: float = Field(default=1.0, gt=0)
    kind: SignalKind = "gap"
    evidence: list[Identifier] | None = None
    # Signals in one group cannot hold together (or say the same thing): only the strongest
    # counts. Default: signals reading the same single-answer questions form a group.
    group: Identifier | None = None


class Misconception(Strict):
    id: Identifier
    headline: bool = False
    title: Text
    belief: Text
    why: Text
    signals: list[Signal] = Field(min_length=1)
    threshold: float = Field(default=1.0, gt=0)
    # Not looked for when this rule is false (unknown counts as applicable).
    applies: str | None = None
    dimensions: list[Identifier] = Field(default_factory=list)  # what it is about
    # The highest level a company can reach with this finding, per severity.
    caps_level: dict[Literal["high", "medium", "low"], int] = Field(default_factory=dict)
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
    # Given only when this rule is not false (unknown counts as applicable): for what the
    # company already does, or what does not fit its size, the rule is false.
    applies: str | None = None
    requires: list[Identifier] = Field(default_factory=list)  # advice that must come first
    hours_per_week: float = Field(default=0, ge=0)  # ongoing time once it runs
    setup_hours: float = Field(default=0, ge=0)  # one-off time to put it in place

    @field_validator("horizon", mode="before")
    @classmethod
    def _horizon_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @model_validator(mode="after")
    def _addresses_something(self) -> Advice:
        if not self.misconceptions and not self.dimensions:
            raise ValueError("advice must address at least one misconception or dimension")
        return self


class LevelCap(Strict):
    """A level the answers alone rule out: with `when` true the level is at most `max_level`."""

    id: Identifier
    when: str
    max_level: int = Field(ge=1, le=20)
    reason: Text
    advice: list[Identifier] = Field(default_factory=list)  # what lifts the cap


class PlanPhaseSpec(Strict):
    id: Identifier
    first_week: int = Field(ge=1)
    last_week: int | None = None  # None: after the plan period
    max_items: int = Field(default=3, ge=0, le=100)
    horizons: list[Horizon]  # which horizons may be planned here
    quick_wins_only: bool = False


def _default_phases() -> list[PlanPhaseSpec]:
    return [
        PlanPhaseSpec(id="phase_weeks_1_2", first_week=1, last_week=2, max_items=2,
                      horizons=["30"], quick_wins_only=True),
        PlanPhaseSpec(id="phase_weeks_3_4", first_week=3, last_week=4, max_items=3,
                      horizons=["30"]),
        PlanPhaseSpec(id="phase_weeks_5_8", first_week=5, last_week=8, max_items=3,
                      horizons=["30", "90"]),
        PlanPhaseSpec(id="phase_weeks_9_12", first_week=9, last_week=12, max_items=3,
                      horizons=["30", "90"]),
        PlanPhaseSpec(id="phase_later", first_week=13, horizons=["30", "90", "later"],
                      max_items=20),
    ]


class Scoring(Strict):
    """Every constant of the judgement, so a consultant can tune it without code."""

    weak_dimension_below: float = Field(default=60, ge=0, le=100)
    quick_win_min_impact: int = Field(default=3, ge=1, le=5)
    quick_win_max_effort: int = Field(default=2, ge=1, le=5)
    plan_items_per_phase: int = Field(default=3, ge=1, le=10)  # kept for older files
    severity_high_from: float = Field(default=0.67, gt=0, le=1)
    severity_medium_from: float = Field(default=0.34, gt=0, le=1)
    # priority = urgency x impact x (ease_base - effort) / ease_divisor, where urgency is
    # urgency_base + urgency_per_severity x severity (+ urgency_per_extra_reason for each
    # further finding or weak dimension the advice also addresses)
    urgency_base: float = Field(default=1.0, ge=0)
    urgency_per_severity: float = Field(default=2.0, ge=0)
    urgency_per_extra_reason: float = Field(default=0.25, ge=0)
    ease_base: float = Field(default=6.0, gt=5)
    ease_divisor: float = Field(default=5.0, gt=0)
    level_caps: list[LevelCap] = Field(default_factory=list)
    # Urgency of advice that lifts a level cap, as if it answered a finding of this severity.
    level_cap_severity: float = Field(default=0.5, ge=0, le=1)
    statements_per_verdict: int = Field(default=3, ge=1, le=10)
    plan_phases: list[PlanPhaseSpec] = Field(default_factory=_default_phases)
    # Advice placed even when the company's hours do not cover it (the plan then says
    # plainly how many hours it needs): the foundations are never silently dropped.
    plan_core_items: int = Field(default=2, ge=0, le=10)
    # One-off set-up work a company can fit in on top of its usual hours, per week.
    plan_setup_slack_hours: float = Field(default=2.0, ge=0)
    available_hours_question: str | None = None  # the question that says the hours per week

    @model_validator(mode="after")
    def _ordered(self) -> Scoring:
        if self.severity_medium_from >= self.severity_high_from:
            raise ValueError("severity_medium_from must be below severity_high_from")
        return self


def _check_rule(text: str | None, known: set[str], where: str) -> None:
    if text is None:
        return
    try:
        rules.parse(text, known)
    except rules.RuleError as exc:
        raise ValueError(f"{where}: {exc}") from None


def _collect(found: list[str], check: Any, *args: Any) -> None:
    """Run a check that raises ValueError; keep its message and go on."""
    try:
        check(*args)
    except ValueError as exc:
        found.append(str(exc))


def _check_no_cycles(requires: dict[str, list[str]]) -> None:
    """Advice that (indirectly) requires itself could never be planned."""
    state: dict[str, int] = {}

    def visit(aid: str, path: list[str]) -> None:
        if state.get(aid) == 2:
            return
        if state.get(aid) == 1:
            raise ValueError(f"advice requires form a cycle: {' -> '.join(path + [aid])}")
        state[aid] = 1
        for rid in requires.get(aid, []):
            visit(rid, path + [aid])
        state[aid] = 2

    for aid in requires:
        visit(aid, [])


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _holds(op: str, value: float, limit: float) -> bool:
    return {"==": value == limit, "!=": value != limit, "<": value < limit, "<=": value <= limit,
            ">": value > limit, ">=": value >= limit}[op]


def _number_range(question: Question) -> tuple[float, float, bool] | None:
    """(lowest, highest, whole numbers only) a scale or number answer can be."""
    if question.type == "scale":
        return 1, 5, True
    if question.type == "number":
        low = question.min if question.min is not None else float("-inf")
        high = question.max if question.max is not None else float("inf")
        return low, high, question.whole
    return None


def _never_holds(op: str, limit: float, span: tuple[float, float, bool]) -> bool:
    """Whether `answer OP limit` is false for every answer in the span."""
    low, high, whole = span
    if op == "==":
        return not (low <= limit <= high) or (whole and limit != int(limit))
    if op in ("<", "<="):
        return not _holds(op, low, limit)
    if op in (">", ">="):
        return not _holds(op, high, limit)
    return False


def rule_value_problems(q: Questionnaire, tree: tuple) -> list[str]:
    """For one parsed rule: each comparison of a question with an answer it cannot have."""
    problems: list[str] = []
    tag = tree[0]
    if tag == "not":
        return rule_value_problems(q, tree[1])
    if tag in ("and", "or"):
        for child in tree[1]:
            problems += rule_value_problems(q, child)
        return problems
    if tag != "cmp":
        return problems
    _, op, left, right = tree
    if right[0] == "ref" and left[0] in ("lit", "list"):
        left, right, op = right, left, _FLIPPED.get(op, op)
    if left[0] != "ref" or right[0] not in ("lit", "list"):
        return problems
    question = q.question(left[1])
    if question is None:
        return problems
    values = [right[1]] if right[0] == "lit" else list(right[1])
    if question.type in ("single", "multi", "yesno"):
        allowed = ({o.value for o in question.options or []} if question.type != "yesno"
                   else {"yes", "no"})
        for value in values:
            if isinstance(value, bool) or not isinstance(value, str) or value not in allowed:
                problems.append(f"compares {question.id} with {value!r}, which is not one of its "
                                f"answers ({', '.join(sorted(allowed))})")
        return problems
    span = _number_range(question)
    if span is None:
        return problems
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"compares {question.id} (a {question.type} question) with {value!r}, "
                            "which is not a number")
        elif op in ("==", "<", "<=", ">", ">=", "in") and \
                _never_holds("==" if op == "in" else op, value, span):
            low, high, _ = span
            shown = "1 to 5" if question.type == "scale" else \
                f"{low:g} to {high:g}".replace("-inf", "any").replace("inf", "any")
            problems.append(f"can never hold: the answers to {question.id} run from {shown}")
    return problems


class ClientVoice(Strict):
    """The open questions whose answers the report quotes on its first page, in the
    client's own words: their main business goal and their biggest frustration."""

    goal: Identifier | None = None
    frustration: Identifier | None = None


# The phrases of `texts:` the judgement composes, with the {placeholders} it fills in.
_LEVEL_PARAMS = frozenset({"score_level", "score_level_name", "level", "reasons", "findings"})
COMPOSED_TEXTS: dict[str, frozenset[str]] = {
    "level_capped": _LEVEL_PARAMS, "level_capped_findings": _LEVEL_PARAMS,
    "level_capped_both": _LEVEL_PARAMS, "answer_absent": frozenset(),
    "dimension_not_applicable": frozenset()}


class Questionnaire(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    version: str
    # The languages every text of this questionnaire is written in (variants such as nl-BE
    # need not be listed: they fall back to their base language).
    languages: list[str] = Field(default_factory=lambda: list(DEFAULT_QUESTIONNAIRE_LANGUAGES), min_length=1)
    title: Text
    # About how many minutes a company needs for it; shown before it starts (web, interview).
    minutes: int | None = Field(default=None, ge=1, le=240)
    scoring: Scoring = Scoring()
    client_voice: ClientVoice = ClientVoice()
    sources: list[Source]
    facts: list[Fact] = Field(default_factory=list)
    levels: list[Level] = Field(min_length=2, max_length=20)
    dimensions: list[Dimension] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    # A changed questionnaire keeps old answers files working: answers to a retired question
    # are set aside (and reported), answers to a renamed one move to its new id.
    retired: list[Identifier] = Field(default_factory=list)
    renamed: dict[Identifier, Identifier] = Field(default_factory=dict)
    misconceptions: list[Misconception] = Field(default_factory=list)
    advice: list[Advice] = Field(default_factory=list)
    # Phrases the judgement composes with parameters, e.g. why a level is capped:
    # {level_capped: {nl: "... {level} ...", en: ...}}.
    texts: dict[Identifier, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Questionnaire:
        """Cross-references between parts; each error names the item it is about, and every
        one is reported at once (one line each), not one per round. With a `problems` list in
        the validation context they go there instead (`validate --strict` then checks the
        rest of the file as well)."""
        problems = self.consistency_problems()
        collect = info.context.get("problems") if isinstance(info.context, dict) else None
        if problems and collect is not None:
            collect.extend(problems)
        elif problems:
            raise ValueError("\n".join(problems))
        return self

    def consistency_problems(self) -> list[str]:
        """Every broken cross-reference, one line each (see `_consistent`)."""
        found: list[str] = []
        bad = [code for code in self.languages if not languages.CODE.match(code)]
        if bad:
            found.append(f"languages: {', '.join(map(repr, bad))} are not language codes like nl or en")
        found += self.missing_texts()
        dims = {d.id for d in self.dimensions}
        qids: list[str] = [q.id for q in self.questions]
        for kind, items in (("question", self.questions), ("dimension", self.dimensions),
                            ("misconception", self.misconceptions), ("advice", self.advice),
                            ("fact", self.facts), ("source", self.sources),
                            ("scoring.level_caps", self.scoring.level_caps),
                            ("scoring.plan_phases", self.scoring.plan_phases)):
            ids = [item.id for item in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:  # each id must name one item: rules, advice and answers files refer to it
                found.append(f"{kind} id used twice: {', '.join(dupes)}")
        known = set()
        for q in self.questions:
            if q.dimension not in dims:
                found.append(f"question {q.id}: unknown dimension {q.dimension!r}")
            if q.condition:
                try:
                    rules.parse(q.condition, known)  # may only read earlier questions
                except rules.RuleError as exc:
                    found.append(f"question {q.id}: condition: {exc}{self._asked_later(str(exc), q.id)}")
            known.add(q.id)
        for role in ("goal", "frustration"):
            qid = getattr(self.client_voice, role)
            if qid is not None:
                question = next((q for q in self.questions if q.id == qid), None)
                if question is None or question.type != "text":
                    found.append(f"client_voice.{role}: {qid!r} is not a text question")
        for old in self.retired:
            if old in qids:
                found.append(f"retired: {old} is still a question; drop it from questions or retired")
            if old in self.renamed:
                found.append(f"retired: {old} is also renamed; it can be one or the other")
        for old, new in self.renamed.items():
            if old in qids:
                found.append(f"renamed: {old} is still a question; only a former id can be renamed")
            if new not in qids:
                found.append(f"renamed: {old} -> {new}: there is no question {new}")
        levels = sorted(self.levels, key=lambda lv: lv.number)
        count = len(levels)
        if [lv.number for lv in levels] != list(range(1, count + 1)) or levels[0].min_score != 0:
            found.append(f"levels must be numbered 1 to {count}, level 1 starting at min_score 0")
        for a, b in zip(levels, levels[1:], strict=False):
            if a.min_score >= b.min_score:
                found.append(f"level {b.number}: min_score {b.min_score:g} must be above level "
                             f"{a.number}'s {a.min_score:g} (min_score must rise with the level number)")
        source_ids = {s.id for s in self.sources}
        fact_ids = {f.id for f in self.facts}
        for fact in self.facts:
            if fact.source not in source_ids:
                found.append(f"fact {fact.id}: unknown source {fact.source!r}")
        mids = {m.id for m in self.misconceptions}
        all_q = set(qids)
        for m in self.misconceptions:
            parsed = {}
            for i, signal in enumerate(m.signals, 1):
                try:
                    parsed[i] = rules.parse(signal.when, all_q)
                except rules.RuleError as exc:
                    found.append(f"misconception {m.id}: signal {i}: {exc}")
            if m.threshold > sum(s.weight for s in m.signals):
                found.append(f"misconception {m.id}: threshold can never be reached")
            for ref in m.sources:
                if ref.split()[0] not in source_ids:
                    found.append(f"misconception {m.id}: unknown source {ref!r}")
            for fid in m.facts:
                if fid not in fact_ids:
                    found.append(f"misconception {m.id}: unknown fact {fid!r}")
            if not any(s.kind in ("belief", "behaviour") for s in m.signals):
                found.append(f"misconception {m.id}: needs at least one signal of kind "
                             "belief or behaviour (absence of good practice alone proves "
                             "no belief)")
            for i, signal in enumerate(m.signals, 1):
                refs = parsed[i].refs if i in parsed else set()
                for qid in signal.evidence or []:
                    if i in parsed and qid not in refs:
                        found.append(f"misconception {m.id}: signal {i}: evidence {qid!r} "
                                     "is not read by its rule")
            _collect(found, _check_rule, m.applies, all_q, f"misconception {m.id}: applies")
            for did in m.dimensions:
                if did not in dims:
                    found.append(f"misconception {m.id}: unknown dimension {did!r}")
            for severity, cap in m.caps_level.items():
                if not 1 <= cap <= len(self.levels):
                    found.append(f"misconception {m.id}: caps_level.{severity} must be a "
                                 f"level number, 1-{len(self.levels)}")
        advice_ids = {a.id for a in self.advice}
        for cap in self.scoring.level_caps:
            _collect(found, _check_rule, cap.when, all_q, f"scoring.level_caps {cap.id}")
            for aid in cap.advice:
                if aid not in advice_ids:
                    found.append(f"scoring.level_caps {cap.id}: unknown advice {aid!r}")
        by_id = {m.id: m for m in self.misconceptions}
        for lv in self.levels:
            for mid in lv.excludes:
                if mid not in by_id:
                    found.append(f"level {lv.number}: excludes unknown misconception {mid!r}")
                    continue
                caps = by_id[mid].caps_level
                if any(caps.get(sev, lv.number) >= lv.number for sev in ("high", "medium", "low")):
                    found.append(
                        f"level {lv.number}: its description contradicts {mid}, so {mid} "
                        f"must cap the level below {lv.number} at every severity "
                        f"(caps_level now {dict(caps)})")
        for d in self.dimensions:
            about = sorted(m.id for m in self.misconceptions if d.id in m.dimensions)
            ids = [st.id for st in d.statements]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                found.append(f"dimension {d.id}: statement id used twice: {', '.join(dupes)}")
            for st in d.statements:
                _collect(found, _check_rule, st.when, all_q, f"dimension {d.id}: statement {st.id}: when")
                for mid in st.unless:
                    if mid not in mids:
                        found.append(f"dimension {d.id}: statement {st.id}: unless names "
                                     f"unknown misconception {mid!r}")
                missing = [mid for mid in about if mid not in st.unless]
                if st.tone == "positive" and missing:
                    found.append(
                        f"dimension {d.id}: statement {st.id} is positive but may be shown "
                        f"next to a finding about this dimension; add to unless: "
                        f"{', '.join(missing)}")
        for a in self.advice:
            for mid in a.misconceptions:
                if mid not in mids:
                    found.append(f"advice {a.id}: unknown misconception {mid!r}")
            for did in a.dimensions:
                if did not in dims:
                    found.append(f"advice {a.id}: unknown dimension {did!r}")
            _collect(found, _check_rule, a.applies, all_q, f"advice {a.id}: applies")
            for rid in a.requires:
                if rid not in advice_ids or rid == a.id:
                    found.append(f"advice {a.id}: requires unknown advice {rid!r}")
        _collect(found, _check_no_cycles, {a.id: a.requires for a in self.advice})
        found += self.rule_value_problems()
        found += self.composed_text_problems()
        found = [self._hint_former_id(message) for message in found]
        if self.scoring.available_hours_question and \
                self.scoring.available_hours_question not in all_q:
            found.append("scoring.available_hours_question: unknown question "
                         f"{self.scoring.available_hours_question!r}")
        return found

    def missing_texts(self) -> list[str]:
        """Every text that lacks one of the languages this questionnaire offers, and every text
        in a language that would never be shown (unknown to smaudit, or not offered here)."""
        problems = []
        known = set(languages.available())
        listed = [code for code in self.languages if code in known]
        for code in self.languages:
            if code not in known and languages.CODE.match(code):  # one line, not one per text
                problems.append(f"languages: {code} is not a language smaudit has (known: "
                                f"{', '.join(sorted(known))}); a new one is a folder languages/{code}/ "
                                "with language.yaml and its texts, in your own folder or smaudit's")
        counts: dict[str, int] = {}
        for where, text in texts_in(self):
            lacking = [code for code in listed if code not in text.texts]
            if lacking:
                problems.append(f"{where}: no {' or '.join(lacking)} text")
                for code in lacking:
                    counts[code] = counts.get(code, 0) + 1
            for code in text.texts:
                if code not in known:
                    alike = [k for k in known if k.lower() == code.lower()]
                    hint = f"did you mean {alike[0]}? " if alike else ""
                    problems.append(f"{where}: {code!r} is not a language smaudit has ({hint}known: "
                                    f"{', '.join(sorted(known))}; a new one is a folder languages/{code}/)")
                elif not self.offers(code):
                    problems.append(f"{where}: a {code} text, but {code} is not one of this "
                                    f"questionnaire's languages ({', '.join(self.languages)}): add it to "
                                    "`languages:` or remove the text")
        for code, n in counts.items():
            if n > 10:  # a language being added: the lines below are its to-do list
                problems.insert(0, f"languages: {n} texts have no {code} text yet (each one listed)")
        return problems

    def _asked_later(self, message: str, qid: str) -> str:
        """Why a question that exists is 'unknown' to a condition: it is this question itself,
        or it is asked later (a condition decides whether to ask, from answers already given)."""
        import re

        match = re.search(r"unknown question id (\w+)", message)
        if not match:
            return ""
        ref = match.group(1)
        ids = [q.id for q in self.questions]
        if ref == qid:
            return " (a question's condition cannot read its own answer)"
        if ref in ids:
            return (f" ({ref} is asked later, as question {ids.index(ref) + 1}; a condition may only "
                    "read questions asked before it: move this question below it, or change the condition)")
        return ""

    def _hint_former_id(self, message: str) -> str:
        """An unknown id that is a retired or renamed question says so: the rule still reads it."""
        import re

        match = re.search(r"unknown question id (\w+)", message)
        if not match:
            return message
        old = match.group(1)
        if old in self.retired:
            return f"{message} (it is retired: take it out of this rule)"
        if old in self.renamed:
            return f"{message} (it was renamed to {self.renamed[old]}: use that id)"
        return message

    def composed_text_problems(self) -> list[str]:
        """`texts:` may reword the phrases the judgement composes, but only with the
        {placeholders} it fills in (a typo would stop the report half-way), and only for the
        phrases it uses (another key would never be shown)."""
        import difflib

        found = []
        for key, text in self.texts.items():
            if key not in COMPOSED_TEXTS:
                close = difflib.get_close_matches(key, list(COMPOSED_TEXTS), n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                found.append(f"texts > {key}: not a phrase smaudit composes ({hint}known: "
                             f"{', '.join(COMPOSED_TEXTS)})")
                continue
            allowed = COMPOSED_TEXTS[key]
            for code, words in text.texts.items():
                used = languages.placeholders(words)
                if used is None:
                    found.append(f"texts > {key}: {code}: a {{ or }} without its partner")
                elif used - allowed:
                    extra = ", ".join(f"{{{name}}}" for name in sorted(used - allowed))
                    can = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
                    found.append(f"texts > {key}: {code}: {extra} is not filled in by smaudit (this "
                                 f"text can use: {can})")
        return found

    def rule_value_problems(self) -> list[str]:
        """Rules that compare a question with an answer it cannot have (an option value that
        does not exist, a scale answer above 5, a number outside the question's min and max,
        a text where a number is meant): such a comparison never holds, so the condition,
        signal or advice would silently never (or always) apply."""
        found: list[str] = []

        def check(text: str | None, where: str) -> None:
            if not text:
                return
            try:
                rule = rules.parse(text)
            except rules.RuleError:
                return  # reported as a rule that does not parse
            for problem in rule_value_problems(self, rule.tree):
                found.append(f"{where}: {text!r} {problem}")

        for q in self.questions:
            check(q.condition, f"question {q.id}: condition")
        for m in self.misconceptions:
            for i, signal in enumerate(m.signals, 1):
                check(signal.when, f"misconception {m.id}: signal {i}")
            check(m.applies, f"misconception {m.id}: applies")
        for a in self.advice:
            check(a.applies, f"advice {a.id}: applies")
        for d in self.dimensions:
            for st in d.statements:
                check(st.when, f"dimension {d.id}: statement {st.id}: when")
        for cap in self.scoring.level_caps:
            check(cap.when, f"scoring.level_caps {cap.id}")
        return found

    def offers(self, lang: str) -> bool:
        """Whether the questionnaire can be shown in `lang`: it lists the language or the
        language falls back to one it lists (nl-BE -> nl)."""
        try:
            chain = languages.chain(lang)
        except Exception:
            return lang in self.languages
        return any(code in self.languages for code in chain)

    def check_offers(self, lang: str) -> None:
        """Stop with a clear message (not a traceback half-way a report) when the questionnaire
        has no texts in `lang`."""
        if not self.offers(lang):
            from audit.errors import InputError

            offered = ", ".join(languages.offered_by(self.languages)) or ", ".join(self.languages)
            raise InputError(f"--lang {lang}", f"questionnaire {self.id} {self.version} is not written in "
                                               f"{lang!r} (it offers {offered}; its `languages:` list)")

    # Lookups used by every front end.
    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def dimension(self, did: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == did)

    def questions_in(self, did: str) -> list[Question]:
        return [q for q in self.questions if q.dimension == did]

    def source(self, sid: str) -> Source | None:
        return next((s for s in self.sources if s.id == sid), None)

    def advice_spec(self, aid: str) -> Advice:
        return next(a for a in self.advice if a.id == aid)

    def fact(self, fid: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fid), None)

    def level_for(self, score: float) -> Level:
        return max((lv for lv in self.levels if score >= lv.min_score), key=lambda lv: lv.number)

    def condition_rule(self, question: Question) -> rules.Rule | None:
        return rules.parse(question.condition) if question.condition else None
