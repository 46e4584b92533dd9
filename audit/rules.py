"""The condition language of the questionnaire: tokenise -> parse -> evaluate.

A closed grammar, evaluated by walking a small tree; never Python's eval/exec.

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (OP sum)?           OP: == != < <= > >= contains in
    sum     := atom (("+" | "-") atom)*
    atom    := NUMBER | STRING | true | false | IDENT | FUNC "(" IDENT ")"
             | "[" (literal ("," literal)*)? "]" | "(" expr ")"
    FUNC    := answered | count

Identifiers are question ids. A question without an answer (unanswered, hidden, or
"unknown") makes every comparison that reads it unknown (three-valued logic: `not` of
unknown is unknown, and an unknown result counts as false), so a rule never fires on
missing data; `answered(q)` tests for presence and `count(q)` counts a multiple choice answer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class RuleError(ValueError):
    """A rule that does not parse, or reads a question that does not exist."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>\d+(?:\.\d+)?)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\+|-)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "contains", "in", "true", "false"}
_FUNCTIONS = {"answered", "count"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">=", "contains", "in"}


class _Missing:
    """The value of a question that has no answer; every comparison with it is false."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def _tokenise(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            char = text[pos:].strip()[:1]
            hint = {"=": " (compare with ==)", "&": " (write and)", "|": " (write or)",
                    "!": " (write != or not)"}.get(char, "")
            raise RuleError(f"unexpected character {char!r} at position {pos + 1}{hint}")
        pos = match.end()
        if match.group("num") is not None:
            num = match.group("num")
            tokens.append(("lit", float(num) if "." in num else int(num)))
        elif match.group("str") is not None:
            tokens.append(("lit", match.group("str")[1:-1]))
        elif match.group("op") is not None:
            tokens.append(("op", match.group("op")))
        else:
            name = match.group("name")
            if name in ("true", "false"):
                tokens.append(("lit", name == "true"))
            elif name in _KEYWORDS:
                tokens.append(("op", name))
            else:
                tokens.append(("name", name))
    tokens.append(("end", None))
    return tokens


# Tree nodes are tuples: ("lit", v) ("ref", qid) ("call", fn, qid) ("list", [v..])
# ("not", node) ("and", [nodes]) ("or", [nodes]) ("cmp", op, left, right) ("arith", op, l, r)


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenise(text)
        self.i = 0

    def peek(self) -> tuple[str, Any]:
        return self.tokens[self.i]

    def take(self, kind: str | None = None, value: Any = None) -> tuple[str, Any]:
        tok = self.tokens[self.i]
        if (kind and tok[0] != kind) or (value is not None and tok[1] != value):
            want = value if value is not None else kind
            got = "end of rule" if tok[0] == "end" else repr(tok[1])
            raise RuleError(f"expected {want!r} but found {got}")
        self.i += 1
        return tok

    def parse(self) -> tuple:
        node = self.or_()
        if self.peek()[0] != "end":
            raise RuleError(f"unexpected {self.peek()[1]!r} after a complete expression")
        return node

    def or_(self) -> tuple:
        parts = [self.and_()]
        while self.peek() == ("op", "or"):
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def and_(self) -> tuple:
        parts = [self.not_()]
        while self.peek() == ("op", "and"):
            self.take()
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def not_(self) -> tuple:
        if self.peek() == ("op", "not"):
            self.take()
            return ("not", self.not_())
        return self.compare()

    def compare(self) -> tuple:
        left = self.sum_()
        kind, value = self.peek()
        if kind == "op" and value in _COMPARE:
            self.take()
            return ("cmp", value, left, self.sum_())
        return left

    def sum_(self) -> tuple:
        node = self.atom()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = ("arith", op, node, self.atom())
        return node

    def atom(self) -> tuple:
        kind, value = self.peek()
        if kind == "lit":
            self.take()
            return ("lit", value)
        if kind == "op" and value == "(":
            self.take()
            node = self.or_()
            self.take("op", ")")
            return node
        if kind == "op" and value == "[":
            self.take()
            items: list[Any] = []
            while self.peek() != ("op", "]"):
                items.append(self.take("lit")[1])
                if self.peek() == ("op", ","):
                    self.take()
                elif self.peek() != ("op", "]"):
                    raise RuleError("expected ',' or ']' in a list")
            self.take("op", "]")
            return ("list", items)
        if kind == "name":
            self.take()
            if value in _FUNCTIONS:
                self.take("op", "(")
                ref = self.take("name")[1]
                self.take("op", ")")
                return ("call", value, ref)
            if self.peek() == ("op", "("):
                raise RuleError(f"unknown function {value!r} (known: answered, count)")
            return ("ref", value)
        got = "end of rule" if kind == "end" else repr(value)
        raise RuleError(f"expected a value, a question id or '(' but found {got}")


def _refs(node: tuple, skip_answered: bool = False) -> set[str]:
    tag = node[0]
    if tag == "ref":
        return {node[1]}
    if tag == "call":
        return set() if skip_answered and node[1] == "answered" else {node[2]}
    if tag == "not":
        return _refs(node[1], skip_answered)
    if tag in ("and", "or"):
        return set().union(*(_refs(n, skip_answered) for n in node[1]))
    if tag in ("cmp", "arith"):
        return _refs(node[2], skip_answered) | _refs(node[3], skip_answered)
    return set()


@dataclass(frozen=True)
class Rule:
    """A parsed rule; `refs` are the question ids it reads (its evidence)."""

    source: str
    tree: tuple = field(repr=False)
    refs: frozenset[str]

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return _truth(_eval(self.tree, answers))

    def value(self, answers: Mapping[str, Any]) -> bool | None:
        """Three-valued: True, False, or None when missing answers leave it undecided."""
        result = _eval(self.tree, answers)
        return None if result is MISSING else bool(result)

    @property
    def value_refs(self) -> frozenset[str]:
        """The questions whose answers the rule compares (not those it only tests with
        answered()): what a finding may quote as evidence."""
        return frozenset(_refs(self.tree, skip_answered=True))


@functools.lru_cache(maxsize=1024)
def _compile(text: str) -> Rule:
    tree = _Parser(text).parse()
    return Rule(text, tree, frozenset(_refs(tree)))


def parse(text: str, known_ids: set[str] | None = None) -> Rule:
    """Parse a rule; with `known_ids`, every question id it reads must be among them."""
    if not isinstance(text, str) or not text.strip():
        raise RuleError("a rule must be a non-empty text")
    rule = _compile(text)
    if known_ids is not None:
        unknown = sorted(rule.refs - known_ids)
        if unknown:
            raise RuleError(f"unknown question id {', '.join(unknown)}")
    return rule


def _truth(value: Any) -> bool:
    return value is not MISSING and bool(value)


def _eval(node: tuple, answers: Mapping[str, Any]) -> Any:
    tag = node[0]
    if tag == "lit":
        return node[1]
    if tag == "list":
        return list(node[1])
    if tag == "ref":
        value = answers.get(node[1], MISSING)
        return MISSING if value is None else value
    if tag == "call":
        value = answers.get(node[2])
        if node[1] == "answered":
            return value is not None and value is not MISSING
        if value is None or value is MISSING:
            return MISSING
        return len(value) if isinstance(value, list | tuple | set) else 1
    if tag == "not":
        value = _eval(node[1], answers)
        return MISSING if value is MISSING else not _truth(value)
    if tag in ("and", "or"):  # three-valued: unknown stays unknown unless the result is sure
        values = [_eval(n, answers) for n in node[1]]
        decisive = tag == "or"
        if any(v is not MISSING and bool(v) is decisive for v in values):
            return decisive
        return MISSING if any(v is MISSING for v in values) else not decisive
    if tag == "arith":
        left, right = _eval(node[2], answers), _eval(node[3], answers)
        if not _is_number(left) or not _is_number(right):
            return MISSING
        return left + right if node[1] == "+" else left - right
    if tag == "cmp":
        return _compare(node[1], _eval(node[2], answers), _eval(node[3], answers))
    raise RuleError(f"unknown node {tag}")  # pragma: no cover - the parser makes no others


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _compare(op: str, left: Any, right: Any) -> Any:
    if left is MISSING or right is MISSING:
        return MISSING
    if op == "contains":
        return isinstance(left, list | tuple | set) and right in left
    if op == "in":
        if isinstance(left, list | tuple | set):  # any selected option in the list
            return any(item in right for item in left)
        return isinstance(right, list | tuple | set) and left in right
    if op in ("==", "!="):
        equal = left == right
        return equal if op == "==" else not equal
    if not (_is_number(left) and _is_number(right)):
        return False
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
