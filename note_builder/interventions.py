"""Billable services said in the session, with their minutes, mapped to CPT through data/interventions.yaml.

Only the clinician's words count (a client saying "I did my exercises" is not a service), and only
what was done: a service named in a plan ("next visit we'll add manual therapy") is not billed.
Minutes are the ones said beside the service ("manual therapy for twelve minutes", "another 10
minutes of gait training"); untimed services carry None. SLP sessions often describe the work
without naming the service, so the untimed treatment code is inferred from the work described.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial

from note_builder.negation import negated_spans
from note_builder.numbers import (
    RETRACT_LEAD,
    RETRACT_PHRASE,
    LexiconError,
    NormText,
    closest_sounding,
    load_data,
    norm_view,
    require,
)
from note_builder.types import Evidence, Intervention
from scribe.transcript import Segment

_FILE = "interventions.yaml"
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+")
# ("a timer to rest every 20 minutes": how often, no time spent)
_MINUTES = re.compile(
    r"(?<![\d.])(?<!every )(?<!each )(?P<v>\d+(?:\.\d+)?)\s*(?:-\s*)?(?:minutes?|mins?|min)\b")
_LATER_OR_EARLIER = re.compile(
    r"^\s*plan\b|\b(will|going to|gonna|next (?:visit|session|time|week)|plan to|plans to|"
    r"want to|would like to|should|recommend(?:ed)?|"
    r"last (?:visit|session|week)|(?<!one )(?<!\b1 )last time|previous(?:ly)?|"
    r"at your evaluation|since your|"
    # a prognosis names the care to come: "Prognosis is good with voice therapy."
    r"prognosis|would benefit from|(?:good |excellent |fair )?candidate for|"
    # a dose for the days between visits: "Keep the walking program, ten minutes twice a day."
    r"(?:once|twice|\d+ times|three times|four times) (?:a|per|each) day|every day|"
    r"(?:once|twice|\d+ times|three times) daily|"
    # a plan of care's frequency: "Swallow therapy once a week for eight weeks"
    r"(?:once|twice|\d+ times|three times|two times) (?:a|per) week)\b|"
    # ("I'll count the handwriting work as therapeutic activities, 20 minutes": how it is billed)
    r"'ll\b(?! (?:count|call|bill|code|put|log|chart)\b)"
)
# A home program is mostly the days to come, unless this visit made or went over it: "written up as her
# home program", "with the home program updated".
_HOME_PROGRAM = re.compile(
    r"\bhome program(?! (?:updated|reviewed|revised|progressed|issued|written|printed|handed|instruction|"
    r"teaching|training|education)\b)\b")
# The verb before it decides: "we went through the (whole) home program", "going over your final home
# program", "I taught her the home program", "while I write the home program" are this visit's work.
_HOME_PROGRAM_HERE = re.compile(
    r"\b(?:through|over|on|reviewed|taught|showed|up as|write|writing|print|printing)(?: [a-z]+){1,2} $")


class _FutureCues:
    """The cues that put a service in time to come (or in an earlier visit), found like a compiled
    pattern's `search`/`finditer` so every caller reads one rule. The home program needs the words
    before it, which a fixed-width lookbehind cannot weigh, so it is decided here rather than in the
    pattern."""

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else endpos
        hits = list(_LATER_OR_EARLIER.finditer(text, pos, end))
        hits += [m for m in _HOME_PROGRAM.finditer(text, pos, end)
                 if not _HOME_PROGRAM_HERE.search(text, max(0, m.start() - 40), m.start())]
        return iter(sorted(hits, key=lambda m: m.start()))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return next(self.finditer(text, pos, endpos), None)


# (read by the documentation checks too: a time said for the days to come is no block of this visit)
FUTURE = _FutureCues()


# Practice at home is no billed service, but "at home" elsewhere in a sentence ("with two kids at
# home this is a moderate complexity evaluation") says nothing about the service named.
_HOME_AFTER = re.compile(r"[^.,;]{0,25}?\bat home\b")
_HOME_PRACTICE = re.compile(
    r"\b(?:do|doing|does|did|practi[cs]e\w*|keep|continue|work on)\b[^.,;]{0,40}\bat home\b"
)


# ("We'll practice the reach you need at home": the task is the home's, the practice is here)
_NEEDED_AT_HOME = re.compile(
    r"\b(?:you|he|she|they|we|i)\s+(?:need|needs|needed|use|uses|want|wants|have|has)(?:\s+to\s+(?:do|use))?"
    r"\s+at home\b")


def _at_home(text: str, b: int, sa: int, sb: int) -> bool:
    found = _HOME_AFTER.match(text, b, sb) or _HOME_PRACTICE.search(text, sa, sb)
    if found is None:
        return False
    at = text.find("at home", found.start(), sb)
    return not any(m.end() == at + len("at home") for m in _NEEDED_AT_HOME.finditer(text, sa, sb))


# "Now I'm going to spend ten minutes loosening up the scar", "We'll practice the reach ..., for about
# eight minutes": the block about to start in this visit, said with its minutes and no later time
_NOW_IN_VISIT = re.compile(
    r"\W*(?:(?:okay|ok|alright|all right|so|and|now|then|next|first|last thing|right now)[,.]?\s+)*"
    r"(?:(?:i'm|i am|we're|we are) going to|(?:i|we)'ll|(?:i|we) will|let's)\s+"
    r"(?:spend|do|practice|work|try|finish|go|move|start|end|wrap up|close)\b")
_LATER = re.compile(
    r"\b(?:next (?:visit|session|week|time|appointment)|tomorrow|(?:each|every) (?:visit|session|day|week)|"
    r"before (?:your|the) next|from now on)\b")
_ELSEWHERE = re.compile(r"\b(?:at home|home program|until|when you)\b")


def _now_in_visit(sentence: str) -> bool:
    # ("We'll finish with a hot pack on the low back while I write up the goals.": how this visit ends)
    ends_visit = re.search(r"(?:'ll|will|going to) (?:finish|end|wrap up|close) with\b", sentence) is not None
    return bool(_NOW_IN_VISIT.match(sentence) and (_MINUTES.search(sentence) or ends_visit)
                and not _LATER.search(sentence) and not _ELSEWHERE.search(_NEEDED_AT_HOME.sub(" ", sentence)))


# ("Next nine minutes I'll massage the scar", "Lie back for the last six minutes and I'll work on the
# scar": a stretch of this visit, the work about to start)
_IN_VISIT = r"(?:next|first|last|final) \d+ minutes?"
_PAST_OR_NOW = re.compile(
    # ("For the last session: eight minutes of scar mobilization": this visit, the final one)
    r"\b((?:for|in|during) (?:the|this|our) (?:last|final) (?:session|visit)|" + _IN_VISIT + "|"
    r"today|we did|did|performed|completed|worked on|spent|started with|then|"
    # ("we're going to walk the long hallway for about 25 minutes": this visit's block, its length)
    r"this session|for (?:about |around |roughly |nearly )?\d+ minutes|provided|focused on)\b"
)
_SPENT_ON = re.compile(
    # ("16 -minute sun exercise": "of"/"on" as the recogniser writes them)
    # ("14 minutes simulating the line", "7 minutes teaching the exercises": the work said as a verb)
    r"\b\d+ -?minutes? (?:(?:of|on|doing|practicing|working on|s?un|son|in) |(?P<verb>))(?:the |some )?"
    # ("16 minutes of thumb and hand exercises")
    r"(?:[a-z-]+ ){0,3}?$")


def _spent_on(text: str, lo: int, at: int) -> bool:
    """Whether minutes are said right before the service name at `at` ("12 minutes of exercise");
    with no "of"/"on", only before a verb of the work ("14 minutes simulating the line")."""
    m = _SPENT_ON.search(text, lo, at)
    if m is None:
        return False
    return m.group("verb") is None or bool(re.match(r"[a-z]+ing\b", text[m.end("verb") :]))


# a sentence that opens on an earlier visit tells what was done then, whatever its verbs
_EARLIER_VISIT = re.compile(
    r"\s*(?:(?:so|and|but|now),?\s+)?(?:(?:at|on|in|during) (?:the|your|our) )?"
    # ("Last session today was 18 minutes of ...": the final visit, today's)
    r"(?:last|previous) (?:time|visit|session|week)\b(?!,? today\b)")
_TO_COME = re.compile(r"\b(?:will|going to|gonna|next|should|recommend\w*)\b|'ll\b")
_ADD = re.compile(r"\b(another|additional|more|extra|further|second round of|again)\b")
_REST = re.compile(r"\b(rest(?:ed|ing)?|between sets|breaks?|at home|home program|hep)\b")
_THAT_TOOK = re.compile(
    # ("All together that was about 24 minutes.")
    r"\s*(?:(?:all together|altogether|in all|in total|overall|so),?\s+)?"
    # ("and part was 12 minutes": "That part" as the recogniser heard it)
    r"(?:and\s+)?(?:(?:that|this|it|all of that|which)(?: all)?|(?<=and )(?=part\b|block\b|piece\b))"
    # ("That block took 13 minutes.", "That whole piece ran 12 minutes.")
    # (any one word: "That luck took 13 minutes." is the block misheard)
    r"(?:\s+(?:whole\s+|last\s+|first\s+)?(?!took\b|lasted\b|ran\b|was\b)[a-z]{2,10})?"
    r"\s+(?:(?:took|lasted|came to|ran)\b|"
    # "That was nine minutes.": a sentence that only times what came before it
    # ("That was 26 minutes, and she ...", "That part was shorter, 11 minutes.")
    r"was(?=(?:\s+[a-z]+,)?\s+(?:about |around |roughly |just |only )?\d+(?:\.\d+)?\s*(?:minutes?|mins?)"
    # ("That was 18 minutes all told.")
    r"(?:\s+(?:all told|in all|in total|total|all together|altogether|today))?(?:\W*$|,)))|"
    # "At Tokyo 11 minutes.", "At one thirteen minutes.": "That took ..." as the recogniser heard it,
    # a sentence of a few words and its minutes only
    r"\s*(?:[a-z]+\s+){1,3}(?=\d+(?:\.\d+)?\s*(?:minutes?|mins?)\W*$)|"
    # "We'll do that for fifteen minutes.": the block under way, timed as it starts
    r"\s*(?:and\s+)?(?:we'?ll|we will|we'?re going to|let'?s) (?:do|keep|work on|keep doing) "
    r"(?:that|this|it|these|those)(?: up)? for (?:about |another )?\d+(?:\.\d+)?\s*(?:minutes?|mins?)\W*$|"
    # "Twelve minutes on those.", "Sixteen minutes of that.", "Twenty minutes.": the minutes alone
    r"\s*(?:and\s+)?(?:about |around |roughly |another )?\d+(?:\.\d+)?\s*(?:minutes?|mins?)"
    # ("Fourteen minutes there.")
    # ("12 minutes for net": "for that" as heard)
    r"(?:\s+(?:on|of|for|with|doing)\s+(?:all (?:of )?)?(?:those|that|these|them|it|this|net|nat|dat)|"
    r"\s+there)?\W*$|"
    # "We started at ten oh five and finished at ten twenty eight." (the view reads "we went on for 23
    # minutes"): the block before it, timed by the clock
    r"\s*(?:and\s+)?(?:we|i|she|he|they)\s+went on for \d+ minutes\W*$|"
    # "We spent fourteen minutes on those."
    r"\s*(?:and\s+)?(?:we|i|she|he|they)\s+spen[dt]\s+(?:about |around |roughly |just )?\d+(?:\.\d+)?\s*"
    # (one word after "on": the recogniser's "those" is often another short word, "on mows")
    # ("We spent about 24 minutes on all of that.")
    r"(?:minutes?|mins?)\s+(?:on|doing)\s+(?:all (?:of )?)?(?:those|that|these|them|it|this|[a-z]{3,5})\W*$"
)
# ("That's 18 minutes of exercise so far.": the running tally of the blocks said before it)
_TOTAL_WORDS = r"total|in all|altogether|overall|so far"
_TOTAL = re.compile(rf"\b({_TOTAL_WORDS})\b")
_TALLY = re.compile(r"\b(?:that's|that is|that makes|which makes|makes it|brings (?:us|it) to|puts us at)\s+"
                    r"(?:about\s+)?$")
# what follows a visit's total: "45 minutes today: ...", "45 minutes in all"
_SUMMED = re.compile(rf"\s*(?:(?:today|in total|all together|{_TOTAL_WORDS})\b\s*:?|:)")
_TRANSFERS = re.compile(
    r"\b(?:transfers?|getting (?:in and out|into and out|in|out) of (?:the |a |his |her |their |your )?"
    r"[a-z']*\s*(?:car|bed|tub|shower|chair|toilet|seat)|car seat|in and out of (?:the |a |his |her |"
    r"their |your )?[a-z']*\s*(?:car|bed|tub|shower|chair|toilet))\b"
)
# Time in the kitchen is self-care (meal preparation) unless the sentence says the kitchen was the
# place for reaching, lifting and carrying: "13 minutes in the kitchen: putting away groceries, ...
# unloading the dishwasher", "we went to the kitchen and he put mugs on the second shelf and carried
# the laundry basket" are functional activities for the arm (97530), and so is a meal made to
# practise them ("17 minutes on a real meal. She reached a can down from the second shelf, stirred the
# pot and carried the pan to the table": eight held-out writers agree, none the other way).
_REACH_WORK = re.compile(
    r"\b(?:put(?:s|ting)? (?:[a-z']+ ){0,4}?(?:away|(?:on|onto|in|into|up on) (?:the )?(?:[a-z]+ )?"
    r"(?:shel(?:f|ves)|cabinets?|cupboards?))|unload(?:s|ed|ing)?|load(?:s|ed|ing)? the dishwasher|"
    r"carr(?:y|ies|ied|ying)|lift(?:s|ed|ing)?|reach(?:es|ed|ing)?)\b")
# reaching into the home's places, or carrying its things: a household task, not a balance drill
# ("reached into the low cabinets and the dryer"; "reaching on one leg" stays balance work)
_HOUSEHOLD_REACH = re.compile(
    r"\breach(?:es|ed|ing)? (?:up |down )?(?:in)?to (?:the |a |her |his )?(?:[a-z]+ ){0,2}?"
    r"(?:cabinets?|cupboards?|shel(?:f|ves)|dryer|washer|closet|fridge|refrigerator|oven|dishwasher|"
    r"drawers?)\b|"
    r"\bcarr(?:y|ies|ied|ying) (?:the |a |her |his )?(?:[a-z]+ ){0,2}?"
    r"(?:pan|pot|plates?|basket|laundry|groceries|bags?|tray|dishes|bowls?)\b")
# a sentence that only names the service the sentence before timed: "That's the manual therapy."
_NAMES_BEFORE = re.compile(
    r"\W*(?:so\s+)?(?:that's|that is|that was|this is|this was|those were|that counts as)"
    r"\s+(?:(?:the|our|your|his|her|some|all)\s+)?")


@dataclass(frozen=True)
class _Entry:
    cpt: str
    name: str
    timed: bool
    disciplines: frozenset[str]
    pattern: re.Pattern[str]
    minutes_pattern: re.Pattern[str] | None = None  # names that count only beside minutes ("exercise")
    dose_pattern: re.Pattern[str] | None = None  # an exercise dose beside minutes, no service named
    aliases: tuple[str, ...] = ()  # the patterns `pattern` is made of, as written in the lexicon
    # (code, cues, unless): the code billed instead when the sentence says this is a later encounter
    subsequent: tuple[str, re.Pattern[str], re.Pattern[str] | None] | None = None


@dataclass(frozen=True)
class _Implied:
    cpt: str
    name: str
    disciplines: frozenset[str]
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def catalogue() -> tuple[tuple[_Entry, ...], tuple[_Implied, ...]]:
    """The service lexicon from data/interventions.yaml, validated (file and field named on error)."""
    d = load_data(_FILE)
    entries: list[_Entry] = []
    for i, e in enumerate(require(d, "entries", list, _FILE)):
        where = f"{_FILE}: entries[{i}]"
        if not isinstance(e, dict):
            raise LexiconError(f"{where}: must be a mapping")
        for key, kind in (
            ("cpt", str),
            ("name", str),
            ("timed", bool),
            ("disciplines", list),
            ("aliases", list),
        ):
            if not isinstance(e.get(key), kind):
                raise LexiconError(f"{where}: field '{key}' must be a {kind.__name__}")
        if not re.fullmatch(r"\d{5}|G\d{4}", e["cpt"]):
            raise LexiconError(f"{where}: field 'cpt' is not a CPT/HCPCS code: {e['cpt']!r}")
        try:
            pat = re.compile(
                r"(?<![\w-])(?:" + "|".join(sorted(e["aliases"], key=len, reverse=True)) + r")(?![\w])"
            )
        except re.error as exc:
            raise LexiconError(f"{where}: field 'aliases': bad pattern: {exc}") from exc
        mpat = None
        if e.get("minutes_aliases"):
            if not isinstance(e["minutes_aliases"], list):
                raise LexiconError(f"{where}: field 'minutes_aliases' must be a list")
            mpat = re.compile(r"(?<![\w-])(?:" + "|".join(e["minutes_aliases"]) + r")(?![\w])")
        dpat = None
        if e.get("dose_aliases"):
            if not isinstance(e["dose_aliases"], list):
                raise LexiconError(f"{where}: field 'dose_aliases' must be a list")
            dpat = re.compile(r"(?<![\w-])(?:" + "|".join(e["dose_aliases"]) + r")")
        sub = None
        if e.get("subsequent") is not None:
            sd = e["subsequent"]
            if not (
                isinstance(sd, dict) and isinstance(sd.get("cpt"), str) and isinstance(sd.get("cues"), list)
            ):
                raise LexiconError(f"{where}: field 'subsequent' needs 'cpt' and a list of 'cues'")
            unless = sd.get("unless") or []
            sub = (
                sd["cpt"],
                re.compile(r"\b(?:" + "|".join(sd["cues"]) + r")\b"),
                re.compile(r"\b(?:" + "|".join(unless) + r")") if unless else None,
            )
        entries.append(_Entry(e["cpt"], e["name"], e["timed"], frozenset(e["disciplines"]), pat, mpat, dpat,
                              tuple(e["aliases"]), sub))
    codes = {x.cpt for x in entries}
    for x in entries:
        if x.subsequent is not None and x.subsequent[0] not in codes:
            raise LexiconError(f"{_FILE}: {x.cpt}: subsequent code {x.subsequent[0]} has no entry")
    implied: list[_Implied] = []
    for i, e in enumerate(d.get("implied") or []):
        where = f"{_FILE}: implied[{i}]"
        if not isinstance(e, dict) or not all(
            isinstance(e.get(k), t)
            for k, t in (("cpt", str), ("name", str), ("disciplines", list), ("cues", list))
        ):
            raise LexiconError(f"{where}: needs 'cpt', 'name', 'disciplines' and 'cues'")
        pat = re.compile(r"\b(?:" + "|".join(e["cues"]) + r")")
        implied.append(_Implied(e["cpt"], e["name"], frozenset(e["disciplines"]), pat))
    return tuple(entries), tuple(implied)


def timed_codes() -> frozenset[str]:
    return frozenset(e.cpt for e in catalogue()[0] if e.timed)


@dataclass
class _Mention:
    entry: _Entry
    start: int
    end: int
    minutes: float | None
    minutes_span: tuple[int, int] | None
    add: bool
    total: bool
    seg: Segment
    norm: NormText


@lru_cache(maxsize=1)
def _plain_names() -> tuple[tuple[str, _Entry], ...]:
    """Each timed service's name and its plain multi-word aliases (no pattern syntax), letters
    only, for the sound-alike match below; short names are left out, their near misses are ordinary
    words, and one-word aliases ("education") count only in the contexts their patterns allow."""
    out: list[tuple[str, _Entry]] = []
    for e in catalogue()[0]:
        if not e.timed:
            continue  # an untimed service (an evaluation) is never read from a sound-alike
        for name in {e.name, *(a for a in e.aliases if re.fullmatch(r"[a-z -]+", a) and " " in a)}:
            letters = re.sub(r"[^a-z]", "", name)
            if len(letters) >= 9:
                out.append((letters, e))
    return tuple(out)


_MISHEARD_MIN_RATIO = 0.78
_TEST_MINUTES = re.compile(r"\s*(?:walk|test|mark)")  # "the 6 minute walk": a test's name, not time


def _misheard_service(text: str, sa: int, sb: int, discipline: str) -> list[tuple[int, int, _Entry]]:
    """A timed service's name the recogniser garbled, in a sentence that gives its minutes and names
    no service: "Nourmasculary education took 11 minutes", "manual emphatic drainage for 18 minutes".

    Runs of two to four words (or one long word: "Full-trasound") are matched by
    `numbers.closest_sounding` at a ratio of 0.78. The evidence quotes what was heard.
    """
    words = [(sa + m.start(), sa + m.end(), m.group()) for m in re.finditer(r"[a-z][a-z'-]*", text[sa:sb])]
    by_cpt = {e.cpt: e for _, e in _plain_names()}
    offered = [(letters, e.cpt) for letters, e in _plain_names() if discipline in e.disciplines]
    found = closest_sounding(
        words, lambda _run: offered, _MISHEARD_MIN_RATIO,
        sizes=lambda w: (1, 2, 3, 4) if len(w) >= 8 else (2, 3, 4),
    )
    return [(found[1], found[2], by_cpt[found[0]])] if found else []


# "N minutes of the card sorting game", "on the play based activities": the minutes spent on
# activities, games or tasks that no service's name covers are therapeutic activities (97530)
_ACTIVITY_SPENT = re.compile(
    # ("The last 14 minutes were work tasks.")
    r"\b\d+(?:\.\d+)? minutes? (?:of|on|doing|(?:were|was) (?:spent )?(?:on )?) ?(?:the |some )?"
    r"(?P<p>(?:[a-z'-]+ ){0,5}?(?:activities|games?|tasks))\b"
    # (the head of its phrase: "game stabilization" is gaze stabilization misheard, not a game)
    r"(?!\s+[a-z]+(?:tion|sion|ment|ness)\b)"
    # "The last 9 minutes were sorting envelopes into a tray": the minutes given to doing a task
    # ("the final 8 minutes went to buttoning, picking up coins")
    r"|\b\d+(?:\.\d+)? minutes? (?:(?:were|was|went) (?:spent )?(?:on |to(?:wards?)? )?|"
    # ("10 minutes on the job itself: reaching overhead into a panel, carrying the toolbox")
    r"(?:on|of) (?=(?:(?:the|a|an|some) )?[a-z' ]{1,25}?:\s+[a-z]+ing\b))"
    # ("The last 14 minutes was the garden box: scooping soil, pinching off dead blooms", "were work
    # tasks: picking screws out of a bin")
    r"(?:(?:(?:the|a|an|some) )?[a-z' ]{1,25}?:\s+)?"
    r"(?P<g>(?!(?:walking|stretching|exercising|strengthening|resting|talking|testing|reviewing|"
    r"teaching|educating|measuring|icing|heating)\b)[a-z]+ing(?: (?!and\b)[a-z'-]+){0,4})"
    # ("we spent 11 minutes trying a different setup: the right hand on the shift key", "Then 10
    # minutes getting the laundry out of the dryer and carrying it")
    r"|(?:\bspen[dt]|(?<![\w,] )\b(?:then|and|next|last|finally),?) (?:about |another )?"
    r"\d+(?:\.\d+)? minutes? "
    r"(?P<s>(?!(?:walking|stretching|exercising|strengthening|resting|talking|testing|reviewing|"
    r"teaching|educating|measuring|icing|heating|going|waiting|discussing|explaining|"
    r"answering|filling|setting|planning|writing|reading|looking|loosening|massaging|mobili[sz]ing)\b)"
    r"[a-z]+ing(?: (?!and\b)[a-z'-]+){0,4})"
)
# "Standing at the sink for grooming, he lasted six minutes before he needed to sit.": how long the
# client kept going, a measure, not minutes spent on the service
_ENDURED_BEFORE = re.compile(
    r"\b(?:he|she|they|you)\s+(?:lasted|managed|tolerated|stood|sat|kept going|kept at it)\s+"
    r"(?:for\s+)?(?:about\s+|around\s+|only\s+|just\s+)?$")


def _client_endured(text: str, a: int, b: int, sa: int, sb: int) -> bool:
    return bool(_ENDURED_BEFORE.search(text, max(sa, a - 40), a))


# minutes a client can keep at something are a tolerance, never the time billed ("20 minutes of
# activities before she needs a rest")
_TOLERANCE = re.compile(
    r"\b(?:tolerat\w*|before (?:needing|taking|she|he|they|i|a)\b|without (?:a )?(?:rest|break)|up to|"
    r"sustain\w*|able to|can now|could)"
)


def _activity_named(text: str, sa: int, sb: int, discipline: str, entries: tuple[_Entry, ...],
                    loose: list[tuple[int, int, _Entry]],
                    named: Sequence[tuple[int, int, _Entry]] = ()) -> list[tuple[int, int, _Entry]]:
    """Loose names, with therapeutic activities added where the minutes go to activities, games or
    tasks that no loose name inside the phrase covers ("12 minutes of dressing tasks" stays self-care)
    and no service named outright overlaps."""
    act = next((e for e in entries if e.cpt == "97530" and discipline in e.disciplines), None)
    if act is None:
        return loose
    out = list(loose)
    for m in _ACTIVITY_SPENT.finditer(text, sa, sb):
        a, b = next(m.span(g) for g in ("p", "g", "s") if m.group(g))
        if m.group("s") and loose:
            continue  # ("Then 17 minutes setting up the planner routine, phone alarms for his medicine")
        if not any(a <= h[0] < b for h in loose) and not any(h[0] < b and a < h[1] for h in named):
            out.append((a, b, act))
    return out


def _examples_dropped(text: str, hits: list[tuple[int, int, _Entry]],
                      end: int | None = None) -> list[tuple[int, int, _Entry]]:
    """Loose names said after another one in its sentence with no minutes of their own are its
    examples, not a block of their own: "24 minutes on the play based activities, stairs, jumping
    and kicking" (the recogniser often loses the commas)."""
    hits = sorted(hits, key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, _Entry]] = []
    for k, h in enumerate(hits):
        prev = out[-1] if out else None
        nxt = next((x[0] for x in hits[k + 1:] if x[0] >= h[1]), None)
        # (the minutes a later sentence gives the block are its name's, not an example's: "Then balance
        # work, tandem walking ..., head turns while walking. Fourteen minutes.")
        stop = nxt if nxt is not None else (end if end is not None else len(text))
        if prev is not None and h[0] >= prev[1] and re.fullmatch(r"[^.;\d]*", text[prev[1] : h[0]]) \
                and not _MINUTES.search(text, h[1], stop):
            continue
        out.append(h)
    return out


