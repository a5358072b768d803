from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scribe.normalize import changed_spans, normalize_clinical, normalize_words
from scribe.transcript import Word

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int, *, use_and: bool = False, hyphen: bool = False) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS[t] + (("-" if hyphen else " ") + _ONES[u] if u else "")
    if n < 1000:
        h, r = divmod(n, 100)
        return _ONES[h] + " hundred" + ((" and " if use_and else " ") + spell(r, hyphen=hyphen) if r else "")
    th, r = divmod(n, 1000)
    return spell(th) + " thousand" + (" " + spell(r, use_and=use_and, hyphen=hyphen) if r else "")


@pytest.mark.parametrize(("spoken", "written"), [
    ("strength is four minus out of five on the left", "strength is 4-/5 on the left"),
    ("four plus out of five", "4+/5"),
    ("flexion one hundred five degrees", "flexion 105°"),
    ("flexion 100 and 5 degrees", "flexion 105°"),
    ("one hundred and twenty-five degrees.", "125°."),
    ("pain three out of ten today", "pain 3/10 today"),
    ("I'd put it at 4 out of 10 today.", "I'd put it at 4/10 today."),
    ("abduction is 130 degrees,", "abduction is 130°,"),
    ("TUG was fourteen point two seconds", "TUG was 14.2 s"),
    ("three sets of ten and 2 sets of 15", "3x10 and 2x15"),
    ("sixty percent accuracy across twenty trials", "60% accuracy across 20 trials"),
    ("60 percent", "60%"),
    ("for twenty five minutes", "for 25 minutes"),
    ("walked one thousand two hundred feet", "walked 1200 feet"),
    ("two step commands in nine out of ten trials", "two step commands in 9/10 trials"),
    ("one of the exercises was hard", "one of the exercises was hard"),
    ("I did ten. Degrees of freedom", "I did ten. Degrees of freedom"),
])
def test_examples(spoken: str, written: str) -> None:
    assert normalize_clinical(spoken) == written


def test_word_spans_keep_source_times() -> None:
    toks = "flexion is one hundred five degrees today".split()
    words = [Word(float(i), float(i) + 0.5, t) for i, t in enumerate(toks)]
    pieces = normalize_words(words)
    assert [p.text for p in pieces] == ["flexion", "is", "105°", "today"]
    (span,) = changed_spans(pieces)
    assert (span.first, span.last, span.start, span.end) == (2, 5, 2.0, 5.5)


_UNITS = ["degrees", "percent", "seconds", "minutes", "trials", "feet"]


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=9999),
    unit=st.sampled_from(_UNITS),
    use_and=st.booleans(),
    hyphen=st.booleans(),
    digits=st.booleans(),
)
def test_value_preserved_with_unit(n: int, unit: str, use_and: bool, hyphen: bool, digits: bool) -> None:
    spoken = f"it was {n if digits else spell(n, use_and=use_and, hyphen=hyphen)} {unit} today"
    out = normalize_clinical(spoken)
    assert _numbers(out) == [float(n)], (spoken, out)
    assert normalize_clinical(out) == out


@settings(max_examples=200, deadline=None)
@given(a=st.integers(0, 99), b=st.integers(1, 99), frac=st.integers(0, 9), kind=st.sampled_from(
    ["out of", "minus out of", "plus out of", "sets of", "point"]))
def test_pairs_preserved_and_idempotent(a: int, b: int, frac: int, kind: str) -> None:
    if kind == "point":
        spoken = f"time {spell(a)} point {spell(frac)} seconds"
        want = [float(f"{a}.{frac}")]
    else:
        spoken = f"score {spell(a)} {kind} {spell(b)} now"
        want = [float(a), float(b)]
    out = normalize_clinical(spoken)
    assert _numbers(out) == want, (spoken, out)
    assert normalize_clinical(out) == out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["four", "out", "of", "ten", "degrees", "minus", "five", "sets", "hundred", "and", "point", "two",
     "percent", "I", "the", "3", "4/5", "105°", "60%", "seconds", "twenty", "plan."]), max_size=14))
def test_idempotent_on_word_salad(words: list[str]) -> None:
    once = normalize_clinical(" ".join(words))
    assert normalize_clinical(once) == once


def test_a_tens_and_its_unit_split_by_whisper_are_one_number() -> None:
    """Whisper writes "twenty-four" as "twenty -four"; a score's maximum must not lose its unit
    ("sixty out of twenty -four" read as 60/20 and a stray "-four")."""
    assert normalize_clinical("sixteen out of twenty -four") == "16/24"
    assert normalize_clinical("one hundred twenty -eight degrees") == "128°"
    assert normalize_clinical("self -care and -four") == "self -care and -four"


def test_a_comma_ends_a_spoken_number() -> None:
    # "at ninety, nine minutes" is 90 and 9: joining them would invent a 99-minute block
    assert "99" not in normalize_clinical("Rhythmic stabilization, arm up at ninety, nine minutes.")
    assert "9 minutes" in normalize_clinical("Rhythmic stabilization, arm up at ninety, nine minutes.")
    assert normalize_clinical("two thousand, five hundred feet") == "2500 feet"
    assert normalize_clinical("ninety nine percent") == "99%"
