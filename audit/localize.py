"""Put a saved Assessment into another language without assessing again.

Every text in an Assessment is resolved from its language-neutral values (ids, canonical
answers, statuses, level numbers, the weak flag) and the questionnaire; this module does that
resolution once more in the wanted language. Scores, ranks, severities and the plan are never
touched: they are the same in every language. `tests/test_localize.py` holds it to this:
an assessment made in Dutch and put into English equals the one made in English.
"""

from __future__ import annotations

import copy

from audit.assess import absent_text, answer_text, level_texts, verdict_text
from audit.assessment import Assessment
from audit.errors import InputError
from audit.model import Questionnaire
from audit.strings import strings


def check_fits(assessment: Assessment, q: Questionnaire, source: str = "") -> None:
    """The questionnaire must know every id the assessment names; else say which it lacks."""
    wanted = [("question", c.question) for d in assessment.dimensions for c in d.contributions]
    wanted += [("dimension", d.id) for d in assessment.dimensions]
    wanted += [("misconception", f.id) for f in assessment.findings]
    wanted += [("advice", a.id) for a in assessment.advice]
    wanted += [("fact", r.id) for f in assessment.findings for r in f.facts]
    known = {
        "question": {x.id for x in q.questions},
        "dimension": {x.id for x in q.dimensions},
        "misconception": {x.id for x in q.misconceptions},
        "advice": {x.id for x in q.advice},
        "fact": {x.id for x in q.facts},
    }
    missing = sorted({f"{kind} {ident}" for kind, ident in wanted if ident not in known[kind]})
    levels = {lv.number for lv in q.levels}
    if assessment.level and assessment.level["number"] not in levels:
        missing.append(f"level {assessment.level['number']}")
    if missing:
        raise InputError(source, [f"questionnaire {q.id} {q.version} has no {m}" for m in missing])


def in_language(assessment: Assessment, q: Questionnaire, lang: str) -> Assessment:
    """A copy of `assessment` with every text resolved in `lang` from the questionnaire `q`."""
    check_fits(assessment, q)
    s = strings(lang)
    a = copy.deepcopy(assessment)
    a.language = lang
    a.questionnaire = {**a.questionnaire, "title": q.title(lang)}
    by_level = {lv.number: lv for lv in q.levels}
    if a.level is not None:
        a.level = level_texts(q, a.level, lang)
    a.levels = [{**item, "name": by_level[item["number"]].name(lang),
                 "description": by_level[item["number"]].description(lang)}
                for item in a.levels if item["number"] in by_level]

    def worded(qid: str, value: object, status: str = "answered") -> str:
        if status == "absent":
            return absent_text(q, lang)
        return s["answer_hidden"] if status == "hidden" else answer_text(q.question(qid), value, lang)

    for d in a.dimensions:
        dim = q.dimension(d.id)
        d.name, d.why = dim.name(lang), dim.why(lang)
        d.verdict = verdict_text(q, d, {f.id for f in a.findings}, lang)
        for c in d.contributions:
            c.text = q.question(c.question).text(lang)
            c.answer_text = worded(c.question, c.answer, c.status)
    for f in a.findings:
        m = next(x for x in q.misconceptions if x.id == f.id)
        f.title, f.belief, f.why = m.title(lang), m.belief(lang), m.why(lang)
        for e in f.evidence:
            e.text = q.question(e.question).text(lang)
            e.answer_text = worded(e.question, e.answer)
        for ref in f.facts:
            ref.text = q.fact(ref.id).text(lang)
    for item in a.advice:
        adv = next(x for x in q.advice if x.id == item.id)
        item.title, item.text, item.steps = adv.title(lang), adv.text(lang), [t(lang) for t in adv.steps]
    for ap in a.appendix:
        ap.text = q.question(ap.question).text(lang)
        ap.answer_text = worded(ap.question, ap.answer, ap.status)
    from audit.practice import sections_in_language

    sections_in_language(a, q, lang)  # several respondents, progress, peer benchmark
    return a
