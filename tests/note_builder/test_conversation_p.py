"""Rules the tenth held-out set (p*, session 9) showed missing: an earlier-time cue that dates only its
own value, a bare earlier value after "up from", the times of an injury and its treatment as earlier
times, a questionnaire named before its score, grip values said after the instructions, the side a
value is compared with, a special test's earlier result, minutes in the sentence after the service,
a minutes correction with its reason, and findings said as adjectives.

Each rule is tested with wording of its own, not a fixture's sentence; each has a near miss that
must stay as it was.
"""

from __future__ import annotations

import pytest

from note_builder.interventions import extract_interventions
from note_builder.negation import extract_negations
from note_builder.numbers import norm_view
from tests.note_builder.note_builder_sessions import found, lines, values_of


def test_an_earlier_time_cue_dates_only_the_value_of_its_own_clause() -> None:
    got = found("pt", "Hip abduction on the left is thirty eight degrees, "
                      "up from twenty one degrees last month.")
    assert values_of("rom", got) == [(38, "current"), (21, "prior")]
    grip = found("ot", "Left grip is forty pounds, up from thirty pounds at the evaluation.")
    assert values_of("grip_strength", grip) == [(40, "current"), (30, "prior")]


def test_a_bare_value_after_up_from_is_the_earlier_value_of_the_same_motion() -> None:
    got = found("pt", "Knee flexion is one hundred ten degrees, up from eighty five.")
    assert [(m["value"], m["when"], m["motion"]) for m in got if m["type"] == "rom"] == [
        (110, "current", "flexion"), (85, "prior", "flexion")]
    # a number with another unit after "up from" is not a range of motion
    other = found("pt", "Knee flexion is one hundred ten degrees, up from ten minutes of walking.")
    assert values_of("rom", other) == [(110, "current")]


@pytest.mark.parametrize(
    "earlier",
    ["Right after the surgery it was a seven.", "Just after the stroke it was a seven.",
     "When he got home from the hospital it was a seven."],
)
def test_the_time_of_the_injury_or_its_treatment_dates_a_rating(earlier: str) -> None:
    got = found("pt", "How is the pain, zero to ten?", f"P: It's a three. {earlier}")
    assert values_of("pain", got) == [(3, "current"), (7, "prior")]


def test_after_the_treatment_is_still_post_treatment() -> None:
    got = found("pt", "After the treatment your pain is a two out of ten.")
    assert values_of("pain", got) == [(2, "post")]


def test_a_rating_answer_led_by_its_time() -> None:
    got = found("pt", "Any pain today, zero to ten?", "P: Right now a six.")
    assert values_of("pain", got) == [(6, "current")]


def test_a_time_said_first_dates_the_whole_sentence_unless_another_time_follows() -> None:
    got = found("slp", "Before the surgery he was on level three, liquidised, and level two, "
                       "mildly thick.")
    assert {m["value"]: m["when"] for m in got if m["type"] == "diet_level"} == {3: "prior", 2: "prior"}
    moved = found("slp", "At the evaluation he was on IDDSI level four, pureed, "
                         "and now level six, soft and bite sized.")
    assert {m["value"]: m["when"] for m in moved if m["type"] == "diet_level"} == {4: "prior", 6: "current"}


def test_a_questionnaire_named_before_its_score() -> None:
    got = found("slp", "We'll start with the voice handicap index. Her total score today is twenty one. "
                       "At intake it was thirty.")
    assert [(m["instrument_code"], m["value"], m["when"]) for m in got if m["type"] == "outcome_score"] == [
        ("VHI-10", 21, "current"), ("VHI-10", 30, "prior")]


def test_a_questionnaire_named_alone_takes_no_count_and_no_value_beyond_its_scale() -> None:
    got = found("slp", "We'll start with the EAT ten.", "P: Ten questions?", "Twelve of them are yes or no.")
    assert values_of("outcome_score", got) == []
    over = found("slp", "First the EAT ten. Her score today is fifty five.")
    assert values_of("outcome_score", over) == []


def test_grip_values_said_after_the_instructions_and_the_other_hand_in_its_own_sentence() -> None:
    got = found("ot", "Grip test, left hand first, give it everything you've got... twenty four pounds. "
                      "Right hand, thirty one pounds.")
    grips = [(m["value"], m["side"]) for m in got if m["type"] == "grip_strength"]
    assert grips == [(24, "left"), (31, "right")]


def test_a_weight_after_the_grip_values_is_no_grip() -> None:
    got = found("ot", "Grip test, right hand, squeeze hard... twenty pounds. Then five pound wrist curls.")
    assert [m["value"] for m in got if m["type"] == "grip_strength"] == [20]


def test_the_side_a_value_is_compared_with_is_the_other_side() -> None:
    got = found("pt", "Ankle dorsiflexion is twelve degrees, compared to the right.")
    assert [(m["value"], m["side"]) for m in got if m["type"] == "rom"] == [(12, "left")]
    # the compared side with a value of its own keeps it
    both = found("ot", "Left pinch is nine pounds, weaker than the right at fourteen pounds.")
    pinches = [(m["value"], m["side"]) for m in both if m["type"] == "pinch_strength"]
    assert pinches == [(9, "left"), (14, "right")]


