"""`smaudit clients`: the client register (list, history, import, export, delete)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from audit.commands.options import lang_option
from audit.errors import InputError
from audit.register.options import register_options, require_register
from audit.strings import count, strings


def _say(ctx: click.Context, key: str, **params: object) -> str:
    """A register text in the language chosen with `smaudit clients --lang`."""
    return strings(ctx.obj["lang"], "practice")[key].format(**params)


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@click.group(invoke_without_command=True)
@register_options
@lang_option("Language of the messages and the list's headings.", default="nl")
@click.pass_context
def clients(ctx: click.Context, register_location: str | None, data_dir: Path | None,
            db_url: str | None, lang: str) -> None:
    """The client register: every kept assessment per client. Without a subcommand: the list."""
    ctx.obj = {"data_dir": data_dir, "db_url": db_url, "register": register_location, "lang": lang}
    if ctx.invoked_subcommand is None:
        register = _register(ctx)
        click.echo(_say(ctx, "clients_register", where=register.location.describe()))
        rows = register.clients()
        if not rows:
            click.echo(_say(ctx, "clients_empty"))
            return
        s = strings(lang, "practice")
        width = max(len(c.id) for c in rows)
        width = max(width, len(s["clients_col_client"]))
        many = max(11, len(s["clients_col_assessments"]))
        click.echo(f"{s['clients_col_client']:<{width}}  {s['clients_col_assessments']:>{many}}  "
                   f"{s['clients_col_last']:<10}  {s['clients_col_score']:>5}  "
                   f"{s['clients_col_level']:>6}  {s['clients_col_name']}")
        for c in rows:
            click.echo(f"{c.id:<{width}}  {c.assessments:>{many}}  {(c.last_assessed or '–')[:10]:<10}  "
                       f"{_score(c.last_overall):>5}  {c.last_level or '–':>6}  {c.name}")
        click.echo(_say(ctx, "clients_total", clients=count(lang, "clients_count", len(rows)),
                        assessments=count(lang, "assessments_count", sum(c.assessments for c in rows))))


def _register(ctx: click.Context):
    return require_register(ctx.obj["db_url"], ctx.obj["data_dir"], ctx.obj["register"], ctx.obj["lang"])


@clients.command("show")
@click.argument("client_id")
@click.pass_context
def show(ctx: click.Context, client_id: str) -> None:
    """One client's kept assessments, oldest first."""
    register = _register(ctx)
    client = register.client(client_id)
    if client is None:
        raise InputError(client_id, _say(ctx, "clients_no_such"))
    click.echo(f"{client.name} ({client.id}) · {client.sector or '–'} · {client.size or '–'}")
    for k in register.history(client_id):
        click.echo(f"  #{k.id:<6} {k.assessed[:10]}  {k.source:<9} {k.questionnaire} "
                   f"{k.questionnaire_version}  "
                   + _say(ctx, "clients_history_line", score=_score(k.overall), level=k.level or "–"))


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
            click.echo(_say(ctx, "clients_skipped", line=f"{store}: {_say(ctx, 'clients_skipped_self')}"),
                       err=True)
            continue
        merged = register.merge_from(store)
        kept += merged["assessments"]
        lang = ctx.obj["lang"]
        click.echo(_say(ctx, "clients_merged", store=store,
                        assessments=count(lang, "assessments_count", merged["assessments"]),
                        clients=count(lang, "clients_count", merged["clients"])))
    from audit.load import looks_like_questionnaire, read_data

    for path in files:
        try:
            if looks_like_questionnaire(read_data(path)):
                raise InputError(str(path), _say(ctx, "clients_is_questionnaire"))
            loaded = load_assessment([path], None)
        except InputError as exc:
            for line in exc.lines():
                click.echo(_say(ctx, "clients_skipped", line=line), err=True)
            failed += 1
            continue
        entry = register.keep(loaded.assessment, loaded.answers, "import", client_id)
        kept += 1
        click.echo(_say(ctx, "clients_kept_file", path=path, client=entry.client_id, number=entry.id,
                        date=entry.assessed[:10]))
    click.echo(_say(ctx, "clients_import_total", kept=kept, failed=failed))
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
        raise InputError(client_id, _say(ctx, "clients_no_such"))
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    click.echo(_say(ctx, "clients_wrote", out=out,
                    assessments=count(ctx.obj["lang"], "assessments_count", len(data["assessments"])),
                    submissions=len(data["web_submissions"])))


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
        raise InputError(client_id, _say(ctx, "clients_no_such"))
    lang = ctx.obj["lang"]
    if not yes:
        click.confirm(_say(ctx, "clients_confirm_delete", name=client.name, client=client.id,
                           assessments=count(lang, "assessments_count", client.assessments)), abort=True)
    removed = register.delete(client_id)
    click.echo(_say(ctx, "clients_deleted", client=client_id,
                    assessments=count(lang, "assessments_count", removed["assessments"]),
                    submissions=removed["web_submissions"], reports=removed["cached_reports"]))
