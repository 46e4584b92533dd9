"""A client list's rows on disk instead of in memory: a private temporary SQLite database
(SQLite puts it in $SQLITE_TMPDIR, $TMPDIR or /var/tmp and deletes it when it is closed), so a
list of 20,000 rows takes no memory per row while it is matched and read.

`RowSpool` is filled once, row by row, as a reader reads the file, then read like a list of
rows: len, index, slices (views, not copies) and iteration in order, a page at a time.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

PAGE = 1000  # rows written or read at a time
SCRATCH_CACHE_KIB = 512  # page cache of a scratch database: its rows are read in order, once or twice


def scratch_db() -> sqlite3.Connection:
    """A private temporary SQLite database on disk (deleted when it is closed), with a small page
    cache: for what a long list would otherwise keep in memory per row."""
    db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"PRAGMA cache_size=-{SCRATCH_CACHE_KIB}")
    return db


class RowSpool(Sequence):
    """Rows of strings, appended once (`append`), then `finish()`ed: trailing empty rows are
    dropped and every row is read padded (or cut) to the widest filled row, as a spreadsheet
    shows it (the trimming readers._trim does for a list)."""

    def __init__(self) -> None:
        self.db = scratch_db()
        self.db.execute("CREATE TABLE rows (i INTEGER PRIMARY KEY, cells TEXT NOT NULL)")
        self.db.execute("BEGIN")
        self._pending: list[tuple[int, str]] = []
        self._appended = 0
        self._last_filled = -1
        self.width = 0
        self._length: int | None = None  # set by finish()

    @classmethod
    def of(cls, rows: Iterable[list[str]]) -> RowSpool:
        spool = cls()
        for row in rows:
            spool.append(row)
        return spool.finish()

    def append(self, cells: list[str]) -> None:
        if self._length is not None:
            raise RuntimeError("rows are appended before finish()")
        for i in range(len(cells) - 1, -1, -1):
            if cells[i].strip():
                self._last_filled = self._appended
                self.width = max(self.width, i + 1)
                break
        self._pending.append((self._appended, json.dumps(cells, ensure_ascii=False)))
        self._appended += 1
        if len(self._pending) >= PAGE:
            self._write()

    def _write(self) -> None:
        self.db.executemany("INSERT INTO rows VALUES (?, ?)", self._pending)
        self._pending.clear()

    def finish(self) -> RowSpool:
        if self._length is None:
            self._write()
            self.db.execute("COMMIT")
            self._length = self._last_filled + 1
        return self

    def _shape(self, text: str) -> list[str]:
        cells = json.loads(text)
        if len(cells) != self.width:
            cells = (cells + [""] * self.width)[:self.width]
        return cells

    def __len__(self) -> int:
        return self.finish()._length or 0

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return RowView(self, start, max(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("row index out of range")
        (text,) = self.db.execute("SELECT cells FROM rows WHERE i = ?", (index,)).fetchone()
        return self._shape(text)

    def rows(self, start: int, stop: int) -> Iterator[list[str]]:
        """Rows start..stop-1 in order, PAGE at a time (no cursor left open in between)."""
        self.finish()
        stop = min(stop, len(self))
        while start < stop:
            page = self.db.execute("SELECT cells FROM rows WHERE i >= ? AND i < ? ORDER BY i",
                                   (start, min(stop, start + PAGE))).fetchall()
            for (text,) in page:
                yield self._shape(text)
            start += PAGE

    def __iter__(self) -> Iterator[list[str]]:
        return self.rows(0, len(self))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, Sequence)) and not isinstance(other, str):
            return len(self) == len(other) and all(a == list(b) for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<RowSpool of {len(self)} rows>"

    def close(self) -> None:
        self.db.close()


class RowView(Sequence):
    """Rows start..stop-1 of a RowSpool, read from it when used."""

    def __init__(self, spool: RowSpool, start: int, stop: int):
        self.spool, self.start, self.stop = spool, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return list(self)[index]
            return RowView(self.spool, self.start + start, self.start + max(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("row index out of range")
        return self.spool[self.start + index]

    def __iter__(self) -> Iterator[list[str]]:
        return self.spool.rows(self.start, self.stop)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, Sequence)) and not isinstance(other, str):
            return len(self) == len(other) and all(a == list(b) for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
