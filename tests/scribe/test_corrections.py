"""Measured mishearings read back in the clinical text, never in the verbatim transcript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.confusions import _clinical_words, learn
from scribe.corrections import ConfusionTableError, correct_words, load_table, parse_table
from scribe.normalize import NUMBER_WORDS, join_split_words
from scribe.transcript import Segment, Word, from_dict

TABLE = parse_table(
    {
        "version": 1,
        "model": "tiny.en",
        "corrections": {
            "hummus": {"means": "numbness"},
            "tip winch": {"means": "tip pinch"},
            "rip": {"means": "grip"},
        },
    }
)


def words(text: str) -> list[Word]:
    return [Word(float(i), i + 0.5, t, 0.9) for i, t in enumerate(text.split())]


def test_known_mishearings_are_read_back_with_times_and_punctuation() -> None:
    out, fixes = correct_words(words("She denied any hummus. Rip on the right, tip winch."), "tiny.en", TABLE)
    assert " ".join(w.text for w in out) == "She denied any numbness. Grip on the right, tip pinch."
    assert [(f.heard, f.read_as) for f in fixes] == [
        ("hummus", "numbness"),
        ("rip", "grip"),
        ("tip winch", "tip pinch"),
    ]
    pinch = out[-1]
    assert (pinch.start, pinch.end) == (8.0, 9.5)  # spans both heard words


def test_another_models_words_are_left_alone() -> None:
    heard = words("She denied any hummus.")
    out, fixes = correct_words(heard, "base", TABLE)
    assert out == heard
    assert fixes == []


def test_segment_keeps_verbatim_text_and_says_what_was_read() -> None:
    heard = words("Denies any hummus, and self -care is better.")
    read, fixes = correct_words(heard, "tiny.en", TABLE)
    seg = Segment(
        "s0",
        0.0,
        9.0,
        "therapist",
        " ".join(w.text for w in heard),
        words=heard,
        corrections=[f.to_dict() for f in fixes],
    )
    assert seg.text == "Denies any hummus, and self -care is better."
    assert seg.read_text == "Denies any numbness, and self-care is better."
    again = from_dict({"segments": [seg.to_dict()]}).segments[0]
    assert again.corrections == [{"heard": "hummus", "read_as": "numbness"}]
    assert again.read_text == seg.read_text


def test_split_hyphenated_words_are_rejoined() -> None:
    out = join_split_words(words("self -care training, neuromuscular re -education - then"))
    assert [w.text for w in out] == ["self-care", "training,", "neuromuscular", "re-education", "-", "then"]
    numbers = join_split_words(words("twenty -three minutes, a two -ton -day"))
    assert [w.text for w in numbers] == ["twenty-three", "minutes,", "a", "two", "-ton-day"]
    decimals = join_split_words(words("took 16 .4 seconds, at 0 .74 meters per second. 3. .5"))
    assert [w.text for w in decimals][:6] == ["took", "16.4", "seconds,", "at", "0.74", "meters"]
    assert [w.text for w in decimals][-2:] == ["3.", ".5"]  # a sentence end is not a decimal point


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"version": 2, "model": "tiny.en", "corrections": {}}, "version"),
        ({"version": 1, "corrections": {}}, "model"),
        ({"version": 1, "model": "tiny.en", "corrections": []}, "corrections"),
        ({"version": 1, "model": "tiny.en", "corrections": {"rip": {"means": " "}}}, "corrections.rip"),
    ],
)
def test_malformed_table_names_the_field(data: dict[str, object], field: str) -> None:
    with pytest.raises(ConfusionTableError, match=re.escape(field)):
        parse_table(data, Path("confusions.yaml"))


def test_learning_keeps_only_recurring_consistent_clinical_mishearings() -> None:
    pairs = [("She denies any numbness.", "She denies any hummus.")] * 3
    pairs += [("Grip is strong.", "Rip is strong.")] * 5 + [("Grip on the left.", "Grip on the left.")] * 2
    pairs += [("The reacher helps.", "The teacher helps."), ("Three sets of ten.", "Free sets of ten.")] * 2
    pairs += [("We used the quad cane.", "We used the quad can.")]  # once only
    rules = learn(pairs)
    assert rules["hummus"] == {"means": "numbness", "count": 3, "precision": 1.0}  # rare in English
    assert rules["rip"]["means"] == "grip"  # an everyday word, but heard 5 times for grip, never right
    assert not [h for h in rules if "teacher" in h]  # an everyday word seen twice is not enough
    assert "free" not in rules  # numbers are not this table's business
    assert not [h for h in rules if "can" in h.split()]  # seen once


def test_shipped_table_never_rewrites_a_clinical_or_number_word() -> None:
    table = load_table()
    assert table.model == "tiny.en"
    assert table.rules, "the shipped table is empty: regenerate it with python -m bench.confusions"
    clinical = _clinical_words()
    for heard, means in table.rules.items():
        assert not set(heard) & set(NUMBER_WORDS), heard
        assert set(means.split()) & clinical, (heard, means)
        assert not set(heard) <= clinical, f"{heard} is itself clinical vocabulary"
