"""Where the register is: the web app's store, found the way `smaudit serve` finds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEFAULT_DATA = Path("smaudit-data")  # the default data folder of `smaudit serve`


def register_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--data` and `--db`, as `smaudit serve` has them (also from SMAUDIT_DATA / SMAUDIT_DB)."""
    func = click.option("--db", "db_url", metavar="URL", envvar="SMAUDIT_DB",
                        help="The store's database URL (as `smaudit serve --db`, e.g. "
                             "postgresql://smaudit@host/smaudit); default: SQLite in --data.")(func)
    func = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                        envvar="SMAUDIT_DATA", default=DEFAULT_DATA, show_default=True,
                        help="The data folder of `smaudit serve`, which holds the client register.")(func)
    return func


def open_register(db_url: str | None, data_dir: Path, fast: bool = False):
    """The register in the store at `db_url`, else the SQLite file in `data_dir` (created).

    `fast`: what a report needs (client, peers, previous, keep) through the standard library's
    sqlite3 when the default SQLite store already has the register (audit/register/lite.py)."""
    if fast and not db_url:
        from audit.register.lite import LiteRegister

        lite = LiteRegister.open(Path(data_dir))
        if lite is not None:
            return lite
    from audit.register.store import Register
    from audit.store.submissions import database_url, open_store

    if not db_url:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    store = open_store(database_url(db_url, Path(data_dir)))
    return Register(store.engine)
