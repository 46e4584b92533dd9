"""Peer benchmarks: how comparable companies score, per dimension, without identifying any.

Method (stated with every benchmark shown):

- comparable = the same sector (the sector text, compared without case, accents and
  punctuation) and the same size class (number of people: 1, 2-9, 10-49, 50-249, 250+);
- each company counts once, with its latest assessment in the register; the company the
  report is about is left out of its own peer group;
- per dimension: the median and the middle half (25th to 75th percentile) of the peers'
  scores, rounded to whole points; never a single company's score, a minimum or a maximum;
- shown only when at least `MIN_PEERS` companies have a score for that dimension; with fewer,
  the benchmark says there are too few comparable companies and shows nothing else.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from typing import Any

from audit.answers import fold

MIN_PEERS = 5
SIZE_CLASSES = ("1", "2-9", "10-49", "50-249", "250+")


def size_class(size: str | None) -> str | None:
    """The size class of a company's size as typed: "12 medewerkers" -> "10-49", "2-9" -> "2-9";
    None when it holds no number of people."""
    text = str(size or "").strip()
    if text in SIZE_CLASSES:
        return text
    text = re.sub(r"(?<=\d)[.\s](?=\d{3}\b)", "", text)  # 1.200 / 1 200 -> 1200
    numbers = re.findall(r"\d+", text)
    if not numbers:
        return None
    n = int(numbers[0])
    if n < 1:
        return None
    if n == 1:
        return "1"
    return "2-9" if n < 10 else "10-49" if n < 50 else "50-249" if n < 250 else "250+"


def sector_key(sector: str | None) -> str:
    """Sectors as consultants type them, compared without case, accents and punctuation."""
    return fold(sector or "")


def summarise(scores: list[float]) -> dict[str, Any]:
    """Median and middle half of a list of scores, rounded to whole points."""
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return {"n": len(scores), "median": round(statistics.median(scores)),
            "p25": round(q1), "p75": round(q3)}


def peer_benchmark(peer_scores: list[dict[str, float | None]], dimensions: list[tuple[str, str]],
                   sector: str, size: str | None, min_peers: int = MIN_PEERS) -> dict[str, Any]:
    """The benchmark section: per dimension (id, name) the peers' median and middle half.

    `peer_scores` holds one mapping dimension id -> score per comparable company (already
    without the company itself). With fewer than `min_peers` companies, `shown` is False and
    no figure is given."""
    n = len(peer_scores)
    result: dict[str, Any] = {"sector": sector, "size_class": size, "n": n, "min_peers": min_peers,
                              "shown": n >= min_peers, "dimensions": []}
    if not result["shown"]:
        return result
    for did, name in dimensions:
        values = [row[did] for row in peer_scores if row.get(did) is not None]
        entry: dict[str, Any] = {"id": did, "name": name, "n": len(values)}
        if len(values) >= min_peers:
            entry.update(summarise(values))
        result["dimensions"].append(entry)
    overall = [row["_overall"] for row in peer_scores if row.get("_overall") is not None]
    result["overall"] = summarise(overall) if len(overall) >= min_peers else None
    return result


def group_benchmarks(register: Any, questionnaire: str, companies: Iterable[tuple[str, str]],
                     dimensions: list[tuple[str, str]], lang: str) -> dict[str, Any]:
    """Peer benchmarks for the sector and size class groups these companies (a client list) fall
    in, from the register: each group shown only with at least MIN_PEERS companies (a list's own
    clients count once they are kept), with n and the method; smaller groups only counted."""
    from audit.practice import practice_strings

    groups: dict[tuple[str, str], str] = {}
    unknown = 0
    for sector, size in companies:
        key, sclass = sector_key(sector), size_class(size)
        if not key or sclass is None:
            unknown += 1
        elif (key, sclass) not in groups:
            groups[(key, sclass)] = str(sector)
    shown, hidden = [], []
    for (_, sclass), sector in sorted(groups.items()):
        result = peer_benchmark(register.peers(questionnaire, sector, sclass), dimensions, sector, sclass)
        (shown if result["shown"] else hidden).append(result)
    p = practice_strings(lang)
    notes = []
    if hidden:
        notes.append(p["bench_hidden"].format(groups=len(hidden), companies=sum(r["n"] for r in hidden),
                                              min=MIN_PEERS))
    if unknown:
        notes.append(p["bench_unknown"].format(n=unknown))
    return {"min_peers": MIN_PEERS, "method": p["bench_method_short"].format(min=MIN_PEERS),
            "groups": shown, "notes": notes}
