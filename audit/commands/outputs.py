"""What `report` and `render` share once they hold an Assessment: the brand kit (with its
contrast warnings) and writing the PDF and/or JSON, each replaced only when complete."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from audit.errors import InputError


def load_checked_brand(path: Path | str | None, note: Callable[[str], None]) -> Any:
    """The brand kit at `path` (default: the neutral one), its contrast and footer problems said on stderr."""
    from audit.brand import contrast_check, footer_check, load_brand

    brand = load_brand(path)
    warnings, notes = contrast_check(brand)
    warnings += footer_check(brand)
    for warning in warnings:
        click.echo(f"warning: {brand.source}: {warning}", err=True)
    for text in notes:
        note(f"{brand.source}: {text}")
    return brand


def write_outputs(assessment: Any, brand: Any, out: Path | None, json_out: Path | None,
                  archive: bool = False) -> None:
    """The PDF at `out` and the saved assessment at `json_out` (either may be None); a file
    that cannot be written is an error naming it, and a good old file is never half-replaced."""
    from audit.files import write_atomic
    from audit.strings import strings

    s = strings(assessment.language, "practice")  # said in the report's language
    try:
        if out is not None:
            from audit.render.pdf import render_report_pdf

            render_report_pdf(assessment, brand, out, archive=archive)
            click.echo(s["wrote"].format(path=out))
        if json_out is not None:
            write_atomic(json_out, json.dumps(assessment.to_dict(), ensure_ascii=False, indent=2) + "\n")
            click.echo(s["wrote"].format(path=json_out))
    except OSError as exc:
        target = exc.filename or out or json_out
        raise InputError(str(target), s["cannot_write"].format(reason=exc.strerror or exc)) from None
