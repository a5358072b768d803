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
from note_builder.activities import activity_blocks, minutes_without_service
from note_builder.checks import documentation_warnings, missing_elements
from note_builder.interventions import (
    extract_interventions,
    first_meeting,
    implied_evaluations,
    said_of_this_visit,
    time_untimed,
)
from note_builder.measurements import extract_measurements
from note_builder.negation import extract_negations
from note_builder.rewrite import to_note_language
from note_builder.sections import classify_sentences, full_text, join_split_sentences, split_sentences
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
# PT and OT evaluation codes the draft may propose when none was said: the complexity is the
# therapist's call, so the warning asks for it to be confirmed rather than the code
COMPLEXITY_PROPOSED = {"97162", "97166"}


@dataclass(frozen=True)
class DraftRequest:
    discipline: str
    payer: str = "medicare"
    provider_role: str = ""
    prior_note: dict[str, Any] | None = None
    note_type: str | None = None  # None: detect
    episode_goals: tuple[dict[str, Any], ...] = ()
    # This visit's treatment day since the last progress report (counting it), and whether the
    # payer's rule makes a progress report due at it; the caller knows the episode's history.
    treatment_day: int | None = None
    progress_report_due: bool = False
    # The last final evaluation / progress report / recertification, for "change since the last report".
    last_report: dict[str, Any] | None = None


def _detect_note_type(
    transcript: Transcript, interventions: list[Intervention], assistant: bool = False
) -> str:
    codes = {i.cpt for i in interventions}
    text = " ".join(s.text.lower() for s in transcript.segments if s.speaker == "therapist")
    if codes & REEVALUATION_CODES or re.search(r"\bre-?evaluation\b|\breassessment visit\b", text):
        return "reevaluation"
    if codes & EVALUATION_CODES:
        return "evaluation"
    if re.search(r"\bdischarg(e|ing) (today|from therapy|summary)\b|\blast (visit|session) today\b", text):
        return "discharge"
    # before the evaluation's words: a progress report names the evaluation it compares with
    if re.search(r"\bprogress (report|note)\b|\btenth visit\b|\b10th visit\b", text):
        return "progress"
    first = re.finditer(r"\b(initial|first) evaluation\b", text)
    if any(said_of_this_visit(text, m.start()) for m in first) or _THIS_EVALUATION.search(text):
        return "evaluation"
    if assistant:
        # a PTA or COTA cannot evaluate, so an introduction ("I'm Sam, the physical therapist assistant")
        # is a new assistant on a treatment visit, and a prognosis is the therapist's, repeated
        return "daily"
    opening = " ".join(s.text.lower() for s in transcript.segments[:8] if s.speaker == "therapist")
    if first_meeting().search(opening) and not _RETURN_VISIT.search(opening):
        return "evaluation"  # a first meeting: the evaluation code is the therapist's to choose
    if re.search(r"\bprognosis (?:is|for|was|looks|appears)\b", text):
        return "evaluation"  # a prognosis is stated when a plan of care is set, not on a daily visit
    return "daily"


# "I'll be doing your evaluation today", "Today is the evaluation": this visit named as one
_THIS_EVALUATION = re.compile(
    r"\b(?:your|the|an|this) evaluation today\b|\btoday(?:'s| is) (?:your |the |an )?evaluation\b|"
    r"\b(?:doing|start|starting|begin|do) (?:your|the|an|this) evaluation\b|"
    # ("The evaluation itself took about forty minutes": its length said, this visit's own)
    r"(?:(?<!at )(?<!since )(?<!from )\b(?:the|your|this|today's) |(?:^|(?<=[.!?] )))"
    r"evaluation(?: itself| part| portion)? (?:took|ran|lasted|went)\b")
# A clinician new to the client on a later visit ("I'm Rosalind, the speech therapy fellow, I work
# with Imani, who you met at the first visit"): an introduction, but not the first meeting.
_RETURN_VISIT = re.compile(
    r"\b(?:you met|at (?:the|your|his|her|my|our) (?:first|last) (?:visit|session)|last (?:time|week|"
    r"visit|session)|"
    # ("At the evaluation it was thirty": an evaluation already done)
    r"at (?:the|your|his|her|their) (?:initial )?evaluation|"
    r"welcome back|good to see you again|see you again|since (?:i|we) (?:last )?saw|"
    # ("How have the feeds gone since Thursday?": the work goes on from an earlier visit)
    r"(?:gone|been|going) since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)|"
    r"since (?:our|my|your) (?:last )?(?:visit|session))\b"
)


