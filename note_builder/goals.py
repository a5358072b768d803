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


def _key(goal: dict[str, Any]) -> tuple[str, str]:
    """A goal's identity across notes: bank id (or `goal-<row id>`) and its wording, which a goal
    never changes (two goals from one bank entry, e.g. left and right knee, differ in wording)."""
    return str(goal.get("goal_id") or ""), str(goal.get("text") or "")


def _by_key(note: dict[str, Any] | None) -> dict[tuple[str, str], dict[str, Any]]:
    goals = (note or {}).get("goals") or []
    return {_key(g): g for g in goals if isinstance(g, dict) and g.get("text")}


def with_last_values(goals: list[dict[str, Any]], prior_note: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Episode goals with the value the last signed note measured for each, as `previous_value`.

    "Progressing" means better than last visit, not only better than the baseline: without this a
    goal measured at 95° last visit and 105° today would read "up from 90°" (the baseline).
    """
    prior = _by_key(prior_note)
    out = []
    for goal in goals:
        last = prior.get(_key(goal)) if isinstance(goal, dict) else None
        if last is not None and last.get("current") is not None and goal.get("previous_value") is None:
            goal = {**goal, "previous_value": last["current"]}
        out.append(goal)
    return out


def report_summary(
    statuses: list[dict[str, Any]], goals: list[dict[str, Any]], last_report: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """Each episode goal's change since the last progress report, for a progress-report draft.

    The earlier value is what the last report measured for the goal; a goal that report did not
    measure (or when there is no report yet: the evaluation set the goals) is compared with its
    baseline, and `since` says which. Goals without a measurable target keep their status only.
    """
    from goal_banks import change_since

    reported = _by_key(last_report)
    by_key = {_key(g): g for g in goals if isinstance(g, dict) and g.get("text")}
    out: list[dict[str, Any]] = []
    for entry in statuses:
        goal = by_key.get(_key(entry))
        if goal is None:
            continue  # a goal spoken about that is not on the plan of care
        row: dict[str, Any] = {
            "goal_id": entry.get("goal_id"),
            "text": entry["text"],
            "status": entry["status"],
        }
        episode_goal = _episode_goal(goal)
        if episode_goal is None:
            row["sentence"] = f"No measurable target; status {str(entry['status']).replace('_', ' ')}."
            out.append(row)
            continue
        last = reported.get(_key(goal), {}).get("current")
        since = "last_report" if last is not None else "baseline"
        earlier = last if last is not None else episode_goal.baseline
        change = change_since(
            episode_goal,
            entry.get("current"),
            earlier,
            earlier_label="at the last report" if since == "last_report" else "at baseline",
        )
        row.update(change.to_dict(), since=since, percent=entry.get("percent"))
        row["goal_id"] = entry.get("goal_id")
        out.append(row)
    return out