def _encounter(e: _Entry, sentence: str, entries: tuple[_Entry, ...],
               earlier: Callable[[], str] = str) -> _Entry:
    """The subsequent-encounter code where the sentence speaks of an orthosis the client already has:
    a cue of work on an existing one, and no word of a new one in the sentence or earlier in the
    visit ("your new orthosis came in yesterday" ... "we adjusted the tension": the first fitting)."""
    if e.subsequent is None:
        return e
    cpt, cues, unless = e.subsequent
    if cues.search(sentence) and not (unless and (unless.search(sentence) or unless.search(earlier()))):
        return next(x for x in entries if x.cpt == cpt)
    return e


_MINUTES_OF = re.compile(
    # ("6 minutes going over your pressure relief schedule": the work said as a verb first)
    # ("Ten minutes next on the stairs")
    r"\s*(?:(?:next|first|then|after that|more|total|in all) )?"
    r"(?:of|on|doing|for|in|with|went to|were|was|were spent on|spent on|going over|going through|"
    r"reviewing|teaching|practi[cs]ing|working on|"
    r"(?:we |she |he |they )?(?:did|spent on|worked on|focused on)|"
    r"(?:went|were|was) (?:to|on|spent on))?\s*(?:the\s+)?"
    # "8 minutes of midfoot mobilization": a word or two naming where or how
    # ("18 minutes of grip and wrist strengthening": two of them joined)
    r"(?:(?!and\b|or\b|then\b)[a-z-]+\s+(?:and\s+(?!and\b|or\b|then\b)[a-z-]+\s+)?){0,2}"
)


