"""Answers + questionnaire -> Assessment: scores, level, findings, ranked advice, 90-day plan.

All the judgement lives in the questionnaire data (points, weights, signals, impact and
effort); this module only applies it, and keeps the trace of every point it awards.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from audit import qtypes, rules
from audit.answers import Answers
from audit.assessment import (
    SCHEMA_VERSION,
    AdviceItem,
    AppendixItem,
    Assessment,
    Contribution,
    DimensionResult,
    Evidence,
    FactRef,
    Finding,
    PlanPhase,
)
from audit.model import Question, Questionnaire
from audit.strings import strings


def answer_text(question: Question, value: Any, lang: str) -> str:
    """How an answer reads in the report (worded by its question type, see audit.qtypes)."""
    if value is None:
        return strings(lang)["answer_unknown"]
    return qtypes.kind_of(question).words(question, value, lang)


def scale_text(question: Question, value: Any, lang: str) -> str:
    """A scale answer with what its ends mean: "4 van 5 (1 = helemaal oneens, 5 = helemaal
    eens)"; a bare "4 van 5" says nothing to a reader who did not see the question."""
    s = strings(lang)
    ends = [e.strip() for e in question.scale_labels(lang).split("/")] if question.scale_labels else []
    if len(ends) != 2 or not all(ends):
        return s["scale_of"].format(value=value)
    if value in (1, 5):
        return s["scale_of_end"].format(value=value, label=ends[0] if value == 1 else ends[1])
    return s["scale_of_labelled"].format(value=value, low=ends[0], high=ends[1])


def question_points(question: Question, value: Any) -> float:
    """Points earned by one canonical answer (before weighting)."""
    return qtypes.kind_of(question).points(question, value)


def _visibility(q: Questionnaire, values: dict[str, Any]) -> dict[str, bool | None]:
    """Per question: True shown, False hidden by an earlier answer, None hidden because the
    answers its condition reads are themselves missing or hidden (undecided)."""
    state: dict[str, bool | None] = {}
    seen: dict[str, Any] = {}
    for question in q.questions:
        rule = q.condition_rule(question)
        state[question.id] = True if rule is None else rule.value(seen)
        if state[question.id] is True:
            seen[question.id] = values.get(question.id)
    return state


def _status(question: Question, state: bool | None, value: Any) -> str:
    if state is not True:
        if question.hidden_means == "absent" and state is False and question.scored:
            return "absent"
        return "hidden"
    if value is None:
        return "unknown"
    if question.type == "single" and getattr(question.option(value), "not_applicable", False):
        return "not_applicable"
    return "answered" if question.scored else "unscored"


def _dimension_results(q: Questionnaire, answers: Answers, state: dict[str, bool | None],
                       lang: str) -> list[DimensionResult]:
    threshold = q.scoring.weak_dimension_below
    s = strings(lang)
    results = []
    for dim in q.dimensions:
        contributions: list[Contribution] = []
        for question in q.questions_in(dim.id):
            value = answers.values.get(question.id) if state[question.id] is True else None
            status = _status(question, state[question.id], value)
            shown_text = {"hidden": s["answer_hidden"], "absent": absent_text(q, lang)}
            contrib = Contribution(
                question=question.id,
                text=question.text(lang),
                answer=value,
                answer_text=shown_text.get(status) or answer_text(question, value, lang),
                status=status,
                note=answers.notes.get(question.id, ""),
            )
            if question.scored and status in ("answered", "absent"):
                contrib.points = question_points(question, value) if status == "answered" else 0.0
                contrib.max_points = question.max_score()
                contrib.weight = question.weight
            contributions.append(contrib)
        scored = [c for c in contributions if c.points is not None and c.max_points > 0]
        total_weight = sum(c.weight for c in scored)
        score = None
        if total_weight > 0:
            for c in scored:
                fraction = max(0.0, min(1.0, c.points / c.max_points))
                c.share = round(100 * c.weight * fraction / total_weight, 2)
            score = round(sum(c.share for c in scored), 1)
        applicable = [c for c in contributions
                      if c.status in ("answered", "unknown", "absent")
                      and q.question(c.question).scored]
        status = ("scored" if score is not None else
                  "unknown" if any(c.status == "unknown" for c in applicable) else
                  "not_applicable")
        results.append(DimensionResult(
            id=dim.id,
            name=dim.name(lang),
            score=score,
            weight=dim.weight,
            answered=len([c for c in scored if c.status == "answered"]),
            applicable=len(applicable),
            why=dim.why(lang),
            verdict="",
            weak=score is not None and score < threshold,
            contributions=contributions,
            status=status,
        ))
    return results


