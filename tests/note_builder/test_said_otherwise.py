"""Measures, findings and services said in shapes the earlier sets did not use (set l*, session 6).

Each rule is tested with wording of its own, not the fixture's sentence, so a pass means the rule
is general rather than fitted to one script.
"""

from __future__ import annotations

from note_builder.interventions import extract_interventions
from note_builder.negation import extract_negations
from tests.note_builder.note_builder_sessions import found as _found
from tests.note_builder.note_builder_sessions import lines as _segs
from tests.note_builder.note_builder_sessions import values_of


def test_an_unlisted_screen_that_scored_a_decimal_keeps_its_earlier_value() -> None:
    got = _found("ot", "Her kitchen task screen scored three point five, "
                       "compared with two point nine last month.")
    assert values_of("outcome_score", got) == [(3.5, "current"), (2.9, "prior")]
    assert got[0]["instrument"] == "kitchen task screen"


def test_a_score_taken_with_a_device_names_its_instrument_and_scale() -> None:
    got = _found("pt", "Prosthetic gait index with the socket scored twenty two out of thirty.")
    scores = [m for m in got if m["type"] == "outcome_score"]
    assert [(m["instrument"], m["value"], m["scale"]) for m in scores] == [("prosthetic gait index", 22, 30)]


def test_a_determiner_inside_the_matched_words_starts_the_name() -> None:
    got = _found("pt", "Today the Kleiger test is positive on the right.")
    assert [(m["test"], m["result"], m["side"]) for m in got if m["type"] == "special_test"] == [
        ("kleiger test", "positive", "right")]


def test_an_unlisted_test_named_at_the_start_of_a_sentence() -> None:
    got = _found("ot", "Bunnell sign is negative on the left.")
    tests = [(m["test"], m["result"]) for m in got if m["type"] == "special_test"]
    assert tests == [("bunnell sign", "negative")]


def test_a_cue_level_said_as_the_earlier_one_is_prior() -> None:
    got = _found("ot", "She needed minimal tactile cues today, down from moderate tactile cues last week.")
    assert [(m["level"], m["when"]) for m in got if m["type"] == "cue_level"] == [
        ("minimal tactile", "current"), ("moderate tactile", "prior")]


def test_a_count_said_with_of_and_an_accuracy_word() -> None:
    got = _found("slp", "Final consonants were accurate in eleven of fifteen single words.")
    assert [(m["value"], m["trials"]) for m in got if m["type"] == "accuracy"] == [(73.3, 15)]


def test_a_count_of_details_and_the_one_it_is_compared_with() -> None:
    got = _found("slp", "She named six of eight pictures, compared with three of eight at the evaluation.")
    assert values_of("accuracy", got) == [(75, "current"), (37.5, "prior")]


def test_a_weekday_dates_an_earlier_value() -> None:
    got = _found("pt", "He walked two hundred fifty feet with the walker, "
                       "against one hundred twenty feet last Thursday.")
    assert values_of("distance", got) == [(250, "current"), (120, "prior")]


def test_the_other_side_said_in_the_next_clause_of_the_same_turn() -> None:
    got = _found("ot", "Box and blocks was thirty blocks with the left hand; the right hand moved forty one.")
    scores = [(m["value"], m.get("side"), m["when"]) for m in got if m["type"] == "outcome_score"]
    assert scores == [(30, None, "current"), (41, "right", "current")]


def test_how_long_the_client_kept_at_something_is_a_duration() -> None:
    got = _found("ot", "He sat at the puzzle for eighteen minutes before asking to stop.")
    assert values_of("duration", got) == [(18, "current")]
    # the clinician's own time on a service is not the client's tolerance
    assert values_of("duration", _found("pt", "We spent twelve minutes on the bike.")) == []


def test_a_walk_test_distance_is_also_a_distance() -> None:
    got = _found("pt", "The six minute walk test came to four hundred twenty meters.")
    assert values_of("outcome_score", got) == [(420, "current")]
    assert [(m["value"], m["unit"]) for m in got if m["type"] == "distance"] == [(420, "m")]


def test_a_bare_earlier_pain_said_with_how_often() -> None:
    got = _found("pt", "P: It's a three out of ten now. When I first came in it was at a six most days.")
    assert values_of("pain", got) == [(3, "current"), (6, "prior")]


