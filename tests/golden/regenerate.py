"""Golden outputs of the example companies: the saved assessment (JSON) of every example in
every language the questionnaire lists, as `smaudit report --json` writes it, with a fixed date.

`make golden` rewrites them; review the change with `git diff tests/golden/` before committing
(tests/test_golden.py fails until the files match what the code produces now).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples" / "answers"
GOLDEN = Path(__file__).resolve().parent
DATE = dt.date(2026, 1, 1)  # outputs must not change with the day they are made


def outputs() -> dict[str, str]:
    """File name -> content of every golden output, produced by the current code."""
    from audit.assess import assess
    from audit.load import load_answers, load_questionnaire

    q = load_questionnaire()
    found = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        answers = load_answers(path, q)
        for lang in q.languages:
            data = assess(q, answers, lang, today=DATE).to_dict()
            found[f"{path.stem}.{lang}.json"] = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return found


def main() -> int:
    fresh = outputs()
    for name, text in fresh.items():
        (GOLDEN / name).write_text(text, encoding="utf-8")
    stale = [p for p in GOLDEN.glob("*.json") if p.name not in fresh]
    for path in stale:
        path.unlink()
    print(f"wrote {len(fresh)} golden outputs in {GOLDEN.relative_to(ROOT)}/"
          f"{f', removed {len(stale)}' if stale else ''}; review: git diff {GOLDEN.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