# minutes said straight after a service's name are its own even when examples follow them
# ("Neuromuscular re-education was 10 minutes of agility ladder drills")
_ATTACHED = re.compile(r"\s*(?:,\s*)?(?:was|were|is|are|took|lasted|came to|for|:|-)?\s*(?:about\s+)?")


_COMMA_ONLY = re.compile(r"\s*,\s*")


def _tight(text: str, mi: tuple[int, int, float], a: int) -> bool:
    """Whether minutes said just before a service's name are its own ("10 minutes of gait training")."""
    return 0 <= a - mi[1] <= 30 and _MINUTES_OF.fullmatch(text[mi[1] : a]) is not None


# ("gait training was 12 minutes, bed mobility training 14 minutes, and the exercises about 9
# minutes": a list of blocks and their times, the verb said once)
_OWN_MINUTES = re.compile(r"(?:\s+and\s+(?:[a-z-]+\s+){1,3}?)?(?:\s+(?:training|practice|work))?\s*(?:,\s*)?"
                          r"(?:(?:was|were|took|lasted|came to|for)\s+)?"
                          r"(?:about\s+|around\s+|another\s+)?\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b|"
                          # ("weight shifting on the scale for balance was 8 minutes": where and what
                          # for, then its time with its verb)
                          r"(?:\s+(?:on|for|with|in|at|onto|into)\s+(?:(?:the|a|an|her|his|their)\s+)?[a-z-]+){1,3}"
                          r"\s+(?:was|were|took|lasted|came to)\s+(?:about\s+|around\s+)?\d+(?:\.\d+)?\s*"
                          r"(?:minutes?|mins?)\b")


def _own_minutes_after(text: str, b: int, sb: int, hits: list[tuple[int, int, _Entry]]) -> bool:
    """Minutes said straight after a loose name, before any service named outright."""
    m = _OWN_MINUTES.match(text, b, sb)
    return m is not None and not any(b <= x[0] < m.end() for x in hits)


# ("update the walking program to 15 minutes daily": a home dose prescribed, no time spent here)
_PRESCRIBED = re.compile(r"\s*(?:(?:once|twice|\d+ times) )?(?:a|per|each|every) "
                         r"(?:day|night|morning|evening)\b|"
                         r"\s*(?:daily|nightly)\b")


def _dose_of_its_own(x: _Entry, stext: str, sa: int, a: int, named_cpt: str) -> bool:
    """Whether the sentence gives service `x` (exercise) a dose of its own: before the named service,
    or with the exercise named loosely ("heel slides, 2 sets of 15, and gait training")."""
    dose = x.dose_pattern.search(stext) if x.dose_pattern else None
    if dose is None:
        return False
    return sa + dose.start() < a or bool(x.minutes_pattern and x.minutes_pattern.search(stext)) or (
        # (hands-on work is never dosed in sets: "Manual therapy, three sets of fifteen.")
        named_cpt in _NEVER_DOSED)


_NEVER_DOSED = frozenset({"97140", "97124", "97035", "97032", "97033", "97010", "97018", "97012"})


_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|so)\s+|;|:")


def _future_of(text: str, sa: int, sb: int, b: int) -> bool:
    """Whether the sentence puts the service named up to `b` in time to come: a cue before the name, or
    after it in the same clause ("Six minutes of active flexion, and the home program is ten reps every
    hour": the home program is another clause's)."""
    for m in FUTURE.finditer(text[sa:sb]):
        if sa + m.start() < b or not _CLAUSE_BREAK.search(text, b, sa + m.start()):
            return True
    return False


