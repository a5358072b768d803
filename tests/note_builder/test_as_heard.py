"""Scores as the packaged recogniser writes them (measured on espeak-spoken sessions, session 6).

Each case is a shape tiny.en produced on more than one held-out session; the wording here is new.
Where a reading would be a guess, the test asserts that nothing is reported.
"""

from __future__ import annotations

from note_builder.measurements import extract_measurements
from scribe.normalize import normalize_clinical
from scribe.transcript import Segment


def _scores(*lines: str, discipline: str = "pt") -> list[tuple[object, ...]]:
    segs = [Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, "therapist", t, clinical_text=normalize_clinical(t))
            for i, t in enumerate(lines)]
    return [(m.extra.get("instrument_code"), m.value, m.when)
            for m in extract_measurements(segs, discipline) if m.type == "outcome_score"]


def test_an_instrument_name_with_one_word_misheard() -> None:
    assert _scores("Her dynamic gate index is twelve out of twenty four.") == [("DGI", 12, "current")]
    assert _scores("His upper extremity function index came to fifty.") == [("UEFI", 50, "current")]


def test_a_name_missing_its_number_is_not_the_numbered_instrument() -> None:
    # "five times sit to stand" is named by its number; a plain sit to stand is an exercise
    assert _scores("Sit to stand from the low chair was done four times.") == []


def test_one_heard_as_well_after_a_tens_number() -> None:
    assert _scores("Her Berg balance scale is forty, well out of fifty six.") == [("Berg", 41, "current")]


def test_a_score_and_its_maximum_run_together() -> None:
    assert _scores("The Montreal cognitive assessment today was 2630.",
                   discipline="slp") == [("MoCA", 26, "current")]
    # a value its scale cannot hold is never reported, nor carried as the earlier one
    assert _scores("The functional gait assessment is 2230.", "At the evaluation it was 4530.") == [
        ("FGA", 22, "current")]
    # a measured value with its unit is not split ("130 degrees")
    assert _scores("Her Berg balance scale was 130 degrees.") == []


def test_a_scores_is_heard_as_in() -> None:
    assert _scores("His neck disability index in 24%.") == [("NDI", 24, "current")]


def _pain(*lines: str) -> list[tuple[object, ...]]:
    who = {"T": "therapist", "P": "client"}
    segs = [Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, who[t[0]], t[3:], clinical_text=normalize_clinical(t[3:]))
            for i, t in enumerate(lines)]
    return [(m.value, m.when) for m in extract_measurements(segs, "pt") if m.type == "pain"]


def test_a_clients_out_of_ten_as_the_recogniser_writes_it() -> None:
    assert _pain("T: And the knee?", "P: The knee is a six organ pen this morning.") == [(6, "current")]
    assert _pain("T: Pain?", "P: Call it a fine mountain and right now.") == [(5, "current")]
    assert _pain("T: Pain?", "P: Last minute it was a seven -hug of ten.") == [(7, "prior")]
    # the words alone, with no rating after them, are not a rating
    assert _pain("T: Pain?", "P: I played the organ last minute, it was fine.") == []


def _accuracy(text: str) -> list[tuple[object, ...]]:
    segs = [Segment("s0", 0.0, 5.0, "therapist", text, clinical_text=normalize_clinical(text))]
    found = extract_measurements(segs, "slp")
    return [(m.value, m.extra.get("trials")) for m in found if m.type == "accuracy"]


def test_a_count_of_trials_as_the_recogniser_writes_it() -> None:
    assert _accuracy("She named the objects in seventy thousand twenty trials.") == [(85, 20)]
    assert _accuracy("He kept the target in six or ten reading passages.") == [(60, 10)]
    assert _accuracy("He paused in three and five moments of stuttering.") == [(60, 5)]
    # a teen that the count cannot hold is not read into it
    assert _accuracy("She was right in ninety thousand ten trials.") == []


def _denied(*lines: str) -> list[str]:
    from note_builder.negation import extract_negations

    who = {"T": "therapist", "P": "client"}
    segs = [Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, who[t[0]], t[3:], clinical_text=normalize_clinical(t[3:]))
            for i, t in enumerate(lines)]
    return [n.text for n in extract_negations(segs)]


def test_a_denied_finding_with_its_plural_or_its_of_misheard() -> None:
    assert _denied("T: He has had no fall since the last visit.") == ["falls"]
    assert _denied("T: She denies loss and consciousness.") == ["loss of consciousness"]
    assert _denied("T: He did not get short on breath on the stairs.") == ["short of breath"]
    assert _denied("T: No tingling episode overnight.") == ["tingling episodes"]


def test_a_denied_finding_cut_short() -> None:
    assert _denied("T: There is no joint line tenders today.") == ["joint line tenderness"]


def test_an_any_question_after_a_comma_and_a_plain_no() -> None:
    got = _denied("T: Your skin looks good, any redness or drainage at night?", "P: Nope.")
    assert got == ["redness", "drainage"]


def _services(text: str, discipline: str = "ot") -> list[tuple[str, int | None]]:
    from note_builder.interventions import extract_interventions

    segs = [Segment("s0", 0.0, 5.0, "therapist", text, clinical_text=normalize_clinical(text))]
    return [(i.cpt, i.minutes) for i in extract_interventions(segs, discipline)]


