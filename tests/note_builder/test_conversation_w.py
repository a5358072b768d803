"""Rules the seventeenth held-out set (w*, session 14) showed missing, after its first score.

Interventions: minutes said right before a later service belong to it, not to the service before
(unless they follow that one's name at once); minutes "were" a task done; meal preparation in the
clinic kitchen; landings and foam balance work by their minutes; edema massage as manual therapy;
a splint reworked in the sentence before its minutes, unless the visit spoke of a new one; a
complexity said before a colon. Negations: "X, not really.", an organ said to be fine for its
sense ("My eyes are fine." to blurry vision), a verb with its particle ("without getting up") is
no finding, and findings the lexicon lacked (voices, red streaks).

Each rule is tested with wording of its own, not a fixture's sentence; each has a near miss that
must stay as it was.
"""

from __future__ import annotations

from tests.note_builder.note_builder_sessions import denied, found, minutes_of, values_of


def test_minutes_said_before_a_later_service_are_its_own() -> None:
    said = ("T: Twelve minutes of manual therapy, joint mobilization of the talus and soft tissue work, "
            "then nine minutes of exercise: calf raises, two sets of fifteen.")
    assert minutes_of("pt", said) == [("97140", 12), ("97110", 9)]
    # minutes said straight after a service's name are its own, even with examples after them
    said = "T: Neuromuscular re-education was eleven minutes of agility ladder drills and single leg hops."
    assert minutes_of("pt", said) == [("97112", 11)]


def test_minutes_that_were_a_task_done() -> None:
    said = "T: The last ten minutes were folding laundry at the table and hanging shirts on hangers."
    assert minutes_of("ot", said) == [("97530", 10)]
    # an exercise or a walk is no task of this kind
    assert minutes_of("ot", "T: The last ten minutes were stretching the wrist flexors.") != [("97530", 10)]


def test_meal_preparation_in_the_clinic_kitchen() -> None:
    said = "T: We spent twenty two minutes in the clinic kitchen: she made a grilled cheese and washed up."
    assert minutes_of("ot", said) == [("97535", 22)]


def test_landings_and_foam_balance_by_their_minutes() -> None:
    assert minutes_of("pt", "T: Seven minutes on landings off a step, knees over toes.") == [("97530", 7)]
    said = "T: Then standing with feet together, eyes closed. Eleven minutes on the foam pad."
    assert minutes_of("pt", said) == [("97112", 11)]
    # a foam roller is no balance work
    assert ("97112", 8) not in minutes_of("pt", "T: Eight minutes on the foam roller for the IT band.")


def test_edema_massage_is_manual_therapy() -> None:
    assert minutes_of("ot", "T: I did eight minutes of edema massage to the hand.") == [("97140", 8)]
    assert minutes_of("pt", "T: Ten minutes of massage to the upper traps.") == [("97124", 10)]


def test_a_splint_reworked_in_the_sentence_before_its_minutes() -> None:
    said = ("T: The thumb splint was rubbing, so I reheated it and remolded the edge. "
            "Eight minutes on the splint.")
    assert minutes_of("ot", said) == [("97763", 8)]
    # a new orthosis named earlier in the visit makes its first adjustment part of the first fitting
    said2 = ("T: Your new wrist orthosis arrived from the vendor this morning.",
             "P: Great.",
             "T: We adjusted the straps and practiced donning it. "
             "That was orthotic training for twenty minutes.")
    assert minutes_of("ot", *said2) == [("97760", 20)]


def test_a_complexity_said_before_a_colon() -> None:
    said = "T: I would call this low complexity: one body region and no comorbidities."
    assert ("97161", None) in minutes_of("pt", said)
    assert minutes_of("pt", "T: The low complexity tasks went well today.") == []


def test_a_finding_answered_not_really() -> None:
    said = "P: Tingling, not really."
    assert denied("T: Any tingling in the fingers?", said) == ["tingling in the fingers"]
    assert denied("T: Any tingling in the fingers?", "P: Tingling, really bad at night.") == []


def test_an_organ_said_to_be_fine_answers_its_sense() -> None:
    assert denied("T: Any blurry vision since the fall?", "P: My eyes have been fine.") == ["blurry vision"]
    assert denied("T: Any tinnitus since the fall?", "P: The ears are fine.") == ["tinnitus"]
    assert denied("T: Any blurry vision since the fall?", "P: My knees have been fine.") == []


def test_a_verb_and_its_particle_after_without_is_no_finding() -> None:
    assert denied("T: He sorted the mail for ten minutes without getting up.") == []
    assert denied("T: He sorted the mail for ten minutes without dizziness.") == ["dizziness"]