def _verdicts(q: Questionnaire, dims: list[DimensionResult], seen: dict[str, Any],
              findings: list[Finding], lang: str) -> None:
    """Compose each dimension's verdict from the statements its answers support; a statement
    is never shown next to a finding it names in `unless`."""
    found = {f.id for f in findings}
    limit = q.scoring.statements_per_verdict
    for d in dims:
        dim = q.dimension(d.id)
        if d.score is None:
            d.verdict = verdict_text(q, d, found, lang)
            continue
        holding = [st for st in dim.statements
                   if not (set(st.unless) & found)
                   and (st.when is None or rules.parse(st.when).value(seen) is True)]
        first = ("negative", "neutral", "positive") if d.weak else \
            ("positive", "neutral", "negative")
        holding.sort(key=lambda st: first.index(st.tone))
        d.statements = [st.id for st in holding[:limit]]
        d.verdict = verdict_text(q, d, found, lang)


def verdict_text(q: Questionnaire, d: DimensionResult, found: set[str], lang: str) -> str:
    """A dimension's verdict in `lang`, from its language-neutral values: the statements
    chosen, else the weak/strong fallback (never the strong one beside a finding about it)."""
    dim = q.dimension(d.id)
    if d.status == "not_applicable":
        return dim.not_applicable(lang) if dim.not_applicable else \
            _text(q, "dimension_not_applicable", lang)
    if d.score is None:
        return ""
    texts = {st.id: st.text(lang) for st in dim.statements}
    if d.statements:
        return " ".join(texts[sid] for sid in d.statements if sid in texts)
    about = any(d.id in m.dimensions for m in q.misconceptions if m.id in found)
    fallback = dim.weak if d.weak or about else dim.strong
    return fallback(lang) if fallback else ""


def _severity_label(q: Questionnaire, share: float) -> str:
    sc = q.scoring
    return "high" if share >= sc.severity_high_from else \
        "medium" if share >= sc.severity_medium_from else "low"


def _signal_group(q: Questionnaire, signal: Any, rule: rules.Rule, index: int) -> str:
    """Signals on the same single-answer questions exclude each other (one answer cannot be
    both 'nothing' and 'likes'); signals on a multiple choice answer can hold together."""
    if signal.group:
        return signal.group
    refs = sorted(rule.value_refs or rule.refs)
    if any(q.question(r).type == "multi" for r in refs):
        return f"#{index}"
    return "+".join(refs)


def _findings(q: Questionnaire, answers: Answers, seen: dict[str, Any], lang: str
              ) -> list[Finding]:
    """Misconceptions the answers show. Per group of mutually exclusive signals only the
    strongest counts, towards the threshold and the severity alike; a finding needs at least
    one signal that states the belief or the behaviour, not only missing good practice.
    Severity is the weight that holds over the weight that could have held: signals about
    questions that were not asked (not applicable) do not lower it."""
    order = {question.id: i for i, question in enumerate(q.questions)}
    found = []
    for position, m in enumerate(q.misconceptions):
        if m.applies and rules.parse(m.applies).value(seen) is False:
            continue
        fired: dict[str, float] = {}
        possible: dict[str, float] = {}
        refs: set[str] = set()
        states_it = False
        for index, signal in enumerate(m.signals):
            rule = rules.parse(signal.when)
            group = _signal_group(q, signal, rule, index)
            if all(qid in seen for qid in rule.refs):  # it could have held
                possible[group] = max(possible.get(group, 0.0), signal.weight)
            if rule.evaluate(seen):
                fired[group] = max(fired.get(group, 0.0), signal.weight)
                refs |= set(signal.evidence or rule.value_refs)
                states_it = states_it or signal.kind != "gap"
        weight = sum(fired.values())
        if weight < m.threshold or not states_it:
            continue
        share = weight / max(sum(possible.values()), weight)
        severity = _severity_label(q, share)
        evidence = [
            Evidence(question=qid, text=q.question(qid).text(lang),
                     answer_text=answer_text(q.question(qid), seen.get(qid), lang),
                     answer=seen.get(qid))
            for qid in sorted(refs, key=order.__getitem__) if seen.get(qid) is not None
        ]
        facts = [FactRef(id=f.id, text=f.text(lang), source=f.source, quote=f.quote)
                 for f in (q.fact(fid) for fid in m.facts) if f]
        found.append((position, Finding(
            id=m.id, title=m.title(lang), belief=m.belief(lang), why=m.why(lang),
            headline=m.headline, severity=severity,
            severity_score=round(share, 3), evidence=evidence,
            advice=[], sources=list(m.sources), facts=facts,
            caps_level=m.caps_level.get(severity),
        )))
    rank = {"high": 0, "medium": 1, "low": 2}
    found.sort(key=lambda pf: (rank[pf[1].severity], not pf[1].headline,
                               -pf[1].severity_score, pf[0]))
    return [f for _, f in found]


