"""Persona benchmark: how well the judgement agrees with what a consultant expects.

    python benchmarks/personas.py [FOLDER ...] [--questionnaire Q.yaml]

For every persona file (default: tests/personas) it prints the misconceptions missed, the
false alarms (detected although the file says they must not be), the level against the
expected range, and totals: recall, false alarms, level agreement. Goals (issue 9): recall
>= 95%, at most one clear false alarm per twelve companies, level in range for 10 of 12.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from audit.load import load_questionnaire
    from audit.personas import run_suite

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path,
                        default=[ROOT / "tests" / "personas"])
    parser.add_argument("--questionnaire", type=Path, default=None)
    args = parser.parse_args()
    q = load_questionnaire(args.questionnaire) if args.questionnaire else load_questionnaire()
    for folder in args.folders:
        suite = run_suite(q, folder)
        print(f"{folder} ({len(suite.personas)} companies)")
        for p in suite.personas:
            low, high = p.level_range
            mark = "ok " if p.level_ok and not p.missed and not p.false_alarms else "!! "
            print(f"  {mark}{p.name:34} level {p.level} (expected {low}-{high})"
                  + (f"  missed: {', '.join(p.missed)}" if p.missed else "")
                  + (f"  false alarms: {', '.join(p.false_alarms)}" if p.false_alarms else ""))
        n = len(suite.personas)
        print(f"  recall {suite.hits}/{suite.expected} = {suite.recall:.1%}; "
              f"false alarms {suite.false_alarms} over {n} companies; "
              f"level in range {suite.levels_ok}/{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
