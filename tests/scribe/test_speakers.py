from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from scribe.audio import SAMPLE_RATE, load_audio
from scribe.speakers import Turn, attribute, frame_features, split_turns
from scribe.transcript import Word

if TYPE_CHECKING:
    from tests.scribe.conftest import SpokenSession


def _timeline_words(turns: list[dict[str, object]], merge: bool = False) -> list[Word]:
    """Words spread evenly over each truth turn, the way aligned ASR words would sit."""
    words: list[Word] = []
    for t in turns:
        toks = str(t["text"]).split()
        start, end = float(t["start"]), float(t["end"])  # type: ignore[arg-type]
        step = (end - start) / len(toks)
        words += [Word(start + i * step, start + (i + 1) * step - 0.02, tok) for i, tok in enumerate(toks)]
    return words


def test_pitch_of_a_tone() -> None:
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    tone = (0.3 * np.sin(2 * np.pi * 150 * t) + 0.1 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)
    f0, voiced, _ = frame_features(tone)
    assert voiced.mean() > 0.9
    assert abs(float(np.median(f0[voiced])) - 150) < 5


def test_turn_split_on_pause() -> None:
    words = [Word(0, 0.4, "Hi."), Word(0.65, 0.9, "How"), Word(0.95, 1.2, "are"), Word(2.0, 2.4, "Fine")]
    assert [len(t.words) for t in split_turns(words)] == [1, 2, 1]


def test_roles_from_voice_and_content(long_session: SpokenSession,
                                      speaker_acc: Callable[..., float]) -> None:
    samples = load_audio(long_session.wav)
    turns = attribute(_timeline_words(long_session.turns), samples)
    acc = speaker_acc(turns, long_session.turns)
    assert acc >= 0.9
    assert {t.speaker for t in turns} == {"therapist", "client", "caregiver"}


def test_glued_turns_are_split_at_voice_change(short_session: SpokenSession) -> None:
    samples = load_audio(short_session.wav)
    words = _timeline_words(short_session.turns)
    # close the pause between turn 0 (therapist) and turn 1 (client), as Whisper sometimes does
    t1_start = float(short_session.turns[1]["start"])  # type: ignore[arg-type]
    glued = [Word(w.start - 0.6, w.end - 0.6, w.text) if w.start >= t1_start else w for w in words]
    samples = np.concatenate([samples[: int(float(short_session.turns[0]["end"]) * SAMPLE_RATE)],  # type: ignore[arg-type]
                              samples[int(t1_start * SAMPLE_RATE):]])
    turns = attribute(glued, samples)
    first_client = next(t for t in turns if t.speaker == "client")
    # evenly spread test word times are approximate: the cut must land within one word of the change
    assert first_client.words[0].text in ("today?", "It", "still")
    assert turns[0].speaker == "therapist"
    assert len(turns[0].words) >= 8
    assert "hurts" in first_client.text
    assert "Good" not in first_client.text


def _turn(text: str, f0: float, centroid: float, cluster: int, start: float) -> Turn:
    toks = text.split()
    words = [Word(start + 0.3 * i, start + 0.3 * i + 0.25, w) for i, w in enumerate(toks)]
    return Turn(words=words, f0=f0, centroid=centroid, voiced=200, cluster=cluster)


def test_a_parent_who_talks_about_the_child_more_than_the_child_talks_is_the_caregiver() -> None:
    """A parent says "he has", "she did" like a clinician, and more than the child; in a voice far
    from the clinician's, the parent is still the caregiver."""
    from scribe.speakers import assign_roles

    therapist = ("Let's measure the grip today. Three sets of ten, good, his strength is improving, "
                 "plan to progress.")
    parent = ("He has been doing his exercises every night, he says his strength is good and she "
              "did her puzzle.")
    child = "I like the puzzle. My hand hurts a little."
    turns = [_turn(therapist, 105, 1360, 0, 0), _turn(parent, 180, 1550, 1, 40),
             _turn(child, 205, 1770, 2, 60)]
    turns += [_turn(therapist, 107, 1370, 0, 80), _turn(parent, 178, 1540, 1, 120)]
    assign_roles(turns, 3)
    assert [t.speaker for t in turns] == ["therapist", "caregiver", "client", "therapist", "caregiver"]


