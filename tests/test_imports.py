"""No import cycles inside audit/web (admin/app/views/report used to import each other in a
ring, so which module loaded first decided whether the app started): the graph of imports
between audit.web modules, module-level and inside functions, has no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parent.parent / "audit"


def imports_between(package: str) -> dict[str, set[str]]:
    folder = AUDIT / package.split(".", 1)[1].replace(".", "/")
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        module = f"{package}.{path.stem}" if path.stem != "__init__" else package
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == package:  # from audit.web import admin, views
                    found |= {f"{package}.{a.name}" for a in node.names}
                elif node.module.startswith(package + "."):
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith(package + ".")}
        graph[module] = found - {module}
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_checker_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("package", ["audit.web", "audit.batch", "audit.interview", "audit.render"])
def test_no_import_cycle(package):
    graph = imports_between(package)
    # the package's __init__ re-exports from its modules; those never import the package itself
    graph.pop(package, None)
    assert cycle(graph) is None, " -> ".join(cycle(graph) or [])
