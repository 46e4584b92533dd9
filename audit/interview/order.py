"""The order questions are asked in: dimension by dimension, as the report shows them.

`smaudit interview`, `smaudit questions` and the printable questionnaire all use this one
order, so that a consultant who reads along on paper finds the same question number.
"""

from __future__ import annotations

from audit.model import Question, Questionnaire


def asking_order(questionnaire: Questionnaire) -> list[Question]:
    """Questions grouped by dimension in the questionnaire's dimension order (within a
    dimension, file order). A question whose condition reads a question that would come later
    is moved to just after it, so a follow-up never comes before what it depends on."""
    grouped = [q for d in questionnaire.dimensions for q in questionnaire.questions_in(d.id)]
    known_dims = {d.id for d in questionnaire.dimensions}
    grouped += [q for q in questionnaire.questions if q.dimension not in known_dims]
    placed: list[Question] = []
    waiting: list[Question] = []
    done: set[str] = set()

    def refs(question: Question) -> set[str]:
        rule = questionnaire.condition_rule(question)
        return {r for r in rule.refs if questionnaire.question(r) is not None} if rule else set()

    def place(question: Question) -> None:
        placed.append(question)
        done.add(question.id)
        for other in list(waiting):  # follow-ups that were waiting for this one
            if other in waiting and refs(other) <= done:
                waiting.remove(other)
                place(other)

    for question in grouped:
        if refs(question) - {question.id} <= done:
            place(question)
        else:
            waiting.append(question)
    return placed + waiting  # a cycle of conditions: asked in dimension order after all else