def _caps_held(q: Questionnaire, seen: dict[str, Any]) -> list[str]:
    """The level caps whose rule holds (whether or not they bind the level)."""
    return [cap.id for cap in q.scoring.level_caps
            if rules.parse(cap.when).value(seen) is True]


def _advice(q: Questionnaire, findings: list[Finding], dims: list[DimensionResult],
            seen: dict[str, Any], lang: str) -> list[AdviceItem]:
    """Advice that applies, by priority = urgency x impact x ease (constants in `scoring`).

    Ease rather than 1/effort: dividing by effort let a trivial task outrank the foundation
    work a company needs first; this way impact and effort weigh alike. Advice whose
    `applies` rule is false (already done, or not for a company this size) is never given."""
    sc = q.scoring
    severity = {f.id: f.severity_score for f in findings}
    threshold = sc.weak_dimension_below
    weak = {d.id: d.score for d in dims if d.weak}
    held = set(_caps_held(q, seen))
    lifts = {aid for cap in q.scoring.level_caps if cap.id in held for aid in cap.advice}
    items = []
    for position, a in enumerate(q.advice):
        hit_m = [m for m in a.misconceptions if m in severity]
        hit_d = [d for d in a.dimensions if d in weak]
        if not hit_m and not hit_d and a.id not in lifts:
            continue
        if a.applies and rules.parse(a.applies).value(seen) is False:
            continue
        urgencies = [sc.urgency_base + sc.urgency_per_severity * severity[m] for m in hit_m]
        urgencies += [sc.urgency_base + sc.urgency_per_severity * (threshold - weak[d]) / threshold
                      for d in hit_d]
        if a.id in lifts:
            urgencies.append(sc.urgency_base + sc.urgency_per_severity * sc.level_cap_severity)
        urgency = max(urgencies) + sc.urgency_per_extra_reason * (len(urgencies) - 1)
        priority = round(urgency * a.impact * (sc.ease_base - a.effort) / sc.ease_divisor, 3)
        quick = (a.impact >= sc.quick_win_min_impact and a.effort <= sc.quick_win_max_effort)
        items.append((position, AdviceItem(
            id=a.id, rank=0, title=a.title(lang), text=a.text(lang),
            steps=[s(lang) for s in a.steps], impact=a.impact, effort=a.effort,
            horizon=a.horizon, priority=priority, quick_win=quick,
            misconceptions=hit_m, dimensions=hit_d,
            hours_per_week=a.hours_per_week, setup_hours=a.setup_hours,
        )))
    items.sort(key=lambda pa: (-pa[1].priority, pa[0]))
    ranked = [a for _, a in items]
    given = {a.id for a in ranked}
    for item in ranked:
        item.requires = [r for r in q.advice_spec(item.id).requires if r in given]
    return ranked


