"""Spoken clinical numbers -> the written form a note uses, keeping which words (and times) they came from.

"four minus out of five" -> "4-/5", "one hundred and five degrees" -> "105°", "three sets of ten"
-> "3x10". Only numbers in a clinical pattern (score, angle, percent, time, sets, a count with a
unit) are rewritten: "two step commands" stays prose. Values are never changed, and normalising
already-normalised text is a no-op, so it is safe to run twice (property-tested).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scribe.transcript import Word

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_DIGIT_WORDS = {k: v for k, v in _UNITS.items() if v < 10}
# Every spoken number word and its value; `scribe.rescore` reads and writes numbers with these too.
NUMBER_WORDS: dict[str, int] = {**_UNITS, **_TENS, "hundred": 100}
WORD_OF: dict[int, str] = {v: k for k, v in NUMBER_WORDS.items() if k != "oh"}
_NUM_RE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
# Punctuation the recogniser attaches to words; stripped to compare, kept when writing.
PUNCT = ".,!?;:\"'()"

# Count units whose number is rewritten as digits while the unit word is kept.
_COUNT_UNITS = {
    "minute", "minutes", "min", "mins", "hour", "hours", "rep", "reps", "repetitions", "repetition",
    "times", "trials", "trial", "pounds", "pound", "lbs", "lb", "feet", "foot", "ft", "inches", "inch",
    "meters", "meter", "centimeters", "cm", "kilograms", "kg", "breaks", "days", "weeks", "visits",
    "steps", "laps", "sets", "cues",
}
_SECONDS = {"seconds", "second", "sec", "secs", "s"}
_DEGREES = {"degrees", "degree", "deg"}
_PERCENT = {"percent", "per cent", "%"}


@dataclass(frozen=True)
class NormalizedPiece:
    """One output token and the source words [first, last] it stands for (indices and times)."""

    text: str
    first: int
    last: int
    start: float
    end: float
    changed: bool


@dataclass(frozen=True)
class _Num:
    text: str   # written digits, exactly preserving the spoken value ("14.2", "105")
    value: float
    end: int    # index after the last consumed token


def word_core(token: str, *, split_mark: bool = False) -> str:
    """A token's word for lookups: punctuation off, lower-cased; with `split_mark`, also the
    leading hyphen Whisper puts on the second half of a word it split ("self -care")."""
    core = token.strip(PUNCT).lower()
    return core.lstrip("-") if split_mark else core



def _trail(token: str) -> str:
    core = token.rstrip(PUNCT)
    return token[len(core):]


def _split_hyphen(core: str) -> list[str] | None:
    parts = core.split("-")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
        return parts
    return None


def _parse_word_int(cores: Sequence[str], i: int) -> tuple[int, int] | None:
    """Spelled integer below a million starting at i -> (value, next index)."""
    total = 0
    current = 0
    j = i
    seen = False
    last_kind = ""
    while j < len(cores):
        w = cores[j]
        hy = _split_hyphen(w)
        if hy:
            if last_kind in ("unit", "tens"):
                break
            current += _TENS[hy[0]] + _UNITS[hy[1]]
            last_kind = "unit"
        elif w in _UNITS and w != "oh":
            if last_kind == "unit" or (last_kind == "tens" and _UNITS[w] >= 10) or (
                last_kind == "tens" and _UNITS[w] == 0
            ):
                break
            current += _UNITS[w]
            last_kind = "unit"
        elif w in _TENS:
            if last_kind in ("unit", "tens"):
                break
            current += _TENS[w]
            last_kind = "tens"
        elif last_kind == "tens" and w.startswith("-") and 0 < _UNITS.get(w[1:], 0) < 10:
            # "twenty -four": Whisper's split of "twenty-four" into two words
            current += _UNITS[w[1:]]
            last_kind = "unit"
        elif w == "hundred" and seen and last_kind == "unit" and 0 < current < 10:
            current *= 100
            last_kind = "hundred"
        elif w == "thousand" and seen and last_kind in ("unit", "tens", "hundred") and 0 < current < 1000:
            total += current * 1000
            current = 0
            last_kind = "thousand"
        elif (
            w == "and" and last_kind in ("hundred", "thousand") and j + 1 < len(cores)
            and (cores[j + 1] in _UNITS or cores[j + 1] in _TENS or _split_hyphen(cores[j + 1]))
        ):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None
    return total + current, j


def parse_number(cores: Sequence[str], i: int) -> _Num | None:
    """A number at token i: digits ("130", "14.2", "100 and 5") or words ("one hundred five")."""
    if i >= len(cores):
        return None
    w = cores[i]
    if _NUM_RE.match(w):
        digits = w.replace(",", "")
        j = i + 1
        # "100 and 5" (whisper writes the hundreds as digits and the rest as a separate number)
        if (
            "." not in digits and j + 1 < len(cores) and cores[j] == "and" and _NUM_RE.match(cores[j + 1])
            and "." not in cores[j + 1] and int(digits) % 100 == 0 and int(digits) > 0
            and int(cores[j + 1].replace(",", "")) < 100
        ):
            digits = str(int(digits) + int(cores[j + 1].replace(",", "")))
            j += 2
        return _Num(digits, float(digits), j)
    parsed = _parse_word_int(cores, i)
    if parsed is None:
        return None
    value, j = parsed
    text = str(value)
    if j + 1 < len(cores) and cores[j] == "point" and cores[j + 1] in _DIGIT_WORDS:
        frac = ""
        k = j + 1
        while k < len(cores) and cores[k] in _DIGIT_WORDS:
            frac += str(_DIGIT_WORDS[cores[k]])
            k += 1
        text = f"{value}.{frac}"
        j = k
    return _Num(text, float(text), j)


def _is(cores: Sequence[str], i: int, *words: str) -> bool:
    return i + len(words) <= len(cores) and all(cores[i + k] == w for k, w in enumerate(words))


def _match(cores: Sequence[str], i: int) -> tuple[str, int] | None:
    """The clinical pattern starting at token i -> (written text, next index), or None."""
    n = parse_number(cores, i)
    if n is None:
        return None
    j = n.end
    # MMT grade with modifier: "four minus out of five" / "4 plus over 5"
    if j < len(cores) and cores[j] in ("minus", "plus"):
        sign = "-" if cores[j] == "minus" else "+"
        k = j + 1
        if _is(cores, k, "out", "of"):
            k += 2
        elif _is(cores, k, "over"):
            k += 1
        else:
            k = -1
        if k > 0:
            d = parse_number(cores, k)
            if d is not None and "." not in n.text:
                return f"{n.text}{sign}/{d.text}", d.end
    if _is(cores, j, "out", "of") or (_is(cores, j, "over")):
        k = j + 2 if cores[j] == "out" else j + 1
        d = parse_number(cores, k)
        if d is not None and (cores[j] == "out" or d.text in ("5", "10")):
            return f"{n.text}/{d.text}", d.end
    if _is(cores, j, "sets", "of") or _is(cores, j, "set", "of"):
        d = parse_number(cores, j + 2)
        if d is not None:
            return f"{n.text}x{d.text}", d.end
    if j < len(cores):
        unit = cores[j]
        if unit in _DEGREES:
            return f"{n.text}°", j + 1
        if unit in _PERCENT:
            return f"{n.text}%", j + 1
        if _is(cores, j, "per", "cent"):
            return f"{n.text}%", j + 2
        if unit in _SECONDS:
            return f"{n.text} s", j + 1
        if unit in _COUNT_UNITS:
            return f"{n.text} {unit}", j + 1
    return None


_DECIMAL_TAIL = re.compile(r"^\.\d+[" + re.escape(PUNCT) + "]*$")


def join_split_words(words: Sequence[Word]) -> list[Word]:
    """Rejoin words the recogniser split: at a hyphen ("self", "-care") or a decimal point ("19", ".2").

    Whisper writes a hyphenated word's second half as its own token with a leading hyphen, and a
    decimal's fraction as its own token ("16 .4 seconds"); the clinical lexicons match the written
    word ("self-care training", "re-education") and a timed test reads one number (16.4 s).
    """
    out: list[Word] = []
    for w in words:
        text = w.text.strip()
        prev_text = out[-1].text.rstrip() if out else ""
        # a number stays a number: "a two -ton -day" (two today, misheard) keeps its "two"
        number_then_word = word_core(prev_text) in NUMBER_WORDS and word_core(text[1:]) not in NUMBER_WORDS
        hyphen = len(text) > 1 and text.startswith("-") and text[1].isalnum() and not number_then_word
        decimal = _DECIMAL_TAIL.match(text) is not None and prev_text.isdigit()
        if out and (hyphen or decimal) and not prev_text.endswith(tuple(PUNCT)):
            prev = out[-1]
            out[-1] = Word(prev.start, w.end, prev_text + text, min(prev.probability, w.probability))
        else:
            out.append(w)
    return out


def normalize_words(tokens: Sequence[Word]) -> list[NormalizedPiece]:
    """Rewrite spoken clinical numbers in a word sequence; each piece keeps its source span."""
    raw = [w.text.strip() for w in tokens]
    cores = [word_core(t) for t in raw]
    out: list[NormalizedPiece] = []
    i = 0
    while i < len(raw):
        letters = _spelled_letters(raw, i)
        if letters > i + 1:
            # "the V H I ten", "the H H I E,": an instrument's letters said one by one are its name
            written = "".join(t.rstrip(PUNCT) for t in raw[i:letters]) + _trail(raw[letters - 1])
            out.append(NormalizedPiece(written, i, letters - 1, tokens[i].start, tokens[letters - 1].end,
                                       changed=True))
            i = letters
            continue
        # a number ends at its sentence's end or at a comma: "arm up at ninety, nine minutes" is 90 and
        # 9, never 99 (only a comma after "thousand" goes on: "two thousand, five hundred")
        stop = next((k for k in range(i, len(raw)) if raw[k].endswith((".", "?", "!", ";"))
                     or (raw[k].endswith(",") and cores[k] != "thousand")), len(raw) - 1)
        m = _match(cores[: stop + 1], i)
        if m is not None and m[1] > i:
            text, end = m
            lead = raw[i][: len(raw[i]) - len(raw[i].lstrip(PUNCT))]
            written = lead + text + _trail(raw[end - 1])
            source = " ".join(raw[i:end])
            out.append(NormalizedPiece(written, i, end - 1, tokens[i].start, tokens[end - 1].end,
                                       changed=written != source))
            i = end
        else:
            out.append(NormalizedPiece(raw[i], i, i, tokens[i].start, tokens[i].end, changed=False))
            i += 1
    return out


def _spelled_letters(raw: Sequence[str], i: int) -> int:
    """The index after a run of single capital letters from i ("V H I"), or i when there is none.

    A lone "I" or "A" is a word, so a run needs two letters, and a letter followed by punctuation
    closes it ("the H H I E, is 18").
    """
    j = i
    while j < len(raw):
        core = raw[j].rstrip(PUNCT)
        if not (len(core) == 1 and "A" <= core <= "Z"):
            break
        j += 1
        if core != raw[j - 1]:
            break
    return j if j - i >= 2 and "".join(t.rstrip(PUNCT) for t in raw[i:j]) not in ("IA", "AI", "II") else i


def normalize_clinical(text: str) -> str:
    """`normalize_words` for plain text (no times): whitespace-separated tokens, joined with spaces."""
    toks = text.split()
    if not toks:
        return text.strip()
    pieces = normalize_words([Word(0.0, 0.0, t) for t in toks])
    return " ".join(p.text for p in pieces)


def changed_spans(pieces: Sequence[NormalizedPiece]) -> list[NormalizedPiece]:
    """Only the rewritten pieces: what evidence playback needs to seek to a number's words."""
    return [p for p in pieces if p.changed]