def test_left_as_a_verb_is_no_side() -> None:
    got = found("ot", "When he left the hospital he could not lift the cup.",
                "Wrist extension is forty degrees.")
    assert [m.get("side") for m in got if m["type"] == "rom"] == [None]


def test_a_special_tests_earlier_result_in_the_next_sentence() -> None:
    got = found("pt", "Hawkins Kennedy is negative on the left today. At intake the left side was positive.")
    assert [(m["result"], m["side"], m["when"]) for m in got if m["type"] == "special_test"] == [
        ("negative", "left", "current"), ("positive", "left", "prior")]


def test_the_belly_press_is_its_own_test() -> None:
    got = found("pt", "Belly press is positive on the right.")
    assert [m["test"] for m in got if m["type"] == "special_test"] == ["belly press"]


def test_minutes_in_the_next_sentence_time_the_service() -> None:
    said = "We fabricated a thumb spica orthosis and checked the fit twice. That took twenty two minutes."
    assert [(i.cpt, i.minutes) for i in extract_interventions(lines(said), "ot")] == [("97760", 22)]
    # the next sentence naming a service of its own keeps its minutes
    two = "We fabricated a thumb spica orthosis. That took twenty minutes of therapeutic exercise too."
    assert ("97760", None) in [(i.cpt, i.minutes) for i in extract_interventions(lines(two), "ot")]


