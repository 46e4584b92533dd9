"""Safe, stable, unique file names for client reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

RESERVED = {"overview", "batch-report", "con", "prn", "aux", "nul",
            *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_LEN = 60


def slug(name: str) -> str:
    """ASCII, lower case, words joined by '-': 'Bakkerij Dé Vries & Zn.' -> 'bakkerij-de-vries-zn'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = text[:MAX_LEN].rstrip("-")
    if not text:
        return "client"
    return f"{text}-client" if text in RESERVED else text


def _short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:6]


class Stems:
    """File stems by row number for (row, company fields) pairs (read once, one at a time),
    kept in a private temporary SQLite database (on disk: a long list takes no memory per row).

    A name used once keeps its plain slug. Names that clash get a short hash of all the
    company's fields (stable when rows move), and the row number when even those are equal.
    A plain slug that equals another's suffixed stem ("a-1b2c3d") is settled by row order."""

    def __init__(self, clients: Iterable[tuple[int, dict[str, str]]]):
        from audit.batch.spool import scratch_db

        self.db = db = scratch_db()
        db.execute("CREATE TABLE c (row INTEGER PRIMARY KEY, slug TEXT NOT NULL, key TEXT NOT NULL,"
                   " stem TEXT)")
        db.execute("BEGIN")
        batch: list[tuple[int, str, str]] = []
        for row, company in clients:
            key = _short_hash(*(str(company.get(k, "")).strip().casefold() for k in sorted(company)))
            batch.append((row, slug(company.get("name", "")), key))
            if len(batch) >= 1000:
                db.executemany("INSERT INTO c (row, slug, key) VALUES (?, ?, ?)", batch)
                batch.clear()
        db.executemany("INSERT INTO c (row, slug, key) VALUES (?, ?, ?)", batch)
        db.execute("CREATE INDEX c_slug ON c (slug, key)")
        db.execute("UPDATE c SET stem = slug WHERE slug IN "
                   "(SELECT slug FROM c GROUP BY slug HAVING count(*) = 1)")
        db.execute("UPDATE c SET stem = slug || '-' || key WHERE stem IS NULL AND (slug, key) IN "
                   "(SELECT slug, key FROM c WHERE stem IS NULL GROUP BY slug, key HAVING count(*) = 1)")
        db.execute("UPDATE c SET stem = slug || '-' || key || '-r' || row WHERE stem IS NULL")
        db.execute("CREATE INDEX c_stem ON c (stem)")
        while True:  # a stem on several rows: the first keeps it, the others get their row number
            clashes = db.execute("SELECT row, stem FROM c WHERE stem IN (SELECT stem FROM c GROUP BY stem "
                                 "HAVING count(*) > 1) AND row > (SELECT min(row) FROM c AS d WHERE "
                                 "d.stem = c.stem)").fetchall()
            if not clashes:
                break
            db.executemany("UPDATE c SET stem = ? WHERE row = ?",
                           [(f"{stem}-r{row}", row) for row, stem in clashes])
        db.execute("COMMIT")

    def __getitem__(self, row: int) -> str:
        found = self.db.execute("SELECT stem FROM c WHERE row = ?", (row,)).fetchone()
        if found is None:
            raise KeyError(row)
        return found[0]

    def items(self) -> Iterator[tuple[int, str]]:
        return iter(self.db.execute("SELECT row, stem FROM c ORDER BY row").fetchall())

    def close(self) -> None:
        self.db.close()


def unique_stems(clients: Iterable[tuple[int, dict[str, str]]]) -> dict[int, str]:
    """File stems by row number (see Stems), as a dict: for a short list."""
    stems = Stems(clients)
    try:
        return dict(stems.items())
    finally:
        stems.close()
