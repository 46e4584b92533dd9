"""The register's report-time operations on the default SQLite store through the standard
library's sqlite3: the same SQL as on SQLAlchemy (audit/register/core.py), without importing
SQLAlchemy (~0.2 s, several times the register's own work; see benchmarks/register.py).

Used only when the store already holds the register's tables (an earlier run migrated it);
a new or older store goes through SQLAlchemy, which migrates it."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from audit.register import core

DATABASE = "submissions.sqlite3"  # as audit.store.submissions.database_url names it
NEEDED = {"register_clients": {"id", "name_key"}, "register_assessments": {"origin", "sector_key"}}


class _Sqlite:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def run(self, sql: str, **params: Any) -> None:
        self.conn.execute(sql, params)

    def insert(self, sql: str, **params: Any) -> int:
        return int(self.conn.execute(sql, params).lastrowid)

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        self.conn.executemany(sql, rows)


class LiteRegister(core.ReportCalls):
    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def open(cls, data_dir: Path) -> LiteRegister | None:
        """The register in `data_dir`, if its store already has the register's tables."""
        path = Path(data_dir) / DATABASE
        if not path.is_file():
            return None
        register = cls(path)
        try:
            with register._db(write=False) as db:
                for table, columns in NEEDED.items():
                    have = {r["name"] for r in db.rows(f"PRAGMA table_info({table})")}
                    if not columns <= have:
                        return None
        except sqlite3.Error:
            return None
        return register

    @contextlib.contextmanager
    def _db(self, write: bool = True) -> Iterator[_Sqlite]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=FULL")  # as the web app's store: a kept assessment survives
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _Sqlite(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()
