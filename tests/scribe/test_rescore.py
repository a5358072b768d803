"""The rescoring pass: what it proposes (pure rules) and what the audio lets through (real models)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scribe.asr import AsrConfig, AsrSegment, load_model
from scribe.audio import load_audio
from scribe.rescore import (
    PhraseLexiconError,
    lexicon_for,
    parse_phrases,
    phonetic_key,
    propose_edits,
    rescore_segments,
)
from scribe.transcript import Word
from settings import get_settings
from tests.scribe.conftest import speak_session


def _proposals(text: str, discipline: str = "pt", probs: list[float] | None = None) -> set[str]:
    """Every candidate reading of `text`, lower-cased (capitals are restored when applied)."""
    words = text.split()
    out = set()
    for e in propose_edits(words, lexicon_for(discipline), probs or [0.3] * len(words)):
        out.add(" ".join([*words[:e.start], *e.words, *words[e.end:]]).lower())
    return out


def test_misheard_phrases_are_proposed() -> None:
    assert "he managed the car transfer with stand by assist." in _proposals(
        "He managed the car transfer with ten by assist.")
    assert "pain was three out of ten" in _proposals("Pain was three -hour and ten")
    assert "did three sets of eight" in _proposals("did free sets on weight")
    assert "gait training took 20 minutes." in _proposals("Gate training took 20 minutes.")
    assert "scale is 38 out of 80 today" in _proposals("scale is 3880 today")


def test_confident_words_and_phrases_already_said_are_left_alone() -> None:
    text = "He managed the car transfer with ten by assist."
    assert _proposals(text, probs=[0.99] * len(text.split())) == set()
    # A window that already holds the phrase is not "corrected" into it again.
    assert not any("lower extremity functional scale scale" in p
                   for p in _proposals("His lower extremity functional scale is 38"))


def test_a_confident_soundalike_in_a_heard_score_is_proposed_but_not_a_new_score() -> None:
    heard = "He followed two step commands in high out of 10 trials."
    proposed = _proposals(heard, probs=[0.95] * len(heard.split()))
    assert "he followed two step commands in nine out of 10 trials." in proposed
    # "between 3 and 10" is ordinary speech: only an unsure decoder's middle words are doubted
    assert _proposals("She walked between three and ten steps.", probs=[0.95] * 7) == set()


def test_a_clinical_word_the_decoder_wrote_is_never_swapped_for_another() -> None:
    # tiny.en's own scores preferred "dizziness" to a correctly heard "numbness" once.
    assert all("numbness in the hand" in p for p in _proposals("She denies numbness in the hand."))
    assert all("semantic cues" in p for p in _proposals("He named it with semantic cues.", "slp"))


def test_an_episodes_short_terms_join_the_lexicon_but_goal_sentences_do_not() -> None:
    goal = "Client will ascend and descend 12 stairs with one rail independently within 4 weeks"
    lex = lexicon_for("pt", ["Nustep", goal])
    assert "Nustep" in lex.phrases
    assert goal not in lex.phrases
    assert lexicon_for("pt", [goal]) is lexicon_for("pt")


def test_a_score_across_a_sentence_end_is_not_one_score() -> None:
    assert "two sets of twelve then ten" not in _proposals("two sets of twelve. Then ten")
    assert not any("twelve out of ten" in p for p in _proposals("two sets of twelve. Then ten minutes"))


def test_phonetic_key_merges_voicing_and_vowels() -> None:
    assert phonetic_key("gate") == phonetic_key("gait")
    assert phonetic_key("body") == phonetic_key("putty")
    assert phonetic_key("favor") != phonetic_key("faber")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"version": 2}, "version"),
        ({"version": 1, "soundalikes": {"eleventy": ["x"]}, "templates": ["# out of #"], "common": ["a"],
          "pt": ["b"], "ot": ["c"], "slp": ["d"]}, "soundalikes.eleventy"),
        ({"version": 1, "soundalikes": {}, "templates": ["out of"], "common": ["a"], "pt": ["b"],
          "ot": ["c"], "slp": ["d"]}, "templates"),
        ({"version": 1, "soundalikes": {}, "templates": ["# out of #"], "common": ["a"], "pt": [""],
          "ot": ["c"], "slp": ["d"]}, "pt"),
    ],
)
def test_malformed_phrase_file_names_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(PhraseLexiconError, match=field):
        parse_phrases(data, Path("phrases.yaml"))


def _segment(text: str, duration: float) -> AsrSegment:
    toks = text.split()
    step = duration / len(toks)
    words = [Word(round(i * step, 3), round((i + 1) * step, 3), t, 0.3) for i, t in enumerate(toks)]
    return AsrSegment(0.0, duration, text, words)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spoken", "heard", "expected"),
    [
        ("He managed the car transfer with stand by assist.",
         "He managed the car transfer with ten by assist.",
         "He managed the car transfer with stand by assist."),
        ("Mostly a three out of ten today.", "Mostly a three -hour and ten today.",
         "Mostly a three out of ten today."),
    ],
)
def test_the_audio_restores_what_was_said(tmp_path: Path, spoken: str, heard: str, expected: str) -> None:
    session = speak_session([("T", spoken)], tmp_path / "one.wav")
    samples = load_audio(session.wav)
    config = AsrConfig.from_settings(get_settings())
    verifier = load_model(AsrConfig.from_settings(get_settings(), config.rescore_model or None))
    seg = _segment(heard, samples.size / 16000)
    [out] = rescore_segments(samples, [seg], verifier, lexicon_for("pt"))
    assert out.text == expected
    assert [w.text for w in out.words] == expected.split()
    assert out.words[0].start == 0.0
    assert out.words[-1].end == pytest.approx(samples.size / 16000, abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize(
    "spoken",
    [
        "He named objects with semantic cues.",   # semantic is a real cue type: not swapped for phonemic
        "We did three sets and then ten minutes of walking.",
        "She reports no dizziness today.",
    ],
)
def test_what_was_said_correctly_stays(tmp_path: Path, spoken: str) -> None:
    session = speak_session([("T", spoken)], tmp_path / "one.wav")
    samples = load_audio(session.wav)
    config = AsrConfig.from_settings(get_settings())
    verifier = load_model(AsrConfig.from_settings(get_settings(), config.rescore_model or None))
    [out] = rescore_segments(samples, [_segment(spoken, samples.size / 16000)], verifier,
                             lexicon_for("slp"))
    assert out.text == spoken
