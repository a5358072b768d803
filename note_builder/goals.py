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


def episode_goal_statuses(
    goals: list[dict[str, Any]],
    measurements: list[Measurement],
    spoken: list[dict[str, Any]],
    prior_note: dict[str, Any] | None,
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
                entry.update(
                    status=spoken[best]["status"], evidence=spoken[best]["evidence"], source="transcript"
                )
        if "status" not in entry:
            entry.update(
                status=goal.get("status", "not_addressed"),
                source="prior_note",
                evidence=[],
                addressed_this_visit=False,
            )
        out.append(entry)
    out += [s for i, s in enumerate(spoken) if i not in used_spoken]
    return out, []


_EPISODE_FIELDS = (
    "metric",
    "unit",
    "target",
    "direction",
    "baseline",
    "previous_value",
    "body_part",
    "side",
    "motion",
    "task",
    "instrument",
    "due_date",
    "status",
)


def _episode_goal(goal: dict[str, Any]) -> Any:
    """An `EpisodeGoal` from a goal dict: a bank goal by id made specific, or a fully specified one."""
    from goal_banks import EpisodeGoal, get_goal

    given = {k: goal[k] for k in _EPISODE_FIELDS if goal.get(k) is not None}
    if goal.get("current") is not None and "previous_value" not in given:
        given["previous_value"] = goal["current"]  # last visit's value, from the prior note's progress
    given.pop("status", None)
    given.pop("due_date", None)
    bank_goal = None
    if goal.get("goal_id"):
        try:
            bank_goal = get_goal(str(goal["goal_id"]))
        except (KeyError, LookupError):
            bank_goal = None
    if bank_goal is not None:
        extra = {k: v for k, v in given.items() if k not in ("baseline", "side", "target")}
        known = {"metric", "unit", "direction", "body_part", "motion", "task", "instrument"}
        return EpisodeGoal.from_goal(
            bank_goal,
            text=str(goal["text"]),
            baseline=given.get("baseline"),
            side=given.get("side"),
            target=given.get("target"),
            **{k: v for k, v in extra.items() if k not in known},
        )
    if {"metric", "target"} <= given.keys():
        return EpisodeGoal(
            goal_id=str(goal.get("goal_id") or "custom"),
            text=str(goal["text"]),
            unit=str(given.pop("unit", "")),
            **given,
        )
    return None


def _measured_progress(goal: dict[str, Any], measurements: list[Measurement]) -> dict[str, Any] | None:
    from goal_banks import goal_progress

    episode_goal = _episode_goal(goal)
    if episode_goal is None:
        return None
    progress = goal_progress(episode_goal, measurements)
    if progress is None:
        return None
    out = progress.to_dict()
    out.pop("goal_id", None)
    return out