def test_a_clinician_whose_voice_split_into_two_clusters_is_one_clinician() -> None:
    from scribe.speakers import assign_roles

    therapist = ("Let's measure the grip today. Three sets of ten, good, his strength is improving, "
                 "plan to progress.")
    client = "I feel better. My knee hurts less."
    turns = [_turn(therapist, 105, 1360, 0, 0), _turn(therapist, 112, 1400, 1, 40),
             _turn(therapist, 110, 1390, 1, 80), _turn(client, 205, 1770, 2, 120)]
    assign_roles(turns, 3)
    assert [t.speaker for t in turns] == ["therapist", "therapist", "therapist", "client"]


def test_a_lone_clinical_word_split_off_the_clinicians_voice_stays_the_clinicians() -> None:
    """A "Plan." said louder can land in a cluster of its own; one cue word in one word is no
    clinician (a cluster's cue rates are taken over at least ten words), and in a voice near the
    clinician's it is the clinician's."""
    from scribe.speakers import assign_roles

    therapist = ("Mom told me she said more at snack time. Today we targeted two word combinations. "
                 "She answered what questions with seventy percent accuracy.")
    child = "Cow moo."
    turns = [_turn(therapist, 180, 1500, 0, 0), _turn(child, 260, 1900, 1, 20),
             _turn(therapist, 182, 1510, 0, 25), _turn("Plan.", 186, 1530, 2, 50)]
    assign_roles(turns, 3)
    assert [t.speaker for t in turns] == ["therapist", "client", "therapist", "therapist"]


def test_a_clinical_word_in_a_voice_far_from_the_clinicians_is_not_the_clinician() -> None:
    from scribe.speakers import assign_roles

    therapist = ("Let's measure the grip today. Three sets of ten, good, his strength is improving, "
                 "plan to progress.")
    turns = [_turn(therapist, 105, 1360, 0, 0),
             _turn("I feel better, my hand hurts less.", 205, 1770, 1, 20),
             _turn("Plan?", 240, 1900, 2, 40)]
    assign_roles(turns, 3)
    assert [t.speaker for t in turns][:2] == ["therapist", "client"]
    assert turns[2].speaker != "therapist"


def test_the_lone_voice_beside_the_clinician_that_speaks_for_the_client_is_the_caregiver() -> None:
    """An infant says nothing: the parent's is the only other voice, and it talks about the child."""
    from scribe.speakers import assign_roles

    therapist = ("Let's measure his neck rotation today. Rotation to the left is sixty degrees, "
                 "plan to progress the stretches.")
    parent = ("I'm his mom. He's been sleeping better, she said he keeps his head tilted, and he "
              "doesn't like tummy time. His doctor wants him seen twice a week.")
    turns = [_turn(therapist, 105, 1360, 0, 0), _turn(parent, 205, 1770, 1, 40),
             _turn(therapist, 107, 1370, 0, 80)]
    assign_roles(turns, 2)
    assert [t.speaker for t in turns] == ["therapist", "caregiver", "therapist"]


def test_a_client_who_talks_about_their_family_is_still_the_client() -> None:
    from scribe.speakers import assign_roles

    therapist = ("Let's measure the knee today. Flexion is one hundred ten degrees, three sets of ten, "
                 "plan to progress.")
    client = ("My knee hurts when I climb the stairs. My wife says she can hear me groan, and I "
              "still can't kneel in the garden.")
    turns = [_turn(therapist, 105, 1360, 0, 0), _turn(client, 205, 1770, 1, 40)]
    assign_roles(turns, 2)
    assert [t.speaker for t in turns] == ["therapist", "client"]