def test_a_plain_no_to_a_question_that_names_findings() -> None:
    texts = [n.text for n in extract_negations(_segs(
        "T: Any swelling or redness around the incision this week?", "P: No, it looks fine."))]
    # (the place said after the list is each finding's)
    assert texts == ["swelling around the incision", "redness around the incision"]
    found = extract_negations(_segs("T: Any swelling around the incision?", "P: No, it looks fine."))
    assert [e.segment for e in found[0].evidence] == ["s0", "s1"]  # the question and the answer


def test_a_no_that_denies_nothing_clinical_or_goes_on_with_but() -> None:
    assert extract_negations(_segs("T: Any questions before we start?", "P: No.")) == []
    assert extract_negations(_segs("T: Any dizziness or nausea?", "P: No, but I felt faint Tuesday.")) == []
    # a "no" after the clinician has moved on from the question is not an answer to it
    assert extract_negations(_segs("T: Any dizziness? Let's get you on the mat.", "P: No problem.")) == []


def test_a_garbled_service_name_beside_its_minutes() -> None:
    got = extract_interventions(_segs("Neuromusclar reducation ran for fourteen minutes."), "pt")
    assert [(i.cpt, i.minutes) for i in got] == [("97112", 14)]
    got = extract_interventions(_segs("Manual lymphatic drainage for twenty minutes on the left arm."), "ot")
    assert [(i.cpt, i.minutes) for i in got] == [("97140", 20)]


def test_a_walk_test_and_an_evaluation_are_not_read_as_services() -> None:
    said = "The six minute walk test came to eight hundred feet at the evaluation."
    assert extract_interventions(_segs(said), "pt") == []
    # an everyday phrase that only sounds a little like a service is left alone
    assert extract_interventions(_segs("We talked about her weekend for five minutes."), "pt") == []


def test_a_named_score_that_comes_to_a_value() -> None:
    got = _found("pt", "This pelvic floor index comes to thirty percent, down from fifty percent last month.")
    assert values_of("outcome_score", got) == [(30, "current"), (50, "prior")]


def test_a_screen_that_is_passed_or_failed() -> None:
    got = _found("slp", "He failed the bedside swallow screen, coughing after the second sip.",
                 "On the water swallow test she passed, with a clear voice after.")
    assert [(m["test"], m["result"]) for m in got if m["type"] == "special_test"] == [
        ("bedside swallow screen", "failed"), ("water swallow test", "passed")]
    # "failed to" is not a test result
    assert [m for m in _found("slp", "He failed to bring his notebook.") if m["type"] == "special_test"] == []


def test_a_chair_stand_said_by_what_it_counts_and_its_earlier_count() -> None:
    got = _found("pt", "She did eleven chair stands in thirty seconds; two weeks ago she managed seven.")
    assert values_of("outcome_score", got) == [(11, "current"), (7, "prior")]


def test_a_named_score_taken_for_or_at_something() -> None:
    got = _found("pt", "Her shoulder function score for overhead tasks is sixty percent.",
                 "His modified Borg rating at the end of the walk was four out of ten.")
    assert values_of("outcome_score", got) == [(60, "current"), (4, "current")]  # "at the end of the walk"


def test_a_pounding_head_rated_out_of_ten_is_pain_in_any_discipline() -> None:
    got = _found("slp", "P: By evening my head is pounding, like a six out of ten.")
    assert values_of("pain", got) == [(6, "current")]


def test_counted_story_elements_and_the_earlier_count() -> None:
    got = _found("slp", "She included five of seven story grammar elements. "
                        "Last session she had three of seven.")
    assert [(m["value"], m["when"], m["trials"]) for m in got if m["type"] == "accuracy"] == [
        (71.4, "current", 7), (42.9, "prior", 7)]


def test_verbs_and_plurals_are_not_findings_or_longer_findings() -> None:
    texts = [n.text for n in extract_negations(_segs(
        "Oxygen saturation never dropped below ninety percent.", "There were no behavior breaks today.",
        "She denies chest pain or palpitations on the stairs."))]
    assert texts == ["behavior breaks", "chest pain", "palpitations"]
