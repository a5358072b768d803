"""Assemble the draft note (contract `draft/1`) from a transcript.

The order matters: facts first (measurements, negations, interventions), then sentences into SOAP
sections, then goals and pull-forward from the prior note, then the billing preview through the same
`billing` rules that signed notes use, then the checks that become warnings before signing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from note_builder import pull_forward as pf
from note_builder.checks import documentation_warnings, missing_elements
from note_builder.interventions import extract_interventions
from note_builder.measurements import extract_measurements
from note_builder.negation import extract_negations
from note_builder.rewrite import to_note_language
from note_builder.sections import classify_sentences, split_sentences
from note_builder.templates import get_template
from note_builder.types import SECTION_NAMES, Evidence, Intervention, Measurement, Statement
from scribe.transcript import Transcript

CONTRACT = "draft/1"
ASSISTANT_ROLES = {"pta", "cota", "slp_cf"}
EVALUATION_CODES = {
    "97161",
    "97162",
    "97163",
    "97165",
    "97166",
    "97167",
    "92521",
    "92522",
    "92523",
    "92524",
    "92610",
}
REEVALUATION_CODES = {"97164", "97168"}


@dataclass(frozen=True)
class DraftRequest:
    discipline: str
    payer: str = "medicare"
    provider_role: str = ""
    prior_note: dict[str, Any] | None = None
    note_type: str | None = None  # None: detect
    episode_goals: tuple[dict[str, Any], ...] = ()


def _detect_note_type(transcript: Transcript, interventions: list[Intervention]) -> str:
    codes = {i.cpt for i in interventions}
    text = " ".join(s.text.lower() for s in transcript.segments if s.speaker == "therapist")
    if codes & REEVALUATION_CODES or re.search(r"\bre-?evaluation\b|\breassessment visit\b", text):
        return "reevaluation"
    if codes & EVALUATION_CODES or re.search(r"\b(initial|first) evaluation\b", text):
        return "evaluation"
    if re.search(r"\bdischarg(e|ing) (today|from therapy|summary)\b|\blast (visit|session) today\b", text):
        return "discharge"
    if re.search(r"\bprogress (report|note)\b|\btenth visit\b|\b10th visit\b", text):
        return "progress"
    return "daily"


def _ev(sentence_segment: Any, quote: str | None = None) -> Evidence:
    return Evidence(sentence_segment.id, sentence_segment.start, sentence_segment.end, quote)


def build_sections(transcript: Transcript) -> dict[str, list[Statement]]:
    sections: dict[str, list[Statement]] = {name: [] for name in SECTION_NAMES}
    for c in classify_sentences(split_sentences(transcript.segments)):
        if c.label == "drop":
            continue
        text = to_note_language(c.sentence.text, c.sentence.speaker)
        if not text:
            continue
        sections[c.label].append(Statement(text, [_ev(c.sentence.segment, c.sentence.text)]))
    return sections


def billing_preview(
    interventions: list[Intervention], request: DraftRequest
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    from billing import ServiceLine, compute_charges

    assistant = request.provider_role in ASSISTANT_ROLES
    merged: dict[str, int | None] = {}
    for iv in interventions:
        if iv.minutes is None:
            merged.setdefault(iv.cpt, None)
        else:
            merged[iv.cpt] = (merged.get(iv.cpt) or 0) + iv.minutes
    services = [
        ServiceLine(cpt=cpt, minutes=mins, assistant_minutes=(mins if assistant else 0) or 0)
        for cpt, mins in merged.items()
    ]
    result = compute_charges(
        services, payer=request.payer, discipline=request.discipline, provider_role=request.provider_role
    )
    lines = [
        {
            "cpt": ln.cpt,
            "units": ln.units,
            "modifiers": list(ln.modifiers),
            **({"minutes": ln.minutes} if ln.minutes is not None else {}),
        }
        for ln in result.lines
        if ln.units > 0
    ]
    warnings = [{"code": w.code, "message": w.message} for w in result.warnings]
    return lines, warnings


def build_draft(transcript: Transcript, request: DraftRequest) -> dict[str, Any]:
    segments = transcript.segments
    measurements: list[Measurement] = extract_measurements(segments, request.discipline)
    negated = extract_negations(segments)
    interventions = extract_interventions(segments, request.discipline)
    note_type = request.note_type or _detect_note_type(transcript, interventions)
    template = get_template(request.discipline, note_type)
    sections = build_sections(transcript)

    goals, goal_warnings = pf.goal_statuses(request, measurements, sections)
    pulled, pull_warnings = pf.pull_forward(request.prior_note, sections)
    preview, billing_warnings = billing_preview(interventions, request)

    warnings: list[dict[str, str]] = []
    warnings += [
        w.to_dict() for w in missing_elements(template, sections, measurements, interventions, goals)
    ]
    warnings += [w.to_dict() for w in documentation_warnings(transcript, sections, interventions)]
    warnings += billing_warnings + goal_warnings + pull_warnings
    if request.provider_role in ASSISTANT_ROLES:
        warnings.append(
            {
                "code": "cosign_required",
                "message": "An assistant's note must be co-signed by the supervising therapist.",
            }
        )

    return {
        "contract": CONTRACT,
        "discipline": request.discipline,
        "payer": request.payer,
        "provider_role": request.provider_role,
        "requires_cosign": request.provider_role in ASSISTANT_ROLES,
        "transcript": transcript.to_dict(),
        "note": {
            "template": template.id,
            "note_type": note_type,
            "title": template.label,
            "sections": {k: [s.to_dict() for s in v] for k, v in sections.items()},
        },
        "measurements": [m.to_dict() for m in measurements],
        "negated_findings": [n.to_dict() for n in negated],
        "interventions": [i.to_dict() for i in interventions],
        "goals": goals,
        "pulled_forward": pulled,
        "billing_preview": preview,
        "warnings": warnings,
    }


def _fmt_measure(m: dict[str, Any]) -> str:
    skip = {"type", "evidence", "negated", "when"}
    parts = [f"{k}={v}" for k, v in m.items() if k not in skip]
    when = "" if m.get("when", "current") == "current" else f" ({m['when']})"
    return f"{m['type']}{when}: " + ", ".join(parts)


def render_text(draft: dict[str, Any]) -> str:
    """The draft for a person: SOAP sections, then structured facts, billing and what needs attention."""
    note = draft["note"]
    lines = [note.get("title", note["template"]), "=" * len(note.get("title", note["template"]))]
    for name in SECTION_NAMES:
        lines.append(f"\n{name.upper()}")
        items = note["sections"].get(name, [])
        if not items:
            lines.append("  (nothing found in the session)")
        for st in items:
            ev = ",".join(e["segment"] for e in st.get("evidence", []))
            lines.append(f"  - {st['text']}  [{ev}]")
    if draft["measurements"]:
        lines.append("\nMEASUREMENTS")
        lines += [f"  - {_fmt_measure(m)}" for m in draft["measurements"]]
    if draft["negated_findings"]:
        lines.append("\nPERTINENT NEGATIVES")
        lines += [f"  - no {n['text']}" for n in draft["negated_findings"]]
    if draft["interventions"]:
        lines.append("\nINTERVENTIONS")
        for iv in draft["interventions"]:
            mins = f"{iv['minutes']} min" if iv.get("minutes") is not None else "untimed"
            lines.append(f"  - {iv['cpt']} {iv['name']}: {mins}")
    if draft["goals"]:
        lines.append("\nGOALS")
        lines += [f"  - [{g['status']}] {g['text']}" for g in draft["goals"]]
    if draft["pulled_forward"]:
        lines.append("\nFROM THE LAST SIGNED NOTE (confirm, change or remove before signing)")
        lines += [f"  - {p['section']}: {p['text']}" for p in draft["pulled_forward"]]
    lines.append("\nBILLING PREVIEW")
    if not draft["billing_preview"]:
        lines.append("  (no billable services found)")
    for c in draft["billing_preview"]:
        lines.append(f"  - {c['cpt']} x{c['units']} {' '.join(c['modifiers'])}")
    if draft["warnings"]:
        lines.append("\nNEEDS ATTENTION")
        lines += [f"  ! {w['message']}" for w in draft["warnings"]]
    return "\n".join(lines)
