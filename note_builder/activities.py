"""Minutes said for this visit's work that no service took, and the codes their activity words suggest.

The lexicon (data/interventions.yaml) names services the ways clinicians have been heard to name them,
and every new clinic names its blocks some new way: "that whole transfer piece took fourteen minutes",
"sixteen minutes of court footwork", "that cognitive work ran 24 minutes". Such a sentence still says
what was done, in an everyday activity word. Rather than drop those minutes, or grow the lexicon one
phrase at a time, the word nearest the minutes is looked up in a short table of activity words per code
(data/activities.yaml) and the block is proposed under that code, with its sentence as evidence and a
warning for the therapist to confirm it. Minutes whose sentence names no activity (or names a code the
draft already has) stay a `minutes_without_service` warning: a code is never guessed from nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from note_builder.interventions import FUTURE, NOT_THIS_VISIT, catalogue
from note_builder.numbers import LexiconError, NormText, load_data, norm_view, require
from note_builder.types import Evidence, Intervention, Measurement, Warning
from scribe.transcript import Segment, Transcript

_FILE = "activities.yaml"

# A time said for something already past ("last week we did 20 minutes") or still to come, or a
# dose for the days between visits, is no block of this visit's treatment.
# ("Last, nine minutes on her coat": the visit's last block, no earlier time)
_NOT_NOW = re.compile(r"\b(?:last(?!\s*,|\s+(?:thing|bit|part|piece|block|few minutes)\b)|previous|"
                      r"yesterday|ago|before|usually|normally|at home|tonight|tomorrow|evaluation|"
                      # (a distance covered, never "feet together" on the foam)
                      r"on average|goal|when|walk|delay|\d+ (?:feet|meters)|percent|trials?|blocks?|"
                      r"actually|make it|sorry|later)\b|%")
# A block's time ("twelve minutes on the cooking task", "the cooking piece was twelve minutes"), never
# a test's name ("the 6 minute walk"), a task done in a time ("9 beads in 1 minute", "in 22 minutes")
# or a delay ("after a 10 minute delay"). Deliberately narrower than the extractor's minutes: only a
# plural "minutes" said as a block's length.
_MINUTES_SAID = re.compile(
    r"(?<![\d.])(?<!every )(?<!each )(?<!in )(?<!within )(?<!after )(?<!over )(?<!at )(?<!by )(?<!than )"
    r"(?P<v>\d+)\s*(?:minutes|mins)\b")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# A clause ends at punctuation; the activity its minutes belong to is said inside it.
_CLAUSE_EDGE = re.compile(r"[,;:()]|\s-\s")
# A clause that points back at work said before it ("13 minutes on those two", "12 minutes done")
_POINTS_BACK = re.compile(r"\b(?:that|those|these|this|it|all|done|whole)\b")


@dataclass(frozen=True)
class UnplacedMinutes:
    """One sentence of the clinician's with minutes for this visit's work that no service took."""

    segment: Segment
    norm: NormText
    start: int  # the sentence's span in `norm.text`
    end: int
    minutes: tuple[tuple[int, int, int], ...]  # (minutes, start, end) of each value no service took

    @property
    def sentence(self) -> str:
        return self.norm.text[self.start:self.end].strip()


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in _SENTENCE_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def unplaced_minutes(
    transcript: Transcript, interventions: list[Intervention], measurements: list[Measurement]
) -> list[UnplacedMinutes]:
    """The clinician's sentences that give minutes to work done in this visit that went to no service."""
    if interventions and not any(i.timed for i in interventions):
        return []  # (a visit billed by the session: its parts' minutes are the session's)
    used = {round(i.minutes) for i in interventions if i.minutes is not None}
    used.add(round(sum(i.minutes or 0 for i in interventions if i.timed)))
    # (a task timed in minutes is a measurement, not a block: "Standing at the counter six minutes")
    timed = {(e.segment, m.value) for m in measurements if m.type == "duration" and m.unit == "min"
             for e in m.evidence}
    out: list[UnplacedMinutes] = []
    for seg in transcript.segments:
        if seg.speaker not in ("therapist", "unknown"):
            continue
        norm = norm_view(seg.best_text)
        for sa, sb in _sentences(norm.text):
            sentence = norm.text[sa:sb]
            said = [(int(m.group("v")), sa + m.start(), sa + m.end())
                    for m in _MINUTES_SAID.finditer(sentence) if (seg.id, int(m.group("v"))) not in timed]
            if (not said or all(v in used for v, _, _ in said) or FUTURE.search(sentence)
                    or NOT_THIS_VISIT.search(sentence) or _NOT_NOW.search(sentence)):
                continue
            out.append(UnplacedMinutes(seg, norm, sa, sb,
                                       tuple(x for x in said if x[0] not in used)))
    return out