def test_mental_health_and_wound_findings() -> None:
    assert denied("T: Have the voices bothered you this week?", "P: No.") == ["voices"]
    assert denied("T: Any red streaks up the arm or drainage?", "P: No, none.") == ["red streaks", "drainage"]


def test_a_score_counted_in_items_and_its_earlier_value_next() -> None:
    said = ("T: On the Kohlman she needed help on four items today. At the initial evaluation it was "
            "seven items.")
    got = found("ot", said)
    assert [(m["instrument_code"], m["value"], m["when"]) for m in got if m["type"] == "outcome_score"] == [
        ("KELS", 4, "current"), ("KELS", 7, "prior")]
    # a later sentence with no earlier time says no earlier value
    said2 = "T: On the Kohlman she needed help on four items today. She read all seven items aloud."
    assert [m["value"] for m in found("ot", said2) if m["type"] == "outcome_score"] == [4]


def test_sub_scores_across_the_goals_with_their_earlier_values() -> None:
    said = ("T: Her COPM performance score across her four goals is seven point one, up from four point "
            "two. Satisfaction is six point five, up from three.")
    got = [(m["part"], m["value"], m["when"]) for m in found("ot", said) if m["type"] == "outcome_score"]
    assert got == [("performance", 7.1, "current"), ("performance", 4.2, "prior"),
                   ("satisfaction", 6.5, "current"), ("satisfaction", 3, "prior")]
    # a goal to come is still no measurement
    assert found("ot", "T: Her goal is a COPM performance score of eight.") == []


def test_a_count_said_right_is_an_accuracy() -> None:
    said = "T: Counting coins, she got seven of ten right today. Last month it was four of ten."
    assert values_of("accuracy", found("ot", said)) == [(70, "current"), (40, "prior")]
    # a count on the right side is no accuracy
    assert values_of("accuracy", found("ot", "T: She got seven of ten right hand reps.")) == []


def test_the_range_measured_goes_on_without_its_words() -> None:
    said = "T: Elbow flexion is one hundred thirty degrees. Supination is sixty, pronation seventy five."
    rom = [(m["motion"], m["value"]) for m in found("ot", said) if m["type"] == "rom"]
    assert rom == [("flexion", 130), ("supination", 60), ("pronation", 75)]
    # a motion's exercise dose is no range
    dose = found("ot", "T: Supination with the hammer, three sets of ten.")
    assert [m for m in dose if m["type"] == "rom"] == []


def test_a_motion_said_as_a_verb() -> None:
    got = found("ot", "T: The right knee extends to minus five, and the left wrist extends to sixty degrees.")
    rom = [(m["motion"], m["value"], m["side"]) for m in got if m["type"] == "rom"]
    assert ("extension", 60, "left") in rom


def test_an_orthosis_position_is_no_range() -> None:
    said = "T: I fabricated a wrist orthosis with the wrist in about twenty five degrees of extension."
    assert [m for m in found("ot", said) if m["type"] == "rom"] == []
    got = found("ot", "T: Active wrist extension is twenty five degrees.")
    assert [m["value"] for m in got if m["type"] == "rom"] == [25]


def test_grip_named_before_instructions_that_count_the_tries() -> None:
    said = "T: Grip next. Squeeze hard, three tries each hand. Left thirty pounds, right fifty one."
    got = [(m["side"], m["value"]) for m in found("ot", said) if m["type"] == "grip_strength"]
    assert got == [("left", 30), ("right", 51)]


def test_the_clinician_recalls_the_earlier_rating_a_few_turns_on() -> None:
    said = ("T: How's the shoulder today, zero to ten?", "P: Maybe a two.",
            "C: She was up late painting the fence.", "P: Only for an hour.",
            "T: At your evaluation it was a seven most days, so a two is great.")
    assert values_of("pain", found("pt", *said)) == [(2, "current"), (7, "prior")]
    # a bare number after a clinician's test result belongs to the test, not to the pain
    said2 = ("T: How's the shoulder today, zero to ten?", "P: Maybe a two.",
             "T: Box and blocks, right hand: forty blocks. At your evaluation it was thirty.")
    assert values_of("pain", found("ot", *said2)) == [(2, "current")]


def test_a_motion_graded_with_a_sign_and_the_other_side() -> None:
    said = "T: Knee extension is four minus on the left and five on the right."
    got = [(m["grade"], m["side"]) for m in found("pt", said) if m["type"] == "mmt"]
    assert got == [("4-", "left"), ("5", "right")]
    # a range said on both sides is no grade
    said2 = "T: Knee extension is minus four on the left and zero on the right, in degrees."
    assert [m for m in found("pt", said2) if m["type"] == "mmt"] == []


