"""Findings the speaker says are absent ("no numbness", "denies dizziness", "did not show any signs of
frustration"), NegEx-style: a trigger opens a scope that runs to the end of its clause, and the
finding is the clinical term inside that scope (from data/negation.yaml) or, failing that, the
first noun-like words after the trigger.

A negated finding must never be reported as present, so `negated_spans` also lets the measurement
and statement builders ask whether a given stretch of text sits inside a negation scope.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from note_builder.numbers import (
    alternation,
    lexicon_matches,
    load_data,
    norm_view,
    one_edit,
    require,
    skeleton,
    variants_map,
)
from note_builder.types import SAME_TURN_PAUSE_S, Evidence, NegatedFinding
from scribe.transcript import Segment

_FILE = "negation.yaml"
_BOUNDARY = re.compile(r"[.!?;:,]|\s-\s")
_CIRCUMSTANCE = re.compile(r"\b(?:with|during|while|when)\b")


def _in_circumstance(text: str, start: int, pos: int) -> bool:
    """Whether `pos` sits in a "with ..." phrase after `start` that no list connector has closed."""
    cuts = list(_CIRCUMSTANCE.finditer(text, start, pos))
    return bool(cuts) and not re.search(r",|\b(?:or|and|nor)\b", text[cuts[-1].end() : pos])


_GOAL = re.compile(r"\b(goals?|plan|will be able|would like to|wants? to|hopes? to|in order to|so that)\b")


@dataclass(frozen=True)
class _NegLex:
    pre: re.Pattern[str]
    post: re.Pattern[str]
    pseudo: re.Pattern[str]
    findings: tuple[re.Pattern[str], dict[str, str]]
    terminators: re.Pattern[str]
    skip: frozenset[str]
    stop: frozenset[str]
    not_findings: frozenset[str]
    located: re.Pattern[str]
    parts: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> _NegLex:
    """Triggers, pseudo-triggers and findings from data/negation.yaml, validated once per process."""
    d = load_data(_FILE)
    pre = require(d, "pre_triggers", list, _FILE)
    post = require(d, "post_triggers", list, _FILE)
    pseudo = require(d, "pseudo", list, _FILE)
    parts = _alt(require(d, "located_parts", list, _FILE))  # where a symptom can be
    return _NegLex(
        pre=re.compile(rf"(?<![\w'])(?:{_alt(pre)})(?![\w'])"),
        post=re.compile(rf"(?:{_alt(post)})(?![\w])"),
        pseudo=re.compile(rf"(?<![\w'])(?:{_alt([re.escape(p) for p in pseudo])})"),
        findings=alternation(variants_map(d, "findings", _FILE)),
        terminators=re.compile(rf"\b(?:{_alt(require(d, 'terminators', list, _FILE))})\b"),
        skip=frozenset(require(d, "skip_words", list, _FILE)),
        stop=frozenset(require(d, "stop_words", list, _FILE)),
        not_findings=frozenset(require(d, "not_findings", list, _FILE)),
        parts=re.compile(rf"\b(?:{parts})\b"),
        located=re.compile(
            r"\s+(?P<prep>in|at|around|behind|down|along|on)\s+(?:the|your|his|her|my|their)\s+"
            rf"(?P<part>(?:(?:left|right)\s+)?(?:{parts}))\b"
        ),
    )


@dataclass(frozen=True)
class NegatedSpan:
    """A negation scope in a segment's normalised text, with the finding it negates."""

    finding: str
    scope: tuple[int, int]
    quote: tuple[int, int]


# "none of that phantom pain": the demonstrative points at the finding; it opens no clause
_OF_THAT = re.compile(r"\s+of\s+(?:that|this|those|these)\b")


def _scope_end(text: str, start: int) -> int:
    lex = lexicon()
    end = len(text)
    b = _BOUNDARY.search(text, start)
    if b:
        end = b.start()
    that = _OF_THAT.match(text, start)
    t = lex.terminators.search(text, that.end() if that else start, end)
    if t:
        end = t.start()
    return end


def _list_end(text: str, end: int) -> int:
    """Extend a scope over a comma list of findings: "denies numbness, tingling or burning".

    The recogniser often writes a spoken "or" as a comma; a clause after the comma that starts with
    a clinical finding still belongs to the negation.
    """
    frx, fnames = lexicon().findings
    while end < len(text) and text[end] == ",":
        nxt = _scope_end(text, end + 1)
        lead = re.match(r"\s*(?:(?:or|and|nor|any)\s+)*", text[end + 1 : nxt])
        start = end + 1 + (lead.end() if lead else 0)
        hits = lexicon_matches(frx, fnames, text[start:nxt])
        if not hits or hits[0][0] != 0:
            break
        end = nxt
    return end


