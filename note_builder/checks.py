"""Checks a reviewer (or a Medicare auditor) would make before the note is signed; they become warnings."""

from __future__ import annotations

import re
from typing import Any

from note_builder.templates import Template, element_label
from note_builder.types import Intervention, Measurement, Statement, Warning
from scribe.transcript import Transcript

_TESTS = {
    "outcome_score",
    "special_test",
    "rom",
    "mmt",
    "grip_strength",
    "pinch_strength",
    "accuracy",
    "intelligibility",
    "diet_level",
    "duration",
    "distance",
}
_FREQUENCY = re.compile(
    r"\b(\d+|one|two|three|four|five)\s*(x|times)\s*(a|per|/)\s*week\b|\bweekly\b|"
    r"\bfor (\d+|two|three|four|six|eight|twelve) weeks\b",
    re.IGNORECASE,
)


def missing_elements(
    template: Template,
    sections: dict[str, list[Statement]],
    measurements: list[Measurement],
    interventions: list[Intervention],
    goals: list[dict[str, Any]],
) -> list[Warning]:
    present = {
        "subjective": bool(sections["subjective"]),
        "history": bool(sections["subjective"]),
        "interventions_with_minutes": bool(interventions)
        and all(i.minutes is not None or not i.timed for i in interventions),
        "objective_measures": bool(measurements) or bool(sections["objective"]),
        "tests_and_measures": any(m.type in _TESTS for m in measurements),
        "client_response": bool(sections["assessment"]),
        "assessment": bool(sections["assessment"]),
        "goals": bool(goals),
        "goal_progress": bool(goals),
        "plan": bool(sections["plan"]),
        "plan_of_care": any(_FREQUENCY.search(s.text) for s in sections["plan"]),
        "discharge_plan": bool(sections["plan"]),
    }
    return [
        Warning("missing_element", f"{template.label}: missing {element_label(el)} ({el}).")
        for el in template.required
        if not present.get(el, False)
    ]


def documentation_warnings(
    transcript: Transcript, sections: dict[str, list[Statement]], interventions: list[Intervention]
) -> list[Warning]:
    out: list[Warning] = []
    objective_segments = {e.segment for s in sections["objective"] for e in s.evidence}
    for iv in interventions:
        if not iv.timed or iv.minutes is None:
            continue
        quote = " ".join(e.quote or "" for e in iv.evidence)
        specific = len(re.findall(r"[A-Za-z]+", quote)) >= 8
        if not specific and not ({e.segment for e in iv.evidence} & objective_segments):
            out.append(
                Warning(
                    "skilled_service_undocumented",
                    f"{iv.cpt} ({iv.name}) is billed by time but no statement describes the skilled "
                    "intervention; say what was done and why it needed a therapist.",
                )
            )
    assessment = [s.text.lower() for s in sections["assessment"]]
    if assessment and all(
        re.search(r"tolerat\w+ (the )?(treatment|session|it|everything)? ?well", a) and len(a.split()) <= 8
        for a in assessment
    ):
        out.append(
            Warning(
                "assessment_without_reasoning",
                "The assessment says only that the client tolerated treatment; add the clinician's "
                "reasoning (progress, limits, why skilled care is still needed).",
            )
        )
    total = sum(i.minutes or 0 for i in interventions)
    recorded_min = transcript.duration_s / 60.0
    if transcript.model != "imported" and total > recorded_min + 1 and total > 0 and recorded_min > 0:
        # A recording often covers only part of a session, so this warns rather than blocks.
        out.append(
            Warning(
                "minutes_exceed_recording",
                f"Interventions add up to {total} min but the recording is {recorded_min:.0f} min; "
                "check the minutes (the recording may cover only part of the session).",
            )
        )
    return out
