"""Safe, stable, unique file names for client reports."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

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


def unique_stems(clients: Iterable[tuple[int, dict[str, str]]]) -> dict[int, str]:
    """File stems by row number for (row, company fields) pairs (read once, one at a time).

    A name used once keeps its plain slug. Names that clash get a short hash of all the
    company's fields (stable when rows move), and the row number when even those are equal.
    """
    by_slug: dict[str, list[tuple[int, str]]] = {}
    for row, company in clients:
        key = _short_hash(*(str(company.get(k, "")).strip().casefold() for k in sorted(company)))
        by_slug.setdefault(slug(company.get("name", "")), []).append((row, key))
    stems: dict[int, str] = {}
    for base, group in by_slug.items():
        if len(group) == 1:
            stems[group[0][0]] = base
            continue
        hashed: dict[str, list[int]] = {}
        for row, key in group:
            hashed.setdefault(key, []).append(row)
        for key, rows in hashed.items():
            for row in rows:
                stems[row] = f"{base}-{key}" if len(rows) == 1 else f"{base}-{key}-r{row}"
    # A plain slug could still equal another's suffixed stem ("a-1b2c3d"): settle it by row.
    seen: dict[str, int] = {}
    for row in sorted(stems):
        stem = stems[row]
        if stem in seen:
            stems[row] = f"{stem}-r{row}"
        seen[stems[row]] = row
    return stems
