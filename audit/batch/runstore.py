"""A batch run's bookkeeping on disk: one SQLite file in the output folder (RUN_FILE).

It holds which clients are done and with which answers (so a killed or interrupted run
resumes where it stopped), this run's result per row, the rows that could not be read with
their problems, and each client's overview line. A long list keeps nothing per row in
memory: rows go to the file as they finish and come back in list order, a page at a time,
when the overview and batch-report.csv are written.

Only the run that writes the folder uses the file; it is kept after the run (the next run's
resume state). The state of older versions (.smaudit-batch.json) is taken over once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RUN_FILE = ".smaudit-batch.sqlite"
OLD_STATE_FILE = ".smaudit-batch.json"
PAGE = 500  # rows read back at a time

SCHEMA = """
CREATE TABLE IF NOT EXISTS done (stem TEXT PRIMARY KEY, key TEXT NOT NULL, row INTEGER, name TEXT);
CREATE TABLE IF NOT EXISTS results (row INTEGER NOT NULL, stem TEXT NOT NULL, key TEXT, ok INTEGER NOT NULL,
    skipped INTEGER NOT NULL, seconds REAL, error TEXT, name TEXT);
CREATE INDEX IF NOT EXISTS results_row ON results (row);
CREATE TABLE IF NOT EXISTS lines (row INTEGER NOT NULL, sector TEXT, size TEXT, overall REAL,
    line TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lines_row ON lines (row);
CREATE TABLE IF NOT EXISTS unread (row INTEGER NOT NULL, name TEXT, problems TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS unread_row ON unread (row);
"""

RESULT_FIELDS = ("row", "stem", "key", "ok", "skipped", "seconds", "error", "name")


class RunStore:
    """The run file of `outdir` (None: in memory, for an overview built outside a batch run).

    Writes are buffered and reach the file at `commit()`, which the runner calls only after the
    clients' files are in place: the file never names a client as done whose file is missing."""

    def __init__(self, outdir: Path | None):
        self.path = Path(outdir) / RUN_FILE if outdir is not None else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db: sqlite3.Connection | None = sqlite3.connect(
            str(self.path) if self.path else ":memory:", isolation_level=None, check_same_thread=False)
        if self.path is not None:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")  # commits append; no fsync per commit
            except sqlite3.DatabaseError:
                pass  # e.g. a network folder without shared memory: the default journal works too
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA cache_size=-1024")  # rows are written once and read back in order
        self.db.executescript(SCHEMA)
        self.db.executescript("BEGIN; DELETE FROM results; DELETE FROM lines; DELETE FROM unread; COMMIT;")
        self._done: list[tuple[str, str, int, str]] = []
        self._undone: list[tuple[str]] = []
        self._results: list[tuple[Any, ...]] = []
        self._lines: list[tuple[Any, ...]] = []
        self._unread: list[tuple[Any, ...]] = []
        if self.path is not None:
            self._take_over_old_state(self.path.parent / OLD_STATE_FILE)

    def _take_over_old_state(self, old: Path) -> None:
        if not old.exists():
            return
        try:
            clients = json.loads(old.read_text(encoding="utf-8")).get("clients") or {}
            rows = [(str(stem), str(e["key"]), int(e.get("row") or 0), str(e.get("name") or ""))
                    for stem, e in clients.items() if isinstance(e, dict) and e.get("key")]
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            rows = []  # an unreadable old state: those clients are simply done again
        self.db.executescript("BEGIN")
        self.db.executemany("INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?)", rows)
        self.db.execute("COMMIT")
        old.unlink(missing_ok=True)

    # --- the resume state --------------------------------------------------------------

    def done_key(self, stem: str) -> str | None:
        """The answers key this client's files were last made with (None: not done)."""
        found = self.db.execute("SELECT key FROM done WHERE stem = ?", (stem,)).fetchone()
        return found[0] if found else None

    # --- written as the run goes (buffered until commit) --------------------------------

    def add_result(self, result: Any) -> None:
        """A JobResult: kept as this run's result of its row, and as done (or not) for resumes."""
        self._results.append(tuple(getattr(result, f) for f in RESULT_FIELDS))
        if result.skipped:
            return
        if result.ok:
            self._done.append((result.stem, result.key, result.row, result.name))
        else:
            self._undone.append((result.stem,))

    def add_line(self, row: int, sector: str, size: str, overall: float | None, line: list[Any]) -> None:
        self._lines.append((row, sector, size, overall, json.dumps(line, ensure_ascii=False)))

    def add_unread(self, row: int, name: str, problems: list[tuple[str, str, str]]) -> None:
        """A row that could not be read: its company name and (column, value, message) each."""
        self._unread.append((row, name, json.dumps(problems, ensure_ascii=False)))

    @property
    def buffered(self) -> int:
        return len(self._results) + len(self._lines) + len(self._unread)

    def commit(self) -> None:
        """Write what was added since the last commit, in one transaction."""
        if not (self.buffered or self._done or self._undone):
            return
        db = self.db
        db.execute("BEGIN")
        db.executemany("INSERT OR REPLACE INTO done VALUES (?, ?, ?, ?)", self._done)
        db.executemany("DELETE FROM done WHERE stem = ?", self._undone)
        db.executemany(f"INSERT INTO results ({', '.join(RESULT_FIELDS)}) VALUES ({', '.join('?' * 8)})",
                       self._results)
        db.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?)", self._lines)
        db.executemany("INSERT INTO unread VALUES (?, ?, ?)", self._unread)
        db.execute("COMMIT")
        for pending in (self._done, self._undone, self._results, self._lines, self._unread):
            pending.clear()

    # --- read back, in list order, a page at a time --------------------------------------

    def _pages(self, sql: str, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        """Rows of `sql` ("SELECT row, ... FROM t") ordered by row (then rowid), PAGE at a time:
        no cursor stays open while the caller writes to the same file."""
        last = (-1, -1)
        while True:
            page = self.db.execute(
                f"{sql} WHERE {where + ' AND ' if where else ''}(row, rowid) > (?, ?) "
                f"ORDER BY row, rowid LIMIT {PAGE}", (*args, *last)).fetchall()
            if not page:
                return
            yield from (entry[2:] for entry in page)
            last = page[-1][:2]

    def results(self, where: str = "") -> Iterator[tuple[Any, ...]]:
        """This run's results in list order, as RESULT_FIELDS tuples."""
        return self._pages(f"SELECT row, rowid, {', '.join(RESULT_FIELDS)} FROM results", where)

    def count(self, table: str, where: str = "") -> int:
        sql = f"SELECT count(*) FROM {table}{' WHERE ' + where if where else ''}"
        return self.db.execute(sql).fetchone()[0]

    def lines(self) -> Iterator[list[Any]]:
        for (line,) in self._pages("SELECT row, rowid, line FROM lines"):
            yield json.loads(line)

    def line_count(self) -> int:
        return self.count("lines")

    def lowest_lines(self, limit: int) -> list[list[Any]]:
        """The `limit` lines with the lowest overall score (unknown scores last), lowest first."""
        rows = self.db.execute("SELECT line FROM lines ORDER BY overall IS NULL, overall, row LIMIT ?",
                               (limit,)).fetchall()
        return [json.loads(line) for (line,) in rows]

    def sectors(self) -> Iterator[tuple[str, str]]:
        """(sector, size) of every client line, in list order."""
        return self._pages("SELECT row, rowid, sector, size FROM lines")

    def unread(self) -> Iterator[tuple[int, str, list[list[str]]]]:
        """The rows that could not be read: (row, company name, [(column, value, message)])."""
        for row, name, problems in self._pages("SELECT row, rowid, row, name, problems FROM unread"):
            yield row, name, json.loads(problems)

    def close(self) -> None:
        """Close the file; reading back afterwards opens it again (a run's results stay there)."""
        self.commit()
        self._db.close()
        self._db = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        return self._db