@dataclass(frozen=True)
class _Activity:
    cpt: str
    name: str
    timed: bool
    disciplines: frozenset[str]
    words: re.Pattern[str]


@lru_cache(maxsize=1)
def _activities() -> tuple[_Activity, ...]:
    """The activity words per code from data/activities.yaml, named as the lexicon names the code."""
    names = {e.cpt: (e.name, e.timed) for e in catalogue()[0]}
    out: list[_Activity] = []
    for i, a in enumerate(require(load_data(_FILE), "activities", list, _FILE)):
        where = f"{_FILE}: activities[{i}]"
        if not (isinstance(a, dict) and isinstance(a.get("cpt"), str) and isinstance(a.get("words"), list)
                and isinstance(a.get("disciplines"), list)):
            raise LexiconError(f"{where}: needs 'cpt', 'disciplines' and a list of 'words'")
        if a["cpt"] not in names:
            raise LexiconError(f"{where}: {a['cpt']} has no entry in interventions.yaml")
        try:
            words = re.compile(r"(?<![\w-])(?:" + "|".join(a["words"]) + r")(?![\w])")
        except re.error as exc:
            raise LexiconError(f"{where}: field 'words': bad pattern: {exc}") from exc
        out.append(_Activity(a["cpt"], *names[a["cpt"]], frozenset(a["disciplines"]), words))
    return tuple(out)


def _words(text: str, lo: int, hi: int, discipline: str) -> list[tuple[_Activity, re.Match[str]]]:
    return [(act, m) for act in _activities() if discipline in act.disciplines
            for m in act.words.finditer(text, lo, hi)]


def _nearest(hits: list[tuple[_Activity, re.Match[str]]], at: int) -> tuple[_Activity, re.Match[str]] | None:
    """The activity word nearest to position `at` (the first in the table on a tie)."""
    return min(hits, key=lambda h: min(abs(h[1].start() - at), abs(h[1].end() - at)), default=None)


class _Ambiguous(Exception):
    """The words beside the minutes name the work of more than one code: no code is proposed."""


def _one_code(text: str, lo: int, hi: int, at: int, discipline: str,
              open_codes: frozenset[str]) -> tuple[_Activity, re.Match[str]] | None:
    """The activity word in text[lo:hi] for the minutes at `at`, when its words name one code's work
    ("Speech and swallowing work took forty minutes" names two: never guessed), or one of them is a
    service the draft named without minutes ("hands on nerve glides and soft tissue work")."""
    hits = _words(text, lo, hi, discipline)
    codes = {act.cpt for act, _ in hits}
    if len(codes) > 1:
        open_here = codes & open_codes
        if len(open_here) != 1:
            raise _Ambiguous
        hits = [h for h in hits if h[0].cpt in open_here]
    return _nearest(hits, at)


def _clause(text: str, lo: int, hi: int, a: int, b: int) -> tuple[int, int]:
    """The clause of text[lo:hi] around the span a..b."""
    start = max((m.end() for m in _CLAUSE_EDGE.finditer(text, lo, a)), default=lo)
    after = _CLAUSE_EDGE.search(text, b, hi)
    return start, after.start() if after else hi


