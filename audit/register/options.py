"""Where the register is: the web app's store, in one place whatever folder smaudit runs in.

The first of these that is given wins:

1. `--register LOCATION` (or `SMAUDIT_REGISTER`): a folder, or a database URL such as
   postgresql://smaudit@host/smaudit; `off` keeps nothing;
2. `--db URL` (or `SMAUDIT_DB`), as `smaudit serve --db`;
3. `--data FOLDER` (or `SMAUDIT_DATA`), as `smaudit serve --data`;
4. the user data folder (audit.locate.data_root: `$SMAUDIT_HOME/data`, else
   `~/.local/share/smaudit` on Linux).

Earlier versions kept the store in `./smaudit-data` of the current folder, so a consultant who
ran smaudit in several folders had several registers. When such a folder is found and nothing
was chosen, a note says how to go on with it or bring its clients over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

OFF = ("off", "no", "0", "false")


@dataclass
class Location:
    """Where the register is: a database URL, else the SQLite store in `data_dir`."""

    db_url: str | None
    data_dir: Path
    chosen: bool  # given by an option or the environment (no note about ./smaudit-data)

    def describe(self) -> str:
        """For messages: the folder, or the URL without its password."""
        if self.db_url:
            import re

            return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", self.db_url)
        return str(self.data_dir)


def is_url(value: str) -> bool:
    return "://" in value


def locate_register(register: str | None = None, db_url: str | None = None, data_dir: Path | None = None,
                    note: Callable[[str], None] | None = None) -> Location | None:
    """The register's location by the rules in this module's docstring; None when it is off."""
    from audit import locate

    if register and register.strip().lower() in OFF:
        return None
    if register:
        if is_url(register):
            return Location(register, locate.data_root(), True)
        return Location(None, Path(register).expanduser(), True)
    if db_url:
        return Location(db_url, Path(data_dir) if data_dir else locate.data_root(), True)
    if data_dir:
        return Location(None, Path(data_dir), True)
    location = Location(None, locate.data_root(), False)
    old = locate.legacy_data(location.data_dir)
    if old is not None and note is not None:
        note(legacy_hint(old, location.data_dir))
    return location


def legacy_hint(old: Path, new: Path) -> str:
    """Where the old register is and how to bring it over (a Message: in the caller's language)."""
    from audit.strings import Message

    return Message("register_legacy", old=old, new=new)


def register_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--register`, and `--data`/`--db` as `smaudit serve` has them (see the module docstring)."""
    func = click.option("--db", "db_url", metavar="URL", envvar="SMAUDIT_DB",
                        help="The store's database URL (as `smaudit serve --db`, e.g. "
                             "postgresql://smaudit@host/smaudit).")(func)
    func = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                        envvar="SMAUDIT_DATA", default=None,
                        help="The data folder of `smaudit serve`, which holds the client register.")(func)
    func = click.option("--register", "register_location", metavar="FOLDER|URL", envvar="SMAUDIT_REGISTER",
                        help="Where the client register is: a folder or a database URL (default: the "
                             "user data folder, e.g. ~/.local/share/smaudit; `off`: keep nothing).")(func)
    return func


def _note(text: str, lang: str | None = None) -> None:
    from audit.strings import localized

    click.echo(f"note: {localized(text, lang)}", err=True)


def open_register(db_url: str | None, data_dir: Path | None, fast: bool = False,
                  register: str | None = None, note: Callable[[str], None] | None = _note):
    """The register at the location the options give (see `locate_register`); None when off.

    `fast`: what a report needs (client, peers, previous, keep) through the standard library's
    sqlite3 when the default SQLite store already has the register (audit/register/lite.py)."""
    location = locate_register(register, db_url, data_dir, note)
    if location is None:
        return None
    return open_location(location, fast)


def open_location(location: Location, fast: bool = False):
    if fast and not location.db_url:
        from audit.register.lite import LiteRegister

        lite = LiteRegister.open(location.data_dir)
        if lite is not None:
            lite.location = location
            return lite
    from audit.register.store import Register
    from audit.store.submissions import database_url, open_store

    if not location.db_url:
        location.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(database_url(location.db_url, location.data_dir))
    register = Register(store.engine)
    register.location = location
    return register


def require_register(db_url: str | None, data_dir: Path | None, register: str | None = None,
                     lang: str | None = None):
    """The register for a command that is about the register itself: off is an error. Its
    notes and errors are said in `lang` (default English)."""
    opened = open_register(db_url, data_dir, register=register, note=lambda text: _note(text, lang))
    if opened is None:
        from audit.errors import InputError
        from audit.strings import Message

        raise InputError("--register", Message("register_off").in_language(lang))
    return opened
