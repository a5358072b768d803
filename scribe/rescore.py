"""Second-pass rescoring: restore clinical phrases the decoder misheard, when the audio agrees.

tiny.en decodes clinical speech through a general-English prior, so a word the model half-heard
comes out as the nearest common word: "numbness" -> "hummus", "stand by assist" -> "ten by assist",
"three sets of eight" -> "free sets on weight". Priming the decoder with a prompt helps only so far
(a long prompt derails tiny models). This pass works after decoding instead, in two steps:

1. **Propose** (`propose_edits`): word windows whose phonetic key is close to a phrase of the
   discipline's lexicon (scribe/data/phrases.yaml), and number pairs joined by a misheard "out of" /
   "sets of", become candidate readings.
2. **Verify** (`rescore_segments`): the same Whisper model scores the decoded text and each candidate
   reading against the chunk's audio by forced alignment (CTranslate2 `align`, the log-probability of
   every token given the audio). A candidate is kept only when the audio supports it about as well
   as what the decoder wrote (within a small bias towards the clinic's words, as in contextual
   biasing). A clinical word the decoder did write is trusted and never swapped for another one:
   tiny.en's own scores once preferred "dizziness" to a correctly heard "numbness".

So a phrase from the lexicon never enters a transcript on its own: the recogniser's own acoustic
score chooses it. Measured on the project's spoken fixtures in docs/scores.md.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from scribe.audio import SAMPLE_RATE
from scribe.normalize import NUMBER_WORDS, WORD_OF
from scribe.transcript import Word

if TYPE_CHECKING:
    from scribe.asr import AsrSegment, LoadedModel

log = logging.getLogger(__name__)

PHRASES_FILE = Path(__file__).with_name("data") / "phrases.yaml"
DISCIPLINES = ("pt", "ot", "slp")
# Phonetic-key similarity (0..1, rapidfuzz InDel ratio) a window needs to be proposed as a phrase.
PROPOSE_RATIO = 0.74
# Log-probability (nats) a lexicon phrase may trail the decoded everyday words by and still win:
# shallow-fusion style biasing towards the clinic's vocabulary, kept small so the audio decides.
PHRASE_BIAS = 3.0
# Only windows holding a word the decoder itself was unsure of are reconsidered: misheard clinical
# words come out with low word probability ("calendar" for cane: 0.09), well-heard ones high.
LOW_CONFIDENCE = 0.5
# Phrase candidates verified per decoded chunk (most similar and least confident first): each costs
# one forced alignment (~30 ms for tiny.en on 2 cores).
MAX_PHRASE_EDITS = 3
_PAD_S = 0.25
MAX_EXTRA_WORDS = 4
_MIN_FRAMES = 1000   # 10 s of mel frames: the shortest encoder input used for scoring


class PhraseLexiconError(ValueError):
    """phrases.yaml is malformed; the message names the file and the field."""


@dataclass(frozen=True, eq=False)  # hashed by identity: the phonetic index is cached per lexicon
class PhraseLexicon:
    phrases: tuple[str, ...]
    templates: tuple[tuple[str, ...], ...]   # literal middles of "# ... #" templates, e.g. ("out", "of")
    soundalikes: dict[str, str]              # misheard word -> number word


@dataclass(frozen=True)
class Edit:
    """Replace words[start:end] of one chunk with `words`; `phrase` says which rule proposed it."""

    start: int
    end: int
    words: tuple[str, ...]
    phrase: str


def _list(value: Any, where: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PhraseLexiconError(f"{path}: {where} must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def parse_phrases(data: Any, path: Path = PHRASES_FILE) -> dict[str, PhraseLexicon]:
    """One lexicon per discipline (common phrases included); key '' is the all-disciplines one."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise PhraseLexiconError(f"{path}: version must be 1")
    sounds = data.get("soundalikes")
    if not isinstance(sounds, dict):
        raise PhraseLexiconError(f"{path}: soundalikes must be a mapping of number word -> list")
    soundalikes: dict[str, str] = {}
    for number, heard in sounds.items():
        if number not in NUMBER_WORDS:
            raise PhraseLexiconError(f"{path}: soundalikes.{number} is not a number word")
        for h in _list(heard, f"soundalikes.{number}", path):
            soundalikes[h.lower()] = str(number)
    templates = []
    for t in _list(data.get("templates"), "templates", path):
        parts = t.lower().split()
        if len(parts) < 3 or parts[0] != "#" or parts[-1] != "#" or "#" in parts[1:-1]:
            raise PhraseLexiconError(f"{path}: templates entry {t!r} must look like '# words #'")
        templates.append(tuple(parts[1:-1]))
    common = _list(data.get("common"), "common", path)
    out: dict[str, PhraseLexicon] = {}
    every: list[str] = list(common)
    for disc in DISCIPLINES:
        own = _list(data.get(disc), disc, path)
        every.extend(own)
        out[disc] = PhraseLexicon(tuple(dict.fromkeys([*common, *own])), tuple(templates), soundalikes)
    out[""] = PhraseLexicon(tuple(dict.fromkeys(every)), tuple(templates), soundalikes)
    return out


