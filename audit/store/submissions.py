"""Submissions and what hangs off them, on SQLAlchemy Core (SQLite or PostgreSQL).

Every method is one short transaction; nothing is cached in the process, so several server
instances (and the PDF worker processes) can use one database at the same time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, create_engine, delete, event, func, insert, or_, select, text, update

from audit.store import schema
from audit.store.migrations import migrate

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32): 256 random bits
KEY_RE = re.compile(r"^[0-9a-f]{64}$")
COMPANY_COLUMNS = ("name", "sector", "size", "contact")
RENDER_CHANNEL = "smaudit_render"  # PostgreSQL NOTIFY channel: a PDF job was queued


def pack_assessment(assessment: dict[str, Any]) -> bytes:
    """A saved Assessment as stored: compact JSON, zlib level 1 (about 10x smaller, under 1 ms)."""
    import zlib

    return zlib.compress(json.dumps(assessment, ensure_ascii=False, separators=(",", ":")).encode(), 1)


def unpack_assessment(packed: bytes) -> dict[str, Any]:
    import zlib

    return json.loads(zlib.decompress(bytes(packed)))


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def now_iso() -> str:
    """UTC, to the microsecond: submissions started in the same second still sort in order."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class StaleSubmission(Exception):
    """The submission was saved by someone else since it was read: read it again and redo."""


@dataclass
class Summary:
    """What /admin lists without assessing again: from the Assessment computed on save."""

    level: int | None = None
    score: float | None = None
    answered: int = 0
    applicable: int = 0
    open_required: int = 0


@dataclass
class Submission:
    key: str
    company: dict[str, Any]
    answers: dict[str, Any]
    notes: dict[str, str]
    lang: str
    questionnaire: str
    questionnaire_version: str
    created: str
    updated: str
    completed: bool
    version: int = 1
    drafts: dict[str, Any] = field(default_factory=dict)
    consultant_notes: dict[str, Any] = field(default_factory=dict)
    client_id: str | None = None
    summary: Summary = field(default_factory=Summary)
    token: str | None = field(default=None, repr=False)  # only known right after creation


@dataclass
class Listing:
    """One page of /admin: the rows and how many match in all."""

    rows: list[Submission]
    total: int


def _json_object(text: str | None) -> Any:
    try:
        return json.loads(text or "{}")
    except ValueError:
        return {}


def _row(row: Any) -> Submission:
    m = row._mapping
    return Submission(
        key=m["key"], company=_json_object(m["company"]), answers=_json_object(m["answers"]),
        notes=_json_object(m["notes"]), lang=m["lang"], questionnaire=m["questionnaire"],
        questionnaire_version=m["questionnaire_version"], created=m["created"], updated=m["updated"],
        completed=bool(m["completed"]), version=m["version"], drafts=_json_object(m["drafts"]),
        consultant_notes=_json_object(m["consultant_notes"]), client_id=m["client_id"],
        summary=Summary(m["level"], m["score"], m["answered"], m["applicable"], m["open_required"]))