def _ev(sentence_segment: Any, quote: str | None = None) -> Evidence:
    return Evidence(sentence_segment.id, sentence_segment.start, sentence_segment.end, quote)


def build_sections(transcript: Transcript) -> dict[str, list[Statement]]:
    sections: dict[str, list[Statement]] = {name: [] for name in SECTION_NAMES}
    for c in classify_sentences(join_split_sentences(split_sentences(transcript.segments))):
        if c.label == "drop":
            continue
        text = to_note_language(full_text(c.sentence), c.sentence.speaker)
        if not text:
            continue
        parts = [c.sentence, *c.sentence.continued]
        sections[c.label].append(Statement(text, [_ev(p.segment, p.text) for p in parts]))
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
    note_type = _note_type(request, transcript, interventions)
    inferred: list[Intervention] = []
    named = {i.cpt for i in interventions}
    evaluation_unnamed = note_type == "evaluation" and not named & EVALUATION_CODES
    if evaluation_unnamed:
        # an evaluation visit describes testing: treatment read from its content is not billed, the
        # evaluation is (SLP: the one its content covers; PT/OT: the usual complexity), for the
        # therapist to confirm
        interventions = [i for i in interventions if not i.implied]
        inferred = implied_evaluations(segments, request.discipline)
        interventions = [*inferred, *interventions]
        time_untimed(segments, interventions)
    blocks, block_warnings = activity_blocks(transcript, interventions, measurements, request.discipline)
    interventions = [*interventions, *blocks]
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
    warnings += [w.to_dict() for w in block_warnings]
    warnings += [w.to_dict() for w in minutes_without_service(transcript, interventions, measurements)]
    for inferred_evaluation in inferred:
        how = ("is proposed as the usual complexity; confirm the complexity"
               if inferred_evaluation.cpt in COMPLEXITY_PROPOSED
               else "was read from what the visit covered; confirm it")
        warnings.append({
            "code": "evaluation_code_inferred",
            "message": f"No evaluation code was said: {inferred_evaluation.cpt} "
            f"({inferred_evaluation.name}) {how} before signing.",
        })
    if evaluation_unnamed and not inferred:
        warnings.append({
            "code": "evaluation_code_missing",
            "message": "This reads as an evaluation visit, but no evaluation code was said: choose "
            "the evaluation and its complexity before signing; none is billed until then.",
        })
    warnings += billing_warnings + goal_warnings + pull_warnings
    report = _progress_report(request, note_type, goals)
    if report is not None:
        warnings += report.pop("warnings")
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
        **({"progress_report": report} if report is not None else {}),
    }


def _note_type(request: DraftRequest, transcript: Transcript, interventions: list[Intervention]) -> str:
    """The type asked for, else the one the session's words name; a visit that would be a daily
    note becomes a progress report when one is due (an evaluation, re-evaluation or discharge
    summary written that day also reports progress, so those stay as they are)."""
    if request.note_type:
        return request.note_type
    # (a PTA or COTA cannot evaluate, by the rule billing refuses their evaluations with; a clinical
    # fellow can)
    from billing.charges import ASSISTANT_ROLES as CANNOT_EVALUATE

    detected = _detect_note_type(transcript, interventions, request.provider_role in CANNOT_EVALUATE)
    return "progress" if detected == "daily" and request.progress_report_due else detected


def _progress_report(
    request: DraftRequest, note_type: str, goals: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """For a progress report: each goal's change since the last report, and what is still missing."""
    from note_builder.goals import report_summary

    if note_type != "progress":
        return None
    plan_goals = list(request.episode_goals) or list((request.prior_note or {}).get("goals") or [])
    summary = report_summary(goals, plan_goals, request.last_report)
    warnings: list[dict[str, str]] = []
    if request.progress_report_due:
        day = ""
        if request.treatment_day:
            day = f" (treatment day {request.treatment_day} since the last report)"
        warnings.append(
            {
                "code": "progress_report_due",
                "message": f"A progress report is due at this visit{day}; "
                "the draft uses the progress report template.",
            }
        )
    unmeasured = sum(1 for g in summary if "change" in g and g.get("current") is None)
    if unmeasured:
        warnings.append(
            {
                "code": "goal_not_measured",
                "message": f"{unmeasured} goal{'s were' if unmeasured != 1 else ' was'} not measured this "
                "visit; a progress report states each goal's current level.",
            }
        )
    return {
        "due": request.progress_report_due,
        "treatment_day": request.treatment_day,
        "goals": summary,
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
    if draft.get("progress_report"):
        lines.append("\nPROGRESS SINCE THE LAST REPORT")
        lines += [f"  - {g['sentence']}" for g in draft["progress_report"]["goals"]]
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
