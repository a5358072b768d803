"""Learn the recogniser's systematic mishearings of clinical words (writes scribe/data/confusions.yaml).

tiny.en hears clinical speech through a general-English prior and writes some clinical words as the
same everyday words again and again ("numbness" -> "hummus", "grip" -> "rip", "pinch" -> "winch").
Acoustic rescoring (scribe/rescore.py) can only restore what the model half-heard; these it hears
confidently wrong. This tool measures them instead of guessing: it generates clinical sentences from
the project's own lexicons (terms x carrier sentences x spoken numbers, plus small talk so everyday
words are counted as heard right too), speaks them with espeak-ng (../shared/samples/speak.py),
runs them through the production pipeline (`scribe.pipeline.transcribe_file`, prompt and rescoring
included), aligns each written clinical form against the reference's and counts, for every short
heard phrase, how often it stood for a clinical phrase and how often it was simply right. A phrase
becomes a correction only when it recurs and almost always stood for the same clinical phrase.

The corpus is generated, never taken from the scored sessions (tests/fixtures/sessions, the shared
samples), so docs/scores.md stays a held-out measure.

    python -m bench.confusions [--sessions 48] [--out scribe/data/confusions.yaml]
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "scribe" / "data" / "confusions.yaml"
MEAS = ROOT / "note_builder" / "data" / "measurements.yaml"
NEG = ROOT / "note_builder" / "data" / "negation.yaml"
PHRASES = ROOT / "scribe" / "data" / "phrases.yaml"

# A heard phrase becomes a correction when it stood for the same clinical phrase at least this many
# times and in at least this share of all the times it was heard.
MIN_COUNT = 2
MIN_PRECISION = 0.85
MAX_WORDS = 3
# How many times more often than general English the corpus is assumed to say an everyday word
# legitimately in a session (see `learn`); large, so that doubt keeps a word out.
EVERYDAY_WEIGHT = 20.0
# How much more often two everyday words come together than chance would have it (see `_everyday`).
COLLOCATION = 30.0
# A heard phrase made only of common English words (each at least this Zipf frequency: 10 per
# million words) is a plausible thing to say, so it needs more evidence to become a correction.
COMMON_ZIPF = 4.0
MIN_COUNT_COMMON = 5

INTERVENTIONS = [
    "therapeutic exercise",
    "neuromuscular re-education",
    "gait training",
    "manual therapy",
    "therapeutic activities",
    "self care training",
    "paraffin",
    "ultrasound",
    "electrical stimulation",
    "a hot pack",
    "mechanical traction",
    "massage",
    "iontophoresis",
    "sensory integration",
    "wheelchair management training",
    "orthotic training",
    "balance training",
    "joint mobilization",
    "soft tissue mobilization",
    "speech therapy",
    "swallowing treatment",
    "cognitive training",
]
SIDES = ["left", "right"]
BANDS = ["red", "yellow", "green", "blue", "black"]
SMALL_TALK = [
    "How was your weekend with the grandkids?",
    "The traffic was terrible on the way in this morning.",
    "Did you watch the game last night?",
    "My daughter is visiting from Ohio next week.",
    "I finally planted the tomatoes in the garden.",
    "It is supposed to rain all afternoon.",
    "We went to the lake on Sunday and had a picnic.",
    "The parking lot was full again today.",
    "I made soup for the whole family yesterday.",
    "My dog keeps waking me up at five in the morning.",
    "Can I get some water before we start?",
    "That sounds like a lovely trip.",
    "I have a doctor's appointment on Thursday.",
    "The new coffee shop downtown is really good.",
    "Let me get the mat ready for you.",
    "Have a seat right here and we will get started.",
    "My husband drove me today because my car is in the shop.",
    "It was my granddaughter's birthday.",
]


def _spell(n: int) -> str:
    """Integer below 1000 in words, as a clinician says it ("one hundred five", "thirty eight")."""
    from scribe.normalize import WORD_OF

    if n < 20:
        return WORD_OF[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return WORD_OF[tens * 10] + ("" if unit == 0 else " " + WORD_OF[unit])
    hundreds, rest = divmod(n, 100)
    return WORD_OF[hundreds] + " hundred" + ("" if rest == 0 else " " + _spell(rest))


def _plain(term: str) -> str:
    return term.replace("/", " ").replace("-", " ") if "re-education" not in term else term


def lexicon_terms() -> dict[str, list[str]]:
    """The clinical terms the corpus speaks, by kind, from the note builder's and rescorer's lexicons."""
    meas = yaml.safe_load(MEAS.read_text())
    neg = yaml.safe_load(NEG.read_text())
    phrases = yaml.safe_load(PHRASES.read_text())
    return {
        "finding": [f for f in neg["findings"] if f not in ("difficulty", "breaks")],
        "body_part": [b for b in meas["body_parts"] if " spine" not in b] + ["neck", "low back"],
        "motion": list(meas["motions"]),
        "muscle": [m for m in meas.get("muscles", {})],
        "assist": [a for a in meas["assist_levels"] if a != "set up"],
        "task": list(meas["tasks"]),
        "device": list(meas["devices"]),
        "instrument": [i.get("full_name", i["name"]).split(",")[0] for i in meas["instruments"]]
        + [i["name"] for i in meas["instruments"] if i["name"].isalpha() and len(i["name"]) > 4],
        "special_test": list(meas["special_tests"]),
        "slp_target": list(meas["slp_targets"]),
        "duration_task": [d for d in meas["duration_tasks"] if d not in ("hold", "task completion")],
        "phrase": [p for d in ("common", "pt", "ot", "slp") for p in phrases.get(d, [])],
    }


def _carriers(kind: str, term: str, r: random.Random) -> list[tuple[str, str]]:
    """(speaker, sentence) readings of one term in sentences shaped like session speech."""
    n = r.randint(2, 9)
    side = r.choice(SIDES)
    num = _spell(r.randint(11, 95))
    if kind == "finding":
        return [
            ("P", f"No {term} today, just a little tired."),
            ("T", f"She denies any {term} with the exercises."),
            ("T", f"He reports {term} after standing for a while."),
            ("P", f"I noticed some {term} last night."),
            ("C", f"She has not had any {term} at home."),
        ]
    if kind == "body_part":
        return [
            ("T", f"The {side} {term} is moving better today."),
            ("P", f"My {term} feels stiff in the morning."),
            ("P", f"The {term} still hurts when I carry the groceries."),
        ]
    if kind == "motion":
        return [
            ("T", f"{side.capitalize()} {term} measures {_spell(r.randint(5, 150))} degrees."),
            ("T", f"Active {term} improved to {_spell(r.randint(5, 150))} degrees on the {side}."),
        ]
    if kind == "muscle":
        return [
            ("T", f"The {side} {term} test at four minus out of five."),
            ("T", f"{term.capitalize()} strength is three plus out of five on the {side}."),
        ]
    if kind == "assist":
        return [
            ("T", f"She completed the transfer with {term} assist."),
            ("T", f"Toilet transfers were {term} today."),
        ]
    if kind == "task":
        return [
            ("T", f"{term.capitalize()} was minimal assist today."),
            ("T", f"He needed contact guard assist for {term}."),
            ("C", f"At home he does {term} by himself now."),
        ]
    if kind == "device":
        return [
            ("T", f"She walked two hundred feet with the {term}."),
            ("T", f"We issued a {term} for home."),
            ("C", f"At home she still uses the {term} when she goes outside."),
        ]
    if kind == "instrument":
        return [
            ("T", f"The {term} score today is {num}, down from {_spell(r.randint(20, 90))}."),
            ("T", f"Her {term} came in at {num}."),
            (
                "T",
                f"Your {term} today is {num}, up from {_spell(r.randint(10, 60))} at the initial evaluation.",
            ),
        ]
    if kind == "special_test":
        res = r.choice(["positive", "negative"])
        return [
            ("T", f"{term.capitalize()} test is {res} on the {side}."),
            ("T", f"The {term} was {res} today."),
            (
                "T",
                f"{term.capitalize()}'s sign at the {side} wrist is {res} now, "
                f"and the {term} test is {res} too.",
            ),
        ]
    if kind == "slp_target":
        return [
            (
                "T",
                f"{term.capitalize()} was {_spell(r.choice([60, 70, 80, 90]))} percent "
                "accurate in ten trials.",
            ),
            ("T", f"He got {_spell(n)} out of ten on {term} with moderate verbal cues."),
        ]
    if kind == "duration_task":
        return [
            ("T", f"{term.capitalize()} was {_spell(r.randint(3, 30))} minutes today."),
            ("T", f"{term.capitalize()} lasted {_spell(r.randint(5, 45))} seconds on the {side}."),
        ]
    if kind == "intervention":
        return [
            ("T", f"We did {_spell(r.randint(8, 38))} minutes of {term}."),
            ("T", f"{term.capitalize()} for {_spell(r.randint(8, 38))} minutes to finish."),
        ]
    return [("T", f"Today we worked on {term}."), ("T", f"We talked about {term} and the plan.")]


def _numbers(r: random.Random) -> list[tuple[str, str]]:
    """Number shapes that carry measurements: pain, sets and reps, strength, distances, trials."""
    side = r.choice(SIDES)
    return [
        ("P", f"It's about a {_spell(r.randint(1, 9))} out of ten today."),
        ("P", f"Last time it was a {_spell(r.randint(2, 9))}."),
        (
            "T",
            f"{_spell(r.randint(2, 4)).capitalize()} sets of {_spell(r.choice([8, 10, 12, 15]))} with the "
            f"{r.choice(BANDS)} band.",
        ),
        ("T", f"Grip on the {side} is {_spell(r.randint(12, 90))} pounds."),
        (
            "T",
            f"{r.choice(['Tip', 'Lateral', 'Three point', 'Key'])} pinch is {_spell(r.randint(3, 20))} "
            f"pounds on the {side}, and {r.choice(['tip', 'lateral', 'three point'])} pinch is "
            f"{_spell(r.randint(3, 20))} pounds.",
        ),
        (
            "T",
            f"At the {r.choice(['evaluation', 'initial evaluation', 'last visit', 'last progress report'])} "
            "it was "
            f"{_spell(r.randint(10, 60))} {r.choice(['pounds', 'degrees', 'seconds', 'feet', 'percent'])}.",
        ),
        (
            "P",
            f"{r.choice(['No', 'Some', 'A little'])} "
            f"{r.choice(['numbness', 'tingling', 'swelling', 'dizziness'])} "
            f"{r.choice(['at night', 'in the morning', 'after work', 'when I walk'])}, maybe a "
            f"{_spell(r.randint(1, 8))}.",
        ),
        ("T", f"She walked {_spell(r.randint(1, 5) * 50)} feet with the rolling walker."),
        ("T", f"{_spell(r.randint(3, 19)).capitalize()} out of twenty trials were correct."),
        (
            "T",
            f"Speech was {_spell(r.choice([50, 60, 70, 75, 80, 85, 90]))} percent "
            "intelligible in conversation.",
        ),
    ]


def corpus(sessions: int, seed: int = 7) -> list[list[tuple[str, str]]]:
    """Generated session scripts (lists of (speaker, sentence)); every term appears in every carrier."""
    r = random.Random(seed)
    items: list[tuple[str, str]] = []
    for kind, terms in {**lexicon_terms(), "intervention": INTERVENTIONS}.items():
        for term in dict.fromkeys(terms):
            items.extend(_carriers(kind, _plain(term), r))
    for _ in range(max(1, sessions * 2)):
        items.extend(_numbers(r))
    items.extend(("P", s) for s in SMALL_TALK * 3)
    r.shuffle(items)
    per = max(1, len(items) // sessions + 1)
    return [items[i : i + per] for i in range(0, len(items), per)]


def _tokens(text: str) -> list[str]:
    from scribe.normalize import normalize_words
    from scribe.transcript import Word

    words = [Word(i, i + 1, t, 1.0) for i, t in enumerate(text.split())]
    written = " ".join(p.text for p in normalize_words(words))
    return [
        t
        for t in re.findall(r"[a-z0-9/°%+-]+", written.lower().replace(" -", " ").replace("- ", " "))
        if t.strip("-")
    ]


def _clinical_words() -> frozenset[str]:
    """Words of the lexicons' terms: a correction must restore at least one of them."""
    from scribe.normalize import NUMBER_WORDS

    common = {
        "the",
        "a",
        "an",
        "of",
        "on",
        "in",
        "to",
        "and",
        "with",
        "for",
        "at",
        "is",
        "was",
        "test",
        "training",
    }
    words = {
        w
        for terms in [*lexicon_terms().values(), INTERVENTIONS]
        for t in terms
        for w in re.findall(r"[a-z]+", _plain(t).lower())
    }
    return frozenset(words - common - set(NUMBER_WORDS))


