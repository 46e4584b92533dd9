"""Answers + questionnaire -> Assessment: scores, level, findings, ranked advice, 90-day plan.

All the judgement lives in the questionnaire data (points, weights, signals, impact and
effort); this module only applies it, and keeps the trace of every point it awards.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from audit import rules
from audit.answers import Answers, visible
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
    """How an answer reads in the report."""
    s = strings(lang)
    if value is None:
        return s["answer_unknown"]
    if question.type == "single":
        option = question.option(value)
        return option.label(lang) if option else str(value)
    if question.type == "multi":
        return "; ".join(question.option(v).label(lang) if question.option(v) else str(v)
                         for v in value)
    if question.type == "yesno":
        return s["answer_yes"] if value == "yes" else s["answer_no"]
    if question.type == "scale":
        return scale_text(question, value, lang)
    if question.type == "number":
        number = f"{value:,}".replace(",", "." if lang == "nl" else ",") if isinstance(
            value, int) else f"{value:g}".replace(".", "," if lang == "nl" else ".")
        unit = question.unit_one if value == 1 and question.unit_one else question.unit
        return f"{number} {unit(lang)}" if unit else number
    return str(value)


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
    if question.type == "single":
        return question.option(value).points
    if question.type == "multi":
        total = sum(question.option(v).points for v in value)
        return min(total, question.max_score())
    if question.type == "yesno":
        return question.yes_points if value == "yes" else question.no_points
    if question.type == "scale":
        return question.scale_points[value - 1] if question.scale_points else float(value - 1)
    if question.type == "number":
        for band in question.bands or []:
            if band.upto is None or value <= band.upto:
                return band.points
        return 0.0
    return 0.0


def _dimension_results(q: Questionnaire, answers: Answers, shown: dict[str, bool], lang: str
                       ) -> list[DimensionResult]:
    threshold = q.scoring.weak_dimension_below
    results = []
    for dim in q.dimensions:
        contributions: list[Contribution] = []
        for question in q.questions_in(dim.id):
            value = answers.values.get(question.id) if shown[question.id] else None
            status = ("hidden" if not shown[question.id] else
                      "unknown" if value is None else
                      "unscored" if not question.scored else "answered")
            contrib = Contribution(
                question=question.id,
                text=question.text(lang),
                answer=value,
                answer_text=(strings(lang)["answer_hidden"] if status == "hidden"
                             else answer_text(question, value, lang)),
                status=status,
                note=answers.notes.get(question.id, ""),
            )
            if question.scored and status == "answered":
                contrib.points = question_points(question, value)
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
                      if c.status != "hidden" and q.question(c.question).scored]
        weak = score is not None and score < threshold
        results.append(DimensionResult(
            id=dim.id,
            name=dim.name(lang),
            score=score,
            weight=dim.weight,
            answered=len(scored),
            applicable=len(applicable),
            why=dim.why(lang),
            verdict=(dim.weak(lang) if weak else dim.strong(lang)) if score is not None else "",
            weak=weak,
            contributions=contributions,
        ))
    return results


def _severity_label(score: float) -> str:
    return "high" if score >= 0.67 else "medium" if score >= 0.34 else "low"


def _findings(q: Questionnaire, answers: Answers, shown: dict[str, bool], lang: str
              ) -> list[Finding]:
    seen = {qid: v for qid, v in answers.values.items() if shown.get(qid)}
    order = {question.id: i for i, question in enumerate(q.questions)}
    found = []
    for position, m in enumerate(q.misconceptions):
        fired_weight = 0.0
        refs: set[str] = set()
        for signal in m.signals:
            rule = rules.parse(signal.when)
            if rule.evaluate(seen):
                fired_weight += signal.weight
                refs |= rule.refs
        if fired_weight < m.threshold:
            continue
        total = sum(s.weight for s in m.signals)
        evidence = [
            Evidence(question=qid, text=q.question(qid).text(lang),
                     answer_text=answer_text(q.question(qid), seen.get(qid), lang),
                     answer=seen.get(qid))
            for qid in sorted(refs, key=order.__getitem__)
        ]
        facts = [FactRef(id=f.id, text=f.text(lang), source=f.source, quote=f.quote)
                 for f in (q.fact(fid) for fid in m.facts) if f]
        found.append((position, Finding(
            id=m.id, title=m.title(lang), belief=m.belief(lang), why=m.why(lang),
            headline=m.headline, severity=_severity_label(fired_weight / total),
            severity_score=round(fired_weight / total, 3), evidence=evidence,
            advice=[], sources=list(m.sources), facts=facts,
        )))
    rank = {"high": 0, "medium": 1, "low": 2}
    found.sort(key=lambda pf: (rank[pf[1].severity], not pf[1].headline,
                               -pf[1].severity_score, pf[0]))
    return [f for _, f in found]


def _advice(q: Questionnaire, findings: list[Finding], dims: list[DimensionResult], lang: str
            ) -> list[AdviceItem]:
    """Advice that applies, ranked by urgency x impact x ease (ease = 6 - effort, over 5).

    Ease rather than 1/effort: dividing by effort let a trivial task outrank the foundation
    work a company needs first; this way impact and effort weigh alike."""
    severity = {f.id: f.severity_score for f in findings}
    threshold = q.scoring.weak_dimension_below
    weak = {d.id: d.score for d in dims if d.weak}
    items = []
    for position, a in enumerate(q.advice):
        hit_m = [m for m in a.misconceptions if m in severity]
        hit_d = [d for d in a.dimensions if d in weak]
        if not hit_m and not hit_d:
            continue
        urgencies = [1 + 2 * severity[m] for m in hit_m]
        urgencies += [1 + 2 * (threshold - weak[d]) / threshold for d in hit_d]
        urgency = max(urgencies) + 0.25 * (len(urgencies) - 1)
        priority = round(urgency * a.impact * (6 - a.effort) / 5, 3)
        quick = (a.impact >= q.scoring.quick_win_min_impact
                 and a.effort <= q.scoring.quick_win_max_effort)
        items.append((position, AdviceItem(
            id=a.id, rank=0, title=a.title(lang), text=a.text(lang),
            steps=[s(lang) for s in a.steps], impact=a.impact, effort=a.effort,
            horizon=a.horizon, priority=priority, quick_win=quick,
            misconceptions=hit_m, dimensions=hit_d,
        )))
    items.sort(key=lambda pa: (-pa[1].priority, pa[0]))
    ranked = [a for _, a in items]
    for i, item in enumerate(ranked, 1):
        item.rank = i
    for finding in findings:
        finding.advice = [a.id for a in ranked if finding.id in a.misconceptions]
    return ranked


def _plan(q: Questionnaire, advice: list[AdviceItem]) -> list[PlanPhase]:
    """A 90-day plan: foundations first, then one focused project, the rest afterwards."""
    n = q.scoring.plan_items_per_phase
    first = [a for a in advice if a.horizon == "30"]
    then = [a for a in advice if a.horizon == "90"]
    phase1, rest30 = first[:n], first[n:]
    follow = sorted(rest30 + then, key=lambda a: a.rank)
    phase2, phase3 = follow[:n], follow[n:2 * n]
    planned = {a.id for a in phase1 + phase2 + phase3}
    later = [a for a in advice if a.id not in planned]
    return [
        PlanPhase("phase_1", "1-4", [a.id for a in phase1]),
        PlanPhase("phase_2", "5-8", [a.id for a in phase2]),
        PlanPhase("phase_3", "9-12", [a.id for a in phase3]),
        PlanPhase("phase_later", "13+", [a.id for a in later]),
    ]


def assess(q: Questionnaire, answers: Answers, lang: str = "nl",
           today: dt.date | None = None) -> Assessment:
    """The whole assessment of one company, in one language."""
    shown = visible(q, answers.values)
    dims = _dimension_results(q, answers, shown, lang)
    known = [d for d in dims if d.score is not None]
    weight = sum(d.weight for d in known)
    overall = round(sum(d.score * d.weight for d in known) / weight, 1) if weight else None
    level = None
    if overall is not None:
        lv = q.level_for(overall)
        level = {"number": lv.number, "name": lv.name(lang), "description": lv.description(lang),
                 "min_score": lv.min_score}
    findings = _findings(q, answers, shown, lang)
    advice = _advice(q, findings, dims, lang)
    applicable = sum(d.applicable for d in dims)
    answered = sum(d.answered for d in dims)
    appendix = [
        AppendixItem(question=c.question, dimension=d.id, text=c.text,
                     answer_text=c.answer_text, status=c.status, note=c.note, answer=c.answer)
        for d in dims for c in d.contributions
    ]
    hidden = [qid for qid, value in answers.values.items()
              if value is not None and not shown.get(qid, True)]
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
        plan=_plan(q, advice),
        appendix=appendix,
        sources=[s.model_dump() | {"cited": s.id in cited} for s in q.sources],
        hidden_answers=hidden,
        client_words=_client_words(q, answers, shown),
        consultant_notes=answers.consultant_notes,
        session=answers.session,
        brand=answers.brand,
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
