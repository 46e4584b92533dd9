"""Submissions on disk: SQLite (stdlib), WAL mode, one committed transaction per page save.

The database holds a SHA-256 of each resume token, never the token itself: a copy of the
database does not hand out anyone's resume link. Admin pages address a submission by that
hash (`key`), company pages by the token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32): 256 random bits
KEY_RE = re.compile(r"^[0-9a-f]{64}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    key TEXT PRIMARY KEY,            -- sha256 of the resume token
    company TEXT NOT NULL,           -- json
    answers TEXT NOT NULL,           -- json: question id -> canonical value
    notes TEXT NOT NULL,             -- json: question id -> note
    lang TEXT NOT NULL,
    questionnaire TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    completed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS submissions_created ON submissions (created);
"""


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class Submission:
    key: str
    company: dict[str, str]
    answers: dict[str, Any]
    notes: dict[str, str]
    lang: str
    questionnaire: str
    questionnaire_version: str
    created: str
    updated: str
    completed: bool
    token: str | None = field(default=None, repr=False)  # only known right after creation


class Store:
    """Opens one connection per call site; safe to use from waitress's worker threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():  # company data: readable by the server's user only
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        conn = self._connect()
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def _write(self, sql: str, params: tuple) -> int:
        conn = self._connect()
        try:
            with conn:  # commits, or rolls back on an exception
                return conn.execute(sql, params).rowcount
        finally:
            conn.close()

    @staticmethod
    def _row(row: sqlite3.Row) -> Submission:
        return Submission(
            key=row["key"], company=json.loads(row["company"]), answers=json.loads(row["answers"]),
            notes=json.loads(row["notes"]), lang=row["lang"], questionnaire=row["questionnaire"],
            questionnaire_version=row["questionnaire_version"], created=row["created"],
            updated=row["updated"], completed=bool(row["completed"]),
        )

    def create(self, company: dict[str, str], lang: str, questionnaire: str, version: str) -> Submission:
        token = secrets.token_urlsafe(32)
        now = _now()
        key = token_key(token)
        self._write(
            "INSERT INTO submissions (key, company, answers, notes, lang, questionnaire,"
            " questionnaire_version, created, updated, completed) VALUES (?,?,?,?,?,?,?,?,?,0)",
            (key, json.dumps(company), "{}", "{}", lang, questionnaire, version, now, now),
        )
        return Submission(key, company, {}, {}, lang, questionnaire, version, now, now, False, token)

    def by_token(self, token: str) -> Submission | None:
        if not TOKEN_RE.match(token or ""):
            return None
        return self.by_key(token_key(token))

    def by_key(self, key: str) -> Submission | None:
        if not KEY_RE.match(key or ""):
            return None
        rows = self._query("SELECT * FROM submissions WHERE key = ?", (key,))
        return self._row(rows[0]) if rows else None

    def save(self, sub: Submission) -> None:
        """Write the whole row in one transaction (the unit a crash can lose is one request)."""
        sub.updated = _now()
        self._write(
            "UPDATE submissions SET company=?, answers=?, notes=?, lang=?, updated=?, completed=?"
            " WHERE key=?",
            (json.dumps(sub.company), json.dumps(sub.answers), json.dumps(sub.notes), sub.lang,
             sub.updated, int(sub.completed), sub.key),
        )

    def all(self) -> list[Submission]:
        return [self._row(r) for r in self._query("SELECT * FROM submissions ORDER BY created DESC")]

    def count(self) -> int:
        return self._query("SELECT count(*) FROM submissions")[0][0]
