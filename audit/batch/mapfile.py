"""The mapping file: a consultant fixes an unusual export once and reuses the fix.

    columns:
      "Naam van je zaak": company.name
      "Q7_3": channels_used=instagram     # a column per option
      "Opmerkingen intern": ignore
    values:
      channels_chosen:
        "AO01": audience_goals

`smaudit batch LIST --suggest-map map.yaml` writes one with every column as it was read
(exact, approximate, or empty with the closest candidates in a comment) and every answer
value that matched no option; `--map map.yaml` applies it. An empty target changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from audit.answers import COMPANY_FIELDS, fold
from audit.batch.columns import Column, Matcher
from audit.batch.fuzzy import similarity
from audit.batch.layout import detect
from audit.batch.readers import RawTable
from audit.errors import InputError
from audit.files import write_atomic
from audit.model import Questionnaire

SPECIAL = {"ignore", "respondent", "submitted", "metadata"}


def load_map(path: Path, questionnaire: Questionnaire) -> dict[str, Any]:
    """The mapping file, checked against the questionnaire: every bad entry is named."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig")) or {}
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not a readable YAML file: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a mapping with 'columns' and/or 'values'")
    problems: list[str] = []
    for key in sorted(set(data) - {"columns", "values"}):
        problems.append(f"unknown key {key!r} (expected columns, values)")
    columns = data.get("columns") or {}
    values = data.get("values") or {}
    if not isinstance(columns, dict):
        problems.append("columns: expected header: target pairs")
        columns = {}
    if not isinstance(values, dict):
        problems.append("values: expected question id: {value: option} mappings")
        values = {}
    clean_columns: dict[str, str] = {}
    for header, target in columns.items():
        target = "" if target is None else str(target).strip()
        if not target:
            continue  # not decided yet: the column is read as without a mapping
        why = _bad_target(target, questionnaire)
        if why:
            problems.append(f"columns: {header!r}: {why}")
        clean_columns[str(header).strip()] = target
    clean_values: dict[str, dict[str, str]] = {}
    for qid, table in values.items():
        question = questionnaire.question(str(qid))
        if question is None or not question.options and question.type != "yesno":
            problems.append(f"values: {qid!r} is not a choice or yes/no question of {questionnaire.id!r}")
            continue
        if not isinstance(table, dict):
            problems.append(f"values: {qid}: expected value: option pairs")
            continue
        for raw, option in table.items():
            option = "" if option is None else str(option).strip()
            if not option:
                continue
            if question.type == "yesno" and option not in ("yes", "no"):
                problems.append(f"values: {qid}: {raw!r} -> {option!r} is not yes or no")
            elif question.type != "yesno" and question.option(option) is None:
                allowed = ", ".join(o.value for o in question.options)
                problems.append(f"values: {qid}: {raw!r} -> {option!r} is not an option ({allowed})")
            clean_values.setdefault(str(qid), {})[str(raw)] = option
    if problems:
        raise InputError(str(path), problems)
    return {"columns": clean_columns, "values": clean_values}


def _bad_target(target: str, questionnaire: Questionnaire) -> str:
    if target in SPECIAL:
        return ""
    if target.startswith("company."):
        fields = ", ".join(COMPANY_FIELDS)
        return "" if target[8:] in COMPANY_FIELDS else f"{target!r}: company fields are {fields}"
    qid, _, option = target.partition("=")
    question = questionnaire.question(qid.strip())
    if question is None:
        return f"{qid.strip()!r} is not a question id of {questionnaire.id!r}"
    if option.strip() and question.option(option.strip()) is None:
        return f"{option.strip()!r} is not an option of {qid.strip()}"
    return ""


def _target(col: Column) -> str:
    if col.role == "question":
        return col.target
    if col.role == "option":
        return f"{col.target}={col.option}"
    if col.role in ("company", "duplicate") and col.target:
        return f"company.{col.target}"
    if col.role in ("respondent", "submitted", "metadata"):
        return col.role
    if col.role == "ignored":
        return "ignore"
    return ""


def _position(raw: str) -> int | None:
    """1 for "1", "A1", "AO01": the number a choice export writes (a position, most often)."""
    import re

    match = re.fullmatch(r"(?:A|AO)?0*(\d{1,3})", raw.strip(), re.IGNORECASE)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML-safe double-quoted string


def suggest_map(table: RawTable, questionnaire: Questionnaire, lang: str, out: Path,
                current: dict[str, Any] | None = None) -> dict[str, int]:
    """Write a mapping file for this list: what every column was read as, the closest
    questions for those that matched nothing, and every answer value that matched no option."""
    from audit.batch.matching import parse_rows

    layout = detect(table.rows)
    current = current or {}
    columns = Matcher(questionnaire, current.get("columns") or {}).match(layout.fields)
    headers = [f.header for f in layout.fields]
    counts = {"exact": 0, "approx": 0, "open": 0, "values": 0}
    lines = [f"# smaudit mapping for {Path(table.source).name} (written by --suggest-map).",
             "# Fill in or correct the targets, then run: smaudit batch LIST --map THIS-FILE",
             "# Targets: a question id; question_id=option for a column per option; company.name,",
             "# company.sector, company.size, company.date, company.consultant, company.contact;",
             "# respondent (a person's name, never the company); submitted (the submit date); ignore.",
             "# An empty target (\"\") changes nothing.", "columns:"]
    pairs = [(t, q.id) for q in questionnaire.questions for t in q.text.texts.values()]
    for col, f in zip(columns, layout.fields, strict=True):
        key = f.header if f.header and headers.count(f.header) == 1 else f"column {col.letter}"
        target = _target(col)
        comment = ""
        if col.how == "approx":
            comment = "approximate: check"
            counts["approx"] += 1
        elif target:
            counts["exact"] += 1
        else:
            counts["open"] += 1
            text = fold(f.title or f.header)
            ranked = sorted(((similarity(text, fold(t)), qid) for t, qid in pairs), reverse=True)
            seen: list[str] = []
            for similar, qid in ranked:
                if similar < 0.45:
                    break
                if qid not in seen:
                    seen.append(qid)
                if len(seen) == 3:
                    break
            closest = "; closest: " + ", ".join(seen) if seen else ""
            comment = f"not matched{closest}" if f.header else "empty header"
        lines.append(f"  {_q(key)}: {_q(target)}" + (f"  # {comment}" if comment else ""))
    lines.append("values:")
    try:
        parsed = parse_rows(table, questionnaire, lang, current, refuse_codes=False)
        unknown = parsed.unknown_by_question
    except InputError:
        unknown = {}
    for qid, counter in unknown.items():
        question = questionnaire.question(qid)
        choices = [o.value for o in question.options or []]
        if question.type == "yesno":
            choices = ["yes", "no"]
        lines.append(f"  {qid}:  # options: {', '.join(choices)}")
        for raw, count in sorted(counter.items(), key=lambda rc: (_position(rc[0]) or 0, rc[0])):
            at = _position(raw)
            hint = (f"; choice {at} in the questionnaire's order is {choices[at - 1]!r}: "
                    "check the survey's order" if at and at <= len(choices) else "")
            lines.append(f"    {_q(raw)}: \"\"  # {count}x{hint}")
            counts["values"] += 1
    lines += ["", "# The questions (id, type: text) and their options (value: label):"]
    for question in questionnaire.questions:
        lines.append(f"#   {question.id} ({question.type}): {question.text(lang)}")
        for option in question.options or []:
            lines.append(f"#       {option.value}: {option.label(lang)}")
    write_atomic(out, "\n".join(lines) + "\n")
    return counts
