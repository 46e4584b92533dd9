"""The register's reads and writes, on the web app's store (SQLAlchemy Core; one short
transaction per call, so the web app, the CLI and batch workers can share the database).
What a report needs is in audit/register/core.py, shared with the sqlite3 fast path."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, select, text

from audit.assessment import Assessment
from audit.register import core
from audit.register.core import Kept, unpack
from audit.store import schema

__all__ = ["Client", "Kept", "Register"]


class _SqlAlchemy:
    """core.Sql over one SQLAlchemy connection in a transaction."""

    def __init__(self, conn):
        self.conn = conn

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(text(sql), params).mappings()]

    def run(self, sql: str, **params: Any) -> None:
        self.conn.execute(text(sql), params)

    def insert(self, sql: str, **params: Any) -> int:
        return self.conn.execute(text(sql + " RETURNING id"), params).scalar_one()

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(text(sql), rows)  # a list of parameter sets: executemany


@dataclass
class Client:
    id: str
    name: str
    sector: str
    size: str
    created: str
    assessments: int = 0
    last_assessed: str | None = None
    last_overall: float | None = None
    last_level: int | None = None


class Register(core.ReportCalls):
    def __init__(self, engine: Engine):
        self.engine = engine

    @contextlib.contextmanager
    def _db(self, write: bool = True) -> Iterator[_SqlAlchemy]:
        with self.engine.begin() as conn:
            yield _SqlAlchemy(conn)

    # --- what a report does is core.ReportCalls; the consultant's commands add these --------

    def all_peers(self, questionnaire: str) -> dict[tuple[str, str], list[dict[str, float | None]]]:
        """Every sector and size class with its companies' latest scores, in one query."""
        with self._db() as db:
            rows = db.rows("SELECT client_id, assessed, id, overall, scores, sector_key, size_class"
                           " FROM register_assessments WHERE questionnaire = :q AND sector_key != ''"
                           " AND size_class IS NOT NULL", q=questionnaire)
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault((row["sector_key"], row["size_class"]), []).append(row)
        return {key: core.latest_per_client(group) for key, group in groups.items()}

    def merge_from(self, store_file: Any) -> dict[str, int]:
        """Bring every client and kept assessment of another store (the SQLite file of an
        earlier data folder) into this register, in one transaction. A client with the same
        name is the same client; otherwise the client keeps its id when it is free. Kept twice,
        the same answers of the same date stay one entry (see core.keep)."""
        from audit.store.submissions import database_url, open_store

        other = Register(open_store(database_url(None, store_file.parent)).engine)
        try:
            if other.engine.url.database and str(other.engine.url.database) == str(self.engine.url.database):
                return {"clients": 0, "assessments": 0}
            items: list[tuple[Assessment, dict[str, Any] | None, str, str | None]] = []
            clients = other.clients()
            with self._db() as db:
                for client in clients:
                    data = other.export(client.id) or {"assessments": []}
                    target = core.find_client(db, client.name)
                    if target is None and not db.rows("SELECT id FROM register_clients WHERE id = :id",
                                                      id=client.id):
                        target = client.id
                    for entry in data["assessments"]:
                        items.append((Assessment.from_dict(entry["assessment"]), entry["answers"],
                                      entry["source"], target))
                for item in items:
                    core.keep(db, *item)
        finally:
            other.engine.dispose()
        return {"clients": len(clients), "assessments": len(items)}

    # --- listing -------------------------------------------------------------------------------

    def clients(self) -> list[Client]:
        """Every client with the number of kept assessments and the latest one's result."""
        a, c = schema.register_assessments, schema.register_clients
        with self.engine.connect() as conn:
            latest = (select(a.c.client_id, func.count().label("n"), func.max(a.c.id).label("last_id"))
                      .group_by(a.c.client_id).subquery())
            rows = conn.execute(
                select(c, latest.c.n, a.c.assessed, a.c.overall, a.c.level)
                .join(latest, latest.c.client_id == c.c.id, isouter=True)
                .join(a, a.c.id == latest.c.last_id, isouter=True)
                .order_by(c.c.name_key)).mappings().all()
        return [Client(r["id"], r["name"], r["sector"], r["size"], r["created"], r["n"] or 0,
                       r["assessed"], r["overall"], r["level"]) for r in rows]

    def client(self, client_id: str) -> Client | None:
        return next((c for c in self.clients() if c.id == client_id), None)

    def groups(self, questionnaire: str) -> list[dict[str, Any]]:
        """Every sector and size class in the register with its number of companies."""
        a, c = schema.register_assessments, schema.register_clients
        with self.engine.connect() as conn:
            companies = func.count(func.distinct(a.c.client_id))
            rows = conn.execute(select(a.c.sector_key, a.c.size_class, companies)
                                .where(a.c.questionnaire == questionnaire)
                                .group_by(a.c.sector_key, a.c.size_class)).all()
            names = dict(conn.execute(select(a.c.sector_key, func.max(c.c.sector))
                                      .join(c, c.c.id == a.c.client_id).group_by(a.c.sector_key)).all())
        return [{"sector_key": k, "sector": names.get(k) or k, "size_class": s, "companies": n}
                for k, s, n in sorted(rows, key=lambda r: (r[0] or "", r[1] or ""))]

    # --- a client's own data -----------------------------------------------------------------

    def export(self, client_id: str) -> dict[str, Any] | None:
        """Everything kept about one client, answers and assessments included (their copy)."""
        client = self.client(client_id)
        if client is None:
            return None
        a = schema.register_assessments
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).where(a.c.client_id == client_id)
                                .order_by(a.c.assessed, a.c.id)).mappings().all()
        web = self._web_submissions(client_id)
        return {
            "client": {"id": client.id, "name": client.name, "sector": client.sector, "size": client.size,
                       "created": client.created},
            "assessments": [{
                "id": r["id"], "source": r["source"], "assessed": r["assessed"], "kept": r["created"],
                "questionnaire": {"id": r["questionnaire"], "version": r["questionnaire_version"]},
                "language": r["language"], "answers": unpack(r["answers"]),
                "assessment": unpack(r["assessment"]),
            } for r in rows],
            "web_submissions": web,
        }

    def _web_submissions(self, client_id: str) -> list[dict[str, Any]]:
        s = schema.submissions
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.c.created, s.c.updated, s.c.company, s.c.answers, s.c.notes,
                                       s.c.questionnaire, s.c.questionnaire_version, s.c.completed)
                                .where(s.c.client_id == client_id)).mappings().all()
        return [{"created": r["created"], "updated": r["updated"], "company": json.loads(r["company"]),
                 "answers": json.loads(r["answers"]), "notes": json.loads(r["notes"]),
                 "questionnaire": {"id": r["questionnaire"], "version": r["questionnaire_version"]},
                 "completed": bool(r["completed"])} for r in rows]

    def delete(self, client_id: str) -> dict[str, int]:
        """Remove a client and everything kept about them, web submissions and cached reports
        included, in one transaction. Returns what was removed."""
        a, c, s, rep = (schema.register_assessments, schema.register_clients, schema.submissions,
                        schema.reports)
        with self.engine.begin() as conn:
            keys = [r[0] for r in conn.execute(select(s.c.key).where(s.c.client_id == client_id))]
            reports = conn.execute(delete(rep).where(rep.c.key.in_(keys))).rowcount if keys else 0
            subs = conn.execute(delete(s).where(s.c.client_id == client_id)).rowcount
            kept = conn.execute(delete(a).where(a.c.client_id == client_id)).rowcount
            clients = conn.execute(delete(c).where(c.c.id == client_id)).rowcount
        return {"clients": clients, "assessments": kept, "web_submissions": subs, "cached_reports": reports}

    def size_bytes(self) -> int | None:
        """The SQLite file's size (None on PostgreSQL, where the server reports it)."""
        from pathlib import Path

        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database:
            return None
        path = Path(database)
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
