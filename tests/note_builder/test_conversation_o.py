"""Rules the ninth held-out set (o*, session 8) showed missing: more ways to take a value back, an
earlier value dated by the hospital or the evaluation after the sentence that gave the current one,
a count said with its own percentage, the other side of a special test in the next sentence, a
finding answered "X, no", and services named by what was done.

Each rule is tested with wording of its own, not a fixture's sentence; each has a near miss that
must stay as it was.
"""

from __future__ import annotations

import re

import pytest

from note_builder.interventions import extract_interventions
from note_builder.negation import extract_negations
from note_builder.numbers import norm_view
from tests.note_builder.note_builder_sessions import found, lines, values_of


@pytest.mark.parametrize(
    ("said", "reads"),
    [
        ("The walk test was twelve point six... no, sorry, twelve point one seconds.",
         "the walk test was 12.1 seconds."),
        ("Last month it was twenty... no, twenty two blocks.", "last month it was 22 blocks."),
        ("Thirty... actually, let me reread that, thirty three seconds.", "33 seconds."),
        ("That was fifteen... let me check the clock, eighteen minutes.", "that was 18 minutes."),
    ],
)
def test_more_ways_to_take_a_value_back(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


@pytest.mark.parametrize(
    ("said", "reads"),
    [("Pain is five, no pain at night though.", "pain is 5, no pain at night though."),
     ("Ten reps, no, twelve reps.", "12 reps."),
     ("Ten reps, no rest between.", "10 reps, no rest between.")],
)
def test_a_no_before_words_is_not_a_correction(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


def test_a_bare_earlier_value_dated_by_the_evaluation_belongs_to_the_measure_just_said() -> None:
    got = found("pt", "Knee extension on the left is minus four degrees. At the evaluation that was ten.")
    assert (10, "prior") in values_of("rom", got)
    grip = found("ot", "Grip on the right is twenty pounds.", "P: Twenty? Really?",
                 "It was twelve at the evaluation, so it is going up.")
    assert (12, "prior") in values_of("grip_strength", grip)


def test_a_bare_value_with_no_earlier_time_cue_in_a_later_turn_is_not_carried() -> None:
    got = found("ot", "Grip on the right is twenty pounds.", "P: Twenty? Really?", "It was twelve, wow.")
    assert values_of("grip_strength", got) == [(20, "current")]


def test_a_count_the_test_counts_is_its_earlier_value() -> None:
    said = "Box and blocks with the right hand: thirty blocks. Last month it was twenty four blocks."
    got = found("ot", said)
    assert (24, "prior") in values_of("outcome_score", got)


def test_a_sentence_with_its_own_measure_gives_no_earlier_value_of_the_last() -> None:
    got = found("slp", "His FOIS is six today.",
                "C: In the hospital they had him on level three, moderately thick.")
    assert values_of("outcome_score", got) == [(6, "current")]
    assert (3, "prior") in values_of("diet_level", got)


def test_the_hospital_dates_a_value() -> None:
    got = found("slp", "His FOIS is six today; in the hospital it was a two.")
    assert (2, "prior") in values_of("outcome_score", got)


def test_a_count_said_with_its_own_percentage_is_one_value_and_the_earlier_one_stays() -> None:
    got = found("slp", "The f sound at the beginning of words was eighteen out of twenty, that's ninety "
                "percent, "
                "up from fifty percent at the start of the plan of care.")
    assert sorted(values_of("accuracy", got), key=str) == [(50, "prior"), (90, "current")]


@pytest.mark.parametrize(
    ("said", "value"),
    [("The l sound in sentences was twelve of twenty, sixty percent.", 60),
     ("On the naming task she got nine of fifteen.", 60)],
)
def test_n_of_m_said_plainly_is_accuracy_in_speech_therapy(said: str, value: float) -> None:
    got = [m for m in found("slp", said) if m["type"] == "accuracy"]
    assert [(m["value"], m["trials"]) for m in got] == [(value, 20 if "twenty" in said else 15)]


def test_n_of_m_with_no_count_word_outside_speech_therapy_is_not_accuracy() -> None:
    assert values_of("accuracy", found("pt", "He got two of five, then rested.")) == []


def test_letters_are_a_count_of_trials() -> None:
    got = [m for m in found("ot", "Legibility was sixteen out of twenty letters.") if m["type"] == "accuracy"]
    assert [(m["value"], m["trials"]) for m in got] == [(80, 20)]


def test_a_lesson_plan_is_no_plan_of_care() -> None:
    said = "While talking about her lesson plans she kept an easy onset with minimal verbal cues."
    got = found("slp", said)
    assert [m["level"] for m in got if m["type"] == "cue_level"] == ["minimal verbal"]
    planned = found("slp", "Plan is moderate verbal cues next week.")
    assert [m for m in planned if m["type"] == "cue_level"] == []


def test_a_position_in_a_word_is_no_earlier_time() -> None:
    got = found("slp", "The g sound at the beginning of words was seventy percent.")
    assert values_of("accuracy", got) == [(70, "current")]


def test_an_announced_timed_test_survives_the_instructions_and_scores_both_hands() -> None:
    got = found("ot", "Next is the nine hole peg test. Put them in as fast as you can with your right hand.",
                "P: Now?", "Go! Twenty six seconds with the right hand.", "Left hand was thirty one seconds.")
    assert [m["value"] for m in got if m["type"] == "outcome_score"] == [26, 31]


def test_an_announced_test_is_dropped_once_another_number_is_said() -> None:
    got = found("ot", "Next is the nine hole peg test. Pain is two out of ten.", "P: Okay.",
                "That took twenty seconds to set up.")
    assert [m for m in got if m["type"] == "outcome_score"] == []


def test_the_other_side_of_a_special_test_in_the_next_sentence() -> None:
    got = found("pt", "Left Spurling's test is positive. The right side was negative.")
    tests = sorted((m["side"], m["result"]) for m in got if m["type"] == "special_test")
    assert tests == [("left", "positive"), ("right", "negative")]
    assert [m for m in found("pt", "The right side was negative.") if m["type"] == "special_test"] == []


@pytest.mark.parametrize(
    ("said", "finding"),
    [("P: Numbness, no, not since the surgery.", "numbness"),
     ("P: The double vision is all gone.", "double vision"),
     ("P: My headache's gone.", "headache")],
)
def test_a_finding_answered_no_or_gone_is_negated(said: str, finding: str) -> None:
    assert any(finding in n.text for n in extract_negations(lines(said)))


def test_a_finding_in_a_question_tag_is_not_negated() -> None:
    assert extract_negations(lines("Any numbness, no? Good, then grip.")) == []


@pytest.mark.parametrize(
    ("said", "cpt", "minutes"),
    [("That neuromuscular work came to eleven minutes.", "97112", 11),
     ("We spent thirteen minutes on her resting hand splint, new straps and a wearing schedule.", "97760",
      13)],
)
def test_services_named_by_what_was_done_with_their_minutes(said: str, cpt: str, minutes: int) -> None:
    assert [(i.cpt, i.minutes) for i in extract_interventions(lines(said), "ot")] == [(cpt, minutes)]


def test_an_orthosis_named_without_minutes_is_no_service() -> None:
    assert extract_interventions(lines("Her resting hand splint fits well."), "ot") == []


def test_a_bare_complexity_at_an_evaluation_names_the_evaluation() -> None:
    got = extract_interventions(lines("Findings fit a left L5 radiculopathy, low complexity."), "pt")
    assert [i.cpt for i in got] == ["97161"]


def test_manual_traction_is_manual_therapy_not_mechanical_traction() -> None:
    said = "Manual therapy for ten minutes, manual cervical traction and soft tissue."
    got = extract_interventions(lines(said), "pt")
    assert [i.cpt for i in got] == ["97140"]


def test_a_swallow_trial_in_a_swallowing_session_is_not_speech_treatment() -> None:
    got = extract_interventions(
        lines("Dysphagia treatment today with chin tuck.",
              "Nine of ten sips with no coughing and a clear voice."),
        "slp",
    )
    assert [i.cpt for i in got] == ["92526"]


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("Last month it won a six, no wait, it won a seven.", "last month it was a 7."),
     ("His voice handicap index is fine today.", "his voice handicap index is 5 today."),
     ("Your score is fine, don't worry.", "your score is fine, don't worry."),
     ("The scale is fine.", "the scale is fine."),
     ("She won a prize.", "she won a prize.")],
)
def test_was_and_five_as_the_recogniser_writes_them_after_a_measure(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


def test_a_finding_written_as_two_words_is_reported_as_one() -> None:
    assert [n.text for n in extract_negations(lines("She has had no heart burn this week."))] == ["heartburn"]


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("Maybe a four round of ten with bread.", "maybe a 4 out of 10 with bread."),
     ("Right now it's a sick out of ten.", "right now it's a 6 out of 10."),
     ("Maybe a two -muggen ten, is that bad?", "maybe a 2 out of 10, is that bad?"),
     ("We played a round of golf.", "we played a round of golf."),
     ("He was sick all week.", "he was sick all week.")],
)
def test_out_of_ten_as_the_recogniser_writes_it_in_a_clients_voice(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("Words were seventy hundred twenty with moderate cues.", "words were 17 of 20 with moderate cues."),
     ("So thirty -huggen 20 with phonemic cues.", "so 13 out of 20 with phonemic cues."),
     ("She got twelve twenty on the list.", "she got 12 of 20 on the list."),
     ("She got twelve twenty minutes ago.", "she got 12 20 minutes ago."),
     ("We met at twelve twenty.", "we met at 12 20.")],
)
def test_a_count_of_trials_as_the_recogniser_writes_it(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


def test_a_value_taken_back_after_a_pause_replaces_the_one_said_before_it() -> None:
    got = found("pt", "The timed up and go was fifteen point two.", "No, sorry,",
                "fourteen point nine seconds.")
    scores = [m for m in got if m["type"] == "outcome_score"]
    assert [m["value"] for m in scores] == [14.9]
    assert "14.9" in scores[0]["evidence"][0]["quote"]
    same = found("pt", "The timed up and go was fifteen point two.", "Actually, it was fourteen point nine.")
    assert [m["value"] for m in same if m["type"] == "outcome_score"] == [14.9]


@pytest.mark.parametrize(
    "after",
    ["Sorry, that one went the wrong way.", "No, sorry, I need water.",
     "Sorry, my knee is at a three today."],
)
def test_an_apology_is_no_correction_of_the_last_value(after: str) -> None:
    got = found("slp", "His dysphagia handicap index score is forty four.", f"P: {after}")
    assert [m["value"] for m in got if m["type"] == "outcome_score"] == [44]


def test_an_announced_test_waits_through_a_count_read_aloud() -> None:
    got = found("ot", "This is the nine hole peg test.", "Put them in as fast as you can.", "P: Go?",
                "Go.", "Thirty.", "Actually, let me reread that. Twenty seven seconds with the right hand.")
    assert [m["value"] for m in got if m["type"] == "outcome_score"] == [27]


def test_the_devaluation_is_the_evaluation_as_the_recogniser_writes_it() -> None:
    got = found("pt", "His timed up and go is fifteen seconds, down from twenty at the devaluation.")
    assert sorted(values_of("outcome_score", got), key=str) == [(15, "current"), (20, "prior")]


@pytest.mark.parametrize(
    ("heard", "finding"),
    [("He reports no spasums since the last report.", "spasms"),
     ("There's no supplication at the left shoulder.", "subluxation"),
     ("On the left he is negative for clonness.", "clonus")],
)
def test_a_rare_word_after_no_with_a_findings_consonants_is_that_finding(heard: str, finding: str) -> None:
    got = extract_negations(lines(heard))
    said = re.split(r"\bno |\bfor ", heard)[-1].split()[0].strip(".,")
    assert [(n.text, n.heard) for n in got][:1] == [(finding, said)]


@pytest.mark.parametrize(
    "said",
    ["She needs no numbers on the chart.", "He has no braces anymore.", "There were no fevers.",
     "No pets at home."],
)
def test_a_common_word_or_a_findings_own_plural_after_no_is_kept_as_said(said: str) -> None:
    heard = said.split("no ")[-1].split()[0].strip(".,")
    assert all(n.text == heard or n.heard is None for n in extract_negations(lines(said)))


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("Manate minutes of paraffin to the hands.", "then 8 minutes of paraffin to the hands."),
     ("Then I admitted some gait training on the ramp.", "then 9 minutes of gait training on the ramp."),
     ("And I needed some manual therapy to the neck.", "and 9 minutes of manual therapy to the neck."),
     ("We did well -mitted some gait training.", "we did 12 minutes of gait training."),
     ("Then well minutes on manual therapy.", "then 12 minutes on manual therapy."),
     ("I needed some help with the jar.", "i needed some help with the jar."),
     ("She did well with the minutes of practice.", "she did well with the minutes of practice.")],
)
def test_a_services_minutes_as_the_recogniser_writes_them(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


@pytest.mark.parametrize(
    ("heard", "test", "result"),
    [("Stemmer's side is positive on the left second toe.", "stemmer", "positive"),
     ("Hoffman's side is negative on the right.", "hoffmann", "negative"),
     ("The right test is positive on the right.", "grind", "positive")],
)
def test_a_special_tests_sign_as_the_recogniser_writes_it(heard: str, test: str, result: str) -> None:
    got = [(m["test"], m["result"]) for m in found("ot", heard) if m["type"] == "special_test"]
    assert got == [(test, result)]


def test_a_side_is_never_read_as_a_sign() -> None:
    assert norm_view("Phalen's is positive. The left side is negative.").text == (
        "phalen's is positive. the left side is negative.")


def test_an_earlier_time_cut_off_by_a_pause_dates_the_value_that_completes_it() -> None:
    got = found("pt", "P: I'd say four out of ten,", "P: back when we started,",
                "P: it sat at an eight pretty much all day.")
    assert sorted(values_of("pain", got), key=str) == [(4, "current"), (8, "prior")]


def test_a_value_said_with_its_own_today_after_an_earlier_time_is_current() -> None:
    got = found("pt", "P: When I started,", "P: Today it is a three out of ten.")
    assert values_of("pain", got) == [(3, "current")]


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("His dynamic gait index is seventy out of twenty four.", "his dynamic gait index is 17 out of 24."),
     ("Her score today in 1930.", "her score today is 19 out of 30."),
     ("Her voice handicap in next score is 12.", "her voice handicap index score is 12."),
     ("The reflux symptom in next in 14 today.", "the reflux symptom index is 14 today."),
     ("Pain is fifty out of one hundred.", "pain is 50 out of 100."),
     ("I was in next to him.", "i was in next to him.")],
)
def test_a_scores_teen_and_index_as_the_recogniser_writes_them(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


def test_a_garbled_instrument_before_a_listed_one_keeps_its_own_score() -> None:
    said = ("His dynamic gate index is seventy out of twenty -four, and his dizziness handicap inventory "
            "score is thirty.")
    got = [(m["instrument_code"], m["value"]) for m in found("pt", said) if m["type"] == "outcome_score"]
    assert got == [("DGI", 17), ("DHI", 30)]


@pytest.mark.parametrize(
    ("heard", "values"),
    [("Single leg tense, one nine second on the right and five second on the left.", [9, 5]),
     ("Single length stands on the right one seven seconds.", [7])],
)
def test_a_timed_task_and_its_was_as_the_recogniser_writes_them(heard: str, values: list[int]) -> None:
    got = [m for m in found("pt", heard) if m["type"] == "duration"]
    assert [(m["task"], m["value"]) for m in got] == [("single leg stance", v) for v in values]


@pytest.mark.parametrize(
    ("said", "reads"),
    [("He did one thirty second hold.", "he did 1 30 second hold."),
     ("With one five pound weight.", "with 1 5 pound weight.")],
)
def test_one_before_a_value_stays_one_where_it_is_one(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("He did it holding eye out on ten sips.", "he did it holding 9 of 10 sips."),
     ("She answered I have 12 reading questions.", "she answered 9 of 12 reading questions."),
     ("Named pictures in seven on ten trials, up from two on ten.",
      "named pictures in 7 of 10 trials, up from 2 of 10."),
     ("Problem solving 180 percent accurate.", "problem solving 80 percent accurate."),
     ("I have 10 questions for you.", "i have 10 questions for you."),
     ("He gave it 110 percent.", "he gave it 110 percent."),
     ("Two on ten is fine.", "2 on 10 is fine.")],
)
def test_counts_of_trials_as_the_recogniser_writes_them_in_a_sentence(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


@pytest.mark.parametrize(
    ("heard", "value", "side"),
    [("Lateral pinches high and pounds on the right.", 9, "right"),
     ("His key binge on the left measures four pounds.", 4, "left"),
     ("Three point inches five pounds on the left.", 5, "left")],
)
def test_pinch_as_the_recogniser_writes_it(heard: str, value: int, side: str) -> None:
    got = [(m["value"], m["side"]) for m in found("ot", heard) if m["type"] == "pinch_strength"]
    assert got == [(value, side)]


def test_inches_are_inches_where_no_pinch_was_said() -> None:
    assert [m for m in found("ot", "The scar is three inches long.") if m["type"] == "pinch_strength"] == []


def test_grip_named_alone_gives_its_values_in_the_next_segment() -> None:
    got = found("ot", "Grip strength,", "left twenty one pounds, right twenty four pounds.")
    grips = [(m["value"], m["side"]) for m in got if m["type"] == "grip_strength"]
    assert grips == [(21, "left"), (24, "right")]


@pytest.mark.parametrize(
    "said", [("Grip is what we will work on.", "P: I lifted twenty pounds."),
             ("Grip strength,", "P: I lifted twenty pounds.")],
)
def test_pounds_after_grip_in_a_sentence_or_a_clients_turn_are_not_grip(said: tuple[str, str]) -> None:
    assert [m for m in found("ot", *said) if m["type"] == "grip_strength"] == []


@pytest.mark.parametrize(
    ("heard", "finding"),
    [("There have been no fault at home.", "falls"), ("Lips closed with no grueling.", "drooling"),
     ("Sensation intact, without hummusing the toes.", "numbness")],
)
def test_denied_findings_as_the_recogniser_writes_them(heard: str, finding: str) -> None:
    # (the name may say where: "numbness in the toes")
    assert any(n.text.split(" in the ")[0] == finding for n in extract_negations(lines(heard)))


@pytest.mark.parametrize(
    ("heard", "sets", "reps"),
    [("Lunges holding ten pound weights, free set sun mate.", 3, 8),
     ("Seated marching, free set, sun 12.", 3, 12),
     ("Wrist curls, reset some ten.", 3, 10)],
)
def test_sets_and_reps_as_the_recogniser_writes_them(heard: str, sets: int, reps: int) -> None:
    got = [(m["sets"], m["reps"]) for m in found("pt", heard) if m["type"] == "reps_sets"]
    assert got == [(sets, reps)]


def test_reset_is_a_word_where_no_count_follows() -> None:
    assert norm_view("I will reset the machine.").text == "i will reset the machine."



def test_was_heard_one_before_only_and_an_earlier_value_cut_off_by_a_pause() -> None:
    got = found("ot", "Wrist flexion on the left is seventy degrees.", "At his evaluation,",
                "flexion one only thirty.")
    assert (30, "prior") in values_of("rom", got)
    assert norm_view("I have one only two left.").text == "i have 1 only 2 left."


def test_the_other_sides_value_in_the_next_segment_of_the_same_turn() -> None:
    """The recogniser cut "Box and blocks, right hand 18 blocks; the left hand moved 52" at its pause."""
    from note_builder.measurements import extract_measurements
    from scribe.normalize import normalize_clinical
    from scribe.transcript import Segment

    said = [("Box and blocks with the right hand was eighteen blocks,", 0.0, 3.0),
            ("the left hand moved forty.", 3.5, 5.0)]
    segs = [Segment(f"s{i}", a, b, "therapist", t, clinical_text=normalize_clinical(t))
            for i, (t, a, b) in enumerate(said)]
    got = [(m.value, m.side) for m in extract_measurements(segs, "ot") if m.type == "outcome_score"]
    assert (40, "left") in got
    apart = [Segment(s.id, s.start + 10 * i, s.end + 10 * i, s.speaker, s.text, clinical_text=s.clinical_text)
             for i, s in enumerate(segs)]
    got = [(m.value, m.side) for m in extract_measurements(apart, "ot") if m.type == "outcome_score"]
    assert (40, "left") not in got
