"""The register's reads and writes, on the web app's store (SQLAlchemy Core; one short
transaction per call, so the web app, the CLI and batch workers can share the database)."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from audit.assessment import Assessment
from audit.benchmark import sector_key, size_class
from audit.register.keys import ID_RE, client_key, client_slug
from audit.store import schema

SOURCES = ("report", "interview", "web", "batch", "import")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _pack(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _unpack(blob: bytes | None) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8")) if blob else None


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


@dataclass
class Kept:
    """One kept assessment, as listed (the JSON is read only when asked for)."""

    id: int
    client_id: str
    source: str
    questionnaire: str
    questionnaire_version: str
    language: str
    assessed: str
    created: str
    overall: float | None
    level: int | None
    scores: dict[str, float | None] = field(default_factory=dict)


class Register:
    def __init__(self, engine: Engine):
        self.engine = engine

    # --- writing -----------------------------------------------------------------------------

    def keep(self, assessment: Assessment, answers: dict[str, Any] | None, source: str,
             client_id: str | None = None, origin: str | None = None) -> Kept:
        """Keep one assessment (and the answers it was made from) under its client, creating the
        client on first sight. `client_id` ties it to a given client instead of the name's.

        The same answers for the same client and date again (a report run twice) stay one
        entry, holding the newest assessment. An `origin` (a web submission: "web:<key>") is
        kept once and updated when the company edits its answers."""
        with self.engine.begin() as conn:
            return self._keep(conn, assessment, answers, source, client_id, origin)

    def keep_many(self, items: list[tuple[Assessment, dict[str, Any] | None, str, str | None]]) -> list[Kept]:
        """Several at once, in one transaction (imports, batches)."""
        with self.engine.begin() as conn:
            return [self._keep(conn, *item) for item in items]

    def _keep(self, conn, assessment: Assessment, answers: dict[str, Any] | None, source: str,
              client_id: str | None, origin: str | None = None) -> Kept:
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        company = assessment.company or {}
        name = str(company.get("name") or "").strip()
        now = _now()
        assessed = str(company.get("date") or assessment.generated or now[:10])
        scores = {d.id: d.score for d in assessment.dimensions}
        q = assessment.questionnaire or {}
        cid = self._client_for(conn, name, company, client_id, now)
        values = {
            "client_id": cid, "source": source, "questionnaire": str(q.get("id") or ""),
            "questionnaire_version": str(q.get("version") or ""), "language": assessment.language,
            "assessed": assessed, "created": now, "overall": assessment.overall_score,
            "level": assessment.level["number"] if assessment.level else None,
            "sector_key": sector_key(company.get("sector")),
            "size_class": size_class(company.get("size")),
            "scores": json.dumps(scores), "answers": _pack(answers or {}),
            "assessment": _pack(assessment.to_dict()), "origin": origin,
        }
        table = schema.register_assessments
        same = None
        if origin:
            same = conn.execute(select(table.c.id).where(table.c.origin == origin)).first()
            if same:
                conn.execute(update(table).where(table.c.id == same[0]).values(**values))
                return Kept(same[0], cid, source, values["questionnaire"], values["questionnaire_version"],
                            assessment.language, assessed, now, assessment.overall_score, values["level"],
                            scores)
        elif answers:
            same = conn.execute(select(table.c.id).where(
                table.c.client_id == cid, table.c.assessed == assessed,
                table.c.questionnaire == values["questionnaire"],
                table.c.questionnaire_version == values["questionnaire_version"],
                table.c.answers == values["answers"])).first()
        if same:
            conn.execute(update(table).where(table.c.id == same[0]).values(
                assessment=values["assessment"], language=values["language"], overall=values["overall"],
                level=values["level"], scores=values["scores"], created=now))
            new_id = same[0]
        else:
            new_id = conn.execute(insert(table).values(**values)).inserted_primary_key[0]
        return Kept(new_id, cid, source, values["questionnaire"], values["questionnaire_version"],
                    assessment.language, assessed, now, assessment.overall_score, values["level"], scores)

    def _client_for(self, conn, name: str, company: dict[str, Any], client_id: str | None, now: str) -> str:
        table = schema.register_clients
        details = {"name": name, "sector": str(company.get("sector") or ""),
                   "size": str(company.get("size") or ""), "updated": now}
        if client_id is not None:
            if not ID_RE.match(client_id):
                raise ValueError(f"client id {client_id!r}: use lower-case letters, digits and hyphens")
            found = conn.execute(select(table.c.id).where(table.c.id == client_id)).first()
        else:
            key = client_key(name)
            found = conn.execute(select(table.c.id).where(table.c.name_key == key)).first()
        if found:
            conn.execute(update(table).where(table.c.id == found[0]).values(**details))
            return found[0]
        cid = client_id or self._free_id(conn, client_slug(name))
        key = client_key(name)
        # a client made with an explicit id under a name another client has: keep keys unique
        if conn.execute(select(table.c.id).where(table.c.name_key == key)).first():
            key = f"{key} #{cid}"
        conn.execute(insert(table).values(id=cid, name_key=key, created=now, **details))
        return cid

    @staticmethod
    def _free_id(conn, slug: str) -> str:
        table = schema.register_clients
        taken = {r[0] for r in conn.execute(select(table.c.id).where(table.c.id.like(f"{slug}%")))}
        if slug not in taken:
            return slug
        n = 2
        while f"{slug}-{n}" in taken:
            n += 1
        return f"{slug}-{n}"

    # --- reading -----------------------------------------------------------------------------

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

    def history(self, client_id: str) -> list[Kept]:
        """A client's kept assessments, oldest first (by assessment date, then when kept)."""
        a = schema.register_assessments
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.id, a.c.client_id, a.c.source, a.c.questionnaire,
                                       a.c.questionnaire_version, a.c.language, a.c.assessed, a.c.created,
                                       a.c.overall, a.c.level, a.c.scores)
                                .where(a.c.client_id == client_id)
                                .order_by(a.c.assessed, a.c.id)).mappings().all()
        return [Kept(r["id"], r["client_id"], r["source"], r["questionnaire"], r["questionnaire_version"],
                     r["language"], r["assessed"], r["created"], r["overall"], r["level"],
                     json.loads(r["scores"] or "{}")) for r in rows]

    def assessment(self, kept_id: int) -> Assessment:
        a = schema.register_assessments
        with self.engine.connect() as conn:
            blob = conn.execute(select(a.c.assessment).where(a.c.id == kept_id)).scalar_one()
        return Assessment.from_dict(_unpack(blob))

    def previous(self, client_id: str, before: str | None = None, exclude: int | None = None
                 ) -> Assessment | None:
        """The client's latest kept assessment dated before `before` (ISO date), if any."""
        candidates = [k for k in self.history(client_id)
                      if k.id != exclude and (before is None or k.assessed < before)]
        return self.assessment(candidates[-1].id) if candidates else None

    def find_client(self, name: str) -> str | None:
        c = schema.register_clients
        with self.engine.connect() as conn:
            row = conn.execute(select(c.c.id).where(c.c.name_key == client_key(name))).first()
        return row[0] if row else None

    def peers(self, questionnaire: str, sector: str | None, size: str | None,
              exclude_client: str | None = None) -> list[dict[str, float | None]]:
        """Dimension scores (and `_overall`) of each comparable company's latest assessment with
        questionnaire `questionnaire` (any version: scores of another questionnaire, such as the
        quick scan, do not compare)."""
        a = schema.register_assessments
        skey, sclass = sector_key(sector), size_class(size)
        if not skey or sclass is None:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(select(a.c.client_id, a.c.assessed, a.c.id, a.c.overall, a.c.scores)
                                .where(a.c.sector_key == skey, a.c.size_class == sclass,
                                       a.c.questionnaire == questionnaire)).all()
        latest: dict[str, tuple] = {}
        for row in rows:
            if row.client_id == exclude_client:
                continue
            if row.client_id not in latest or (row.assessed, row.id) > latest[row.client_id][:2]:
                latest[row.client_id] = (row.assessed, row.id, row.overall, row.scores)
        return [{**json.loads(scores or "{}"), "_overall": overall}
                for _, _, overall, scores in latest.values()]

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
                "language": r["language"], "answers": _unpack(r["answers"]),
                "assessment": _unpack(r["assessment"]),
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
