"""`smaudit clients`: the client register (list, history, import, export, delete)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from audit.errors import InputError
from audit.register.options import register_options, require_register


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@click.group(invoke_without_command=True)
@register_options
@click.pass_context
def clients(ctx: click.Context, register_location: str | None, data_dir: Path | None,
            db_url: str | None) -> None:
    """The client register: every kept assessment per client. Without a subcommand: the list."""
    ctx.obj = {"data_dir": data_dir, "db_url": db_url, "register": register_location}
    if ctx.invoked_subcommand is None:
        register = _register(ctx)
        click.echo(f"register: {register.location.describe()}")
        rows = register.clients()
        if not rows:
            click.echo("The register is empty: `smaudit report`, `interview`, `batch` and the web app "
                       "keep every assessment there; `smaudit clients import FILES` adds earlier ones.")
            return
        width = max(len(c.id) for c in rows)
        click.echo(f"{'client':<{width}}  {'assessments':>11}  {'last':<10}  {'score':>5}  level  name")
        for c in rows:
            click.echo(f"{c.id:<{width}}  {c.assessments:>11}  {(c.last_assessed or '–')[:10]:<10}  "
                       f"{_score(c.last_overall):>5}  {c.last_level or '–':>5}  {c.name}")
        click.echo(f"{len(rows)} clients, {sum(c.assessments for c in rows)} assessments")


def _register(ctx: click.Context):
    return require_register(ctx.obj["db_url"], ctx.obj["data_dir"], ctx.obj["register"])


@clients.command("show")
@click.argument("client_id")
@click.pass_context
def show(ctx: click.Context, client_id: str) -> None:
    """One client's kept assessments, oldest first."""
    register = _register(ctx)
    client = register.client(client_id)
    if client is None:
        raise InputError(client_id, "no such client in the register (see `smaudit clients`)")
    click.echo(f"{client.name} ({client.id}) · {client.sector or '–'} · {client.size or '–'}")
    for k in register.history(client_id):
        click.echo(f"  #{k.id:<6} {k.assessed[:10]}  {k.source:<9} {k.questionnaire} "
                   f"{k.questionnaire_version}  score {_score(k.overall)}  level {k.level or '–'}")


@clients.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--client", "client_id", help="Keep them all under this client id.")
@click.pass_context
def import_files(ctx: click.Context, paths: tuple[Path, ...], client_id: str | None) -> None:
    """Keep existing answers files and saved assessments (JSON) in the register.

    A folder is read for its .yaml, .yml and .json files (a batch output folder works).
    A file that cannot be read is reported and skipped; the others are kept. The data folder
    of an earlier smaudit (./smaudit-data, or its submissions.sqlite3) brings over every client
    and assessment of its register."""
    from audit.sources import load_assessment

    files: list[Path] = []
    stores: list[Path] = []
    for path in paths:
        store = _store_file(path)
        if store is not None:
            stores.append(store)
        elif path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json")
                            and not p.name.startswith("."))
        else:
            files.append(path)
    register = _register(ctx)
    kept = failed = 0
    for store in stores:
        if store.resolve() == _store_file(register.location.data_dir or Path()) and not \
                register.location.db_url:
            click.echo(f"skipped: {store}: this is the register itself", err=True)
            continue
        merged = register.merge_from(store)
        kept += merged["assessments"]
        click.echo(f"kept {merged['assessments']} assessments of {merged['clients']} clients from {store}")
    from audit.load import looks_like_questionnaire, read_data

    for path in files:
        try:
            if looks_like_questionnaire(read_data(path)):
                raise InputError(str(path), "a questionnaire, not answers or a saved assessment")
            loaded = load_assessment([path], None)
        except InputError as exc:
            for line in exc.lines():
                click.echo(f"skipped: {line}", err=True)
            failed += 1
            continue
        entry = register.keep(loaded.assessment, loaded.answers, "import", client_id)
        kept += 1
        click.echo(f"kept {path} -> {entry.client_id} #{entry.id} ({entry.assessed[:10]})")
    click.echo(f"{kept} kept, {failed} skipped")
    if failed:
        ctx.exit(1)


def _store_file(path: Path) -> Path | None:
    """The store's SQLite file when `path` is a data folder of smaudit or that file itself."""
    from audit.locate import STORE_FILE

    candidate = path / STORE_FILE if path.is_dir() else path
    if candidate.name == STORE_FILE and candidate.is_file():
        return candidate.resolve()
    return None


@clients.command("export")
@click.argument("client_id")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The JSON file to write: the client's details, answers and assessments.")
@click.pass_context
def export(ctx: click.Context, client_id: str, out: Path) -> None:
    """Everything the register holds about one client, as one JSON file (their copy)."""
    from audit.files import write_atomic

    data = _register(ctx).export(client_id)
    if data is None:
        raise InputError(client_id, "no such client in the register (see `smaudit clients`)")
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    click.echo(f"wrote {out}: {len(data['assessments'])} assessments, "
               f"{len(data['web_submissions'])} web submissions")


@clients.command("delete")
@click.argument("client_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def delete(ctx: click.Context, client_id: str, yes: bool) -> None:
    """Delete one client and everything kept about them (assessments, web submissions, cached
    reports). Cannot be undone: export first if the client wants a copy."""
    register = _register(ctx)
    client = register.client(client_id)
    if client is None:
        raise InputError(client_id, "no such client in the register (see `smaudit clients`)")
    if not yes:
        click.confirm(f"Delete {client.name} ({client.id}) and its {client.assessments} assessments?",
                      abort=True)
    removed = register.delete(client_id)
    click.echo(f"deleted {client_id}: {removed['assessments']} assessments, "
               f"{removed['web_submissions']} web submissions, {removed['cached_reports']} cached reports")