def test_services_as_the_recogniser_writes_them() -> None:
    assert _services("Then a pubic activity for eleven minutes, reaching for cones.") == [("97530", 11)]
    assert _services("Full-trasound ran for seven minutes over the elbow.") == [("97035", 7)]
    assert _services("We ended with a nice pack on the shoulder.", "pt") == [("97010", None)]
    fitted = "I fit a thumb ortho and trained him in wearing it for twelve minutes."
    assert _services(fitted) == [("97760", 12)]
    # an exact everyday word is never a service by sound: "education" alone is not self-care training
    assert _services("Education on posture took five minutes.") == []


def test_degrees_heard_as_to_three() -> None:
    segs = [Segment("s0", 0.0, 5.0, "therapist", t, clinical_text=normalize_clinical(t)) for t in [
        "Wrist extension is forty to three on the left, and thirty to dream on the right."]]
    rom = [(m.value, m.unit, m.side) for m in extract_measurements(segs, "ot") if m.type == "rom"]
    assert rom == [(40, "deg", "left"), (30, "deg", "right")]
    # a range of sets is not an angle
    segs = [Segment("s0", 0.0, 5.0, "therapist", "Shoulder flexion stretches, two to three sets a day.")]
    assert [m for m in extract_measurements(segs, "pt") if m.type == "rom"] == []


def test_a_timed_tasks_name_misheard_beside_its_time() -> None:
    segs = [Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, "therapist", t, clinical_text=normalize_clinical(t))
            for i, t in enumerate(["Maximum fascination time was eleven seconds.",
                                   "Single legs stand on the left was six seconds.",
                                   "The maximum financial plan is six percent."])]
    got = [(m.extra.get("task") or m.task, m.value) for m in extract_measurements(segs, "slp")
           if m.type == "duration"]
    assert got == [("maximum phonation time", 11), ("single leg stance", 6)]


def test_a_count_heard_with_its_hundred_apart_and_chances_counted() -> None:
    assert _accuracy("She swallowed without coughing in seventy hundred twenty trials.") == [(85, 20)]
    assert _accuracy("He asked for help in six of ten chances.") == [(60, 10)]
    assert _accuracy("She was correct in seventeen hundred twenty trials.") == [(85, 20)]


def test_minutes_of_a_service_with_the_number_misheard_as_a_word() -> None:
    assert _services("We finished with our minutes on home management, a pill organizer.") == [("97535", 4)]
    assert _services("And I'm minutes on self care, training on skin checks.") == [("97535", 9)]
    assert _services("Our minutes with you are precious.") == []


def test_more_services_and_scores_as_the_recogniser_writes_them() -> None:
    assert _services("A rebuke activity for twenty minutes, lifting crates.") == [("97530", 20)]
    assert _services("Self -cared training for eight minutes with a reacher.") == [("97535", 8)]
    assert _services("Twelve minutes on our audit management, fitting the splint.") == [("97760", 12)]
    assert _scores("Her lymph life impact scales core in forty.", discipline="ot") == [
        ("lymph life impact scale", 40, "current")]


def test_assist_levels_and_a_possessive_test_name_as_the_recogniser_writes_them() -> None:
    segs = [Segment(f"s{i}", 6.0 * i, 6.0 * i + 5, "therapist", t, clinical_text=normalize_clinical(t))
            for i, t in enumerate(["Tub transfers were done with 10 by assist.",
                                   "Lower body dressing was modified in the pendant with a reacher.",
                                   "Phalens sign at the left wrist is positive.",
                                   "We walked ten by the window."])]
    got = [(m.type, m.extra.get("level") or m.extra.get("test")) for m in extract_measurements(segs, "ot")
           if m.type in ("assist_level", "special_test")]
    assert got == [("assist_level", "stand by"), ("assist_level", "modified independent"),
                   ("special_test", "phalen")]


def test_a_clients_rating_with_its_number_heard_as_a_word() -> None:
    assert _pain("T: How is the knee?", "P: The knee is sitting at the floor today.") == [(4, "current")]
    assert _pain("T: Any pain, zero to ten?", "P: A two. When I first came, it was a salmon most days.") == [
        (2, "current"), (7, "prior")]
    # the same words in ordinary speech are not ratings
    assert _pain("T: Any pain, zero to ten?", "P: A two. I dropped my keys on the floor today.") == [
        (2, "current")]
    assert _pain("T: Any pain, zero to ten?", "P: A two. We had a salmon for dinner.") == [(2, "current")]


def test_a_sound_alike_is_read_only_when_one_name_is_clearly_closest() -> None:
    from note_builder.numbers import closest_sounding

    words = [(0, 9, "dynamic"), (10, 14, "gate"), (15, 20, "index")]
    names = [("dynamicgaitindex", "DGI"), ("dynamicgateindexx", "other")]
    assert closest_sounding(words, lambda _run: names[:1], 0.85) == ("DGI", 0, 20)
    assert closest_sounding(words, lambda _run: names, 0.85) is None  # two names nearly as close
    # a name with a number needs the same number
    assert closest_sounding(words, lambda _run: [("5dynamicgaitindex", "5")], 0.5) is None


def test_an_intervention_says_implied_only_when_it_was() -> None:
    from note_builder.interventions import extract_interventions

    segs = [Segment("s0", 0.0, 5.0, "therapist", "Gait training for ten minutes.")]
    assert "implied" not in extract_interventions(segs, "pt")[0].to_dict()
