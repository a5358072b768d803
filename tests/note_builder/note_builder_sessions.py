"""Shared helpers for the extractor tests: segments from scripted turns, and the sample scorer's matching."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from scribe.transcript import Segment

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"  # ../shared beside the repo
_SPK = {"T": "therapist", "P": "client", "C": "caregiver"}


def load_score() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_score", SAMPLES / "score.py")
    assert spec
    assert spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def segments(turns: list[Any]) -> list[Segment]:
    out = []
    t = 0.0
    for i, (spk, text) in enumerate(turns):
        dur = max(1.0, len(text.split()) * 0.4)
        out.append(Segment(id=f"s{i}", start=t, end=t + dur, speaker=_SPK[spk], text=text))  # type: ignore[arg-type]
        t += dur
    return out


def lines(*said: str) -> list[Segment]:
    """Lines as "T: text" / "P: text" / "C: text" (a bare line is the therapist's), each with the
    written clinical form the pipeline gives its segments."""
    from scribe.normalize import normalize_clinical

    out = []
    for i, line in enumerate(said):
        spk, text = (line.split(": ", 1) if line[:3] in ("T: ", "P: ", "C: ") else ("T", line))
        out.append(Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, _SPK[spk], text,  # type: ignore[arg-type]
                           clinical_text=normalize_clinical(text)))
    return out


def found(discipline: str, *said: str) -> list[dict[str, Any]]:
    """The measurements extracted from `lines(*said)`, as the draft's JSON gives them."""
    from note_builder.measurements import extract_measurements

    return [m.to_dict() for m in extract_measurements(lines(*said), discipline)]


def sample_specs() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text()) for p in sorted(SAMPLES.glob("*.yaml"))]


def values_of(kind: str, got: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    """(value, when) of each measurement of one type, in order: what most conversation tests assert."""
    return [(m["value"], m["when"]) for m in got if m["type"] == kind]


def scores_of(got: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    """(instrument code, value) of each outcome score, in order."""
    return [(m["instrument_code"], m["value"]) for m in got if m["type"] == "outcome_score"]


def denied(*said: str) -> list[str]:
    """The negated findings' names drafted from `lines(*said)`."""
    from note_builder.negation import extract_negations

    return [n.text for n in extract_negations(lines(*said))]


def minutes_of(discipline: str, *said: str) -> list[tuple[str, float | None]]:
    """(CPT, minutes) of each intervention drafted from `lines(*said)`."""
    from note_builder.interventions import extract_interventions

    return [(i.cpt, i.minutes) for i in extract_interventions(lines(*said), discipline)]



def drafted(discipline: str, *said: str, payer: str = "medicare", role: str | None = None) -> dict[str, Any]:
    """The whole draft of `lines(*said)`, the clinician's own discipline as the provider role unless
    `role` names another (an assistant)."""
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import Transcript

    segs = lines(*said)
    return build_draft(Transcript(segs, segs[-1].end + 1.0, "test"),
                       DraftRequest(discipline=discipline, payer=payer, provider_role=role or discipline))


def codes_of(out: dict[str, Any]) -> list[tuple[str, Any]]:
    """(CPT, minutes) of each drafted intervention, sorted."""
    return sorted((i["cpt"], i["minutes"]) for i in out["interventions"])
