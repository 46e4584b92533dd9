"""Random but valid client rows over a questionnaire, in the template's layout (row 1: ids).

Used by benchmarks/batch.py and the tests; the answers are labels in the chosen language,
as a consultant would type or pick them.
"""

from __future__ import annotations

import random
from typing import Any

from audit.batch.template import COMPANY_IDS
from audit.model import Question, Questionnaire

SECTORS = ["Horeca", "Bouw", "Zorg", "Retail", "ICT", "Transport", "Onderwijs", "Industrie"]


def random_answer(question: Question, rng: random.Random, lang: str) -> str:
    if question.type == "single":
        return rng.choice(question.options).label(lang)
    if question.type == "multi":
        plain = [o for o in question.options if not o.exclusive]
        exclusive = [o for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.15:
            return exclusive[0].label(lang)
        chosen = rng.sample(plain, rng.randint(1, max(1, min(4, len(plain)))))
        return "; ".join(o.label(lang) for o in chosen)
    if question.type == "yesno":
        return rng.choice(["Ja", "Nee"] if lang == "nl" else ["Yes", "No"])
    if question.type == "scale":
        return str(rng.randint(1, 5))
    if question.type == "number":
        low = int(question.min if question.min is not None else 0)
        high = int(min(question.max if question.max is not None else 40, low + 40))
        return str(rng.randint(low, high))
    return rng.choice(["", "Geen opmerkingen.", "Wil starten met video."])


def random_rows(questionnaire: Questionnaire, count: int, lang: str = "nl", seed: int = 1
                ) -> list[list[Any]]:
    """A header row of ids, then `count` clients with random valid answers."""
    rng = random.Random(seed)
    rows: list[list[Any]] = [COMPANY_IDS + [q.id for q in questionnaire.questions]]
    for i in range(1, count + 1):
        company = [f"Klant {i:03d} BV", rng.choice(SECTORS), str(rng.randint(2, 250)),
                   f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "", ""]
        rows.append(company + [random_answer(q, rng, lang) for q in questionnaire.questions])
    return rows