def database_url(value: str | None, data_dir: Path) -> str:
    """`--db` as given, or the SQLite file in the data folder; postgresql:// uses psycopg 3."""
    if not value:
        return f"sqlite:///{(data_dir / 'submissions.sqlite3').resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def make_engine(url: str, durable: bool = True) -> Engine:
    """An engine for `url`. SQLite: WAL, and with `durable` every commit is on disk before it
    returns (a page the company was told is saved survives a power cut); without, commits are
    flushed at the next checkpoint (for data that can be made again, like a rendered PDF)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, pool_size=16, max_overflow=16)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            cursor.execute("PRAGMA synchronous=FULL" if durable else "PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        database = engine.url.database
        if database and database != ":memory:":
            path = Path(database)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():  # company data: readable by the server's user only
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        return engine
    return create_engine(url, pool_size=16, max_overflow=16, pool_pre_ping=True)


def open_store(url: str) -> Store:
    """The store at `url`, migrated to the current schema."""
    engine = make_engine(url)
    migrate(engine)
    return Store(engine)


class Store:
    """Submissions, cached reports, settings and the login throttle; safe from any thread or process."""

    def __init__(self, engine: Engine):
        self.engine = engine
        # Called after a transaction that queued a PDF job has committed: `smaudit serve` wakes
        # its render workers with it (see audit/web/workers.py).
        self.on_queued: Any = None

    def _queued(self) -> None:
        if self.on_queued is not None:
            self.on_queued()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    # --- submissions -------------------------------------------------------------------------

    def create(self, company: dict[str, Any], lang: str, questionnaire: str, version: str,
               client_id: str | None = None, summary: Summary | None = None) -> Submission:
        token = secrets.token_urlsafe(32)
        now = now_iso()
        sub = Submission(token_key(token), dict(company), {}, {}, lang, questionnaire, version, now, now,
                         False, 1, client_id=client_id, summary=summary or Summary(), token=token)
        with self.engine.begin() as conn:
            conn.execute(insert(schema.submissions).values(
                key=sub.key, created=now, questionnaire=questionnaire, questionnaire_version=version,
                **self._values(sub)))
        return sub

    @staticmethod
    def _values(sub: Submission) -> dict[str, Any]:
        company = sub.company if isinstance(sub.company, dict) else {}
        return {
            **{c: str(company.get(c) or "") for c in COMPANY_COLUMNS},
            "client_id": sub.client_id, "company": json.dumps(sub.company, ensure_ascii=False),
            "answers": json.dumps(sub.answers, ensure_ascii=False),
            "notes": json.dumps(sub.notes, ensure_ascii=False),
            "drafts": json.dumps(sub.drafts, ensure_ascii=False),
            "consultant_notes": json.dumps(sub.consultant_notes, ensure_ascii=False),
            "lang": sub.lang, "updated": sub.updated, "completed": int(sub.completed),
            "version": sub.version, "level": sub.summary.level, "score": sub.summary.score,
            "answered": sub.summary.answered, "applicable": sub.summary.applicable,
            "open_required": sub.summary.open_required,
        }

    def by_token(self, token: str) -> Submission | None:
        if not TOKEN_RE.match(token or ""):
            return None
        return self.by_key(token_key(token))

    def by_key(self, key: str) -> Submission | None:
        if not KEY_RE.match(key or ""):
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.submissions).where(schema.submissions.c.key == key)).first()
        return _row(row) if row else None

    def save(self, sub: Submission, assessment: dict[str, Any] | None = None, queue_pdf: bool = False,
             *, if_unchanged: bool = False) -> None:
        """Write the whole row in one transaction; the version goes up by one (caches follow it).

        `assessment` (`Assessment.to_dict()` of the new version) is stored in the same transaction,
        so no reader ever sees a version without its Assessment; `queue_pdf` queues its PDF there too.
        Everything is encoded before the transaction starts: the write lock is held for the writes.
        `if_unchanged`: only when the row is still at `sub.version` (the version it was read at);
        otherwise `StaleSubmission` is raised and nothing is written, so a save made meanwhile
        (another tab, another instance) is never overwritten with older answers."""
        sub.updated = now_iso()
        table = schema.submissions
        values = self._values(sub)
        values.pop("version")
        packed = pack_assessment(assessment) if assessment is not None else None
        queued = False
        where = [table.c.key == sub.key]
        if if_unchanged:
            where.append(table.c.version == sub.version)
        with self.engine.begin() as conn:
            row = conn.execute(update(table).where(*where)
                               .values(**values, version=table.c.version + 1)
                               .returning(table.c.version)).first()
            if row is None:
                if if_unchanged and conn.execute(select(table.c.key).where(table.c.key == sub.key)).first():
                    raise StaleSubmission(sub.key)
                return
            sub.version = row[0]
            if packed is not None:
                self._put_assessment(conn, sub.key, sub.version, assessment or {}, packed)
            if queue_pdf:
                queued = self._queue(conn, sub.key, sub.version, sub.lang)
        if queued:
            self._queued()

    def delete(self, key: str) -> bool:
        """Remove a submission with its cached report (a company's request to be forgotten)."""
        with self.engine.begin() as conn:
            conn.execute(delete(schema.reports).where(schema.reports.c.key == key))
            conn.execute(delete(schema.assessments).where(schema.assessments.c.key == key))
            return conn.execute(delete(schema.submissions).where(schema.submissions.c.key == key)
                                ).rowcount > 0

    def purge(self, before: str) -> int:
        """Delete submissions last changed before `before` (ISO UTC), with their reports and their
        copy in the client register (the privacy notice promises it), and clients left empty."""
        t, r = schema.submissions, schema.reports
        ra, rc = schema.register_assessments, schema.register_clients
        with self.engine.begin() as conn:
            old = select(t.c.key).where(t.c.updated < before)
            origins = [f"web:{key}" for key in conn.execute(old).scalars()]
            conn.execute(delete(r).where(r.c.key.in_(old)))
            conn.execute(delete(schema.assessments).where(schema.assessments.c.key.in_(old)))
            removed = conn.execute(delete(t).where(t.c.updated < before)).rowcount
            if origins:
                conn.execute(delete(ra).where(ra.c.origin.in_(origins)))
                conn.execute(delete(rc).where(rc.c.id.not_in(select(ra.c.client_id).distinct()),
                                              rc.c.id.not_in(select(t.c.client_id).where(
                                                  t.c.client_id.is_not(None)).distinct())))
            return removed

    def all(self) -> list[Submission]:
        """Every submission, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.submissions).order_by(schema.submissions.c.created,
                                                                    schema.submissions.c.key)).all()
        return [_row(r) for r in rows]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(schema.submissions)).scalar_one()

    def for_client(self, client_id: str) -> list[Submission]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.submissions).where(schema.submissions.c.client_id == client_id)
                                .order_by(schema.submissions.c.created)).all()
        return [_row(r) for r in rows]

    def set_client(self, key: str, client_id: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(schema.submissions).where(schema.submissions.c.key == key)
                         .values(client_id=client_id))

    def set_consultant_notes(self, key: str, notes: dict[str, Any]) -> int | None:
        """The consultant's notes only (a company saving a page meanwhile keeps its answers); a new
        version, since the report prints them. Returns that version (None: no such submission)."""
        table = schema.submissions
        with self.engine.begin() as conn:
            row = conn.execute(update(table).where(table.c.key == key).values(
                consultant_notes=json.dumps(notes, ensure_ascii=False), version=table.c.version + 1,
                updated=now_iso()).returning(table.c.version)).first()
        return row[0] if row else None

    def listing(self, *, search: str = "", status: str = "", level: str = "", sector: str = "",
                lang: str = "", since: str = "", until: str = "", sort: str = "created",
                descending: bool = True, page: int = 1, per_page: int = 50) -> Listing:
        """One page of submissions for /admin, filtered and sorted in the database."""
        t = schema.submissions
        where = []
        if search:
            like = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append(or_(*(func.lower(t.c[c]).like(like, escape="\\")
                               for c in ("name", "sector", "contact"))))
        if status == "completed":
            where.append(t.c.completed == 1)
        elif status == "in_progress":
            where.append(t.c.completed == 0)
        if level == "none":
            where.append(t.c.level.is_(None))
        elif level.isdigit():
            where.append(t.c.level == int(level))
        if sector:
            where.append(func.lower(t.c.sector) == sector.lower())
        if lang:
            where.append(t.c.lang == lang)
        if since:
            where.append(t.c.created >= since)
        if until:
            where.append(t.c.created < until + "T99")  # the whole `until` day
        columns = {"created": t.c.created, "updated": t.c.updated, "name": func.lower(t.c.name),
                   "level": t.c.level, "score": t.c.score, "sector": func.lower(t.c.sector),
                   "size": t.c.size, "answered": t.c.answered, "lang": t.c.lang}
        order = columns.get(sort, t.c.created)
        order = order.desc().nulls_last() if descending else order.asc().nulls_last()
        condition = and_(*where) if where else None
        with self.engine.connect() as conn:
            query = select(t)
            count = select(func.count()).select_from(t)
            if condition is not None:
                query, count = query.where(condition), count.where(condition)
            total = conn.execute(count).scalar_one()
            rows = conn.execute(query.order_by(order, t.c.key).limit(per_page)
                                .offset((max(page, 1) - 1) * per_page)).all()
        return Listing([_row(r) for r in rows], total)

    def duplicates(self, keys: list[str]) -> dict[str, int]:
        """For these submissions: how many submissions share the same company name (case-folded)."""
        t = schema.submissions
        with self.engine.connect() as conn:
            names = dict(conn.execute(select(t.c.key, func.lower(t.c.name)).where(t.c.key.in_(keys))).all())
            if not names:
                return {}
            counts = dict(conn.execute(select(func.lower(t.c.name), func.count())
                                       .where(func.lower(t.c.name).in_(set(names.values())))
                                       .group_by(func.lower(t.c.name))).all())
        return {key: counts.get(name, 1) for key, name in names.items()}

    def sectors(self) -> list[str]:
        t = schema.submissions
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.c.sector).where(t.c.sector != "").distinct()).all()
        return sorted({r[0] for r in rows}, key=str.lower)

    # --- cached assessment and PDF, per submission version -------------------------------------

    def report(self, key: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.reports).where(schema.reports.c.key == key)).first()
        return dict(row._mapping) if row else None

    def report_status(self, key: str) -> dict[str, Any] | None:
        """Like `report` without the PDF bytes (for polling)."""
        r = schema.reports
        with self.engine.connect() as conn:
            row = conn.execute(select(r.c.key, r.c.version, r.c.lang, r.c.status, r.c.error, r.c.queued_at,
                                      r.c.claimed_at, r.c.done_at).where(r.c.key == key)).first()
        return dict(row._mapping) if row else None

    def saved_assessment(self, key: str, version: int) -> dict[str, Any] | None:
        """The saved Assessment (`Assessment.to_dict()`) of this version of a submission, or None."""
        a = schema.assessments
        with self.engine.connect() as conn:
            packed = conn.execute(select(a.c.assessment).where(a.c.key == key, a.c.version == version)
                                  ).scalar()
        return unpack_assessment(packed) if packed is not None else None

    def put_assessment(self, key: str, version: int, assessment: dict[str, Any]) -> bool:
        """Save the Assessment of a version saved without one (an older smaudit, another questionnaire
        version); False when the submission has moved on to a newer version meanwhile."""
        packed = pack_assessment(assessment)
        t = schema.submissions
        with self.engine.begin() as conn:
            current = conn.execute(select(t.c.version).where(t.c.key == key)).scalar()
            if current != version:
                return False
            self._put_assessment(conn, key, version, assessment, packed)
        return True

    def _put_assessment(self, conn: Any, key: str, version: int, assessment: dict[str, Any],
                        packed: bytes) -> None:
        a = schema.assessments
        questionnaire = assessment.get("questionnaire") or {}
        conn.execute(delete(a).where(a.c.key == key))  # older versions: nobody reads them any more
        conn.execute(insert(a).values(key=key, version=version, assessment=packed,
                                      questionnaire=str(questionnaire.get("id") or ""),
                                      questionnaire_version=str(questionnaire.get("version") or ""),
                                      schema_version=int(assessment.get("schema_version") or 0)))

    def pdf(self, key: str, version: int, lang: str) -> bytes | None:
        """The rendered PDF of this version, or None when it is not (yet) there."""
        r = schema.reports
        with self.engine.connect() as conn:
            pdf = conn.execute(select(r.c.pdf).where(r.c.key == key, r.c.version == version, r.c.lang == lang,
                                                     r.c.status == "done")).scalar()
        return bytes(pdf) if pdf is not None else None

    def _upsert(self, conn: Any, key: str, **values: Any) -> None:
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            statement = pg_insert(schema.reports).values(key=key, **values)
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert
            statement = sqlite_insert(schema.reports).values(key=key, **values)
        conn.execute(statement.on_conflict_do_update(index_elements=["key"], set_=values))

    def queue_render(self, key: str, version: int, lang: str) -> bool:
        """Ask for the PDF of this version; False when it is already queued, rendering or done."""
        with self.engine.begin() as conn:
            queued = self._queue(conn, key, version, lang)
        if queued:
            self._queued()
        return queued

    def _queue(self, conn: Any, key: str, version: int, lang: str) -> bool:
        r = schema.reports
        current = conn.execute(select(r.c.version, r.c.lang, r.c.status).where(r.c.key == key)).first()
        if current and current.version == version and current.lang == lang and current.status in (
                "queued", "rendering", "done"):
            return False
        self._upsert(conn, key, version=version, lang=lang, status="queued", pdf=None, error=None,
                     queued_at=time.time(), claimed_at=None, claimed_by=None, done_at=None)
        if self.dialect == "postgresql":  # wakes the render workers of every instance at once
            conn.execute(text(f"NOTIFY {RENDER_CHANNEL}"))
        return True

    def claim_render(self, worker: str = "", stale_after: float = 120.0) -> tuple[str, int, str] | None:
        """Take the oldest queued job (or one whose worker died): (key, version, lang), or None.

        `worker` (host:pid) is recorded with the claim; see `release_dead`."""
        r = schema.reports
        now = time.time()
        ready = or_(r.c.status == "queued",
                    and_(r.c.status == "rendering", r.c.claimed_at < now - stale_after))
        with self.engine.begin() as conn:
            for _ in range(5):  # another worker may take the same row first: try the next
                query = select(r.c.key, r.c.version, r.c.lang, r.c.status).where(ready) \
                    .order_by(r.c.queued_at).limit(1)
                if self.dialect == "postgresql":
                    query = query.with_for_update(skip_locked=True)
                row = conn.execute(query).first()
                if row is None:
                    return None
                claimed = conn.execute(update(r).where(r.c.key == row.key, r.c.version == row.version,
                                                       r.c.status == row.status)
                                       .values(status="rendering", claimed_at=now, claimed_by=worker)
                                       ).rowcount
                if claimed:
                    return row.key, row.version, row.lang
        return None

    def release_dead(self, host: str, alive: Any) -> int:
        """Queue again the jobs that workers on `host` claimed and that `alive(pid)` says are gone
        (a server killed mid-render and started again); returns how many."""
        r = schema.reports
        with self.engine.begin() as conn:
            rows = conn.execute(select(r.c.key, r.c.version, r.c.claimed_by).where(
                r.c.status == "rendering", r.c.claimed_by.like(host + ":%"))).all()
            released = 0
            for row in rows:
                pid = row.claimed_by.rsplit(":", 1)[1]
                if pid.isdigit() and not alive(int(pid)):
                    released += conn.execute(update(r).where(r.c.key == row.key, r.c.version == row.version,
                                                             r.c.claimed_by == row.claimed_by)
                                             .values(status="queued", claimed_at=None, claimed_by=None)
                                             ).rowcount
        return released

    def finish_render(self, key: str, version: int, pdf: bytes) -> bool:
        """Store the PDF if the job is still this version (an answer saved meanwhile queues anew)."""
        r = schema.reports
        with self.engine.begin() as conn:
            return conn.execute(update(r).where(r.c.key == key, r.c.version == version,
                                                r.c.status == "rendering")
                                .values(status="done", pdf=pdf, error=None, done_at=time.time())
                                ).rowcount > 0

    def fail_render(self, key: str, version: int, error: str) -> None:
        r = schema.reports
        with self.engine.begin() as conn:
            conn.execute(update(r).where(r.c.key == key, r.c.version == version)
                         .values(status="failed", error=error[:2000], done_at=time.time()))

    def queued_count(self) -> int:
        r = schema.reports
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(r)
                                .where(r.c.status.in_(("queued", "rendering")))).scalar_one()

    # --- settings shared by all instances -------------------------------------------------------

    def setting(self, name: str, make: Any = None) -> str | None:
        """A shared setting; with `make`, created once (the first instance's value wins)."""
        s = schema.settings
        with self.engine.begin() as conn:
            row = conn.execute(select(s.c.value).where(s.c.name == name)).first()
            if row is not None or make is None:
                return row[0] if row else None
            if self.dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert
                conn.execute(pg_insert(s).values(name=name, value=make()).on_conflict_do_nothing())
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert
                conn.execute(sqlite_insert(s).values(name=name, value=make()).on_conflict_do_nothing())
            return conn.execute(select(s.c.value).where(s.c.name == name)).scalar_one()

    # --- the admin login throttle --------------------------------------------------------------

    def throttle_acquire(self, address: str, now: float, hold: float) -> float:
        """Reserve the right to check one password for `address`: 0.0 when granted (no other check
        of this address may run for `hold` seconds), else the seconds to wait."""
        t = schema.throttle
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert
                conn.execute(pg_insert(t).values(address=address, failures=0, until=0.0)
                             .on_conflict_do_nothing())
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert
                conn.execute(sqlite_insert(t).values(address=address, failures=0, until=0.0)
                             .on_conflict_do_nothing())
            granted = conn.execute(update(t).where(t.c.address == address, t.c.until <= now)
                                   .values(until=now + hold)).rowcount
            if granted:
                return 0.0
            until = conn.execute(select(t.c.until).where(t.c.address == address)).scalar_one()
            return max(until - now, 0.001)

    def throttle_failure(self, address: str, now: float, delay_for: Any) -> float:
        """Count a wrong password; `delay_for(failures)` gives the wait. Returns the wait."""
        t = schema.throttle
        with self.engine.begin() as conn:
            failures = conn.execute(update(t).where(t.c.address == address)
                                    .values(failures=t.c.failures + 1).returning(t.c.failures)).scalar_one()
            delay = delay_for(failures)
            conn.execute(update(t).where(t.c.address == address).values(until=now + delay))
        return delay

    def throttle_success(self, address: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(schema.throttle).where(schema.throttle.c.address == address))

    def throttle_prune(self, before: float) -> None:
        """Forget addresses that have waited out their delay long ago (bounds the table)."""
        t = schema.throttle
        with self.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.until < before))