def _fallback_phrase(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The first noun-like words of the scope: skip 'any signs of', stop at prepositions and verbs."""
    lex = lexicon()
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[a-z][a-z'/-]*", text[start:end])]
    picked: list[tuple[int, int, str]] = []
    for a, b, w in words:
        if not picked and (w in lex.skip or w in _DEMONSTRATIVES):
            continue  # ("none of that": nothing named)
        if w in lex.stop or w.endswith("ly") or re.fullmatch(r"\d+", w):
            break
        picked.append((a, b, w))
        if len(picked) == 3:
            break
    if not picked:
        return None
    phrase = " ".join(w for _, _, w in picked)
    if picked[0][2] in lex.not_findings or phrase in lex.not_findings or len(phrase) < 3:
        return None
    if phrase in ("right", "left"):
        return None  # "None right now.": a side alone names nothing
    if picked[0][2] in _NOT_A_NAME:
        return None  # "couldn't hear him past the table", "without being told": no finding named
    if (len(picked) > 1 and picked[0][2].endswith(("ed", "ing")) and picked[0][2] not in _NOUN_FORM
            and picked[1][2] in _PARTICLES):
        # "never dropped below 93%", "stayed with it without getting up": a verb and its particle,
        # not a finding
        return None
    return phrase, start + picked[0][0], start + picked[-1][1]


_NOT_A_NAME = frozenset({"him", "them", "me", "us", "you", "it", "himself", "herself", "themselves", "being"})
_PARTICLES = frozenset({"below", "above", "under", "over", "into", "out", "off", "up", "down", "back"})


# adjective and verb forms named by their noun, so "not frustrated" reads as the finding "frustration"
_NOUN_FORM = {
    "frustrated": "frustration",
    "dizzy": "dizziness",
    "sleepy": "sleepiness",
    "drowsy": "drowsiness",
    "numb": "numbness",
    "swollen": "swelling",
    "painful": "pain",
    "hurt": "pain",
    "hurts": "pain",
    "hurting": "pain",
    "nauseous": "nausea",
    "anxious": "anxiety",
    "confused": "confusion",
    "fatigued": "fatigue",
    "tired": "fatigue",
    "hoarse": "hoarseness",
    "stiff": "stiffness",
    "agitated": "agitation",
    "sore": "soreness",
    "choked": "choking",
    "coughed": "coughing",
    "fallen": "falls",
    "winded": "shortness of breath",
    "hypersensitive": "hypersensitivity",
    "smoked": "smoking",
    "vaped": "vaping",
    "vomited": "vomiting",
    "thrown up": "vomiting",
    "threw up": "vomiting",
}


# how a finding is had, never part of its name: "not getting lightheaded", "without feeling dizzy"
_SENSING = frozenset({"getting", "feeling", "having", "experiencing", "noticing", "get", "feel", "felt"})

# symptoms that are somewhere, named with the place said after them ("pain in the calf")
_LOCATED = frozenset({"pain", "swelling", "numbness", "tingling", "tenderness", "redness", "bruising",
                      "warmth", "burning", "stiffness", "cramping", "weakness"})

# "none of that phantom pain": pointing at the finding, never part of its name
_DEMONSTRATIVES = frozenset({"that", "this", "those", "these"})

# Words that narrow what is denied; the finding keeps them.
_QUALIFIERS = frozenset({"new", "increased", "further", "worsening", "significant"})


# findings often asked as a clause ("walk on his toes", "feel heavy") and noted by their name
_SAID_AS_CLAUSE = frozenset({"toe walking", "heaviness", "loss of balance"})


def _as_said(text: str, scope_start: int, a: int, b: int, canon: str) -> str:
    """The finding in the speaker's words with its modifiers ("calf pain", "sensory breaks")."""
    lex = lexicon()
    said = text[a:b].strip()
    # "no choking episodes", "no dizzy spells": the kind of event said after the finding is kept
    # ("no pain crises": a crisis of pain is no denial of all pain)
    tail = re.match(r"\s+(episodes?|spells?|events?|attacks?|crises|crisis|flares?|flare-ups?)\b",
                    text[b : b + 12])
    # (plural after "no": "no choking episode" is the recogniser dropping the "s")
    said = (f"{said} crises" if said and tail and tail.group(1).startswith("cris")
            else f"{said} {tail.group(1).rstrip('s')}s" if said and tail else _NOUN_FORM.get(said, said))
    # "any pain in the calf": where a symptom is belongs to its name ("pain in his calf" is "pain in
    # the calf")
    where = lex.located.match(text, b) if canon in _LOCATED else None
    if canon in _LOCATED and where is None:
        # "any pain or tightness in the calf": the place said after the list is each finding's
        listed = re.match(r"(?:,?\s+(?:or|and)\s+[a-z]+){1,2}", text[b:])
        where = lex.located.match(text, b + listed.end()) if listed else None
    # "The neck's fine, no pain there.": "there" is the part the sentence named before
    there = (re.match(r"\s+(?:there|in it)\b", text[b:]) if canon in _LOCATED and where is None else None)
    named = [p for p in lex.parts.finditer(text, max(0, text.rfind(".", 0, a) + 1), a)] if there else []
    with_of = re.sub(r"\b(?:and|on)\b", "of", said)
    if canon in _SAID_AS_CLAUSE:
        said = canon  # "Does he walk on his toes?" / "No.": the finding is toe walking
    elif said and canon in (said + "s", said + "es"):
        said = canon  # "no fall since the last report": the recogniser dropped the plural's "s"
    elif said and canon != said and canon.endswith(" " + said) and text[:a].endswith(canon[: -len(said)]):
        said = canon  # "no signs of infection": the trigger took the name's first words
    elif with_of != said and lex.findings[0].fullmatch(with_of):
        said = with_of  # "shortness and breath", "short on breath": the name's own "of" misheard
    elif " " in said and lex.findings[0].fullmatch(said.replace(" ", "")):
        said = said.replace(" ", "")  # "heart burn": one word the recogniser wrote as two
    # ("trouble with your bladder": the note names the client's body in the third person)
    said = re.sub(r"\b(?:your|his|her|my|their)\b(?= [a-z])", "the", said) if " " in said else said
    mods: list[str] = []
    lead = text[scope_start:a]
    for w in reversed(re.findall(r"[a-z][a-z'-]*", lead[lead.rfind(",") + 1 :])):
        if w in _QUALIFIERS and len(mods) < 2:
            mods.insert(0, w)  # "no new numbness" is not "no numbness": existing numbness may remain
            break
        if (w in lex.stop or w in lex.skip or w in lex.not_findings or w in _SENSING or w in _DEMONSTRATIVES
                or len(mods) == 2):
            break
        mods.insert(0, w)
    # "no pain with coughing": the activity that brought the symptom on is part of what is denied
    brought_on = (re.match(r"\s+(?:with|during|on)\s+(?!(?:nothing|something|anything)\b)[a-z]+ing\b",
                           text[b:])
                  if canon in _LOCATED and where is None else None)
    if brought_on is not None and said:
        said = f"{said}{brought_on.group(0)}"
    if where and said:
        said = f"{said} {where.group('prep')} the {where.group('part')}"
        # "any pain in the groin or the knee": each place said is the finding's
        also = re.match(r",?\s+or\s+(?:the|your|his|her|my|their)\s+", text[where.end():])
        other = lex.parts.match(text, where.end() + also.end()) if also else None
        if other is not None:
            said = f"{said} or the {other.group(0)}"
    elif named and said:
        said = f"{said} in the {named[-1].group(0)}"
    return " ".join([*mods, said]) if said else canon


# words that describe what is present, never what is denied
_PRESENT = frozenset(
    "full good normal steady stable intact improved improving better mild minimal moderate slight "
    "some more less increased decreased independent functional".split()
)


def _listed(joint: str, fb: tuple[str, int, int], skipped: str, text: str, end: int) -> bool:
    """Whether words listed after a denied finding are denied too.

    "negative for weakness or asymmetry": what "or"/"nor" joins is in the same list. After "and" only
    a short phrase that closes the scope is ("denies fever and chest congestion."), not a new clause
    ("no pain and she walked farther"). A phrase close to a known finding's name is one misheard
    ("no eye blinks or hand jerks": head jerks).
    """
    phrase, _a, b = fb
    if snap_finding(phrase) != phrase:
        return True
    if phrase.split()[0] in _PRESENT or re.search(r"(?:ed|s)$", phrase.split()[0]) and " " in phrase:
        return False  # "no swelling and full extension", "denies numbness and feels stronger"
    if len(phrase.split()) > 2 or skipped.strip() not in ("", "any", "new"):
        return False  # "denies pain and reports better sleep": a new statement, not the list
    # "negative for weakness or asymmetry": "or"/"nor" list what is denied; after "and" only a
    # finding's own name is (found above), since "and" as often starts what is present
    return bool(re.search(r"\b(?:or|nor)\b", joint)) and not text[b:end].strip(" ,")


_LISTED_FIRST = re.compile(
    r"\s*(?:any\s+)?(?P<x>[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}?)\s*,?\s+(?:or|nor)\s+(?:any\s+)?")


def negated_spans(text: str) -> list[NegatedSpan]:
    """Negation scopes in lower-cased text (a segment's normalised view)."""
    lex = lexicon()
    out: list[NegatedSpan] = []
    pseudo = [m.span() for m in lex.pseudo.finditer(text)]
    frx, fnames = lex.findings
    triggers = list(lex.pre.finditer(text))
    for k, m in enumerate(triggers):
        # the next trigger opens a scope of its own: "no head strike and no loss of consciousness"
        nxt = next((t.start() for t in triggers[k + 1:] if t.start() >= m.end()), len(text))
        if any(a <= m.start() < b for a, b in pseudo) and not (
            # "without a rest break": a pseudo-trigger meant for "without a walker" still negates a finding
            m.group(0) == "without"
            and lexicon_matches(frx, fnames, text[m.end() : _scope_end(text, m.end())])
        ):
            continue
        sent_start = max(
            text.rfind(".", 0, m.start()), text.rfind("?", 0, m.start()), text.rfind("!", 0, m.start())
        )
        if _GOAL.search(text, sent_start + 1, m.start()):
            continue  # "his goal of reaching the shelf without pain" is a target, not a finding
        # "no, I didn't": a bare answer, not a negated finding
        if m.group(0) == "no" and re.match(r"\s*[,.!?]", text[m.end() : m.end() + 2]):
            continue
        if m.group(0) in ("not", "nor") and not re.match(
            r"\s+(?:any|have|had|has|feel|experience|notice|"
            r"report|show|complain)",
            text[m.end() : m.end() + 12],
        ):
            # plain "not" negates a verb or adjective far more often than a finding
            if not lexicon_matches(frx, fnames, text[m.end() : _scope_end(text, m.end())][:30]):
                continue
        end = min(_list_end(text, _scope_end(text, m.end())), nxt)
        found = [
            (a + m.end(), b + m.end(), c) for a, b, c in lexicon_matches(frx, fnames, text[m.end() : end])
        ]
        if found:
            # what follows "with"/"during" is the circumstance, not denied: "no eye blinks with his blocks"
            # (a finding listed after it again is denied: "no pain with walking or dizziness")
            found = [f for f in found if not _in_circumstance(text, found[0][1], f[0])]
            # a phrase the lexicon does not know listed before a finding it does: "no physical
            # tension or secondary behaviors"
            lead = _LISTED_FIRST.fullmatch(text, m.end(), found[0][0])
            first = _fallback_phrase(text, m.end(), lead.end("x")) if lead else None
            if lead and first and first[2] == lead.end("x") and first[0].split()[0] not in _PRESENT:
                out.append(NegatedSpan(first[0], (m.start(), end), (m.start(), first[2])))
            for a, b, canon in found:
                out.append(
                    NegatedSpan(_as_said(text, m.end(), a, b, canon), (m.start(), end), (m.start(), b))
                )
            # a listed finding the recogniser misheard: "no eye blinks or hand jerks" (head jerks)
            tail = re.match(r"\s*(?:,\s*)?(?:or|nor|and)\s+", text[found[-1][1] : end])
            fb = _fallback_phrase(text, found[-1][1] + tail.end(), end) if tail else None
            if fb and tail and _listed(tail.group(0), fb, text[found[-1][1] + tail.end() : fb[1]], text, end):
                out.append(NegatedSpan(fb[0], (m.start(), end), (m.start(), fb[2])))
            continue
        fb = _fallback_phrase(text, m.end(), end)
        if fb:
            # "he didn't lose his balance once": what was not lost is named as its loss
            name = f"loss of {fb[0].split()[0]}" if re.search(r"\blos[et]$", m.group(0)) else fb[0]
            out.append(NegatedSpan(name, (m.start(), end), (m.start(), fb[2])))
    # post-triggers: "the swelling has resolved", "pain-free"
    for m in lex.post.finditer(text):
        start = max(0, text.rfind(".", 0, m.start()) + 1, text.rfind(",", 0, m.start()) + 1)
        found = [
            (a + start, b + start, c) for a, b, c in lexicon_matches(frx, fnames, text[start : m.start() + 1])
        ]
        if found:
            a, b, canon = found[-1]
            if m.group(0).strip() == "free" and b < m.start() - 1:
                continue
            out.append(NegatedSpan(_as_said(text, start, a, b, canon), (a, m.end()), (a, m.end())))
    return out


@lru_cache(maxsize=1)
def _finding_names() -> dict[int, tuple[str, ...]]:
    """The findings' written names (regex-free variants), by word count."""
    names: dict[int, set[str]] = {}
    for canon, variants in variants_map(load_data(_FILE), "findings", _FILE).items():
        for name in [canon, *variants]:
            if re.fullmatch(r"[a-z][a-z '-]*", name):
                names.setdefault(len(name.split()), set()).add(name)
    return {n: tuple(sorted(v)) for n, v in names.items()}


@lru_cache(maxsize=1)
def _finding_words() -> frozenset[str]:
    return frozenset(w for names in _finding_names().values() for n in names for w in n.split())


# How alike a heard phrase and a finding's name must be (difflib's ratio) to read one as the other.
_SNAP_RATIO = 0.8
_SNAP_RATIO_SAME_HEAD = 0.75


def snap_finding(heard: str) -> str:
    """The finding a misheard phrase names: "joint line tenders" -> "joint line tenderness".

    The recogniser writes a negated finding it does not know as the nearest everyday words ("frontal
    list", "hand strike", "dress breaks"); a phrase this close to one finding's name, with the same
    number of words, is read as that finding. The draft keeps what was heard beside it.
    """
    frx, _ = lexicon().findings
    if frx.fullmatch(heard) or any(heard in names for names in _finding_names().values()):
        return heard  # already a finding's name ("rest break")
    placed = re.match(r"(.+?) (?:with|during|on|in|at|around|behind|along|down) ", heard)
    if placed is not None and frx.fullmatch(placed.group(1)):
        return heard  # a finding's name, then where or when ("pain with walking" is no misheard word)
    single = " " not in heard
    if single and 4 <= len(heard) and heard not in _not_findings() and _zipf(heard) < _EVERYDAY_ZIPF:
        # a word the recogniser bent by its consonants: "no faults" (falls), "no supplication"
        # (subluxation), "negative for closeness" (clonus)
        bent = _same_consonants(heard)
        if bent is not None:
            return bent
    if single and len(heard) < 6:
        return heard  # short words are too alike by chance ("rain", "strain")
    spoken = heard.replace("-", " ")  # "hard -glow attack": the recogniser's split word
    # a finding's word cut short ("no calf tenders"): the one finding word it begins
    words = spoken.split()
    for k, w in enumerate(words):
        stem = w[:-1] if w.endswith("s") else w
        # (a plural is not a word cut short: "behavior breaks" stays as said)
        longer = {n for n in _finding_words()
                  if len(stem) >= 6 and n.startswith(stem) and len(n) >= len(stem) + 3}
        if len(longer) == 1 and w not in _finding_words():
            words[k] = longer.pop()
    if " ".join(words) != spoken:
        return " ".join(words)
    best, best_score = heard, 0.0
    for name in _finding_names().get(len(spoken.split()), ()):
        # one word misheard keeps its ending ("diffusion", "effusion"); "winging" is not "tingling"
        if single and len(os.path.commonprefix([heard[::-1], name[::-1]])) < 4:
            continue
        ratio = difflib.SequenceMatcher(None, spoken, name).ratio()
        # a phrase that names the finding's own head word needs less ("learned vision": blurred)
        need = _SNAP_RATIO_SAME_HEAD if not single and spoken.split()[-1] == name.split()[-1] else _SNAP_RATIO
        if ratio >= need and ratio > best_score and name != heard:
            best, best_score = name, ratio
    if best == heard and not single and len(words) <= 3:
        # a modifier, then the finding bent by its consonants: "no shoulder supplication"
        # (subluxation); the modifier is kept as said
        head, last = spoken.rsplit(" ", 1)
        bent = _same_consonants(last) if (len(last) >= 4 and last not in _not_findings()
                                          and not set(head.split()) & _PRESENT
                                          and _zipf(last) < _EVERYDAY_ZIPF) else None
        if bent is not None:
            return f"{head} {bent}"
    return best


# A word this common in English (Zipf frequency: 10 per million words and up) was more likely said
# than bent out of a finding's name ("no numbers", "no colors").
_EVERYDAY_ZIPF = 4.0


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def _not_findings() -> frozenset[str]:
    data = load_data(_FILE)
    return frozenset(str(w) for w in data.get("not_findings", [])) | _finding_words()


# A bent word must still share this much with the finding's name (difflib ratio), so that two words
# with the same few consonants ("no pets" and sweats, "braces" and breaks) are not read as each
# other by chance; below _BENT_RATIO_SURE the skeletons must also begin and end alike.
_BENT_RATIO = 0.68
_BENT_RATIO_SURE = 0.7


@lru_cache(maxsize=1)
def _finding_skeletons() -> tuple[tuple[str, str], ...]:
    """Each single-word finding's name with its consonant skeleton, worked out once."""
    return tuple((name, skeleton(name)) for name in _finding_names().get(1, ()))


@lru_cache(maxsize=4096)
def _same_consonants(heard: str) -> str | None:
    """The one single-word finding whose consonant skeleton is the heard word's, give or take one."""
    sk = skeleton(heard)
    names = _finding_names().get(1, ())
    if len(sk) < 3 or any(heard in (n + "s", n + "es") or n in (heard + "s", heard + "es") for n in names):
        return None  # a finding's own plural or singular ("fevers") is said, not bent
    hits = set()
    for name, other in _finding_skeletons():
        if not one_edit(sk, other):
            continue
        ratio = difflib.SequenceMatcher(None, heard, name).ratio()
        if ratio >= _BENT_RATIO_SURE or (ratio >= _BENT_RATIO and sk[0] == other[0] and sk[-1] == other[-1]):
            hits.add(name)
    return hits.pop() if len(hits) == 1 else None


# "Any numbness or tingling since the fusion?" / "Nope, none of that.": the clinician's question names
# the findings, the client's or caregiver's plain "no" denies them.
# The longest pause inside one question the recogniser cut in two.
_QUESTION_PAUSE_S = 1.5
_ANY_QUESTION = re.compile(
    # (the recogniser often ends a question with a full stop: "any numbness or tingling down the leg.")
    # ("Have you had pneumonia at any point?": "any point" asks nothing; the finding is before it)
    r"(?:^|[.!?,]\s+)(?P<q>[^.!?,]*?\b(?P<any>any(?!\s+(?:point|time|longer|way)\b)"
    r"(?!\s+more\s*(?:[?.,!]|$))|anything like)\s+"
    r"(?P<rest>[^.!?]*?))(?:\?|[.,]?$)"
)
_NO_ANSWER = re.compile(
    # ("He says no, it stays pink.": a caregiver or interpreter passing on the client's answer)
    # ("I asked her. No, nothing like that.": the interpreter says the question was put)
    r"^\W*(?:i (?:asked|checked with) (?:her|him|them)[.,]?\s*)?(?:(?:he|she|they)\s+(?:says?|said)\s*,?\s*)?"
    # ("Any headaches this week?" / "Zero."; never a rating's "zero to ten")
    r"(?:no|nope|nah|nuh-? ?uh|uh-? ?uh|none|never|nothing|neither|"
    r"zero(?! (?:to|out|over|of)\b)|0(?=\W*$|\.)|"
    # "And the numb patch near the scar?" / "Gone."
    r"(?:all )?gone|went away|cleared up|resolved|"
    r"not (?:this|last|that) (?:week|month|time|visit)|"
    r"not (?:at all|really|once|a bit|one|1|a one|a single one|since|lately|recently|anymore|today|"
    r"that (?:i|we)(?:'ve| have)? (?:noticed|seen|saw|know(?: of)?))|"
    # "Haven't had any.", "She hasn't had one since."
    r"(?:(?:i|he|she|we|they)\s+)?(?:haven't|hasn't|hadn't|have not|has not|had not|didn't|did not)\s+"
    r"(?:had|have|get|gotten|got|seen|noticed|felt)\s+(?:any|one|1|it|them|that|those))\b(?P<tail>[^.!?]*)"
)


# an answer that takes the question's findings one at a time: "Color, no. It still sweats more."
# ("Numbness, none.", "Heartburn, never had it in my life.", "The clicking, not anymore.")
_ONE_NO = re.compile(
    # ("Donald vision, no.": the recogniser's first word may be wrong, the finding's last word stands)
    # ("Chest pain, no, ankles, no.": the recogniser joins the answers with commas)
    r"(?:^|[.!?]\s+|(?<=\bno, )|(?<=\bnope, ))\W*(?:(?:the|my|his|her|their|your)\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?P<w>[a-z]+?)(?:'s)?\s*(?:"
    # "Spasms, not this week.", "Heels, nothing.", "Headaches, I haven't had one in weeks."
    r"[,?]?\s*(?:no|nope|nah|none|never|nothing|not anymore|not since|not lately|not recently|not today|"
    r"not at all|"
    r"not really|"
    # ("Numbness, gone.", "Night pain, not for a month at least.", "Swelling, I've never noticed any.")
    r"(?:all )?gone|not for (?:a |an |the )?(?:week|month|while|day|year|long time|weeks|months|days|ages)|"
    r"(?:i|he|she|we|they)(?:'ve| have| has)?\s+never\s+(?:noticed|seen|had|felt)|"
    # ("Swelling, not that I can tell.")
    r"not that (?:i|we) (?:can tell|know of|know|noticed|remember|saw|could tell|can see)|"
    r"not that i've (?:noticed|seen)|"
    # "Itching's not really a thing anymore."
    r"(?:is\s+)?not (?:really )?(?:a thing|an issue|a problem)|"
    r"not (?:this|last) (?:week|month|time)|"
    # ("And weight loss, definitely not")
    r"(?:definitely|certainly|absolutely|really) not|"
    r"(?:i|he|she|we|they)\s+(?:haven't|hasn't|hadn't|didn't|have not|has not)\s+"
    r"(?:had|have|get|gotten|got|seen|noticed|felt)\s+(?:one|1|any|it|them|that))|"
    # "Eyes have been fine.", "My weight's steady.": the part asked about is said to be well
    # ("My weight steady": the recogniser loses a spoken "'s")
    r"(?:\s+(?:(?:has|have|had) been|is|are|was|were|stays?|stayed)|'s(?: been)?|'re|'ve been|(?=\s))\s+"
    # ("Back's totally fine.")
    r"(?:(?:totally|completely|perfectly|really|all|just|been)\s+)?"
    r"(?P<well>fine|good|okay|ok|alright|all right|clear|normal|perfect|quiet|great|steady|stable|the same|"
    r"gone|resolved|better|cleared up|cleared|went away|stopped))\b(?P<tail>[^.!?]*)"
)


def _each_one_no(text: str) -> list[re.Match[str]]:
    """Every "X, no" answer, overlapping: one's tail may hold the next ("Chest pain, no, ankles, no.")."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := _ONE_NO.search(text, pos)) is not None:
        out.append(m)
        pos = m.end("w") + 1
    return out


# "Things jump a little, but it's not double.": the asked finding's word, said not to be so
_NOT_NAMED = re.compile(
    r"\b(?:it's|it is|it was|they're|they are|that's)\s+not\s+(?P<w>[a-z]{4,})\b(?P<tail>[^.!?]*)")
# "steady" and "the same" deny a change ("My weight's steady": no weight loss), never a symptom that is
# there all along ("The swelling is steady")
_UNCHANGED = frozenset({"steady", "stable", "the same"})
# A yes/no question about a finding without "any" ("And the ringing, the tinnitus, on the implant
# side?", "Does it feel cold?"): a question that does not ask how, what or where.
_YES_NO_QUESTION = re.compile(
    # ("What about a dead arm feeling?", "How about headaches?" ask yes or no about what they name)
    r"(?:^|(?<=[.!?])\s+)(?P<q>(?P<any>(?!(?:and\s+)?(?:how|what|where|when|which|why|who|whose)\b(?!\s+about\b))"
    r"[^.!?]+))\?"
)
_WH_LEAD = re.compile(r"^\W*(?:and\s+|so\s+)?(?:how|what|where|when|which|why|who|whose)\b(?!\s+about\b)")


def _aside_dropped(qtext: str) -> str:
    """The turn up to its last question, when what follows is a short aside naming no finding ("Any
    redness or warmth in the leg? I know, I ask every single time."): the answer is to the question."""
    m = re.search(r"\?\s+([^?]+)$", qtext)
    # (only the clinician's remark about asking; after "Let's start with the bike." a "No." may be
    # to the instruction)
    # ("Those can be signs of an infection.": why it is asked, whatever it names)
    why = m is not None and re.match(r"\W*th(?:ose|ese|at|is)\s+(?:can|could|may|might|would)\b", m.group(1))
    if m is not None and why and len(m.group(1).split()) <= 12:
        return qtext[: m.start() + 1]
    if (m is None or len(m.group(1).split()) > 12 or re.search(r"\bany", m.group(1))
            # ("Any redness, warmth, or fever? Those can be signs of an infection.": why it is asked)
            or not re.match(r"\W*(?:i\b|i'm\b|sorry\b|just\b|i know\b|th(?:ose|ese|at|is|ey)\b|it\b|"
                            r"it's\b|that's\b)", m.group(1))
            or re.search(r"\b(?:let's|let us|we'll|can you|please)\b", m.group(1))):
        return qtext
    frx, fnames = lexicon().findings
    return qtext if lexicon_matches(frx, fnames, m.group(1)) else qtext[: m.start() + 1]


def _answered_no(question: Segment, answer: Segment, lead: Segment | None = None) -> list[NegatedFinding]:
    """Findings a clinician's "any ...?" question names and the next speaker's "no" denies.

    Only findings from the lexicon count (a "no" to "any questions?" denies nothing clinical), and
    an answer that goes on with "but" ("No, but my knee swelled") is left to its own words. The
    evidence quotes the question and the answer. `lead` is the clinician's segment before the
    question when the recogniser cut one question in two at a pause ("Any trouble swallowing after
    this injection," / "choking on water,"); the evidence then quotes both parts whole.
    """
    if question.speaker not in ("therapist", "unknown") or answer.speaker not in ("client", "caregiver"):
        return []
    qnorm, anorm = norm_view(question.best_text), norm_view(answer.best_text)
    qtext = qnorm.text.rstrip()
    if lead is not None:
        qtext = f"{norm_view(lead.best_text).text.rstrip()} {qtext}"
    said = _NO_ANSWER.match(anorm.text)
    ones = [] if said else [*_each_one_no(anorm.text), *_NOT_NAMED.finditer(anorm.text)]
    if said is not None and re.search(r"\bbut\b", said.group("tail")):
        return []
    if said is None and not ones:
        return []
    frx, fnames = lexicon().findings
    own = {n.finding for n in negated_spans(qtext)}  # "negative for X, any Y?" already denies Y
    out: list[NegatedFinding] = []
    for q, rs in _asked(_aside_dropped(qtext)):
        denied = lexicon_matches(frx, fnames, qtext[rs : q.end("q")])
        if said is None:
            # "Any color changes or sweating?" / "Color, no.": only the findings the answer names, by
            # any word of the finding as asked ("Any flare of the eye inflammation?" / "Eyes have been fine.")
            named = {_stem(m.group("w")): m for m in ones if not re.search(r"\bbut\b", m.group("tail"))}
            lex = lexicon()
            picked = []
            for i, d in enumerate(denied):
                # the finding's name as asked, and the words after it up to the next finding ("Any
                # swelling of the ankle?" / "The ankle's fine.")
                after = qtext[rs + d[1] : rs + denied[i + 1][0] if i + 1 < len(denied) else q.end("q")]
                asked = _as_said(qtext, rs, rs + d[0], rs + d[1], d[2]).split()
                words = [*asked, *(w for w in re.findall(r"[a-z]+", after)
                                   if w not in lex.stop and w not in lex.skip and len(w) > 3)]
                # the organ a sense is of ("Blurry vision?" / "My eyes are fine.")
                words += [part for w in asked for part in _SENSE_ORGANS.get(w, ())]
                hit = next((m for w in words for said_w, m in named.items() if _same_word(_stem(w), said_w)),
                           None)
                if hit is not None and not (hit.groupdict().get("well") in _UNCHANGED
                                            and any(_same_word(_stem(asked[-1]), w) for w in named)):
                    picked.append((d, hit))
            rest = [m for m in ones if all(m is not h for _, h in picked)]
            picked += _unlisted_items(qtext, rs, q.start("q"), q.end("q"), rest)
        else:
            picked = [(d, said) for d in denied if not _named_again(qtext[rs + d[0] : rs + d[1]], anorm.text)]
        for (a, b, canon), answer_m in picked:
            if denied and _in_circumstance(qtext, rs + denied[0][1], rs + a):
                continue
            name = _as_said(qtext, rs, rs + a, rs + b, canon)
            if said is None:
                # "Any coughing up blood?" / "Coughing up blood, no.": the item in the words both said
                again = _item_asked(qtext, q.start("q"), q.end("q"), answer_m)
                if again is not None and len(again.group("f")) > len(name) and again.start("f") <= rs + a:
                    name = again.group("f")
            if name in own or any(n.text == name for n in out):
                continue
            asked_ev = (
                [Evidence(segment=question.id, start=question.start, end=question.end,
                          quote=qnorm.quote(min(q.start("any"), rs + a), max(rs + b, q.end("any"))))]
                if lead is None else
                [Evidence(segment=g.id, start=g.start, end=g.end, quote=g.best_text.strip())
                 for g in (lead, question)]
            )
            ev = [*asked_ev, Evidence(segment=answer.id, start=answer.start, end=answer.end,
                                      quote=anorm.quote(answer_m.start(), answer_m.end()))]
            out.append(NegatedFinding(text=name, evidence=ev))
    return out


def _named_again(asked: str, answer: str) -> bool:
    """Whether an answer that opens with "no" takes an asked finding up again as an item of its own,
    not denied: "No pain crises, thank God. No hospital stays. Headaches, she says her head hurts when
    she's hungry." denies the crises and the stays, not the headaches. (Only an item said that way:
    "The double vision has been gone since April" is a denial the scopes may not see.)"""
    words = re.findall(r"[a-z]{4,}", asked)
    if not words:
        return False
    stem = re.escape(words[-1][:-1] if words[-1].endswith("s") else words[-1])
    denied_items = {m.start("w") for m in _each_one_no(answer)}
    for m in re.finditer(rf"(?:^|[.!?]\s+)\W*(?:(?:the|my|his|her|their|your)\s+)?(?:[a-z]+\s+)?"
                         rf"(?P<w>{stem}[a-z]*),([^.!?]*)", answer):
        # ("Numbness, tingling, none of that.": a list of items, then their denial)
        if m.start("w") not in denied_items and not re.search(
                r"\b(?:no|none|nope|not|never|nothing|gone|neither|nor)\b|n't\b", m.group(2)):
            return True
    return False


# Words an item-by-item answer may repeat that are no clinical finding ("Questions, none.")
_NOT_FINDINGS = frozenset({"questions", "question", "concerns", "concern", "problems", "problem", "issues",
                           "issue", "changes", "plans", "trouble", "other", "things", "thing", "that", "this",
                           "anything", "everything", "nothing", "else", "homework", "exercises"})


def _item_asked(qtext: str, qstart: int, qend: int, m: re.Match[str]) -> re.Match[str] | None:
    """Where the question asked, in the same words, the item an "X, no" answer denies ("Any coughing
    up blood?" / "Coughing up blood, no."), or None."""
    if m.re is not _ONE_NO or m.groupdict().get("well") or re.search(r"\bbut\b", m.group("tail")):
        return None
    item = re.sub(r"^\W*(?:(?:the|my|his|her|their|your)\s+)?", "", m.group(0)[: m.end("w") - m.start()])
    if len(item) < 4 or item.split()[-1] in _NOT_FINDINGS:
        return None
    asked = re.compile(rf"\b(?:any|new|more)\s+(?:new\s+|more\s+)?(?P<f>{re.escape(item)})s?\b")
    return asked.search(qtext, qstart, qend)


def _unlisted_items(qtext: str, rs: int, qstart: int, qend: int,
                    answers: list[re.Match[str]]) -> list[tuple[tuple[int, int, str], re.Match[str]]]:
    """Findings the lexicon lacks, denied item by item in the question's own words: "Any flashbacks? Any
    suicidal thoughts?" / "Flashbacks, none this week." The answer repeating the asked words and
    denying them is the evidence; a word the question did not ask is never taken."""
    out: list[tuple[tuple[int, int, str], re.Match[str]]] = []
    for m in answers:
        hit = _item_asked(qtext, qstart, qend, m)
        if hit is not None:
            out.append(((hit.start("f") - rs, hit.end("f") - rs, hit.group("f")), m))
    return out


# The clinician's last sentence, its "?" lost, naming findings and nothing else ("Nasal regurgitation."
# / "Never had that.", "An ear infection, or cold, since the tubes went in." / "Not that I know of."):
# a finding said alone to someone who answers is asked about. A time said after it is allowed.
_NAMED_ALONE = re.compile(
    r"(?:^|[.!?]\s+)(?P<q>(?P<any>[^.!?]*?))(?:,?\s+(?:since|lately|recently|this|last|at|in|on|with|"
    r"from|into|down|around|after|when|while|during|anymore|up|over|under|near|along|between|underneath|"
    r"below|above)\b[^.!?]*)?[.!?]?\s*$"
)
_JOINERS = re.compile(r"\b(?:any|an|a|the|or|and|nor|no|more|new|other)\b|[,\s]+")


def _only_findings(q: str) -> bool:
    """Whether a phrase names lexicon findings joined only by articles and "or"/"and"."""
    frx, fnames = lexicon().findings
    hits = lexicon_matches(frx, fnames, q)
    if not hits:
        return False
    rest = q
    for a, b, _ in sorted(hits, reverse=True):
        rest = rest[:a] + " " + rest[b:]
    return not _JOINERS.sub("", rest).strip()


# the organ a finding's sense word is of, so an answer about the organ answers the finding
_SENSE_ORGANS: dict[str, tuple[str, ...]] = {
    "vision": ("eye",), "visual": ("eye",), "sight": ("eye",), "hearing": ("ear",),
    "ringing": ("ear",), "tinnitus": ("ear",), "breath": ("breathing", "lung", "chest"),
    "swallowing": ("throat",), "voice": ("throat",),
}


def _same_word(a: str, b: str) -> bool:
    """The same word, or one the other begins ("Breathing's fine." answers "shortness of breath")."""
    if a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a))):
        return True
    # the same word inflected otherwise ("Slurring, no." answers "slurred speech")
    k = len(os.path.commonprefix([a, b]))
    return k >= 5 and a[k:] in _INFLECTIONS and b[k:] in _INFLECTIONS


