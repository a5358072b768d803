"""Search ranks by meaning (loads MiniLM)."""

from __future__ import annotations

import pytest

from goal_banks import search_goals

pytestmark = pytest.mark.slow


def test_steps_at_home_finds_stairs_without_the_word() -> None:
    results = search_goals("climbing steps at home", discipline="pt", limit=3)
    assert [g.domain for g, _ in results] == ["stairs"] * 3
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("query", "discipline", "domain"),
    [
        ("getting in and out of the bathtub", "ot", "functional_transfers"),
        ("word retrieval for everyday objects", "slp", "aphasia"),
        ("hand strength to open jars", "ot", "hand_therapy"),
        ("advancing thickened drinks after a stroke", "slp", "dysphagia"),
    ],
)
def test_meaning_queries(query: str, discipline: str, domain: str) -> None:
    top = search_goals(query, discipline=discipline, limit=3)
    assert domain in {g.domain for g, _ in top}
    assert top[0][0].domain == domain


def test_filters_and_limit() -> None:
    res = search_goals("walking", discipline="pt", domain="outcomes", limit=4)
    assert len(res) == 4
    assert all(g.domain == "outcomes" for g, _ in res)
    assert search_goals("walking", discipline="slp", domain="gait") == []
    with pytest.raises(ValueError, match="empty"):
        search_goals("  ")
