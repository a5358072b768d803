from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from scribe.audio import SAMPLE_RATE, load_audio
from scribe.speakers import attribute, frame_features, split_turns
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
