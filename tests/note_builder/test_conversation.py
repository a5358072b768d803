"""Measures, findings and services as people say them in a longer conversation (set n*, session 7):
values taken back and said again, a test named in one turn and scored in the next, the other
side's value without its unit, an earlier value in the next sentence.

Each rule is tested with wording of its own, not a fixture's sentence.
"""

from __future__ import annotations

import pytest

from note_builder.interventions import extract_interventions
from note_builder.negation import extract_negations
from note_builder.numbers import norm_view
from tests.note_builder.note_builder_sessions import found, lines, values_of


@pytest.mark.parametrize(
    ("said", "reads"),
    [
        ("The walk took forty seconds. No, wait, forty six seconds.", "the walk took 46 seconds."),
        ("She read nine out of twelve, sorry, ten, on the list.", "she read 10 out of 12, on the list."),
        ("Grip was fifty pounds, I mean fifty five pounds.", "grip was 55 pounds."),
        ("Pain is a six, sorry, I mean a five.", "pain is a 5."),
    ],
)
def test_a_value_taken_back_leaves_only_the_corrected_one(said: str, reads: str) -> None:
    assert norm_view(said).text == reads


@pytest.mark.parametrize(
    ("said", "kept"),
    [("It took 90 seconds, sorry about the wait.", "90 seconds, sorry"),
     ("Thirty seconds, sorry, 3 feet of reach.", "30 seconds, sorry, 3 feet"),
     ("He managed 12 reps, and actually 12 is plenty.", "12 reps, and actually 12")],
)
def test_an_apology_that_corrects_nothing_changes_nothing(said: str, kept: str) -> None:
    assert kept in norm_view(said).text


def test_the_corrected_value_is_the_measurement_and_its_evidence_quotes_the_correction() -> None:
    got = found("pt", "He stood on one leg for twelve seconds, no wait, fifteen seconds on the left.")
    durations = [m for m in got if m["type"] == "duration"]
    assert [d["value"] for d in durations] == [15]
    quote = str(durations[0]["evidence"][0]["quote"]).lower()  # type: ignore[index]
    assert "12" in quote
    assert "15" in quote


def test_a_timed_test_announced_in_one_turn_is_scored_in_the_clinicians_next() -> None:
    got = found("pt", "T: Now the four square step test, go whenever you are ready.", "P: Here I go.",
                "T: Eleven point eight seconds. Last month it took you sixteen seconds.")
    assert [(m["instrument_code"], m["value"], m["when"]) for m in got if m["type"] == "outcome_score"] == [
        ("4SST", 11.8, "current"), ("4SST", 16, "prior")]


def test_a_number_the_client_says_after_the_announcement_is_not_the_result() -> None:
    got = found("pt", "T: Let's do the timed up and go.", "P: I walked 20 feet yesterday without it.")
    assert [m for m in got if m["type"] == "outcome_score"] == []


def test_the_other_sides_value_without_its_unit_is_the_same_motion() -> None:
    got = found("pt", "Hip internal rotation is twenty degrees on the left and thirty two on the right.")
    assert [(m["motion"], m["side"], m["value"]) for m in got if m["type"] == "rom"] == [
        ("internal rotation", "left", 20), ("internal rotation", "right", 32)]


def test_an_earlier_range_in_the_next_sentence_names_only_the_motion() -> None:
    got = found("ot", "Elbow flexion on the right is one hundred thirty degrees. "
                      "At the first visit, flexion was only ninety.")
    assert [(m["motion"], m["value"], m["when"]) for m in got if m["type"] == "rom"] == [
        ("flexion", 130, "current"), ("flexion", 90, "prior")]


def test_an_earlier_intelligibility_is_not_an_accuracy() -> None:
    got = found("slp", "Intelligibility in single words is about seventy percent with a familiar listener. "
                       "Back in March it was roughly fifty percent.")
    assert values_of("intelligibility", got) == [(70, "current"), (50, "prior")]
    assert values_of("accuracy", got) == []


def test_each_diet_item_keeps_its_own_level_and_the_earlier_diet_carries() -> None:
    got = found("slp", "She is eating IDDSI level six soft and bite sized with level one slightly thick "
                       "liquids. "
                       "Two weeks ago she was on level four, pureed.")
    diets = [(m["iddsi_level"], m["value"], m["when"]) for m in got if m["type"] == "diet_level"]
    assert diets == [(6, 6, "current"), (1, 1, "current"), (4, 4, "prior")]


def test_a_rating_answered_with_like_or_gets_to_is_pain() -> None:
    got = found("pt", "T: Zero to ten, where is it sitting right now?", "P: Like a three.",
                "T: And on a bad day?", "P: On a bad day it climbs to an eight.")
    assert values_of("pain", got) == [(3, "current"), (8, "current")]


@pytest.mark.parametrize(
    ("said", "finding"),
    [("C: She hasn't complained of headaches since Tuesday.", "headache"),
     ("P: I haven't noticed any numbness in the fingers.", "numbness"),
     ("T: He has not needed a rest break today.", "rest break")],
)
def test_a_perfect_tense_denial_is_a_negated_finding(said: str, finding: str) -> None:
    assert any(finding in n.text for n in extract_negations(lines(said)))


def test_balance_work_with_its_minutes_is_neuromuscular_reeducation() -> None:
    said = "Then we did balance drills on the foam beam for eleven minutes."
    got = extract_interventions(lines(said), "pt")
    assert [(i.cpt, i.minutes) for i in got] == [("97112", 11)]
    assert extract_interventions(lines("Her balance is better on the foam beam."), "pt") == []


