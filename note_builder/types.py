"""The draft's building blocks. Everything clinical carries `evidence`: the segments it came from.

These serialise to the `draft/1` contract (../shared/contracts/draft-output.md) through `to_dict`,
which drops empty optional fields so the JSON stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

When = Literal["current", "prior", "post"]
SectionName = Literal["subjective", "objective", "assessment", "plan"]
SECTION_NAMES: tuple[SectionName, ...] = ("subjective", "objective", "assessment", "plan")
# The longest pause inside one speaker's turn (or one spoken sentence) that the recogniser cuts into
# two segments: segments of the same speaker closer than this are read as one turn.
SAME_TURN_PAUSE_S = 1.5


@dataclass(frozen=True)
class Evidence:
    segment: str
    start: float | None = None
    end: float | None = None
    quote: str | None = None  # the exact span of the segment's text that supports the fact

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"segment": self.segment}
        if self.start is not None:
            out["start"] = round(self.start, 2)
        if self.end is not None:
            out["end"] = round(self.end, 2)
        if self.quote:
            out["quote"] = self.quote
        return out


def _compact(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(obj):
        v = getattr(obj, f.name)
        if v is None or (isinstance(v, list | dict) and not v and f.name != "evidence"):
            continue
        if f.name == "evidence":
            out[f.name] = [e.to_dict() for e in v]
        elif f.name == "extra":
            out.update(v)
        else:
            out[f.name] = v
    return out


@dataclass
class Statement:
    text: str
    evidence: list[Evidence]
    source: Literal["transcript", "prior_note"] = "transcript"
    confirmed: bool | None = None  # only for pulled-forward statements

    def to_dict(self) -> dict[str, Any]:
        return _compact(self)


@dataclass
class Measurement:
    type: str
    evidence: list[Evidence]
    value: float | int | str | None = None
    unit: str | None = None
    body_part: str | None = None
    side: str | None = None
    motion: str | None = None
    task: str | None = None
    when: When = "current"
    negated: bool = False
    # type-specific attributes: grade, scale, sets, reps, load, trials, cue_level, level,
    # test, result, instrument, target, exercise, name, assist, ...
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return _compact(self)


@dataclass
class NegatedFinding:
    text: str
    evidence: list[Evidence]
    heard: str | None = None  # what the recogniser wrote, when it was read as a known finding

    def to_dict(self) -> dict[str, Any]:
        return _compact(self)


@dataclass
class Intervention:
    cpt: str
    name: str
    minutes: int | None
    evidence: list[Evidence]
    timed: bool = True
    provider: Literal["therapist", "assistant"] | None = None
    # read from the work described (SLP treatment), not from a service the clinician named
    implied: bool = False

    def to_dict(self) -> dict[str, Any]:
        out = _compact(self)
        out["minutes"] = self.minutes  # explicit null for untimed services
        if not self.implied:
            out.pop("implied", None)
        return out


@dataclass
class Warning:
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}
