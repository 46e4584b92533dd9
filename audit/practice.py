"""Texts of the consultant's practice sections (several respondents, progress, peer benchmark),
kept as data in `languages/<code>/practice.yaml` beside the report's own texts."""

from __future__ import annotations

from typing import Any

from audit.strings import Strings, strings


def practice_strings(lang: str) -> Strings:
    """The texts for `lang`; a regional variant (nl-BE) falls back to its language (nl)."""
    return strings(lang, "practice")


def sections_in_language(a: Any, q: Any, lang: str) -> None:
    """Put the practice sections of Assessment `a` (a copy being localised) into `lang`: names
    and titles from the questionnaire `q`; ids, scores and counts stay as they are. Texts of
    what `q` no longer has (a retired question, a dropped misconception) stay as saved."""
    from audit.assess import answer_text

    def dim_name(did: str, old: str) -> str:
        return next((d.name(lang) for d in q.dimensions if d.id == did), old)

    def m_title(mid: str, old: str) -> str:
        return next((m.title(lang) for m in q.misconceptions if m.id == mid), old)

    def a_title(aid: str, old: str) -> str:
        return next((x.title(lang) for x in q.advice if x.id == aid), old)

    levels = {lv.number: lv.name(lang) for lv in q.levels}
    if a.respondents:
        team = a.respondents
        for d in team["dimensions"]:
            d["name"] = dim_name(d["id"], d["name"])
        for m in team["misconceptions"]:
            m["title"] = m_title(m["id"], m["title"])
        for row in team["differences"]:
            question = q.question(row["question"])
            if question is None:
                continue
            row["text"] = question.text(lang)
            if "values" in row:
                row["answers"] = [None if v is None else answer_text(question, v, lang)
                                  for v in row["values"]]
    if a.progress:
        pr = a.progress
        for key in ("then", "now"):
            if pr[key].get("level") in levels:
                pr[key]["level_name"] = levels[pr[key]["level"]]
        for d in pr["dimensions"]:
            d["name"] = dim_name(d["id"], d["name"])
        for group in ("resolved", "new", "remaining"):
            for m in pr[group]:
                m["title"] = m_title(m["id"], m["title"])
        for item in pr["advice"]:
            item["title"] = a_title(item["id"], item["title"])
        for x in pr["not_compared"]:
            if x["kind"] == "dimension":
                x["title"] = dim_name(x["id"], x["title"])
        for x in pr["questions"].get("renamed", []):
            if q.question(x["new"]):
                x["text"] = q.question(x["new"]).text(lang)
        for x in pr["questions"].get("added", []):
            if q.question(x["id"]):
                x["text"] = q.question(x["id"]).text(lang)
    if a.benchmark:
        for d in a.benchmark["dimensions"]:
            d["name"] = dim_name(d["id"], d["name"])