def _named_activity(u: UnplacedMinutes, a: int, b: int, earlier: Segment | None,
                    discipline: str, open_codes: frozenset[str],
                    ) -> tuple[_Activity, Segment, NormText, re.Match[str]] | None:
    text = u.norm.text
    ca, cb = _clause(text, u.start, u.end, a, b)
    try:
        hit = _one_code(text, ca, cb, a, discipline, open_codes)
        if hit is None and len(u.minutes) == 1:
            hit = _one_code(text, u.start, u.end, a, discipline, open_codes)
    except _Ambiguous:
        return None
    if hit is not None:
        return hit[0], u.segment, u.norm, hit[1]
    if not _POINTS_BACK.search(text, ca, cb):
        return None
    # "Thirteen minutes on those two.": the work was said just before, in this turn or the clinician's
    # turn before it (`earlier`)
    found = _nearest(_words(text, 0, u.start, discipline), u.start)
    if found is not None:
        return found[0], u.segment, u.norm, found[1]
    seg = earlier
    if seg is None:
        return None
    norm = norm_view(seg.best_text)
    found = _nearest(_words(norm.text, 0, len(norm.text), discipline), len(norm.text))
    return None if found is None else (found[0], seg, norm, found[1])


def _turn_before(transcript: Transcript, seg: Segment) -> Segment | None:
    """The clinician's turn just before `seg` (past the client's answers), if any."""
    k = next(i for i, s in enumerate(transcript.segments) if s.id == seg.id)
    return next((s for s in reversed(transcript.segments[:k]) if s.speaker in ("therapist", "unknown")), None)


def activity_blocks(
    transcript: Transcript, interventions: list[Intervention], measurements: list[Measurement],
    discipline: str,
) -> tuple[list[Intervention], list[Warning]]:
    """Blocks proposed from the activity words beside minutes no service took, and a warning for each."""
    named = {i.cpt: i for i in interventions}
    proposed: dict[str, Intervention] = {}
    warnings: list[Warning] = []
    for u in unplaced_minutes(transcript, interventions, measurements):
        for value, a, b in u.minutes:
            open_codes = frozenset(c for c, i in named.items() if i.timed and i.minutes is None)
            found = _named_activity(u, a, b, _turn_before(transcript, u.segment), discipline.lower(),
                                    open_codes)
            if found is None:
                continue
            act, seg, norm, word = found
            quote = u.norm.quote(u.start, u.end).strip()
            evidence = [Evidence(segment=u.segment.id, start=u.segment.start, end=u.segment.end, quote=quote)]
            have = named.get(act.cpt)
            if have is not None and have.timed and have.minutes is None:
                # "Ten minutes of hands on nerve glides and soft tissue work": the service was named
                # (soft tissue work) but its minutes went to the words around it
                have.minutes = value
                have.evidence.extend(evidence)
                continue
            if have is not None or act.cpt in proposed:
                continue  # (a second block of a code the draft has: the therapist adds it, warned)
            if seg.id != u.segment.id:
                evidence.insert(0, Evidence(segment=seg.id, start=seg.start, end=seg.end,
                                            quote=norm.quote(word.start(), word.end())))
            proposed[act.cpt] = Intervention(cpt=act.cpt, name=act.name, minutes=value, evidence=evidence,
                                             timed=act.timed)
            said = norm.quote(word.start(), word.end())
            warnings.append(Warning(
                "intervention_from_activity",
                f'{act.cpt} ({act.name}), {value} min, was read from "{said}" '
                f'in "{quote}": no service was named; confirm the code '
                "before signing.",
            ))
    return list(proposed.values()), warnings


def minutes_without_service(
    transcript: Transcript, interventions: list[Intervention], measurements: list[Measurement]
) -> list[Warning]:
    """Minutes the clinician said for something done in this visit that the draft gave to no service,
    so the therapist is told where they were said, to add the code if it was billed treatment."""
    out: list[Warning] = []
    for u in unplaced_minutes(transcript, interventions, measurements)[:3]:
        missing = ", ".join(str(v) for v, _, _ in u.minutes)
        out.append(Warning(
            "minutes_without_service",
            f'{missing} min said in "{u.sentence}" went to no service in this draft; add the '
            "service if it was billed treatment.",
        ))
    return out
