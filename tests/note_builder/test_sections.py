"""SOAP sectioning and third-person rewrite: the rules a clinician applies, as cases."""

from __future__ import annotations

import pytest

from note_builder.rewrite import to_note_language
from note_builder.sections import classify_sentences, split_sentences
from scribe.transcript import Segment, Speaker


def _classify(speaker: Speaker, text: str) -> list[str]:
    seg = Segment("s0", 0.0, 3.0, speaker, text)
    return [c.label for c in classify_sentences(split_sentences([seg]))]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("speaker", "text", "label"),
    [
        ("client", "My hip aches when I get out of the car.", "subjective"),
        ("caregiver", "He has been coughing during dinner most nights.", "subjective"),
        ("therapist", "She reports the swelling goes down by the evening.", "subjective"),
        ("therapist", "Right hip abduction measured thirty five degrees.", "objective"),
        ("therapist", "She ambulated two hundred feet with a single point cane.", "objective"),
        ("therapist", "Berg balance score was forty one out of fifty six.", "objective"),
        ("therapist", "His endurance is improving and he needs fewer rest breaks.", "assessment"),
        ("therapist", "Balance deficits continue to limit her community mobility.", "assessment"),
        ("therapist", "Plan: add single leg stance and continue twice a week.", "plan"),
        ("therapist", "Next session we will trial nectar thick liquids.", "plan"),
        # the recogniser may drop the spoken "Plan:"; the instruction for later visits stays a plan
        ("therapist", "Start hopping drills once single leg balance reaches twenty seconds.", "plan"),
        ("therapist", "Add a button hook next session.", "plan"),
        # "Plan," heard as "Clan,"; a clinician's plan verb needs no time word; a goal is planned
        ("therapist", "Clan, go up to 15 pounds on the heel drops if morning pain stays low.", "plan"),
        ("therapist", "Fade to first sound cues only.", "plan"),
        ("therapist", "His goal is to toilet with supervision in two weeks.", "plan"),
        # an instruction to the client during the session is not the plan
        ("therapist", "Add two more pounds and do ten reps.", "objective"),
        ("therapist", "He responds well to external cues, so his rehab potential is good.", "assessment"),
        # progress said by comparison, and the clinician naming the assessment aloud
        ("therapist", "He is sequencing his dressing better and needs fewer cues than last week.",
         "assessment"),
        ("therapist", "Loudness is carrying over into conversation, but he still needs the visual cue.",
         "assessment"),
        ("therapist", "Assessment: rheumatoid arthritis of both hands, with reduced grip and pinch.",
         "assessment"),
        # a plan of care's frequency survives a lost "Plan:" ("Seek in two times a week...")
        ("therapist", "Seek in three times a week for four weeks, with the walker outdoors.", "plan"),
        ("therapist", "Recertify the plan of care and work on stairs.", "plan"),
        ("therapist", "Keep practicing the phone script with her husband.", "plan"),
        # what someone else told the family is history the client's side reports
        ("therapist", "Her teacher says she skips words when she reads aloud.", "subjective"),
        ("therapist", "How was the drive in today?", "drop"),
        ("therapist", "Okay, have a seat.", "drop"),
        ("client", "Thanks.", "drop"),
    ],
)
def test_sentence_goes_to_the_clinicians_section(speaker: Speaker, text: str, label: str) -> None:
    assert _classify(speaker, text) == [label]


@pytest.mark.slow
def test_a_segment_with_two_sentences_gives_two_statements_with_the_same_evidence() -> None:
    seg = Segment(
        "s7", 10.0, 16.0, "therapist", "He tolerated treatment well. Plan: progress to a green band."
    )
    out = classify_sentences(split_sentences([seg]))
    assert [c.label for c in out] == ["assessment", "plan"]
    assert {c.sentence.segment.id for c in out} == {"s7"}


def test_a_sentence_the_recogniser_cut_in_two_is_one_statement_in_its_section() -> None:
    from note_builder.draft import build_sections
    from scribe.transcript import Transcript

    segs = [
        Segment("s4", 40.0, 43.0, "therapist", "Plan, keep him at two visits a week,"),
        Segment("s5", 43.4, 45.5, "therapist", "and send this report to the surgeon."),
        Segment("s6", 45.9, 47.0, "client", "Thanks."),
        Segment("s7", 60.0, 62.0, "therapist", "He walked three hundred feet,"),
        Segment("s8", 65.0, 67.0, "therapist", "and the weather is nice."),  # a pause: not one sentence
    ]
    sections = build_sections(Transcript(segs, 70.0, "test"))
    plan = [(st.text, [e.segment for e in st.evidence]) for st in sections["plan"]]
    assert plan == [("Keep him at two visits a week, and send this report to the surgeon.", ["s4", "s5"])]
    said = [[e.segment for e in st.evidence] for sec in sections.values() for st in sec]
    assert ["s7"] in said
    assert ["s4", "s5"] in said
    assert all("s8" not in ev or ev == ["s8"] for ev in said)


@pytest.mark.parametrize(
    ("speaker", "text", "expected"),
    [
        ("client", "I did my exercises every day", 'Client reports: "I did my exercises every day."'),
        ("caregiver", "well, she slept better", 'Caregiver reports: "She slept better."'),
        ("therapist", "Plan: progress to a green band.", "Progress to a green band."),
        (
            "therapist",
            "Today we did gait training for ten minutes.",
            "Session included gait training for ten minutes.",
        ),
        ("therapist", "We worked on naming.", "Session addressed naming."),
        ("therapist", "Your grip is stronger.", "The client's grip is stronger."),
        ("therapist", "I'm going to start with joint mobilization, and you'll feel some pressure.",
         "Therapist is going to start with joint mobilization, and the client will feel some pressure."),
        ("therapist", "I'd recommend twice a week, and we'll add balance next visit.",
         "Therapist would recommend twice a week, and therapist and client will add balance next visit."),
    ],
)
def test_rewrite_changes_person_but_keeps_every_clinical_word(
    speaker: Speaker, text: str, expected: str
) -> None:
    assert to_note_language(text, speaker) == expected


def test_rewrite_never_adds_numbers() -> None:
    out = to_note_language("Flexion is 105 degrees and pain 3/10", "therapist")
    assert [c for c in out if c.isdigit()] == [c for c in "105 3/10" if c.isdigit()]


def test_what_follows_the_plans_head_in_the_clinicians_run_is_the_plan() -> None:
    """The recogniser cuts "Plan: A, B and C." into "Plan." / "A, B." / "And C."; each item is Plan
    until someone else speaks (session 8), except what was done in the session."""
    segs = [
        Segment("s1", 30.0, 31.0, "therapist", "Plan."),
        Segment("s2", 31.5, 35.0, "therapist", "Soft solids at level six with the chin tuck at every meal."),
        Segment("s3", 35.5, 38.0, "therapist", "He walked four hundred feet with the cane."),
        Segment("s4", 38.5, 40.0, "client", "Sounds good."),
        Segment("s5", 41.0, 44.0, "therapist", "His gait was steady on the ramp today."),
    ]
    out = classify_sentences(split_sentences(segs))
    by_seg = {c.sentence.segment.id: c.label for c in out}
    assert by_seg["s2"] == "plan"
    assert by_seg["s3"] == "objective"  # what was done, said after the plan's head
    assert by_seg["s5"] != "plan"
