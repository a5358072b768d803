"""Negated findings: NegEx-style triggers scoped to their clause, pseudo-negations left alone."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from note_builder.measurements import extract_measurements
from note_builder.negation import extract_negations, snap_finding
from scribe.transcript import Segment


def _helpers() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "note_builder_sessions", Path(__file__).with_name("note_builder_sessions.py")
    )
    assert spec
    assert spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


H = _helpers()
SCORE = H.load_score()


def negs(text: str, speaker: str = "therapist") -> list[str]:
    seg = Segment(id="s0", start=0.0, end=2.0, speaker=speaker, text=text)  # type: ignore[arg-type]
    return [n.text for n in extract_negations([seg])]


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("There is no numbness in the hand.", "numbness in the hand"),
        ("She reports no dizziness during standing tasks.", "dizziness"),
        ("He did not show any signs of frustration today.", "frustration"),
        ("She did not need breaks.", "breaks"),
        ("He walked the hallway without pain.", "pain"),
        ("The incision is free of redness.", "redness"),
        ("Denies numbness or tingling.", "tingling"),
        ("Patient denies any chest pain or shortness of breath.", "shortness of breath"),
        ("No coughing or throat clearing with thin liquids.", "throat clearing"),
        ("He didn't have any dizziness but reported fatigue.", "dizziness"),
        ("No loss of balance was noted.", "loss of balance"),
        ("The swelling has resolved.", "swelling"),
        ("She was pain-free during the session.", "pain"),
        ("I don't have any tingling anymore.", "tingling"),
        ("No signs of aspiration with puree.", "signs of aspiration"),
        ("She doesn't notice any clicking in the knee.", "clicking"),
        ("He was not frustrated.", "frustration"),
        ("There were no paraphasias today.", "paraphasias"),
        # the recogniser writes a spoken "or" as a comma: the list stays negated
        ("She denies numbness, tingling into her arm.", "tingling"),
        ("She denies numbness, tingling into her arm.", "numbness"),
        ("I'm not finding any joint line tenderness.", "joint line tenderness"),
        ("We did not see any redness at the incision.", "redness at the incision"),
        ("So two falls, with no head strike and no loss of consciousness.", "loss of consciousness"),
        ("So two falls, with no head strike and no loss of consciousness.", "head strike"),
        ("The scar is no longer hypersensitive.", "hypersensitivity"),
    ],
)
def test_negated_finding(text: str, finding: str) -> None:
    assert finding in negs(text)


@pytest.mark.parametrize(
    "text",
    [
        "No, I did them every day.",
        "I'm not sure about that.",
        "No increase in pain after exercise.",
        "She is not able to lift the pot yet.",
        "Sentence completion was ninety percent accurate with no cues.",
        "He reports pain and numbness in the hand.",
        "His goal is to reach the top shelf without pain.",
        "No problem, see you Thursday.",
    ],
)
def test_not_a_negated_finding(text: str) -> None:
    got = negs(text)
    assert got == []


def test_reported_finding_outside_scope_is_kept() -> None:
    # "fatigue" sits after "but": outside the negation scope
    assert negs("He didn't have any dizziness but reported fatigue.") == ["dizziness"]
    # a comma list ends where the next clause does not start with a finding
    assert negs("She denies dizziness, but reports tingling in the hand.") == ["dizziness"]
    assert negs("No swelling, she reports numbness at night.") == ["swelling"]


def test_quote_is_exact_substring() -> None:
    text = "She reports NO dizziness during standing tasks."
    seg = Segment(id="s3", start=1.0, end=2.0, speaker="client", text=text)
    (n,) = extract_negations([seg])
    assert n.evidence[0].quote
    assert n.evidence[0].quote in text
    assert n.evidence[0].segment == "s3"


def test_negated_device_is_never_present() -> None:
    seg = Segment(id="s0", start=0.0, end=1.0, speaker="therapist", text="She no longer uses the quad cane.")
    devs = [m for m in extract_measurements([seg], "pt") if m.type == "device"]
    assert devs
    assert all(m.negated for m in devs)


@pytest.mark.parametrize("spec", H.sample_specs(), ids=lambda s: s["id"])
def test_sample_negation_recall(spec: dict[str, Any]) -> None:
    found = extract_negations(H.segments(spec["turns"]))
    have = SCORE.toks(" ".join(n.text for n in found))
    assert [n for n in spec["truth"]["negated"] if not SCORE.toks(n) <= have] == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the recogniser's nearest everyday words for a finding it does not know
        ("I'm not finding any joint line tenders.", [("joint line tenderness", "joint line tenders")]),
        ("No diffusion today.", [("effusion", "diffusion")]),
        ("He did not show a frontal list today.", [("frontal lisp", "frontal list")]),
        ("There were no eye blinks or hand jerks with his blocks today.",
         [("eye blinks", None), ("head jerks", "hand jerks")]),
        # what is already a finding, or too short to judge, is left as said
        ("She got through it without a rest break.", [("rest break", None)]),
        ("No rain today, thankfully.", [("rain", None)]),
    ],
)
def test_misheard_findings_are_read_as_the_finding_they_sound_like(
    text: str, want: list[tuple[str, str | None]]
) -> None:
    seg = Segment(id="s0", start=0.0, end=3.0, speaker="therapist", text=text)
    assert [(n.text, n.heard) for n in extract_negations([seg])] == want


def test_a_qualifier_stays_with_what_is_denied() -> None:
    # "no new numbness" leaves room for numbness that was already there
    assert negs("So she denies blurred vision and new numbness.") == ["blurred vision", "new numbness"]
    assert negs("She denies increased pain with the exercises.") == ["increased pain"]


def test_what_follows_with_is_the_circumstance_not_denied() -> None:
    assert negs("No eye blinks with his blocks.") == ["eye blinks"]
    # (the activity that brings a symptom on stays with it, as what is denied, never as a finding)
    assert negs("No pain with walking or dizziness with standing.") == ["pain with walking", "dizziness"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("So he denies headache and sweating, and there is no redness over the heels.",
         ["headache", "sweating", "redness"]),
        ("The oral mechanism exam was negative for weakness or asymmetry.", ["weakness", "asymmetry"]),
        ("Good, so he denies fever and chest congestion.", ["fever", "chest congestion"]),
        ("He has no trouble eating.", ["trouble eating"]),
        # "and" that starts a new statement is not the list
        ("She denies pain and reports better sleep.", ["pain"]),
        ("No pain and she walked farther today.", ["pain"]),
        # what "and" joins is as often present: full range, a steady gait
        ("No swelling and full extension.", ["swelling"]),
        ("No dizziness and steady gait.", ["dizziness"]),
        ("Denies numbness and feels stronger.", ["numbness"]),
    ],
)
def test_findings_listed_after_a_denied_one(text: str, want: list[str]) -> None:
    assert negs(text) == want


@pytest.mark.parametrize(
    ("heard", "finding"),
    [
        ("learned vision", "blurred vision"),   # the head word heard right, its modifier misheard
        ("hard-glow attack", "hard glottal attack"),  # a word the recogniser split
        ("back pain", "back pain"),             # a real finding stays itself
        ("normal vision", "normal vision"),     # too far from any finding
    ],
)
def test_a_misheard_finding_snaps_only_to_a_close_name(heard: str, finding: str) -> None:
    assert snap_finding(heard) == finding
