"""Schema migrations: numbered steps, each applied once in its own transaction and recorded in
`schema_migrations`.

Why not Alembic: the store has a handful of tables on two dialects, every `smaudit serve`
instance migrates on start, and the wheel should not carry an alembic.ini and env.py. A step
list is enough, as long as the rule holds: **never edit an applied step; append a new one**
(and update `schema.py`, which a test compares with a migrated database).

Two instances starting at once on one database: PostgreSQL serialises them with an advisory
lock, SQLite with a lock file beside the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
)

ADVISORY_LOCK_ID = 0x5A_AD17  # any constant: smaudit's migration lock in pg_advisory_xact_lock


def _v1_tables() -> MetaData:
    """The tables as version 1 created them (frozen: later changes are later migrations)."""
    md = MetaData()
    Table("schema_migrations", md, Column("version", Integer, primary_key=True),
          Column("name", String(200), nullable=False), Column("applied", String(32), nullable=False))
    Table("submissions", md,
          Column("key", String(64), primary_key=True), Column("client_id", String(64), index=True),
          Column("name", Text, nullable=False), Column("sector", Text, nullable=False),
          Column("size", String(20), nullable=False), Column("contact", Text, nullable=False),
          Column("company", Text, nullable=False), Column("answers", Text, nullable=False),
          Column("notes", Text, nullable=False), Column("drafts", Text, nullable=False),
          Column("consultant_notes", Text, nullable=False), Column("lang", String(16), nullable=False),
          Column("questionnaire", String(100), nullable=False),
          Column("questionnaire_version", String(40), nullable=False),
          Column("created", String(32), nullable=False, index=True),
          Column("updated", String(32), nullable=False), Column("completed", Integer, nullable=False),
          Column("version", Integer, nullable=False), Column("level", Integer), Column("score", Float),
          Column("answered", Integer, nullable=False), Column("applicable", Integer, nullable=False),
          Column("open_required", Integer, nullable=False))
    Table("reports", md,
          Column("key", String(64), primary_key=True), Column("version", Integer, nullable=False),
          Column("lang", String(16), nullable=False), Column("assessment", Text),
          Column("status", String(16), nullable=False, index=True), Column("pdf", LargeBinary),
          Column("error", Text), Column("queued_at", Float), Column("claimed_at", Float),
          Column("done_at", Float))
    Table("login_throttle", md, Column("address", String(64), primary_key=True),
          Column("failures", Integer, nullable=False), Column("until", Float, nullable=False))
    Table("settings", md, Column("name", String(64), primary_key=True),
          Column("value", Text, nullable=False))
    return md


def _m1_tables(conn: Connection) -> None:
    """The store on SQLAlchemy; a data folder of the earlier sqlite3 store is carried over."""
    legacy = "submissions" in inspect(conn).get_table_names()
    if legacy:
        conn.execute(text("ALTER TABLE submissions RENAME TO submissions_v0"))
        conn.execute(text("DROP INDEX IF EXISTS submissions_created"))
    _v1_tables().create_all(conn)
    if not legacy:
        return
    rows = conn.execute(text("SELECT key, company, answers, notes, lang, questionnaire,"
                             " questionnaire_version, created, updated, completed FROM submissions_v0"))
    for row in rows.mappings().all():
        company = json.loads(row["company"]) or {}
        conn.execute(text(
            "INSERT INTO submissions (key, client_id, name, sector, size, contact, company, answers, notes,"
            " drafts, consultant_notes, lang, questionnaire, questionnaire_version, created, updated,"
            " completed, version, level, score, answered, applicable, open_required) VALUES (:key, NULL,"
            " :name, :sector, :size, :contact, :company, :answers, :notes, '{}', '{}', :lang, :questionnaire,"
            " :questionnaire_version, :created, :updated, :completed, 1, NULL, NULL, 0, 0, 0)"),
            {**row, "name": str(company.get("name") or ""), "sector": str(company.get("sector") or ""),
             "size": str(company.get("size") or ""), "contact": str(company.get("contact") or "")})
    conn.execute(text("DROP TABLE submissions_v0"))


def _m2_register(conn: Connection) -> None:
    """The client register's tables (audit/register), frozen as version 2 created them."""
    md = MetaData()
    Table("register_clients", md,
          Column("id", String(64), primary_key=True),
          Column("name_key", String(200), nullable=False, unique=True),
          Column("name", Text, nullable=False), Column("sector", Text, nullable=False),
          Column("size", Text, nullable=False), Column("created", String(32), nullable=False),
          Column("updated", String(32), nullable=False))
    Table("register_assessments", md,
          Column("id", Integer, primary_key=True, autoincrement=True),
          Column("client_id", String(64), nullable=False, index=True),
          Column("source", String(16), nullable=False), Column("questionnaire", String(100), nullable=False),
          Column("questionnaire_version", String(40), nullable=False),
          Column("language", String(16), nullable=False), Column("assessed", String(32), nullable=False),
          Column("created", String(32), nullable=False), Column("overall", Float), Column("level", Integer),
          Column("sector_key", String(200), nullable=False), Column("size_class", String(10)),
          Column("scores", Text, nullable=False), Column("answers", LargeBinary, nullable=False),
          Column("assessment", LargeBinary, nullable=False),
          Index("register_assessments_peers", "sector_key", "size_class", "questionnaire"))
    md.create_all(conn)


