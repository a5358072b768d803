"""Measures and services the lexicons do not list, read from how the clinician says them (set k*)."""

from __future__ import annotations

from note_builder.interventions import extract_interventions
from note_builder.negation import extract_negations
from tests.note_builder.note_builder_sessions import found as _found
from tests.note_builder.note_builder_sessions import lines as _segs


def test_an_unlisted_instrument_named_before_its_value_is_an_outcome_score() -> None:
    got = _found("pt", "His Tegner score is sixty two today, up from forty eight at the evaluation.")
    assert [(m["type"], m["value"], m["when"]) for m in got] == [
        ("outcome_score", 62, "current"), ("outcome_score", 48, "prior")]
    assert "tegner" in str(got[0]["instrument"])


def test_an_unlisted_special_test_keeps_its_name_and_result() -> None:
    got = _found("ot", "The ulnar fovea sign is positive on the right. The piano key test is negative.")
    assert [(m["test"], m["result"]) for m in got] == [("ulnar fovea sign", "positive"),
                                                      ("piano key test", "negative")]


def test_a_test_announced_then_measured_in_the_next_sentence() -> None:
    got = _found("pt", "Let's start with the six minute walk test. "
                       "He covered six hundred ninety feet today. "
                       "At the evaluation he managed four hundred ten feet.")
    outcomes = [(m["value"], m["when"]) for m in got if m["type"] == "outcome_score"]
    assert outcomes == [(690, "current"), (410, "prior")]


def test_earlier_diet_level_and_device_wear_time_are_dated() -> None:
    diet = _found("slp", "She drinks mildly thick liquids, level two, "
                         "down from moderately thick at the last visit.")
    assert [m["when"] for m in diet] == ["current", "prior"]
    wear = _found("slp", "He wore the speaking valve for forty minutes, "
                         "up from fifteen minutes last session.")
    assert [(m["type"], m["value"], m["when"]) for m in wear] == [("duration", 40, "current"),
                                                                  ("duration", 15, "prior")]


def test_an_earlier_percent_said_with_it_was_stays_with_intelligibility() -> None:
    got = _found("slp", "Sentence intelligibility today was seventy percent. "
                        "At the evaluation it was eighty percent.")
    assert [(m["type"], m["value"], m["when"]) for m in got] == [
        ("intelligibility", 70, "current"), ("intelligibility", 80, "prior")]


def test_small_talk_with_scores_and_tests_gives_nothing() -> None:
    small_talk = ("My son's test was positive for the flu last week.", "The weather is nice today.")
    assert _found("pt", *small_talk) == []


def test_the_kind_of_event_is_kept_with_a_denied_finding() -> None:
    assert [n.text for n in extract_negations(_segs("His wife reports no choking episodes at meals."))] == [
        "choking episodes"]


def test_a_longer_unlisted_test_name_is_not_read_as_a_misheard_listed_test() -> None:
    got = _found("pt", "The posterior pelvic pain provocation test is also positive on the left.")
    assert [(m["test"], m.get("heard")) for m in got] == [("posterior pelvic pain provocation test", None)]


def test_chair_stand_as_the_recogniser_writes_it_and_setup_as_said() -> None:
    stands = _found("pt", "On the thirty second chair stand test he completed nine stands.")
    assert [(m["instrument_code"], m["value"]) for m in stands] == [("30s chair stand", 9)]
    assert [m["level"] for m in _found("ot", "Lower body dressing with setup only.")] == ["setup"]
    assert [m["level"] for m in _found("ot", "Grooming was set up assist.")] == ["set up"]


def _services(discipline: str, *lines: str) -> list[tuple[str, int | None]]:
    return [(i.cpt, i.minutes) for i in extract_interventions(_segs(*lines), discipline)]


def test_at_home_elsewhere_in_the_sentence_keeps_the_service_but_home_practice_is_not_billed() -> None:
    assert _services("ot", "With her desk job and two kids at home this is a moderate complexity "
                           "evaluation.") == [("97166", None)]
    assert _services("ot", "Keep doing the tendon glides at home, ten minutes twice a day.") == []
    assert _services("ot", "I fabricated a custom ulnar wrist orthosis and trained her in wearing it, "
                           "which took twenty minutes.") == [("97760", 20)]