@pytest.mark.parametrize(
    ("said", "reads"),
    [("Gait training was ten minutes. Actually no, we ran over, call it thirteen minutes.",
      "gait training was 13 minutes."),
     ("Twenty reps, sorry, make it twenty five reps.", "25 reps.")],
)
def test_a_minutes_correction_with_its_reason(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


def test_a_prognosis_names_no_service_given() -> None:
    said = "Prognosis is fair with speech therapy twice a week."
    assert extract_interventions(lines(said), "slp") == []


@pytest.mark.parametrize(
    ("said", "finding"),
    [("P: I'm not feeling lightheaded at all.", "lightheaded"),
     ("P: Not getting any tingling now.", "tingling"),
     ("She denies getting lost in the building.", "getting lost")],
)
def test_a_finding_is_reported_as_said_without_how_it_is_had(said: str, finding: str) -> None:
    assert finding in [n.text for n in extract_negations(lines(said))]


def test_a_meal_time_is_a_duration_and_the_back_of_the_throat_is_no_back() -> None:
    got = found("slp", "C: Breakfast takes him about thirty minutes now.",
                "Any pain when you swallow?", "P: A sting at the back of my throat, three out of ten.")
    assert (30, "current") in values_of("duration", got)
    assert [m.get("body_part") for m in got if m["type"] == "pain"] == [None]


# --- what the recogniser wrote in p*'s audio (and in earlier sets' audio), read back ----------------


def test_a_teen_heard_as_its_tens_beyond_the_instruments_scale_is_read_back_and_kept_as_heard() -> None:
    got = found("pt", "His functional gait assessment is twenty two out of thirty, "
                      "up from seventy at intake.")
    scores = [(m["value"], m["when"], m.get("heard")) for m in got if m["type"] == "outcome_score"]
    assert scores == [(22, "current", None), (17, "prior", "70")]
    # a value the scale holds as heard stays as heard
    held = found("pt", "Berg balance is forty out of fifty six.")
    assert [(m["value"], m.get("heard")) for m in held if m["type"] == "outcome_score"] == [(40, None)]


def test_a_present_time_right_before_a_rating_keeps_it_current() -> None:
    got = found("pt", "Any pain right now, zero to ten.",
                "P: Right now, five, when I left the hospital, it was terrible.")
    assert values_of("pain", got) == [(5, "current")]


def test_an_earlier_value_after_a_bare_from() -> None:
    got = found("pt", "Hip flexion on the right is one hundred five degrees, from eighty,")
    assert values_of("rom", got) == [(105, "current"), (80, "prior")]


def test_the_other_sides_grip_cut_off_by_a_pause() -> None:
    got = found("ot", "Grip strength on the left is forty four pounds,", "sixty one pounds on the right.")
    grips = [(m["value"], m["side"]) for m in got if m["type"] == "grip_strength"]
    assert grips == [(44, "left"), (61, "right")]
    # a weight said after a grip value, in the next segment, is no grip
    other = found("ot", "Grip strength on the left is forty four pounds,",
                  "then five pound curls for the biceps.")
    assert [m["value"] for m in other if m["type"] == "grip_strength"] == [44]


@pytest.mark.parametrize(
    ("said", "reads"),
    [("It's a six organ ten today.", "it's a 6 out of 10 today."),
     ("Right now it's a three -mugger ten.", "right now it's a 3 out of 10."),
     ("She denies havoc and nausea.", "she denies headaches and nausea."),
     ("It caused havoc at home.", "it caused havoc at home.")],
)
def test_ratings_and_findings_as_the_recogniser_writes_them(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


def test_a_question_ended_with_a_full_stop_is_still_answered_no() -> None:
    got = extract_negations(lines("Any swelling or numbness in the hand since Friday.",
                                  "P: No, none of that, and I slept well."))
    assert {n.text for n in got} == {"swelling in the hand", "numbness in the hand"}
    # a statement that names findings is not a question
    said = extract_negations(lines("The swelling and numbness are about the same.", "P: No, I guess."))
    assert said == []


def test_tinels_sign_heard_as_a_tingling_sign_and_quickdash_as_quick_nashed() -> None:
    got = found("ot", "Tingling sign at the elbow is positive on the left.",
                "Her quick -nashed score is thirty one.")
    assert [m["test"] for m in got if m["type"] == "special_test"] == ["tinel"]
    scores = [(m["instrument_code"], m["value"]) for m in got if m["type"] == "outcome_score"]
    assert scores == [("QuickDASH", 31)]


def test_an_orthosis_fabricated_under_a_misheard_name_is_orthotic_training() -> None:
    said = "I fabricated a custom thumb tortosis and trained her in wearing it, which took sixteen minutes."
    assert [(i.cpt, i.minutes) for i in extract_interventions(lines(said), "ot")] == [("97760", 16)]
    # a diagnosis made is no orthosis
    assert extract_interventions(lines("We made the diagnosis of tendinosis in fifteen minutes."), "ot") == []


def test_minutes_taken_back_after_a_pause() -> None:
    got = extract_interventions(lines("That was gait training, ten minutes.",
                                      "Actually, no, we started early, call it thirteen minutes."), "pt")
    assert [(i.cpt, i.minutes) for i in got] == [("97116", 13)]
    rest = extract_interventions(lines("That was gait training, ten minutes.",
                                       "Sorry, take two minutes to rest now."), "pt")
    assert [(i.cpt, i.minutes) for i in rest] == [("97116", 10)]


def test_a_test_of_several_names_heard_as_everyday_words_with_its_consonants() -> None:
    got = found("pt", "Dicks hull pike is positive on the left.", "and negative on the right.")
    tests = [(m["test"], m["result"], m["side"], m.get("heard")) for m in got if m["type"] == "special_test"]
    assert tests == [("dix hallpike", "positive", "left", "dicks hull pike"),
                     ("dix hallpike", "negative", "right", None)]
    # everyday words whose consonants name no test give nothing
    assert [m for m in found("pt", "The fever test is positive.") if m["type"] == "special_test"] == []


def test_a_count_of_sentences_out_of_ten_is_no_pain_rating() -> None:
    got = found("ot", "Her letters were legible in six out of ten sentences today.")
    assert values_of("pain", got) == []
    assert values_of("accuracy", got) == [(60, "current")]
    # a rating out of ten is still one
    assert values_of("pain", found("ot", "Her wrist pain is six out of ten today.")) == [(6, "current")]


@pytest.mark.parametrize(
    ("said", "reads"),
    [("Was I on ten with no cues?", "was 9 of 10 with no cues?"),
     ("He named forty -hundred -twenty at seventy percent.", "he named 14 of 20 at 70 percent."),
     # a percentage that does not agree leaves the number as heard
     ("He named forty -hundred -twenty at eighty percent.", "he named 4020 at 80 percent.")],
)
def test_counts_as_the_recogniser_writes_them_checked_against_what_was_said_with_them(
        said: str, reads: str) -> None:
    assert norm_view(said).text == reads


def test_spilling_is_a_finding_of_its_own_not_swelling() -> None:
    got = extract_negations(lines("She drank from the open cup without spilling."))
    assert [n.text for n in got] == ["spilling"]


def test_iddsi_heard_as_id_see_and_pureed_as_pure_red() -> None:
    got = found("slp", "Solids stay at I'd see level six, soft and bite sized.",
                "At the evaluation he was on pure red food.")
    assert [(m.get("iddsi_level"), m["when"]) for m in got if m["type"] == "diet_level"] == [
        (6, "current"), (4, "prior")]
    # "I'd see" before anything but a level is what was said
    assert norm_view("I'd see how she does next week.").text == "i'd see how she does next week."


def test_the_orthosis_put_on_is_the_task_of_its_assist_level() -> None:
    got = found("ot", "After three tries he was independent, putting the wrist splint on.")
    assert [(m["level"], m["task"]) for m in got if m["type"] == "assist_level"] == [
        ("independent", "donning orthosis")]


def test_a_modifier_then_a_finding_bent_by_its_consonants() -> None:
    got = extract_negations(lines("There was no shoulder supplication on palpation today."))
    assert [(n.text, n.heard) for n in got] == [("shoulder subluxation", "shoulder supplication")]


def test_the_longest_try_is_a_duration_of_the_task_as_said() -> None:
    got = found("slp", "Her longest sustained vowel today was fourteen seconds.",
                "Last week her longest was nine seconds.")
    assert (14, "current") in values_of("duration", got)
    # the length of a session is no measure of the client
    assert values_of("duration", found("pt", "The longest session was forty minutes.")) == []
