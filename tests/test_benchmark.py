"""Peer benchmarks: size classes, the minimum group, and nothing that singles out a company."""

from __future__ import annotations

import pytest

from audit.benchmark import MIN_PEERS, peer_benchmark, sector_key, size_class

DIMS = [("strategy", "Strategie"), ("team", "Team")]


@pytest.mark.parametrize("typed, expected", [
    ("12 medewerkers", "10-49"), ("1", "1"), ("2-9", "2-9"), ("ca. 35 fte", "10-49"),
    ("1.200 mensen", "250+"), ("250+", "250+"), ("eenmanszaak", None), ("", None), ("0", None),
    ("9", "2-9"), ("10", "10-49"), ("49", "10-49"), ("50", "50-249"),
])
def test_size_as_typed_falls_in_a_size_class(typed, expected):
    assert size_class(typed) == expected


def test_sectors_compare_without_case_and_accents():
    assert sector_key("Café's en Restaurants") == sector_key("cafe s en restaurants")


def _peers(values):
    return [{"strategy": v, "team": 100 - v, "_overall": v} for v in values]


def test_fewer_than_five_companies_shows_nothing():
    result = peer_benchmark(_peers([40, 50, 60, 70]), DIMS, "Bakkerij", "2-9")
    assert result["shown"] is False and result["n"] == 4 and result["dimensions"] == []
    assert "overall" not in result


def test_median_and_middle_half_rounded_never_min_or_max():
    values = [12.4, 30.0, 47.6, 55.0, 61.2, 90.9]
    result = peer_benchmark(_peers(values), DIMS, "Bakkerij", "2-9")
    strategy = result["dimensions"][0]
    assert result["shown"] and strategy["n"] == 6
    assert strategy["median"] == 51  # (47.6 + 55) / 2 = 51.3
    assert strategy["p25"] < strategy["median"] < strategy["p75"]
    flat = {v for d in result["dimensions"] for k, v in d.items() if k in ("median", "p25", "p75")}
    assert not flat & {12, 91, 88, 9}  # neither the lowest nor the highest company shows
    assert set(strategy) == {"id", "name", "n", "median", "p25", "p75"}


def test_a_dimension_with_too_few_scores_is_left_empty():
    peers = _peers([40, 50, 60, 70, 80])
    for row in peers[:2]:
        row["team"] = None
    result = peer_benchmark(peers, DIMS, "Bakkerij", "2-9")
    team = result["dimensions"][1]
    assert team == {"id": "team", "name": "Team", "n": 3}
    assert result["min_peers"] == MIN_PEERS == 5
