"""This visit's goal statuses: episode goals linked to the session's measurements and words.

A goal's status needs evidence: a measurement from this session (progress computed against baseline
and target by `goal_banks`), or the clinician's own words about that goal. Without either, the goal
keeps its last status and says it came from the prior note.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nlp import embedder
from note_builder.types import Measurement

LINK_SIMILARITY = 0.5


def episode_goal_statuses(goals: list[dict[str, Any]], measurements: list[Measurement],
                          spoken: list[dict[str, Any]], prior_note: dict[str, Any] | None
                          ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    out: list[dict[str, Any]] = []
    used_spoken: set[int] = set()
    spoken_vecs = embedder().embed([s["text"] for s in spoken]) if spoken else None
    for goal in goals:
        if not isinstance(goal, dict) or not goal.get("text"):
            continue
        entry: dict[str, Any] = {"goal_id": goal.get("goal_id"), "text": goal["text"]}
        progress = _measured_progress(goal, measurements)
        if progress is not None:
            entry.update(progress)
            entry["source"] = "transcript"
        elif spoken_vecs is not None:
            sims = spoken_vecs @ embedder().embed([str(goal["text"])])[0]
            best = int(np.argmax(sims))
            if float(sims[best]) >= LINK_SIMILARITY:
                used_spoken.add(best)
                entry.update(status=spoken[best]["status"], evidence=spoken[best]["evidence"], source="transcript")
        if "status" not in entry:
            entry.update(status=goal.get("status", "not_addressed"), source="prior_note", evidence=[],
                         addressed_this_visit=False)
        out.append(entry)
    out += [s for i, s in enumerate(spoken) if i not in used_spoken]
    return out, []


def _measured_progress(goal: dict[str, Any], measurements: list[Measurement]) -> dict[str, Any] | None:
    try:
        from goal_banks.progress import progress_from_dict
    except ImportError:  # pragma: no cover - goal_banks always ships; guards a partial install
        return None
    return progress_from_dict(goal, measurements)
