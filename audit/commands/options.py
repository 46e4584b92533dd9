"""Options shared by several commands, declared once so that their names, choices and help
read the same everywhere (`--lang` and `--questionnaire` appear in most commands)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from audit.model import LANGUAGES

QUESTIONNAIRE_HELP = ("Questionnaire: a file, or an id such as quick-scan (optionally id@version); "
                      "default: the one the answers name, else social-media-audit.")


def lang_option(help: str, default: str | None = None) -> Callable[[Any], Any]:
    """`--lang`: one of the languages the content is written in."""
    return click.option("--lang", type=click.Choice(list(LANGUAGES)), default=default,
                        show_default=default is not None, help=help)


def questionnaire_option(help: str = QUESTIONNAIRE_HELP, as_path: bool = False) -> Callable[[Any], Any]:
    """`--questionnaire FILE|ID[@VERSION]`, passed on as `questionnaire_spec` (see audit.catalog),
    or with `as_path` already found, as `questionnaire_path` (for commands without answers files
    whose reference could choose it)."""
    if not as_path:
        return click.option("--questionnaire", "questionnaire_spec", metavar="FILE|ID[@VERSION]",
                            default=None, help=help)

    def found(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        from audit.catalog import locate

        return locate(value)[0] if value else None

    return click.option("--questionnaire", "questionnaire_path", metavar="FILE|ID[@VERSION]",
                        default=None, callback=found, help=help)
