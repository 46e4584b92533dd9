"""Progress since the last audit: two Assessments of one company, then and now, side by side.

Everything compared is read from the two saved Assessments (no score is recomputed):

- per dimension the score then and now, and the maturity level each score falls in (by the
  level thresholds of the assessment it belongs to);
- misconceptions resolved (found then, not now), new (now, not then) and remaining (both);
- the advice of the last 90-day plan: *done* when the problem it addressed no longer shows in
  the answers (the advice no longer applies), *open* when it still applies;
- questions: when the questionnaire changed between the audits, answers to questions the new
  version declares `renamed` are compared under the new id; `retired` questions, questions that
  are no longer asked, new questions, and dimensions, misconceptions and advice that exist in
  only one version are listed as "could not be compared" instead of being read as a change.
  When the old answers were written for a version that is no longer installed, they are read
  with the new one (`answered_with` says which version they name) and their answers to retired
  questions (`set_aside`) are still listed as not compared.
"""

from __future__ import annotations

from typing import Any

from audit.assessment import Assessment
from audit.model import Questionnaire

LATER_PHASE = "phase_later"  # every other phase is in the 90-day plan; "after 90 days" is not due yet


def _level(assessment: Assessment, score: float | None) -> int | None:
    if score is None:
        return None
    fitting = [lv["number"] for lv in assessment.levels if score >= lv["min_score"]]
    return max(fitting) if fitting else None


def _snapshot(a: Assessment) -> dict[str, Any]:
    return {
        "date": a.company.get("date") or a.generated,
        "questionnaire": {"id": a.questionnaire.get("id"), "version": a.questionnaire.get("version")},
        "overall": a.overall_score,
        "level": a.level["number"] if a.level else None,
        "level_name": a.level["name"] if a.level else None,
    }


def _question_map(old: Assessment, new: Assessment, q_new: Questionnaire) -> dict[str, Any]:
    """Which of the old answers can be compared with the new ones, and which cannot."""
    renamed: dict[str, str] = dict(getattr(q_new, "renamed", {}) or {})
    retired = set(getattr(q_new, "retired", []) or [])
    old_q = {c.question: c for d in old.dimensions for c in d.contributions}
    new_q = {c.question: c for d in new.dimensions for c in d.contributions}
    result: dict[str, Any] = {"compared": 0, "renamed": [], "retired": [], "dropped": [], "added": [],
                              "changed_dimensions": set()}
    mapped = set()
    for qid, contribution in old_q.items():
        target = renamed.get(qid, qid)
        if qid in retired:
            result["retired"].append({"id": qid, "text": contribution.text})
            result["changed_dimensions"].add(_dimension_of(old, qid))
        elif target not in new_q:
            result["dropped"].append({"id": qid, "text": contribution.text})
            result["changed_dimensions"].add(_dimension_of(old, qid))
        else:
            mapped.add(target)
            result["compared"] += 1
            if target != qid:
                result["renamed"].append({"old": qid, "new": target, "text": new_q[target].text})
                if _dimension_of(old, qid) != _dimension_of(new, target):
                    result["changed_dimensions"] |= {_dimension_of(old, qid), _dimension_of(new, target)}
    for qid, contribution in new_q.items():
        if qid not in mapped:
            result["added"].append({"id": qid, "text": contribution.text})
            result["changed_dimensions"].add(_dimension_of(new, qid))
    result["changed_dimensions"] = sorted(result["changed_dimensions"])
    return result


def _dimension_of(a: Assessment, qid: str) -> str:
    return next((d.id for d in a.dimensions for c in d.contributions if c.question == qid), "")


def compare(old: Assessment, new: Assessment, q_new: Questionnaire, *,
            answered_with: dict[str, str] | None = None, set_aside: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    """The progress section: what moved between `old` and `new`, in ids, numbers and the
    texts of `new`'s language (from the new questionnaire; the old one's for what it lacks).

    `answered_with`, `set_aside`: see the module docstring (audit.sources.Loaded has both)."""
    lang = new.language
    questions = _question_map(old, new, q_new)
    listed = {q["id"] for q in questions["retired"]}
    for qid, value in (set_aside or {}).items():
        if qid not in listed:  # the question's words are in a version that is not installed
            questions["retired"].append({"id": qid, "text": qid, "answer": value})
    dimensions, not_compared = [], []
    old_dims = {d.id: d for d in old.dimensions}
    for d in new.dimensions:
        before = old_dims.get(d.id)
        if before is None:
            not_compared.append({"kind": "dimension", "id": d.id, "title": d.name, "why": "new"})
            continue
        change = (round(d.score - before.score, 1)
                  if d.score is not None and before.score is not None else None)
        dimensions.append({
            "id": d.id, "name": d.name, "then": before.score, "now": d.score, "change": change,
            "level_then": _level(old, before.score), "level_now": _level(new, d.score),
            "questions_changed": d.id in questions["changed_dimensions"],
        })
    for d in old.dimensions:
        if not any(x.id == d.id for x in new.dimensions):
            not_compared.append({"kind": "dimension", "id": d.id, "title": d.name, "why": "gone"})

    known_m = {m.id: m for m in q_new.misconceptions}
    then = {f.id: f for f in old.findings}
    now = {f.id: f for f in new.findings}

    def title(mid: str) -> str:
        return known_m[mid].title(lang) if mid in known_m else then[mid].title

    resolved, remaining, gone = [], [], []
    for mid, f in then.items():
        if mid not in known_m:
            gone.append({"kind": "misconception", "id": mid, "title": f.title, "why": "gone"})
        elif mid in now:
            remaining.append({"id": mid, "title": title(mid), "severity_then": f.severity,
                              "severity_now": now[mid].severity})
        else:
            resolved.append({"id": mid, "title": title(mid), "severity_then": f.severity})
    new_found = [{"id": mid, "title": f.title, "severity_now": f.severity}
                 for mid, f in now.items() if mid not in then]
    not_compared += gone

    known_a = {a.id: a for a in q_new.advice}
    advice = []
    planned = [aid for phase in old.plan if phase.id != LATER_PHASE for aid in phase.advice]
    for aid in planned:
        item = old.advice_by_id(aid)
        if aid not in known_a:
            not_compared.append({"kind": "advice", "id": aid, "title": item.title if item else aid,
                                 "why": "gone"})
            continue
        current = new.advice_by_id(aid)
        advice.append({"id": aid, "title": known_a[aid].title(lang),
                       "rank_then": item.rank if item else None,
                       "status": "open" if current else "done",
                       "rank_now": current.rank if current else None})
    then = _snapshot(old)
    if answered_with and answered_with != then["questionnaire"]:
        then["answered_with"] = dict(answered_with)
    return {
        "then": then,
        "now": _snapshot(new),
        "overall_change": (round(new.overall_score - old.overall_score, 1)
                           if new.overall_score is not None and old.overall_score is not None else None),
        "dimensions": dimensions,
        "resolved": resolved,
        "new": new_found,
        "remaining": remaining,
        "advice": advice,
        "advice_done": sum(1 for a in advice if a["status"] == "done"),
        "questions": {k: v for k, v in questions.items() if k != "changed_dimensions"},
        "not_compared": not_compared,
        "same_questionnaire": (_snapshot(old)["questionnaire"] == _snapshot(new)["questionnaire"]
                               and "answered_with" not in then),
    }