@lru_cache(maxsize=1)
def _lexicons() -> dict[str, PhraseLexicon]:
    try:
        data = yaml.safe_load(PHRASES_FILE.read_text())
    except yaml.YAMLError as exc:
        raise PhraseLexiconError(f"{PHRASES_FILE}: not valid YAML ({exc})") from exc
    return parse_phrases(data)


def lexicon_for(discipline: str | None, extra: Sequence[str] = ()) -> PhraseLexicon:
    """The discipline's phrases plus an episode's own short terms.

    Context terms can be whole goal sentences (the worker passes the episode's goals); only terms
    of up to MAX_EXTRA_WORDS words become phrases, so a candidate never rewrites a sentence.
    """
    base = _lexicons().get((discipline or "").lower(), _lexicons()[""])
    more = tuple(" ".join(t.split()) for t in extra if 0 < len(t.split()) <= MAX_EXTRA_WORDS)
    if not more:
        return base
    return PhraseLexicon(tuple(dict.fromkeys([*base.phrases, *more])), base.templates, base.soundalikes)


# --- phonetic keys -----------------------------------------------------------------------------

_RULES = [
    (r"(?<=[^aeiouy])e$", ""), (r"tion|sion", "xan"), (r"ph", "f"), (r"gh", ""), (r"ck", "k"),
    (r"sch", "sk"), (r"sh|ch", "x"),
    (r"th", "0"), (r"wh", "w"), (r"qu", "kw"), (r"^kn|^gn", "n"), (r"^wr", "r"), (r"mb$", "m"),
    (r"c(?=[eiy])", "s"), (r"c", "k"), (r"q", "k"), (r"x", "ks"), (r"z", "s"), (r"b", "p"),
    (r"d", "t"), (r"g", "k"), (r"v", "f"), (r"j", "x"), (r"h", ""), (r"[aeiouy]+", "a"),
    (r"(.)\1+", r"\1"),
]


@lru_cache(maxsize=8192)
def phonetic_key(word: str) -> str:
    """A coarse sound key: voicing merged, vowels collapsed, so 'hummus' and 'numbness' are near."""
    w = re.sub(r"[^a-z]", "", word.lower())
    for pattern, repl in _RULES:
        w = re.sub(pattern, repl, w)
    return w