def _mentions_in(seg: Segment, discipline: str, earlier: Callable[[], str] = str,
                 following: str = "") -> list[_Mention]:
    entries, _ = catalogue()
    norm = norm_view(seg.best_text)
    text = norm.text
    out: list[_Mention] = []
    pos = 0
    sentences: list[tuple[int, int]] = []
    for m in _SENT_SPLIT.finditer(text):
        sentences.append((pos, m.start()))
        pos = m.end()
    sentences.append((pos, len(text)))
    timed_back: set[int] = set()  # minutes a sentence gave the service named in the sentence before
    for k_s, (sa, sb) in enumerate(sentences):
        stext = text[sa:sb]
        hits: list[tuple[int, int, _Entry]] = []
        for e in entries:
            if discipline not in e.disciplines:
                continue
            for m in e.pattern.finditer(stext):
                hits.append((sa + m.start(), sa + m.end(), e))
        # "Then the agility ladder and single leg hops. That block took 13 minutes.": a later sentence
        # only times this one (see _timing_sentence)
        timer = _timing_sentence(text, sentences, k_s, entries, discipline)
        loose_spans: set[tuple[int, int]] = set()
        if _MINUTES.search(stext) or (timer is not None and not hits):
            # loose names ("seventeen minutes of exercise") where no service is named outright; beside
            # one, only with their own minutes said right before them ("8 minutes of mobilization, and
            # 7 minutes of hopping drills", "paraffin first, then fourteen minutes of exercise")
            loose = [(sa + m.start(), sa + m.end(), e) for e in entries
                     if discipline in e.disciplines and e.minutes_pattern is not None
                     for m in e.minutes_pattern.finditer(stext)]
            if hits:
                # (the minutes before another service named on the way are that service's: "12
                # minutes of gait training with functional tasks"; minutes straight after a loose name
                # are its own: "we did mirror therapy for 18 minutes, then 12 minutes of exercise",
                # "After the re-evaluation we did graded motor imagery for 18 minutes")
                loose = [h for h in loose if (_spent_on(text, max([sa, h[0] - 40] + [
                    x[1] for x in hits if x[1] <= h[0]]), h[0]) or _own_minutes_after(text, h[1], sb, hits))
                         and not any(x[0] < h[1] and h[0] < x[1] for x in hits)]
            if not _TOLERANCE.search(stext):
                # (beside a service named outright too: "then 10 minutes of joint mobilization ..., and
                # the last 12 minutes on shop tasks: jar lids, a padlock")
                loose = _activity_named(text, sa, sb, discipline, entries, loose, hits)
            loose_spans.update((a, b) for a, b, _ in loose)
            hits += _examples_dropped(text, loose, sb)
            if not hits and not _REST.search(stext):
                # an exercise dose with its minutes and no service named: "heel slides, 2 sets of 15,
                # came to 18 minutes" (the recogniser often garbles the service's own name); "That
                # took 20 minutes." after the dose's own sentence counts the same
                prev = ""
                if k_s and _THAT_TOOK.match(stext):
                    prev = text[sentences[k_s - 1][0] : sentences[k_s - 1][1]]
                for e in entries:
                    if not e.dose_pattern or discipline not in e.disciplines:
                        continue
                    dose = e.dose_pattern.search(stext)
                    if dose:
                        hits.append((sa + dose.start(), sa + dose.end(), e))
                        break
                    pdose = e.dose_pattern.search(prev) if prev else None
                    named = any(x.pattern.search(prev) for x in entries if discipline in x.disciplines)
                    if pdose and not named:
                        pa = sentences[k_s - 1][0]
                        hits.append((pa + pdose.start(), pa + pdose.end(), e))
                        break
        if not hits and any(not _TEST_MINUTES.match(stext, m.end()) and sa + m.start() not in timed_back
                            for m in _MINUTES.finditer(stext)):
            hits += _misheard_service(text, sa, sb, discipline)
        # leftmost-longest, no overlaps ("ice massage" is a cold pack, not massage)
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple[int, int, _Entry]] = []
        for h in hits:
            if chosen and h[0] < chosen[-1][1]:
                continue
            chosen.append(h)
        if not chosen:
            continue
        if _TRANSFERS.search(stext):
            # "we practiced the stairs ... and getting in and out of the car seat": stairs in one block
            # with transfers are functional activities, not gait training
            act = next((x for x in entries if x.cpt == "97530" and discipline in x.disciplines), None)
            chosen = [(a, b, act if act is not None and e.cpt == "97116" and (a, b) in loose_spans else e)
                      for a, b, e in chosen]
        described = stext
        if k_s + 1 < len(sentences) and not _MINUTES.search(text, *sentences[k_s + 1]):
            described += " " + text[sentences[k_s + 1][0] : sentences[k_s + 1][1]]  # what was done, said next
        elif k_s + 1 == len(sentences) and not _MINUTES.search(following):
            described += " " + following  # (the recogniser cut it off into the clinician's next segment)
        if _REACH_WORK.search(described):
            act = next((x for x in entries if x.cpt == "97530" and discipline in x.disciplines), None)
            # ("twelve minutes of standing balance while she reached into the low cabinets and the
            # dryer": balance named loosely, the work a functional reach, as "working on her balance"
            # while carrying the pan is)
            household = _HOUSEHOLD_REACH.search(described) is not None
            chosen = [(a, b, act if act is not None and (
                (e.cpt == "97535" and "kitchen" in text[a:b])
                or (household and e.cpt == "97112" and (a, b) in loose_spans and "balance" in text[a:b]))
                else e)
                      for a, b, e in chosen]
        # ("I reheated the splint and remolded it. Nine minutes on the splint.": what was done to the
        # orthosis may be said in the sentence before its minutes)
        # ("the thumb spica orthosis at night. I checked the fit and trimmed the edge; that took nine
        # minutes.": or after it, up to the minutes, when its own sentence gives none)
        # ("Nine minutes on the orthosis. I trimmed the border where it rubbed.": or in the sentence
        # after its minutes, when that one gives none of its own)
        upto = sb if _MINUTES.search(text, sa, sb) else len(text)
        if upto == sb and k_s + 1 < len(sentences) and not _MINUTES.search(text, *sentences[k_s + 1]):
            upto = sentences[k_s + 1][1]
        around = text[sentences[k_s - 1][0] if k_s else sa : upto]
        chosen = [(a, b, _encounter(e, around, entries, earlier)) for a, b, e in chosen]
        minutes = [(m.start(), m.end(), float(m.group("v"))) for m in _MINUTES.finditer(text, sa, sb)
                   if not _client_endured(text, m.start(), m.end(), sa, sb)
                   and not _PRESCRIBED.match(text, m.end())]
        used: set[int] = set()
        earlier_visit = _EARLIER_VISIT.match(text, sa) is not None
        for k, (a, b, e) in enumerate(chosen):
            if earlier_visit:
                continue  # "Last time we did 10 minutes of manual therapy."
            clause_text = text[max(sa, a - 40) : min(sb, b + 40)]
            home = _at_home(text, b, sa, sb)
            # ("I'd call this low complexity with a good prognosis": the complexity is this visit's)
            now = _now_in_visit(text[sa:sb]) or ("complexity" in text[a:b] and any(
                e.cpt in family for family in _EVALUATION_FAMILIES))
            if _LATER.search(text[sa:sb]) and _TO_COME.search(text[sa:sb]) and not now and not any(
                    not m.group(0).startswith("for ") for m in _PAST_OR_NOW.finditer(text, sa, sb)):
                continue  # "Next visit we'll practice the stairs for ten minutes.": its length, later
            # ("Use an ice pack for ten minutes at home": a length said for home is no time spent here)
            home_here = _HOME_AFTER.match(text, b, sb) is not None
            past_or_now = any(not (home_here and m.group(0).startswith("for "))
                              for m in _PAST_OR_NOW.finditer(text[sa:sb]))
            if (_future_of(text, sa, sb, b) or home) and not past_or_now and not now:
                continue
            # (searched in place, so "went through the home program" is seen whole)
            ahead = FUTURE.search(text, max(sa, a - 40), min(sb, b + 40))
            if (ahead or home) and not now and not re.search(
                    r"\btoday\b" if home_here else r"\b(today|for (?:about |around )?\d+ minutes)\b",
                    clause_text) and not (
                    re.search(rf"\b{_IN_VISIT}\b", text[sa:sb])) and not (
                    # "we did 20 minutes of therapeutic exercise to set up her home program": the
                    # minutes spent on it in the clinic, unless a time to come is said
                    _spent_on(text, max(sa, a - 25), a) and not _TO_COME.search(clause_text)):
                continue
            best: tuple[int, int, float] | None = None
            if e.timed:
                nxt = chosen[k + 1][0] if k + 1 < len(chosen) else sb
                prv = chosen[k - 1][1] if k > 0 else sa
                # minutes after the name up to the next service, else just before it
                # ("10 minutes of gait training")
                after = [mi for mi in minutes if b <= mi[0] < nxt and mi[0] not in used]
                # ("11 minutes of manual work, ... mobilization of the first ray, then 8 minutes of
                # exercise": minutes said right before a later service are that service's)
                # (minutes after a comma that open the next service's own block are that service's:
                # "9 minutes of scar massage and soft tissue work, 18 minutes of tendon glides")
                after = [mi for mi in after if (_ATTACHED.fullmatch(text, b, mi[0]) and not (
                    _COMMA_ONLY.fullmatch(text, b, mi[0]) and any(
                        _tight(text, mi, x[0]) and x[2].cpt != e.cpt
                        for x in chosen[k + 1 : k + 2] if x[2].timed)))
                    or not any(_tight(text, mi, x[0]) for x in chosen[k + 1 :] if x[2].timed)]
                before = [mi for mi in minutes if prv <= mi[0] < a and mi[0] not in used]
                tight = [mi for mi in before if _tight(text, mi, a)]
                if tight:
                    best = tight[-1]
                elif after:
                    best = after[0]
                elif before:
                    best = before[-1]
                elif k == len(chosen) - 1 and k_s + 1 < len(sentences) and not any(
                        _dose_of_its_own(x, stext, sa, a, e.cpt)
                        for x in entries if x.dose_pattern and x is not e):
                    # (an exercise dose said with another service: the minutes may be the exercise's;
                    # a dose in the service's own description is its own: "neuromuscular re-education,
                    # reaching for cones, three sets of five reaches. That part was 12 minutes.")
                    best = _minutes_in(text, timer) if timer is not None else None
                    if best:
                        timed_back.add(best[0])
                if best is None and k == 0 and k_s and _NAMES_BEFORE.fullmatch(text, sa, a):
                    # "I moved the kneecap and worked the tissue around the incision for 10 minutes.
                    # That's the manual therapy.": the name given to the minutes just said
                    pa, pb = sentences[k_s - 1]
                    said_before = text[pa:pb]
                    if not any(x.pattern.search(said_before) for x in entries if discipline in x.disciplines):
                        prev_min = [(mi.start(), mi.end(), float(mi.group("v")))
                                    for mi in _MINUTES.finditer(text, pa, pb)]
                        if len(prev_min) == 1 and not any(o.minutes_span == prev_min[0][:2] for o in out):
                            best = prev_min[0]
                if best:
                    used.add(best[0])
            if best is None and (a, b) in loose_spans and any(
                    mi[0] in used and _tight(text, mi, a) for mi in minutes):
                # "Neuromuscular re-education was 11 minutes of agility ladder drills": the loose
                # name after the minutes another service took is that service's example
                continue
            ctx = text[max(sa, (best[0] if best else a) - 30) : a]
            out.append(
                _Mention(
                    e,
                    a,
                    b,
                    best[2] if best else None,
                    (best[0], best[1]) if best else None,
                    add=bool(_ADD.search(ctx)),
                    total=bool(_TOTAL.search(text[sa:sb])),
                    seg=seg,
                    norm=norm,
                )
            )
    return out


# "Fitting it and training her on wearing and care of it took 18 minutes.": what took the time points
# back at the service of the sentence before
_IT_TOOK = re.compile(r"[^.;]{0,80}?\b(?:it|that|this|them)\b[^.;]{0,40}?\b(?:took|lasted|came to)\b")


def _timing_sentence(text: str, sentences: list[tuple[int, int]], k_s: int, entries: Sequence[_Entry],
                     discipline: str) -> tuple[int, int] | None:
    """The sentence after sentence k_s that only times what came before it, naming no service of its
    own: "Today I made you a custom wrist orthosis. That took 18 minutes." A heading ("Then
    balance.") may be timed one sentence further on, past a description with no service and no
    minutes. "It took him six minutes." is how long the client's task took, not billed time."""
    for step in (1, 2):
        if k_s + step >= len(sentences):
            return None
        na, nb = sentences[k_s + step]
        said = text[na:nb]
        named = any(e.pattern.search(said) for e in entries if discipline in e.disciplines)
        if ((_THAT_TOOK.match(text, na, nb) or _IT_TOOK.match(text, na, nb)) and _MINUTES.search(said)
                and not named and not re.search(r"\btook (?:him|her|them|me|you|us)\b", said)):
            return na, nb
        if named or (_MINUTES.search(said) and not _CLIENT_KEPT_AT.search(said)):
            return None
    return None


# ("She stood for six minutes at a time.": how long the client kept at it, said between a block and
# its minutes)
_CLIENT_KEPT_AT = re.compile(r"^\W*(?:she|he|they)\s+"
                             r"(?:stood|sat|walked|lasted|kept (?:at )?it up|tolerated)\b"
                             r"[^.]*?\bfor\s+\d+\s*(?:minutes?|mins?|seconds?)\b(?:\s+at a time)?")


def _minutes_in(text: str, span: tuple[int, int]) -> tuple[int, int, float] | None:
    mi = _MINUTES.search(text, *span)
    return (mi.start(), mi.end(), float(mi.group("v"))) if mi else None


def _take_back(seg: Segment, block: tuple[int, str, float], by_cpt: dict[str, Intervention],
               seen_minutes: dict[str, list[float]]) -> None:
    """A correction after a pause replaces the minutes just given: "That was self-care training, 12
    minutes." / "Actually, no, we started before the clock, call it 14 minutes." Only a segment that
    opens with the correction and names no service of its own."""
    norm = norm_view(seg.best_text)
    lead = RETRACT_LEAD.match(norm.text)
    if lead is None:
        return
    mi = _MINUTES.search(norm.text, lead.end())
    if mi is None or re.search(r"\d", norm.text[: mi.start()]) or mi.start() - lead.end() > 60 or \
            _REST.search(norm.text):
        return  # "Sorry, you can take five minutes to rest": no correction
    _, cpt, old = block
    new = float(mi.group("v"))
    prior = seen_minutes.get(cpt, [])
    if old not in prior or new == old:
        return
    prior[prior.index(old)] = new
    owner = by_cpt[cpt]
    owner.minutes = int(round(sum(prior)))
    owner.evidence.append(Evidence(segment=seg.id, start=seg.start, end=seg.end,
                                   quote=norm.quote(0, mi.end())))


_SOFT_TISSUE_AIM = re.compile(r"\b(?:scars?|incisions?|swelling|swollen|edema|oedema|retrograde|lymph\w*)\b")


def _sentence_around(text: str, pos: int) -> str:
    a = max(text.rfind(c, 0, pos) for c in ".!?;") + 1
    ends = [e for e in (text.find(c, pos) for c in ".!?;") if e >= 0]
    return text[a : min(ends) if ends else len(text)]


