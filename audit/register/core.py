"""The register's reads and writes that every report makes (find the client, peers for the
benchmark, keep the assessment, the previous assessment), written once in plain SQL over a
small executor, so that they run on SQLAlchemy (any store) and on the standard library's
sqlite3 (the default SQLite store, without importing SQLAlchemy: that import alone costs more
than the 5% of a report's time the register may add; see benchmarks/register.py).

The tables are created by the store's migrations (audit/store/migrations.py, steps 2 and 3).
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import zlib
from dataclasses import dataclass, field
from typing import Any, Protocol

from audit.assessment import Assessment
from audit.benchmark import sector_key, size_class
from audit.register.keys import ID_RE, client_key, client_slug

SOURCES = ("report", "interview", "web", "batch", "import")
KEPT_COLUMNS = ("id, client_id, source, questionnaire, questionnaire_version, language, assessed, created,"
                " overall, level, scores")


class Sql(Protocol):
    """One open transaction: rows of a query as dicts, a statement, an insert's new id."""

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]: ...

    def run(self, sql: str, **params: Any) -> None: ...

    def insert(self, sql: str, **params: Any) -> int: ...

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None: ...


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def pack(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def unpack(blob: bytes | None) -> Any:
    return json.loads(zlib.decompress(bytes(blob)).decode("utf-8")) if blob else None


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


def _kept(row: dict[str, Any]) -> Kept:
    return Kept(row["id"], row["client_id"], row["source"], row["questionnaire"],
                row["questionnaire_version"], row["language"], row["assessed"], row["created"],
                row["overall"], row["level"], json.loads(row["scores"] or "{}"))


def find_client(db: Sql, name: str) -> str | None:
    rows = db.rows("SELECT id FROM register_clients WHERE name_key = :key", key=client_key(name))
    return rows[0]["id"] if rows else None


def record(assessment: Assessment, answers: dict[str, Any] | None, source: str,
           assessment_json: str | None = None) -> dict[str, Any]:
    """The register's columns of one assessment, besides its client, when it was kept and its
    origin; `name`, `sector`, `size` for the client. A batch makes these in its worker processes
    (from the JSON it writes anyway: `assessment_json`) and keeps thousands with keep_records."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    company = assessment.company or {}
    q = assessment.questionnaire or {}
    packed = (zlib.compress(assessment_json.encode("utf-8"), 6) if assessment_json is not None
              else pack(assessment.to_dict()))
    return {
        "name": str(company.get("name") or "").strip(), "sector": str(company.get("sector") or ""),
        "size": str(company.get("size") or ""),
        "source": source, "questionnaire": str(q.get("id") or ""),
        "questionnaire_version": str(q.get("version") or ""), "language": assessment.language,
        "assessed": str(company.get("date") or assessment.generated or now()[:10]),
        "overall": assessment.overall_score,
        "level": assessment.level["number"] if assessment.level else None,
        "sector_key": sector_key(company.get("sector")), "size_class": size_class(company.get("size")),
        "scores": json.dumps({d.id: d.score for d in assessment.dimensions}), "answers": pack(answers or {}),
        "assessment": packed,
    }


CLIENT_FIELDS = ("name", "sector", "size")
MATCH = ("client_id", "assessed", "questionnaire", "questionnaire_version", "answers")


def keep(db: Sql, assessment: Assessment, answers: dict[str, Any] | None, source: str,
         client_id: str | None = None, origin: str | None = None) -> Kept:
    """Keep one assessment under its client (made on first sight). The same answers for the same
    client and date again stay one entry (with the newest assessment); an `origin` ("web:<key>")
    is kept once and updated when the company edits its answers."""
    values = record(assessment, answers, source)
    stamp = now()
    company = {k: values.pop(k) for k in CLIENT_FIELDS}
    cid = _client_for(db, company["name"], company, client_id, stamp)
    values = {"client_id": cid, **values, "created": stamp, "origin": origin}
    same: list[dict[str, Any]] = []
    if origin:
        same = db.rows("SELECT id FROM register_assessments WHERE origin = :origin", origin=origin)
        if same:
            db.run("UPDATE register_assessments SET " + ", ".join(f"{k} = :{k}" for k in values)
                   + " WHERE id = :id", id=same[0]["id"], **values)
    elif answers:
        same = db.rows("SELECT id FROM register_assessments WHERE "
                       + " AND ".join(f"{k} = :{k}" for k in MATCH), **{k: values[k] for k in MATCH})
        if same:
            db.run(UPDATE_SAME, id=same[0]["id"], **{k: values[k] for k in REFRESHED})
    if same:
        new_id = same[0]["id"]
    else:
        new_id = db.insert(f"INSERT INTO register_assessments ({', '.join(values)}) VALUES "
                           f"({', '.join(':' + k for k in values)})", **values)
    return Kept(new_id, cid, source, values["questionnaire"], values["questionnaire_version"],
                values["language"], values["assessed"], stamp, values["overall"], values["level"],
                json.loads(values["scores"]))


REFRESHED = ("assessment", "language", "overall", "level", "scores", "created")
UPDATE_SAME = ("UPDATE register_assessments SET " + ", ".join(f"{k} = :{k}" for k in REFRESHED)
               + " WHERE id = :id")


def keep_records(db: Sql, records: list[dict[str, Any]]) -> int:
    """Keep many assessments (records made by `record`, all with answers) in a few bulk
    statements, as keep() would one by one: a client per company name, made on first sight;
    the same answers for the same client and date again stay one entry, with the newest
    assessment. Returns how many were kept. One call is one transaction of the caller's."""
    if not records:
        return 0
    stamp = now()
    keys = list(dict.fromkeys(client_key(r["name"]) for r in records))
    ids: dict[str, str] = {}
    for start in range(0, len(keys), 500):  # bound the number of parameters per statement
        part = {f"k{i}": key for i, key in enumerate(keys[start:start + 500])}
        for row in db.rows("SELECT id, name_key FROM register_clients WHERE name_key IN ("
                           + ", ".join(":" + p for p in part) + ")", **part):
            ids[row["name_key"]] = row["id"]
    known = set(ids.values())
    same: dict[tuple[Any, ...], int] = {}  # what keep() matches on -> the entry kept before
    known_list = sorted(known)
    for start in range(0, len(known_list), 500):
        part = {f"c{i}": cid for i, cid in enumerate(known_list[start:start + 500])}
        for row in db.rows(f"SELECT id, {', '.join(MATCH)} FROM register_assessments WHERE client_id IN ("
                           + ", ".join(":" + p for p in part) + ") ORDER BY id", **part):
            same.setdefault(tuple(bytes(v) if isinstance(v, memoryview) else v for v in
                                  (row[k] for k in MATCH)), row["id"])
    new_clients: dict[str, dict[str, Any]] = {}
    updated: dict[str, dict[str, Any]] = {}
    inserts: dict[tuple[Any, ...], dict[str, Any]] = {}  # in list order; a repeat replaces its first
    refresh: dict[int, dict[str, Any]] = {}
    for rec in records:
        values = dict(rec)
        company = {k: values.pop(k) for k in CLIENT_FIELDS}
        key = client_key(company["name"])
        details = {**company, "updated": stamp}
        cid = ids.get(key)
        if cid is None:
            cid = ids[key] = _free_id(db, client_slug(company["name"]), set(ids.values()))
            new_clients[cid] = {"id": cid, "key": key, "created": stamp, **details}
        elif cid in new_clients:
            new_clients[cid].update(details)
        else:
            updated[cid] = {"id": cid, **details}
        values = {"client_id": cid, **values, "created": stamp, "origin": None}
        match = tuple(values[k] for k in MATCH)
        if match in same:
            refresh[same[match]] = {"id": same[match], **{k: values[k] for k in REFRESHED}}
        else:
            inserts[match] = values
    if new_clients:
        db.many("INSERT INTO register_clients (id, name_key, name, sector, size, created, updated)"
                " VALUES (:id, :key, :name, :sector, :size, :created, :updated)", list(new_clients.values()))
    if updated:
        db.many("UPDATE register_clients SET name = :name, sector = :sector, size = :size,"
                " updated = :updated WHERE id = :id", list(updated.values()))
    if refresh:
        db.many(UPDATE_SAME, list(refresh.values()))
    if inserts:
        columns = list(next(iter(inserts.values())))
        db.many(f"INSERT INTO register_assessments ({', '.join(columns)}) VALUES "
                f"({', '.join(':' + k for k in columns)})", list(inserts.values()))
    return len(records)


def _client_for(db: Sql, name: str, company: dict[str, Any], client_id: str | None, stamp: str) -> str:
    details = {"name": name, "sector": str(company.get("sector") or ""),
               "size": str(company.get("size") or ""), "updated": stamp}
    key = client_key(name)
    if client_id is not None:
        if not ID_RE.match(client_id):
            raise ValueError(f"client id {client_id!r}: use lower-case letters, digits and hyphens")
        found = db.rows("SELECT id FROM register_clients WHERE id = :id", id=client_id)
    else:
        found = db.rows("SELECT id FROM register_clients WHERE name_key = :key", key=key)
    if found:
        db.run("UPDATE register_clients SET name = :name, sector = :sector, size = :size, updated = :updated"
               " WHERE id = :id", id=found[0]["id"], **details)
        return found[0]["id"]
    cid = client_id or _free_id(db, client_slug(name))
    # a client made with an explicit id under a name another client has: keep keys unique
    if db.rows("SELECT id FROM register_clients WHERE name_key = :key", key=key):
        key = f"{key} #{cid}"
    db.run("INSERT INTO register_clients (id, name_key, name, sector, size, created, updated)"
           " VALUES (:id, :key, :name, :sector, :size, :created, :updated)",
           id=cid, key=key, created=stamp, **details)
    return cid


def _free_id(db: Sql, slug: str, also_taken: set[str] | frozenset[str] = frozenset()) -> str:
    # ids are [a-z0-9-]: those starting "slug-" sort between "slug-" and "slug." (an index range)
    taken = {r["id"] for r in db.rows("SELECT id FROM register_clients WHERE id = :slug"
                                      " OR (id >= :low AND id < :high)",
                                      slug=slug, low=f"{slug}-", high=f"{slug}.")} | set(also_taken)
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


def history(db: Sql, client_id: str) -> list[Kept]:
    """A client's kept assessments, oldest first (by assessment date, then when kept)."""
    return [_kept(r) for r in db.rows(f"SELECT {KEPT_COLUMNS} FROM register_assessments"
                                      " WHERE client_id = :cid ORDER BY assessed, id", cid=client_id)]


def assessment(db: Sql, kept_id: int) -> Assessment:
    row = db.rows("SELECT assessment FROM register_assessments WHERE id = :id", id=kept_id)
    if not row:
        raise KeyError(kept_id)
    return Assessment.from_dict(unpack(row[0]["assessment"]))


def previous(db: Sql, client_id: str, before: str | None = None, exclude: int | None = None
             ) -> Assessment | None:
    """The client's latest kept assessment dated before `before` (ISO date), if any."""
    candidates = [k for k in history(db, client_id)
                  if k.id != exclude and (before is None or k.assessed < before)]
    return assessment(db, candidates[-1].id) if candidates else None


def peers(db: Sql, questionnaire: str, sector: str | None, size: str | None,
          exclude_client: str | None = None) -> list[dict[str, float | None]]:
    """Dimension scores (and `_overall`) of each comparable company's latest assessment made with
    questionnaire `questionnaire` (any version; another questionnaire's scores do not compare)."""
    skey, sclass = sector_key(sector), size_class(size)
    if not skey or sclass is None:
        return []
    rows = db.rows("SELECT client_id, assessed, id, overall, scores FROM register_assessments"
                   " WHERE sector_key = :skey AND size_class = :sclass AND questionnaire = :q",
                   skey=skey, sclass=sclass, q=questionnaire)
    return latest_per_client(rows, exclude_client)


def latest_per_client(rows: list[dict[str, Any]], exclude_client: str | None = None
                      ) -> list[dict[str, float | None]]:
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["client_id"] == exclude_client:
            continue
        seen = latest.get(row["client_id"])
        if seen is None or (row["assessed"], row["id"]) > (seen["assessed"], seen["id"]):
            latest[row["client_id"]] = row
    return [{**json.loads(r["scores"] or "{}"), "_overall": r["overall"]} for r in latest.values()]


class ReportCalls(abc.ABC):
    """What a report asks of a register, one short transaction per call; shared by the
    SQLAlchemy register (audit/register/store.py) and the sqlite3 fast path (lite.py), which
    each give `_db(write=...)`: a context manager yielding their `Sql`."""

    @abc.abstractmethod
    def _db(self, write: bool = True) -> Any:
        """A context manager yielding this register's `Sql`, in a write transaction or not."""

    def keep(self, assessment: Assessment, answers: dict[str, Any] | None, source: str,
             client_id: str | None = None, origin: str | None = None) -> Kept:
        """Keep one assessment under its client; see `keep`."""
        with self._db() as db:
            return keep(db, assessment, answers, source, client_id, origin)

    def keep_many(self, items: list[tuple[Assessment, dict[str, Any] | None, str, str | None]]) -> list[Kept]:
        """Several at once, in one transaction (imports, batches)."""
        with self._db() as db:
            return [keep(db, *item) for item in items]

    def keep_records(self, records: list[dict[str, Any]]) -> int:
        """Many prepared assessments (`record`) in one transaction (a batch's chunk)."""
        with self._db() as db:
            return keep_records(db, records)

    def find_client(self, name: str) -> str | None:
        with self._db(write=False) as db:
            return find_client(db, name)

    def history(self, client_id: str) -> list[Kept]:
        with self._db(write=False) as db:
            return history(db, client_id)

    def assessment(self, kept_id: int) -> Assessment:
        with self._db(write=False) as db:
            return assessment(db, kept_id)

    def previous(self, client_id: str, before: str | None = None, exclude: int | None = None
                 ) -> Assessment | None:
        with self._db(write=False) as db:
            return previous(db, client_id, before, exclude)

    def peers(self, questionnaire: str, sector: str | None, size: str | None,
              exclude_client: str | None = None) -> list[dict[str, float | None]]:
        with self._db(write=False) as db:
            return peers(db, questionnaire, sector, size, exclude_client)
