"""Interventions: spoken service names to CPT with minutes, per discipline; plans are not services."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from note_builder.interventions import catalogue, extract_interventions, timed_codes
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


def ivs(texts: list[str], discipline: str = "pt") -> dict[str, int | None]:
    segs = [
        Segment(id=f"s{i}", start=float(i), end=i + 1.0, speaker="therapist", text=t)
        for i, t in enumerate(texts)
    ]
    return {i.cpt: i.minutes for i in extract_interventions(segs, discipline)}


@pytest.mark.parametrize(
    ("discipline", "text", "cpt", "minutes"),
    [
        ("pt", "We did therapeutic exercise for twenty minutes.", "97110", 20),
        ("pt", "Therex 15 min on the bike and bands.", "97110", 15),
        ("pt", "Then manual therapy for twelve minutes, posterior glides.", "97140", 12),
        ("pt", "Joint mobilization to the knee for 8 minutes.", "97140", 8),
        ("pt", "Soft tissue mobilization, ten minutes.", "97140", 10),
        ("pt", "Twenty three minutes of gait training with the walker.", "97116", 23),
        ("pt", "Neuromuscular re-education for balance, 15 minutes.", "97112", 15),
        ("pt", "Neuro re-ed for eleven minutes.", "97112", 11),
        ("ot", "Today we did therapeutic activities for twenty five minutes.", "97530", 25),
        ("ot", "Then self care training for eight minutes on tub transfers.", "97535", 8),
        ("ot", "ADL training for 30 minutes.", "97535", 30),
        ("pt", "Ultrasound to the shoulder for 8 minutes.", "97035", 8),
        # an untimed modality keeps the minutes said for it (documented time; still one unit)
            ("pt", "Moist heat pack for ten minutes at the end.", "97010", 10),
        ("pt", "Unattended e-stim with ice.", "97014", None),
        ("ot", "Paraffin bath to both hands.", "97018", None),
        ("pt", "Mechanical traction to the lumbar spine.", "97012", None),
        ("ot", "Wheelchair management training for 12 minutes.", "97542", 12),
        ("ot", "Cognitive training for sixteen minutes with the calendar task.", "97129", 16),
        ("slp", "We did swallowing therapy today.", "92526", None),
        ("slp", "Speech therapy focused on articulation today.", "92507", None),
        ("pt", "Completed a moderate complexity evaluation today.", "97162", None),
        ("pt", "Re-evaluation completed today.", "97164", None),
        ("ot", "Re-evaluation completed today.", "97168", None),
        # the recogniser's versions of the names
        ("pt", "Great training took 20 minutes.", "97116", 20),
        ("pt", "We finished with nine minutes on normal security education, weight shifting.", "97112", 9),
        ("ot", "Another fifteen minutes went to normal skeolar reeducation for coordination.", "97112", 15),
        ("pt", "Postural re-education for ten minutes.", "97112", 10),
        ("ot", "We finished with nine minutes on home management, planning her week.", "97535", 9),
        ("ot", "We finished with 9 minutes on foam management, planning her week.", "97535", 9),
    ],
)
def test_named_service(discipline: str, text: str, cpt: str, minutes: int | None) -> None:
    got = ivs([text], discipline)
    assert cpt in got, got
    assert got[cpt] == minutes, got


def test_two_services_in_one_sentence_take_their_own_minutes() -> None:
    got = ivs(["We did therapeutic exercise for 20 minutes and then manual therapy for 10 minutes."])
    assert got == {"97110": 20, "97140": 10}


def test_another_block_adds_minutes() -> None:
    got = ivs(
        [
            "Gait training for ten minutes in the hallway.",
            "Then another 8 minutes of gait training on stairs.",
        ]
    )
    assert got == {"97116": 18}


def test_plan_is_not_a_service() -> None:
    assert ivs(["Plan: add manual therapy next visit.", "We will start gait training next week."]) == {}


def test_client_words_are_not_services() -> None:
    seg = Segment(
        id="s0", start=0.0, end=1.0, speaker="client", text="I did my therapeutic exercises every day."
    )
    assert extract_interventions([seg], "pt") == []


def test_discipline_filters_codes() -> None:
    assert "92507" not in ivs(["Speech therapy today."], "pt")
    assert "97110" not in ivs(["Therapeutic exercise for 10 minutes."], "slp")


def test_slp_work_described_implies_treatment_code() -> None:
    got = ivs(["Today we worked on naming with phonemic cues."], "slp")
    assert got == {"92507": None}
    got = ivs(["She completed effortful swallows with thin liquid trials."], "slp")
    assert got == {"92526": None}


def test_untimed_have_no_minutes_and_timed_codes_known() -> None:
    assert {"97110", "97140", "97530", "97129"} <= timed_codes()
    assert not {"92507", "92526", "97010", "97014", "97164"} & timed_codes()
    entries, implied = catalogue()
    assert len({e.cpt for e in entries}) >= 40
    assert implied


def test_quote_is_exact_substring() -> None:
    text = "Then Manual Therapy for twelve minutes, posterior glides."
    seg = Segment(id="s7", start=1.0, end=2.0, speaker="therapist", text=text)
    (iv,) = extract_interventions([seg], "pt")
    assert iv.evidence[0].quote in text
    assert "twelve" in (iv.evidence[0].quote or "")


@pytest.mark.parametrize("spec", H.sample_specs(), ids=lambda s: s["id"])
def test_sample_intervention_recall(spec: dict[str, Any]) -> None:
    preds = extract_interventions(H.segments(spec["turns"]), spec["discipline"])
    for t in spec["truth"]["interventions"]:
        assert any(
            p.cpt == t["cpt"] and (t["minutes"] is None or p.minutes == t["minutes"]) for p in preds
        ), (t, preds)


def test_education_alone_is_not_a_billed_service() -> None:
    assert ivs(["We talked about patient education for five minutes."]) == {}


@pytest.mark.parametrize(
    ("texts", "want"),
    [
        # the recogniser garbled "therapeutic exercise"; the dose says what the minutes were
        (["Exercised field twenty four minutes, shoulder flexion, two sets of twenty."], {"97110": 24}),
        (["Heel slides, two sets of fifteen, and long arc quads, three sets of ten, came to eighteen "
          "minutes."], {"97110": 18}),
        (["Then eccentric wrist extension, three sets of fifteen. That took twenty minutes."], {"97110": 20}),
        # a named service keeps its minutes; rest and home practice are not treatment time
        (["Manual therapy, three sets of fifteen. That took twenty minutes."], {"97140": None}),
        (["She rested two minutes between sets of ten."], {}),
        (["Do three sets of ten at home, about ten minutes a day."], {}),
    ],
)
def test_an_exercise_dose_with_minutes_is_therapeutic_exercise(
    texts: list[str], want: dict[str, int | None]
) -> None:
    assert ivs(texts) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("I fit resting hand orthoses and trained her in wearing them for ten minutes.", {"97760": 10}),
        ("Then fourteen minutes of joint protection training for cooking.", {"97535": 14}),
    ],
)
def test_ot_services_said_in_their_everyday_names(text: str, want: dict[str, int | None]) -> None:
    assert ivs([text], "ot") == want