def _massage_as_manual(mentions: list[_Mention]) -> list[_Mention]:
    """Massage timed in one block with a manual technique ("deep massage along the graft and slow
    myofascial stretching ... That was 13 minutes.", "scar massage and retrograde massage") is that
    manual therapy: 97140 covers soft tissue work, and 97124 is massage given on its own.

    Massage of a scar or to bring swelling down ("scar work first, ten minutes on massage and the
    silicone pad", "light massage to get the swelling down around the elbow") is soft tissue
    mobilization or edema work, manual therapy too; "massage to the upper traps" stays 97124."""
    manual_entry = next((e for e in catalogue()[0] if e.cpt == "97140"), None)
    if manual_entry is not None:
        mentions = [replace(m, entry=manual_entry) if m.entry.cpt == "97124" and _SOFT_TISSUE_AIM.search(
            _sentence_around(m.norm.text, m.start)) else m for m in mentions]
    manual = [m for m in mentions if m.entry.cpt == "97140"]
    if not manual:
        return mentions
    # massage untimed beside a manual technique is part of its block
    mentions = [m for m in mentions if not (m.entry.cpt == "97124" and m.minutes is None)]
    massage = [m for m in mentions if m.entry.cpt == "97124"]
    untimed = [m for m in manual if m.minutes is None]
    if len(massage) != 1 or not untimed:
        return mentions
    kept = [m for m in mentions if m not in untimed]
    k = kept.index(massage[0])
    kept[k] = replace(massage[0], entry=untimed[0].entry)
    return kept


# The recogniser cuts a block's description at its pauses, so the minutes can come in a segment of
# their own after two or three pieces of it: "Perfect time for it. Then balance," / "tandem walking
# along the counter, ... stepping over the cane," / "16 minutes on that." A segment that only gives
# minutes is read with the clinician's run of segments just before it (each following at once, none
# with minutes of its own) as one utterance; the evidence quotes the name and the minutes, each in
# its own segment.
_TIMER_ONLY = re.compile(
    r"\W*(?:(?:and|so|then)\s+)?(?:(?:that|this|it|which|those|these)(?: all| whole)?(?:\s+[a-z]+)?\s+"
    r"(?:was|were|took|lasted|came to|ran)\s+)?(?:about |around |roughly |only |just |another )?"
    r"\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b"
    r"(?:\s+(?:on|of|for|with|doing)\s+(?:all (?:of )?)?(?:those|that|these|them|it|this)|\s+there)?\W*")
_RUN_GAP_S = 1.5
_RUN_MAX = 3


def _timed_run(segments: list[Segment], k: int, discipline: str) -> list[tuple[_Mention, list[Evidence]]]:
    """Services timed by segment k when it only gives minutes, read with the run of segments before it."""
    seg = segments[k]
    if not _TIMER_ONLY.fullmatch(norm_view(seg.best_text).text):
        return []
    run: list[Segment] = []
    j = k - 1
    while j >= 0 and len(run) < _RUN_MAX:
        s = segments[j]
        if s.speaker not in ("therapist", "unknown") or segments[j + 1].start - s.end > _RUN_GAP_S:
            break
        if _MINUTES.search(norm_view(s.best_text).text):
            break  # a segment with minutes of its own timed what it said
        run.insert(0, s)
        j -= 1
    if not run:
        return []
    parts = [*run, seg]
    offsets, pos = [], 0
    for p in parts:
        offsets.append(pos)
        pos += len(p.best_text) + 1
    combined = " ".join(p.best_text for p in parts)
    synth = Segment(seg.id, run[0].start, seg.end, seg.speaker, combined, clinical_text=combined)

    def located(a: int, b: int) -> Evidence | None:
        for p, off in zip(parts, offsets, strict=True):
            if off <= a and b <= off + len(p.best_text):
                return Evidence(segment=p.id, start=p.start, end=p.end, quote=combined[a:b].strip(" ,;:"))
        return None

    out: list[tuple[_Mention, list[Evidence]]] = []
    for m in _mentions_in(synth, discipline):
        if m.minutes is None or m.minutes_span is None:
            continue
        name_ev = located(*m.norm.orig_span(m.start, m.end))
        min_ev = located(*m.norm.orig_span(*m.minutes_span))
        if name_ev is None or min_ev is None or min_ev.segment != seg.id or name_ev.segment == seg.id:
            continue
        out.append((m, [name_ev, min_ev]))
    return out


def _said_before(segments: list[Segment], k: int) -> str:
    """The visit's words before segment `k` (read only when a sentence needs them)."""
    return " ".join(norm_view(s.best_text).text for s in segments[:k])


def _said_from(m: _Mention) -> int:
    """Where a mention starts, its minutes included ("ten minutes on the bike")."""
    return min(m.start, m.minutes_span[0]) if m.minutes_span else m.start


# ("Ten minutes of exercise. Then eight minutes on the bike.": a block of its own, not a part)
_NEW_BLOCK = re.compile(r"\b(?:then|next|after that|afterwards|finally|lastly|later|another|more)\b")


def extract_interventions(segments: list[Segment], discipline: str) -> list[Intervention]:
    """One intervention per service in the order first said, minutes summed over separate blocks."""
    discipline = discipline.lower()
    by_cpt: dict[str, Intervention] = {}
    seen_minutes: dict[str, list[float]] = {}
    waiting: tuple[int, _Entry] | None = None  # a timed service said last in its segment, no minutes
    last_block: tuple[int, str, float] | None = None  # the minutes the segment before gave a service
    dosed: tuple[int, _Entry] | None = None  # an exercise dose ended its segment, no service, no minutes
    dosed_carried = False  # `dosed` was carried past one segment that only said what was done
    block_of: dict[str, tuple[int, float]] = {}  # each service's last block: its segment and minutes
    for k_seg, seg in enumerate(segments):
        if seg.speaker not in ("therapist", "unknown"):
            waiting = last_block = dosed = None
            continue
        nxt = segments[k_seg + 1] if k_seg + 1 < len(segments) else None
        following = (_SENT_SPLIT.split(norm_view(nxt.best_text).text.strip())[0]
                     if nxt is not None and nxt.speaker == seg.speaker and nxt.start - seg.end <= _RUN_GAP_S
                     else "")
        mentions = _massage_as_manual(_mentions_in(seg, discipline, partial(_said_before, segments, k_seg),
                                                   following))
        if not mentions and last_block is not None and last_block[0] == k_seg - 1:
            lead = RETRACT_LEAD.match(norm_view(seg.best_text).text)
            if lead is not None and not norm_view(seg.best_text).text[lead.end():].strip(" ,.;:-"):
                # "Gait training was 20 minutes." / "Sorry," / "correction, it was 24 minutes": the
                # correction goes on past a segment of its own opening word
                last_block = (k_seg, last_block[1], last_block[2])
                continue
            _take_back(seg, last_block, by_cpt, seen_minutes)
        last_block = None
        joined = False
        # ("and a pubic exercise." / "Twenty -two minutes, quadruped rocking, two sets of fifteen": the
        # segment opens on the minutes, whatever dose it names after them)
        opens = _OPENS_ON_MINUTES.match(norm_view(seg.best_text).text)
        if waiting is not None and waiting[0] == k_seg - 1 and (
                not mentions or (opens is not None and all(mm.start >= opens.end() for mm in mentions))):
            late = _continued_minutes(segments[k_seg - 1], seg)
            joined = late is not None
            if late is not None:
                owner = by_cpt[waiting[1].cpt]
                if owner.minutes is None:
                    owner.minutes = int(round(late[0]))
                    seen_minutes[waiting[1].cpt] = [late[0]]
                    block_of[waiting[1].cpt] = (k_seg, late[0])
                    quote = norm_view(seg.best_text).quote(*late[1])
                    owner.evidence.append(Evidence(segment=seg.id, start=seg.start, end=seg.end, quote=quote))
        if dosed is not None and not mentions and dosed[0] == k_seg - 1:
            joined = _dose_then_minutes(segments[k_seg - 1], seg, dosed[1], by_cpt, seen_minutes) or joined
        if not mentions and not joined:
            for rm, evs in _timed_run(segments, k_seg, discipline):
                iv = by_cpt.get(rm.entry.cpt)
                if iv is None:
                    iv = Intervention(cpt=rm.entry.cpt, name=rm.entry.name, minutes=None, evidence=[],
                                      timed=rm.entry.timed)
                    by_cpt[rm.entry.cpt] = iv
                    seen_minutes[rm.entry.cpt] = []
                iv.evidence.extend(evs[: max(0, 4 - len(iv.evidence))])
                prior = seen_minutes[rm.entry.cpt]
                if rm.entry.timed and rm.minutes is not None and rm.minutes not in prior:
                    prior.append(rm.minutes)
                    iv.minutes = int(round(sum(prior)))
        left_open = _dose_left_open(seg, discipline) if not mentions else None
        if (left_open is None and not mentions and dosed is not None and dosed[0] == k_seg - 1
                and not dosed_carried and not _MINUTES.search(norm_view(seg.best_text).text)):
            # "Now the hands-on part." / "I'm gliding the shin bone back." / "We'll do that for 15
            # minutes.": what was done, said between the block's name and its minutes
            dosed, dosed_carried = (k_seg, dosed[1]), True
        else:
            dosed = (k_seg, left_open) if left_open is not None else None
            dosed_carried = False
        waiting = None
        if mentions and mentions[-1].entry.timed and mentions[-1].minutes is None:
            waiting = (k_seg, mentions[-1].entry)
        for m in mentions:
            e = m.entry
            span = (
                min(m.start, m.minutes_span[0]) if m.minutes_span else m.start,
                max(m.end, m.minutes_span[1]) if m.minutes_span else m.end,
            )
            ev = Evidence(segment=seg.id, start=seg.start, end=seg.end, quote=m.norm.quote(*span))
            iv = by_cpt.get(e.cpt)
            if iv is None:
                iv = Intervention(cpt=e.cpt, name=e.name, minutes=None, evidence=[], timed=e.timed)
                by_cpt[e.cpt] = iv
                seen_minutes[e.cpt] = []
            if len(iv.evidence) < 4:
                iv.evidence.append(ev)
            if not e.timed or m.minutes is None:
                continue
            mins = m.minutes
            timed_so_far = [sum(v) for c, v in seen_minutes.items() if v and by_cpt[c].timed]
            if len(timed_so_far) >= 2 and abs(mins - sum(timed_so_far)) < 0.5 and m.minutes_span and (
                    _SUMMED.match(m.norm.text, m.minutes_span[1])
                    or _TOTAL.search(m.norm.text, max(0, m.minutes_span[0] - 25), m.minutes_span[0])
                    # ("So with the gait that's 32 minutes.": the blocks so far added up)
                    or _TALLY.search(m.norm.text, max(0, m.minutes_span[0] - 25), m.minutes_span[0])):
                # "So about 45 minutes today: the 24 on exercise, 13 walking, 8 on bed mobility": the
                # visit's total, said over the blocks already timed, is no block of its own
                continue
            prior = seen_minutes[e.cpt]
            own = block_of.get(e.cpt)
            if (own is not None and own[0] in (k_seg, k_seg - 1) and prior and mins < own[1] and not m.add
                    and not m.total
                    and not e.pattern.fullmatch(m.norm.text[m.start : m.end])
                    and not _NEW_BLOCK.search(m.norm.text, max(0, _said_from(m) - 25), _said_from(m))):
                # "Therapeutic exercise, 22 minutes. Quadruped rocking, bridges, and the bike for ten
                # minutes.": an example timed inside the block it belongs to is part of its minutes
                continue
            block_of[e.cpt] = (k_seg, mins)
            last_block = (k_seg, e.cpt, mins)
            if m.total:
                iv.minutes = int(round(mins))
                seen_minutes[e.cpt] = [mins]
            elif m.add or not prior:
                prior.append(mins)
                iv.minutes = int(round(sum(prior)))
            elif mins not in prior:
                prior.append(mins)  # a second block of the same service
                iv.minutes = int(round(sum(prior)))
    _add_implied(segments, discipline, by_cpt)
    _one_evaluation(by_cpt)
    _untimed_minutes(segments, by_cpt)
    _rest_of_total(segments, by_cpt, discipline)
    return list(by_cpt.values())


