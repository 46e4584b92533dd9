"""Several respondents for one company: one combined set of answers, and the perception gap.

How answers are combined (per question, over the respondents who answered it):

- single choice, scale: the median answer when the answers are ordered by the points they
  earn; with an even number of answers, the lower of the two middle ones;
- number: the median (the mean of the two middle numbers when their count is even);
- yes/no: the majority; a tie counts as the answer that earns fewer points;
- multiple choice: an option is in when more than half chose it; when exactly half did, it is
  in only if it earns no points (a weak practice counts, a good one must be shared by more than
  half); if nothing is left, the selection of the respondent with the median points;
- free text and notes: only from respondents who agreed to show their own answers, each
  prefixed with their role; otherwise left out.

So ties always take the less mature reading: when half the team sees a weakness, the report
takes it seriously. The combined answers are assessed like any other answers, which gives the
combined scores, misconceptions and advice; every respondent is also assessed alone, which gives
the perception gap (per dimension the spread of the respondents' scores, per misconception who
shows it and who does not). Respondents appear by role only; their own answers appear only when
their answers file says `respondent: {consent: yes}`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from audit.answers import Answers, fold, visible
from audit.assessment import Assessment
from audit.errors import InputError
from audit.model import Question, Questionnaire

# A spread of at least this many points (0-100) between respondents' dimension scores is a
# perception gap: about one maturity level apart.
GAP_POINTS = 20.0
# How many questions with the largest disagreement the report lists.
DIFFERENCES_SHOWN = 8


@dataclass
class Participant:
    label: str  # how the report names them: their role, numbered when two share it
    consent: bool
    answers: Answers


def label_respondents(answer_sets: list[Answers], lang: str) -> list[Participant]:
    """Roles as labels; missing roles become "Respondent 2", shared roles get a number."""
    word = "Respondent"
    roles = [(a.respondent.role if a.respondent and a.respondent.role else f"{word} {i}")
             for i, a in enumerate(answer_sets, 1)]
    counts = Counter(fold(r) for r in roles)
    seen: Counter = Counter()
    labels = []
    for role in roles:
        key = fold(role)
        seen[key] += 1
        labels.append(f"{role} {seen[key]}" if counts[key] > 1 else role)
    return [Participant(label=label, consent=bool(a.respondent and a.respondent.consent), answers=a)
            for label, a in zip(labels, answer_sets, strict=True)]


def check_same_company(answer_sets: list[Answers]) -> None:
    """All files must be about the first file's company: mixing two clients is an error."""
    first = answer_sets[0]
    wrong = [f"{a.source or 'respondent ' + str(i)}: company {a.company.name!r} is not "
             f"{first.company.name!r} of {first.source or 'the first respondent'}"
             for i, a in enumerate(answer_sets[1:], 2) if fold(a.company.name) != fold(first.company.name)]
    if wrong:
        raise InputError("", wrong)


def _points(question: Question, value: Any) -> float:
    from audit.assess import question_points

    return question_points(question, value)


