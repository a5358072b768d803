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


def sample_specs() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text()) for p in sorted(SAMPLES.glob("*.yaml"))]