_TOTAL_SAID = re.compile(rf"\b(?:{_TOTAL_WORDS}|in total|all together)\b[^.;]*?\b(?P<v>\d+) minutes\b|"
                         # ("We've been on for 35 minutes.")
                         rf"\bwe've been (?:on|at it|going|working|here) for (?P<u>\d+) minutes\b|"
                         rf"\b(?P<w>\d+) minutes\b[^.;]*?\b(?:{_TOTAL_WORDS}|in total|all together)\b")
_PART_SAID = re.compile(r"\b(?:(?P<v>\d+)(?: minutes)? of (?:those|them|these|that)(?: minutes)?|"
                        # ("The first 22 were therapeutic activities, and the rest was self care")
                        r"the (?:first|last) (?P<w>\d+)(?: minutes)?) (?:were|was|went (?:to|on))\b")
_THE_REST = re.compile(r"\b(?:the rest|the remainder|the remaining time|everything else)"
                       r"(?: of (?:the |that |it|them|those)(?:time|session|minutes)?)? "
                       r"(?:was|were|went to|on)\b")


def _rest_of_total(segments: list[Segment], by_cpt: dict[str, Intervention], discipline: str) -> None:
    """"Altogether 35 minutes of treatment today. Twelve of those were the kitchen, and the rest was
    self care training": a part counted "of those" minutes is its service's, and the service given
    "the rest" has the total less the other blocks' minutes. The total may end the segment before
    (the recogniser cuts at the pause after it)."""
    timed = [iv for iv in by_cpt.values() if iv.timed]
    if len(timed) < 2:
        return
    entries = catalogue()[0]
    total: re.Match[str] | None = None
    for seg in segments:
        if seg.speaker not in ("therapist", "unknown"):
            total = None
            continue
        norm = norm_view(seg.best_text)
        here = _TOTAL_SAID.search(norm.text)
        at = 0
        if here is not None:
            total, at = here, here.end()
        if total is None:
            continue
        for part in _PART_SAID.finditer(norm.text, at):
            iv = _service_named(norm.text[part.end() : part.end() + 60], entries, by_cpt, discipline)
            if iv is not None and iv.timed and iv.minutes is None:
                iv.minutes = int(part.group("v") or part.group("w"))
                if len(iv.evidence) < 4:
                    iv.evidence.append(Evidence(segment=seg.id, start=seg.start, end=seg.end,
                                                quote=norm.quote(part.start(), part.end() + 60)))
        rest = _THE_REST.search(norm.text, at)
        open_ = [iv for iv in timed if iv.minutes is None]
        if rest is None or len(open_) != 1:
            continue
        end = norm.text.find(".", rest.end())
        tail = norm.text[rest.end() : end if end > 0 else len(norm.text)]
        if _service_named(tail[:60], entries, by_cpt, discipline) is not open_[0]:
            continue
        said = total.group("v") or total.group("u") or total.group("w")
        left = int(said) - sum(iv.minutes or 0 for iv in timed)
        if left > 0:
            open_[0].minutes = left
            if len(open_[0].evidence) < 4:
                open_[0].evidence.append(Evidence(segment=seg.id, start=seg.start, end=seg.end,
                                                  quote=norm.quote(rest.start(), rest.end() + len(tail))))
        return


def _service_named(text: str, entries: Sequence[_Entry], by_cpt: dict[str, Intervention],
                   discipline: str) -> Intervention | None:
    """The drafted service whose name (or loose name) comes first in `text`."""
    best: tuple[int, Intervention] | None = None
    for e in entries:
        iv = by_cpt.get(e.cpt)
        if iv is None or discipline not in e.disciplines:
            continue
        for p in (e.pattern, e.minutes_pattern):
            m = p.search(text) if p is not None else None
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), iv)
    return best[1] if best else None


# Untimed services bill one unit whatever their length, but the time spent on them is documented as
# said ("The evaluation took forty minutes", "Treatment today was fifty minutes", "paraffin, about
# eight minutes"): Medicare asks for the total treatment time, untimed minutes included.
_EVAL_CODES = frozenset({"97161", "97162", "97163", "97164", "97165", "97166", "97167", "97168",
                         "92521", "92522", "92523", "92524", "92610"})
_REEVAL_CODES = frozenset({"97164", "97168"})
_SESSION_CODES = frozenset({"92507", "92508", "92526"})
_SESSION_WORDS = {"92507": r"\b(?:speech|voice|language|articulation|fluency|stuttering|aphasia|aac|"
                           r"device)\b",
                  "92526": r"\b(?:swallow\w*|feeding|dysphagia|oral motor)\b"}
_MODALITY_CODES = frozenset({"97010", "97012", "97014", "97016", "97018", "97022"})
_NUM_MIN = (r"(?:about |around |roughly |approximately |just over |just under |a good |a full |an? )?"
            r"(?P<v>\d+)\s*-?\s*(?:minutes?|mins?)\b")
# (a re-evaluation misheard keeps its hyphen: "The re -mail took 35 minutes" is read "re-mail")
_EVAL_WORD = (r"(?:(?P<re>re-?)?(?:evaluation|eval|exam|examination|assessment|testing|devaluation)|"
              r"(?P<re2>re)-[a-z]{3,12})")
_EVAL_TOOK = (
    # "the evaluation took forty minutes", "The evaluation portion itself was 35 minutes", "The re-eval
    # took 30 minutes." (never "At the evaluation it took 41 minutes": an earlier visit's time)
    re.compile(rf"(?<!at )(?<!since )(?<!from )(?<!during )(?<!after )(?<!before )"
               # (or a word the recogniser put for "the re-": "Marine evaluation itself took 20 minutes")
               # (or none, opening the sentence: "Re-eval took twenty minutes.")
               rf"(?:(?<![\w,] )(?<![\w-])|the |this |my |her |his |today's |"
               rf"(?!at |since |from |during |after |before |initial |first )[a-z]+ )"
               # ("The evaluation itself, by the way, was thirty minutes")
               rf"{_EVAL_WORD}(?: portion| part| time| itself| today)*,?(?: by the way,)? "
               # ("The evaluation itself went about 60 minutes")
               rf"(?:took|was|lasted|ran|went)(?: [a-z]+){{0,2}} "
               rf"{_NUM_MIN}"),
    # "a moderate complexity evaluation, and that part took about thirty five minutes"
    # ("Moderate complexity evaluation, it took forty five minutes.")
    re.compile(rf"\b{_EVAL_WORD}\b[^.;]{{0,40}}?(?:,(?: and)?| and) (?:that|it|this)(?: part| portion)? "
               rf"(?:took|lasted|ran|was)(?: [a-z]+){{0,2}} {_NUM_MIN}"),
    re.compile(rf"\b{_NUM_MIN}(?: of| on| for)(?: the| her| his| today's| this| your| my)? {_EVAL_WORD}\b"
               rf"(?! (?:results|findings|scores?)\b)"),
    # dictated: "OT eval, moderate complexity, forty minutes.", "moderate complexity evaluation, 40
    # minutes." (the minutes close the clause, so never "the evaluation, 20 minutes of exercise")
    # ("Occupational therapy evaluation, moderate complexity, fifty minutes, followed by thirteen
    # minutes of self care training": the next block said after the clause)
    re.compile(rf"\b{_EVAL_WORD},(?: (?:low|moderate|high) complexity,)? {_NUM_MIN}(?=\s*(?:[.;]|,?\s*$)|"
               rf",\s*(?:followed by|then|and then|after which)\b)"),
    # (its name misheard, the complexity said: "moderate complexity," / "40 minutes,")
    re.compile(rf"\b(?:low|moderate|high) complexity(?: {_EVAL_WORD})?, {_NUM_MIN}(?=\s*(?:[.;]|,?\s*$)|"
               rf",\s*(?:followed by|then|and then|after which)\b)"),
    # "After the evaluation, which took about forty minutes, we did ..."
    re.compile(rf"\b{_EVAL_WORD},? (?:which|that) (?:took|lasted|ran|was)(?: [a-z]+){{0,2}} {_NUM_MIN}"),
)
_INITIAL_BEFORE = re.compile(r"\b(?:initial|first|original)\s+$")
_SESSION_TOTAL = (
    # "Treatment today was fifty minutes", "The session ran 45 minutes", "Total session time was 45
    # minutes of voice treatment", "a forty five minute session", "thirty minutes of treatment"
    # ("Today's swallow work ran forty five minutes", "Speech language treatment for cognitive
    # communication today was forty five minutes")
    re.compile(rf"\b(?:treatment|therapy|session|visit|"
               # (never one of two: "Speech and swallowing work took forty minutes")
               rf"(?<!and )(?<!, )(?:swallow(?:ing)?|speech|language|voice|feeding) work)"
               rf"(?: (?:for|of|on)(?: [a-z-]+){{1,3}}?)?"
               rf"(?: time)?(?: today)?,? (?:was|ran|lasted|took|came to) "
               rf"{_NUM_MIN}"),
    # ("a forty five minute session", "Our half hour session today": the recogniser's "30 minutes session")
    re.compile(r"\b(?P<v>\d+)\s*-?\s*minutes? (?:treatment )?(?:session|visit)\b"),
    # ("Altogether today was fifty minutes.")
    re.compile(rf"\b(?:altogether|all together|all told|in all),? today (?:was|ran|came to|took) {_NUM_MIN}"),
    re.compile(rf"\b{_NUM_MIN} (?:of|on) (?:[a-z]+ ){{0,2}}(?:treatment|therapy)\b"),
    re.compile(rf"\bspent {_NUM_MIN} today\b"),
    # ("Session time forty five minutes.", "We spent about thirty minutes at lunch today")
    re.compile(rf"\b(?:session|treatment|visit) (?:time|length),? {_NUM_MIN}"),
    # ("We were here forty five minutes today", "That was forty minutes total today", "straw work was
    # ten minutes, resonant voice twenty, and phrasing fifteen, so forty five minutes in all")
    re.compile(rf"\bwe (?:were|have been) (?:here|at it|together) (?:for )?{_NUM_MIN}"),
    re.compile(rf"\b(?:that|this|it) was {_NUM_MIN} (?:total|in total|in all|all together|altogether)\b"),
    re.compile(rf"\b{_NUM_MIN} (?:total|in total|in all|all together|altogether)\b"),
    re.compile(rf"\bwe spent {_NUM_MIN} (?:at|in|with|together)\b"),
    # ("We had a full forty five minutes today.", "We spent the half hour reviewing your home program")
    # ("We had our full thirty minutes today.")
    # ("She had a full forty minutes today", "We did our full forty five minutes today.")
    re.compile(rf"\b(?:we|she|he|they) (?:had|did) (?:our |the |her |his |their )?(?:full |whole )?{_NUM_MIN}"
               rf"(?= today| together|\W*$)"),
    re.compile(rf"\bwe spent (?:the|our) {_NUM_MIN}"),
    # "We worked on rate control and breath support for forty minutes in all", "We were at the table
    # working on feeding for about thirty minutes today", "the rest of our forty five minutes"
    re.compile(rf"\bwe (?:were |have been )?(?:[a-z]+ ){{0,4}}?(?:work(?:ed|ing) on|practic(?:ed|ing))\b"
               rf"[^.;]{{0,60}}?"
               rf"\bfor {_NUM_MIN}(?= (?:today|in all|all together|altogether|total|in total)\b|\W*$)"),
    re.compile(rf"\b(?:the rest|all|the remainder) of (?:our|the|today's) {_NUM_MIN}"),
    # ("We've been at it about forty minutes today", "We worked for forty five minutes in all", "Today we
    # spent thirty minutes on breath support and phrasing", "Wrapping up, thirty minutes today."): one
    # time in the sentence, so never a part of the session
    # ("We've been a bit about 40 minutes": "at it" as the recogniser heard it)
    # ("We were at it for forty five minutes today")
    re.compile(rf"\bwe(?:'ve| have)? (?:been (?:at it|at this|a bit)|were at (?:it|this)|worked|been working)"
               rf"(?: today)? "
               rf"(?:for )?{_NUM_MIN}"
               rf"(?![^.;]*\b\d+ minutes)"),
    re.compile(rf"\btoday,? we spent {_NUM_MIN} (?:on|working|practicing)\b(?![^.;]*\b\d+ minutes)"),
    re.compile(rf"(?:\b(?:wrapping up|all told|in all|that's|that is|okay|ok|so|alright|all right),? |"
               rf"(?<![\w,] )(?<![\w])){_NUM_MIN} today(?=\s*(?:[.;]|$))"),
)