def _lower_median(items: list[Any], key) -> Any:
    ordered = sorted(items, key=key)
    return ordered[(len(ordered) - 1) // 2]


def combine_values(question: Question, values: list[Any]) -> Any:
    """The combined answer to one question from the respondents' canonical answers."""
    values = [v for v in values if v is not None]
    if not values:
        return None
    kind = question.type
    if kind == "single":
        position = {o.value: i for i, o in enumerate(question.options or [])}
        return _lower_median(values, key=lambda v: (_points(question, v), position.get(v, 0)))
    if kind == "scale":
        return _lower_median(values, key=lambda v: (_points(question, v), v))
    if kind == "number":
        middle = statistics.median(values)
        return int(middle) if middle == int(middle) else round(middle, 2)
    if kind == "yesno":
        yes = values.count("yes")
        no = len(values) - yes
        if yes != no:
            return "yes" if yes > no else "no"
        return "yes" if (question.yes_points or 0) < (question.no_points or 0) else "no"
    if kind == "multi":
        half = len(values) / 2
        chosen = Counter(v for selection in values for v in selection)
        result = []
        for option in question.options or []:
            n = chosen[option.value]
            if n > half or (n == half and option.points <= 0):
                result.append(option.value)
        exclusive = [v for v in result if question.option(v).exclusive]
        if exclusive and len(result) > 1:
            result = [v for v in result if v not in exclusive]
        if not result:
            result = list(_lower_median(values, key=lambda v: _points(question, v)))
        return result
    return None  # text: handled with consent, see combine()


def _by_text(items: list[tuple[str, str]]) -> str:
    """Texts of several people, each prefixed with who wrote it; the same text once, with all
    their roles ("Directeur, Marketing: ...")."""
    grouped: dict[str, list[str]] = {}
    for label, text in items:
        grouped.setdefault(text.strip(), []).append(label)
    return " | ".join(f"{', '.join(labels)}: {text}" for text, labels in grouped.items())


def combine(questionnaire: Questionnaire, respondents: list[Participant]) -> Answers:
    """One set of answers for the company, by the rules in this module's docstring."""
    first = respondents[0].answers
    values: dict[str, Any] = {}
    notes: dict[str, str] = {}
    shown = [visible(questionnaire, r.answers.values) for r in respondents]
    for question in questionnaire.questions:
        given = [(r, r.answers.values.get(question.id)) for r, vis in zip(respondents, shown, strict=True)
                 if vis[question.id] and r.answers.values.get(question.id) is not None]
        if question.type == "text":
            texts = _by_text([(r.label, str(v)) for r, v in given if r.consent])
            if texts:
                values[question.id] = texts
        else:
            combined = combine_values(question, [v for _, v in given])
            if combined is not None:
                values[question.id] = combined
        shared_notes = _by_text([(r.label, r.answers.notes[question.id]) for r in respondents
                                 if r.consent and r.answers.notes.get(question.id)])
        if shared_notes:
            notes[question.id] = shared_notes
    return Answers(
        company=first.company, values=values, notes=notes,
        questionnaire=first.questionnaire, questionnaire_version=first.questionnaire_version,
        language=first.language, source=" + ".join(r.answers.source for r in respondents),
        consultant_notes=first.consultant_notes, session=first.session,
        brand=str(first.brand_path() or ""),
    )


def perception_gap(questionnaire: Questionnaire, respondents: list[Participant],
                   combined: Assessment, alone: list[Assessment]) -> dict[str, Any]:
    """Per dimension and per misconception, how the respondents' own pictures differ.

    `alone` holds each respondent's own assessment (same order as `respondents`)."""
    lang = combined.language
    labels = [r.label for r in respondents]
    dimensions = []
    for dim in combined.dimensions:
        scores = [a.dimension(dim.id).score for a in alone]
        known = [s for s in scores if s is not None]
        spread = round(max(known) - min(known), 1) if len(known) >= 2 else None
        low = min(known) if known else None
        high = max(known) if known else None
        dimensions.append({
            "id": dim.id, "name": dim.name, "combined": dim.score, "scores": scores,
            "spread": spread, "gap": spread is not None and spread >= GAP_POINTS,
            "lowest": [lb for lb, s in zip(labels, scores, strict=True) if s is not None and s == low],
            "highest": [lb for lb, s in zip(labels, scores, strict=True) if s is not None and s == high],
        })
    misconceptions = []
    combined_ids = {f.id for f in combined.findings}
    for m in questionnaire.misconceptions:
        seen_by = [lb for lb, a in zip(labels, alone, strict=True) if a.finding(m.id)]
        if not seen_by and m.id not in combined_ids:
            continue
        misconceptions.append({
            "id": m.id, "title": m.title(lang), "combined": m.id in combined_ids,
            "seen_by": seen_by, "not_seen_by": [lb for lb in labels if lb not in seen_by],
            "gap": 0 < len(seen_by) < len(labels),
        })
    misconceptions.sort(key=lambda m: (not m["gap"], not m["combined"], -len(m["seen_by"])))
    return {
        "respondents": [{"label": r.label, "consent": r.consent} for r in respondents],
        "gap_points": GAP_POINTS,
        "dimensions": dimensions,
        "misconceptions": misconceptions,
        "sharing": [r.label for r in respondents if r.consent],
        "differences": _differences(questionnaire, respondents, alone, lang),
    }


def _differences(questionnaire: Questionnaire, respondents: list[Participant],
                 alone: list[Assessment], lang: str) -> list[dict[str, Any]]:
    """The scored questions on which the respondents who agreed to share their answers are
    furthest apart (at least half the question's points), with those answers.

    Only sharing respondents count: a difference that involved someone who did not agree
    would, next to the others' answers, give theirs away."""
    sharing = [(r, a) for r, a in zip(respondents, alone, strict=True) if r.consent]
    if len(sharing) < 2:
        return []
    contributions = [{c.question: c for d in a.dimensions for c in d.contributions} for _, a in sharing]
    rows = []
    for question in questionnaire.questions:
        if not question.scored or question.max_score() <= 0:
            continue
        given = [c[question.id] for c in contributions
                 if question.id in c and c[question.id].points is not None]
        if len(given) < 2:
            continue
        fractions = [max(0.0, min(1.0, c.points / question.max_score())) for c in given]
        spread = max(fractions) - min(fractions)
        if spread < 0.5:
            continue
        answers = [c[question.id].answer_text if question.id in c else None for c in contributions]
        values = [c[question.id].answer if question.id in c else None for c in contributions]
        rows.append({"question": question.id, "text": question.text(lang), "spread": round(spread, 2),
                     "answers": answers, "values": values})
    rows.sort(key=lambda r: -r["spread"])
    return rows[:DIFFERENCES_SHOWN]


def assess_respondents(questionnaire: Questionnaire, answer_sets: list[Answers], lang: str,
                       today=None) -> Assessment:
    """The combined Assessment of several respondents, carrying the perception gap."""
    from audit.assess import assess

    check_same_company(answer_sets)
    respondents = label_respondents(answer_sets, lang)
    combined = assess(questionnaire, combine(questionnaire, respondents), lang, today=today)
    alone = [assess(questionnaire, r.answers, lang, today=today) for r in respondents]
    combined.respondents = perception_gap(questionnaire, respondents, combined, alone)
    return combined
