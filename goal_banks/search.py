"""Finding bank goals by meaning: MiniLM cosine similarity blended with a small word-overlap score.

The embedding carries the meaning ("climbing steps" finds stair goals); the lexical part breaks ties in
favour of goals that use the clinician's own words. Bank embeddings are computed once per process.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

import numpy as np

from goal_banks.bank import Goal, load_banks
from goal_banks.progress import tokens

SEMANTIC_WEIGHT = 0.8
LEXICAL_WEIGHT = 0.2

_lock = threading.Lock()
_matrices: dict[str, np.ndarray] = {}


def goal_document(goal: Goal) -> str:
    """What a goal is embedded as: its domain, its text with defaults filled, and its task names."""
    extra = ", ".join(goal.task)
    return f"{goal.domain_name}: {goal.display_text()}" + (f" ({extra})" if extra else "")


def _key(goals: Sequence[Goal]) -> str:
    h = hashlib.sha1()
    for g in goals:
        h.update(goal_document(g).encode())
        h.update(b"\0")
    return h.hexdigest()


def goal_embeddings(goals: Sequence[Goal]) -> np.ndarray:
    """L2-normalised MiniLM vectors for `goals`, cached per process by the goals' content."""
    key = _key(goals)
    with _lock:
        cached = _matrices.get(key)
    if cached is not None:
        return cached
    from nlp import embedder

    mat = embedder().embed([goal_document(g) for g in goals])
    with _lock:
        _matrices[key] = mat
    return mat


def lexical_score(query: str, goal: Goal) -> float:
    q = tokens(query)
    if not q:
        return 0.0
    d = tokens(goal_document(goal)) | tokens(goal.domain)
    return len(q & d) / len(q)


def search_goals(
    query: str,
    discipline: str | None = None,
    domain: str | None = None,
    limit: int = 10,
    goals: Sequence[Goal] | None = None,
) -> list[tuple[Goal, float]]:
    """Bank goals ranked by how well they match `query`, best first, with a score in about [0, 1].

    `goals` restricts the search to a given list (default: every loaded bank goal, filtered by
    discipline and domain).
    """
    if not query.strip():
        raise ValueError("search query is empty")
    if goals is None:
        pool = load_banks().select(discipline, domain)
    else:
        pool = [
            g
            for g in goals
            if (discipline is None or g.discipline == discipline) and (domain is None or g.domain == domain)
        ]
    if not pool:
        return []
    from nlp import embedder

    mat = goal_embeddings(pool)
    qv = embedder().embed([query])[0]
    sem = mat @ qv
    scored = [
        (g, float(SEMANTIC_WEIGHT * sem[i] + LEXICAL_WEIGHT * lexical_score(query, g)))
        for i, g in enumerate(pool)
    ]
    scored.sort(key=lambda t: (-t[1], t[0].id))
    return [(g, round(s, 4)) for g, s in scored[: max(0, limit)]]