def _first(patterns: tuple[re.Pattern[str], ...], text: str, a: int, b: int) -> re.Match[str] | None:
    found = [m for m in (p.search(text, a, b) for p in patterns) if m]
    return min(found, key=lambda m: m.start()) if found else None


_MODALITY_GAP = re.compile(r"\b(?:then|and then|followed by|after that|before that|"
                           r"while (?:we|i) (?:did|worked))\b|\d")
# (a home program gone over in the session is its work: "We spent the half hour reviewing your home
# program"; practice at home or each day is not). Read by the documentation checks too.
NOT_THIS_VISIT = re.compile(r"\b(?:each|every|a|per) (?:day|night|week|morning|evening)\b|\bat home\b|"
                             r"\bhome practice\b|\bper minute\b")


def _clinician_sentences(segments: list[Segment]) -> list[tuple[Segment, NormText, int, int]]:
    out = []
    for k, seg in enumerate(segments):
        if seg.speaker not in ("therapist", "unknown"):
            continue
        norm = norm_view(seg.best_text)
        prev = segments[k - 1] if k else None
        if (prev is not None and prev.speaker == seg.speaker and seg.start - prev.end <= _CONTINUATION_GAP_S
                and prev.best_text.rstrip().endswith(",")):
            # "So that's a moderate complexity evaluation," / "and that part took 35 minutes.": one
            # sentence the recogniser cut at a pause, read whole
            joined = norm_view(f"{prev.best_text.rstrip()} {seg.best_text.strip()}")
            a = joined.text.rfind(". ", 0, len(norm_view(prev.best_text).text)) + 1
            out.append((seg, joined, a, len(joined.text)))
            continue
        pos = 0
        for part in _SENT_SPLIT.split(norm.text):
            a = norm.text.find(part, pos)
            out.append((seg, norm, a, a + len(part)))
            pos = a + len(part)
    return out


def time_untimed(segments: list[Segment], interventions: Sequence[Intervention]) -> None:
    """`_untimed_minutes` over a finished list: an evaluation inferred after extraction (the draft's
    `implied_evaluations`) is timed by what was said of it too."""
    _untimed_minutes(segments, {iv.cpt: iv for iv in interventions})


def _untimed_minutes(segments: list[Segment], by_cpt: dict[str, Intervention]) -> None:
    """Minutes said for an untimed service: the evaluation's length, a treatment-only session's length
    (SLP), a modality's own minutes. Only where the sentence ties them to that one service."""
    untimed = [iv for iv in by_cpt.values() if not iv.timed and iv.minutes is None]
    if not untimed:
        return
    sentences = _clinician_sentences(segments)

    def give(iv: Intervention, seg: Segment, norm: NormText, m: re.Match[str]) -> None:
        iv.minutes = int(m.group("v"))
        if len(iv.evidence) < 4:
            iv.evidence.append(Evidence(segment=seg.id, start=seg.start, end=seg.end,
                                        quote=norm.quote(m.start(), m.end())))

    evals = [iv for iv in untimed if iv.cpt in _EVAL_CODES]
    if len(evals) == 1:
        for seg, norm, a, b in sentences:
            m = _first(_EVAL_TOOK, norm.text, a, b)
            # a re-evaluation's time is said of the re-evaluation ("The re-eval took 30 minutes")
            # (a re-evaluation's time said of "the evaluation" too: "Marine evaluation itself took 20
            # minutes" is the recogniser's "The re-evaluation"; never the initial one's)
            if m and not FUTURE.search(norm.text, a, m.start()) and (
                    bool(m.group("re") or m.group("re2")) or evals[0].cpt not in _REEVAL_CODES
                    or not _INITIAL_BEFORE.search(norm.text[max(a, m.start() - 12) : m.start() + 1])) and (
                    # (a misheard "re-..." only names the re-evaluation billed)
                    not m.group("re2") or evals[0].cpt in _REEVAL_CODES):
                give(evals[0], seg, norm, m)
                break
    entries = {e.cpt: e for e in catalogue()[0]}
    for iv in untimed:
        e = entries.get(iv.cpt)
        if iv.cpt not in _MODALITY_CODES or e is None:
            continue
        for seg, norm, a, b in sentences:
            name = e.pattern.search(norm.text, a, b) or (
                e.minutes_pattern.search(norm.text, a, b) if e.minutes_pattern is not None else None)
            if name is None or FUTURE.search(norm.text, a, b) or NOT_THIS_VISIT.search(norm.text, a, b):
                continue
            # "paraffin on the right hand for eight minutes before exercise", "an ice pack on the
            # knee, ten minutes", "ten minutes of moist heat": its own minutes, no other service between
            m = next((x for x in _MINUTES.finditer(norm.text, name.end(), b)
                      if x.start() - name.end() <= 60
                      and not _MODALITY_GAP.search(norm.text, name.end(), x.start())),
                     None)
            if m is None:
                m = next((x for x in _MINUTES.finditer(norm.text, a, name.start())
                          if _tight(norm.text, (x.start(), x.end(), 0.0), name.start())), None)
            if m is not None:
                give(iv, seg, norm, m)
                break
    sessions = [iv for iv in untimed if iv.cpt in _SESSION_CODES]
    timed_billed = any(iv.timed for iv in by_cpt.values())
    if sessions and not timed_billed:
        _session_minutes(sentences, sessions, give, any(c in _EVAL_CODES for c in by_cpt))


# A part of the session said with its minutes ("language treatment and testing was forty minutes, and
# the swallow strategies took a quarter of an hour"): read only where two session codes share the
# visit, each clause's own words saying which.
_PART_TOOK = re.compile(rf"\b(?:was|were|took|ran|lasted|came to) {_NUM_MIN}")
_CLAUSE_OPEN = re.compile(r"(?:^|[.;:]|,\s*(?:and|then|plus|but)\b|\band then\b)\s*")


def _session_minutes(sentences: list[tuple[Segment, NormText, int, int]], sessions: list[Intervention],
                     give: Callable[[Intervention, Segment, NormText, re.Match[str]], None],
                     evaluated: bool) -> None:
    """A treatment-only visit's length, given to its one session code, or with speech and swallowing
    both drafted to the one the minutes' own clause names. An evaluation's time in the same sentence
    ("The evaluation took 45 minutes, and then 15 minutes of voice treatment") is not the session's."""
    for seg, norm, a, b in sentences:
        text = norm.text
        if NOT_THIS_VISIT.search(text, a, b):
            continue
        # ("language treatment and testing was 40 minutes" on a progress visit: testing, no evaluation)
        evals = [x.span("v") for rx in _EVAL_TOOK for x in rx.finditer(text, a, b)] if evaluated else []
        rxs = (*_SESSION_TOTAL, _PART_TOOK) if len(sessions) > 1 else _SESSION_TOTAL
        by_start: dict[int, re.Match[str]] = {}
        for rx in rxs:  # (a session total's own pattern first: a part's is the fallback for the same minutes)
            for x in rx.finditer(text, a, b):
                by_start.setdefault(x.start("v"), x)
        found = [by_start[k] for k in sorted(by_start)]
        for m in found:
            if any(s <= m.start("v") < e for s, e in evals) or FUTURE.search(text, a, m.start()):
                continue
            opened = [o.end() for o in _CLAUSE_OPEN.finditer(text, a, m.start())]
            closed = next((o.start() for o in _CLAUSE_OPEN.finditer(text, m.end(), b)), b)
            # (the clause runs on after the minutes: "Total session time was 45 minutes of voice treatment")
            clause = text[max([a, *opened]) : closed] if len(sessions) > 1 else text[a:b]
            open_ = [iv for iv in sessions if iv.minutes is None]
            which = open_ if len(sessions) == 1 else [iv for iv in open_ if re.search(
                _SESSION_WORDS.get(iv.cpt, r"(?!)"), clause)]
            if len(which) == 1 and (m.re is not _PART_TOOK or len(found) > 1):
                give(which[0], seg, norm, m)
        if all(iv.minutes is not None for iv in sessions):
            return


_EVALUATION_FAMILIES = (("97161", "97162", "97163"), ("97165", "97166", "97167"))


def _one_evaluation(by_cpt: dict[str, Intervention]) -> None:
    """One evaluation a visit: "your physical therapy evaluation today" (read as moderate, the usual
    complexity) and "This is a low complexity evaluation." later are the same evaluation, and the
    complexity said outright decides its code."""
    for family in _EVALUATION_FAMILIES:
        found = [by_cpt[c] for c in family if c in by_cpt]
        if len(found) < 2:
            continue
        said = [iv for iv in found if any("complexity" in (e.quote or "").lower() for e in iv.evidence)]
        keep = said[0] if len(said) == 1 else found[0]
        for iv in found:
            if iv is not keep:
                del by_cpt[iv.cpt]


# The recogniser cuts a sentence at a pause, so a service and its minutes can land in two segments:
# "And therapeutic activities," / "the standing dishwasher task came to 12 minutes." The minutes
# count for the service when the next segment names none, follows at once, and reads as the same
# sentence going on: the first half left open, or the second opening on its minutes or "that took".
_CONTINUATION_GAP_S = 2.0
_OPENS_ON_MINUTES = re.compile(
    r"\s*(?:and\s+)?(?:(?:about|around|roughly|approximately|maybe|just|another|for|so)\s+)?"
    r"\d+(?:\.\d+)?\s*(?:-\s*)?(?:minutes?|mins?)\b"
)


def _continued_minutes(first: Segment, second: Segment) -> tuple[float, tuple[int, int]] | None:
    """The minutes `second` gives to the service `first` ended on, with their span in `second`."""
    if second.start - first.end > _CONTINUATION_GAP_S:
        return None
    text = norm_view(second.best_text).text
    m = _MINUTES.search(text)
    if m is None or _REST.search(text) or _TEST_MINUTES.match(text, m.end()) or FUTURE.search(text):
        return None
    first_text = first.best_text.rstrip()
    open_end = not first_text.endswith((".", "!", "?"))
    joined = (
        _THAT_TOOK.match(text) is not None
        or _OPENS_ON_MINUTES.match(text) is not None
        or (open_end and second.best_text.lstrip()[:1].islower())
    )
    if not joined:
        return None
    return float(m.group("v")), m.span()


# "Sit to stand, two sets of ten, and bridges, three sets of twelve." / "I had that down as ten
# minutes on the mat, actually make it eight minutes.": an exercise dose ends a segment with no service
# named, and the next segment times it, pointing back at it ("that", "those", "it") or opening on it.
_POINTS_BACK = re.compile(r"\b(?:that|those|this|these|it|all of that|all that)\b")