def number_to_words(n: int) -> str:
    if n < 20:
        return WORD_OF[n]
    if n < 100:
        return WORD_OF[n - n % 10] + ("" if n % 10 == 0 else " " + WORD_OF[n % 10])
    if n < 1000:
        rest = n % 100
        return WORD_OF[n // 100] + " hundred" + ("" if rest == 0 else " " + number_to_words(rest))
    return str(n)


def norm_token(word: str) -> str:
    """Lower-case letters and digits; digits are spelled so '10 by' can sound like 'stand by'."""
    w = re.sub(r"[^a-z0-9.]", "", word.lower()).strip(".")
    if re.fullmatch(r"\d{1,3}", w):
        return number_to_words(int(w))
    return re.sub(r"[^a-z]", "", w)


def _is_number(word: str) -> bool:
    w = re.sub(r"[^a-z0-9.]", "", word.lower()).strip(".")
    return bool(w) and (w in NUMBER_WORDS or bool(re.fullmatch(r"\d+(\.\d+)?", w)))


# --- proposing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Indexed:
    phrase: str
    words: tuple[str, ...]
    key: str


@lru_cache(maxsize=16)
def _index(lexicon: PhraseLexicon) -> tuple[tuple[_Indexed, ...], frozenset[str]]:
    items = []
    for p in lexicon.phrases:
        words = tuple(norm_token(w) for w in p.replace("-", " ").split())
        key = "".join(phonetic_key(w) for w in words)
        if len(key) >= 3:
            items.append(_Indexed(p, words, key))
    return tuple(items), frozenset(" ".join(i.words) for i in items)


def propose_edits(words: Sequence[str], lexicon: PhraseLexicon,
                  probabilities: Sequence[float] | None = None) -> list[Edit]:
    """Candidate readings of a chunk's words; each is checked against the audio before use.

    With `probabilities` (the decoder's per-word confidence), only windows holding a word below
    LOW_CONFIDENCE are considered.
    """
    from rapidfuzz import fuzz, process

    items, known = _index(lexicon)
    toks = [norm_token(w) for w in words]
    doubtful = [p < LOW_CONFIDENCE for p in probabilities] if probabilities else [True] * len(words)

    keys = [phonetic_key(t) for t in toks]
    probs = list(probabilities) if probabilities else [0.0] * len(words)

    def around(start: int, end: int) -> str:
        return " ".join(toks[max(0, start - 1):end + 1])

    ranked: dict[tuple[int, int, tuple[str, ...]], tuple[float, Edit]] = {}
    choices = [i.key for i in items]
    max_len = max((len(i.words) for i in items), default=1) + 1
    for start in range(len(toks)):
        if not toks[start]:
            continue
        for length in range(1, max_len + 1):
            end = start + length
            if end > len(toks) or not toks[end - 1]:
                break
            if not any(doubtful[start:end]) or all(_is_number(w) for w in words[start:end]):
                continue
            window = " ".join(toks[start:end])
            key = "".join(keys[start:end])
            if len(key) < 3 or _contains_phrase(window, known):
                continue  # a clinical word the decoder wrote is trusted, never swapped for another
            for _choice, score, idx in process.extract(key, choices, scorer=fuzz.ratio,
                                                       score_cutoff=PROPOSE_RATIO * 100, limit=2):
                item = items[idx]
                phrase = " ".join(item.words)
                if abs(len(item.words) - length) > 1 or phrase in around(start, end):
                    continue  # already said (a window a word short of it is not a mishearing)
                edit = Edit(start, end, tuple(item.phrase.split()), item.phrase)
                rank = score / 100 + (LOW_CONFIDENCE - min(probs[start:end]))
                ranked[(start, end, edit.words)] = (rank, edit)
    best = sorted(ranked.values(), key=lambda r: -r[0])[:MAX_PHRASE_EDITS]
    edits = {(e.start, e.end, e.words): e for _, e in best}
    # a soundalike in the number slot of a score heard whole ("high out of 10") is proposed however
    # sure the decoder was: little else is said in that shape, and the audio still decides. A
    # different middle ("3 and 10") is proposed only where the decoder was unsure.
    for e in _template_edits(words, toks, lexicon):
        heard_shape = tuple(toks[e.start + 1 : e.end - 1]) == e.words[1:-1]
        if any(doubtful[e.start:e.end]) or heard_shape:
            edits[(e.start, e.end, e.words)] = e
    for e in _merged_number_edits(words):
        if any(doubtful[e.start:e.end]):
            edits[(e.start, e.end, e.words)] = e
    return list(edits.values())


def _contains_phrase(window: str, known: frozenset[str]) -> bool:
    return window in known or any(w in known for w in window.split())


def _merged_number_edits(words: Sequence[str]) -> list[Edit]:
    """'3880' -> '38 out of 80', '105' -> 'out of 5': tiny.en runs a spoken score into one number."""
    out: list[Edit] = []
    for i, w in enumerate(words):
        m = re.fullmatch(r"(\d{3,4})([.,?!]?)", w.strip())
        if not m:
            continue
        digits = m.group(1)
        for cut in range(1, len(digits)):
            a, b = digits[:cut], digits[cut:]
            if b.startswith("0") or a.startswith("0"):
                continue
            out.append(Edit(i, i + 1, (a, "out", "of", b), "# out of #"))
        if len(digits) == 3 and digits[0] == "1" and digits[1:] != "00":
            out.append(Edit(i, i + 1, ("out", "of", str(int(digits[1:]))), "out of #"))
    return out


def _template_edits(words: Sequence[str], toks: Sequence[str], lexicon: PhraseLexicon) -> list[Edit]:
    """'three -hour and ten' -> 'three out of ten'; 'free sets on weight' -> 'three sets of eight'."""
    def slot(i: int) -> str | None:
        if _is_number(words[i]):
            return words[i].strip(" -.,")
        return lexicon.soundalikes.get(toks[i])

    out: list[Edit] = []
    for i in range(len(toks)):
        first = slot(i)
        if first is None:
            continue
        for gap in (1, 2):
            j = i + gap + 1
            if j >= len(toks):
                break
            if any(_is_number(words[k]) for k in range(i + 1, j)):
                break
            if any(re.search(r"[.?!,;:]$", words[k]) for k in range(i, j)):
                break  # a sentence or clause ends inside: not one spoken score
            last = slot(j)
            if last is None:
                continue
            middle = tuple(toks[i + 1:j])
            for tmpl in lexicon.templates:
                if middle == tmpl and first == words[i].strip(" -.,") and last == words[j].strip(" -.,"):
                    continue
                out.append(Edit(i, j + 1, (first, *tmpl, last), "# " + " ".join(tmpl) + " #"))
    return out


# --- verifying against the audio --------------------------------------------------------------


class _Scorer:
    """Log-probability of a text given a chunk's audio, from the loaded Whisper model."""

    def __init__(self, loaded: LoadedModel, audio: np.ndarray) -> None:
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.tokenizer import Tokenizer

        model = loaded.model
        self._model = model
        self._tok = Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe",
                              language="en")
        feats = model.feature_extractor(audio)
        self._frames = min(int(feats.shape[-1]), 3000)
        # The encoder is given the chunk's own length (padded to whole seconds), not Whisper's 30 s:
        # CTranslate2 accepts it, it is 3-4x cheaper for a short chunk, and candidates ranked the
        # same on the fixtures (docs/NOTES.md, session 2).
        length = min(3000, max(_MIN_FRAMES, -(-self._frames // 100) * 100 + 100))
        self._enc = model.encode(pad_or_trim(feats, length))
        # No vocabulary prompt here: scored with it, the candidates ranked the same on the fixtures
        # at twice the cost (the prompt's ~90 tokens are re-read for every candidate).
        self._start = list(self._tok.sot_sequence)

    def logprob(self, text: str) -> float:
        ids = self._tok.encode(" " + text.strip())
        if not ids:
            return -math.inf
        res = self._model.model.align(self._enc, self._start, [ids], self._frames)[0]
        return float(sum(math.log(max(p, 1e-12)) for p in res.text_token_probs))


def _apply(words: list[Word], edit: Edit) -> list[Word]:
    span = words[edit.start:edit.end]
    t0, t1 = span[0].start, span[-1].end
    step = (t1 - t0) / len(edit.words)
    tail = re.search(r"[.,?!;:]+$", span[-1].text)
    new = [Word(start=round(t0 + i * step, 3), end=round(t0 + (i + 1) * step, 3), text=w,
                probability=min(x.probability for x in span))
           for i, w in enumerate(edit.words)]
    first = span[0].text.lstrip(" -")
    if first[:1].isupper() and new[0].text[:1].islower():
        new[0] = Word(new[0].start, new[0].end, new[0].text[:1].upper() + new[0].text[1:], new[0].probability)
    if tail:
        new[-1] = Word(new[-1].start, new[-1].end, new[-1].text + tail.group(0), new[-1].probability)
    return [*words[:edit.start], *new, *words[edit.end:]]


def _text(words: Sequence[Word]) -> str:
    return " ".join(w.text.strip() for w in words)


def rescore_segments(
    samples: np.ndarray,
    segments: list[AsrSegment],
    loaded: LoadedModel,
    lexicon: PhraseLexicon,
    *,
    offset_s: float = 0.0,
) -> list[AsrSegment]:
    """Each chunk's words with the candidate readings the audio prefers (segments edited in place)."""
    for seg in segments:
        if not seg.words:
            continue
        edits = propose_edits([w.text for w in seg.words], lexicon, [w.probability for w in seg.words])
        if not edits:
            continue
        a = max(0, int((seg.start - offset_s - _PAD_S) * SAMPLE_RATE))
        b = min(samples.size, int((seg.end - offset_s + _PAD_S) * SAMPLE_RATE))
        if b - a < SAMPLE_RATE // 4 or b - a > 30 * SAMPLE_RATE:
            continue
        scorer = _Scorer(loaded, samples[a:b])
        base = scorer.logprob(_text(seg.words))
        gains: list[tuple[float, Edit]] = []
        for edit in edits:
            lp = scorer.logprob(_text(_apply(seg.words, edit)))
            gain = lp - base + PHRASE_BIAS
            if gain > 0:
                gains.append((gain, edit))
        if not gains:
            continue
        chosen: list[Edit] = []
        for _gain, edit in sorted(gains, key=lambda g: -g[0]):
            if all(edit.end <= c.start or edit.start >= c.end for c in chosen):
                chosen.append(edit)
        words = list(seg.words)
        for edit in sorted(chosen, key=lambda e: -e.start):
            words = _apply(words, edit)
        log.debug("rescored %d span(s) in chunk at %.1fs", len(chosen), seg.start)
        seg.words = words
        seg.text = _text(words)
    return segments