def test_a_value_in_the_instruments_own_unit() -> None:
    said = "T: Sustaining ah for five seconds, her fundamental frequency was one hundred ninety hertz."
    got = found("slp", said)
    assert [(m["instrument_code"], m["value"], m["unit"]) for m in got if m["type"] == "outcome_score"] == [
        ("F0", 190, "Hz")]
    said2 = "T: Tongue pressure on the IOPI is forty one kilopascals, up from thirty two."
    assert values_of("outcome_score", found("slp", said2)) == [
        (41, "current"), (32, "prior")]


def test_a_failed_test_said_after_its_article() -> None:
    got = found("slp", "T: He coughed twice after the last sip. That's a failed water swallow test.")
    assert [(m["test"], m["result"]) for m in got if m["type"] == "special_test"] == [
        ("water swallow test", "failed")]
    assert [m for m in found("slp", "T: A failed attempt at the straw.") if m["type"] == "special_test"] == []


def test_a_count_taken_back_mid_sentence_and_said_later() -> None:
    said = ("T: Name recall: she got seven of ten, no, I'm taking one back, she read one off the badge. "
            "So six of ten, fully independent.")
    assert values_of("accuracy", found("slp", said)) == [(60, "current")]
    # a count not taken back stays
    said2 = "T: Name recall: she got seven of ten, and she read one off the badge."
    assert values_of("accuracy", found("slp", said2)) == [(70, "current")]


def test_the_kujala_score() -> None:
    got = found("pt", "T: Her Kujala score is eighty one, and at the start of care it was sixty.")
    assert [(m["instrument_code"], m["value"], m["when"]) for m in got if m["type"] == "outcome_score"] == [
        ("Kujala", 81, "current"), ("Kujala", 60, "prior")]


def test_one_evaluation_a_visit_its_complexity_said_outright() -> None:
    said = ("T: I'm doing your physical therapy evaluation today.",
            "T: This is a high complexity evaluation given the three comorbidities.")
    assert [c for c, _ in minutes_of("pt", *said)] == ["97163"]
    # the evaluation named alone keeps its usual code
    alone = "T: I'm doing your physical therapy evaluation today."
    assert [c for c, _ in minutes_of("pt", alone)] == ["97162"]


def test_answers_joined_by_commas() -> None:
    asked = "T: Any chest pain, any swelling in your ankles or legs?"
    assert denied(asked, "P: Chest pain, no, ankles, no.") == ["chest pain", "swelling in the ankles"]
    assert denied(asked, "P: Chest pain, no, ankles, a little.") == ["chest pain"]


def test_a_finding_named_alone_with_where_it_would_be() -> None:
    assert denied("T: Red streaks up the arm.", "P: Nope, nothing like that.") == ["red streaks"]
    # a statement about the arm that names no finding asks nothing
    assert denied("T: Reach up the arm of the chair.", "P: No.") == []


def test_a_count_after_the_colon_that_sets_the_task() -> None:
    said = "T: Eight sips from a straw: six of eight without any cough, with moderate verbal cues."
    assert values_of("accuracy", found("slp", said)) == [(75, "current")]
    # a count with nothing said of what it is stays out
    assert values_of("accuracy", found("slp", "T: Eight sips from a straw: six of eight today.")) == []


def test_how_long_answered_by_the_family_after_the_client() -> None:
    said = ("T: How long does lunch take her these days?", "P: Not long.",
            "C: Forty minutes at least. It used to be fifteen.")
    assert values_of("duration", found("slp", *said)) == [(40, "current"), (15, "prior")]
    # a clinician's turn between them ends the question
    said2 = ("T: How long does lunch take her these days?", "P: Not long.", "T: Okay.",
             "C: Forty minutes at least.")
    assert values_of("duration", found("slp", *said2)) == []


def test_an_earlier_value_taken_back_across_a_pause() -> None:
    # (the recogniser cut "Last week it was 12, no, sorry, 15 degrees." at the pause; the earlier
    # value is carried over and nothing in its sentence is claimed: this once raised)
    said = ("T: Right middle finger, the extension lag is five degrees today.",
            "T: Last week it was twelve, no, sorry,", "T: fifteen degrees.")
    got = values_of("rom", found("ot", *said))
    assert got[0] == (5, "current")
    assert (15, "prior") in got
    assert (12, "prior") not in got