def _dose_left_open(seg: Segment, discipline: str) -> _Entry | None:
    """The exercise entry whose dose, or the one service whose loose name, the segment's last sentence
    gives with no minutes, if any."""
    entries, _ = catalogue()
    text = norm_view(seg.best_text).text
    last = _SENT_SPLIT.split(text.strip())[-1]
    if _MINUTES.search(last) or FUTURE.search(last) or _REST.search(last):
        return None
    if any(x.pattern.search(last) for x in entries if discipline in x.disciplines):
        return None
    for e in entries:
        if e.dose_pattern and discipline in e.disciplines and e.dose_pattern.search(last):
            return e
    # "We did some light arm work with the weights, shoulder raises." / "That was 7 minutes.": a name
    # that counts only beside its minutes, the minutes cut into the next segment by a pause
    loose = {e.cpt: e for e in entries if e.minutes_pattern is not None and discipline in e.disciplines
             and e.minutes_pattern.search(last)}
    return next(iter(loose.values())) if len(loose) == 1 else None


def _dose_then_minutes(first: Segment, second: Segment, e: _Entry, by_cpt: dict[str, Intervention],
                       seen_minutes: dict[str, list[float]]) -> bool:
    """Time the dose `first` ended on with the minutes `second` gives it (see _POINTS_BACK); whether
    it did."""
    if e.cpt in by_cpt or second.start - first.end > _CONTINUATION_GAP_S:
        return False  # (a service already timed in the session is not guessed at again)
    norm = norm_view(second.best_text)
    heads = _SENT_SPLIT.split(norm.text.strip())
    head, head_at = heads[0], 0
    if len(heads) > 1 and not _MINUTES.search(head) and not FUTURE.search(head) and not any(
            x.pattern.search(head) for x in catalogue()[0]) and _THAT_TOOK.match(heads[1]):
        # "Then the ball on the wall and the body blade. That block was 23 minutes.": the rest of the
        # block said first, then its minutes
        head, head_at = heads[1], norm.text.find(heads[1])
    said = list(_MINUTES.finditer(head))
    m = said[0] if said else None
    if m is not None and len(said) > 1 and re.search(
            rf"\b(?:{RETRACT_PHRASE}|make it|call it)\b", head[m.end() : said[-1].start()]):
        m = said[-1]  # "ten minutes on the mat, actually make it eight minutes"
    if (m is None or _REST.search(head) or _TEST_MINUTES.match(head, m.end())
            # ("We'll do that for 15 minutes.": the block under way, not one to come)
            or (FUTURE.search(head) and not _THAT_TOOK.match(head))
            or not (_POINTS_BACK.search(head, 0, m.start()) or _OPENS_ON_MINUTES.match(head))):
        return False
    first_norm = norm_view(first.best_text)
    last_at = first_norm.text.rstrip().rfind(_SENT_SPLIT.split(first_norm.text.strip())[-1])
    by_cpt[e.cpt] = Intervention(
        cpt=e.cpt, name=e.name, minutes=int(round(float(m.group("v")))), timed=e.timed,
        evidence=[
            Evidence(segment=first.id, start=first.start, end=first.end,
                     quote=first_norm.quote(last_at, len(first_norm.text.rstrip()))),
            Evidence(segment=second.id, start=second.start, end=second.end,
                     quote=norm.quote(head_at + m.start(), head_at + m.end())),
        ],
    )
    seen_minutes[e.cpt] = [float(m.group("v"))]
    return True


# (cpt, name, disciplines, cues, with, names): `names` are the disorders whose evaluation this is
_ImpliedEval = tuple[str, str, frozenset[str], re.Pattern[str], re.Pattern[str] | None,
                     re.Pattern[str] | None]


def _any_of(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(words) + r")")


def _in_symptom_screen(text: str, pos: int) -> bool:
    """Whether the sentence around `pos` screens for a symptom: a question with "any" ("Any trouble
    swallowing since the injection?"). "How's the voice since the reflux medicine?" still names
    the session's topic."""
    end = re.search(r"[.!?]", text[pos:])
    start = max(text.rfind(c, 0, pos) for c in ".!?") + 1
    return end is not None and end.group(0) == "?" and re.search(r"\bany", text[start:pos]) is not None


# "At the initial evaluation it was nine items", "since your evaluation": an earlier visit named,
# not what this one is
_PAST_VISIT_BEFORE = re.compile(
    r"\b(?:at|since|from|than) (?:the|your|his|her|their|our)"
    r"(?: (?:initial|first|last|previous|original))?\s*$")


def said_of_this_visit(text: str, start: int) -> bool:
    """Whether the cue at `start` is not an earlier visit named as a reference point."""
    return _PAST_VISIT_BEFORE.search(text, max(0, start - 40), start) is None


def _first_meeting_cues() -> list[str]:
    return [str(c) for c in require(load_data(_FILE), "first_meeting", list, _FILE)]


@lru_cache(maxsize=1)
def first_meeting() -> re.Pattern[str]:
    """How a first visit opens ("nice to meet you", "Dr. Chen sent you"): the same words make a
    visit an evaluation and are that evaluation's evidence when "evaluation" is not said."""
    return _any_of(_first_meeting_cues())


@lru_cache(maxsize=1)
def _implied_evaluations() -> tuple[_ImpliedEval, ...]:
    out = []
    for i, e in enumerate(load_data(_FILE).get("implied_evaluations") or []):
        needs = (("cpt", str), ("name", str), ("disciplines", list), ("cues", list))
        if not isinstance(e, dict) or not all(isinstance(e.get(k), t) for k, t in needs):
            raise LexiconError(f"{_FILE}: implied_evaluations[{i}] needs cpt, name, disciplines, cues")
        also = _any_of(e["with"]) if e.get("with") else None
        names = _any_of(e["names"]) if e.get("names") else None
        cues = e["cues"] + (_first_meeting_cues() if e.get("first_meeting") else [])
        out.append((e["cpt"], e["name"], frozenset(e["disciplines"]), _any_of(cues), also, names))
    return tuple(out)


def implied_evaluations(segments: list[Segment], discipline: str) -> list[Intervention]:
    """The evaluations an evaluation visit's content covers, when no code was said (SLP: the code
    follows from what was evaluated; PT and OT: the moderate complexity, proposed for the therapist
    to confirm, since the complexity does not follow from the words).

    The entry of `implied_evaluations` whose cues the clinician's words hold most often (the first
    listed on a tie); where the clinician named two disorders with an evaluation each ("moderate
    flaccid dysarthria and oropharyngeal dysphagia"), each of those. The evidence is the first
    sentence that holds a cue. The caller decides that the visit is an evaluation.
    """
    spoken = [s for s in segments if s.speaker in ("therapist", "unknown")]
    texts = [norm_view(s.best_text) for s in spoken]
    offered = [e for e in _implied_evaluations() if discipline in e[2]]
    # the disorder the clinician named decides among the evaluations ("a mild spastic dysarthria" is
    # a speech sound production evaluation however much of the voice was heard); the cues' count
    # decides where none is named
    named = [e for e in offered if e[5] is not None and any(e[5].search(t.text) for t in texts)]
    scored: list[tuple[int, str, str, re.Pattern[str]]] = []
    for cpt, name, _disciplines, cues, also, _names in named or offered:
        # (a language disorder the clinician named, "mild anomic aphasia", is evaluated by the language
        # evaluation without the speech sound words `with` asks of content alone)
        if also is not None and not named and not any(also.search(t.text) for t in texts):
            continue
        hits = sum(1 for t in texts for c in cues.finditer(t.text) if said_of_this_visit(t.text, c.start()))
        if hits:
            scored.append((hits, cpt, name, cues))
    if not scored:
        return []
    best = max(scored, key=lambda x: x[0])  # (the first listed on a tie)
    chosen = scored if len(named) > 1 else [best]
    # the speech sound and language evaluation (92523) includes the speech sound one (92522)
    if any(c[1] == "92523" for c in chosen):
        chosen = [c for c in chosen if c[1] != "92522"]
    out: list[Intervention] = []
    for _, cpt, name, cues in sorted(chosen, key=lambda x: -x[0]):
        for seg, norm in zip(spoken, texts, strict=True):
            m = next((c for c in cues.finditer(norm.text) if said_of_this_visit(norm.text, c.start())), None)
            if m is not None:
                a = max(0, norm.text.rfind(".", 0, m.start()) + 1)
                b = norm.text.find(".", m.end())
                ev = Evidence(segment=seg.id, start=seg.start, end=seg.end,
                              quote=norm.quote(a, b if b > 0 else len(norm.text)).strip())
                out.append(Intervention(cpt=cpt, name=name, minutes=None, evidence=[ev], timed=False,
                                        implied=True))
                break
    return out


# "I'm Rosalind, the speech therapy fellow": a cue inside someone's title says who they are, not
# what was done
_ROLE_AFTER = re.compile(
    r"[a-z]*(?:\s+(?:therapy|language|and language|pathology))?(?:\s+clinical)?\s+(?:fellow|"
    r"pathologist|therapist|"
    r"assistant|student|intern|clinician|department|team|clinic|office)\b"
)


_ASSESSMENT_LEAD = re.compile(r"\s*(?:[a-z]+ )?assessment\b")


def _add_implied(segments: list[Segment], discipline: str, by_cpt: dict[str, Intervention]) -> None:
    """SLP: the untimed treatment code from the work described, when the service was not named."""
    _, implied = catalogue()
    named = set(by_cpt)
    if any(c.startswith("9252") or c == "92610" for c in named):
        return  # an evaluation session: the evaluation is the service
    for imp in implied:
        if discipline not in imp.disciplines or imp.cpt in named:
            continue
        if imp.cpt == "92507" and named & {"97129", "97130"}:
            continue  # (recall and attention work billed as cognitive intervention is that service's)
        # ("Your voice sounds stronger too" in a swallowing session): a remark in passing is no speech
        # treatment beside swallowing work; the work is described more than once, or measured
        need = 2 if imp.cpt == "92507" and "92526" in by_cpt else 1
        found: list[Evidence] = []
        for seg in segments:
            if seg.speaker not in ("therapist", "unknown"):
                continue
            norm = norm_view(seg.best_text)
            # a cue in a symptom screen is the clinician asking about a symptom ("Any trouble
            # swallowing since the injection?"), not describing the work done
            denied_here = [n.scope for n in negated_spans(norm.text)]
            m = next((c for c in imp.pattern.finditer(norm.text)
                      if not _in_symptom_screen(norm.text, c.start())
                      # ("There was no throat clearing in the conversation": a denial in a voice
                      # session describes no swallowing work)
                      and not (imp.cpt == "92526" and any(a <= c.start() < b for a, b in denied_here))
                      and not _ROLE_AFTER.match(norm.text, c.end())
                      # ("Discharge from speech therapy": the programme's name; the service said by
                      # that name is read as named, not implied)
                      and not norm.text.startswith(" therapy", c.end())
                      # ("Assessment: ... he remains safe with thin liquids using a chin tuck" in a
                      # voice session: the clinician's summary, not the work done)
                      and not _ASSESSMENT_LEAD.match(norm.text, norm.text.rfind(".", 0, c.start()) + 1)),
                     None)
            if not m or FUTURE.search(norm.text[: m.start() + 1]):
                continue
            if (
                imp.cpt == "92507"
                and "92526" in by_cpt
                # a swallow trial's words: "8/10 teaspoons with no coughing, and a clear voice after"
                and re.search(r"swallow|bolus|liquid|dysphagia|sips?\b|bites?\b|spoon|cough|throat clear|"
                              r"chin tuck|puree|thick|iddsi|aspirat|penetrat", norm.text)
            ):
                continue
            s = max(0, norm.text.rfind(".", 0, m.start()) + 1)
            e = norm.text.find(".", m.end())
            ev = Evidence(
                segment=seg.id,
                start=seg.start,
                end=seg.end,
                quote=norm.quote(s, e if e > 0 else len(norm.text)).strip(),
            )
            found.append(ev)
            if len(found) < need and not re.search(r"\d|\b(?:worked on|working on|practic\w+|drill\w*|we did|"
                                                    r"targeted|focused on)\b", norm.text):
                continue
            by_cpt[imp.cpt] = Intervention(
                cpt=imp.cpt, name=imp.name, minutes=None, evidence=found, timed=False, implied=True
            )
            break