_INFLECTIONS = frozenset({"", "s", "es", "d", "ed", "ing", "y", "ies", "iness", "ness", "er", "ers"})


def _stem(word: str) -> str:
    """A word without its plural or possessive ending, so "Eyes" answers "eye" and "Heels" answers "heel"."""
    return re.sub(r"(?:'s|s)$", "", word)


def _last_match(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in rx.finditer(text):  # noqa: B007 (the loop keeps the last one)
        pass
    return found


def _asked(qtext: str) -> list[tuple[re.Match[str], int]]:
    """The questions that close the clinician's turn, each with where its findings start.

    Only the questions said last, one after another ("Any trouble swallowing after this injection?
    Choking on water?"): an answer replies to those, not to a question asked before a statement.
    """
    out: list[tuple[re.Match[str], int]] = []
    end = len(qtext)
    while end > 0:
        any_q = _last_match(_ANY_QUESTION, qtext[:end])
        # ("Headaches, sweating, anything like the episodes you had in the hospital?": the findings
        # listed before it are asked too)
        pointed = any_q is not None and any_q.group("any") == "anything like" and (re.match(
            r"th(?:at|is|ose|ese)\b", any_q.group("rest")) or re.match(
            r"\W*[a-z]+(?: [a-z]+)?,", qtext[max(qtext.rfind(c, 0, any_q.start("q")) for c in ".!?") + 1:]))
        if any_q is not None and any_q.end() >= end - 1 and (
            qtext[:end].endswith("?") or any_q.group("q").lstrip().startswith("any") or pointed
        ):
            rs = any_q.start("rest")
            if pointed:
                # "And the panic attacks you had last fall, anything like that lately?": "that" points
                # back at what the sentence named before it
                rs = max(qtext.rfind(c, 0, any_q.start("q")) for c in ".!?") + 1
            out.append((any_q, rs))
            end = any_q.start("q")
            continue
        yn = _last_match(_YES_NO_QUESTION, qtext[:end])
        if yn is None or yn.end() < end - 1 or _WH_LEAD.match(yn.group("q")):
            if not out:
                alone = _NAMED_ALONE.search(qtext[:end])
                if alone is not None and _only_findings(alone.group("q")):
                    out.append((alone, alone.start("q")))
            break
        out.append((yn, yn.start("q")))
        end = yn.start("q")
    return out[::-1]


# How many more segments an answer may run on over, each within SAME_TURN_PAUSE_S of the one before.
_ANSWER_RUN = 2


def _answer_continued(segments: list[Segment], k: int) -> list[NegatedFinding]:
    """Findings denied in segment k, the second or third of one speaker's answer to the question
    before its first segment."""
    seg = segments[k]
    j = k - 1
    while j >= 0 and k - j <= _ANSWER_RUN and segments[j].speaker == seg.speaker \
            and segments[j + 1].start - segments[j].end <= SAME_TURN_PAUSE_S:
        j -= 1
    if j < 0 or j == k - 1 or segments[j].speaker not in ("therapist", "unknown"):
        return []
    return _answered_no(segments[j], seg)


# "Any vision concerns?" / "... No concerns there.": a bare word for a kind of complaint answers
# the question that named what kind
_GENERIC = frozenset({"concerns", "trouble", "difficulty", "worries"})


def _as_asked(question: str, word: str) -> str:
    m = re.search(rf"\bany (?:new )?([a-z]+) {word}\b", question)
    if m is None or m.group(1) in lexicon().stop or m.group(1) in lexicon().skip:
        return word
    return f"{m.group(1)} {word}"


def extract_negations(segments: list[Segment]) -> list[NegatedFinding]:
    """Negated findings in order, one per finding and segment, each quoting trigger through finding."""
    out: list[NegatedFinding] = []
    for k, seg in enumerate(segments):
        norm = norm_view(seg.best_text)
        seen: set[str] = set()
        if k:
            prev = segments[k - 1]
            before = segments[k - 2] if k >= 2 else None
            # one question the recogniser cut at a pause: the clinician's part before ends open
            lead = (before if before is not None and before.speaker == prev.speaker
                    and prev.start - before.end <= _QUESTION_PAUSE_S
                    and before.best_text.rstrip().endswith(",") else None)
            found = _answered_no(prev, seg, lead) or (_answered_no(prev, seg) if lead else [])
            if (not found and before is not None and before.speaker == prev.speaker
                    and prev.start - before.end <= _QUESTION_PAUSE_S
                    and len(prev.best_text.split()) <= 4 and prev.best_text.rstrip().endswith(("?", "."))
                    and not lexicon_matches(*lexicon().findings, norm_view(prev.best_text).text)):
                # "Any falls since we started." / "Harold, even one." / "Nope.": the question's
                # short tail (a name, "even one") cut off at a pause; the answer is to the question
                found = _answered_no(before, seg)
            if not found:
                # the answer goes on in the speaker's next segments, cut at pauses ("Sores, no, I
                # look every night." / "Chest pain, nothing like that." / "Breathing's fine."); a
                # finding its first segments already denied is not denied again
                answered = {n.text for n in out if n.evidence[-1].segment in
                            {s.id for s in segments[max(0, k - _ANSWER_RUN) : k]}}
                found = [nf for nf in _answer_continued(segments, k) if nf.text not in answered]
            for nf in found:
                seen.add(nf.text)
                out.append(nf)
        for ns in negated_spans(norm.text):
            text = snap_finding(ns.finding)
            # ("Any skin marks from the armrest?" / "No marks.": the finding as the question named it)
            if (k and (text in _GENERIC or " " not in text) and seg.speaker != "therapist"
                    and segments[k - 1].speaker == "therapist"):
                text = _as_asked(norm_view(segments[k - 1].best_text).text, text)
            if text in seen:
                continue
            seen.add(text)
            quote = norm.quote(*ns.quote)
            out.append(
                NegatedFinding(
                    text=text,
                    evidence=[Evidence(segment=seg.id, start=seg.start, end=seg.end, quote=quote)],
                    heard=ns.finding if text != ns.finding else None,
                )
            )
    return out
