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

from audit.assessment import Assessment
from audit.register import core
from audit.register.core import Kept

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


class LiteRegister:
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

    def keep(self, assessment: Assessment, answers: dict[str, Any] | None, source: str,
             client_id: str | None = None, origin: str | None = None) -> Kept:
        with self._db() as db:
            return core.keep(db, assessment, answers, source, client_id, origin)

    def keep_many(self, items: list[tuple[Assessment, dict[str, Any] | None, str, str | None]]) -> list[Kept]:
        with self._db() as db:
            return [core.keep(db, *item) for item in items]

    def keep_records(self, records: list[dict[str, Any]]) -> int:
        """Many prepared assessments (core.record) in one transaction (a batch's chunk)."""
        with self._db() as db:
            return core.keep_records(db, records)

    def find_client(self, name: str) -> str | None:
        with self._db(write=False) as db:
            return core.find_client(db, name)

    def history(self, client_id: str) -> list[Kept]:
        with self._db(write=False) as db:
            return core.history(db, client_id)

    def assessment(self, kept_id: int) -> Assessment:
        with self._db(write=False) as db:
            return core.assessment(db, kept_id)

    def previous(self, client_id: str, before: str | None = None, exclude: int | None = None
                 ) -> Assessment | None:
        with self._db(write=False) as db:
            return core.previous(db, client_id, before, exclude)

    def peers(self, questionnaire: str, sector: str | None, size: str | None,
              exclude_client: str | None = None) -> list[dict[str, float | None]]:
        with self._db(write=False) as db:
            return core.peers(db, questionnaire, sector, size, exclude_client)
