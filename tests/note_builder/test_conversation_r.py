"""Rules the twelfth held-out set (r*, session 10) showed missing: a grade going on in the next
sentence, an exercise dose timed in the clinician's next turn, what took the time pointing back at
the service, "That was nine minutes.", a client's second-sentence rating, an earlier value as its
own clause, a test announced then scored by side or by its two kinds, a value said before the scale
it is on, a count's earlier value out of ten that is no pain rating, a symptom "there", and answers
that take the question's findings one at a time.

Each rule is tested with wording of its own, not a fixture's sentence; each has a near miss that
must stay as it was.
"""

from __future__ import annotations

from tests.note_builder.note_builder_sessions import denied, found, minutes_of, scores_of, values_of


def test_muscle_grades_go_on_in_the_next_sentence() -> None:
    got = found("pt", "Right knee extension is four out of five. Left hip flexion is three minus.")
    assert [(m["grade"], m["side"]) for m in got if m["type"] == "mmt"] == [("4", "right"), ("3-", "left")]
    # a signed number after a range of motion is no grade
    assert [m for m in found("pt", "Knee flexion is 120 degrees. Ankle dorsiflexion is 3 plus today.")
            if m["type"] == "mmt"] == []


def test_an_exercise_dose_timed_in_the_clinicians_next_turn() -> None:
    said = ("Clamshells, three sets of fifteen, and wall sits, two sets of five.",
            "I have all of that down as twelve minutes.")
    assert minutes_of("pt", *said) == [("97110", 12)]
    corrected = ("Heel raises, two sets of twenty.", "That was ten minutes, sorry, make it eleven minutes.")
    assert minutes_of("pt", *corrected) == [("97110", 11)]
    # minutes that point at nothing said before are not the exercise's
    assert minutes_of("pt", "Heel raises, two sets of twenty.", "We have ten minutes left today.") == []


def test_what_took_the_time_points_back_at_the_service() -> None:
    said = ("We fabricated a resting hand orthosis. Molding it and checking the straps took "
            "twenty minutes.")
    assert minutes_of("ot", said) == [("97760", 20)]


def test_a_sentence_that_only_times_the_service_before_it() -> None:
    said = "Then therapeutic activities: folding towels at the counter. That was eleven minutes."
    assert minutes_of("ot", said) == [("97530", 11)]
    assert minutes_of("ot", "Then therapeutic activities. That was eleven minutes ago.") == [("97530", None)]


def test_a_rating_in_the_answers_second_sentence() -> None:
    got = found("pt", "How is the knee now?", "P: Much better. A three.")
    assert values_of("pain", got) == [(3, "current")]


def test_an_earlier_value_as_its_own_clause_dated_after_it() -> None:
    got = found("pt", "Shoulder abduction is ninety five degrees, it was seventy at the evaluation.")
    assert values_of("rom", got) == [(95, "current"), (70, "prior")]
    # with no earlier time said it is no earlier value
    same = found("pt", "Shoulder abduction is ninety five degrees, it was seventy minutes ago.")
    assert values_of("rom", same) == [(95, "current")]


def test_a_test_announced_then_scored_by_side() -> None:
    got = found("pt", "Now the muscle function scale.",
                "To the left he's a two, and to the right he's a four.")
    sided = [(m["value"], m["side"]) for m in got if m["type"] == "outcome_score"]
    assert sided == [(2, "left"), (4, "right")]


def test_a_test_announced_goes_on_for_its_other_kind_and_other_hand() -> None:
    copm = found("ot", "Now the COPM.", "Average performance is five point one, it was three point two "
                 "at the evaluation. Satisfaction is six.")
    assert values_of("outcome_score", copm) == [(5.1, "current"), (3.2, "prior"), (6, "current")]
    peg = found("ot", "Nine hole peg test, right hand first.",
                "Forty seconds on the right. At the evaluation that was fifty seconds. Okay, left hand.",
                "Thirty two seconds on the left.")
    assert values_of("outcome_score", peg) == [(40, "current"), (50, "prior"), (32, "current")]
    # after the earlier value, with no other hand to come, a later time is not the test's
    done = found("ot", "Nine hole peg test, right hand first.", "Forty seconds. At the evaluation that was "
                 "fifty seconds.", "Rest for thirty seconds.")
    assert values_of("outcome_score", done) == [(40, "current"), (50, "prior")]


def test_a_value_said_before_the_scale_it_is_on() -> None:
    got = found("pt", "Fifteen, hard, on the Borg rating of perceived exertion.")
    assert scores_of(got) == [
        ("Borg RPE", 15)]


def test_a_count_of_trials_out_of_twenty_names_no_perceived_exertion() -> None:
    got = found("slp", "Final s in words was sixteen out of twenty.")
    assert [m["type"] for m in got] == ["accuracy"]


def test_a_counts_earlier_value_out_of_ten_is_no_pain_rating() -> None:
    got = found("slp", "Any pain when you swallow?", "P: Two out of ten.",
                "She named the pictures in seven out of ten trials. Last week it was four out of ten.")
    assert values_of("pain", got) == [(2, "current")]
    assert values_of("accuracy", got) == [(70, "current"), (40, "prior")]


def test_a_test_that_counts_repetitions_gives_its_result_in_them() -> None:
    got = found("pt", "Thirty second chair stand, nine reps.")
    assert scores_of(got) == [
        ("30s chair stand", 9)]


def test_a_symptom_there_is_the_part_named_before() -> None:
    assert denied("P: My shoulder's okay, no pain there.") == ["pain in the shoulder"]


def test_an_answer_that_takes_the_findings_one_at_a_time() -> None:
    assert denied("Any swelling or stiffness this week?", "P: Swelling, no. Stiffness in the mornings.") \
        == ["swelling"]


def test_not_since_and_not_that_ive_noticed_answer_no() -> None:
    assert denied("Any choking with meals?", "C: Not that I've noticed.") == ["choking"]
    assert denied("Any falls?", "P: Not since March.") == ["falls"]
    assert denied("Any falls?", "P: Not sure, maybe one.") == []


def test_a_rating_again_with_relief_well_after_the_first_is_after_treatment() -> None:
    got = found("pt", "Pain today?", "P: A five.", "We'll start with heat on the back.",
                "Bridges, two sets of ten.", "Now some manual work.", "How's the back now?",
                "P: Better. A three.")
    assert values_of("pain", got) == [(5, "current"), (3, "post")]
    # the visit's first rating is never after treatment, however it is said
    assert values_of("pain", found("pt", "How's the pain?", "P: Better than last week. A three.")) == [
        (3, "current")]


def test_by_the_end_of_a_long_day_is_when_symptoms_build_not_after_treatment() -> None:
    got = found("pt", "Pain?", "P: By the end of a long shift it's maybe a four out of ten.")
    assert values_of("pain", got) == [(4, "current")]
    after = found("pt", "By the end of the session her pain was a two out of ten.")
    assert values_of("pain", after) == [(2, "post")]
