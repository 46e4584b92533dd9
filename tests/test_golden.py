"""The examples' outputs equal the reviewed golden files (tests/golden/). A content or engine
change that moves them fails here until `make golden` is run and the diff is reviewed."""

from __future__ import annotations

import difflib

import pytest
from golden.regenerate import GOLDEN, outputs

# Checks of the shipped content (see questionnaires/README.md, "Content checks").
pytestmark = pytest.mark.content


def test_examples_match_their_golden_outputs():
    fresh = outputs()
    assert sorted(fresh) == sorted(p.name for p in GOLDEN.glob("*.json")), "run `make golden`"
    changed = []
    for name, text in fresh.items():
        old = (GOLDEN / name).read_text(encoding="utf-8")
        if old != text:
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(), f"golden/{name}", "now",
                                        lineterm="", n=1)
            changed.append("\n".join(list(diff)[:30]))
    assert not changed, ("outputs differ from tests/golden/ (if intended: `make golden`, then review "
                         "`git diff tests/golden/`):\n" + "\n\n".join(changed))