def _everyday(phrase: str, word_frequency: Callable[[str, str], float]) -> float:
    """How often general English says `phrase`, per word: a word's own frequency; for a phrase, the
    product of its words' (as if independent) times COLLOCATION for words that go together, never
    more than wordfreq's own estimate for the phrase (which is about that of its rarest word)."""
    words = phrase.split()
    whole = word_frequency(phrase, "en")
    if len(words) == 1:
        return whole
    return min(whole, math.prod(word_frequency(w, "en") for w in words) * COLLOCATION)


def learn(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """(reference, heard) clinical forms -> corrections with their counts and precision.

    Every mishearing is counted bare ("rip" for grip) and with the correctly heard word on either
    side ("tip winch" for tip pinch). A heard phrase's precision is the share of the times it stood
    for its clinical phrase among all the times it was heard, where the times it was heard right
    include what general English predicts: the corpus is dense with clinical words and thin on
    everyday ones, so an everyday word ("man" for band) would look safe when it is not. Its
    frequency in English (wordfreq) times the corpus's size, times EVERYDAY_WEIGHT, is added to the
    times heard right. So common words survive only with context ("yellow man" for yellow band).

    Kept: heard phrases of more than two letters, not made of clinical words only (a clinical word
    the decoder wrote is trusted), with no number word on either side (numbers are the number
    view's and the rescorer's), whose meaning restores a clinical word, that stood for the same
    phrase at least MIN_COUNT times (MIN_COUNT_COMMON when every misheard word is common English
    and no clinical word beside it anchors it) with at least MIN_PRECISION; a phrase with context
    is dropped when its bare core is kept.
    """
    from wordfreq import word_frequency, zipf_frequency

    from scribe.normalize import NUMBER_WORDS

    clinical = _clinical_words()
    numbers = set(NUMBER_WORDS)
    stood_for: dict[str, Counter[str]] = defaultdict(Counter)
    core_of: dict[str, str] = {}
    right: Counter[str] = Counter()
    tokens = 0
    for ref_text, hyp_text in pairs:
        ref, hyp = _tokens(ref_text), _tokens(hyp_text)
        tokens += len(hyp)
        ops = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op == "equal":
                for n in range(1, MAX_WORDS + 2):
                    for k in range(j1, j2 - n + 1):
                        right[" ".join(hyp[k : k + n])] += 1
            elif op == "replace" and i2 - i1 <= MAX_WORDS and j2 - j1 <= MAX_WORDS:
                heard, meant = hyp[j1:j2], ref[i1:i2]
                core = " ".join(heard)
                variants = [(heard, meant)]
                if j1 > 0 and i1 > 0 and hyp[j1 - 1] == ref[i1 - 1]:
                    variants.append(([hyp[j1 - 1], *heard], [ref[i1 - 1], *meant]))
                if j2 < len(hyp) and i2 < len(ref) and hyp[j2] == ref[i2]:
                    variants.append(([*heard, hyp[j2]], [*meant, ref[i2]]))
                for h, m in variants:
                    if any(c.isdigit() for c in "".join(h + m)):
                        continue  # numbers are the number view's and the rescorer's business
                    stood_for[" ".join(h)][" ".join(m)] += 1
                    core_of[" ".join(h)] = core
    candidates: dict[str, dict[str, Any]] = {}
    for phrase, meanings in sorted(stood_for.items()):
        meaning, count = meanings.most_common(1)[0]
        everyday = _everyday(phrase, word_frequency) * tokens * EVERYDAY_WEIGHT
        precision = count / (sum(meanings.values()) + right[phrase] + everyday)
        words, restored = set(phrase.split()), set(meaning.split())
        misheard = set(core_of[phrase].split())
        plausible = all(zipf_frequency(w, "en") >= COMMON_ZIPF for w in misheard)
        anchored = bool((words - misheard) & clinical)  # "gate training": its context is clinical
        if plausible and not anchored and count < MIN_COUNT_COMMON:
            continue
        if (
            count >= MIN_COUNT
            and precision >= MIN_PRECISION
            and len(phrase) > 2
            and restored & clinical - words
            and not words <= clinical
            and not (words | restored) & numbers
        ):
            candidates[phrase] = {"means": meaning, "count": count, "precision": round(precision, 2)}
    return {h: r for h, r in candidates.items() if h == core_of[h] or core_of[h] not in candidates}


def _transcribe(script: list[tuple[str, str]], idx: int, tmp: Path) -> list[tuple[str, str]]:
    from scribe.pipeline import transcribe_file
    from settings import get_settings

    spec = {"id": f"c{idx:03d}", "turns": [list(t) for t in script]}
    path = tmp / f"{spec['id']}.yaml"
    path.write_text(yaml.safe_dump(spec))
    subprocess.run(
        [sys.executable, str(SHARED / "samples" / "speak.py"), str(path), str(tmp)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    timeline = json.loads((tmp / f"{spec['id']}.timeline.json").read_text())
    discipline = ("pt", "ot", "slp")[idx % 3]  # each discipline's prompt shapes what is heard
    transcript = transcribe_file(tmp / f"{spec['id']}.wav", discipline=discipline, settings=get_settings())
    words = [w for s in transcript.segments for w in s.words]
    out = []
    for turn in timeline:
        heard = " ".join(
            w.text for w in words if turn["start"] - 0.3 <= (w.start + w.end) / 2 <= turn["end"] + 0.3
        )
        out.append((turn["text"], heard))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=48, help="generated sessions to speak and decode")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--pairs", type=Path, default=None, help="keep the (reference, heard) pairs as JSON")
    ap.add_argument("--seed", type=int, default=7, help="the generated corpus's random seed")
    ap.add_argument(
        "--from-pairs",
        type=Path,
        nargs="+",
        default=None,
        help="learn from pairs kept by earlier --pairs runs instead of decoding again",
    )
    args = ap.parse_args()
    if args.from_pairs:
        pairs = [(str(r), str(h)) for f in args.from_pairs for r, h in json.loads(f.read_text())]
    else:
        scripts = corpus(args.sessions, args.seed)
        pairs = []
        with tempfile.TemporaryDirectory() as tmp:
            for i, script in enumerate(scripts):
                pairs.extend(_transcribe(script, i, Path(tmp)))
                print(f"\r{i + 1}/{len(scripts)} sessions decoded", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
    if args.pairs:
        args.pairs.write_text(json.dumps(pairs, indent=0))
    rules = learn(pairs)
    header = (
        "# Systematic mishearings of clinical words by the packaged recogniser, learned by\n"
        "# `python -m bench.confusions` from generated sessions (never the scored ones).\n"
        "# heard (written form, lower case) -> means: the clinical phrase it stood for; count: times it\n"
        "# stood for it; precision: share of all the times it was heard. Regenerate, never hand-edit.\n"
    )
    body = {"version": 1, "model": "tiny.en", "sentences": len(pairs), "corrections": rules}
    args.out.write_text(header + yaml.safe_dump(body, sort_keys=False, width=110))
    print(f"{len(rules)} corrections from {len(pairs)} sentences -> {args.out}")


if __name__ == "__main__":
    main()
