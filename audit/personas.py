"""Persona files: a company's answers plus what a consultant expects the audit to conclude.

A persona file (see `tests/personas/README.md`) holds `expect` (misconceptions that must be
found, ones that must not, a level range) and `answers_file` (what an answers file holds).
This module checks the engine against such files and counts recall, false alarms and level
agreement; `benchmarks/personas.py` prints the figures and `tests/test_personas.py` holds
the suite to the goals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from audit.answers import from_mapping
from audit.assess import assess
from audit.assessment import Assessment
from audit.model import Questionnaire


@dataclass
class PersonaResult:
    name: str
    expected: list[str]
    must_not: list[str]
    level_range: tuple[int, int]
    found: list[str]
    level: int | None
    assessment: Assessment
    answers: dict[str, Any]
    solo: bool = False
    not_active: bool = False

    @property
    def missed(self) -> list[str]:
        return [m for m in self.expected if m not in self.found]

    @property
    def false_alarms(self) -> list[str]:
        return [m for m in self.must_not if m in self.found]

    @property
    def level_ok(self) -> bool:
        low, high = self.level_range
        return self.level is not None and low <= self.level <= high


@dataclass
class SuiteResult:
    personas: list[PersonaResult] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return sum(len(p.expected) for p in self.personas)

    @property
    def hits(self) -> int:
        return sum(len(p.expected) - len(p.missed) for p in self.personas)

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def false_alarms(self) -> int:
        return sum(len(p.false_alarms) for p in self.personas)

    @property
    def levels_ok(self) -> int:
        return sum(p.level_ok for p in self.personas)


def load_persona(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict) or "expect" not in data or "answers_file" not in data:
        raise ValueError(f"{path}: a persona file holds 'expect' and 'answers_file'")
    return data


def run_persona(q: Questionnaire, path: Path) -> PersonaResult:
    """Assess one persona in the language its answers file names."""
    data = load_persona(path)
    answers, problems = from_mapping(q, data["answers_file"], str(path))
    if problems:
        raise ValueError(f"{path}: {'; '.join(problems)}")
    expect = data["expect"]
    result = assess(q, answers, answers.language or "nl")
    low, high = expect["level"]
    return PersonaResult(
        name=path.stem,
        expected=list(expect.get("misconceptions") or []),
        must_not=list(expect.get("must_not") or []),
        level_range=(int(low), int(high)),
        found=[f.id for f in result.findings],
        level=result.level["number"] if result.level else None,
        assessment=result,
        answers=dict(answers.values),
        solo=bool(expect.get("solo")),
        not_active=bool(expect.get("not_active")),
    )


def run_suite(q: Questionnaire, folder: Path) -> SuiteResult:
    return SuiteResult([run_persona(q, p) for p in sorted(folder.glob("*.yaml"))])
