"""The `smaudit` command line.

Each command lives in its own module under `audit/commands/` and is imported only when it
runs (or when --help needs its one-line summary); those modules import weasyprint and
pandas inside their functions, so `smaudit --help` stays fast.
"""

from __future__ import annotations

import importlib
import sys

import click

from audit.errors import InputError

COMMANDS = {
    "report": "audit.commands.report:report",
    "render": "audit.commands.render:render",
    "validate": "audit.commands.validate:validate",
    "questions": "audit.commands.questions:questions",
    "demo": "audit.commands.demo:demo",
    "interview": "audit.commands.interview:interview",
    "template": "audit.commands.batch:template",
    "batch": "audit.commands.batch:batch",
    "serve": "audit.commands.serve:serve",
    "export": "audit.commands.serve:export",
    "compare": "audit.commands.compare:compare",
    "clients": "audit.commands.clients:clients",
    "benchmark": "audit.commands.benchmark:benchmark",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="smaudit")
def cli() -> None:
    """Social media audit: questionnaire, maturity scores and a branded PDF report."""


def main() -> None:
    """Entry point: bad input becomes one line per problem and exit code 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except InputError as exc:
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