@pytest.mark.parametrize(
    ("said", "cpt"),
    [("Orthotic management, twelve minutes: adjusted the strap and rechecked the fit of her wrist orthosis.",
      "97763"),
     ("Orthotic management, twelve minutes: we fabricated a custom thumb orthosis and taught its wear.",
      "97760"),
     ("Twelve minutes of orthotic training with her new resting hand splint.", "97760")],
)
def test_orthotic_management_of_an_orthosis_she_already_has_is_a_subsequent_encounter(
    said: str, cpt: str
) -> None:
    assert [(i.cpt, i.minutes) for i in extract_interventions(lines(said), "ot")] == [(cpt, 12)]


@pytest.mark.parametrize(
    ("said", "code"),
    [("On the Bruininks Oseretsky test he earned a standard score of eighty one.", "BOT-2"),
     ("On the clinic's own handwriting checklist, she got a total score of fourteen.",
      "clinic's own handwriting checklist")],
)
def test_a_test_named_first_and_scored_after_is_an_outcome_score(said: str, code: str) -> None:
    scores = [m for m in found("ot", said) if m["type"] == "outcome_score"]
    assert [m["instrument_code"] for m in scores] == [code]


@pytest.mark.parametrize("said", ["On the second trial she scored eight.",
                                  "On the left hand he got a score of 40."])
def test_a_trial_or_a_side_is_not_a_test(said: str) -> None:
    assert [m for m in found("ot", said) if m["type"] == "outcome_score"] == []


@pytest.mark.parametrize(
    ("first", "second", "cpt", "minutes"),
    [("And therapeutic activities,", "the laundry folding task came to 9 minutes.", "97530", 9),
     ("Gait training was the stairs and the ramp.", "That took 13 minutes.", "97116", 13),
     ("Then manual therapy to the thoracic spine,", "about 8 minutes.", "97140", 8)],
)
def test_minutes_the_recogniser_cut_into_the_next_segment_count_for_the_service(
    first: str, second: str, cpt: str, minutes: int
) -> None:
    got = extract_interventions(lines(first, second), "pt" if cpt != "97530" else "ot")
    assert [(i.cpt, i.minutes) for i in got] == [(cpt, minutes)]
    assert [e.segment for e in got[0].evidence] == ["s0", "s1"]


@pytest.mark.parametrize(
    "second",
    ["P: That took 20 minutes.", "T: She rested for 2 minutes.", "T: Next visit we'll do 15 minutes."],
)
def test_minutes_in_the_next_turn_that_are_not_the_services_stay_unassigned(second: str) -> None:
    got = extract_interventions(lines("Gait training was the stairs and the ramp.", second), "pt")
    assert [(i.cpt, i.minutes) for i in got] == [("97116", None)]


def test_a_rating_passed_on_while_pain_is_the_topic_is_the_earlier_pain() -> None:
    got = found("ot", "T: Any pain in the shoulders?", "P: Hmm.",
                "T: Last week you said five after the transfers, so that's better.")
    assert values_of("pain", got) == [(5, "prior")]
    assert values_of("pain", found("pt", "T: Any pain in the knee?", "P: A little.",
                             "T: You said twenty minutes of walking was fine.")) == []


@pytest.mark.parametrize(
    ("heard", "reads"),
    [("She did it in item 10 trials.", "she did it in 9 of 10 trials."),
     ("Correct in seven -on-ten trials.", "correct in 7 of 10 trials."),
     ("He traced 12 and 20 letters.", "he traced 12 of 20 letters.")],
)
def test_a_count_of_trials_as_the_recogniser_writes_it(heard: str, reads: str) -> None:
    assert norm_view(heard).text == reads


def test_a_heard_test_name_close_to_a_listed_one_is_that_instrument() -> None:
    said = "On the overall assessment on the speaker next year in some stuttering, her impact score was 3.1."
    scores = [m for m in found("slp", said) if m["type"] == "outcome_score"]
    assert [(m["instrument_code"], m["value"]) for m in scores] == [("OASES", 3.1)]


@pytest.mark.parametrize(
    ("said", "code", "value"),
    [("His university mental status exam score is twenty two out of thirty.", "SLUMS", 22),
     ("Allen cognitive level screen score was 4.4 today.", "ACLS", 4.4),
     ("He completed eleven chairs stands in thirty seconds.", "30s chair stand", 11)],
)
def test_instruments_said_as_the_recogniser_writes_them(said: str, code: str, value: float) -> None:
    scores = [m for m in found("ot", said) if m["type"] == "outcome_score"]
    assert [(m["instrument_code"], m["value"]) for m in scores] == [(code, value)]


@pytest.mark.parametrize(
    "subsequent",
    [{"cues": ["recheck"]}, {"cpt": "97763", "cues": "recheck"}, {"cpt": "99999", "cues": ["recheck"]}],
)
def test_a_malformed_subsequent_encounter_in_the_lexicon_is_refused_by_name(
    subsequent: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    import note_builder.interventions as iv
    from note_builder.numbers import LexiconError

    data = {"version": 1, "entries": [
        {"cpt": "97760", "name": "orthotic", "timed": True, "disciplines": ["ot"], "aliases": ["orthotic"],
         "subsequent": subsequent}]}
    monkeypatch.setattr(iv, "load_data", lambda _f: data)
    iv.catalogue.cache_clear()
    try:
        with pytest.raises(LexiconError, match="subsequent"):
            iv.catalogue()
    finally:
        monkeypatch.undo()
        iv.catalogue.cache_clear()
