"""`smaudit serve`: the self-assessment web app behind waitress; `smaudit export`: its
submissions as a client list that `smaudit batch` reads."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from audit.commands.options import lang_option, questionnaire_option
from audit.errors import InputError


def default_data(data_dir: Path | None, serving: bool = True) -> Path:
    """--data as given, else the user data folder (audit.locate.data_root), with a note when
    ./smaudit-data of an earlier smaudit is here (it kept its data in the current folder)."""
    from audit import locate

    if data_dir is not None:
        return data_dir
    chosen = locate.data_root()
    old = locate.legacy_data(chosen)
    if old is not None:
        what = "serves from" if serving else "reads"
        click.echo(f"note: ./{old} holds the data of an earlier smaudit, which kept it in the current "
                   f"folder; this {what} {chosen}. To go on with the old data: --data ./{old} "
                   f"(or SMAUDIT_DATA); to move it, stop the server and move the folder's contents to "
                   f"{chosen} (when that folder has no data yet).", err=True)
    return chosen


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but localhost belongs behind an HTTPS proxy.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder (or its brand.yaml); default: the neutral brand.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="SMAUDIT_DATA",
              help="Folder for the database, the secret key and the admin password hash (default: the "
                   "user data folder, e.g. ~/.local/share/smaudit, which also holds the client register).")
@lang_option("Language of the start and admin pages (default: the brand kit's language, else nl). "
             "A Flemish kit (language: nl-BE), or --lang nl-BE, makes the site's Dutch Flemish.")
@questionnaire_option("The start page's default questionnaire: a file or id[@version] (default: "
                      "social-media-audit). Every other questionnaire smaudit finds is offered too, "
                      "each at /q/ID/, unless --only.", as_path=True)
@click.option("--only", is_flag=True, help="Serve the --questionnaire alone.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads of the server.")
@click.option("--proxy", "proxy", metavar="ADDRESS",
              help="Address of the HTTPS reverse proxy in front: its X-Forwarded-For/-Proto are trusted "
                   "(client addresses for the login delay) and cookies are marked Secure.")
@click.option("--db", "db_url", metavar="URL", envvar="SMAUDIT_DB",
              help="Database URL, e.g. postgresql://smaudit@db-host/smaudit for several instances "
                   "on one database; default: SQLite in --data.")
@click.option("--public-url", metavar="URL", envvar="SMAUDIT_PUBLIC_URL",
              help="Address companies use to reach the site, e.g. https://audit.example.nl: resume "
                   "links are built on it, never on the request's Host header. "
                   "Default: http://HOST:PORT.")
@click.option("--render-workers", type=click.IntRange(1, 32), default=None,
              help="PDF worker processes (default: one per CPU core, at most 8; they run at a lower "
                   "priority than the pages).")
@click.option("--render-nice", type=click.IntRange(0, 19), default=10, show_default=True,
              help="How much lower the PDF workers' CPU priority is than the pages' (nice). "
                   "Lower it on a machine where other busy programs run beside smaudit.")
@click.option("--keep-months", type=click.IntRange(1, 120), default=24, show_default=True,
              help="Delete submissions nobody changed for this many months (the privacy notice "
                   "tells companies so).")
@click.option("--set-password", is_flag=True,
              help="Ask for the /admin password, store its hash in the data folder, and stop.")
def serve(host: str, port: int, brand_path: Path | None, data_dir: Path | None, lang: str | None,
          questionnaire_path: Path | None, threads: int, proxy: str | None, db_url: str | None,
          public_url: str | None, render_workers: int | None, keep_months: int, set_password: bool,
          only: bool = False, render_nice: int = 10) -> None:
    """Run the self-assessment web app (companies fill in the questionnaire in their browser)."""
    from audit.web import security

    data_dir = default_data(data_dir)
    if set_password:
        password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True)
        if len(password) < 10:
            raise click.UsageError("use a password of at least 10 characters")
        path = security.set_password(data_dir, password)
        click.echo(f"Password hash written to {path} (mode 0600).")
        return

    import waitress

    from audit.store.submissions import database_url
    from audit.web import create_app
    from audit.web.logs import hide_tokens
    from audit.web.workers import RenderWorkers, default_count

    if public_url and not public_url.startswith(("http://", "https://")):
        raise click.UsageError("--public-url must start with https:// (or http://)")
    config = {"SESSION_COOKIE_SECURE": True} if proxy else {}
    public = public_url or f"http://{host}:{port}"
    app = create_app(data_dir, brand_path, questionnaire_path, lang=lang, config=config, db=db_url,
                     public_url=public, render_inline=False, retention_months=keep_months,
                     only=only)
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    hide_tokens(app)
    st = app.extensions["smaudit"]
    workers = RenderWorkers(database_url(db_url, data_dir), st.questionnaires, st.brand, data_dir / "tmp",
                            render_workers or default_count(), [st.lang], nice=render_nice).start()
    st.store.on_queued = workers.wake  # a job committed by this instance is taken at once
    if not security.password_hash(data_dir):
        click.echo("note: /admin is closed until you run `smaudit serve --set-password` "
                   f"(or set {security.PASSWORD_ENV}).", err=True)
    click.echo(f"Serving on http://{host}:{port}/  (data in {data_dir.resolve()}; Ctrl+C stops)")
    trusted = {"x-forwarded-for", "x-forwarded-proto"}
    proxy_options = {"trusted_proxy": proxy, "trusted_proxy_headers": trusted} if proxy else {}
    # A service manager stops us with SIGTERM: leave through `finally` so the workers stop too.
    previous = signal.signal(signal.SIGTERM, _leave)
    try:
        waitress.serve(app, host=host, port=port, threads=threads, ident="smaudit",
                       max_request_body_size=1024 * 1024, clear_untrusted_proxy_headers=True,
                       **proxy_options)
    finally:
        workers.stop()
        signal.signal(signal.SIGTERM, previous)


def _leave(signum: int, frame: object) -> None:
    raise SystemExit(0)


@click.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="SMAUDIT_DATA",
              help="The data folder of `smaudit serve` (default: the user data folder).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The client list to write (.xlsx or .csv).")
@click.option("--all", "include_all", is_flag=True, help="Include submissions that are not completed.")
@lang_option("Language of the header texts and the answer labels.", default="nl")
@questionnaire_option("Questionnaire of the web app: a file or id[@version] (default: social-media-audit).",
                      as_path=True)
@click.option("--db", "db_url", metavar="URL", envvar="SMAUDIT_DB",
              help="Database of `smaudit serve --db` (e.g. postgresql://user@host/smaudit); "
                   "default: the SQLite file in --data.")
def export(data_dir: Path | None, out: Path, include_all: bool, lang: str, questionnaire_path: Path | None,
           db_url: str | None) -> None:
    """Write the web submissions as a client list (the input of `smaudit batch`)."""
    from audit.load import load_questionnaire
    from audit.store.submissions import database_url, open_store
    from audit.web.export import export_submissions

    data_dir = default_data(data_dir, serving=False)
    database = data_dir / "submissions.sqlite3"
    if not db_url and not database.is_file():
        raise InputError(str(database),
                         "no submissions database here (is --data the folder of smaudit serve?)")
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(str(out), "the output must end in .xlsx or .csv")
    store = open_store(database_url(db_url, data_dir))
    result = export_submissions(store, load_questionnaire(questionnaire_path), out, include_all, lang)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"{result.written} submission(s) written to {out}")
    if result.skipped:
        raise SystemExit(1)
