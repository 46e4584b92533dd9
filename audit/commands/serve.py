"""`smaudit serve`: the self-assessment web app behind waitress; `smaudit export`: its
submissions as a client list that `smaudit batch` reads."""

from __future__ import annotations

from pathlib import Path

import click

from audit.errors import InputError

DEFAULT_DATA = Path("smaudit-data")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but localhost belongs behind an HTTPS proxy.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--brand", "brand_path", type=click.Path(path_type=Path),
              help="Brand kit folder (or its brand.yaml); default: the neutral brand.")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Folder for the database, the secret key and the admin password hash.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the start and admin pages.")
@click.option("--questionnaire", "questionnaire_path", type=click.Path(path_type=Path),
              help="Questionnaire file (default: the built-in one).")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads of the server.")
@click.option("--proxy", "proxy", metavar="ADDRESS",
              help="Address of the HTTPS reverse proxy in front: its X-Forwarded-For/-Proto are trusted "
                   "(client addresses for the login delay) and cookies are marked Secure.")
@click.option("--set-password", is_flag=True,
              help="Ask for the /admin password, store its hash in the data folder, and stop.")
def serve(host: str, port: int, brand_path: Path | None, data_dir: Path, lang: str,
          questionnaire_path: Path | None, threads: int, proxy: str | None, set_password: bool) -> None:
    """Run the self-assessment web app (companies fill in the questionnaire in their browser)."""
    from audit.web import security

    if set_password:
        password = click.prompt("Admin password", hide_input=True, confirmation_prompt=True)
        if len(password) < 10:
            raise click.UsageError("use a password of at least 10 characters")
        path = security.set_password(data_dir, password)
        click.echo(f"Password hash written to {path} (mode 0600).")
        return

    import waitress

    from audit.web import create_app

    config = {"SESSION_COOKIE_SECURE": True} if proxy else {}
    app = create_app(data_dir, brand_path, questionnaire_path, lang=lang, config=config)
    if not security.password_hash(data_dir):
        click.echo("note: /admin is closed until you run `smaudit serve --set-password` "
                   f"(or set {security.PASSWORD_ENV}).", err=True)
    click.echo(f"Serving on http://{host}:{port}/  (data in {data_dir.resolve()}; Ctrl+C stops)")
    trusted = {"x-forwarded-for", "x-forwarded-proto"}
    proxy_options = {"trusted_proxy": proxy, "trusted_proxy_headers": trusted} if proxy else {}
    waitress.serve(app, host=host, port=port, threads=threads, ident="smaudit",
                   max_request_body_size=1024 * 1024, clear_untrusted_proxy_headers=True, **proxy_options)


@click.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="The data folder of `smaudit serve`.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The client list to write (.xlsx or .csv).")
@click.option("--all", "include_all", is_flag=True, help="Include submissions that are not completed.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the header texts and the answer labels.")
@click.option("--questionnaire", "questionnaire_path", type=click.Path(path_type=Path),
              help="Questionnaire file (default: the built-in one).")
def export(data_dir: Path, out: Path, include_all: bool, lang: str, questionnaire_path: Path | None
           ) -> None:
    """Write the web submissions as a client list (the input of `smaudit batch`)."""
    from audit.load import load_questionnaire
    from audit.web.export import export_submissions

    database = data_dir / "submissions.sqlite3"
    if not database.is_file():
        raise InputError(str(database),
                         "no submissions database here (is --data the folder of smaudit serve?)")
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise InputError(str(out), "the output must end in .xlsx or .csv")
    result = export_submissions(database, load_questionnaire(questionnaire_path), out, include_all, lang)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"{result.written} submission(s) written to {out}")
    if result.skipped:
        raise SystemExit(1)