def _level(q: Questionnaire, overall: float | None, dims: list[DimensionResult],
           findings: list[Finding], seen: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The level: the band of the mean score, capped by what the answers rule out (a high
    finding, a company not active at all), with the weakest dimension shown beside it."""
    if overall is None:
        return None
    by_score = q.level_for(overall)
    caps: list[dict[str, Any]] = []
    for f in findings:
        if f.caps_level is not None and f.caps_level < by_score.number:
            caps.append({"kind": "finding", "id": f.id, "severity": f.severity,
                         "max_level": f.caps_level, "text": f.title})
    for cap in q.scoring.level_caps:
        if cap.max_level < by_score.number and rules.parse(cap.when).value(seen) is True:
            caps.append({"kind": "answers", "id": cap.id, "max_level": cap.max_level,
                         "text": cap.reason(lang)})
    number = min([by_score.number] + [c["max_level"] for c in caps])
    lv = next(x for x in q.levels if x.number == number)
    known = [d for d in dims if d.score is not None]
    weakest = min(known, key=lambda d: (d.score, d.id))
    weakest_level = q.level_for(weakest.score)
    binding = [c["id"] for c in caps if c["max_level"] == number]
    reason = ({"id": "capped", "params": {"score_level": by_score.number, "level": number,
                                           "by": binding}}
              if binding else {"id": "score", "params": {"score": overall}})
    level = {"number": lv.number, "min_score": lv.min_score, "score_level": by_score.number,
             "reason": reason, "capped_by": caps,
             "weakest": {"dimension": weakest.id, "score": weakest.score,
                         "level": weakest_level.number}}
    return level_texts(q, level, lang)


def level_texts(q: Questionnaire, level: dict[str, Any], lang: str) -> dict[str, Any]:
    """The level's texts in `lang` from its language-neutral values: its name, and its
    description followed by why it is capped (which findings or answers hold it back)."""
    by_number = {lv.number: lv for lv in q.levels}
    by_finding = {m.id: m for m in q.misconceptions}
    by_cap = {c.id: c for c in q.scoring.level_caps}
    lv = by_number[level["number"]]
    caps = []
    for cap in level.get("capped_by", []):
        if cap["kind"] == "finding" and cap["id"] in by_finding:
            text = by_finding[cap["id"]].title(lang)
        elif cap["id"] in by_cap:
            text = by_cap[cap["id"]].reason(lang)
        else:
            text = cap.get("text", cap["id"])
        caps.append({**cap, "text": text})
    reason_text = ""
    reason = level.get("reason") or {}
    if reason.get("id") == "capped":
        params = reason["params"]
        binding = [c for c in caps if c["id"] in params["by"]]
        reasons = _join([c["text"] for c in binding if c["kind"] != "finding"], lang)
        findings = _join([_quote(c["text"], lang) for c in binding if c["kind"] == "finding"],
                         lang)
        key = ("level_capped_both" if reasons and findings else
               "level_capped_findings" if findings else "level_capped")
        reason_text = _text(q, key, lang, score_level=params["score_level"],
                            score_level_name=by_number[params["score_level"]].name(lang),
                            level=params["level"], reasons=reasons, findings=findings)
    weakest = dict(level.get("weakest") or {})
    if weakest.get("dimension"):
        weakest["name"] = q.dimension(weakest["dimension"]).name(lang)
    description = lv.description(lang) + (" " + reason_text if reason_text else "")
    return {**level, "name": lv.name(lang), "description": description,
            "reason_text": reason_text, "capped_by": caps, "weakest": weakest}


def absent_text(q: Questionnaire, lang: str) -> str:
    """How a follow-up that was not asked because its basis is missing reads."""
    return _text(q, "answer_absent", lang)


def _quote(text: str, lang: str) -> str:
    s = strings(lang)
    return f"{s['report_quote_open']}{text}{s['report_quote_close']}"


def _join(parts: list[str], lang: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    word = strings(lang)["list_and"]  # a word of the language (data), so nl-BE says "en" too
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]


def _text(q: Questionnaire, key: str, lang: str, **params: Any) -> str:
    text = q.texts.get(key)
    raw = text(lang) if text else strings(lang)[key]
    return raw.format(**params) if params else raw


def _hours_available(q: Questionnaire, seen: dict[str, Any]) -> float | None:
    qid = q.scoring.available_hours_question
    value = seen.get(qid) if qid else None
    return float(value) if isinstance(value, int | float) else None


def _plan(q: Questionnaire, advice: list[AdviceItem], available: float | None
          ) -> tuple[list[PlanPhase], dict[str, Any]]:
    """A 90-day plan that is a plan: quick wins first, each advice no earlier than its
    horizon allows and after what it requires, within the weekly hours the company has.

    Advice is taken in priority order (a requirement is placed before what needs it). It goes
    to the first phase its horizon allows that has room, starts after its requirements, and
    keeps the weekly load within the hours available. The `plan_core_items` best pieces are
    placed even when the hours fall short; the plan then states how many hours it needs."""
    sc = q.scoring
    phases = sc.plan_phases
    by_id = {a.id: a for a in advice}
    placed: dict[str, int] = {}
    contents: list[list[str]] = [[] for _ in phases]

    def load(upto: int, extra: AdviceItem | None = None, at: int = -1) -> float:
        """Weekly hours asked in phase `upto`: running routines plus one-off set-up spread
        over the phase's weeks."""
        total = 0.0
        for i, spec in enumerate(phases[: upto + 1]):
            if spec.last_week is None:
                continue
            for aid in contents[i]:
                total += by_id[aid].hours_per_week
                if i == upto:
                    total += by_id[aid].setup_hours / (spec.last_week - spec.first_week + 1)
        if extra is not None and phases[upto].last_week is not None:
            spec = phases[upto]
            total += extra.hours_per_week
            if at == upto:
                total += extra.setup_hours / (spec.last_week - spec.first_week + 1)
        return total

    def routine(upto: int, extra: AdviceItem | None = None) -> float:
        total = sum(by_id[aid].hours_per_week for i in range(upto + 1)
                    if phases[i].last_week is not None for aid in contents[i])
        return total + (extra.hours_per_week if extra is not None else 0.0)

    def fits(item: AdviceItem, index: int) -> bool:
        """Routines must fit the hours the company has; one-off set-up work may add up to
        `plan_setup_slack_hours` a week on top, in this phase and every later one."""
        if available is None:
            return True
        return all(routine(j, item) <= available + 1e-9
                   and load(j, item, index) <= available + sc.plan_setup_slack_hours + 1e-9
                   for j in range(index, len(phases)) if phases[j].last_week is not None)

    def place(item: AdviceItem, core: bool) -> None:
        if item.id in placed:
            return
        for rid in item.requires:
            place(by_id[rid], core)
        earliest = max([placed[r] + 1 for r in item.requires if r in placed] + [0])
        reason = ""
        for index, spec in enumerate(phases):
            if spec.last_week is None:
                break
            if index < earliest or item.horizon not in spec.horizons:
                continue
            if spec.quick_wins_only and not item.quick_win:
                continue
            if len(contents[index]) >= spec.max_items:
                reason = reason or "full"
                continue
            if not core and not fits(item, index):
                reason = "capacity"
                continue
            contents[index].append(item.id)
            placed[item.id] = index
            item.phase = spec.id
            first = [i for i, p in enumerate(phases) if item.horizon in p.horizons]
            if first and index > first[-1 if item.horizon == "later" else 0] + 1:
                item.deferred = reason or ("requires" if item.requires else "")
            return
        last = len(phases) - 1
        contents[last].append(item.id)
        placed[item.id] = last
        item.phase = phases[last].id
        if item.horizon != "later":
            item.deferred = reason or ("requires" if earliest >= last else "full")

    for position, item in enumerate(advice):
        place(item, core=position < sc.plan_core_items)
    needed = max((load(i) for i, p in enumerate(phases) if p.last_week is not None),
                 default=0.0)
    plan = []
    for index, spec in enumerate(phases):
        weeks = (f"{spec.first_week}-{spec.last_week}" if spec.last_week is not None
                 else f"{spec.first_week}+")
        plan.append(PlanPhase(spec.id, weeks, contents[index],
                              round(load(index), 1) if spec.last_week is not None else 0.0))
    capacity = {
        "available": available,
        "needed": round(needed, 1),
        "fits": available is None or needed <= available + 1e-9,
        "shortfall": round(max(0.0, needed - available), 1) if available is not None else None,
        "deferred_for_hours": [a.id for a in advice if a.deferred == "capacity"],
    }
    return plan, capacity


def assess(q: Questionnaire, answers: Answers, lang: str = "nl",
           today: dt.date | None = None) -> Assessment:
    """The whole assessment of one company, in one language."""
    q.check_offers(lang)
    values, derived = _with_derived(q, answers)
    state = _visibility(q, values)
    shown = {qid: st is True for qid, st in state.items()}
    seen = {qid: v for qid, v in values.items() if shown.get(qid)}
    dims = _dimension_results(q, answers, state, lang)
    known = [d for d in dims if d.score is not None]
    weight = sum(d.weight for d in known)
    overall = round(sum(d.score * d.weight for d in known) / weight, 1) if weight else None
    findings = _findings(q, answers, seen, lang)
    _verdicts(q, dims, seen, findings, lang)
    level = _level(q, overall, dims, findings, seen, lang)
    advice = _advice(q, findings, dims, seen, lang)
    plan, capacity = _plan(q, advice, _hours_available(q, seen))
    # the plan's order everywhere: by phase, and within a phase in the order planned (what
    # an advice requires comes before it)
    position = {aid: (i, j) for i, p in enumerate(plan) for j, aid in enumerate(p.advice)}
    advice.sort(key=lambda a: position[a.id])
    for i, item in enumerate(advice, 1):
        item.rank = i
    for finding in findings:
        finding.advice = [a.id for a in advice if finding.id in a.misconceptions]
    applicable = sum(d.applicable for d in dims)
    answered = sum(d.answered for d in dims)
    appendix = [
        AppendixItem(question=c.question, dimension=d.id, text=c.text,
                     answer_text=c.answer_text, status=c.status, note=c.note, answer=c.answer)
        for d in dims for c in d.contributions
    ]
    hidden = [qid for qid, value in answers.values.items()
              if value is not None and not shown.get(qid, True)]
    unknown = {item.question for item in appendix if item.status == "unknown"}
    not_asked = [qid for qid in answers.not_asked if qid in unknown]
    cited = {ref.split()[0] for f in findings for ref in f.sources}
    cited |= {fact.source for f in findings for fact in f.facts}
    return Assessment(
        schema_version=SCHEMA_VERSION,
        language=lang,
        questionnaire={"id": q.id, "version": q.version, "title": q.title(lang)},
        company=answers.company.to_dict(),
        generated=(today or dt.date.today()).isoformat(),
        overall_score=overall,
        level=level,
        levels=[{"number": lv.number, "name": lv.name(lang), "min_score": lv.min_score,
                 "description": lv.description(lang)}
                for lv in sorted(q.levels, key=lambda lv: lv.number)],
        completeness={"answered": answered, "applicable": applicable,
                      "ratio": round(answered / applicable, 3) if applicable else 0.0},
        dimensions=dims,
        findings=findings,
        advice=advice,
        plan=plan,
        appendix=appendix,
        sources=[s.model_dump() | {"cited": s.id in cited} for s in q.sources],
        hidden_answers=hidden,
        client_words=_client_words(q, answers, shown),
        consultant_notes=answers.consultant_notes,
        session=answers.session,
        brand=answers.brand,
        plan_capacity=capacity,
        derived=derived,
        not_asked={"version": answers.questionnaire_version, "questions": not_asked} if not_asked else {},
    )


def _client_words(q: Questionnaire, answers: Answers, shown: dict[str, bool]) -> dict[str, str]:
    """The open answers the questionnaire marks for quoting (goal, frustration), as typed."""
    words = {}
    for role in ("goal", "frustration"):
        qid = getattr(q.client_voice, role)
        value = answers.values.get(qid) if qid and shown.get(qid) else None
        if value not in (None, "") and str(value).strip():
            words[role] = str(value).strip()
    return words


# Questions the company details answer when they are left open (see _with_derived): a client
# list without their column still has them answered, so they are never "not asked".
DERIVED_FROM_COMPANY = {"headcount": "size"}


def _with_derived(q: Questionnaire, answers: Answers) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answers, plus what the company details say where a question was left open:
    a company size in `company.size` ("8 medewerkers") answers the size question."""
    values = dict(answers.values)
    derived: dict[str, Any] = {}
    size_q = q.question("headcount")
    if size_q is not None and values.get("headcount") is None and answers.company.size:
        match = re.search(r"\d+", answers.company.size.replace(".", ""))
        if match:
            count = int(match.group())
            for option in size_q.options or []:
                low, high = _SIZE_RANGES.get(option.value, (None, None))
                if low is not None and low <= count and (high is None or count <= high):
                    values["headcount"] = option.value
                    derived["headcount"] = {"value": option.value,
                                               "from": "company.size",
                                               "text": answers.company.size}
                    break
    return values, derived


# Head counts per option of the company size question (used to read `company.size`).
_SIZE_RANGES = {"solo": (1, 1), "micro": (2, 9), "small": (10, 49), "medium": (50, 249),
                "large": (250, None)}
