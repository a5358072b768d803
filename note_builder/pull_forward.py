"""Content carried from the last signed note, and goal status for this visit.

Everything pulled forward is marked `confirmed: false` and `source: prior_note` until the therapist
confirms, changes or removes it; signing refuses unconfirmed items. Where this session's transcript
says something about the same item, the transcript wins and the pulled item says what replaced it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from nlp import embedder
from note_builder.types import Measurement, Statement

if TYPE_CHECKING:
    from note_builder.draft import DraftRequest

REPLACE_SIMILARITY = 0.62
CLONE_SIMILARITY = 0.92

_STATUS_CUES = [
    (
        "met",
        re.compile(
            r"\b(met|achieved|reached) (his|her|their|the)? ?goal\b|\bgoal (is|was|has been) met\b", re.I
        ),
    ),
    ("regressed", re.compile(r"\b(regress\w*|worse|declin\w*|lost ground)\b", re.I)),
    ("not_progressing", re.compile(r"\b(plateau\w*|not progressing|no (change|progress)|unchanged)\b", re.I)),
    ("progressing", re.compile(r"\b(on track|progress\w*|improv\w*|closer to|better)\b", re.I)),
]
_GOAL_MENTION = re.compile(r"\bgoals?\b(?: of| to| for)?\s*(?P<what>[^.;]*)", re.I)


def _statement_texts(sections: dict[str, list[Statement]]) -> list[Statement]:
    return [s for v in sections.values() for s in v]


def mentioned_goals(sections: dict[str, list[Statement]]) -> list[dict[str, Any]]:
    """Goals the clinician spoke about in this session, with the status their words give."""
    out = []
    for st in _statement_texts(sections):
        if st.source != "transcript":
            continue
        m = _GOAL_MENTION.search(st.text)
        if not m:
            continue
        status = next((name for name, rx in _STATUS_CUES if rx.search(st.text)), None)
        if status is None:
            continue
        what = m.group("what").strip(" .") or st.text
        out.append(
            {
                "goal_id": None,
                "text": what,
                "status": status,
                "source": "transcript",
                "evidence": [e.to_dict() for e in st.evidence],
            }
        )
    return out


def goal_statuses(
    request: DraftRequest, measurements: list[Measurement], sections: dict[str, list[Statement]]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Episode goals (from the request or the prior note) with progress from this session's measurements."""
    from note_builder.goals import episode_goal_statuses, with_last_values

    prior_goals = list(request.episode_goals) or list((request.prior_note or {}).get("goals", []))
    prior_goals = with_last_values(prior_goals, request.prior_note)
    spoken = mentioned_goals(sections)
    goals, warnings = episode_goal_statuses(prior_goals, measurements, spoken, request.prior_note)
    return goals, warnings


def _prior_statements(prior: dict[str, Any]) -> list[tuple[str, str]]:
    sections = (prior.get("note") or {}).get("sections") or {}
    out = []
    for section in ("plan",):
        for st in sections.get(section, []) or []:
            if isinstance(st, dict) and st.get("text"):
                out.append((section, str(st["text"])))
    for key, section in (("precautions", "precautions"), ("home_exercise_program", "home_exercise_program")):
        for item in prior.get(key, []) or []:
            text = item.get("text") if isinstance(item, dict) else item
            if text:
                out.append((section, str(text)))
    return out


def pull_forward(
    prior: dict[str, Any] | None, sections: dict[str, list[Statement]]
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    if not prior:
        return [], []
    items: list[dict[str, Any]] = []
    current_plan = [s for s in sections["plan"] if s.source == "transcript"]
    prior_items = _prior_statements(prior)
    emb = embedder()
    cur_vecs = emb.embed([s.text for s in current_plan]) if current_plan else None
    for section, text in prior_items:
        item: dict[str, Any] = {"section": section, "text": text, "confirmed": False, "source": "prior_note"}
        if section == "plan" and cur_vecs is not None:
            sims = cur_vecs @ emb.embed([text])[0]
            best = int(np.argmax(sims))
            if float(sims[best]) >= REPLACE_SIMILARITY:
                item["replaced_by"] = current_plan[best].text
                item["replaced_evidence"] = [e.to_dict() for e in current_plan[best].evidence]
        items.append(item)
    for iv in prior.get("interventions", []) or []:
        if isinstance(iv, dict) and iv.get("cpt"):
            mins = f", {iv['minutes']} min" if iv.get("minutes") is not None else ""
            items.append(
                {
                    "section": "interventions",
                    "text": f"{iv['cpt']} {iv.get('name', '')}{mins} (last visit)",
                    "cpt": str(iv["cpt"]),
                    "confirmed": False,
                    "source": "prior_note",
                }
            )
    for g in prior.get("goals", []) or []:
        if isinstance(g, dict) and g.get("text"):
            items.append(
                {
                    "section": "goals",
                    "text": str(g["text"]),
                    "goal_id": g.get("goal_id"),
                    "last_status": g.get("status"),
                    "confirmed": False,
                    "source": "prior_note",
                }
            )
    return items, clone_warnings(prior, sections)


def clone_warnings(prior: dict[str, Any], sections: dict[str, list[Statement]]) -> list[dict[str, str]]:
    """Medicare reviewers flag notes that repeat the previous note nearly word for word."""
    now = " ".join(s.text for s in _statement_texts(sections) if s.source == "transcript")
    before_sections = (prior.get("note") or {}).get("sections") or {}
    before = " ".join(
        str(st.get("text", "")) for v in before_sections.values() for st in (v or []) if isinstance(st, dict)
    )
    if not now.strip() or not before.strip():
        return []
    vecs = embedder().embed([now, before])
    sim = float(vecs[0] @ vecs[1])
    a, b = set(now.lower().split()), set(before.lower().split())
    overlap = len(a & b) / max(1, len(a | b))
    if sim >= CLONE_SIMILARITY and overlap >= 0.8:
        return [
            {
                "code": "clone_risk",
                "message": f"This note is nearly identical to the last signed note "
                f"(word overlap {overlap:.0%}); "
                "document what was different about this visit.",
            }
        ]
    return []