def _m3_register_origin(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE register_assessments ADD COLUMN origin VARCHAR(100)"))
    conn.execute(text("CREATE INDEX ix_register_assessments_origin ON register_assessments (origin)"))


def _m4_claimed_by(conn: Connection) -> None:
    """Which worker (host:pid) renders a report: a restarted server takes over the jobs of its
    own dead workers at once instead of waiting for them to go stale."""
    conn.execute(text("ALTER TABLE reports ADD COLUMN claimed_by VARCHAR(300)"))


def _m5_assessments(conn: Connection) -> None:
    """The saved Assessment per submission version in a table of its own, written with the version
    it belongs to; the old per-report copy (`reports.assessment`) goes. A version saved before this
    step has no row: the first reader assesses it once and stores it."""
    md = MetaData()
    Table("assessments", md,
          Column("key", String(64), primary_key=True), Column("version", Integer, primary_key=True),
          Column("questionnaire", String(100), nullable=False),
          Column("questionnaire_version", String(40), nullable=False),
          Column("schema_version", Integer, nullable=False),
          Column("assessment", LargeBinary, nullable=False))
    md.create_all(conn)
    conn.execute(text("ALTER TABLE reports DROP COLUMN assessment"))


def _m6_company_links(conn: Connection) -> None:
    """Company-wide links: colleagues fill in separately, the consultant gets one report."""
    md = MetaData()
    Table("company_links", md,
          Column("key", String(64), primary_key=True), Column("token", String(64), nullable=False),
          Column("client_id", String(64), index=True),
          Column("name", Text, nullable=False), Column("company", Text, nullable=False),
          Column("lang", String(16), nullable=False), Column("questionnaire", String(100), nullable=False),
          Column("questionnaire_version", String(40), nullable=False),
          Column("created", String(32), nullable=False, index=True),
          Column("updated", String(32), nullable=False), Column("created_by", String(16), nullable=False),
          Column("is_open", Integer, nullable=False), Column("version", Integer, nullable=False),
          Column("pdf", LargeBinary), Column("pdf_version", Integer), Column("pdf_lang", String(16)))
    md.create_all(conn)
    conn.execute(text("ALTER TABLE submissions ADD COLUMN company_link VARCHAR(64)"))
    conn.execute(text("ALTER TABLE submissions ADD COLUMN role TEXT"))
    conn.execute(text("ALTER TABLE submissions ADD COLUMN consent INTEGER"))
    conn.execute(text("CREATE INDEX ix_submissions_company_link ON submissions (company_link)"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "tables for submissions, reports, login throttle and settings", _m1_tables),
    (2, "client register: clients and their kept assessments", _m2_register),
    (3, "client register: origin of a kept assessment (a web submission)", _m3_register_origin),
    (4, "reports.claimed_by", _m4_claimed_by),
    (5, "saved Assessment per submission version", _m5_assessments),
    (6, "company links: several colleagues per company", _m6_company_links),
]


@contextlib.contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(Path(database).with_name(Path(database).name + ".migrate-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def applied(conn: Connection) -> set[int]:
    if "schema_migrations" not in inspect(conn).get_table_names():
        return set()
    return {r[0] for r in conn.execute(text("SELECT version FROM schema_migrations"))}


def migrate(engine: Engine) -> list[int]:
    """Apply the steps this database has not had yet; returns their numbers."""
    done: list[int] = []
    lock = _sqlite_lock(engine) if engine.dialect.name == "sqlite" else contextlib.nullcontext()
    with lock:
        for number, name, step in MIGRATIONS:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": ADVISORY_LOCK_ID})
                if number in applied(conn):
                    continue
                step(conn)
                conn.execute(text("INSERT INTO schema_migrations (version, name, applied)"
                                  " VALUES (:v, :n, :a)"),
                             {"v": number, "n": name,
                              "a": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
                done.append(number)
    return done
