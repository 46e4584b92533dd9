"""Run the real `smaudit` entry point in-process, as the console script does."""

from __future__ import annotations

import sys


def run_smaudit(args: list, capsys) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `smaudit ARGS`."""
    from audit.cli import main

    old = sys.argv
    sys.argv = ["smaudit", *map(str, args)]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return code, out, err
