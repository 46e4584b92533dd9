"""Errors a user sees: one line each, naming the file and the question or field."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the CLI prints each problem as `FILE: problem` and exits with code 2."""

    def __init__(self, source: str, problems: list[str] | str):
        self.source = str(source)
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.lines()[0] if self.problems else self.source)

    def lines(self) -> list[str]:
        return [f"{self.source}: {p}" if self.source else p for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())
