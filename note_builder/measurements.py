"""Structured clinical measurements from a session transcript (draft/1 `measurements`).

Rules and lexicons, not a model: every value comes from a number actually said in the segment, and
each measurement quotes the exact words it came from. Matching runs on a normalised view of each
segment (lower case, spoken numbers as digits, see `numbers.NormText`), so "four minus out of five"
and "4-/5" meet the same pattern. Context the speaker leaves implicit (which shoulder, which task,
which naming target) is carried from the nearby conversation, the way a listener would.

A 45-minute session (~600 segments) is a few thousand regex passes: well under a second.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from note_builder.numbers import (
    RETRACT_LEAD,
    RETRACT_PHRASE,
    TRIALS,
    LexiconError,
    NormText,
    alternation,
    as_number,
    closest_sounding,
    lexicon_matches,
    load_data,
    norm_view,
    one_edit,
    require,
    skeleton,
    teen_heard_as_tens,
    variants_map,
)
from note_builder.types import SAME_TURN_PAUSE_S, Evidence, Measurement, When
from scribe.transcript import Segment

_FILE = "measurements.yaml"
Span = tuple[int, int]
Match = tuple[int, int, str]

NUM = r"\d+(?:\.\d+)?"
_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*")
_CLAUSE_SPLIT = re.compile(r",\s+|:\s+|;\s+|\s+-\s+|\s+(?:and then|then|but|and|while|whereas)\s+")
_SIDE = re.compile(
    # "when she left the hospital" is no side
    r"\b((?<!\bi )(?<!\bshe )(?<!\bhe )(?<!\bwe )(?<!\bthey )(?<!\byou )"
    r"left(?! (?:the (?:hospital|house|room|clinic|building|rehab)|home|work|school|early|it|them)\b(?!'))|"
    # "You're right, thirty last month.", "all right", "right away", "right now": agreement or time
    # ("extension comes right to 0 degrees": an adverb)
    r"(?<!\byou're )(?<!\byou are )(?<!\bthat's )(?<!\ball )(?<!\balright )(?<!\bcomes )(?<!\bcame )"
    r"(?<!\bcome )(?<!\bgoes )(?<!\bwent )(?<!\bgo )(?<!\bgets )(?<!\bgot )(?<!\bstraight )"
    r"right(?! (?:away|now|there|here|after|before|back|then)\b)|bilateral(?:ly)?|both sides|"
    # ("flexion 140 degrees and abduction 125, both limited by tightness": both measures, not sides)
    r"both(?!\s+(?:limited|are|were|is|was|measured|motions|directions|tests?|times|of (?:them|these|those)|"
    r"painful|due|because|by|with|at)\b))\b"
)
_PRIOR_NEAR = re.compile(
    # "before he needed a break" times a task in this session; "before surgery" dates a value
    r"\b(last (?:\w+ )?(?:visit|session|time|week|month|year|appointment|treatment|check|"
    r"spring|summer|fall|autumn|winter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|previous(?:ly)?|prior|"
    # "last visit" as the recogniser writes it before a value: "Last minute it was 4 out of 10"
    r"last minute(?=,? (?:it|i|you|he|she|we|was)\b)|"
    # ("Five in both hands. It was six when I woke up.")
    r"when (?:i|he|she|you|we|they) (?:woke|got) up|"
    # ("14 before the calf gave out": how long a try went on, no earlier time)
    # ("Before he went back to the unit it was 240 meters": a time before now, opening the sentence)
    r"(?:^|(?<=[.!?] ))before (?:he|she|they|i|we|you) (?:went|got|had|was|were|came|started|left)\b|"
    r"before(?!\s+(?:he|she|they|i|we|you|it)\s)(?!\s+\w+ing\b)(?!\s+(?:the |his |her |your |my |their )?"
    r"\w+\s+(?:gave|gives|got|gets|started|starts|fatigued|failed|buckled|tired|cramped)\b)|"
    # ("at the devaluation": the recogniser's word for it, in two voices)
    r"at (?:the |her |his |your |their |my )?(?:initial |original |first )?d?eval(?:uation)?|"
    r"on eval(?:uation)?|"
    r"at intake|"
    # "the original evaluation had him at 15"
    r"(?:the |her |his |your |their |my )?(?:initial|original|first) evaluation|"
    r"used to be|had been|(?:i|you|she|he) (?:said|told you|told me) it was|"
    r"(?:at |in )?(?:the |her |his |your |their |my )?last (?:progress )?(?:report|re-?eval(?:uation)?)|"
    r"yesterday|earlier this week|initially|at baseline|at the start of care|"
    # ("it was thirty at start of care", "compared with three minutes at start of care": home health)
    r"at start of (?:care|therapy|treatment|services)|"
    # ("Monday it was a five after the grocery store", "Sunday night it was a six")
    # ("After Saturday's game it was a six")
    r"(?:on |after )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: night| morning|"
    r" evening| afternoon|'s [a-z]+)?"
    r"(?=,? (?:it|i|he|she|you|they|we) (?:was|were|had|got)\b)|"
    # ("you were telling me seven out of ten most days")
    r"(?:you|he|she|they) (?:were|was) telling (?:me|us)|"
    # ("Last night it was more like a seven", "At admission it was two plus", "In the fall it was 66")
    r"last night|at (?:his |her |their |your )?admission|on admission|"
    r"in the (?:fall|spring|summer|winter)(?! (?:we|i|you|she|he|they) (?:will|'ll))|"
    # an outpatient's stay before this episode: "At the swallow study in the hospital they had him on
    # level four", "at the hospital it was a three"
    r"(?:at|in|left|out of|home from|discharged from) the hospital(?!\s+(?:now|today|this week))|"
    # ("The hospital had you on level 5 minced and moist")
    r"the (?:hospital|rehab unit|nursing home|icu) (?:had|kept|put) (?:you|him|her|them|me)\b|"
    # the time of the injury or its treatment: "right after radiation it was an 8", "when the cast
    # came off it was 30 degrees"
    r"(?:right |just |straight )?after (?:the |my |her |his |your |their )?(?:surgery|operation|"
    r"radiation|chemo(?:therapy)?|stroke|injury|accident|fracture|procedure|repair)|"
    r"when (?:the |my |her |his |your |their )?(?:cast|boot|sling|brace|splint|stitches) "
    r"(?:came|come|was taken|were taken) off|"
    r"when (?:i|you|she|he|they|we) (?:first )?(?:started|began|came in|came|got here)|"
    # "at the start of the plan", never "at the beginning of words" (a sound's position)
    # ("at the start of outpatient therapy")
    r"at the (?:start|beginning)(?: of (?:(?:the|this|her|his|their|your|my) )?"
    r"(?:(?:outpatient|inpatient|home|home health|speech|physical|occupational|hand) )?"
    r"(?:therapy|treatment|care|reporting period|"
    r"episode|services|plan(?: of care)?|certification|cert|program|month|week|year|school year))?(?! of\b)|"
    r"(?:\d+|a|a few|a couple of) (?:days?|weeks?|months?) ago|"
    # the time of the injury or its diagnosis: "In the emergency room that night it was a 9", "The
    # week I got diagnosed it was a 7"
    r"(?:in|at) the (?:emergency room|emergency department|er|urgent care|ambulance|icu|intensive care)|"
    r"(?:the|that) (?:week|day|night|month) (?:i|he|she|you|they|we) (?:got|was|were) "
    r"(?:diagnosed|hurt|injured|admitted|hit)|"
    # ("The day it happened it was a seven, easily.")
    r"(?:the|that) (?:week|day|night) (?:it|this) happened|"
    r"when (?:i|he|she|you|they|we) (?:got|was|were) (?:diagnosed|hurt|injured|admitted|hit)|"
    # ("In week 6 the right was 22": a week of the recovery named, this visit's is said as now)
    r"(?:in|at|during) week \d+(?!\s+(?:now|today|of (?:this|the) (?:visit|session)))|"
    r"(?:at|on|during) (?:the |her |his |your |their |my |our )?(?:first|initial|1st) "
    r"(?:visit|session|appointment|day)|"
    # "it was 16 the first session"
    r"(?<=\d )the (?:first|initial) (?:visit|session|appointment|day)|"
    # "the first time they did that one", "your first one was 3.4"
    r"the first time (?:they|we|you|she|he|i) (?:did|tested|measured|ran|tried|checked|took)|"
    r"(?:your|his|her|their|the) first (?:one|score|test|try|attempt) (?:was|came)|"
    # ("Your Oswestry came back at 18 today": a result returned, no earlier time)
    # ("my back in the morning" is the body part; "put the brace back on" no time)
    r"(?<!came )(?<!comes )(?<!come )(?<!my )(?<!his )(?<!her )(?<!your )(?<!their )(?<!the )"
    r"back (?:in|at|then|when|on (?=the |monday|tuesday|wednesday|thursday|friday|saturday|sunday))|"
    # "It was a six then, yeah.": "then" closing the clause of a value
    r"(?<=\d )then(?=\s*(?:[.,;!?]|$))|"
    # "At hospital discharge the inpatient team had him at 14."
    r"(?:at|on|before) (?:the |his |her |their |your |my )?(?:hospital|acute care|inpatient|rehab) discharge|"
    # "You started at 3.4 for performance"
    r"(?:you|she|he|they|we|i) started (?:at|out at|off at|with)|"
    # "In January she was at 9 of 20", "at the March visit": a month named dates an earlier visit
    r"(?:in|at the|on the|during|since) (?:january|february|march|april|june|july|august|september|october|"
    r"november|december)(?: visit| session| appointment)?|"
    r"in may(?=\s*(?:[.,;!?]|$|\s(?:it|she|he|they|you|we)))|"
    # a school's seasonal screening: "On the winter benchmark it was 24"
    r"(?:on |at |in )?(?:the |her |his |their |your )?"
    r"(?:fall|winter|spring|autumn|beginning of (?:the )?year|middle of (?:the )?year|baseline) "
    r"(?:benchmark|screening|screener|probe)|"
    # "that was 100 feet on Thursday": a weekday closing the clause of a value is the last visit's
    # (a weekday to come is said with "will" or "next", which _FUTURE drops or the clause holds)
    r"(?<!next )on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?=\s*(?:[.,;!?]|$)))\b"
)
_LED_BY_PRIOR = re.compile(rf"\s*(?:{_PRIOR_NEAR.pattern}),?")
_POST_NEAR = re.compile(
    r"\b(at the end of (?:the |this |today's |our )?(?:session|treatment|visit)|end of (?:the )?session|"
    r"after (?:the |today's |this |our )?(?:treatment|session|exercises?|therapy|manual therapy|stretching|"
    r"mobili[sz]ations?|intervention|that|we finished|we were done|"
    # ("After the soft tissue work, flexion came up to 148", "after the glides")
    r"(?:soft tissue|manual|hands-? ?on|scar|joint) (?:work|massage|mobili[sz]ation)|glides|massage|"
    r"dry needling|traction|ultrasound|heat|ice|stretch(?:es)?)|"
    # "Where's the knee now that we're done?"
    r"now that (?:we'?re|we are|we'?ve|we have|you'?re|you are) (?:all )?(?:done|finished|through)|"
    r"post[- ]?(?:treatment|session|tx|exercise)|"
    r"afterwards?|following (?:the )?(?:treatment|session|exercises?)|"
    r"after (?:all )?(?:of )?(?:that|this|everything)|"
    # "Down to a two after.": the rating, then "after" closing its clause
    r"(?<=\d )after(?=\s*(?:[.!?,;]|$))|"
    # "at the end of the walk": when a test's value was read, not after treatment
    # ("by the end of a long day / a shift": when symptoms build, not after treatment)
    r"(?:by|at) the end(?! of (?:the |his |her |their |a |an )?(?:long |busy |work |full )?"
    r"(?:walk|test|set|trial|task|run|day|week|lap|shift|night|workday)))\b"
)
_FROM_BEFORE = re.compile(
    r"\b(?:up|down|improved|improving|increased|decreased|better|worse|improvement)?\s*from\s*$"
)


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class _Lex:
    body: tuple[re.Pattern[str], dict[str, str]]
    motion: tuple[re.Pattern[str], dict[str, str]]
    motion_body: dict[str, str]
    muscle: tuple[re.Pattern[str], dict[str, str]]
    agents: dict[str, str]
    strength: re.Pattern[str]
    assist: tuple[re.Pattern[str], dict[str, str]]
    cue_deg: dict[str, re.Pattern[str]]
    cue_types: str
    tasks: tuple[re.Pattern[str], dict[str, str]]
    dur_tasks: tuple[re.Pattern[str], dict[str, str]]
    devices: tuple[re.Pattern[str], dict[str, str]]
    instruments: tuple[re.Pattern[str], dict[str, str]]
    instrument_info: dict[str, dict[str, Any]]
    tests: tuple[re.Pattern[str], dict[str, str]]
    slp: tuple[re.Pattern[str], dict[str, str]]
    accuracy: re.Pattern[str]
    intel_ctx: tuple[re.Pattern[str], dict[str, str]]
    iddsi: tuple[re.Pattern[str], dict[str, str]]
    iddsi_info: dict[str, dict[str, Any]]


def _words_rx(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def lexicon() -> _Lex:
    """The measurement lexicons from data/measurements.yaml, validated once per process."""
    d = load_data(_FILE)
    instruments = require(d, "instruments", list, _FILE)
    inst_variants: dict[str, list[str]] = {}
    inst_info: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(instruments):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not isinstance(item.get("aliases"), list)
        ):
            raise LexiconError(f"{_FILE}: field 'instruments[{i}]' needs 'name' and 'aliases'")
        inst_variants[item["name"]] = item["aliases"]
        inst_info[item["name"]] = {
            "scale": item.get("scale"),
            "unit": item.get("unit"),
            "full_name": item.get("full_name"),
            "unit_required": bool(item.get("unit_required")),
            # the sub-scores an instrument reports beside (or instead of) its total
            "parts": item.get("parts") or {},
            # a sub-score's own maximum where it differs from the total's
            "part_scales": item.get("part_scales") or {},
            # the longer form a value past this one's maximum belongs to (VHI-10 -> VHI)
            "over_scale": item.get("over_scale"),
        }
    iddsi_variants: dict[str, list[str]] = {}
    iddsi_info: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(require(d, "iddsi", list, _FILE)):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("level"), int)
            or not isinstance(item.get("aliases"), list)
            or item.get("kind") not in ("food", "liquid")
        ):
            raise LexiconError(f"{_FILE}: field 'iddsi[{i}]' needs 'level' (int), 'kind', 'aliases'")
        iddsi_variants[item["name"]] = item["aliases"]
        iddsi_info[item["name"]] = {"level": item["level"], "kind": item["kind"]}
    cue_deg = {
        k: re.compile(r"\b(?:" + "|".join(v) + r")\b")
        for k, v in variants_map(d, "cue_degrees", _FILE).items()
    }
    return _Lex(
        body=alternation(variants_map(d, "body_parts", _FILE)),
        motion=alternation(variants_map(d, "motions", _FILE)),
        motion_body=require(d, "motion_body_part", dict, _FILE),
        muscle=alternation(variants_map(d, "muscles", _FILE)),
        agents=require(d, "motion_agents", dict, _FILE),
        strength=_words_rx(require(d, "strength_words", list, _FILE)),
        assist=alternation(variants_map(d, "assist_levels", _FILE)),
        cue_deg=cue_deg,
        cue_types="|".join(sorted(require(d, "cue_types", list, _FILE), key=len, reverse=True)),
        tasks=alternation(variants_map(d, "tasks", _FILE)),
        dur_tasks=alternation(variants_map(d, "duration_tasks", _FILE)),
        devices=alternation(variants_map(d, "devices", _FILE)),
        instruments=alternation(inst_variants),
        instrument_info=inst_info,
        tests=alternation(variants_map(d, "special_tests", _FILE)),
        slp=alternation(variants_map(d, "slp_targets", _FILE)),
        accuracy=_words_rx(require(d, "accuracy_words", list, _FILE)),
        intel_ctx=alternation(variants_map(d, "intelligibility_contexts", _FILE)),
        iddsi=alternation(iddsi_variants),
        iddsi_info=iddsi_info,
    )


# --------------------------------------------------------------------------- sentence view


@dataclass
class _Sent:
    seg: Segment
    idx: int
    norm: NormText
    start: int
    end: int
    claimed: list[Span] = field(default_factory=list)
    # each lexicon's matches in this sentence, found once: every extractor asks for them
    _lexed: dict[int, list[Match]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.norm.text[self.start : self.end]

    def find(self, rx: re.Pattern[str]) -> list[re.Match[str]]:
        return list(rx.finditer(self.norm.text, self.start, self.end))

    def lex(self, pair: tuple[re.Pattern[str], dict[str, str]]) -> list[Match]:
        rx, names = pair
        found = self._lexed.get(id(rx))
        if found is None:
            found = self._lexed[id(rx)] = lexicon_matches(rx, names, self.text)
        return list(found)

    def abs(self, items: list[Match]) -> list[Match]:
        return [(a + self.start, b + self.start, c) for a, b, c in items]

    def claim(self, a: int, b: int) -> None:
        self.claimed.append((a, b))

    def is_claimed(self, a: int, b: int) -> bool:
        return any(a < cb and ca < b for ca, cb in self.claimed)

    def evidence(self, *spans: Span | None) -> Evidence:
        real = [s for s in spans if s is not None]
        a = min(s[0] for s in real)
        b = max(s[1] for s in real)
        return Evidence(
            segment=self.seg.id, start=self.seg.start, end=self.seg.end, quote=self.norm.quote(a, b)
        )

    def clause_bounds(self, pos: int) -> Span:
        """The clause (between commas, colons, 'and', 'but'...) around absolute position `pos`."""
        a, b = self.start, self.end
        for m in _CLAUSE_SPLIT.finditer(self.norm.text, self.start, self.end):
            if m.end() <= pos:
                a = m.end()
            elif m.start() >= pos:
                b = m.start()
                break
        return a, b


@dataclass(frozen=True)
class _GripTopic:
    """A grip or pinch measure named or valued by the clinician, its values perhaps cut by a pause."""

    kind: str  # "grip" / "pinch"
    idx: int  # the segment it was last named or valued in
    said: bool  # a value already given: only the other side's may follow


@dataclass
class _Context:
    """What the conversation has established so far: the joint, side, task and target in focus."""

    body_part: str | None = None
    body_idx: int = -99
    side: str | None = None
    side_idx: int = -99
    task: str | None = None
    task_idx: int = -99
    target: str | None = None
    target_idx: int = -99
    pain_idx: int = -99
    pain_question_idx: int = -99  # the clinician's last "how would you rate it?"-like question
    pain_question_post: bool = False  # that question asked after treatment ("after all of that")
    clinician_idx: int = -99  # the clinician's last sentence
    said_pain_idx: int = -99  # the last segment that named pain itself (not only a scale)
    # an instrument named with no value yet ("Let's start with the six minute walk test."), by segment
    instrument: str | None = None
    instrument_idx: int = -99
    instrument_seg: int | None = None  # announced only through this segment (an earlier value was said)
    # the clinician asked for the instrument's score ("On the Borg scale, how hard was that?"): the
    # client's or caregiver's bare number in the next turn is the score
    instrument_asked_idx: int = -99
    instrument_range: tuple[float, float] | None = None  # the range the question gave ("six to twenty")
    diet_idx: int = -99  # the last segment that gave a diet level
    test: str | None = None  # the special test last reported, by segment
    test_idx: int = -99
    grip: _GripTopic | None = None  # a grip or pinch whose values may go on in the next sentence
    # a timed task the clinician asked about ("How long does dinner usually take?"), by segment
    how_long: str | None = None
    how_long_idx: int = -99
    intel_idx: int = -99  # the last segment that gave an intelligibility
    mmt_idx: int = -99  # the last segment that gave a muscle grade
    last_mmt: Measurement | None = None  # the grade it gave last
    intel_said_idx: int = -99  # the last segment that named intelligibility
    rated_idx: int = -99  # the segment of this visit's first current pain rating
    counted_ex: str | None = None  # an exercise done "as many as you can", its count per side to come
    counted_idx: int = -99
    # the timed task the clinician last named ("Maximum phonation time now, say ah ..."), by segment
    dur_task: str | None = None
    dur_task_idx: int = -99
    # an instrument with sub-scores just reported ("COPM: performance 7.2, satisfaction 7.8."), whose
    # earlier sub-scores may follow in the next sentence ("You started at 3.4 for performance")
    parts_of: str | None = None
    parts_idx: int = -99
    measure_idx: int = -99  # the clinician's last segment that read out a tested value
    rom_idx: int = -99  # the clinician's last segment that gave a range of motion
    jaw_idx: int = -99  # the clinician's last segment about the jaw
    # the instrument whose result the clinician's last sentence gave, by segment: its earlier value
    # may follow in the next sentence of the turn
    result_of: str | None = None
    result_idx: int = -99


def _nearest(items: list[Match], pos: int, lo: int | None = None, hi: int | None = None) -> Match | None:
    best: Match | None = None
    best_d = 10**9
    for it in items:
        if lo is not None and it[0] < lo:
            continue
        if hi is not None and it[1] > hi:
            continue
        d = it[0] - pos if it[0] >= pos else pos - it[1]
        if d < best_d:
            best, best_d = it, d
    return best


def _side_canon(s: str) -> str:
    return "bilateral" if s.startswith(("bilateral", "both")) else s


_NOW_BEFORE = re.compile(
    r"\b(?:right now|currently|at the moment|these days|today|now)\b,?\s*"
    r"(?:(?:it'?s|it is|i'?m at|i am at|is|about|maybe|around|like|a|an)\s+)*$"
)
_OTHER_TIME = re.compile(
    r"\b(?:now|today|currently|this (?:session|visit|week|time)|these days|then|later|after|afterwards|"
    r"since|until|by the end|up to|down to|improved|progressed|advanced|went to|moved to|compared)\b"
)


_WAS_AFTER_IS = re.compile(
    r"[,;]\s*(?:and\s+|but\s+)?(?:it|that|he|she|they|this)\s+(?:was|were|used to be)\s+"
    r"(?:a\s+|an\s+|at\s+|on\s+|about\s+)?$")


def _when(sent: _Sent, span: Span, others: list[Span] | None = None) -> When:
    """prior / post / current for the number at `span`, from the words nearest to it."""
    text = sent.norm.text
    before = text[max(sent.start, span[0] - 30) : span[0]]
    if _FROM_BEFORE.search(before) or re.search(r"\bfrom\s+(?:a\s+|an\s+)?(?:level\s+)?$", before):
        return "prior"
    if re.search(r"\bto\s+(?:a\s+|an\s+)?$", before) and re.search(r"\bfrom\b", before):
        return "current"
    now = _NOW_BEFORE.search(before)
    if now and not re.search(r"\d", re.split(r"[,;]", before[: now.start()])[-1]):
        # "right now, 4, when I left the hospital it was like a 9" (but in "9 cm today, 15 cm last
        # week" the "today" closes the 9's clause)
        return "current"
    # "Sit to stand is moderate assist now, it was maximal assist": the past clause after a present one
    was = _WAS_AFTER_IS.search(before)
    if was and re.search(r"\b(?:is|are|now|today|currently)\b|'s\b",
                         text[sent.start : span[0] - len(before) + was.start()]):
        return "prior"
    numbers = others or [span]
    # "When she left the hospital she was on level 4, pureed, with mildly thick liquids, level 2": a
    # time said first dates the whole sentence unless it moves on to another time
    fronted = _PRIOR_NEAR.search(text, sent.start, sent.end)
    if (fronted and fronted.start() < sent.start + 30 and len(numbers) > 1
            and not re.search(r"[\d,;:]", text[sent.start : fronted.start()])
            and not _OTHER_TIME.search(text, fronted.end(), sent.end)):
        return "prior"
    for rx, label in ((_PRIOR_NEAR, "prior"), (_POST_NEAR, "post")):
        for m in rx.finditer(text, sent.start, sent.end):
            # a cue belongs to the numbers of its own clause when it has any ("3/10, the last time
            # it was a 5": "last time" dates the 5), else to the nearest number of the sentence
            ca, cb = sent.clause_bounds(m.start())
            own = [s for s in numbers if ca <= s[0] < cb]
            if not own:
                # a fronted clause dates the next one: "3, when I first started, it was a 7"
                after = [s for s in numbers if s[0] >= cb]
                own = after[:1] if after and sent.clause_bounds(after[0][0])[0] <= cb + 2 else numbers
            nearest = min(own, key=lambda s: s[0] - m.end() if s[0] >= m.end() else m.start() - s[1])
            if nearest == span:
                return label  # type: ignore[return-value]
    return "current"


_FUTURE = re.compile(
    # the plan is what is to come; "at the start of the plan" dates a value and "her lesson plans"
    # are a topic
    r"\b((?<!of )(?:the|our|my|your|his|her|their|a) plans?\b|plans? (?:is|are|to|for|will|include\w*)\b|"
    # ("across his 5 goals", "the goal ratings": goals counted or rated now are no plan)
    r"plan:|(?<!\d )goals?(?! (?:ratings?|scores?|attainment))|will|going to|gonna|"
    r"next (?:visit|session|time|week)|wants? to|"
    r"hope to|hoping to|aim(?:ing)? (?:for|to)|should be able|by discharge|would like to)\b|"
    # ("We'll call it fourteen seconds": a value settled now, no plan)
    r"'ll\b(?! (?:call|count|say|take|go with|record|write|put) (?:it|that|this|them|those|your)\b)"
)


_COLON_SIDE_VALUE = re.compile(
    rf"(?<=:)\s*(?:the\s+)?(?:right|left)(?: side)?,?\s+(?P<v>{NUM})(?!\.?\d)"
    r"(?!\s*(?:/|out of|%|percent|pounds?|lbs?|seconds?|minutes?|feet|reps|sets|times))")
_CHANGE_BY = re.compile(
    r"\b(?:improved|increased|decreased|gained|lost|dropped|rose|fell|went (?:up|down)|up|down|better|"
    r"worse)\s+(?:by\s+)(?:about\s+|another\s+|almost\s+|nearly\s+|over\s+)?$"
    r"|\b(?:a gain|an improvement|a change|a drop|an increase|a decrease) of\s+(?:about\s+)?$"
)


def _mk(sent: _Sent, mtype: str, spans: list[Span | None], **kw: Any) -> Measurement:
    """One measurement; ones said as a plan or goal ("goal is 120 degrees") are flagged to be dropped."""
    first = next(s for s in spans if s is not None)
    ca, cb = sent.clause_bounds(first[0])
    head = sent.norm.text[sent.start : min(sent.end, sent.start + 6)]
    # (a sentence that starts "Plan", never one that starts "Plantarflexion")
    if _FUTURE.search(sent.norm.text, ca, cb) or re.match(r"plans?(?![a-z])", head) or (
            # (every sentence of a turn that opens "Plan:" is the plan: "... so she can shower with
            # supervision" is a goal, not today's level)
            re.match(r"\W*plans?\s*[:,.-]", sent.norm.text)):
        kw["_planned"] = True
    if _CHANGE_BY.search(sent.norm.text, max(sent.start, first[0] - 30), first[0]):
        # "her jaw opening has improved by 13 millimeters": how much it changed, not a value measured
        kw["_planned"] = True
    base = {
        k: kw.pop(k)
        for k in ("value", "unit", "body_part", "side", "motion", "task", "when", "negated")
        if k in kw
    }
    extra = {k: v for k, v in kw.items() if v is not None}
    return Measurement(type=mtype, evidence=[sent.evidence(*spans)], extra=extra, **base)


# --------------------------------------------------------------------------- helpers per sentence


_COMPARED_SIDE = re.compile(
    r"\b(?:same as|as good as|as much as|compared (?:to|with)|than|versus|vs\.?|like|matching|matches|"
    r"equal to|symmetrical (?:to|with)|symmetric (?:to|with))\s+(?:on\s+)?(?:the|her|his|their|your|my)\s+$"
)


def _side_for(
    sent: _Sent, pos: int, ctx: _Context, body_part: str | None = None, motion: str | None = None
) -> tuple[str | None, Span | None]:
    sides = [(m.start(), m.end(), _side_canon(m.group(1))) for m in sent.find(_SIDE)]
    # "80 degrees, the same as the left": the side compared with is the other one
    compared = [x for x in sides if _COMPARED_SIDE.search(sent.norm.text, max(sent.start, x[0] - 30), x[0])
                and not re.match(r"(?:\s+side)?,?\s*(?:at|with|of|is|was|:)?\s*(?:a\s+)?\d",
                                 sent.norm.text[x[1] : x[1] + 20])]
    sides = [x for x in sides if x not in compared]
    follow = _SIDE_AFTER.match(sent.norm.text, pos, sent.end)
    if follow and not any(x[0] == follow.start(1) for x in compared):
        return _side_canon(follow.group(1)), follow.span(1)
    if not sides and len(compared) == 1 and compared[0][2] in ("left", "right"):
        return ("right" if compared[0][2] == "left" else "left"), None
    # ("Grip on the right, second handle position, is 46 pounds, left is 52": a side said after the
    # value that opens the next value is that value's)
    sides = [x for x in sides if not (x[0] > pos and _OPENS_VALUE.match(sent.norm.text, x[1])
                                      # ("9 pounds for lateral pinch on the left, 21 on the right": the
                                      # side after "on the" closes its own value)
                                      and not re.search(r"\b(?:on|to|for|at) the\s+$",
                                                        sent.norm.text[max(0, x[0] - 8) : x[0]]))] or sides
    ca, cb = sent.clause_bounds(pos)
    near = _nearest(sides, pos, lo=ca, hi=cb)
    if near:
        return near[2], (near[0], near[1])
    near = _nearest(sides, pos)
    if near:
        return near[2], None
    if (
        ctx.side
        and sent.idx - ctx.side_idx <= 8
        and (body_part is None or body_part == ctx.body_part or ctx.body_part is None)
        # (the spine has no side to carry: "SLR positive on the right. Lumbar flexion is 50 degrees.";
        # its rotation and side bending have one)
        and (body_part not in _MIDLINE or motion in ("rotation", "lateral flexion"))
    ):
        return ctx.side, None
    return None, None


_OPENS_VALUE = re.compile(r"(?:\s+side)?,?\s*(?:is|was|at|:)?\s*(?:about\s+)?\d")
_MIDLINE = frozenset({"lumbar spine", "cervical spine", "thoracic spine", "trunk", "jaw"})


# "With the knee straight, dorsiflexion is 12 degrees": the joint named to position the limb is not
# the one measured
_POSITIONED = re.compile(r"\s+(?:straight|bent|flexed|extended|locked|relaxed|supported)\b")
_POSITIONED_BEFORE = re.compile(r"\bwith (?:the |your |his |her |their )?(?:left |right )?$")


def _body_for(sent: _Sent, pos: int, ctx: _Context) -> tuple[str | None, Span | None]:
    text = sent.norm.text
    parts = [p for p in sent.abs(sent.lex(lexicon().body))
             if not (_POSITIONED.match(text, p[1])
                     and _POSITIONED_BEFORE.search(text, max(0, p[0] - 25), p[0]))]
    near = _nearest(parts, pos)
    if near:
        return near[2], (near[0], near[1])
    if ctx.body_part and sent.idx - ctx.body_idx <= 15:
        return ctx.body_part, None
    return None, None


_SIDE_AFTER = re.compile(
    r"[\d.]*\s*(?:[-+]|plus|minus)?\s*(?:/\s*5|out of 5|over 5)?\s*"
    r"(?:degrees?|deg|°|pounds?|lbs?|kg|seconds?)?\s*"
    r"(?:on|to|for|at)?\s*(?:the\s+)?(left|right|bilateral(?:ly)?)\b"
)
_NEG_BEFORE = re.compile(
    r"\b(no|not|without|never|off|avoid|avoiding|npo|discontinued?|stopped using|doesn't use|does not use|"
    r"didn't use|did not use|no longer uses?|not using|not ready for|not safe for|weaned off)\b[^.,;]{0,25}$"
)


def _negated_before(sent: _Sent, pos: int) -> bool:
    a, _ = sent.clause_bounds(pos)
    return bool(_NEG_BEFORE.search(sent.norm.text[a:pos]))


# --------------------------------------------------------------------------- extractors


_SIDE_OF_VALUE = re.compile(
    r"\s*(?:%|percent|seconds?|secs?|s\b|feet|ft\b|points?|pounds?|lbs?)?\s*(?:with|on|for|using|in)\s+"
    r"(?:the\s+|her\s+|his\s+|their\s+|your\s+)?(left|right)\b"
)


@lru_cache(maxsize=1)
def _scale_owners() -> dict[int, str]:
    """Maximum scores that only one instrument here has (the Berg's 56, the LEFS's 80)."""
    owners: dict[int, list[str]] = {}
    for name, info in lexicon().instrument_info.items():
        if isinstance(info.get("scale"), int):
            owners.setdefault(info["scale"], []).append(name)
    # 10 and 100 are every rating's scale; small ones are trial counts more often than scores
    return {scale: names[0] for scale, names in owners.items() if len(names) == 1 and scale >= 20
            and scale != 100}


# ... only when nothing else is counted after it ("41 out of 56 pictures" is a count of pictures).
_OUT_OF_SCALE = re.compile(rf"({NUM})\s*(?:/|out of)\s*(\d+)(?=\s*(?:[.,;:!?)]|$)|\s+(?:today|this|now|at|on|"
                           r"in|and|but|up|down|from|points?|compared|versus|which|when|with|so)\b)")


# Word beginnings too common in instrument names to say which one was meant.
_GENERIC_PREFIXES = frozenset({"test", "scor", "scal", "inde", "meas", "ques"})
_MISHEARD_INSTRUMENT_RATIO = 0.85
_MISHEARD_TASK_RATIO = 0.75  # a timed task counts only beside a time, so a looser match will do


def _misheard_instrument(sent: _Sent) -> list[Match]:
    """A standardised instrument whose name the recogniser garbled ("dizziness hand can be
    inventory score", "functional gate assessment") in a sentence with a value."""
    return _sounds_like(sent, _plain_instruments(), _MISHEARD_INSTRUMENT_RATIO)


def _sounds_like(
    sent: _Sent, table: tuple[list[tuple[str, str]], dict[str, set[int]]], min_ratio: float
) -> list[Match]:
    """The one name of `table` that a run of two to six of the sentence's words sounds like, as
    (start, end, name), in a sentence with a value (`numbers.closest_sounding`). Only names that
    share a distinctive word beginning with the run are compared. The measurement's evidence
    quotes what was heard."""
    if not re.search(r"\d", sent.text):
        return []
    found = _closest_in(sent, sent.start, sent.end, table, min_ratio)
    if found is None or sent.is_claimed(found[1], found[2]):
        return []
    return [(found[1], found[2], found[0])]


def _closest_in(
    sent: _Sent,
    a: int,
    b: int,
    table: tuple[list[tuple[str, str]], dict[str, set[int]]],
    min_ratio: float,
    whole: bool = False,
) -> tuple[str, int, int] | None:
    """`numbers.closest_sounding` over the words of sent.norm.text[a:b], offering only the names of
    `table` that share a distinctive word's first letters with the run; `whole` compares the span's
    words as one run."""
    names, index = table
    words = [(a + w.start(), a + w.end(), w.group())
             for w in re.finditer(r"[a-z0-9][a-z0-9'-]*", sent.norm.text[a:b])]

    def offered(run: list[str]) -> list[tuple[str, str]]:
        return [names[k] for k in sorted({k for w in run for k in index.get(w[:4], ())})]

    if whole:
        return closest_sounding(words, offered, min_ratio, sizes=lambda _w: (len(words),))
    return closest_sounding(words, offered, min_ratio)


def _sound_index(names: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], dict[str, set[int]]]:
    """(letters, canonical) per written name, and an index from the first four letters of each
    distinctive word (or a number) to the names that hold it."""
    index: dict[str, set[int]] = {}
    for k, (written, _) in enumerate(names):
        for w in re.findall(r"[a-z0-9]+", written):
            if len(w) >= 4 and w[:4] not in _GENERIC_PREFIXES:
                index.setdefault(w[:4], set()).add(k)
            elif w.isdigit():
                index.setdefault(w, set()).add(k)
    return [(re.sub(r"[^a-z0-9]", "", w), c) for w, c in names], index


@lru_cache(maxsize=1)
def _plain_duration_tasks() -> tuple[list[tuple[str, str]], dict[str, set[int]]]:
    """Timed tasks said in two words or more ("maximum phonation time", "single leg stance")."""
    names = []
    for canon, variants in variants_map(load_data(_FILE), "duration_tasks", _FILE).items():
        for name in {canon, *(v for v in variants if re.fullmatch(r"[a-z ]+", v))}:
            if " " in name and len(name.replace(" ", "")) >= 12:
                names.append((name, canon))
    return _sound_index(names)


@lru_cache(maxsize=1)
def _plain_instruments() -> tuple[list[tuple[str, str]], dict[str, set[int]]]:
    """Each instrument's written names (its full name and plain aliases, numbers as digits), and an
    index from the first four letters of their distinctive words to the names."""
    names: list[tuple[str, str]] = []
    d = load_data(_FILE)
    for item in require(d, "instruments", list, _FILE):
        spelled = [str(item.get("full_name") or "")] + [
            a for a in item["aliases"] if re.fullmatch(r"[a-z0-9 '-]+", a)
        ]
        for name in spelled:
            written = norm_view(name.lower()).text
            letters = re.sub(r"[^a-z0-9]", "", written)
            if len(letters) >= 10:
                names.append((written, item["name"]))
    return _sound_index(names)


_COUNT_IN_TIME = re.compile(
    r"(?<![\d.])(?P<v>\d+)\s+(?:chairs?\s+|care\s+)?(?:stands|sit to stands|chair rises|rises)\s+"
    r"(?P<t>in\s+30\s*"
    r"(?:seconds?|secs?|s)\b)"
)
_SIDE_BEFORE_VALUE = re.compile(  # searched up to the value
    r"\b(?:(left|right)\s+(?:hand|side|arm|leg|foot)|(?:to|on|for) the (left|right))\b[^,;.\d]{0,20}$"
    # ("heel raises to fatigue: right 28, left 19": the side said right before its value)
    r"|(?:^|[,:;]\s*|\band\s+|\bthe\s+)(left|right),?\s+$"
)


@lru_cache(maxsize=64)
def _parts_rx(name: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Sub-score labels with their value, said label first ("satisfaction 7.8", "the sports module
    is 75") or value first ("3.4 for performance"), each naming its part in the `part` group."""
    parts: dict[str, list[str]] = lexicon().instrument_info.get(name, {}).get("parts") or {}
    if not parts:
        return None
    alt = "|".join(f"(?P<p{k}>{'|'.join(v)})" for k, v in enumerate(parts.values()))
    whose = r"(?:the |her |his |their |your )?"
    first = re.compile(rf"\b{whose}(?:{alt})(?:\s+(?:score|subscale|total))?"
                       # ("performance score across his 5 goals is 6.4")
                       r"(?:\s+(?:across|over|for|on)\s+(?:[a-z0-9]+\s+){0,3}?[a-z]+(?=\s+(?:is|was)\b))?"
                       r"\s*[,:]?\s*(?:is|was|of|at|=|came (?:in )?at|scored?)?\s*(?:a |an )?"
                       rf"(?P<v>{NUM})(?!\.?\d)")
    after = re.compile(rf"(?<![\d.])(?P<v>{NUM})\s+(?:for|on|in)\s+{whose}(?:{alt})\b")
    return first, after


@lru_cache(maxsize=64)
def _parts_from_to(name: str) -> re.Pattern[str] | None:
    """A sub-score's change said in one breath: "The auditory verbal comprehension score went from 3.4
    to 5.1", its earlier value in `a`, today's in `v`."""
    parts: dict[str, list[str]] = lexicon().instrument_info.get(name, {}).get("parts") or {}
    if not parts:
        return None
    alt = "|".join(f"(?P<p{k}>{'|'.join(v)})" for k, v in enumerate(parts.values()))
    return re.compile(
        rf"\b(?:the |her |his |their |your )?(?:{alt})(?:\s+(?:score|subscale|subtest|section))?\s+"
        rf"(?:went|improved|increased|rose|climbed|came up|has gone|moved)\s+(?:up\s+)?from\s+(?:a\s+)?"
        rf"(?P<a>{NUM})(?!\.?\d)\s+(?:up\s+)?to\s+(?:a\s+)?(?P<v>{NUM})(?!\.?\d)"
    )


_PART_FROM = re.compile(
    rf"\s*,?\s*(?:(?:up|down|improved|increased|decreased)?\s*from\s+|"
    # ("Average performance is 6.4, it was 3.8 at the evaluation.")
    rf"(?:and\s+)?(?:it|that|this) (?:was|had been)\s+)(?:a\s+)?(?P<v>{NUM})(?!\.?\d)")


def _part_scores(sent: _Sent, name: str, lo: int, hi: int) -> list[Measurement]:
    """The instrument's sub-scores said with their labels between `lo` and `hi`, one measurement each,
    named "<instrument> <part>"; an unlabelled total is left to the caller."""
    rxs = _parts_rx(name)
    if rxs is None:
        return []
    info = lexicon().instrument_info.get(name, {})
    labels = list((info.get("parts") or {}).keys())
    text = sent.norm.text
    hits: list[tuple[Span, str, re.Match[str]]] = []
    for rx in rxs:
        for m in rx.finditer(text, lo, hi):
            k = next(i for i in range(len(labels)) if m.group(f"p{i}"))
            if not sent.is_claimed(*m.span("v")) and not any(h[0][0] == m.start("v") for h in hits):
                hits.append((m.span("v"), labels[k], m))
    dated: set[int] = set()  # the earlier value of a change said in one breath
    from_to = _parts_from_to(name)
    for m in from_to.finditer(text, lo, hi) if from_to is not None else ():
        k = next(i for i in range(len(labels)) if m.group(f"p{i}"))
        if not sent.is_claimed(*m.span("a")) and not any(
                h[0][0] in (m.start("a"), m.start("v")) for h in hits):
            hits.append((m.span("a"), labels[k], m))
            hits.append((m.span("v"), labels[k], m))
            dated.add(m.start("a"))
    for span, label, _m in list(hits):
        # "6.4, up from 3.2 at the start": the part's earlier value said after it
        was = _PART_FROM.match(text, span[1], hi)
        if was and not sent.is_claimed(*was.span("v")):
            hits.append((was.span("v"), label, was))
            if re.search(r"\b(?:was|had been)\b", was.group(0)):
                dated.add(was.start("v"))  # "it was 3.8": past, with or without its time said
    hits.sort()
    spans = [h[0] for h in hits]
    out: list[Measurement] = []
    for span, label, m in hits:
        value = float(text[span[0] : span[1]])
        scale = (info.get("part_scales") or {}).get(label, info.get("scale"))
        if scale is not None and value > float(scale):
            continue
        sent.claim(*span)
        full = info.get("full_name")
        out.append(_mk(
            sent, "outcome_score", [m.span()], value=as_number(value), unit=info.get("unit"),
            when="prior" if span[0] in dated else _when(sent, span, spans), instrument_code=name, part=label,
            instrument=f"{name} {label} - {full} {label}" if full else f"{name} {label}",
            scale=as_number(scale) if scale is not None else None,
        ))
    return out


# units only a measured value is said in, for the instruments measured in them
_UNIT_SAID = {"Hz": r"hertz|hz\b", "kPa": r"kilopascals?|kpa\b", "mm": r"millimet(?:er|re)s?|mm\b",
              "deg": r"degrees?\b|°"}
# how a result is said in each unit an announced test is scored in (its value may come a sentence
# or a turn after the test's name)
_RESULT_UNITS = {
    "ft": r"feet|foot|ft\b|meters?|metres?", "m": r"meters?|metres?|feet|ft\b",
    "s": r"seconds?|secs?\b|s\b",
    # (a walk test's speed, or the time it took: "9.4 seconds")
    "m/s": r"m/s|(?:meters?|metres?) per second|seconds?|secs?\b|s\b", "%": r"%|percent",
    "blocks": r"blocks?", "items": r"items?", **_UNIT_SAID,
    "per s": r"(?:syllables |repetitions |reps )?(?:per|a) second",
    "mL": r"millilit(?:er|re)s?|ml\b|cc\b", "words": r"words?",
    "wpm": r"words? (?:per|a) minute|wpm\b", "dB": r"decibels?|db\b",
    "reps": r"reps?\b|repetitions|times\b|raises\b|stands\b",
    "percent": r"%|percent\b",
}
# a count test's result said on its own after the instructions: "Go. Nine."
_BARE_COUNT = re.compile(rf"\W*(?:(?:that's|so|okay|ok|and)\W+)?(?P<v>{NUM})\W*")
_COUNT_OF_THINGS = re.compile(
    r"\s+(?:[a-z]+\s+)?(?!(?:points|this|plus|minus|less|yes|was|has|does|his|hers|its|thus|across|"
    r"seconds|minutes|feet|meters|metres|blocks|pegs|words)\b)[a-z]{3,}s\b"
)


def _counts_its_own(text: str, at: int, end: int, name: str) -> bool:
    """Whether the noun after a count (in text[at:end]) is what the named test counts ("twelve
    animals" after animal naming, "sixteen blocks" after Box and Blocks)."""
    noun = re.match(r"\s*([a-z]+?)e?s?\b", text[at:end])
    return bool(noun and len(noun.group(1)) >= 3 and re.search(rf"\b{noun.group(1)}", name.lower()))


# a clause that only says the value was something else: "it was 4.", "and that was a 12"
_WAS_BEFORE = re.compile(
    rf"\W*(?:(?:and|but|so),?\s+)?(?:it|that) (?:was|started(?: off)? at) (?:an? )?{NUM}\W*")


_POINTS_LOST_ON = re.compile(r"\b(?:losing|lost|missed|missing|dropped|dropping) (?:\w+ )?(?:points?|items?) "
                             r"(?:on|in|for)\b[^.]*$")
_EDITION_BEFORE = re.compile(r"\W*(?:preschool|pre-?school|edition|version|form)\W*")
_EDITION_AFTER = re.compile(
    r"\s*(?:(?:st|nd|rd|th)\s+)?edition\b|,?\s*(?:(?:her|his|their|the|its)\s+)?"
    r"(?:core|total|standard|raw|composite|overall|receptive|expressive)\b")


def _restated_when(sent: _Sent, span: Span, spans: list[Span], first: bool) -> When:
    """`_when`, with a later value said as what the score "was" dated earlier: "The EAT-10 is 6, it was
    24." (the first value is this visit's)."""
    when = _when(sent, span, spans)
    if (when == "current" and not first and re.search(
            r"\b(?:it|that|she|he|they|you) (?:was|were|had been|used to be)\s+(?:at\s+)?(?:a\s+|an\s+)?$",
            sent.norm.text[max(sent.start, span[0] - 25) : span[0]])):
        return "prior"
    return when


def _outcomes(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    out: list[Measurement] = []
    text = sent.norm.text
    # ("She scored 21 out of 30, losing points on the trail making, the cube and delayed recall": the
    # items where points were lost are parts of the test announced, not tests of their own)
    insts = [i for i in sent.abs(sent.lex(lex.instruments))
             if not _POINTS_LOST_ON.search(text, max(sent.start, i[0] - 60), i[0])]
    if not insts and ctx.parts_of is not None and sent.idx - ctx.parts_idx <= 1:
        # "You started at 3.4 for performance and 2.6 for satisfaction.": the sub-scores of the
        # instrument just reported, with no name said again
        later = _part_scores(sent, ctx.parts_of, sent.start, sent.end)
        if later:
            ctx.parts_idx = sent.idx
            return later
    if not insts:
        # A score out of a maximum only one instrument has, its name misheard ("his burnt core is
        # 41 out of 56"): the maximum names it. The evidence quotes the score and its maximum.
        owners = _scale_owners()
        for m in _OUT_OF_SCALE.finditer(text, sent.start, sent.end):
            name = owners.get(int(m.group(2)))
            if name is not None and not sent.is_claimed(*m.span()):
                insts = [(m.start(), m.start(), name)]
                break
    if not insts:
        counted = _COUNT_IN_TIME.search(text, sent.start, sent.end)
        if counted and not sent.is_claimed(*counted.span()):
            # "he completed 9 chair stands in 30 seconds": the test said by what it counts
            insts = [(counted.start("v"), counted.start("v"), "30s chair stand")]
    if not insts:
        insts = [i for i in _misheard_instrument(sent)
                 if not _POINTS_LOST_ON.search(text, max(sent.start, i[0] - 60), i[0])]
    elif re.search(r"\d", text[sent.start : insts[0][0]]):
        # a garbled name before a listed one, with its own value: "His dynamic gate index is 16 out of
        # 24, and his dizziness handicap inventory score is 48"
        early = _closest_in(sent, sent.start, insts[0][0], _plain_instruments(), _MISHEARD_INSTRUMENT_RATIO)
        if early is not None and early[0] != insts[0][2] and not sent.is_claimed(early[1], early[2]):
            insts = [(early[1], early[2], early[0]), *insts]
        else:
            # a score the lexicon does not know before one it does: "Your cold intolerance symptom
            # severity score dropped from 61 to 32, and the QuickDASH is 18"
            insts = [n for n in _named_score(sent) if n[1] <= insts[0][0]
                     and not any(x[0] < n[1] and n[0] < x[1] for x in insts)][:1] + insts
    announced = ctx.instrument
    clinician = sent.seg.speaker in ("therapist", "unknown")
    # the result may come in the clinician's next turn, after the client's "okay" ("Next is the
    # timed up and go." ... "Fourteen point two seconds."); "His raw score is 13" after the Alberta
    # infant motor scale was named is that scale's, not a score of its own
    if (not insts and announced and not clinician and sent.idx - ctx.instrument_asked_idx == 1):
        said = _ASKED_SCORE.match(text, sent.start, sent.end)
        info = lex.instrument_info.get(announced, {})
        lo, hi = ctx.instrument_range or (0.0, float(info["scale"]) if info.get("scale") else float("inf"))
        if said and lo <= float(said.group("v")) <= hi:
            insts = [(said.start("v"), said.start("v"), announced)]
    if (not insts and announced and sent.idx - ctx.instrument_idx <= _ANNOUNCED_REACH
            and ctx.instrument_seg in (None, sent.idx)):
        insts = _announced(sent, announced)
        if insts:
            ctx.instrument_idx = sent.idx  # the other hand's or the second trial's time may follow
    restated = False
    if not insts and clinician and ctx.result_of is not None and sent.idx == ctx.result_idx:
        # "On the Kohlman he needed help on 5 items today. At the initial evaluation it was 9 items.":
        # the earlier value of the result the clinician just said, in the same turn; "Kapandji is 7
        # out of 10; it was 4.": the past tense alone, said over the value just given, dates it
        restated = _PRIOR_NEAR.search(sent.text) is None and _WAS_BEFORE.fullmatch(
            sent.norm.text, sent.start, sent.end) is not None
        if restated or _PRIOR_NEAR.search(sent.text):
            insts = _announced(sent, ctx.result_of)
        if restated and not insts:
            # ("ABC is 68 percent today. It was 41.": the earlier value said without the unit)
            bare = re.search(rf"(?<![\d.]){NUM}(?!\.?\d)", sent.norm.text[sent.start : sent.end])
            if bare is not None:
                insts = [(sent.start + bare.start(), sent.start + bare.start(), ctx.result_of)]
    ctx.result_of = None
    if not insts:
        insts = _named_score(sent)
    if not insts and clinician:
        insts = _unlisted_instrument(sent)
    # the test stays announced through the clinician's instructions ("Put the pegs in as fast as
    # you can.") and a bare count ("Thirty one..."), until a result or another measure is said
    if insts or (clinician and _MEASURED_NUMBER.search(text, sent.start, sent.end)):
        ctx.instrument = None
    if insts and insts[0][2] == announced:
        # the sentence after the result may give the earlier one: "At the evaluation he managed 410 feet."
        # After the earlier one the test goes on only in the same turn ("Average performance is 6.4, it
        # was 3.8 at the evaluation. Satisfaction is 6.8.") or with the other hand ("... that was 74
        # seconds. Okay, left hand." / "44 seconds on the left.")
        ctx.instrument = announced
        dated = _PRIOR_NEAR.search(sent.text)
        ctx.instrument_seg = (sent.idx if dated and not _OTHER_HAND_NEXT.search(sent.norm.text, sent.end)
                              else None)
    num_rx = re.compile(NUM)
    question = sent.text.rstrip().endswith("?")
    for k, (a, b, name) in enumerate(insts):
        sent.claim(a, b)
        limit = insts[k + 1][0] if k + 1 < len(insts) else sent.end
        info = lex.instrument_info.get(name, {})
        parted = _part_scores(sent, name, b, limit)
        if parted:
            out += parted
        if parted or info.get("parts"):
            # ("Then I gave the Western Aphasia Battery again. ... The comprehension score went from
            # 3.4 to 5.1.": the sub-scores may follow the name)
            ctx.parts_of, ctx.parts_idx = name, sent.idx
        nums = [
            m
            for m in num_rx.finditer(text, b, limit)
            if not re.search(r"(?:/|out of|over)\s*$", text[max(b, m.start() - 8) : m.start()])
            and not (re.match(
                r"\s*(?:sets?|reps?|times|trials|tries|attempts|rounds|goes|weeks?|days?|visits?)\b",
                text[m.end() : m.end() + 10]
            ) and not (info.get("unit") == "reps"
                       and re.match(r"\s*(?:reps?|repetitions)\b", text[m.end() :])))
            # (a test that counts repetitions gives its result in them: "30 second chair stand, 11 reps")
            # "got one 15 s": the recogniser writes a spoken "was" as "one" before the value
            and not (m.group(0) == "1" and re.match(r"\s+\d", text[m.end() : m.end() + 3]))
            # "the Voice Handicap Index, the 10 question version, is 15": the instrument's form
            and not re.match(r"\s*-?\s*(?:question|item)s?\s+(?:version|form)\b",
                             text[m.end() : m.end() + 20])
            # "the Kettle Test, making 2 hot drinks": a count of things, not a score without a unit
            # (but "Animal naming in one minute, twelve animals": the things the test counts)
            and not (info.get("unit") is None and _COUNT_OF_THINGS.match(text, m.end())
                     and not _counts_its_own(text, m.end(), limit, name))
            # "three trials, and I'll take the best one": "one" names a trial, it is no score
            and not (m.group(0) == "1" and re.search(
                r"\b(?:best|better|faster|fastest|slower|first|last|next|same|new|old|other|each|every|that|this|"
                r"short|shorter|long|longer|quick|brief|little|big|small|full|main)\s+$",
                text[max(b, m.start() - 10) : m.start()]))
            # "how hard was that, six to twenty?": a range in a question is the scale asked on
            and not (question and (
                re.match(r"\s*(?:to|-)\s*\d", text[m.end() : m.end() + 6])
                or re.search(r"\d\s*(?:to|-)\s*$", text[max(b, m.start() - 6) : m.start()])))
        ]
        if len(nums) > 1 and float(nums[0].group(0)) <= 5 and (
                _EDITION_BEFORE.fullmatch(text, b, nums[0].start())
                or (re.fullmatch(r"\s*-?\s*", text[b : nums[0].start()])
                    and _EDITION_AFTER.match(text, nums[0].end()))):
            # "On the CELF Preschool 3, her core language score is 74": the test's edition, not a score
            nums = nums[1:]
        if info.get("unit_required"):
            said_in = _RESULT_UNITS[str(info["unit"])]
            nums = [m for m in nums if re.match(rf"\s*(?:{said_in})", text[m.end() :])]
        own_unit = _UNIT_SAID.get(str(info.get("unit")))
        if own_unit is not None and len(nums) > 1:
            # "his fundamental frequency counting to 10 was 128 hertz": the value is the one in the
            # instrument's unit
            with_unit = [m for m in nums if re.match(rf"\s*(?:{own_unit})", text[m.end() :])]
            if with_unit:  # (and the values after it: "18 kilopascals, up from 11")
                nums = [m for m in nums if m.start() >= with_unit[0].start()]
        if not nums:
            # "she scored 45 on the Berg"
            # "she scored 45 on the Berg", "Thirteen, somewhat hard, on the Borg rating of perceived
            # exertion": the value first
            m2 = re.search(
                # ("He rated it 13 on the Borg scale.")
                rf"(?:(?:scored?|got|'s|is|was|at|shows?|showed|measures?|measured|reads?|"
                rf"(?:rated|rates|gave|gives|put)(?:\s+(?:it|that|this|her|him|them|himself|herself))?)"
                rf"\s+(?:a\s+|an\s+)?|^\W*)"
                rf"({NUM})(?:\s*(?:/|out of)\s*\d+)?"
                # ("She scored 21 out of 30, losing points on the trail making": where points were lost)
                r"(?:(?!\b(?:losing|lost|missed|missing|points|except|but)\b)[^.\d])*?\s+(?:on|for)\s+"
                r"(?:the\s+|her\s+|his\s+)?$",
                text[sent.start : a],
            )
            if m2:
                found = num_rx.match(text, sent.start + m2.start(1))
                if found and info.get("unit_required") and not re.match(
                        rf"\s*(?:{_RESULT_UNITS[str(info['unit'])]})", text[found.end() :]):
                    found = None  # ("20 minutes ... working on single leg hop landings": no symmetry)
                nums = [found] if found else []
        # the first value, plus any value said as the earlier one ("52, up from 40")
        chosen = nums[:1] + [
            m
            for m in nums[1:3]
            if re.search(
                # ("level five now, up from level three"; "dropped from 61 to 32": the value it went to)
                r"\bfrom\s+(?:a\s+)?(?:level\s+)?$|\b(?:was|last|compared (?:with|to)|versus|vs|against)\b|"
                rf"\bfrom\s+(?:a\s+)?(?:level\s+)?{NUM}\s+(?:points?\s+)?(?:(?:all the way |"
                rf"right )?(?:up|down)\s+)?to\s+"
                r"(?:a\s+|level\s+)?$",
                text[max(b, m.start() - 32) : m.start()],
            )
        ]
        # one value per side: "38 seconds with the right hand and 24 seconds with the left"
        sided = [m for m in nums[:3] if _SIDE_OF_VALUE.match(text, m.end(), limit)]
        if len(sided) > 1 and sided[0] is nums[0]:
            chosen += [m for m in sided if m not in chosen]
        # "...with the right hand was 18 blocks; the left hand moved 52": a side named before a value
        side_before: dict[tuple[int, int], str] = {}
        for m in nums[:3]:
            sb = _SIDE_BEFORE_VALUE.search(text, max(a, m.start() - 40), m.start())
            said_side = (sb.group(1) or sb.group(2) or sb.group(3)) if sb else None
            if m is nums[0] and said_side:
                side_before[m.span()] = said_side  # "to the left is a 1"
                continue
            other = "left" if said_side == "right" else "right"
            if m not in chosen and sb and said_side and re.search(rf"\b{other}\b", text[a : sb.start()]):
                chosen.append(m)
                side_before[m.span()] = said_side
        announceable = info.get("unit") is None or info.get("unit") in _RESULT_UNITS
        if not chosen and announceable and k == len(insts) - 1:
            ctx.instrument, ctx.instrument_idx, ctx.instrument_seg = name, sent.idx, None
            if clinician and question:
                ctx.instrument_asked_idx = sent.idx
                asked = re.search(r"(\d+)\s*(?:to|-)\s*(\d+)", text[sent.start : sent.end])
                ctx.instrument_range = (float(asked.group(1)), float(asked.group(2))) if asked else None
        all_spans = [m.span() for m in chosen]
        if (chosen and k == len(insts) - 1 and announceable and name != announced
                and all(_when(sent, m.span(), all_spans) == "prior" for m in chosen)):
            # "Before the hospital, a Functional Oral Intake Scale of seven. Today I'd put her at a
            # five.": only the earlier value said, this visit's may follow in the same turn
            ctx.instrument, ctx.instrument_idx, ctx.instrument_seg = name, sent.idx, sent.idx
        if chosen and k == len(insts) - 1 and clinician and any(
                _when(sent, m.span(), all_spans) == "current" for m in chosen):
            ctx.result_of, ctx.result_idx = name, sent.idx
        for m in chosen:
            span = m.span()
            if sent.is_claimed(*span):
                continue
            side_m = _SIDE_OF_VALUE.match(text, span[1], limit) if len(sided) > 1 else None
            after = text[span[1] : span[1] + 40]
            scale_m = re.match(rf"\s*(?:points?\s*)?(?:/|out of|over)\s*({NUM})", after)
            unit_m = re.match(
                r"\s*(%|percent|seconds?|secs?|sec\b|s\b|feet|foot|ft\b|meters per second|m/s|"
                r"meters?|metres?|points?|blocks|items|reps|repetitions|minutes?|degrees?|°|millimet(?:er|re)s?|mm\b|"
                r"kilopascals?|kpa\b|(?:syllables |repetitions )?per second|hertz|hz\b|"
                r"words? (?:per|a) minute|wpm\b|decibels?|db\b)",
                after,
            )
            scale = float(scale_m.group(1)) if scale_m else info.get("scale")
            value = float(m.group(0))
            heard = None
            v_name, v_info = name, info
            over = info.get("over_scale")
            if scale is not None and value > float(scale) and over and not scale_m:
                # "the Voice Handicap Index ... 42": past the ten-item form's 40, the full index
                alt = lex.instrument_info.get(str(over), {})
                if alt.get("scale") is None or value <= float(alt["scale"]):
                    v_name, v_info, scale = str(over), alt, alt.get("scale")
            if scale is not None and value > float(scale) and value.is_integer():
                # "20 out of 24, up from 40 at the evaluation": a teen heard as its tens (the draft
                # keeps what was heard beside it for the therapist to confirm)
                teen = float(teen_heard_as_tens(int(value), int(float(scale))))
                value, heard = teen, (m.group(0) if teen != value else None)
            if scale is not None and value > float(scale):
                continue  # "dynamic gait index 60/24": a misheard value the scale cannot hold
            unit = _unit(unit_m.group(1)) if unit_m else info.get("unit")
            end = span[1] + (scale_m.end() if scale_m else unit_m.end() if unit_m else 0)
            sent.claim(span[0], end)
            out.append(
                _mk(
                    sent,
                    "outcome_score",
                    [(a, b), (span[0], end)],
                    value=as_number(value),
                    unit=unit,
                    when=_restated_when(sent, span, all_spans, first=m is chosen[0]),
                    instrument_code=v_name,
                    instrument=f"{v_name} - {v_info['full_name']}" if v_info.get("full_name") else v_name,
                    scale=as_number(scale) if scale is not None else None,
                    side=_side_canon(side_m.group(1)) if side_m else side_before.get(span),
                    heard=heard,
                )
            )
            if restated:
                out[-1].when = "prior"
            if unit in ("ft", "m") and info.get("unit") in ("ft", "m"):
                # a walk test's result is also the distance walked, which is how many notes report it
                out.append(
                    _mk(sent, "distance", [(a, b), (span[0], end)], value=as_number(float(m.group(0))),
                        unit=unit, task=str(info.get("full_name", name)).lower(),
                        when=_when(sent, span, all_spans))
                )
    return out


def _unit(u: str) -> str:
    u = u.strip().lower()
    if u in ("%", "percent", "per cent"):
        return "percent"
    if u.endswith("per second"):
        return "per s"  # ("syllables per second")
    if u.startswith(("sec", "s")) and u != "m/s":
        return "s"
    if u.startswith(("feet", "foot", "ft")):
        return "ft"
    if u in ("m/s", "meters per second"):
        return "m/s"
    if u.startswith(("centimet", "cm")):
        return "cm"
    if u.startswith("inch"):
        return "in"
    if u.startswith(("millimet", "mm")):
        return "mm"
    if u.startswith(("meter", "metre")) or u == "m":
        return "m"
    if u.startswith("min"):
        return "min"
    if u.startswith(("hour", "hr")):
        return "h"
    if u.startswith(("pound", "lb")):
        return "lb"
    if u.startswith("kilopascal") or u == "kpa":
        return "kPa"
    if u.startswith(("kilo", "kg")):
        return "kg"
    if u.startswith("yard"):
        return "yd"
    if u.startswith("point"):
        return "points"
    if u.startswith("degree") or u == "°":
        return "deg"
    if u in ("hertz", "hz"):
        return "Hz"
    if u.endswith("per second"):
        return "per s"
    if u.startswith("word") or u == "wpm":
        return "wpm"
    if u.startswith("decibel") or u == "db":
        return "dB"
    return u


# "Her pelvic girdle questionnaire score is 44%", "His VISA P score is 62": a standardised measure
# this lexicon does not know, named by the clinician right before its value. Only a name of one to
# four words after a determiner, ending in a word that names an instrument, and followed at once by
# "is/was" and a number, so the value is the instrument's by the sentence's own grammar.
_NAMED_SCORE = re.compile(
    r"(?:\b(?:his|her|their|my|your|the|this)\s+|^\s*|(?<=[.;:,]\s))(?P<name>(?:[a-z][a-z'-]*\s+){1,6}?"
    r"(?:score|questionnaire|index|scale|inventory|rating|profile|measure|assessment|exam|examination|"
    r"screen|predictor|battery|item bank))"
    r"(?:\s+(?:score|rating|total))?"
    # "Amputee mobility predictor with the prosthesis scored 34 out of 47", "hip outcome score for
    # daily activities is 72%", "Borg rating at the end of the walk was 3": how or when it was taken
    r"(?:\s+(?:with|on|using|in|for|at|after|during)\s+(?:[a-z]+\s+){0,4}?[a-z]+)?"
    # ("your questionnaire, the communicative participation item bank, is 28 today")
    # ("He filled out the Communication Attitude Test and scored twelve")
    r",?\s+(?:again\s+)?(?:and\s+(?:he\s+|she\s+|they\s+)?)?(?:today\s+|now\s+)?"
    r"(?:(?:is|was|scored|totaled|totalled|"
    r"(?:came|comes|come) (?:out |in )?(?:at|to)|"
    # ("Your cold intolerance symptom severity score dropped from 61 to 32")
    r"(?:dropped|fell|went|improved|rose|climbed|came|has come|decreased|increased)(?: (?:down|up))? from)\s+"
    # dictated: "Glottal function index, 9 out of 20."
    r"|(?<=,\s))"
    r"(?:now\s+|at\s+|a\s+|level\s+)?(?=\d)"
)
# Words that make a "score" something this module reads by its own rule (pain, accuracy, strength),
# as the name's first word or the word before its last ("pain level score", "the overall score").
_NOT_INSTRUMENT_LAST = re.compile(
    r"(?:pain|intelligibility|accuracy|strength|grip|pinch|range|motion|mmt|muscle|diet|liquids?|cues?|"
    r"assist|home|overall|total|final|average)"
)
_NOT_INSTRUMENT = re.compile(
    r"\b(?:pain|intelligibility|accuracy|strength|grip|pinch|range|motion|mmt|muscle|diet|liquids?|"
    r"level|cue|cues|assist|home|test|tests|overall|total|final|average|new|old|last|first|this|that|"
    r"same|best|worst|good|bad|high|low)\b"
)


# How many segments after a timed test is named its result may come: the instructions, "Go?",
# "Go!" and a count read aloud each take one when the recogniser splits them at pauses.
_ANNOUNCED_REACH = 5
_OTHER_HAND_NEXT = re.compile(r"\b(?:left|right|other) (?:hand|side|arm|leg|foot)\b")
# A number with a unit or a maximum: another measure, after which an announced test is forgotten.
_MEASURED_NUMBER = re.compile(
    # ("Move as many blocks as you can in one minute": the test's time limit is no measure)
    rf"(?<![\d.])(?!1 minute\b){NUM}\s*(?:%|percent|seconds?|secs?\b|s\b|minutes?|feet|foot|ft\b|meters?|"
    r"degrees?|pounds?|lbs?\b|reps?\b|sets?\b|times\b|(?:/|out of|of)\s*\d)"
)


# a side's score said after the scale was named: "Righting to the left is a one, and to the right
# he's a three."
_SIDED_SCORE = re.compile(
    rf"\b(?:to|on|for) the (?:left|right)(?: side)?\b,?\s+(?:(?:he|she|they)'?s|is|was|scored|it'?s)\s+"
    rf"(?:an?\s+)?({NUM})(?!\.?\d|\s*(?:%|percent|seconds?|feet|minutes?|degrees?|pounds?))"
)
_SCORE_SAID = re.compile(
    # ("average performance is 6.4": a score of the COPM's two kinds)
    rf"\b(?:(?:total |raw )?score\w*|total|scored|came (?:out|in) at|"
    rf"(?:average )?(?:performance|satisfaction)|"
    # "You're at 24 today. Before the injection you were at 31."
    rf"(?:you're|you are|you were|he's|she's|he is|she is|he was|she was|they're|they were) at|"
    # "Today I'd put her at a five."
    rf"(?:i'd|i would|i'll|i will|i) (?:put|place|rate|score) (?:her|him|them|you|it) at|"
    # "At hospital discharge the inpatient team had him at fourteen."
    rf"had (?:him|her|them|you|me) at|"
    # "It was 9 at your evaluation in the spring." (read only after the instrument was just said)
    rf"(?:it|that) (?:was|had been)|"
    # "In April you had 14."
    rf"(?:you|he|she|they) had|"
    # "In the ICU he was a one. Now ... he's a three.", "It started at 23."
    # (a side said first is read with its own score: "To the left he's a two")
    rf"(?<!left )(?<!right )(?<!left, )(?<!right, )"
    rf"(?:he's|she's|he is|she is|he was|she was|they're|they were|you're|you were)(?= an? \d)|"
    rf"(?:it|that|she|he|you|they) started(?: off)? at|"
    # "The first time they did that one he got 36.", "At the evaluation you managed 5."
    rf"(?:he|she|they|you|i) (?:got|managed|did|completed))\b"
    rf"(?: (?:today|this time|now))?"
    # ("Your total comes to 13.5 out of 40.")
    rf"(?: (?:is|was|of|at|(?:comes?|came) (?:out )?(?:to|at)))?(?: an?)? ({NUM})(?!\.?\d)"
    r"(?!\s*(?:%|percent|seconds?|feet|minutes?|degrees?|pounds?))"
)


_PERCENT_SAID = re.compile(
    rf"\b(?:(?:came|comes) (?:out|in|back) at|(?:it's|it is|it was|that's|that is|you're at|you were at))"
    rf" ({NUM})\s*(?:%|percent)")


# the answer to a question that asked for a score: "Fifteen.", "Maybe a twelve.", "I'd say 13."
_ASKED_SCORE = re.compile(
    rf"\W*(?:(?:it's|it is|it was|about|maybe|probably|i'd say|i would say|like|around)\s+)?(?:a |an )?"
    rf"(?P<v>(?<![\d.]){NUM})(?!\.?\d|\s*(?:%|percent|seconds?|minutes?|feet|pounds?|times|days|weeks))"
)


def _announced(sent: _Sent, name: str) -> list[Match]:
    """The result of a timed or distance test named in the clinician's sentence before ("Let's start
    with the six minute walk test. He covered 690 feet today"): the first value in the test's unit."""
    info = lexicon().instrument_info.get(name, {})  # (an unlisted one is scored like a questionnaire)
    unit = info.get("unit")
    rx = _RESULT_UNITS.get(str(unit))
    if rx is None and unit is not None:
        return []
    if sent.seg.speaker not in ("therapist", "unknown") and not (
            rx is None and _PRIOR_NEAR.search(sent.text)):
        # the client or family may recall the earlier score ("The first time they did that one he
        # got 36."); this visit's result is the clinician's to say
        return []
    if rx is None:
        # a questionnaire named first, its score in the next sentence ("First the eating assessment
        # tool. Your score today is 16."): only a value said as the score, within the scale
        said = sent.norm.text[sent.start : sent.end]
        m = _SCORE_SAID.search(said) or _SIDED_SCORE.search(said) or re.match(
            # "Fifty two, down from seventy one in June.": the score opening its sentence, its change after
            rf"\W*({NUM})(?!\.?\d)\s*,?\s*(?:down|up|better|improved|dropped|came down|went down) "
            rf"from\s+\d", said)
        if m is None and info.get("scale") is not None and float(info["scale"]) in (50.0, 100.0):
            # "You filled out the neck disability index. It came out at 36 percent.": a disability
            # index given as a percentage
            m = _PERCENT_SAID.search(said)
        if m is None and info.get("scale") is not None:
            # "Eighteen out of thirty.": a value out of the named instrument's own maximum
            # ("Forty eight out of a hundred.")
            top = int(float(info["scale"]))
            top_rx = f"{top}|a hundred" if top == 100 else str(top)
            m = re.search(rf"(?<![\d.])({NUM})\s*(?:/|out of)\s*(?:{top_rx})(?!\.?\d)", said)
        if m is None or (info.get("scale") is not None and float(m.group(1)) > float(info["scale"])):
            return []
    else:
        m = re.search(rf"(?<![\d.])({NUM})\s*(?:{rx})", sent.norm.text[sent.start : sent.end])
        if m is None and unit == "reps":
            m = _BARE_COUNT.fullmatch(sent.norm.text[sent.start : sent.end])
            if m is None and _PRIOR_NEAR.search(sent.text):
                # "At the evaluation you managed 5.": the count before, said after this one
                m = _SCORE_SAID.search(sent.norm.text[sent.start : sent.end])
    if m is None or sent.is_claimed(sent.start + m.start(1), sent.start + m.end(1)):
        return []
    # (a sided score from its side on, so the side is read with it)
    at = sent.start + (m.start() if m.re is _SIDED_SCORE else m.start(1))
    return [(at, at, name)]


_DETERMINER = re.compile(
    r".*\b(?:the|his|her|their|my|your|a|an|and|so|then|today|now|with|on|for|at|he|she|they|we)\s+"
)


def _name_span(m: re.Match[str]) -> tuple[int, int, str]:
    """The name a match found, after its last determiner: a name matched from the sentence's start
    ("Today the piano key test is positive") begins where the noun phrase does."""
    a, b = m.span("name")
    name = m.group("name")
    d = _DETERMINER.match(name)
    if d:
        a, name = a + d.end(), name[d.end() :]
    return a, b, name


# "On the Kaufman praxis test she got a standard score of 84", "On the voice screener, his total
# score was 12": a test named first, then who scored what on it
_ON_THE = (r"(?:^\s*|(?<=[.!?]\s)|[,;:]\s*)(?:and\s+)?on\s+(?:the|his|her|their)\s+"
           r"(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){1,10}?),?\s+")
_ON_THE_NAME = re.compile(
    _ON_THE + r"(?:(?:he|she|they|his|her|their|the client|the patient)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:got|scored|earned|obtained|had|received|achieved)?\s*(?:a\s+|an\s+)?(?:[a-z]+\s+)?"
    r"(?:score|total|result)\s*(?:of|was|is|came (?:in|out) at|at)?"
    r"|(?:he|she|they|you|the client|the patient)\s+scored(?:\s+an?)?)\s+(?=\d)"
)
_NOT_A_TEST_START = re.compile(
    r"(?:left|right|first|second|third|last|next|same|other|whole|this|that|new|old|pain|grip|pinch|"
    r"strength|range|motion|accuracy|intelligibility|diet|cues?|assist|home|walk|way|day)"
)
# what a name ending in these words is: a trial, a side or a part of the session, not a test
_NOT_A_TEST_END = re.compile(
    r"(?:trials?|attempts?|tries|try|sides?|days?|visits?|rounds?|sets?|lists?|words?|sentences?|phrases?|"
    r"pictures?|tasks?|hands?|legs?|arms?|feet|foot|knees?|walks?|ones?|time|part|half|way)"
)


# A whole name in the "On the <test>, he scored" frame, compared with the lexicon's names: the frame
# already says a test was scored, so a looser likeness than a free-standing sound-alike will do.
_LISTED_NAME_RATIO = 0.75


def _listed_as(sent: _Sent, a: int, b: int) -> str | None:
    """The listed instrument a heard test name stands for ("the overall assessment on the speaker
    next year in some stuttering" -> OASES), or None when none is clearly closest."""
    found = _closest_in(sent, a, b, _plain_instruments(), _LISTED_NAME_RATIO, whole=True)
    return found[0] if found is not None else None


# A standardised measure this lexicon does not list, named the way its authors wrote it: "Fatigue
# Severity Scale, 49 today", "He's a 3 on the Brooke upper extremity scale", "I redid the Selective
# Mutism Questionnaire with you" (its score in the next sentence), "Modified Mallet total is 14".
# where a sentence starts inside a segment's text (a match from `sent.start` cannot use "^")
_SENTENCE_START = r"(?:^|(?<=[.;:!?])|(?<=[.;:!?]\s))\s*"
_UNLISTED_NAME = re.compile(
    rf"(?:\b(?:the|his|her|their|your|my)\s+|{_SENTENCE_START})"
    r"(?P<name>(?:[a-z][a-z'-]*\s+){1,5}?(?:scale|questionnaire|inventory|index|classification|measure|"
    # ("the Cumberland Ankle Instability Tool")
    r"profile|survey|checklist|battery|tool))\b"
)
_UNLISTED_TOTAL = re.compile(
    rf"(?:\b(?:the|his|her|their|your|my)\s+|{_SENTENCE_START})"
    r"(?P<name>(?:[a-z][a-z'-]*\s+){1,3}?)(?:total|score)\s+(?:today\s+|now\s+)?(?:is|was|of)\s+(?=\d)"
)

# ("The Scale for Contraversive Pushing is 3", "the Test of Infant Motor Performance came to 88"): a
# name that opens with what instruments are called, read by its value right after it
_UNLISTED_OF = re.compile(
    rf"(?:\b(?:the|his|her|their|your|my)\s+|{_SENTENCE_START})"
    r"(?P<name>(?:scale|test|assessment|index|inventory|measure|battery|profile|questionnaire)\s+(?:for|of)\s+"
    r"(?:[a-z][a-z'-]*\s+){0,4}?[a-z][a-z'-]*)"
    r"(?=,?\s+(?:today\s+|now\s+)?(?:is|was|scored|totals?|totaled|came|comes|of)\s|,\s*\d)"
)


def _unlisted_instrument(sent: _Sent) -> list[Match]:
    """An instrument the lexicon does not list, known as one by how it is written: a name that ends
    in what instruments are called, with its words capitalised as a proper name ("Fatigue Severity
    Scale", "the Brooke upper extremity scale"), or three lower-case words or more ending in what
    only an instrument is called ("the selective mutism questionnaire": the recogniser writes many
    names in lower case).

    No name holds a word another rule reads ("pain", "grip"), so "the pain scale" stays out, and a
    one-word name ("a Total score") is none.
    """
    out: list[Match] = []
    for rx in (_UNLISTED_NAME, _UNLISTED_TOTAL, _UNLISTED_OF):
        for m in sent.find(rx):
            # (a name that opens with "Scale for" keeps its "for": its determiner is outside it)
            a, b, name = (*m.span("name"), m.group("name")) if rx is _UNLISTED_OF else _name_span(m)
            name = name.strip()
            b = a + len(name)
            joined = re.search(r"\b([a-z][a-z'-]*) and $", sent.norm.text[max(sent.start, a - 30) : a])
            if joined and sent.norm.orig(a - len(joined.group(0)), a - len(joined.group(0)) + 1).isupper() \
                    and sent.norm.orig(a, a + 1).isupper():
                # "the Tubiana and Chamagne scale": two authors' names joined by "and"
                a -= len(joined.group(0))
                name = sent.norm.text[a:b]
            words = name.split()
            said = sent.norm.orig(a, b).split()
            cased = [w for w in said if w[:1].isupper()]
            # ("the Brooke upper extremity scale": a proper name's first word, inside the sentence)
            proper = bool(said) and said[0][:1].isupper() and a > sent.start + 1 and len(words) >= 3
            named = rx is _UNLISTED_NAME and len(words) >= 3 and re.search(
                r"(?:questionnaire|inventory|classification|scale)$", name) is not None
            if (len(words) < 2 or not (len(cased) >= max(2, len(words) - 1) or proper or named)
                    or _NOT_INSTRUMENT.search(name) or sent.is_claimed(a, b)):
                continue
            out.append((a, b, name))
        if out:
            return out
    return out


def _named_score(sent: _Sent) -> list[Match]:
    out: list[Match] = []
    for m in sent.find(_ON_THE_NAME):
        words = m.group("name").split()
        if _NOT_A_TEST_START.fullmatch(words[0]) or _NOT_A_TEST_END.fullmatch(words[-1]):
            continue
        if not sent.is_claimed(*m.span("name")):
            a, b = m.span("name")
            out.append((a, b, _listed_as(sent, a, b) or m.group("name")))
    if out:
        return out
    for m in sent.find(_NAMED_SCORE):
        a, b, name = _name_span(m)
        words = name.split()
        if len(words) < 2:
            continue
        if (
            _NOT_INSTRUMENT.fullmatch(words[0])
            or (len(words) > 2 and _NOT_INSTRUMENT_LAST.fullmatch(words[-2]))
            or "pain" in words  # ("The Numeric Pain Rating Scale, four today": a pain rating)
            or sent.is_claimed(a, b)
        ):
            continue
        out.append((a, b, name))
    return out


@lru_cache(maxsize=1)
def _one_word_tests() -> dict[str, str]:
    """Special tests named by one word ("cozen", "phalen"), from their names and plain aliases."""
    out: dict[str, str] = {}
    for canon, variants in variants_map(load_data(_FILE), "special_tests", _FILE).items():
        for name in [canon, *(re.sub(r"'\?s\?|\(.*?\)\??", "", v) for v in variants)]:
            if re.fullmatch(r"[a-z]{4,}", name):
                out[name] = canon
    return out


_NAMED_TEST = re.compile(r"\b([a-z]{5,})(?:'s)? (test|sign|drawer)\b")
# Words that name an ordinary test or stand before "test" in speech; never read as a special test.
_NOT_TEST_NAMES = frozenset({"this", "that", "same", "next", "first", "last", "each", "other", "blood",
                             "balance", "walk", "walking", "stress", "vision", "hearing", "memory", "screen",
                             "reading", "spelling", "final", "quick", "simple", "easy", "hard", "real"})


def _soundalike_tests(sent: _Sent) -> list[Match]:
    """A special test whose name the recogniser misheard: "Coven's test is positive" (Cozen's).

    Only a word of five letters or more before "test"/"sign" in a sentence that gives a result,
    much like one test's name (difflib ratio 0.7 or more) and clearly closer to it than to any other.
    The measurement keeps what was heard.
    """
    if not re.search(r"\b(positive|negative)\b", sent.norm.text[sent.start : sent.end]):
        return []
    names = _one_word_tests()
    out: list[Match] = []
    for m in sent.find(_NAMED_TEST):
        word = m.group(1)
        if word in names or word in _NOT_TEST_NAMES or sent.is_claimed(*m.span()):
            continue
        # a possessive heard as a plural: "Tindles sign" (Tinel's)
        stem = word[:-1] if word.endswith("s") and len(word) > 5 else word
        def alike(n: str, word: str = word, stem: str = stem) -> float:
            return max(difflib.SequenceMatcher(None, w, n).ratio() for w in (word, stem))

        ranked = sorted(((alike(n), n) for n in names), reverse=True)
        if ranked and ranked[0][0] >= 0.7 and (len(ranked) == 1 or ranked[1][0] < ranked[0][0] - 0.05):
            out.append((m.start(), m.end(1), names[ranked[0][1]]))
    return out + _test_by_consonants(sent, out)


# The words just before a test's result: "Dicks hull pike is positive", "dicks hull like his negative"
_RESULT_AFTER = re.compile(
    r"(?:^|(?<=[.;:,]\s)|\b(?:the|his|her|a|right|left)\s+)(?P<run>(?:[a-z']+\s+){1,3}?)"
    r"(?:(?:test|sign)\s+)?(?:is|was|his|as)\s+(?:still\s+)?(?:positive|negative)\b"
)


@lru_cache(maxsize=1)
def _test_skeletons() -> dict[str, str]:
    """Each special test's name as its consonants by class (one skeleton per test, ambiguous ones out)."""
    seen: dict[str, set[str]] = {}
    for canon in variants_map(load_data(_FILE), "special_tests", _FILE):
        words = re.sub(r"\b(?:test|sign)\b", "", canon).split()
        sk = skeleton(" ".join(words))  # (word by word: no digraph spans a space)
        if len(sk) >= 4:
            seen.setdefault(sk, set()).add(canon)
    return {sk: next(iter(c)) for sk, c in seen.items() if len(c) == 1}


def _test_by_consonants(sent: _Sent, known: list[Match]) -> list[Match]:
    """A test of two or three names misheard as everyday words with the same consonants ("dicks hull
    pike" for Dix-Hallpike), or one sound more or fewer in a long name; only right before a result.
    The measurement keeps what was heard."""
    lex_tests = sent.lex(lexicon().tests)
    out: list[Match] = []
    for m in sent.find(_RESULT_AFTER):
        a, b = m.span("run")
        if any(x[0] < b and a < x[1] for x in [*known, *lex_tests]) or sent.is_claimed(a, b):
            continue
        words = m.group("run").split()
        for k in range(len(words)):
            sk = skeleton(" ".join(words[k:]))
            hits = {c for name_sk, c in _test_skeletons().items()
                    if sk == name_sk or (len(name_sk) >= 5 and one_edit(sk, name_sk))}
            if len(hits) == 1 and len(words) - k >= 2:
                start = a + len(" ".join(words[:k])) + (1 if k else 0)
                out.append((start, b - 1 if m.group("run").endswith(" ") else b, hits.pop()))
                break
    return out


# "The ulnar fovea sign is positive on the right", "The piano key test is negative": a special test
# this lexicon does not know, its result said of it directly ("is/was positive"). The name is kept
# as said.
_NAMED_RESULT = re.compile(
    r"(?:\b(?:the|his|her|a)\s+|^\s*|(?<=[.;:,]\s))(?P<name>(?:[a-z][a-z'-]*\s+){1,4}?(?:test|sign|maneuver|manoeuvre))"
    r"\s+(?:is|was|were|came back|came out)\s+(?:also\s+|still\s+|now\s+)?(?:positive|negative)\b"
)
# "On the single leg squat your left knee dives inward, so that test is positive on the left": the
# test named as where the sign was seen, its result said of "that test"
_TEST_THEN_RESULT = re.compile(
    r"\bon the (?P<name>(?:[a-z][a-z'-]*\s+){0,3}?(?:squat|lunge|hop|step[- ]?down|bridge|raise|reach|"
    r"stance|test|maneuver|manoeuvre))\b[^.;]{0,80}?\b(?:that|this|the) test (?:is|was) "
    r"(?:still |also |now )?(?P<res>positive|negative)\b")
_NOT_SPECIAL = re.compile(
    r"\b(?:balance|walk|walking|vision|hearing|memory|screen|reading|spelling|blood|covid|pregnancy|"
    r"urine|drug|swallow|cognitive|stress|this|that|same|next|first|last|other|whole|entire)\b"
)


def _unnamed_tests(sent: _Sent, known: list[Match]) -> list[Match]:
    out: list[Match] = []
    for m in sent.find(_TEST_THEN_RESULT):
        a, b = m.span("name")
        if not any(a < kb and ka < b for ka, kb, _ in known) and not sent.is_claimed(a, b):
            out.append((a, b, m.group("name")))
    for m in sent.find(_NAMED_RESULT):
        a, b, name = _name_span(m)
        if any(a < kb and ka < b for ka, kb, _ in known) or sent.is_claimed(a, b):
            continue
        words = name.split()
        # one short word before "sign" is too often a misheard common word ("Till sign")
        if len(words) < 2 or (len(words) == 2 and len(words[0]) < 6) or _NOT_SPECIAL.fullmatch(words[0]):
            continue
        out.append((a, b, name))
    return out


# "He failed the Yale swallow protocol", "On the three ounce water swallow test he failed": a screen
# that is passed or failed rather than positive or negative.
_PASS_FAIL = (
    # "Three ounce water swallow test passed.": the test opening its sentence, its result after
    re.compile(
        r"(?:^|(?<=[.!?:;]\s))(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,5}?(?:test|protocol|screen|screening|"
        r"challenge))\s+(?:was\s+|is\s+)?(?P<res>failed|passed)\b"
    ),
    # "so the three ounce water swallow test is failed"
    re.compile(
        r"\b(?:the|his|her)\s+(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|"
        r"challenge))\s+(?:is|was)\s+(?:also\s+)?(?P<res>failed|passed)\b"
    ),
    re.compile(
        r"\b(?P<res>failed|passed)\s+(?:the\s+|a\s+|his\s+|her\s+)"
        r"(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|challenge))\b"
    ),
    # "That's a failed 3 ounce water swallow test."
    re.compile(
        r"\b(?:a|an)\s+(?P<res>failed|passed)\s+"
        r"(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|challenge))\b"
    ),
    re.compile(
        r"\bon\s+the\s+(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|challenge))"
        r",?\s+(?:he|she|they|the client|the patient)\s+(?P<res>failed|passed)\b"
    ),
    # "On the three ounce water challenge you coughed right after, so that one is a fail."
    re.compile(
        r"\bon\s+the\s+(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|challenge))"
        r"\b[^.;]{0,60}?\b(?:(?:that|it|this)(?: one| 1)?\s+(?:is|was)\s+a\s+|(?:you|he|she|they)\s+)"
        r"(?P<res>fail(?:ed)?|pass(?:ed)?)\b"
    ),
)


# "Let's do the three ounce water swallow: drink this whole cup. Passed, no cough.", "First the hearing
# screening. Raise your hand when you hear the beep. You passed in both ears.": the screen named
# earlier in the clinician's turn, its result said on its own
_SCREEN_NAMED = re.compile(
    r"\b(?:the|a)\s+(?P<name>(?:[a-z0-9][a-z0-9'-]*\s+){0,4}?(?:test|protocol|screen|screening|challenge|"
    r"water swallow))\b")
_RESULT_ALONE = re.compile(r"\W*(?:(?:you|he|she|they)\s+)?(?P<res>passed|failed)\b")


def _pass_fail_tests(sent: _Sent) -> list[Measurement]:
    out: list[Measurement] = []
    alone = _RESULT_ALONE.match(sent.norm.text, sent.start, sent.end)
    if alone and sent.seg.speaker in ("therapist", "unknown"):
        named = list(_SCREEN_NAMED.finditer(sent.norm.text, 0, sent.start))
        if named and not sent.is_claimed(*alone.span("res")):
            name = named[-1].group("name")
            res = alone.group("res")
            sent.claim(*alone.span("res"))
            # (a screen's result is no rating after treatment: "Passed, ... the voice is clear afterward")
            when = "prior" if _when(sent, alone.span()) == "prior" else "current"
            out.append(_mk(sent, "special_test", [alone.span()], test=name, result=res, value=res, when=when))
    for rx in _PASS_FAIL:
        for m in sent.find(rx):
            if sent.is_claimed(*m.span("name")):
                continue
            sent.claim(*m.span("name"))
            res = m.group("res")
            out.append(_mk(sent, "special_test", [m.span()], test=m.group("name"), result=res, value=res,
                           when=_when(sent, m.span())))
    return out


# Visual fields screened by confrontation: the result is a word for how much of the field is seen
# ("Visual fields are full to confrontation on both sides", "a left field cut"), not positive/negative.
_FIELDS = r"(?:confrontation(?:al)? )?visual fields?(?: (?:to|by) confrontation)?"
_FIELD_RESULT = (r"full|intact|normal|within normal limits|wnl|restricted|reduced|decreased|impaired|"
                 r"(?:a )?(?:left |right )?(?:field )?cut")
_FIELD_SCREEN = re.compile(
    rf"\b(?P<name>{_FIELDS})\s+(?:(?:are|is|were|was|tested|test|testing|screen(?:ed)?)\s+)?"
    rf"(?:grossly\s+|still\s+)?(?P<res>{_FIELD_RESULT})\b|"
    rf"\b(?P<res2>full|intact|restricted|reduced|impaired)\s+(?P<name2>{_FIELDS})\b"
)


def _field_screen(sent: _Sent, ctx: _Context) -> list[Measurement]:
    out: list[Measurement] = []
    for m in sent.find(_FIELD_SCREEN):
        res = (m.group("res") or m.group("res2") or "").replace("a ", "", 1).strip()
        result = "full" if res in ("full", "intact", "normal", "within normal limits", "wnl") else res
        tail = sent.norm.text[m.end() : sent.end]
        both = re.match(r"[^.;]{0,30}\b(?:both sides|both eyes|bilaterally|in both)\b", tail)
        side, sspan = (("bilateral", None) if both else _side_for(sent, m.end(), ctx))
        out.append(_mk(sent, "special_test", [m.span(), sspan], test="visual fields (confrontation)",
                       result=result, side=side, value=result))
    return out


def _special_tests(sent: _Sent, ctx: _Context, discipline: str = "pt") -> list[Measurement]:
    fields = _field_screen(sent, ctx) if discipline != "slp" else []
    return fields + _named_tests(sent, ctx, discipline)


def _named_tests(sent: _Sent, ctx: _Context, discipline: str) -> list[Measurement]:
    tests = sent.abs(sent.lex(lexicon().tests))
    unnamed = _unnamed_tests(sent, tests)
    # a soundalike of a known test inside a longer unknown name is that name's word, not a mishearing
    # ("pelvic pain provocation test" is no relocation test); a one-word name may be one ("Coven's")
    misheard = [t for t in (_soundalike_tests(sent) if discipline != "slp" else [])
                if not any(a <= t[0] < b and len(n.split()) > 2 for a, b, n in unnamed)
                and not any(a <= t[0] < b for a, b, _n in tests)]  # a listed name needs no sound-alike
    unnamed = [u for u in unnamed if not any(u[0] <= t[0] < u[1] for t in misheard)]
    tests = sorted(tests + misheard + unnamed)
    if not tests:
        return _other_side_result(sent, ctx)
    results = [
        (
            m.start(),
            m.end(),
            "positive" if m.group(1).startswith(("pos", "repro", "elicit", "provok")) else "negative",
        )
        for m in sent.find(
            re.compile(
                # ("Gaenslen's on the right reproduces it too": "it" is the complaint)
                r"\b(positive|negative|pos|neg|reproduc(?:ed|es|ing) (?:his |her |the |their )?"
                r"(?:pain|symptoms|it|that)|elicited pain|provoked|unremarkable)\b"
            )
        )
    ]
    out: list[Measurement] = []
    used: set[Match] = set()
    for a, b, name in tests:
        ca, cb = sent.clause_bounds(a)
        res = _nearest(results, b, lo=ca, hi=cb) or (_nearest(results, b) if len(results) == 1 else None)
        if res is None:
            # "Neer and Hawkins are both positive": one result for a run of tests
            later = [r for r in results if r[0] > b]
            res = later[0] if later and all(t[0] < later[0][0] for t in tests if t[0] > b) else None
        if res is None:
            continue
        used.add(res)
        side, sspan = _side_for(sent, res[1] if _SIDE_AFTER.match(sent.norm.text, res[1]) else a, ctx)
        out.append(
            _mk(
                sent,
                "special_test",
                [(a, b), (res[0], res[1]), sspan],
                test=name,
                result=res[2],
                side=side,
                value=res[2],
                heard=sent.norm.text[a:b] if (a, b, name) in misheard else None,
            )
        )
        # a second result for the same test: "positive on the right and negative on the left"
        for extra in results:
            if extra in used or extra[0] < res[1] or any(b <= t[0] < extra[0] for t in tests if t[0] != a):
                continue
            used.add(extra)
            xside, xspan = _side_for(sent, extra[1], ctx)
            out.append(
                _mk(
                    sent,
                    "special_test",
                    [(a, b), (extra[0], extra[1]), xspan],
                    test=name,
                    result=extra[2],
                    side=xside,
                    value=extra[2],
                )
            )
    if out:
        ctx.test, ctx.test_idx = str(out[-1].extra.get("test")), sent.idx
    return out


# A sentence that opens on the other side of what was just measured: "the left hand moved 52",
# "The left side was negative".
_OTHER_SIDE_LEAD = r"\W*(?:and |but |while )?(?:the |on the |with the )?(?P<side>left|right)\b"
# "The left side was negative, no nystagmus.": the other side of the test just reported
_OTHER_SIDE_RESULT = re.compile(
    rf"{_OTHER_SIDE_LEAD}(?: side)?,?\s+(?:it\s+)?(?:was|is|came out)\s+(?P<res>positive|negative)\b"
)
# "Left arm went the full three minutes, negative.": the side first, the result closing the sentence
_OTHER_SIDE_CLOSING = re.compile(
    rf"{_OTHER_SIDE_LEAD}(?: (?:side|arm|leg|hand|foot|knee|shoulder|hip))?\b[^.;]*?,\s*"
    rf"(?:so\s+)?(?P<res>positive|negative)\W*$"
)


# "... negative on the right today," / "and negative on the left.": the other side cut off by a pause
_RESULT_THEN_SIDE = re.compile(
    r"\W*(?:and |but |while )?(?:it's |it is |it was )?(?P<res>positive|negative) on the "
    r"(?P<side>left|right)\b(?:\s+side)?\s*(?:today|as well|too)?\s*[.,]?\s*$"
)


_EARLIER_RESULT = re.compile(
    r"\W*(?:it|that|the test|this)\s+(?:was|came out|had been)\s+"
    # ("At the evaluation it was strongly positive.")
    r"(?:(?:strongly|clearly|mildly|weakly|markedly|very|still|also)\s+)?(?P<res>positive|negative)"
    r"(?:\s+(?:on the\s+)?(?P<side>left|right)\b)?"
)


def _other_side_result(sent: _Sent, ctx: _Context) -> list[Measurement]:
    if ctx.test is None or sent.idx - ctx.test_idx > 1:
        return []
    text = sent.norm.text
    m = (_OTHER_SIDE_RESULT.match(text, sent.start, sent.end)
         or _RESULT_THEN_SIDE.match(text, sent.start, sent.end)
         or _OTHER_SIDE_CLOSING.match(text, sent.start, sent.end))
    when: When = "current"
    if m is None:
        # an earlier result of the same test: "At the evaluation the right side was positive"
        cue = _LED_BY_PRIOR.match(text, sent.start, sent.end)
        # ("At the evaluation it was positive on the right at 40 degrees.": the same test, its side
        # said after the result or not at all)
        m = (_OTHER_SIDE_RESULT.match(text, cue.end(), sent.end)
             or _EARLIER_RESULT.match(text, cue.end(), sent.end)) if cue else None
        if m is None:
            # "Grind test is negative today. It was positive at the eval.": the earlier time after it
            late = _EARLIER_RESULT.match(text, sent.start, sent.end)
            m = late if late and _PRIOR_NEAR.search(text, late.end(), sent.end) else None
        if m is None:
            return []
        when = "prior"
    elif _PRIOR_NEAR.search(text, m.end(), sent.end):
        when = "prior"  # "the right side was positive at the evaluation"
    ctx.test_idx = sent.idx  # the earlier result may follow: "At the evaluation the right side was positive"
    return [
        _mk(sent, "special_test", [m.span()], test=ctx.test, result=m.group("res"),
            side=m.group("side") or _side_for(sent, m.start("res"), ctx)[0], value=m.group("res"), when=when)
    ]


_GRADE = re.compile(
    r"(?<![\d.])(?P<g>[0-5])(?:\s*-?\s*(?P<mod>plus|minus|\+|-)(?=\s|/|$|[.,]))?"
    r"\s*(?:/|out of|over)\s*5(?!\.?\d)"
)
_GRADE_WORD = re.compile(
    r"\b(?:grade[ds]?|graded at|graded as|strength (?:is|was|of|at)|mmt (?:is|was|of))\s+"
    r"(?:a\s+)?(?P<g>[0-5])"
    r"(?:\s*-?\s*(?P<mod>plus|minus|\+|-)(?=\s|$|[.,]))?(?!\.?\d|\s*[-+]?\s*(?:/|out of|over)\s*\d)"
)
_GRADE_OTHER_SIDE = re.compile(
    r"(?<=\band )(?P<g>[0-5])(?:\s*(?P<mod>plus|minus|\+))?(?=\s+on\s+the\s+(?:left|right)\b)")
_GRADE_AFTER_MOTION = re.compile(
    r"\s*(?:(?:is|was)\s+|:\s*|,\s*)?(?P<g>[0-5])(?P<mod>)(?!\.?\d)(?=\s*(?:[.,;]|$|and\b|on the\b))")
_GRADE_BARE = re.compile(r"(?<![\d.])(?P<g>[0-5])\s*-?\s*(?P<mod>plus|minus|\+)(?=\s|$|[.,])")


def _mmt(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    text = sent.text
    muscles = sent.abs(sent.lex(lex.muscle))
    motions = sent.abs(sent.lex(lex.motion))
    strength = bool(lex.strength.search(text)) or bool(muscles)
    # a grade with its sign out of five ("4-/5") is a muscle grade even when the recogniser lost the
    # words around it ("Risk extensions trend is four minus out and five")
    signed = [m for m in sent.find(_GRADE) if m.group("mod")]
    # "Hip abduction is 4 plus on the right": a motion graded with a sign is a muscle test (a range is
    # never "plus"), unless a range was just measured ("Knee flexion is 120 degrees. Ankle
    # dorsiflexion is 3 plus today." may be a range misheard)
    # ("... 12 degrees of hyperextension. Hip strength next. Right hip abduction is 4 minus": strength
    # announced after the range is strength)
    last_deg = max((m.end() for m in _DEG.finditer(sent.norm.text, 0, sent.start)), default=0)
    announced = bool(lex.strength.search(sent.norm.text, last_deg, sent.start)) if (
        sent.idx - ctx.rom_idx <= 1) else False
    signed += [g for g in sent.find(_GRADE_BARE) if (sent.idx - ctx.rom_idx > 1 or announced) and any(
        0 <= g.start() - mo[1] <= 12
        and re.fullmatch(r"\s*(?:(?:is|was)(?: still| now| only| just)?|:|,)?\s*",
                         sent.norm.text[mo[1] : g.start()])
        for mo in sent.abs(sent.lex(lexicon().motion)))]
    # "Strength on the right: ... The left side is five out of five throughout.": grades out of five
    # go on from the sentence before, with no muscle named again
    if not strength and not motions and not signed and not (
            sent.idx - ctx.mmt_idx <= 1 and any(True for _ in sent.find(_GRADE))
            and re.search(r"\b(?:left|right|other side|throughout|bilaterally)\b", sent.text)):
        return _earlier_grade(sent, ctx)
    out: list[Measurement] = []
    # full "N+/5" forms first, so a looser form never takes the number without its plus/minus
    found = [m for m in sent.find(_GRADE)] + [m for m in sent.find(_GRADE_WORD)]
    if strength or signed or (motions and sent.idx - ctx.mmt_idx <= 1):
        # "four minus out of five on the left and four plus on the right": the scale said once;
        # "... the right is four out of five. Left ankle dorsiflexion is three plus.": the grades go on
        found += [m for m in sent.find(_GRADE_BARE)]
    if strength and found:
        # "Strength: left hip abduction is 4-/5, hip flexion 4- and painful, hip extension 4.": a bare
        # grade right after a motion, in a sentence about strength that grades others out of five
        for mo in motions:
            g = _GRADE_AFTER_MOTION.match(sent.norm.text, mo[1], sent.end)
            if g is not None:
                found.append(g)
    if found:
        # "... 4 plus on the right and 5 on the left": the other side's grade, its scale and sign unsaid
        found += [m for m in sent.find(_GRADE_OTHER_SIDE)]
    seen: list[Span] = []
    for m in found:
        span = m.span()
        if sent.is_claimed(*span) or any(s[0] < span[1] and span[0] < s[1] for s in seen):
            continue
        after = sent.norm.text[span[1] : span[1] + 20]
        if re.match(r"\s*(days|times|trials|sessions|visits|nights|weeks|reps|sets|minutes)", after):
            continue
        seen.append(span)
        mod = m.group("mod")
        grade = m.group("g") + ("+" if mod in ("+", "plus") else "-" if mod in ("-", "minus") else "")
        # the muscle group: a named muscle, else the mover of the motion tested ("external rotators")
        group: str | None = None
        gspan: Span | None = None
        mus = _nearest(muscles, span[0], hi=span[0] + 1) or _nearest(muscles, span[0])
        mot = _nearest(motions, span[0], hi=span[0] + 1) or _nearest(motions, span[0])
        body, bspan = _body_for(sent, span[0], ctx)
        if mus:
            group, gspan = mus[2], (mus[0], mus[1])
            if body and group in ("flexors", "extensors"):
                group = f"{body} {group}"
        elif mot:
            agent = lex.agents.get(mot[2], mot[2])
            body = body or lex.motion_body.get(mot[2])
            group, gspan = (f"{body} {agent}" if body else agent), (mot[0], mot[1])
        elif body:
            group = body
        side, sspan = _side_for(sent, span[0], ctx, body)
        sent.claim(*span)
        ctx.mmt_idx = sent.idx
        when = _when(sent, span, [f.span() for f in found])  # "4-/5, up from 3+": the 3+ is earlier
        out.append(
            _mk(
                sent,
                "mmt",
                [span, gspan, sspan if sspan and abs(sspan[0] - span[0]) < 60 else None],
                body_part=group,
                side=side,
                grade=grade,
                value=grade,
                motion=mot[2] if mot and not mus else None,
                when=when,
            )
        )
        ctx.last_mmt = out[-1]
    return out


# "Eversion is 5 out of 5 on the left now. At the evaluation it was 3 plus.", "...; it was 3 plus when
# we started": the grade before, said bare right after a muscle's grade, in the clinician's turn
_BARE_GRADE = re.compile(
    r"\b(?:it|that|she|he|they|you) (?:was|were)(?: (?:only|just|still|at|a))? "
    r"(?P<g>[0-5])(?:\s*-?\s*(?P<mod>plus|minus|\+))?(?:\s*(?:/|out of|over)\s*5)?(?!\.?\d)")


def _earlier_grade(sent: _Sent, ctx: _Context) -> list[Measurement]:
    last = ctx.last_mmt
    if (last is None or sent.idx - ctx.mmt_idx > 1 or sent.seg.speaker not in ("therapist", "unknown")
            or last.evidence[0].segment != sent.seg.id):
        return []
    m = _BARE_GRADE.search(sent.norm.text, sent.start, sent.end)
    if m is None or sent.is_claimed(*m.span("g")):
        return []
    dated = _PRIOR_NEAR.search(sent.text) is not None or re.search(
        r"\bwhen (?:we|you|she|he|they|i) (?:first )?(?:started|began)\b", sent.text) is not None
    if not dated:
        return []
    mod = m.group("mod")
    grade = m.group("g") + ("+" if mod in ("+", "plus") else "-" if mod == "minus" else "")
    sent.claim(m.start("g"), m.end())
    extra = {k: v for k, v in last.extra.items() if k != "grade"}
    return [Measurement(type="mmt", evidence=[sent.evidence((m.start("g"), m.end()))], value=grade,
                        body_part=last.body_part, side=last.side, motion=last.motion, when="prior",
                        extra={**extra, "grade": grade})]


_FORCE = re.compile(rf"(?P<v>{NUM})\s*(?P<u>pounds?|lbs?\b|lb\b|kilograms?|kilos?|kgs?\b)")


_GRIP_WORDS = re.compile(r"\b(grip|pinch|binch(?:es)?|rib(?=\s+(?:is|was|strength|measured)\b))\b")
_GRIP_SOUNDS = {"rib": "grip", "binch": "pinch", "binches": "pinch"}
# "one" the pronoun, written as a digit: "I'd never seen one before", "that's not a fair one", "try
# another one" (the words before it that make it no value)
_ONE_LEAD = (r"a|the|that|this|another|every|no|any|each|which|next|last|fair|good|bad|real|seen|had|got|"
             r"tried|made|used|bought|have|has|need|needs|needed|want|wanted")
_ONE_PRONOUN = re.compile(rf"\b(?:{_ONE_LEAD}) $")  # said just before a number's start
_ONE_WORD = re.compile(rf"\b(?:{_ONE_LEAD}) 1\b")
_SQUEEZE = re.compile(
    r"\bsqueeze (?:(?:it|(?:this|that|the)(?: handle| dynamometer| gauge| grip| thing)?) )?"
    r"(?:as hard as|hard)\b|"
    # ("Squeeze the dynamometer.", "Squeeze the handle.": the grip test by its tool)
    r"\bsqueeze (?:the|this|my) (?:handle|dynamometer)\b")
# "Now the left.", "Other hand.": the next side of the grip just measured, its value to follow
_NEXT_SIDE_ONLY = re.compile(
    r"\W*(?:(?:now|and|okay|ok|then|next)\W+)*(?:the |your |his |her |their )?(?:left|right|other)"
    r"(?: hand| side| one)?\W*")


# The other side's grip opening a sentence of its own: "70 pounds on the left.", "Left hand, 52 pounds."
_GRIP_GOES_ON = re.compile(
    rf"\W*(?:and\s+)?(?:(?:{NUM})\s*(?:pounds?|lbs?\b)\s+(?:on|with|for)\s+the\s+(?:left|right|other)|"
    rf"(?:the\s+|her\s+|his\s+)?(?:left|right|other)(?:\s+(?:hand|side))?,?\s+(?:is\s+|was\s+)?(?:{NUM}))"
)
# A measure named on its own, its values to follow: "Grip strength," "Lateral pinch:"
_GRIP_TOPIC = re.compile(
    r"\W*(?:(?:her|his|the|and|now|next|then)\s+)*"
    r"(?:(?:left|right|lateral|key|tip|palmar|three[ -]?point|3 point)\s+)?"
    r"(?:grip|pinch)(?:\s+strength)?\s*[,:]?\s*$"
)


# a number that could be a value, not the count of tries in the instructions ("3 times each")
_A_VALUE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\.?\d)(?!\s*(?:times|tries|trials|attempts|goes)\b)")


# More than any adult pinches in pounds (lateral pinch norms run to about 26 lb).
_PINCH_MAX_LB = 40


def _grip_pinch(sent: _Sent, ctx: _Context) -> list[Measurement]:
    text = sent.text
    # "rib is 32 pounds", "tip binches 6 pounds": grip and pinch as the recogniser writes them
    kinds = [(m.start(), m.end(), _GRIP_SOUNDS.get(m.group(1), m.group(1))) for m in sent.find(_GRIP_WORDS)]
    clinician = sent.seg.speaker in ("therapist", "unknown")
    if kinds and (_GRIP_TOPIC.match(sent.text) or (
            clinician and not re.search(r"\d", sent.norm.text[sent.start : sent.end]))):
        # "Grip strength," / "left 19 pounds, right 17 pounds": the measure named, its values cut
        # into the next segment by a pause, or said after the instructions ("Grip strength, right
        # hand, squeeze as hard as you can... 18 pounds.")
        ctx.grip = _GripTopic(kinds[-1][2], sent.idx, said=False)
        return []
    if not kinds and clinician and _SQUEEZE.search(text) and not re.search(r"\d", text):
        # "Squeeze this as hard as you can, right hand.": the grip test by its instruction
        ctx.grip = _GripTopic("grip", sent.idx, said=False)
        return []
    carried = False
    topic = ctx.grip if ctx.grip and clinician and not kinds and sent.idx - ctx.grip.idx <= 1 else None
    if topic and _NEXT_SIDE_ONLY.fullmatch(sent.norm.text, sent.start, sent.end):
        ctx.grip = _GripTopic(topic.kind, sent.idx, said=False)
        named = {_side_canon(m.group(1)) for m in sent.find(_SIDE)} & {"left", "right"}
        if len(named) == 1:
            ctx.side, ctx.side_idx = named.pop(), sent.idx
        return []
    goes_on = _GRIP_GOES_ON.match(sent.norm.text, sent.start, sent.end)
    if topic and topic.said and not goes_on:
        topic = None  # after a grip's values, only the other side's value said first goes on
    bare_lb = False
    if topic:
        pounds = re.search(rf"(?<![\d.]){NUM}\s*(?:pounds?|lbs?\b)", sent.norm.text[sent.start : sent.end])
        if pounds:  # (after a grip's values, only _GRIP_GOES_ON's other side gets this far)
            at = sent.start + pounds.start()
            kinds = [(at, at, topic.kind)]
            carried = True
        elif topic.said and goes_on:
            # "In week 6 the right was 22.": the side's value after the values in pounds, its unit theirs
            kinds = [(goes_on.start(), goes_on.start(), topic.kind)]
            carried = bare_lb = True
    if carried and topic:
        # the other hand's value may follow in a sentence of its own: "Left hand, 52 pounds."
        ctx.grip = _GripTopic(topic.kind, sent.idx, said=True)
    elif kinds and clinician:
        # "Grip strength on the right is 55 pounds," / "70 pounds on the left.": a pause cuts the list
        ctx.grip = _GripTopic(kinds[-1][2], sent.idx, said=True)
    elif not (topic and not topic.said and (
            not _A_VALUE.search(_ONE_WORD.sub("", sent.norm.text[sent.start : sent.end]))
            # ("Twenty. Hold on, your thumb slipped, again.": a reading said bare and done over keeps
            # the test named)
            or re.fullmatch(rf"\W*{NUM}\W*", sent.norm.text[sent.start : sent.end]))):
        # ("Let's start with grip. Squeeze as hard as you can. Right hand 34 pounds.": the
        # instructions between the measure and its values keep it named)
        ctx.grip = None
    if not kinds:
        return []
    out: list[Measurement] = []
    last_unit: str | None = "lb" if bare_lb else None
    found = sent.find(
        re.compile(rf"(?<![\d.])(?P<v>{NUM})(?:\s*(?P<u>pounds?|lbs?\b|lb\b|kilograms?|kilos?|kgs?\b))?")
    )
    for m in found:
        span = m.span()
        if sent.is_claimed(*span):
            continue
        unit = _unit(m.group("u")) if m.group("u") else None
        if unit is None and last_unit is None and any(
                0 <= span[0] - k[1] <= 30 and re.fullmatch(r"[^\d]*\b(?:is|was|at|of|measured|measures)\s+",
                                                            sent.norm.text[k[1] : span[0]]) for k in kinds):
            last_unit = "lb"  # "Key pinch on the left is 9": said in the gauge's pounds
        if unit is None:
            after = sent.norm.text[span[1] : span[1] + 25]
            if last_unit is None or re.match(
                r"\s*(%|percent|degrees|minutes|seconds|out of|/|reps|sets|times|x\b)", after
            ):
                continue
            unit = last_unit
        last_unit = unit
        kind = _nearest([k for k in kinds if k[0] < span[0]], span[0]) or _nearest(kinds, span[0])
        assert kind is not None
        side, sspan = _side_for(sent, span[0], ctx)
        pinch_type = None
        if kind[2] == "pinch":
            pt = re.search(
                r"\b(lateral|key|tip to tip|tip|three jaw chuck|3 jaw chuck|palmar|tripod)\s+[bp]inch", text
            )
            pinch_type = pt.group(1) if pt else None
        sent.claim(span[0], span[1])
        value = float(m.group("v"))
        heard = None
        if kind[2] == "pinch" and unit in (None, "lb") and value.is_integer():
            # "lateral pinch is 9 pounds on the right and 70 on the left": seventeen heard as its
            # tens, beyond what a hand pinches (kept as heard for the therapist to confirm)
            teen = float(teen_heard_as_tens(int(value), _PINCH_MAX_LB))
            value, heard = teen, (m.group("v") if teen != value else None)
        out.append(
            _mk(
                sent,
                "grip_strength" if kind[2] == "grip" else "pinch_strength",
                [(kind[0], kind[1]), span, sspan if sspan and abs(sspan[0] - span[1]) < 40 else None],
                value=as_number(value),
                unit=unit,
                side=side,
                when=_when(sent, span, [f.span() for f in found]),
                pinch_type=pinch_type,
                heard=heard,
            )
        )
    if not out and clinician and not carried:
        # "Grip, three tries each.": the measure named with its instructions, its values to follow
        ctx.grip = _GripTopic(kinds[-1][2], sent.idx, said=False)
    return out


_DEG = re.compile(rf"(?P<neg>(?:minus|negative)\s+|-)?(?P<v>{NUM})\s*(?:degrees?\b|deg\b|°)")
_SIDE_NEXT_VALUE = re.compile(
    rf"\s*,\s*(?:and\s+)?(?:the\s+)?(?:right|left)(?: side)?,?\s+(?:is\s+|was\s+)?(?P<v>{NUM})(?!\.?\d)"
    r"(?!\s*(?:/|out of|%|percent|pounds?|lbs?|seconds?|minutes?|feet|reps|sets|times|x\b))"
)
_OTHER_SIDE_VALUE = re.compile(
    # ("14 degrees on the right, 18 on the left": the comma alone joins them)
    rf"\s*(?:on|for|with) the (?:right|left)(?: side)?"
    rf"(?:,?\s+(?:and|but|while|versus|vs|compared (?:to|with))|,)\s+"
    rf"(?:only\s+|about\s+)?(?P<v>{NUM})(?!\.?\d)(?=\s*(?:on|for|with) the (?:right|left)\b)"
)
# the earlier value said without the unit: "external rotation is 50 degrees, up from 20"
_FROM_BARE_VALUE = re.compile(
    # ("78 degrees active, up from 60", "112 degrees today, up from 104": how it was moved or when may
    # come between)
    rf"(?:\s+(?:active(?:ly)?|passive(?:ly)?|arom|prom|today|now|this time))?"
    rf",?\s*(?:(?:up|down|improved|increased|decreased|better than|compared to)\s+(?:from\s+)?|from\s+)"
    rf"(?:about\s+)?"
    rf"(?P<v>{NUM})(?!\.?\d)"
    r"(?!\s*(?:/|out of|%|percent|pounds?|lbs?|seconds?|minutes?|feet|reps|sets|times|x\b))"
)
# the earlier value as its own clause, dated right after it: "45 degrees, it was 30 at the evaluation"
_WAS_BARE_VALUE = re.compile(
    # ("110 degrees, at the evaluation it was 60"; "60 degrees on the right, last week it was 45")
    rf"(?:\s+(?:on|for) the (?:right|left)(?: side)?)?"
    rf",?\s*(?:and\s+)?(?P<cue>(?:at|on|in|during) (?:the|his|her|your|their) (?:initial )?"
    rf"(?:evaluation|eval|first visit|last visit|start)\s+|last (?:week|visit|time)\s+)?"
    rf"(?:it|that|this|she|he) (?:was|had been|used to be)\s+(?:about\s+|only\s+)?"
    # ("at the evaluation it was minus five": short of neutral)
    rf"(?:(?P<neg>minus|negative)\s+)?(?P<v>{NUM})(?!\.?\d)"
    r"(?!\s*(?:/|out of|%|percent|pounds?|lbs?|seconds?|minutes?|feet|reps|sets|times|x\b))"
)
_ROM_CTX = re.compile(r"\b(range|rom|arom|prom|motion|measur|goniomet|degrees?|flexion|extension|rotation|"
                      r"abduction|adduction|supination|pronation|dorsiflexion|plantarflexion|inversion|eversion)\b")


# Jaw opening (trismus after head and neck radiation) is measured in millimetres between the incisors;
# the words before "opening" are the ones the recogniser garbles ("interval in size all opening").
_JAW_OPENING = re.compile(
    rf"\bopening\s+(?:is|was|of|at|measures|measured|measuring)?\s*(?:about\s+)?(?P<v>{NUM})\s*"
    r"(?:mm\b|millimet(?:er|re)s?)"
)


# The jaw's other motions, in millimetres too: "Sliding the jaw to the left, 6 millimeters; to the right,
# 9. Protrusion is 5 millimeters." A value said after "open (as) wide" in the clinician's turn is the
# opening ("Open as wide as is comfortable. 28 millimeters.").
_JAW_MOTION = re.compile(
    r"\b(?P<mot>open(?:ing|s|ed)?|protru(?:sion|ding|des?)|(?:lateral )?(?:excursion|deviation)|"
    r"slid(?:e|es|ing)|mov(?:e|es|ing) (?:the jaw|it) (?:sideways|side to side))\b"
)
_MM_VALUE = re.compile(rf"(?<![\d.])(?P<v>{NUM})(?P<u>\s*(?:mm\b|millimet(?:er|re)s?))?")
_JAW_CTX = re.compile(r"\b(?:jaw|tmj|temporomandibular|mouth|incisors?|open (?:as )?wide|mandible)\b")


def _jaw_opening(sent: _Sent, ctx: _Context) -> list[Measurement]:
    out: list[Measurement] = []
    for m in sent.find(_JAW_OPENING):
        span = (m.start("v"), m.end())
        if sent.is_claimed(*span):
            continue
        sent.claim(*span)
        out.append(_mk(sent, "rom", [(m.start(), m.end())], value=as_number(float(m.group("v"))), unit="mm",
                       body_part="jaw", motion="opening", when=_when(sent, span)))
    text = sent.norm.text
    if sent.seg.speaker not in ("therapist", "unknown"):
        return out
    if _JAW_CTX.search(sent.text):
        ctx.jaw_idx = sent.idx
    if sent.idx - ctx.jaw_idx > 1:
        return out
    motions = sent.find(_JAW_MOTION)
    earlier = [m for m in _JAW_MOTION.finditer(text, max(0, sent.start - 200), sent.start)]
    prev_unit = False
    for v in sent.find(_MM_VALUE):
        span = (v.start("v"), v.end())
        if sent.is_claimed(*span):
            continue
        # a value in millimetres, or a bare one right after one ("to the right, 9")
        if not v.group("u") and not (prev_unit and re.match(r"\s*(?:[.;,]|$)", text[v.end() : v.end() + 2])):
            prev_unit = False
            continue
        prev_unit = True
        before = [m for m in motions if m.end() <= span[0]] or earlier[-1:]
        if not before:
            continue
        word = before[-1].group("mot")
        motion = ("opening" if word.startswith("open") else "protrusion" if word.startswith("protru")
                  else "lateral excursion")
        side, sspan = _side_for(sent, span[0], ctx)
        sent.claim(*span)
        out.append(_mk(sent, "rom", [span, sspan], value=as_number(float(v.group("v"))), unit="mm",
                       body_part="jaw", motion=motion, side=side if motion == "lateral excursion" else None,
                       when=_when(sent, span)))
    return out


_HELD_IN = re.compile(r"\b(?:in|at)\s+(?:about\s+|approximately\s+|roughly\s+)?$")
_SPLINTED = re.compile(r"\b(?:orthos[ie]s|orthotic|splint(?:ed|ing)?|brace|cast|position(?:ed)?)\b")
_NOT_ROM = re.compile(
    r"\b(outside|weather|temperature|fahrenheit|celsius|oven|thermostat|forecast|fever|degrees out)\b"
)


_TEST_ANGLE = re.compile(r"\b(?:positive|negative)\b[^.;\d]{0,30}\bat\s+(?:about\s+|around\s+)?$")


_ROM_CHANGE = re.compile(r"\b(?:within|is up|was up|went up|is down|went down|gained|lost|improved by|"
                        r"up by|down by|another)\s+$")
_LIMB_AT = re.compile(r"\b(?:arms?|elbows?|knees?|hips?|shoulders?|legs?)(?:\s+(?:out|up|bent|flexed|"
                      r"abducted|straight))?\s+at\s+$")


def _rom(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    motions = sent.abs(sent.lex(lex.motion))
    hits = [m for m in sent.find(_DEG)]
    # (the range measured in the clinician's sentence before goes on: "Flexion is 30. Supination is
    # 75, pronation 80.")
    if motions and (_ROM_CTX.search(sent.text) or sent.idx - ctx.rom_idx <= 1) and not lex.strength.search(
            sent.text):
        # "flexion is 130" without the unit, when the sentence is about range of motion
        for mm in motions:
            m = re.compile(
                # ("Hip internal rotation, right side 30, left 38": the side before the value)
                rf"(?:\s*,?\s*(?:on the |the )?(?:right|left)(?: side)?,?)?"
                rf"\s*(?:is|was|of|to|at|measured|measures|measuring|goes to|went to|reaches|reached|"
                # ("flexion came up to 148 after the scar work")
                rf"comes to|came to|(?:came|comes|went|goes|got|gets|is|was) (?:up|back) to|improved to|"
                # ("extension is full, zero")
                rf"increased to|:)?\s*(?:full,?\s+)?"
                rf"(?:(?:about|around|only|just|roughly|approximately|maybe)\s+)?"
                # ("At the initial eval dorsiflexion was minus five": short of neutral)
                rf"(?:(?P<neg>minus|negative)\s+)?(?P<v>{NUM})"
                # ("hip abduction on the left, two sets of fifteen": a dose, written 2x15)
                # ("Elbow flexion: 4 of 5": a grade said as a share of five)
                r"(?!\s*(?:/|out of|over|of\s*5(?!\d)|%|percent|sets|reps|times|minutes|seconds|feet|pounds|"
                r"x\b|x\s*\d))"
                # ("Right hip abduction is 4 minus": a strength grade, however the visit's ranges went)
                r"(?!\.?\d)(?!\s*(?:minus|plus)\b)(?![+-](?!\d))"
            ).match(text, mm[1])
            if m and not any(h.start("v") == m.start("v") for h in hits) and float(m.group("v")) <= 200:
                hits.append(m)
    if motions and hits:
        # "External rotation at 90 degrees of abduction: right 118, left 105": the values by side
        # after the colon that closes the position
        for cm in re.finditer(_COLON_SIDE_VALUE, text[: sent.end]):
            if cm.start() >= sent.start and not any(x.start("v") == cm.start("v") for x in hits):
                hits.append(cm)
    # the other side's value said without the unit: "135 degrees on the right and 145 on the left"
    was_dated: set[int] = set()  # values said as what the range "was": earlier ones
    for h in list(hits):
        side_next = _SIDE_NEXT_VALUE.match(text, h.end())
        if side_next and side_next.end() <= sent.end and not any(
                x.start("v") == side_next.start("v") for x in hits):
            hits.append(side_next)  # "right side 30, left 38"
        if h.re is _DEG:
            pair = _OTHER_SIDE_VALUE.match(text, h.end())
            if pair and pair.end() <= sent.end and not any(x.start("v") == pair.start("v") for x in hits):
                hits.append(pair)
            earlier = _FROM_BARE_VALUE.match(text, h.end())
            was = _WAS_BARE_VALUE.match(text, h.end())
            if was and (was.group("cue")
                        or _PRIOR_NEAR.search(text, was.end(), min(sent.end, was.end() + 25))
                        # ("Flexion is 40 degrees, it was 25.": the past tense alone, closing the sentence)
                        or re.match(r"\s*(?:[.;!?]|$)", text[was.end() : sent.end])):
                earlier = earlier or was  # "45 degrees, it was 30 at the evaluation"
                if was is earlier:
                    was_dated.add(was.start("v"))
            if (earlier and earlier.end() <= sent.end and float(earlier.group("v")) <= 200
                    and not any(x.start("v") == earlier.start("v") for x in hits)):
                hits.append(earlier)
    hits.sort(key=lambda m: m.start("v"))
    # "142 degrees, up from 95 degrees at your evaluation": the cue dates the 95 alone
    all_spans = [(h.start("v"), h.end()) for h in hits]
    out: list[Measurement] = []
    prev_end = sent.start
    prev_motion: Match | None = None
    asked_side: str | None = None
    position_motions: set[int] = set()
    for m in hits:
        span = (m.start("v"), m.end())
        if sent.is_claimed(*span):
            continue
        before_v = text[max(sent.start, span[0] - 30) : span[0]]
        if _ROM_CHANGE.search(before_v) or _LIMB_AT.search(before_v) or (
                re.search(r"\bat\s+$", before_v) and any(x.start("v") > span[0] for x in hits)):
            # "Flexion is up 24 degrees", "within 10 degrees": a change or a gap, no value; "with the
            # arm out at 90", "Internal rotation at 90 on the right is 48 degrees": the position
            held = re.match(r"\s*(?:degrees?|deg|°)?\s*of\s+", text[m.end() : m.end() + 20])
            if held:
                position_motions.add(m.end() + held.end())  # "at 90 degrees of abduction"
            continue
        # the motion said between the previous value and this one, else "... degrees of flexion", else carry
        between = [mo for mo in motions if prev_end <= mo[0] and mo[1] <= span[0]
                   and mo[0] not in position_motions]
        mot: Match | None = between[-1] if between else None
        if mot is None:
            after = re.match(r"\s*(?:degrees?|deg|°)?\s*(?:of|into|in)\s+", text[m.end() : m.end() + 20])
            if after:
                cand = [mo for mo in motions if mo[0] == m.end() + after.end()]
                mot = cand[0] if cand else None
        if mot is None:
            mot = prev_motion
        if mot is None and not motions and sent.seg.speaker in ("therapist", "unknown"):
            # "Turn your head to the right as far as it goes. 62 degrees.": the motion asked for in
            # the sentence before, in the same turn
            stop = max(0, text.rfind(".", 0, sent.start))
            before = text[text.rfind(".", 0, stop) + 1 : stop]
            asked = [(sent.start, sent.start, x[2]) for x in lexicon_matches(*lex.motion, before)]
            mot = asked[-1] if asked else None
            # ("Rotation to the right is 70 degrees, to the left. 65 degrees.": the side the sentence
            # before ended on, cut from its value by the recogniser)
            ended = re.search(r"\b(?:to|on) the (left|right)\W*$", before) if mot else None
            asked_side = ended.group(1) if ended else None
        prev_end = m.end()
        prev_motion = mot
        body, bspan = _body_for(sent, span[0], ctx)
        if mot and (body is None or (bspan is None and mot[2] in lex.motion_body)):
            body = lex.motion_body.get(mot[2], body)
        if (mot is None and body is None) or _NOT_ROM.search(sent.text):
            continue  # "it was seventy degrees outside": degrees of no joint and no motion
        if _HELD_IN.search(text, max(sent.start, span[0] - 30), span[0]) and _SPLINTED.search(sent.text):
            continue  # "an orthosis with the wrist in about 20 degrees of extension": a position, no range
        if _TEST_ANGLE.search(text, max(sent.start, span[0] - 40), span[0]):
            continue  # "it was positive on the right at 40 degrees": where a test turned positive
        side, sspan = _side_for(sent, span[0], ctx, body, mot[2] if mot else None)
        if asked_side and sspan is None:
            side = asked_side
        ca, cb = sent.clause_bounds(span[0])
        mode_m = re.search(
            r"\b(active|arom|passive|prom|active assisted|aarom)\b", text[sent.start : sent.end]
        )
        mode = None
        if mode_m:
            mode = {"arom": "active", "prom": "passive", "aarom": "active assisted"}.get(
                mode_m.group(1), mode_m.group(1)
            )
        value = float(m.group("v")) * (-1 if m.groupdict().get("neg") else 1)
        sent.claim(*span)
        lacking = bool(re.search(r"\b(lack(?:s|ing)?|short of|shy of)\b", text[ca : span[0]]))
        out.append(
            _mk(
                sent,
                "rom",
                [
                    span if not m.groupdict().get("neg") else (m.start(), m.end()),
                    (mot[0], mot[1]) if mot else None,
                    bspan if bspan and abs(bspan[0] - span[0]) < 60 else None,
                    sspan if sspan and abs(sspan[0] - span[0]) < 60 else None,
                ],
                value=as_number(value),
                unit="deg",
                body_part=body,
                side=side,
                motion=mot[2] if mot else None,
                when="prior" if span[0] in was_dated else _when(sent, span, all_spans),
                mode=mode,
                lacking=True if lacking else None,
            )
        )
    return out


_PAIN_WORDS = re.compile(
    r"\b(pain|painful|hurts?|hurting|sore(?:ness)?|aches?|aching|discomfort|tender(?:ness)?|"
    r"headaches?|pounding|throbbing|burning|stinging|pain scale|"
    # (the 0-10 scale, never a named one: "the Scale for Contraversive Pushing is three")
    r"scale(?!\s+(?:for|of)\s+(?!(?:\d|zero|one|two|three|four|five|six|seven|eight|nine|ten)\b)[a-z]))\b"
)
# What a rating out of ten is of when it is not pain: a topic, or a count of tries or days.
_OTHER_TOPICS = (
    r"exertion|rpe|borg|fatigue|tired(?:ness)?|confidence|confident|anxiety|anxious|effort|nerves|nervous|"
    r"worr(?:y|ied)|stress(?:ed)?|scared|mood|sleep|motivat\w*|"
    r"dyspnea|breath(?:less)?|difficulty|stress|satisfaction|correct|accura\w*"
)
_COUNTED = r"trials?|opportunities|attempts|days|times|sessions|items|words|questions"
_NOT_PAIN = re.compile(rf"\b({_OTHER_TOPICS}|{_COUNTED})\b")
# What a rating in the sentence is of when it is not pain: a topic ("a seven for nerves"), or a count
# said right after its number ("8 out of 10 days"); "it sat around a five most days" is still pain.
_RATED_OTHER = re.compile(rf"\b(?:{_OTHER_TOPICS})\b|\d\s*(?:(?:out of|/)\s*\d+\s*)?(?:{_COUNTED})\b")
_REAL_PAIN = re.compile(
    r"\b(pain|painful|hurts?|hurting|sore(?:ness)?|aches?|aching|discomfort|tender(?:ness)?|headaches?|"
    r"pounding|throbbing)\b"
)
_TEN = re.compile(
    rf"(?<![\d.])(?P<v>{NUM})(?:\s*(?:-|to|or)\s*(?P<v2>{NUM}))?"
    r"\s*(?:/|out of|over|on a scale of)\s*10(?!\.?\d)"
)
_PAIN_LEVEL = re.compile(
    # ("Pain at the end was a two.", "pain after the exercises is a 3": when, between pain and its rating)
    # ("The pain's like a one now.")
    rf"\b(?:pain|it)(?:\s+|(?='s\b))(?:(?:at the end(?: of (?:the |this )?(?:session|visit|treatment))?|"
    rf"afterwards?|after (?:that|treatment|the session|the exercises)|today|now|at rest|this morning|"
    # ("Pain after the manual work is down to four.")
    rf"after (?:the |all the )?[a-z]+(?: [a-z]+)? "
    rf"(?:work|therapy|exercises?|stretch(?:es|ing)?|mobili[sz]ations?))\s+)?"
    rf"(?:level\s+)?(?:is|was|'s|at|of|rated|rating|around|about|as)\s+(?:(?:down|up|back) to\s+)?(?:at\s+)?"
    rf"(?:like\s+)?(?:a\s+|an\s+)?"
    rf"(?:about\s+|around\s+|maybe\s+)?(?P<v>{NUM})(?!\.?\d)(?!\s*(?:degrees|%|percent|minutes|seconds|feet|pounds|"
    rf"times|days|weeks|sets|reps|/|out of|over|years|hours))"
)
_RATING_Q = re.compile(
    r"\b(rate|rating|number|scale|out of 10|0 to 10|on an? \w+ to (?:10|ten)|pain|hurt\w*|sore\w*|bother\w*|"
    r"how(?:'s| is| are| has| have)\b|"
    # ("How bad does it get?")
    r"how (?:did|was|were|do|does|bad)\b|feeling|doing|holding up|treat(?:ing)?|"
    # "Where's the knee now that we're done?", "Where's your pain at?", "Where are you at?"
    r"where(?:'s| is| are) (?:the |your |his |her )?\w+(?: pain)? (?:at|now|right now)\b)"
)
# a request for a rating however it is punctuated: "Give me a number from zero to ten."
_RATING_REQUEST = re.compile(
    r"\b(0 to 10|zero to ten|give me a number|rate (?:it|your|the|that)|on a scale|how bad|what number|"
    # "on a zero to ten" with its first word misheard ("on a nearer to ten")
    r"on an? \w+ to (?:10|ten)|"
    # "Pain right now.", "... any pain today.": a question closing the sentence, its "?" lost
    r"(?<!no )(?:any |your )?pain(?: level)?(?: today| right now| now| at the moment| this morning)"
    r"(?=\W*$))\b"
)
# "it's a four now", "you were at a five last visit": a rating once pain is the topic
_RATED = re.compile(
    rf"\b(?:it'?s|it is|it was|it won|you were at|you'?re at|you are at|i was at|i'?m at|i am at|was at|"
    # "it sat at a seven most days" (heard "it's set at a seven")
    rf"it (?:sat|sits|stays|stayed) at|it(?:'s| is) set at|"
    # (pain rising, "it gets up to a seven", is `_RISES_TO`'s)
    rf"been at|"
    # "I'd call it a five", "Down to a two after."
    rf"i'?d call it|i would call it|(?:^|(?<=[.!?;,] ))\s*down to|"
    # "When we first came in he was a seven on that side."
    rf"(?:he|she|i|you|they) (?:was|were))"
    # ("It's only a two today, though, the pain.")
    rf"\s+(?:only |just |still )?(?:about |around |maybe |probably |more like |like |closer to )?"
    rf"(?:a |an )(?P<v>{NUM})"
    rf"(?!\.?\d|\s*(?:%|percent|degrees|minutes|"
    r"seconds|feet|pounds|times|days|weeks|months|years|hours|sets|reps|/|out of|over))"
)
# a rating pain rises to, the article often left out: "at the end of a long day it hits eight", "In
# the cooler it goes up to four"
_RISES_TO = re.compile(
    rf"\bit (?:hits|hit|reaches|reached|gets|got|goes|went|can get|climbs|climbed|jumps|jumped|creeps|crept|"
    rf"shoots|shot|spikes|spiked)(?: (?:up|back up))?(?: to)?\s+(?:only |just |still )?"
    rf"(?:about |around |maybe |probably |more like |like |closer to )?(?:a |an )?(?P<v>{NUM})"
    r"(?!\.?\d|\s*(?:%|percent|degrees|minutes|seconds|feet|pounds|times|days|weeks|months|years|hours|"
    r"sets|reps|/|out of|over|miles?|laps?))"
)
# "A two on the faces scale": a rating on a pain scale named by its kind
_ON_PAIN_SCALE = re.compile(
    rf"(?<![\d.])(?:a |an )?(?P<v>{NUM}) on (?:the|a|her|his|their) (?:faces?|wong[- ]baker|numeric|"
    rf"pain|flacc|"
    rf"oucher|smiley(?: face)?)(?: pain| rating)? scale\b"
)
# a rating someone gave, passed on while pain is the topic: "Last week you said four", "she told me
# it was a six" (the unit-less number right after the verb; "you said 20 minutes" is no rating)
_SAID_RATING = re.compile(
    rf"\b(?:you|he|she|they|i) (?:said|says|told (?:me|us|them|you|her|him)|rated it|called it)"
    rf"(?: it was| it's)?\s+"
    rf"(?:about |around |maybe |like )?(?:a |an )?(?P<v>{NUM})"
    r"(?!\.?\d|\s*(?:%|percent|degrees|minutes|seconds|feet|pounds|times|days|weeks|months|years|hours|"
    r"sets|reps|/|out of|over|o'clock|am\b|pm\b))"
)
# a rating said again later in the visit: "I'd call it a one now", "it's more like a two now"
_NOW_RATING = re.compile(
    rf"\b(?:i'?d call it|i would call it|call it|it'?s|it is|more like|maybe|about|down to)\s+(?:a |an )"
    rf"(?P<v>{NUM})\s+now\b"
)
# segments between a visit's first rating and one that can be the rating after treatment
_RERATED_AFTER = 4
# what a treatment does to pain, said with the rating that follows it
_RELIEF = re.compile(r"\b(?:feels?|felt|looser|better|easier|eased|relief|after th(?:at|e))\b")
# a client's bare rating: "Six right now.", "It's a two today.", "Last visit I was at a five."
_ANSWER = re.compile(
    # (a sentence's start: the segment's, or after the answer's first sentence, "Better. A two.")
    rf"(?:(?:^|(?<=[.!?;] ))\s*(?:(?:right now|today|currently|now|at the moment|at rest|this morning),?\s+)?"
    rf"(?:a |an )?|"
    # ("He says three.": a caregiver or interpreter passing on the client's rating)
    rf"\b(?:it'?s|it is|it was|it won|i was at|i'?m at|i am at|was at|about|around|maybe|probably|says?|said|"
    rf"like|call it|i'?d call it)\s+(?:a |an )?)(?P<v>{NUM})"
    r"(?!\.?\d|\s*(?:%|percent|degrees|minutes|seconds|feet|pounds|times|days|weeks|"
    r"months|years|hours|sets|reps|kids|people|o'clock|am\b|pm\b|/|out of|over))"
)
# a rating said as a clause of its own inside an answer: "The low back aches a little, a two."
# ("the two" as the recogniser writes it)
_CLAUSE_ANSWER = re.compile(
    rf"[,;:]\s*(?:maybe |about |around |probably |like )?(?:a |an |the )(?P<v>{NUM})(?!\.?\d)"
    # ("pinching hurts, a two maybe")
    rf"(?: maybe| or so| i guess| i think| probably)?\s*(?=[.,;!?]|$)"
)
# an answer that names what it rates: "Right one's a two.", "The knee is about a four."
_NAMED_ANSWER = re.compile(
    rf"(?:'s|\bis|\bare|\bwas)\s+(?:about |around |maybe |probably |more like |like |closer to )?"
    rf"(?:a |an )(?P<v>{NUM})"
    r"(?!\.?\d|\s*(?:%|percent|degrees|minutes|seconds|feet|pounds|times|days|weeks|months|years|hours|"
    r"sets|reps|/|out of|over|inch|step|block|mile|lap))"
)
# a body part "sitting at a four": a rating of the part, pain being what parts are rated on
_PART_AT = re.compile(
    rf"\b(?:is|'s|are|was|has been|been)\s+(?:sitting |staying |holding |hanging |running )?"
    rf"(?:at |around |about )"
    rf"(?:a |an )(?P<v>{NUM})(?!\.?\d|\s*(?:%|percent|degrees|minutes|seconds|feet|pounds|/|out of))"
)
_SCALE_ANSWER = re.compile(
    rf"scale (?:of|from) 0 to 10[,:]?\s+(?:it'?s|it is|i'?d say|i would say|about|maybe|"
    rf"probably|around)?\s*(?:a |an )?(?:about |around )?(?P<v>{NUM})(?!\.?\d)"
)


# words that may follow a rating out of ten; any other word names what was counted
_COUNT_NAMED_AFTER = re.compile(
    r"\s+(?!(?:today|now|tonight|at|with|when|while|during|on|in|after|before|this|that|and|but|or|for|right|"
    r"left|pain|so|which|then|most|usually|yesterday|last|maybe|probably|i|he|she|it|is|was|the|a|to|if|by|"
    r"from|down|up|over|since|because|though|although|sometimes|too)\b|[a-z]+ing\b)[a-z]{3,}")
_NUMBERED_BEFORE = re.compile(r"\b(?:week|day|visit|session|month|grade|page|room|step|phase)\s+$")


def _pain(sent: _Sent, ctx: _Context, discipline: str) -> list[Measurement]:
    text = sent.norm.text
    own_pain = bool(_PAIN_WORDS.search(sent.text))
    recent_pain = own_pain or sent.idx - ctx.pain_idx <= 2
    cands: list[tuple[re.Match[str], bool]] = []
    for m in sent.find(_TEN):
        after = text[m.end() : m.end() + 20]
        if re.match(rf"\s*(?:{TRIALS}|times|correct|days|sessions|reps)", after) or re.search(
                r"\b(?:in|on)\s+$", text[max(sent.start, m.start() - 4) : m.start()]):
            continue  # "legible in 7 out of 10 sentences", "in 8 out of 10, trice": a count, no rating
        counted = _RATIO.match(text, m.start())
        if counted and counted.group("unit") and not _PAIN_WORDS.search(text, m.end(), m.end() + 30):
            continue  # "he got through 8 out of 10 gates": what the count is of follows it
        ctx_text = text[max(sent.start, m.start() - 60) : min(sent.end, m.end() + 40)]
        # ("Most days it's a one out of ten": how often, not a count of days rated)
        ctx_text = re.sub(r"\b(?:most|some|many|other|good|bad|those|these|on)\s+days\b", " ", ctx_text)
        if _NOT_PAIN.search(ctx_text) and not _PAIN_WORDS.search(ctx_text):
            continue
        if discipline == "slp" and not recent_pain:
            continue
        if not own_pain and re.search(r"\b(?:cues?|cueing|cuing|prompts?|prompting)\b", sent.text):
            continue  # "Resonant voice in phrases, 8 out of 10 with minimal cues": trials, no rating
        if not recent_pain and _COUNT_NAMED_AFTER.match(text, m.end()):
            continue  # "Eight out of ten clean grasp and release": what was counted follows, no pain said
        if not own_pain and re.search(rf"(?:out of|/)\s*10\s+(?:[a-z]+\s+)?{TRIALS}", text[: sent.start]):
            continue  # "... in 8 out of 10 trials. Last week it was 5 out of 10.": the count's earlier one
        cands.append((m, True))
    answering = sent.seg.speaker in ("client", "caregiver") and (
        sent.idx - ctx.pain_question_idx == 1 or (sent.idx == ctx.pain_idx and discipline != "slp")
        # the answer's second sentence, nobody else speaking between: "Cranky. It's a five today."
        or (sent.idx - ctx.pain_question_idx == 2 and ctx.clinician_idx == ctx.pain_question_idx)
    )
    # (a measure of another kind taken since the pain was talked about is what a bare value is of:
    # "Nine blocks! Two weeks ago it was four.")
    # ("Like a one." / the family's aside / "When you started with me it was a six most days": the
    # earlier rating said by the clinician a few turns after the rating)
    recalled = (sent.idx - ctx.pain_idx <= 4 and sent.seg.speaker in ("therapist", "unknown")
                and bool(_PRIOR_NEAR.search(sent.text)))
    topical = (discipline != "slp" and (sent.idx - ctx.pain_idx <= 2 or recalled)
               and ctx.measure_idx <= ctx.pain_idx)
    if own_pain or cands or answering or topical:
        rxs: tuple[re.Pattern[str], ...] = (_PAIN_LEVEL, _SCALE_ANSWER, _RATED, _SAID_RATING, _RISES_TO,
                                             _ON_PAIN_SCALE)
        if answering:
            rxs += (_ANSWER, _CLAUSE_ANSWER, _NAMED_ANSWER)
        elif own_pain:
            rxs += (_CLAUSE_ANSWER,)  # "My throat aches right now, maybe a two."
        # "on a scale of one to ten I'm at a seven for nerves": a rating of something else
        other_rating = (bool(_RATED_OTHER.search(sent.norm.text, sent.start, sent.end))
                        and not _REAL_PAIN.search(sent.text) and sent.idx - ctx.said_pain_idx > 1)
        for rx in rxs if not other_rating else ():
            for m in sent.find(rx):
                if float(m.group("v")) <= 10 and not any(
                    c.start("v") <= m.start("v") < c.end() for c, _ in cands
                ):
                    cands.append((m, False))
    if sent.seg.speaker == "client" and discipline != "slp" and ctx.pain_idx >= 0:
        # "That actually feels looser. I'd call it a one now.": pain rated earlier this visit, rated again
        cands.extend((m, False) for m in sent.find(_NOW_RATING) if not any(
            c.start("v") <= m.start("v") < c.end() for c, _ in cands))
    if not cands and sent.seg.speaker == "client" and discipline != "slp" and sent.lex(lexicon().body):
        cands.extend((m, False) for m in sent.find(_PART_AT) if float(m.group("v")) <= 10)
    cands.sort(key=lambda c: c[0].start("v"))
    spans = [(m.start("v"), m.end()) for m, _ in cands]
    out: list[Measurement] = []
    for (m, _scaled), span in zip(cands, spans, strict=True):
        if sent.is_claimed(span[0], m.end("v")):
            continue
        v = float(m.group("v"))
        v2 = m.groupdict().get("v2")
        if v > 10 or (v2 and float(v2) > 10) or re.search(r"\.\d\d", m.group("v")):
            continue  # (a speed of 0.52 m/s is no rating; a rating is halved at finest)
        # ("Pain after the session 2/10": a rating on its scale names no session)
        if _NUMBERED_BEFORE.search(sent.norm.text, max(0, m.start("v") - 12), m.start("v")) and not re.match(
                r"\s*(?:/|out of)\s*10\b", sent.norm.text[m.end("v"):]):
            continue  # "in week 2": a number that names a week or a visit, not a rating
        sent.claim(*span)
        body, _ = _body_for(sent, span[0], ctx)
        pw = _nearest([(p.start(), p.end(), "") for p in sent.find(_PAIN_WORDS)], span[0])
        pspan = (pw[0], pw[1]) if pw and abs(pw[0] - span[0]) < 50 else None
        value = as_number(v)
        extra: dict[str, Any] = {}
        if v2:
            extra["range_high"] = as_number(float(v2))
        ctx.pain_idx = sent.idx
        when = _when(sent, span, spans)
        # "And how's the back now?" / "Better. A two.": rated again with relief, well after this
        # visit's first rating, is the rating after treatment
        again = m.re is _NOW_RATING or (answering and ctx.rated_idx >= 0
                                         and sent.idx - ctx.rated_idx >= _RERATED_AFTER)
        asked_after = (ctx.pain_question_post and sent.seg.speaker in ("client", "caregiver")
                       and 1 <= sent.idx - ctx.pain_question_idx <= 2 and ctx.rated_idx >= 0)
        if when == "current" and (again and _RELIEF.search(sent.seg.best_text.lower()) or asked_after):
            when = "post"
        elif when == "current" and ctx.rated_idx < 0:
            ctx.rated_idx = sent.idx
        out.append(
            _mk(
                sent,
                "pain",
                [span, pspan],
                value=value,
                scale=10,
                unit=None,
                when=when,
                body_part=body,
                **extra,
            )
        )
    return out


_PCT = re.compile(rf"(?<![\d.])(?P<v>{NUM})\s*(?:%|percent\b|per cent\b)")
_RATIO = re.compile(
    rf"(?<![\d.])(?P<n>{NUM})\s*(?:out of|/|of)\s*(?P<m>\d+)(?!\.?\d)"
    r"(?:\s+(?:[a-z]+\s+){0,2}?(?P<unit>elements|trials|opportunities|attempts|items|passages|paragraphs|utterances|turns|"
    r"exchanges|tasks|problems|scenarios|details|facts|steps|names|digits|syllables|cards|requests|chances|"
    r"sips|swallows|bites|buttons|pegs|coins|beads|snaps|fasteners|answers|gates|throws|catches|"
    r"words|targets|questions|sentences|pictures|tries|times|productions|commands|directions|responses|prompts|"
    r"probes|presentations|objects|sounds|phrases|moments|instances|occasions|correct|letters|shapes|ideas|"
    r"appointments|entries|messages|texts|emails|runs|calls|pills|tablets|capsules|grasps?|reaches|"
    r"transfers))?"
)
_TRIALS = re.compile(
    r"\b(?:across|over|in|of|on|for|out of|during|with)\s+(?P<t>\d+)\s+(?:trials|opportunities|attempts|"
    r"items|targets|probes|presentations|productions|questions|words|sentences|responses|tries|pictures|"
    r"objects|cards|stimuli|phrases|prompts|exchanges)\b"
)
_NO_CUES = re.compile(
    r"\b(?:with\s+)?(?:no|without(?:\s+any)?|zero)\s+(?:cues|cueing|cuing|prompts|prompting|"
    r"assistance|help|reminders)\b|\bindependently\b|\bindependent\b"
)


# what a count said on its own is of: its cue level, independence, or what it was without
_COUNT_QUALIFIED = re.compile(
    # ("seven of ten after one model")
    r"\s*,?\s*(?:after (?:one|a|1|2|two) models?\b|with (?:a |one )?models?\b|"
    r"with(?:out)?\s+(?:\w+\s+){0,3}(?:cues?|cueing|cuing|prompts?)\b|"
    r"(?:fully |completely |all )?independent(?:ly)?\b|on (?:his|her|their|your|my) own\b|"
    # ("ten sips: eight of ten clear, with a throat clear on the last two")
    r"(?:clear|clean|safe)\b(?! of\b)|"
    r"(?:without (?:any |a )?|with no )(?:spill\w*|cough\w*|loss|residue|pocketing|errors?|help|"
    r"throat clear\w*|wet voice|signs? of aspiration)\b)"
)


def _percent(value: float) -> float | None:
    """A share of trials or of words understood, or None where no share can be that.

    The recogniser writes "naming was seventy percent" as "naming 170 percent" ("was" heard as
    "one" and run into the number). Reading it back as 70 would be a guess the evidence does not
    show, so a share over 100 % is not reported at all.
    """
    return value if 0 <= value <= 100 else None


def _cue_phrase(sent: _Sent, lo: int, hi: int) -> tuple[str | None, Span | None]:
    lex = lexicon()
    rx = re.compile(
        rf"\b(?:(?P<deg>min(?:imal|imum)?|mod(?:erate)?|max(?:imal|imum)?)\s+)?(?P<t>{lex.cue_types})?"
        r"\s*(?:and\s+(?:\w+\s+)?)?(?:cues?|cueing|cuing|prompts?|prompting)\b"
    )
    text = sent.norm.text
    best: tuple[str | None, Span | None] = (None, None)
    for m in rx.finditer(text, lo, hi):
        if not (m.group("deg") or m.group("t")):
            continue
        pre = text[max(lo, m.start() - 12) : m.start()]
        if re.search(r"\b(no|without|any)\s*$", pre):
            continue
        deg = _canon_degree(m.group("deg"))
        label = " ".join(x for x in (deg, m.group("t")) if x)
        return label, m.span()
    nm = _NO_CUES.search(text, lo, hi)
    if nm:
        return "independent", nm.span()
    return best


def _canon_degree(raw: str | None) -> str | None:
    if not raw:
        return None
    for canon, rx in lexicon().cue_deg.items():
        if rx.fullmatch(raw):
            return canon
    return raw


_SHORT_HEADING = re.compile(r"(?:^|[.!?]\s+)(?:[a-z']+\s+){0,2}[a-z']+:\s*$")
_HEADING_BEFORE = re.compile(r"(?:^|[.!?]\s+)[a-z][^.!?\d]{3,80}[.:]\s*$")


def _accuracy(sent: _Sent, ctx: _Context, discipline: str) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    intel = re.search(r"\bintelligib", sent.text)
    # (a bare "2 of 10" only in speech treatment, where a count of trials is what such a sentence is)
    said_of = "out of|/|of" if discipline == "slp" else "out of|/"
    bare_count = sent.seg.speaker in ("therapist", "unknown") and bool(re.fullmatch(
        rf"\W*(?:(?:so|okay|ok|that's|that is|total|in all)\W+)?{NUM}\s*(?:{said_of})\s*{NUM}\W*",
        text[sent.start : sent.end]))
    acc_words = bool(lex.accuracy.search(sent.text)) or bool(
        # "Find every bell on this page and circle it. ... 21 out of 35.": a count said on its own
        # after its task was set in the clinician's turn
        bare_count
        and (lex.accuracy.search(text, 0, sent.start)
             # ("Past tense in the retell and the sentence tasks. Two of ten.": the task said as a
             # heading just before, in speech treatment)
             or (discipline == "slp" and _HEADING_BEFORE.search(text, 0, sent.start) is not None)))
    targets = sent.abs(sent.lex(lex.slp))
    out: list[Measurement] = []
    cands: list[tuple[Span, float, int | None]] = []
    for m in sent.find(_RATIO):
        n, d = float(m.group("n")), float(m.group("m"))
        if d <= 0 or n > d or d > 200:
            continue
        unit = m.group("unit")
        # the earlier value of a count said just before with its unit ("6 of 10 trials, up from 3 of 10")
        said_before = any(c[2] == int(d) for c in cands) and bool(re.search(
            r"\b(?:from|compared (?:with|to)|versus|vs|against|it was|you had|(?:she|he|they) had)\s+$",
            text[max(sent.start, m.start() - 16) : m.start()]))
        if unit in ("times",) and not acc_words and not (
            # "she said k by itself 4 of 5 times": a sound produced, counted in tries
            discipline == "slp" and re.search(r"\b(?:said|says|produced|imitated|named|repeated|answered)\b",
                                              text[sent.start : m.start()])
        ) and not (
            # "She put the coins in the slot, palm up, 7 out of 10 times": a success counted in tries
            re.search(r"out of|/", m.group(0))
            and not re.search(r"\b(?:pain|cues?|cueing|help|assist\w*|breaks?|rests?|needed|required|lost|"
                              r"missed|dropped|fell|failed|spilled)\b", text[sent.start : sent.end])
        ):
            continue
        # "Making change, he got 8 of 10 right today": a count of answers said right
        right_count = bool(
            re.search(r"\b(?:got|gets|had|has|scored)\s+$", text[max(sent.start, m.start() - 16) : m.start()])
            and re.match(r"\s+(?:right|correct)\b(?!\s+(?:side|hand|arm|leg|foot|knee|shoulder|hip|ankle))",
                         text[m.end() :])
        # "Delayed recall 4 of 5", "Last time you remembered 2 of 5": words recalled, out of any number
        ) or bool(re.search(r"\b(?:recall(?:ed|s)?(?: (?:was|is|of))?|remembered)\s+$",
                            text[max(sent.start, m.start() - 20) : m.start()]))
        # "S came with a visual cue in 3 of 5.": a share of trials with the cue said before it (a
        # muscle grade is never "in" a count)
        in_cued = discipline == "slp" and bool(
            re.search(r"\bin\s+$", text[max(sent.start, m.start() - 4) : m.start()])
            and re.search(r"\b(?:cues?|cueing|cuing|prompts?|prompting|independently)\b",
                          text[sent.start : m.start()]))
        # ("Thin water by single cup sips: 4 of 5 with no cough": what was counted named before the
        # colon, and how the count went after it; a grade out of five is never counted in sips)
        if (not unit and re.search(rf"\b{TRIALS}[^.;:]*:\s*$", text[sent.start : m.start()])
                and _COUNT_QUALIFIED.match(text, m.end())):
            unit = "heading"
        # "Three of five on delayed recall.", "Seven of ten on naming.": the count opens the sentence,
        # and the speech task it counts follows "on" (a grade out of five is never "on" a task)
        on_task = (
            discipline == "slp"
            and re.fullmatch(r"\W*(?:so|then|and)?\W*", text[sent.start : m.start()]) is not None
            and re.match(r"\s+(?:on|for)\s+", text[m.end() :]) is not None
            and lex.slp[0].search(text, m.end(), min(sent.end, m.end() + 40)) is not None
        )
        if m.group(0).find(" of ") >= 0 and not re.search(r"out of", m.group(0)) and not unit:
            # "3 of 10" only with a unit, or as the earlier value of a score said with one
            # ("6 of 10 trials, up from 3 of 10 last week")
            before = text[max(sent.start, m.start() - 16) : m.start()]
            # "15 of 25, 60%": the count said with its own percentage
            restated = re.match(
                rf"\s*,?\s*(?:that's |that is |which is |or |so |at )?{round(100 * n / d)}(?:\.\d+)?\s*%",
                text[m.end() : m.end() + 24])
            if not said_before and not restated and not (
                # "accurate in 9 of 12": the sentence says what the count is of
                # ("you found 14 of 35": the targets found on a cancellation test)
                acc_words and re.search(r"\b(?:in|on|for|got|gets|with|found|circled|crossed out|marked)\s+$",
                                        before)
            ) and not right_count and not (
                # "the s sound in phrases was 15 of 25", "on the attention task she got 21 of 25"
                # ("He followed 4 of 10.": what the client did, counted)
                discipline == "slp" and d != 5
                and re.search(r"\b(?:got|gets|scored|was|were|followed|completed|answered|named|identified|"
                              r"produced|imitated|repeated)\s+(?:at\s+)?$", before)
            ) and not (
                # "She named the pictures in 7 of 10 with moderate cues": a share of trials, in speech
                # treatment, said with the cue level that got it
                discipline == "slp" and d != 5 and re.search(r"\bin\s+$", before)
                and re.search(r"\b(?:cues?|cueing|cuing|prompts?|prompting|independently)\b",
                              text[m.end() : sent.end])
            ) and not in_cued and not (acc_words and bare_count) and not (
                # "Phrases: 18 of 20 with the buzz forward": the count right after the colon that
                # names its task, in speech treatment; "found all 16 on the right and 12 of 16 on the
                # left": a second count of the same total after its verb
                discipline == "slp" and d != 5 and (
                    (_SHORT_HEADING.search(text[sent.start : m.start()]) is not None
                     and re.match(r"\s+(?:with|without|correct|accurate|and no)\b", text[m.end() :]))
                    or re.search(rf"\b(?:found|got|named|said|produced|answered|recalled)\b[^.;]*\b{int(d)}\b"
                                 r"[^.;]*\band\s+$", text[sent.start : m.start()]) is not None)
            ) and not (
                # "Eight of ten, with minimal verbal cues.", "So 8 of 10, fully independent.": the count
                # opens the sentence, its cue level after
                # ("Ten sips from a cup: 8 of 10 without any spill.": after the colon that sets the task)
                discipline == "slp" and d != 5
                and re.fullmatch(r"(?:.*:)?\W*(?:so|that's|that is|which is|then)?\W*",
                                 text[sent.start : m.start()])
                and _COUNT_QUALIFIED.match(text, m.end())
            ) and not (
                # "Two step commands are still hard: 3 of 10.", "One step commands, 10 of 10.", "he
                # matched written words to pictures in 8 of 10.": the count closing the sentence after
                # the colon or comma that names its task, or "in"
                discipline == "slp" and d != 5
                and re.search(r"(?:[:,]|\bin)\s*$", text[sent.start : m.start()])
                and re.fullmatch(r"\W*", text[m.end() : sent.end])
            ) and not (
                # "The Mendelsohn maneuver was harder, 6 of 10, with moderate verbal cues.": the count
                # as a clause of its own, its cue level after
                discipline == "slp" and d != 5
                and re.search(r",\s*$", text[sent.start : m.start()])
                and _COUNT_QUALIFIED.match(text, m.end())
            ) and not on_task and not (
                # "16 of 20 were smooth": the count is the clause's subject, said with its result
                (discipline == "slp" or acc_words) and d != 5
                and re.search(r"(?:^|[.,;:]\s*)$", text[sent.start : m.start()])
                and (re.match(r"\s+(?:were|was)\s+(?:correct|accurate|smooth|fluent|clear|intelligible|"
                              r"successful|right|appropriate|on target|complete|independent)\b",
                              text[m.end() :])
                     # ("17 of 20 understood, with minimal verbal cues", "19 of 20 were voiced")
                     or re.match(r"\s+(?:(?:were|was)\s+)?(?:understood|voiced|produced|recalled|named|"
                                 r"spelled|read|answered|completed|imitated)\b", text[m.end() :]))
            ):
                continue
        if (
            not unit and not said_before and not right_count and not in_cued and not on_task
            and not (acc_words or (discipline == "slp" and d != 5))
            or (d == 10 and not unit and _PAIN_WORDS.search(sent.text))
        ):
            continue
        if sent.is_claimed(m.start("n"), m.end("m")):
            continue
        cands.append(((m.start("n"), m.end()), round(100 * n / d, 1), int(d)))
    if not intel:
        for m in sent.find(_PCT):
            if sent.is_claimed(*m.span()):
                continue
            if not (acc_words or targets or discipline == "slp"):
                continue
            if not (acc_words or targets) and re.search(
                r"\b(?:it|that|this|she|he|they)\s+(?:was|were|had been)\s+"
                r"(?:(?:at|about|around|only|roughly|approximately|maybe|like|just)\s+){0,2}$",
                text[max(sent.start, m.start() - 20) : m.start()],
            ):
                continue  # "it was 80%": an earlier value of the measure just said, carried over to it
            after = text[m.end() : m.end() + 25]
            if re.match(
                r"\s*(?:weight[- ]?bearing|wb|of (?:her|his|their) (?:body ?weight|weight)|effort|"
                r"intelligib)",
                after,
            ):
                continue
            pct = _percent(float(m.group("v")))
            # "17 out of 20, that's 85%": the count's own percentage, said again, is no second value
            said_again = any(abs(c[1] - (pct or -1)) < 0.6 and 0 <= m.start() - c[0][1] <= 30 for c in cands)
            if pct is not None and not said_again:
                cands.append(((m.start("v"), m.end()), pct, None))
    cands.sort()
    spans = [c[0] for c in cands]
    for span, value, trials in cands:
        ca, cb = sent.clause_bounds(span[0])
        if trials is None:
            tm = _TRIALS.search(text, ca, cb) or _TRIALS.search(text, span[1], sent.end)
            tspan = tm.span() if tm else None
            trials = int(tm.group("t")) if tm else None
        else:
            tspan = None
        when = _when(sent, span, spans)
        tgt = _nearest([t for t in targets if t[0] < span[0]], span[0]) or _nearest(targets, span[0])
        target = tgt[2] if tgt else (ctx.target if sent.idx - ctx.target_idx <= 6 else None)
        tgt_span = (tgt[0], tgt[1]) if tgt and abs(tgt[0] - span[0]) < 80 else None
        cue, cspan = (None, None) if when == "prior" else _cue_phrase(sent, ca, cb)
        if cue is None and when != "prior":
            cue, cspan = _cue_phrase(sent, sent.start, sent.end)
        sent.claim(*span)
        out.append(
            _mk(
                sent,
                "accuracy",
                [span, tspan, tgt_span, cspan if cspan and abs(cspan[0] - span[0]) < 80 else None],
                value=as_number(value),
                unit="percent",
                trials=trials,
                target=target,
                cue_level=cue,
                when=when,
                task=target,
            )
        )
    return out


# the speaking situation said first, its percentage last: "In conversation with an unfamiliar
# listener, about 65 percent." (never "He used over articulation in 90 percent of sentences")
_SITUATION_FIRST = re.compile(
    rf"\W*(?:and\s+)?(?:in|with|at|during|on)\b[^.]*?(?<![\d.]){NUM}\s*(?:%|percent)\W*$"
)


def _intelligibility(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    ctxs = sent.abs(sent.lex(lex.intel_ctx))
    # ("I understood 96 percent of his words in conversation": intelligibility said by what it is)
    im = re.search(r"\bintelligib\w*", sent.text) or re.search(
        r"\bunderstood\b(?=[^.!?]{0,40}?\d+(?:\.\d+)?\s*(?:%|percent) of (?:his|her|their|your|the) "
        r"(?:words|speech|utterances|sentences)\b)", sent.norm.text[sent.start : sent.end]) or re.search(
        # ("For conversation today, I understood her about sixty five percent.")
        r"\b(?:i|we|they|listeners?|strangers?|(?:her|his|their) (?:teachers?|parents?|mom|dad|peers))"
        r" (?:understood|understand|could understand) (?:him|her|them|you)\b"
        r"(?=\W+(?:about |around |roughly |maybe |only )?\d+(?:\.\d+)?\s*(?:%|percent\b))",
        sent.norm.text[sent.start : sent.end])
    if im:
        named: Span | None = (sent.start + im.start(), sent.start + im.end())
        ctx.intel_said_idx = sent.idx
    elif (sent.idx - ctx.intel_said_idx <= 1 and sent.seg.speaker in ("therapist", "unknown")
          and not lex.accuracy.search(sent.text) and not sent.lex(lex.slp)
          and re.search(r"\b(?:understood|understand|intelligible|got|guessed|followed)\b|"
                        r"^\W*(?:last|at|on|in|that|it|with|without)\b|"
                        # ("Sentence intelligibility test first. 84 percent today.": the value alone)
                        r"^\W*(?:about |around |roughly )?\d+(?:\.\d+)?\s*(?:%|percent)\W*"
                        r"(?:(?:today|now|this time|overall)\W*)?$", sent.text)):
        # "For intelligibility I asked Kim, who doesn't know her, to guess her words. Kim understood
        # about 45 percent. Last fall that was 30 percent.": the measure named, its values after
        named = None
    elif (ctxs and sent.idx - ctx.intel_idx <= 2 and sent.seg.speaker in ("therapist", "unknown")
          and _SITUATION_FIRST.match(sent.text)):
        # "Sentence intelligibility today is 78%." ... "In conversation with an unfamiliar listener,
        # about 65 percent.": the same measure in another speaking situation
        named = None
    else:
        return []
    out: list[Measurement] = []
    spans = [m.span() for m in sent.find(_PCT)]
    for m in sent.find(_PCT):
        if sent.is_claimed(*m.span()):
            continue
        c = _nearest(ctxs, m.start())
        pct = _percent(float(m.group("v")))
        if pct is None:
            continue
        sent.claim(*m.span())
        out.append(
            _mk(
                sent,
                "intelligibility",
                [named, m.span(), (c[0], c[1]) if c else None],
                value=as_number(pct),
                unit="percent",
                context=c[2] if c else None,
                when=_when(sent, m.span(), spans),
            )
        )
        ctx.intel_idx = sent.idx
    return out


_SETS = [
    re.compile(
        # "on"/"and"/"at" stand in for "of" where the recogniser mishears it ("3 sets on 12").
        r"(?<![\d.])(?P<s>\d+)\s*sets?\s*(?:of|x|times|by|with|on|and|at)?\s*(?P<r>\d+)(?!\.?\d)"
        r"(?!\s*(?:minutes?|min|seconds?|sec|pounds?|lbs?|feet|ft|degrees?|%|percent))(?:\s*(?:reps|repetitions|"
        r"each|times))?"
    ),
    re.compile(
        r"(?<![\d.])(?P<s>\d+)\s*(?:x|by|times)\s*(?P<r>\d+)(?!\.?\d)(?:\s*(?:reps|repetitions|each))?"
    ),
    re.compile(
        r"(?<![\d.])(?P<r>\d+)\s*(?:reps|repetitions|rep)\b"
        # "10 reps in each position, 3 rounds"
        r"(?:(?:\s+(?:in |on |per |for )?each(?:\s+(?!sets?\b|rounds?\b)[a-z]+)?|"
        r"\s+per\s+(?!sets?\b|rounds?\b)[a-z]+)?,?"
        r"\s*(?:x|times|by|for|of)?\s*(?P<s>\d+)\s*(?:sets|rounds)\b)?"
    ),
    re.compile(r"(?<![\d.])(?P<s>\d+)\s*(?:sets|rounds)\b(?!\s*(?:of|x|by|on|and|at)\s*\d)"),
]
_LOAD = re.compile(
    rf"\b(?:(?P<band>red|yellow|green|blue|black|silver|gold|orange|purple|gr[ae]y)\s+(?:thera-?\s?band|band|"
    rf"tubing|resistance band|theraband|loop)|(?P<w>{NUM})\s*(?:-\s*)?(?:pounds?|lbs?\b|lb\b|kg\b|"
    r"kilograms?)(?:\s+(?:ankle\s+|hand\s+|cuff\s+)?(?:weights?|dumbbells?|kettlebells?))?)"
)
_EX_FILLER = re.compile(
    r"^(?:(?:and|then|also|plus|next|first|after that|followed by|including|with|we|she|he|they|"
    r"did|do|does|performed|completed|worked on|continued|started|added|then we|some|the|a|an|"
    r"her|his|of|on|for|we did|we also did|also did|today|today we|included)\b\s*)+"
)
_EX_STOP = re.compile(r"\b(?:with|using|on|at|in|for|holding|while|each)\b.*$")
_TIME_UNIT = (
    r"(?:seconds?|secs?|minutes?|mins?|feet|ft|meters?|steps|laps|yards|pounds?|lbs?|%|percent|degrees)"
)


def _load_label(m: re.Match[str]) -> str:
    if m.group("band"):
        return f"{m.group('band')} band"
    unit = "kg" if re.search(r"\b(?:kg|kilo)", m.group(0)) else "lb"
    return f"{m.group('w')} {unit}"


def _singular(word: str) -> str:
    if word.endswith(("ss", "us", "is")) or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _exercise_name(sent: _Sent, span: Span) -> tuple[str | None, Span | None]:
    text = sent.norm.text
    # after: "3 sets of 10 (reps of) bridges"
    am = re.match(
        r"\s*(?:reps|repetitions)?\s*(?:of\s+)?(?P<ex>[a-z][a-z' -]{2,40}?)(?=$|[.,;:]|\s+(?:and|with|using|"
        r"on|at|in|for|each|then|holding|while|to)\b)",
        text[span[1] : sent.end],
    )
    if am and not re.match(rf"(?:and|with|each|on|at|in|for|then|reps|sets|{_TIME_UNIT})\b", am.group("ex")):
        a = span[1] + am.start("ex")
        return _clean_ex(am.group("ex")), (a, span[1] + am.end("ex"))
    # before: "rows with a red band, 3 sets of 15"
    chunks: list[Span] = []
    pos = sent.start
    for m in re.finditer(
        r"[,:;]\s*|\s+(?:and then|then|and|followed by|plus)\s+", text[sent.start : span[0]]
    ):
        chunks.append((pos, sent.start + m.start()))
        pos = sent.start + m.end()
    chunks.append((pos, span[0]))
    for a, b in reversed(chunks[-2:]):
        raw = text[a:b]
        name = _clean_ex(raw)
        if (
            name
            and not re.search(r"\b(?:therapeutic|exercise for|minutes|therapy|activities)\b", raw)
            and not re.search(r"\d", name)
        ):
            off = raw.find(name.split()[0]) if name.split() else 0
            return name, (a + max(off, 0), b)
    return None, None


def _clean_ex(raw: str) -> str:
    s = raw.strip().strip(",.;:")
    s = _EX_FILLER.sub("", s)
    s = _EX_STOP.sub("", s).strip()
    words = s.split()
    if not words or len(words) > 5:
        words = words[-3:]
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


# An exercise tested by how many can be done, often per side: "Single leg heel raises, 18 on the right
# and 25 on the left", "Single leg heel raises on the right, he did 12 before the heel started sinking"
_COUNTED_EX = re.compile(
    r"\b(?P<ex>(?:single[- ]leg |single[- ]limb |one[- ]leg )?(?:heel|calf|toe) raises?|"
    r"(?:single[- ]leg |one[- ]leg )(?:squats?|bridges?|step[- ]?(?:ups?|downs?)|hops?)|"
    r"push[- ]?ups?|sit[- ]?ups?)\b"
)
_SIDE_COUNT = re.compile(
    r"(?<![\d.])(?P<v>\d+)\s+(?:reps?\s+|repetitions\s+|times\s+)?on the (?P<side>right|left)\b|"
    r"\bon the (?P<side2>right|left),?\s+(?:he|she|they|you)\s+(?:did|got|managed|completed)\s+(?P<v2>\d+)\b"
    r"(?!\s*(?:degrees|%|percent|seconds|secs?|minutes|feet|pounds|lbs?|inches|cm)\b)"
)


_DID_COUNT = re.compile(
    r"\b(?:did|does|completed|performed|managed|got through)\s+(?:(?:a|another)\s+)?(?P<v>\d+)\s+"
    r"(?P<ex>sit[- ]to[- ]stands?|squats?|(?:heel|calf|toe) raises?|bridges?|step[- ]?ups?|push[- ]?ups?|"
    r"sit[- ]?ups?|chin tucks?|lunges?|mini squats?|wall slides?|(?:straight leg|leg) raises?)\b"
)


def _side_counts(sent: _Sent, ctx: _Context) -> list[Measurement]:
    """Repetitions of an exercise counted as done ("did ten sit to stands"), or per side of one named
    in the sentence or the clinician's sentence just before ("And single leg heel raises, as many as
    you can." / "Eleven on the right, twenty five on the left.")."""
    text = sent.norm.text
    out: list[Measurement] = []
    # "She also did ten sit to stands from the small bench": a count of an exercise done
    for m in sent.find(_DID_COUNT):
        if sent.is_claimed(*m.span("v")) or int(m.group("v")) > 100:
            continue
        sent.claim(*m.span("v"))
        out.append(_mk(sent, "reps_sets", [m.span("v"), m.span("ex")], reps=int(m.group("v")),
                       exercise=_clean_ex(m.group("ex")), when=_when(sent, m.span("v"))))
    named = _COUNTED_EX.search(text, sent.start, sent.end)
    if named is not None:
        ctx.counted_ex, ctx.counted_idx = _clean_ex(named.group("ex")), sent.idx
    elif ctx.counted_ex is None or sent.idx - ctx.counted_idx > 1:
        return out
    ex = _clean_ex(named.group("ex")) if named is not None else ctx.counted_ex
    for m in sent.find(_SIDE_COUNT):
        vspan = m.span("v") if m.group("v") else m.span("v2")
        reps = int(text[vspan[0] : vspan[1]])
        if sent.is_claimed(*vspan) or reps > 100 or (named is not None and vspan[0] < named.start()):
            continue
        sent.claim(*vspan)
        out.append(_mk(sent, "reps_sets", [vspan, named.span("ex") if named else None], reps=reps,
                       exercise=ex, side=m.group("side") or m.group("side2"), when=_when(sent, vspan)))
    # ("as many as you can. 11 on the right, 25 on the left": the second count's side said after it)
    if any(m.side for m in out):
        ctx.counted_ex = None
    return out



def _reps_sets(sent: _Sent, ctx: _Context) -> list[Measurement]:
    text = sent.norm.text
    out: list[Measurement] = []
    for rx in _SETS:
        for m in sent.find(rx):
            span = m.span()
            if sent.is_claimed(*span):
                continue
            after = text[span[1] : span[1] + 14]
            gd = m.groupdict()
            reps = gd.get("r")
            hold = None
            if reps and re.match(rf"\s*{_TIME_UNIT}\b", after):
                if rx is _SETS[1] and not gd.get("s"):
                    continue
                hold = reps
                reps = None
            if rx is _SETS[1] and re.match(r"\s*(?:degrees|feet|%|percent|inch|cm)", after):
                continue
            name, nspan = _exercise_name(sent, span)
            lo = nspan[0] if nspan and nspan[0] < span[0] else sent.clause_bounds(span[0])[0]
            lm = _LOAD.search(text, lo, min(sent.end, span[1] + 30))
            load = None
            lspan = None
            if lm:
                load = _load_label(lm)
                lspan = lm.span()
            sent.claim(*span)
            out.append(
                _mk(
                    sent,
                    "reps_sets",
                    [span, nspan, lspan if lspan and nspan and abs(lspan[0] - nspan[1]) < 40 else None],
                    sets=int(gd["s"]) if gd.get("s") else None,
                    reps=int(reps) if reps else None,
                    exercise=name,
                    load=load,
                    hold_s=int(hold) if hold else None,
                    when=_when(sent, span),
                )
            )
    return out


_DIST = re.compile(
    rf"(?<![\d.])(?P<v>{NUM})\s*(?:-\s*)?(?P<u>feet|foot|ft\b|(?:meters?|metres?|m)\b(?!/|\s*per\s+sec)|yards?\b|"
    # short lengths: near point of convergence, a girth, a scar ("six centimeters")
    r"centimet(?:er|re)s?\b|cm\b|inch(?:es)?\b)"
)


def _distance(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    out: list[Measurement] = []
    tasks = sent.abs(sent.lex(lex.tasks))
    devices = sent.abs(sent.lex(lex.devices))
    said = [m.span() for m in sent.find(_DIST)]
    for m in sent.find(_DIST):
        span = m.span()
        if sent.is_claimed(*span):
            continue
        if (float(m.group("v")) <= 2 and re.match(r"f(?:oo|ee)t", m.group("u") or "")
                and re.search(r"\bon\s*$", text[max(sent.start, span[0] - 6) : span[0]])):
            continue  # "stand on one foot", "hop on 2 feet": the limb, not a distance
        mobility = [
            t for t in tasks if t[2] in ("gait", "stairs", "wheelchair propulsion", "community mobility")
        ]
        t = _nearest(mobility, span[0]) or _nearest(tasks, span[0])
        task = t[2] if t else (ctx.task if ctx.task and sent.idx - ctx.task_idx <= 3 else None)
        dev = _nearest(devices, span[0])
        sent.claim(*span)
        out.append(
            _mk(
                sent,
                "distance",
                [span, (t[0], t[1]) if t and abs(t[0] - span[0]) < 60 else None],
                value=as_number(float(m.group("v"))),
                unit=_unit(m.group("u")),
                task=task,
                device=dev[2] if dev else None,
                side=_side_said(sent, span),
                when=_when(sent, span, said),  # "300 feet, double the 150 feet he managed last Tuesday"
            )
        )
    return out


_DUR = re.compile(
    rf"(?<![\d.])(?P<v>{NUM})\s*(?:-\s*)?(?P<u>minutes?\b|mins?\b|seconds?\b|secs?\b|sec\b|s\b(?!')|hours?\b|hrs?\b)"
)
_TREATMENT_TIME = re.compile(
    r"\b(therap\w*|training|exercises?|manual|activities|session|treatment|mobili[sz]\w*|massage|stim\w*|"
    r"we did|we spent|worked on|spent|ultrasound|ionto\w*|traction|heat|ice|pack|paraffin|whirlpool|"
    r"re-?education|evaluation|eval|every|per day|a day|times|ago|later|in about|wait\w*|break|rest|home|"
    r"education|instruction|gait training|self[- ]?care|"
    # ("That whole transfer piece took fourteen minutes": a block of the visit, named by its part)
    r"piece|part|portion|block|chunk|stuff|work|outing)\b"
)
# the timed thing as the subject of "took"/"lasted" (its last few words, function words dropped)
_KEPT_AT = re.compile(
    r"\b(?:she|he|they|the (?:child|client|patient))\s+(?:was able to\s+|could\s+)?"
    r"(?:stayed|remained|sat|stood|sustained|kept)\s+(?:engaged\s+|focused\s+|seated\s+|upright\s+)?"
    r"(?:in\s+|on\s+|at\s+|with\s+)?(?:the\s+|his\s+|her\s+|their\s+|a\s+)?"
    r"(?P<t>[a-z][a-z -]{2,30}?)\s+for\s+(?:about\s+|almost\s+|nearly\s+|over\s+)?\d"
)
# "she read a fourteen point paragraph for ten minutes before needing a break": how long the client
# kept at a task before a rest, the time said with what ended it
_UNTIL_BREAK = re.compile(
    rf"\b(?:she|he|they|the (?:child|client|patient))\s+(?P<t>(?:read|wrote|typed|played|worked|walked|stood|"
    rf"colou?red|drew|cooked|folded|sorted|practiced|drove|cycled|pedaled)\b[a-z0-9' -]{{0,40}}?)\s+for\s+"
    rf"(?:about |almost |nearly |over |just )?{NUM}\s*(?:seconds?|secs?|s|minutes?|mins?)\s+before\s+"
    rf"(?:needing|taking|asking|requesting|(?:she|he|they) (?:needed|took|asked|wanted))\b"
)
_TOOK = re.compile(
    rf"(?P<t>[a-z][a-z' ]{{2,48}}?)\s+(?:that |which )?(?:took|lasted)\s+(?:(?:her|him|them|me|about|around|"
    rf"roughly|nearly|almost|over|under|just) )*{NUM}\s*(?:seconds?|secs?|s|minutes?|mins?)\b"
)
# a task done in a time: "she read a large print paragraph in 90 s", "completed the maze in 2 minutes"
_DONE_IN = re.compile(
    rf"\b(?P<t>(?:read|completed|finished|copied|wrote|sorted|folded|assembled|dressed|solved|"
    rf"named|traced|buttoned|transferred)\b[a-z0-9' ]{{0,40}}?)\s+in\s+(?:about |around |under |just )?"
    rf"{NUM}\s*(?:seconds?|secs?|s|minutes?|mins?)\b"
)
_NOT_A_TASK = re.compile(
    r"\b(drive|ride|trip|commute|bus|train|traffic|wait(?:ing)?|appointment|flight|walk here|parking|"
    r"lunch|dinner|breakfast|meeting|surgery|procedure|visit)\b"
)
_TOOK_STOP = frozenset(
    "a an the that this it which everything all whole thing with and of to for in on at his her their "
    "my your its was is".split()
)
_STRONG_TOLERANCE = re.compile(
    r"\b(tolerance|stance|plank|held|hold|holding|stood|sat|walked|ambulated|"
    r"continuous(?:ly)?|endurance|without (?:a )?(?:rest|break)|"
    r"before (?:\w+ )?need(?:ed|s)? a (?:rest|break)|sustained attention|on (?:the )?(?:\w+ )?task)\b"
)


# ("How long does dinner take?", "Is lunch at home still taking him so long?")
_WEAR = re.compile(
    r"\b(?:wore|wears|wearing|worn)\s+(?:(?P<it>it|them)|(?:the|his|her|their|"
    r"your)\s+(?P<t>[a-z][a-z -]{2,30}?))"
    r"(?:\s+on)?(?:\s+for)?(?:\s+about|\s+around)?(?:\s+(?=\d+(?:\.\d+)?\s*(?:hours?|hrs?|minutes?)\b)|\s*(?=\?|$))"
)
_HOW_LONG = re.compile(
    r"\bhow long\b|\bhow many (?:hours|minutes)\b|\b(?:tak(?:e|es|ing)|last(?:s|"
    r"ing)?)\b[^.?]{0,20}\b(?:so|that|too) long\?")
# what may come before a time said on its own: a try's rank, an earlier-time cue, a hedge
_BARE_TIME_LEAD = re.compile(
    r"(?:\W|\b(?:and|then|so|okay|now|today|this time|that's|that was|it was|it's|about|around|"
    r"roughly|just|over|under|"
    # ("Last week the left was nine seconds.")
    r"(?:the |on the )?(?:left|right)(?: side| leg| foot| hand)?(?: was| is)?|"
    # ("Other side, thirty seconds.")
    r"(?:the |on the )?other (?:side|leg|foot|hand)(?: was| is)?|"
    r"(?:the |your |his |her )?(?:best|longest)(?: one| 1| try| trial| time)?(?: is| was)?|"
    r"(?:first|second|third|last)(?: try| trial| one)?)\b)*"
)


def _bare_time(sent: _Sent) -> bool:
    """Whether the sentence is a time said on its own ("Fourteen seconds.", "Best is 11 seconds.")."""
    first = _DUR.search(sent.norm.text, sent.start, sent.end)
    if first is None:
        return False
    said_before = sent.norm.text[sent.start : first.start()]
    lead = _PRIOR_NEAR.sub(" ", said_before)
    if lead != said_before:
        # ("When you started with me it took 26 seconds": the earlier try's time, dated; an undated
        # "That took eighteen minutes" is the time a service took)
        lead = re.sub(r"\b(?:with (?:me|us)\s+)?(?:it |that )?took\b", " ", lead)
    rest = sent.norm.text[first.end() : sent.end]
    # ("Fourteen seconds on the left, that's the one I'm writing down.": the side, then a remark)
    rest = re.sub(r"^\s*(?:on the |with the )?(?:left|right)(?: side| leg| foot| hand)?(?=\s*(?:[,.;]|$))",
                  "", rest)
    # ("45 seconds, good form the whole way.": a remark on how it went may follow the time)
    # ("that's the one I'm writing down": "one" written as a digit)
    # ("... 26 seconds and you coughed twice.": what happened in the try)
    remark = (rest.lstrip().startswith(",") or re.match(r"\s*and (?:he|she|you|they|i) ", rest) is not None) \
        and len(rest.split()) <= 7 and not re.search(
        r"\d", re.sub(r"\b(?:the|that|this) 1\b", "", rest))
    # ("Fifteen seconds before she squats down.": what ended the try)
    # ("Thirty seconds and I stopped you.": the try ended by the clinician)
    ended = re.match(r"\s*(?:before (?:he|she|they|you|i|it)\b|and (?:i|we) (?:stopped|called|ended)\b)"
                     r"[^,;\d]*$", rest) is not None
    # ("Right side 8 seconds, left side 22 seconds.": each side's time)
    other_side = re.fullmatch(
        rf"\s*,?\s*(?:and\s+)?(?:the\s+)?(?:left|right|other)(?: side| leg| foot| hand)?,?\s+{NUM}\s*"
        r"(?:seconds?|secs?\b|s\b)\W*", rest) is not None
    return bool(_BARE_TIME_LEAD.fullmatch(lead)) and (len(rest.split()) <= 3 or remark or ended or other_side)
_SESSION_WORDS = re.compile(r"\b(?:session|treatment|visit|appointment|therapy|class)\b")
_LONGEST = re.compile(
    rf"(?:\b(?:his|her|their|your|the|my) |^\W*)(?:longest|best) (?P<t>[a-z][a-z ]{{1,30}}?) "
    rf"(?:today |this time |now )?(?:was|is|came to|lasted|at) (?:about |around |just )?"
    rf"(?={NUM}\s*(?:seconds?|secs?\b|s\b|minutes?|mins?\b))"
)


_UP_FROM_BEFORE = re.compile(r"\b(?:up|down|improved|increased|decreased) from\s+(?:about\s+)?$")


def _duration(sent: _Sent, ctx: _Context) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    out: list[Measurement] = []
    dtasks = sent.abs(sent.lex(lex.dur_tasks))
    tol = re.search(r"\b(?P<verb>tolerated|wore|has worn|had worn)\s+(?:the\s+|his\s+|her\s+|their\s+)?"
                    r"(?P<t>[a-z][a-z -]{2,30}?)\s+(?:on\s+)?for\s+\d", sent.text)
    kept = None if tol or dtasks else (_KEPT_AT.search(sent.text) or _UNTIL_BREAK.search(sent.text))
    own_time = False  # the time belongs to the task named, whatever else the clause says
    if kept:
        # "she stayed engaged in towel folding for 12 minutes", "he sat at the table for 15 minutes":
        # how long the client kept at something, the clinician's observation of tolerance
        a = sent.start + kept.start("t")
        dtasks = [(a, sent.start + kept.end("t"), kept.group("t"))]
        tol = kept
    elif tol:
        # "she tolerated toothbrushing for 45 seconds", "he wore the speaking valve for 40 minutes":
        # the time is how long the client kept at that activity or device
        a = sent.start + tol.start()
        kind = "tolerance" if tol.group("verb") == "tolerated" else "wear"
        dtasks = [(a, sent.start + tol.end("t"), f"{tol.group('t')} {kind}")]
    if not tol and not dtasks:
        # "She wears the turnbuckle orthosis two hours each evening", "Wore it six hours yesterday",
        # "How many hours a day is he wearing the hearing aids?": how long a device is worn
        wear = _WEAR.search(sent.text)
        if wear is not None:
            thing = wear.group("t")
            dtasks = [(sent.start + wear.start(), sent.start + wear.end("t" if thing else "it"),
                       f"{thing} wear" if thing else "wear time")]
            tol = wear
    if dtasks and sent.seg.speaker in ("therapist", "unknown") and _HOW_LONG.search(sent.text):
        ctx.how_long, ctx.how_long_idx = dtasks[-1][2], sent.idx
        return []
    if (not dtasks and sent.seg.speaker in ("client", "caregiver") and ctx.how_long and sent.start == 0
            and (sent.idx - ctx.how_long_idx == 1
                 # ("Not long." / the family's "Forty five minutes.": the answer after the client's)
                 or (sent.idx - ctx.how_long_idx == 2 and ctx.clinician_idx == ctx.how_long_idx))):
        # "How long does dinner usually take?" / "Forty five minutes, sometimes more.": the answer's
        # first sentence times the task asked about
        dtasks = [(sent.start, sent.start, ctx.how_long)]
        own_time = True
    clinician = sent.seg.speaker in ("therapist", "unknown")
    if dtasks and clinician:
        ctx.dur_task, ctx.dur_task_idx = dtasks[-1][2], sent.idx
    elif clinician and ctx.dur_task and (
            sent.idx - ctx.dur_task_idx <= 1
            # ("Now the left." / "Ugh, this side is wobbly." / "Fourteen seconds.": the client's remark
            # between the clinician's turns)
            or (sent.idx - ctx.dur_task_idx == 2 and ctx.clinician_idx == ctx.dur_task_idx)
    ) and _bare_time(sent):
        # "Maximum phonation time now, say ah for as long as you can. Fourteen seconds. At the
        # evaluation, eight seconds." / "... then eleven, then ten. Best is eleven seconds.": the times
        # of the task just named, said on their own
        dtasks = [(sent.start, sent.start, ctx.dur_task)]
        ctx.dur_task_idx = sent.idx
        own_time = True
    if not dtasks and sent.seg.speaker in ("therapist", "unknown"):
        # a timed task's name the recogniser garbled: "maximum fascination time", "single legs stand"
        dtasks = _sounds_like(sent, _plain_duration_tasks(), _MISHEARD_TASK_RATIO)
    if not dtasks and sent.seg.speaker in ("therapist", "unknown"):
        # "his longest sustained ah was 12 seconds", "her longest stand was 40 seconds": the best of
        # several timed tries, the task as said
        longest = _LONGEST.search(sent.text)
        if longest and not _SESSION_WORDS.search(longest.group("t")):
            dtasks = [(sent.start + longest.start("t"), sent.start + longest.end("t"), longest.group("t"))]
            own_time = True  # the time is the task's own, whatever words the task's name holds
    if not dtasks and sent.seg.speaker in ("therapist", "unknown"):
        # the clinician timing what the client did; a client's "the drive took 20 minutes" is not
        took = _TOOK.search(sent.text) or _DONE_IN.search(sent.text)
        words = [w for w in took.group("t").split() if w not in _TOOK_STOP] if took else []
        if took and words and not _TREATMENT_TIME.search(took.group("t")) and not _NOT_A_TASK.search(
            took.group("t")
        ):
            # "Reading a large print paragraph took 90 s", "nystagmus that lasted 20 s": the subject
            a = sent.start + took.start("t")
            dtasks = [(a, sent.start + took.end("t"), " ".join(words[-4:]))]
    spans = [m.span() for m in sent.find(_DUR)]
    for m in sent.find(_DUR):
        span = m.span()
        if sent.is_claimed(*span):
            continue
        ca, cb = sent.clause_bounds(span[0])
        clause = text[ca:cb]
        if not dtasks:
            continue
        # "up from 9 s at the start of therapy": words that date a value do not make it treatment time
        undated = _PRIOR_NEAR.sub(" ", clause)
        if (_TREATMENT_TIME.search(undated) and not _STRONG_TOLERANCE.search(undated) and not tol
                and not own_time):
            continue
        t = _nearest([d for d in dtasks if d[0] < span[0]], span[0]) or _nearest(dtasks, span[0])
        assert t is not None
        if abs(t[0] - span[0]) > 80:
            # ("he worked on the bill paying task for 15 minutes before he needed a break, up from 8
            # minutes": the earlier time of the task just timed)
            if not (out and _UP_FROM_BEFORE.search(text, max(sent.start, span[0] - 20), span[0])):
                continue
            t = (t[0], t[1], str(out[-1].task))
        sent.claim(*span)
        out.append(
            _mk(
                sent,
                "duration",
                [span, (t[0], t[1])],
                value=as_number(float(m.group("v"))),
                unit=_unit(m.group("u")),
                task=t[2],
                side=_side_said(sent, span),
                when=_when(sent, span, spans),  # "14 s today, up from 9 s": each its own time
            )
        )
        # the earlier time said without its unit: "22 seconds, up from 14", "12 minutes; it was 4"
        bare = _FROM_BARE_VALUE.match(text, span[1]) or _WAS_BARE_VALUE.match(text, span[1])
        if (bare is not None and bare.end() <= sent.end and not sent.is_claimed(*bare.span("v"))
                and not _DUR.match(text, bare.start("v"))):
            sent.claim(*bare.span("v"))
            out.append(_mk(sent, "duration", [bare.span("v"), (t[0], t[1])],
                           value=as_number(float(bare.group("v"))), unit=_unit(m.group("u")), task=t[2],
                           side=_side_said(sent, span), when="prior"))
    return out


# "22 seconds on the left", "right, 54 inches": the side a timed or measured value was on
# ("Single leg stance on the right was 12 seconds")
_SIDE_LEAD = re.compile(r"\b(left|right)(?:\s+(?:side|leg|foot|hand|arm))?\s*(?:[,:]|\s(?:was|is))?\s*$")


def _side_said(sent: _Sent, span: Span) -> str | None:
    text = sent.norm.text
    after = _SIDE_OF_VALUE.match(text, span[1], sent.end)
    if after:
        return after.group(1)
    before = _SIDE_LEAD.search(text, max(sent.start, span[0] - 16), span[0])
    return before.group(1) if before else None


_DOING_WAS = re.compile(
    r"(?:^|(?<=[.;:,])\s*|\b)(?P<t>(?!(?:during|being|nothing|something|everything|anything|morning|evening|"
    r"according)\b)[a-z]{3,}ing(?: (?:the|a|her|his|their|up|on|off|out|down))?(?: [a-z]+){0,2}?)"
    r"\s+(?:was|is|were|are)\s+(?:still\s+|now\s+|at\s+)?$")


def _assist(sent: _Sent, ctx: _Context, discipline: str) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    levels = sent.abs(sent.lex(lex.assist))
    if not levels:
        return []
    tasks = sent.abs(sent.lex(lex.tasks))
    out: list[Measurement] = []
    for a, b, level in levels:
        if level == "set up" and sent.norm.text.startswith("setup", a):
            level = "setup"  # the clinician's one-word spelling, kept as said
        after = text[b : b + 20]
        if re.match(
            r"\s*(?:living|of (?:cues|cueing)|cues|cueing|verbal|visual|tactile|with (?:her|his) "
            r"(?:home exercise|hep))",
            after,
        ):
            continue
        if level in ("independent", "modified independent") and re.match(r"\s*(?:cues?|cueing)", after):
            continue
        if re.search(r"\b(no|without|not)\s+(?:any\s+)?$", text[max(sent.start, a - 12) : a]):
            continue
        ca, cb = sent.clause_bounds(a)
        after_task = [
            t
            for t in tasks
            if b <= t[0] <= b + 30
            and re.fullmatch(
                r"\s*(?:\w+\s+)?(?:for|with|during|on|to|in|x)?\s*(?:the\s+|her\s+|his\s+)?", text[b : t[0]]
            )
        ]
        in_clause_before = [t for t in tasks if ca <= t[0] and t[1] <= a]
        in_clause_after = [t for t in tasks if b <= t[0] and t[1] <= cb]
        t = (
            after_task[0]
            if after_task
            else in_clause_before[-1]
            if in_clause_before
            else in_clause_after[0]
            if in_clause_after
            else _nearest(tasks, a)
        )
        if t is None:
            # "Pouring was independent", "Zipping the coat is minimal assist": the task named by what
            # the client did, as the clause's subject
            subj = _DOING_WAS.search(text, max(sent.start, ca), a)
            if subj:
                t = (subj.start("t"), subj.end("t"), subj.group("t"))
        if t is None and level in ("independent", "modified independent") and discipline == "slp":
            continue
        task = t[2] if t else (ctx.task if ctx.task and sent.idx - ctx.task_idx <= 3 else None)
        if t is None and task is None and level in ("independent",):
            continue  # "independent" alone is too often not an assistance rating
        out.append(
            _mk(
                sent,
                "assist_level",
                [(a, b), (t[0], t[1]) if t and abs(t[0] - a) < 80 else None],
                level=level,
                task=task,
                value=level,
                when=_when(sent, (a, b), [(x[0], x[1]) for x in levels]),  # "up from minimal assist"
            )
        )
    return out


def _cues(sent: _Sent, ctx: _Context, discipline: str) -> list[Measurement]:
    lex = lexicon()
    text = sent.norm.text
    rx = re.compile(
        rf"\b(?:(?P<deg>min(?:imal|imum)?|mod(?:erate)?|max(?:imal|imum)?)\s+)?"
        rf"(?:(?P<t>{lex.cue_types})\s+(?:(?:and|or|/)\s+(?P<t2>{lex.cue_types})\s+)?)?"
        r"(?:cues?|cueing|cuing|prompts?|prompting|reminders?)\b"
    )
    out: list[Measurement] = []
    targets = sent.abs(sent.lex(lex.slp)) + sent.abs(sent.lex(lex.tasks))
    said = [m.span() for m in sent.find(rx) if m.group("deg") or m.group("t")]
    for m in sent.find(rx):
        if not (m.group("deg") or m.group("t")):
            continue
        if re.search(
            r"\b(no|without|fewer|less|fade|fading|reduce|reducing|decrease)\s+(?:\w+\s+)?$",
            text[max(sent.start, m.start() - 16) : m.start()],
        ):
            continue
        deg = _canon_degree(m.group("deg"))
        ctype = " and ".join(x for x in (m.group("t"), m.group("t2")) if x) or None
        level = " ".join(x for x in (deg, ctype) if x)
        t = _nearest(targets, m.start())
        task = (
            t[2]
            if t
            else (
                ctx.target
                if sent.idx - ctx.target_idx <= 4
                else ctx.task
                if sent.idx - ctx.task_idx <= 3
                else None
            )
        )
        out.append(
            _mk(
                sent, "cue_level", [m.span()], level=level, degree=deg, cue_type=ctype, value=level,
                task=task,
                # "moderate verbal cues today, down from maximal verbal cues at the evaluation"
                when=_when(sent, m.span(), said),
            )
        )
    for m in sent.find(
        re.compile(r"\b(?:with\s+)?(?:no|without(?:\s+any)?)\s+(?:cues|cueing|cuing|prompts|prompting)\b")
    ):
        t = _nearest(targets, m.start())
        task = t[2] if t else (ctx.target if sent.idx - ctx.target_idx <= 4 else None)
        out.append(_mk(sent, "cue_level", [m.span()], level="independent", value="independent", task=task))
    return out


def _devices(sent: _Sent, ctx: _Context) -> list[Measurement]:
    out: list[Measurement] = []
    for a, b, name in sent.abs(sent.lex(lexicon().devices)):
        neg = _negated_before(sent, a)
        out.append(_mk(sent, "device", [(a, b)], value=name, name=sent.norm.orig(a, b).strip(), negated=neg))
    return out


_IDDSI_LEVEL = re.compile(r"\b(?:iddsi\s+)?level\s+(?P<n>[0-7])(?!\.?\d)")
_DIET_CTX = re.compile(
    r"\b(diet|liquids?|solids?|foods?|textures?|consistenc\w+|drinks?|iddsi|meals?|tray|swallow\w*|"
    r"bolus|trials?|thick\w*|puree\w*|sips?|bites?|cup|straw|spoon)\b"
)


def _diet(sent: _Sent, ctx: _Context) -> list[Measurement]:
    # the diet just discussed carries into the next sentence: "At the evaluation he was on level
    # five, minced and moist."
    if not (_DIET_CTX.search(sent.text) or sent.idx - ctx.diet_idx <= 1):
        return []
    lex = lexicon()
    text = sent.norm.text
    pending: list[tuple[Span, dict[str, Any]]] = []
    seen: list[Span] = []
    for a, b, name in sent.abs(sent.lex(lex.iddsi)):
        info = lex.iddsi_info[name]
        # the level number said with this name, right before it ("level 7 regular solids") or right
        # after it ("minced and moist, level 5"), never the next item's ("... and level 0 thin")
        lm = None
        for m in _IDDSI_LEVEL.finditer(text, max(sent.start, a - 16), min(sent.end, b + 16)):
            gap = a - m.end() if m.end() <= a else m.start() - b
            if 0 <= gap <= 3 and (lm is None or m.end() <= a):
                lm = (m.start(), m.end(), int(m.group("n")))
                if m.end() <= a:
                    break
        span = (min(a, lm[0]) if lm else a, max(b, lm[1]) if lm else b)
        seen.append(span)
        kind = info["kind"]
        label = name + (" liquids" if kind == "liquid" and "liquid" not in name else "")
        pending.append((span, dict(
            level=label,
            value=lm[2] if lm else None,
            iddsi_level=info["level"],
            kind=kind,
            negated=_negated_before(sent, a),
            name=sent.norm.orig(*span).strip(),
        )))
    for m in sent.find(
        re.compile(
            r"\b(?:iddsi\s+)?level\s+(?P<n>[0-7])(?!\.?\d)\s*(?P<k>liquids?|drinks?|solids?|"
            r"foods?|diet|texture)?"
        )
    ):
        if any(s[0] <= m.start() < s[1] or s[0] < m.end() <= s[1] for s in seen):
            continue
        if not (m.group("k") or re.search(r"\b(iddsi|diet|liquids?|solids?)\b", sent.text)):
            continue
        n = int(m.group("n"))
        kind = "liquid" if m.group("k") and m.group("k").startswith(("liquid", "drink")) else "food"
        names = [
            k for k, v in lex.iddsi_info.items() if v["level"] == n and (v["kind"] == kind or n in (3, 4))
        ]
        label = names[0] if names else f"level {n}"
        pending.append((m.span(), dict(
            level=label, value=n, iddsi_level=n, kind=kind, negated=_negated_before(sent, m.start())
        )))
    # dated together, so "level 2, down from moderately thick at the last visit" dates only the second
    spans = [span for span, _ in pending]
    if pending:
        ctx.diet_idx = sent.idx
    return [_mk(sent, "diet_level", [span], when=_when(sent, span, spans), **kw) for span, kw in pending]


# --------------------------------------------------------------------------- driver


def _sentences(seg: Segment, idx: int) -> list[_Sent]:
    norm = norm_view(seg.best_text)
    out: list[_Sent] = []
    pos = 0
    text = norm.text
    for m in _SENT_SPLIT.finditer(text):
        if m.start() > pos:
            out.append(_Sent(seg, idx, norm, pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append(_Sent(seg, idx, norm, pos, len(text)))
    return out


# "Twenty degrees of extension. If I help it up gently, it goes to 60.": the same motion moved by
# the clinician, right after the client's own, in the same turn
_HELPED_TO = re.compile(
    rf"\b(?:if|when|with)\s+(?:i|me)\s+(?:help|assist|move|push|lift|take|bring)\w*\b[^.;]{{0,40}}?"
    rf"\b(?:it|that|you|she|he|they)(?:'s|\s+is|\s+goes|\s+gets|\s+went|\s+got|\s+comes|\s+came)"
    rf"(?:\s+(?:up|all the way|right))?(?:\s+to)?\s+(?P<v>{NUM})(?!\.?\d|\s*(?:%|percent|pounds?|seconds?|"
    rf"minutes?|feet|reps|times))")


def _moved_further(sent: _Sent, last: Measurement) -> list[Measurement]:
    m = _HELPED_TO.search(sent.norm.text, sent.start, sent.end)
    if m is None or sent.is_claimed(*m.span("v")) or float(m.group("v")) > 180:
        return []
    sent.claim(*m.span("v"))
    return [Measurement(type="rom", evidence=[sent.evidence(m.span("v"))],
                        value=as_number(float(m.group("v"))), unit="deg", body_part=last.body_part,
                        side=last.side, motion=last.motion, when="current", extra={"mode": "passive"})]


_CARRY_TYPES = (
    "outcome_score", "grip_strength", "pinch_strength", "rom", "duration", "distance", "pain", "accuracy",
    "intelligibility",
)
_UNIT_WORDS = (
    r"(?P<u>%|percent|seconds?|secs?|s\b|feet|foot|ft|millimeters?|mm\b|meters?|metres?|pounds?|lbs?|kilograms?|kg|"
    r"degrees?|°|minutes?)"
)
_CARRY_VALUE = re.compile(
    # ("in week 2": the number names a week, it is no value)
    rf"(?<![\d.])(?<!week )(?<!day )(?<!visit )(?<!session )(?<!month )(?<!phase )(?<!step )"
    rf"(?P<v>{NUM})(?!\.?\d|\s*(?:days?|weeks?|months?|years?|visits?|sessions?|times?)\b)"
    rf"\s*(?:{_UNIT_WORDS}|(?P<of>/|out of|of|on|and)\s*(?P<scale>\d+))?"
)


_NAMED_KIND = re.compile(r"\b(grip|pinch)\b")
# what may follow a bare earlier value: the clause ends, or a word that starts the next one
_BARE_END = re.compile(r"\s*(?:[.,;:!?]|$|(?:and|but|so|then|when|at|on|last|before|that|which|in|with|"
                       r"after|points?|pretty|most|mostly|all|usually|every|constantly|nearly|almost)\b|"
                       # ("At the evaluation she was at 82 of flexion.")
                       r"(?:degrees )?of (?:flexion|extension|abduction|adduction|rotation|dorsiflexion|"
                       r"plantarflexion|pronation|supination|motion)\b)")


def _carried_prior(
    sent: _Sent, last: Measurement, same_turn: bool, sides: frozenset[str | None] = frozenset()
) -> list[Measurement]:
    """A bare earlier value said right after a measurement: "At the evaluation it was fifteen pounds.".

    Within the measurement's own turn an earlier-value cue or "from" is enough; in the next turns
    ("Last week you told me six.") only an explicit earlier-time cue carries the measure over.
    """
    if last.type not in _CARRY_TYPES:
        return []
    # "...with the right hand was 18 blocks; the left hand moved 52": the same measure, other side
    other_side = same_turn and bool(re.match(_OTHER_SIDE_LEAD, sent.text))
    explicit = bool(_PRIOR_NEAR.search(sent.text))
    prior = explicit or bool(same_turn and re.search(r"\bfrom\b", sent.text))
    if not (prior or other_side):
        return []
    if prior and last.type in _SIDED_TYPES:
        # "Before surgery those were 70 on the right and 65 on the left.": the earlier values by side
        pair = _PRIOR_PAIR.search(sent.norm.text, sent.start, sent.end)
        if pair and pair.group("s1") != pair.group("s2") and not sent.is_claimed(pair.start(), pair.end()):
            sent.claim(pair.start(), pair.end())
            kept = {k: v for k, v in last.extra.items() if k in ("instrument", "instrument_code", "scale",
                                                                "mode", "pinch")}
            return [Measurement(type=last.type, evidence=[sent.evidence(pair.span(f"v{k}"))],
                                value=as_number(float(pair.group(f"v{k}"))), unit=last.unit,
                                body_part=last.body_part, side=pair.group(f"s{k}"), motion=last.motion,
                                task=last.task, when="prior", extra=dict(kept))
                    for k in (1, 2)]
    for m in sent.find(_CARRY_VALUE):
        raw = m.group("u") or ""
        unit = "deg" if raw.startswith(("deg", "°")) else (_unit(raw) if raw else None)
        value = float(m.group("v"))
        scale = int(m.group("scale")) if m.group("scale") else None
        if m.group("v") == "1" and not raw and scale is None and _ONE_PRONOUN.search(
                sent.norm.text, max(0, m.start() - 12), m.start()):
            continue  # "I'd never seen one before": "one" the pronoun, written as a digit
        extra: dict[str, Any] = {}
        if last.type == "accuracy" and scale is not None and unit is None:
            # "12 and 20": "of" misheard, trusted only for the count of trials just reported
            misheard_of = m.group("of") in ("on", "and")
            if not 0 < value <= scale or (misheard_of and last.extra.get("trials") != scale):
                continue
            value, unit, extra = round(100 * value / scale, 1), "percent", {"trials": scale}
        same = (
            (unit is not None and unit == last.unit)
            or (last.type == "duration" and unit in ("s", "min") and last.unit in ("s", "min"))
            or (unit is None and scale is not None and str(last.extra.get("scale")) == str(scale))
            or (unit is None and scale is None and last.type == "outcome_score"
                and last.unit in (None, "reps"))
            or (unit is None and last.type == "pain" and scale in (None, 10) and value <= 10)
            or (unit is None and scale is None and other_side and not prior and last.type == "outcome_score")
            # "At the evaluation it was 14.2." / "It was fourteen at the evaluation.": a bare value
            # dated by an earlier-time cue, said right after a measure, is that measure's
            or (unit is None and scale is None and explicit
                and last.type in ("rom", "outcome_score", "duration", "distance", "grip_strength",
                                  "pinch_strength"))
            or (
                unit is None
                and scale is None
                and last.type in ("grip_strength", "pinch_strength")
                and re.search(r"\b(grip|pinch)", sent.text) is not None
            )
        )
        if not same or sent.is_claimed(*m.span()):
            continue
        top = last.extra.get("scale")
        if isinstance(top, (int, float)) and value > top:
            continue  # "it was 4030": a misheard value the measure's scale cannot hold
        if last.type == "rom" and re.search(r"\b(?:minus|negative)\s+$",
                                            sent.norm.text[max(0, m.start() - 10):m.start()]):
            value = -value  # "At the evaluation it was minus five.": short of neutral
        if unit is None and scale is None and not _BARE_END.match(sent.norm.text, m.end(), sent.end):
            # "Last week I walked 6 blocks": a count of something else, not the measure; but "16
            # blocks" after Box and Blocks counts what the test counts
            instrument = str(last.extra.get("instrument") or "")
            if not _counts_its_own(sent.norm.text, m.end(), sent.end, instrument):
                continue
        extra.update(
            {k: v for k, v in last.extra.items() if k in ("instrument", "instrument_code", "scale", "mode",
                                                         "pinch", "target", "context")}
        )
        # the side the sentence names ("the left was 50"), else the measure's own side when the
        # values just given had one side only ("24 on the right and 96 on the left": unknown)
        said = {_side_canon(x.group(1)) for x in sent.find(_SIDE)}
        side = said.pop() if len(said) == 1 else last.side if len(sides) <= 1 else None
        return [
            Measurement(
                type=last.type,
                evidence=[sent.evidence(m.span())],
                value=as_number(value),
                unit=unit if last.type == "duration" else last.unit,
                body_part=last.body_part,
                side=side,
                motion=last.motion,
                task=last.task,
                when="prior" if prior else "current",
                extra=extra,
            )
        ]
    return []


_SIDED_TYPES = ("rom", "grip_strength", "pinch_strength", "duration", "distance")
_PRIOR_PAIR = re.compile(
    rf"(?<![\d.])(?P<v1>{NUM})(?:\s*(?:degrees?|°|pounds?|lbs?))?\s+(?:on|for) the (?P<s1>right|left)"
    rf"(?: side)?,?\s+"
    rf"(?:and\s+)?(?P<v2>{NUM})(?:\s*(?:degrees?|°|pounds?|lbs?))?\s+(?:on|for) the (?P<s2>right|left)\b")
# the unit words (as heard, cut short) each sided measure's other-side value may carry
_SIDE_UNITS: dict[str, tuple[str, ...]] = {
    "rom": ("°", "deg"), "grip_strength": ("pound", "lb"), "pinch_strength": ("pound", "lb"),
    "duration": ("sec", "s"), "distance": ("inch", "in", "feet", "ft", "cent", "cm"),
}
_LIMB = r"(?:side|hand|arm|leg|thumb|knee|ankle|foot|hip|shoulder|elbow|wrist|finger|index)"
_SAME_UNIT = (r"(?:\s*(?:°|degrees?|pounds?|lbs?\b|seconds?|secs?\b|s\b|inches|in\b|feet|ft\b|"
              r"centimeters|cm\b))?")
_CLAUSE_START = r"(?:^|(?<=[.,;:!?])|(?<=[.,;:!?]\s)|(?<=\band\s))\s*"  # _SENTENCE_START, or a comma/"and"
# "Left is 70.", "Left, 19.", "The right thumb is 60.": the other side first, then its bare value
_SIDE_THEN_VALUE = re.compile(
    rf"{_CLAUSE_START}(?:the |her |his |your |their |on the |to the )?(?P<side>left|right)(?:\s+{_LIMB})?"
    # ("left nineteen": the recogniser's clause with its comma lost)
    # ("... on the right was 12 seconds, on the left 30. Then the foam pad")
    rf"(?:,|\s+(?:is|was|at|measures|measured|came in at)|'s|(?=\s+\d[\d.]*\s*(?:[.;!?]|$)))\s+"
    rf"(?:still\s+|now\s+|only\s+)?(?:at\s+|about\s+)?"
    # ("Your left side is 18 for comparison.")
    rf"(?P<v>(?<![\d.]){NUM}){_SAME_UNIT}(?=\s*(?:[.,;!?]|$|and\b|but\b|now\b|today\b|with\b|"
    rf"(?:for|by) (?:comparison|reference)\b))"
)
# "Seventy five to the left.", "eighty five on the left": the bare value, then the other side
_VALUE_THEN_SIDE = re.compile(
    rf"{_CLAUSE_START}(?:and\s+)?(?P<v>(?<![\d.]){NUM}){_SAME_UNIT}\s+(?:on|to|for|with) the "
    rf"(?P<side>left|right)(?:\s+{_LIMB})?(?=\s*(?:[.,;!?]|$|and\b|but\b))"
)


def _other_side(sent: _Sent, base: Measurement) -> list[Measurement]:
    """The same measure's value for the other side, said bare after it: "Cervical rotation to the
    right is 70 degrees. 75 to the left.", "Grip, 22 pounds on the right. Left, 19."

    Only a value with nothing but a side beside it (or the measure's own unit), where a clause
    starts, so a count or another measure's value is never read as the other side.
    """
    if base.side not in ("left", "right") or not isinstance(base.value, (int, float)):
        return []
    other = "left" if base.side == "right" else "right"
    for rx in (_SIDE_THEN_VALUE, _VALUE_THEN_SIDE):
        for m in sent.find(rx):
            if m.group("side") != other or sent.is_claimed(*m.span("v")):
                continue
            unit = re.match(r"\s*(°|deg|pound|lb|sec|s\b|inch|in\b|feet|ft|cent|cm)",
                            sent.norm.text[m.end("v") : m.end()])
            if unit and unit.group(1) not in _SIDE_UNITS.get(base.type, ()):
                continue  # "30 on the right" is the same measure; "30 pounds on the right" is not
            value = float(m.group("v"))
            if base.type == "rom" and value > 360:
                continue
            sent.claim(*m.span("v"))
            extra = {k: v for k, v in base.extra.items() if k in ("pinch", "mode", "scale")}
            return [Measurement(type=base.type, evidence=[sent.evidence(m.span())], value=as_number(value),
                                unit=base.unit, body_part=base.body_part, side=other, motion=base.motion,
                                task=base.task, when="current", extra=extra)]
    return []


def _update_context(sent: _Sent, ctx: _Context) -> None:
    lex = lexicon()
    parts = sent.lex(lex.body)
    if parts:
        ctx.body_part, ctx.body_idx = parts[-1][2], sent.idx
    sides = {_side_canon(m.group(1)) for m in sent.find(_SIDE)}
    if len(sides) == 1 and (parts or sent.lex(lex.motion) or lex.strength.search(sent.text)):
        ctx.side, ctx.side_idx = sides.pop(), sent.idx
    tasks = sent.lex(lex.tasks)
    if tasks:
        ctx.task, ctx.task_idx = tasks[-1][2], sent.idx
    targets = sent.lex(lex.slp)
    if targets:
        ctx.target, ctx.target_idx = targets[-1][2], sent.idx
    if _PAIN_WORDS.search(sent.text):  # (its "scale" is the 0-10 one, not a named scale)
        ctx.pain_idx = sent.idx
    if _REAL_PAIN.search(sent.text):
        ctx.said_pain_idx = sent.idx
    asked = ("?" in sent.text or _RATING_REQUEST.search(sent.text)  # the recogniser often drops the "?"
             # "Ask him how the pain is now.": a question put through an interpreter
             or re.search(r"\bask (?:him|her|them)\b", sent.text))
    if sent.seg.speaker in ("therapist", "unknown") and asked and _RATING_Q.search(sent.text):
        ctx.pain_question_idx = sent.idx
        # "How is the pain now, after all of that?": the answer is the rating after treatment
        ctx.pain_question_post = bool(_POST_NEAR.search(sent.text))
    if sent.seg.speaker in ("therapist", "unknown"):
        ctx.clinician_idx = sent.idx


# what a clinician tests and reads out: a bare value said after one of these is that test's, not pain
_TESTED_TYPES = frozenset({"outcome_score", "rom", "grip_strength", "pinch_strength", "accuracy",
                           "intelligibility"})


def extract_measurements(segments: list[Segment], discipline: str) -> list[Measurement]:
    """Every measurement said in the session, in order, each quoting its evidence.

    Measurements of findings the speaker negates ("no walker today") come back with negated=True.
    """
    discipline = discipline.lower()
    ctx = _Context()
    out: list[Measurement] = []
    last: tuple[int, Measurement] | None = None
    recent: dict[str, tuple[int, Measurement]] = {}
    retracting = False  # the sentence before was only "No, sorry," / "Actually, let me reread that."
    redo_left = 0  # sentences with no value that may still come between a "Hang on, ..." and the value
    prev_key: tuple[int, int] | None = None  # the sentence before this one
    last_key: tuple[int, int] | None = None  # the sentence `last` was said in
    dated_open, dated_idx = False, -99  # the sentence before was only an earlier time, left open
    dated_told = False  # the family's sentence before opened on an earlier time and gave no value
    for idx, seg in enumerate(segments):
        for sent in _sentences(seg, idx):
            if not re.search(r"\w", sent.text):
                continue
            key, before_key, prev_key = (idx, sent.start), prev_key, (idx, sent.start)
            lead = RETRACT_LEAD.match(sent.text)
            # (a "Hang on" only after the value it stops, in the sentence just before: "Now to the
            # left. 44. Hang on, ..." stops the 44, never the right side's value before it)
            redo = _REDO_LEAD.match(sent.text) and last_key is not None and last_key == before_key
            if (lead or redo) and not re.search(r"\d", sent.text):
                # ("138. Hang on, you hiked the shoulder up to get there. Slowly this time. 142
                # degrees.": the reason, and what to do again, before the value said instead)
                retracting, redo_left = True, 2
                continue
            if retracting and lead is None and not re.search(r"\d", sent.text) and redo_left > 0:
                redo_left -= 1
                keep_retracting = True
            else:
                keep_retracting = False
            # ("Forearm supination is 45 degrees." / "Squeeze this handle. Seventeen. Hang on, that one
            # doesn't count.": a number said since in this turn is the try thrown out)
            said_since = bool(last is not None and last[0] != idx
                              and re.search(r"\d", sent.norm.text[: sent.start]))
            voided = _VOIDED.search(sent.norm.text, sent.start, sent.end)
            if voided is not None and last is not None and last_key != key and re.search(
                    r"\d", sent.norm.text[sent.start : voided.start()]):
                # "Fourteen, no, you grabbed the bar, that one doesn't count.": the try thrown out is
                # the one said in this sentence, never a measure from the turn before
                said_since = True
            if voided is not None and last is not None and idx - last[0] <= 1 and not said_since \
                    and any(m is last[1] for m in out):
                # "Eleven seconds. Wait, your toe touched down, so that one doesn't count.": the try
                # is thrown out, and the one it is done again with follows as a value of its own
                out[:] = [m for m in out if m is not last[1]]
                last = None
            fixed = None
            if last is not None and idx - last[0] <= 2 and (lead or retracting):
                fixed = _retracted(sent, last[1], lead.end() if lead else 0)
            if (fixed is None and last is not None and last_key == before_key
                    and (lead or _REDO_LEAD.match(sent.text))):
                # "13 of 15 details. Wait, he called the dog Rusty and it was Dusty, so that's 12 of
                # 15.": the reason, then the value said instead, in one sentence
                so = _SO_THATS.search(sent.norm.text, sent.start, sent.end)
                if so is not None:
                    fixed = _retracted(sent, last[1], so.end() - sent.start)
            if fixed is not None:
                assert last is not None
                out[next(k for k, m in enumerate(out) if m is last[1])] = fixed
                last, last_key = (idx, fixed), key
            # "Wait, no, one was upside down.": a reason with a number in it leaves the correction to
            # the next sentence
            retracting = (bool(lead) and fixed is None) or keep_retracting
            # sentence-local context first so "flexion on the left is 130" sees its own joint
            found: list[Measurement] = []
            found += _outcomes(sent, ctx)
            found += _special_tests(sent, ctx, discipline)
            found += _pass_fail_tests(sent)
            found += _mmt(sent, ctx)
            found += _grip_pinch(sent, ctx)
            found += _intelligibility(sent, ctx)
            found += _jaw_opening(sent, ctx)
            found += _rom(sent, ctx)
            found += _pain(sent, ctx, discipline)
            found += _accuracy(sent, ctx, discipline)
            found += _side_counts(sent, ctx)
            found += _reps_sets(sent, ctx)
            found += _distance(sent, ctx)
            found += _duration(sent, ctx)
            found += _assist(sent, ctx, discipline)
            found += _cues(sent, ctx, discipline)
            found += _devices(sent, ctx)
            found += _diet(sent, ctx)
            found = [m for m in found if not m.extra.pop("_planned", False)]
            if (dated_open and idx - dated_idx <= 1 and not _NOW.search(sent.text)) or (
                    dated_told and idx == dated_idx and len(sent.text.split()) <= 5
                    and not _NOW.search(sent.text)):
                # "Back when we started," / "it sat at a seven": the earlier time, cut off by a pause,
                # dates the value that completes its sentence; "In the hospital I only made it to the
                # door and back. Maybe 20 feet.": a value said on its own after a dated account
                for m in found:
                    if m.when == "current" and isinstance(m.value, (int, float)):
                        m.when = "prior"
            dated_open = bool(
                _PRIOR_NEAR.search(sent.text) and re.search(r",\s*$", sent.text)
                and not re.search(r"\d", sent.text)
            )
            fronted = _PRIOR_NEAR.search(sent.text)
            dated_told = bool(fronted and fronted.start() <= 3 and not re.search(r"\d", sent.text)
                              and sent.seg.speaker in ("client", "caregiver"))
            dated_idx = idx
            sided = [m for m in found if m.type in _SIDED_TYPES]
            if sided:
                # "90 degrees on the right, 85 on the left": the other side in the same sentence
                found += _other_side(sent, sided[-1])
            elif (last is not None and idx - last[0] <= 1 and last[1].type in _SIDED_TYPES
                  and not any(isinstance(m.value, (int, float)) for m in found)
                  and sent.seg.speaker in ("therapist", "unknown")
                  # ("At the evaluation those were 80 on the right and 95 on the left.": earlier values)
                  and not (_PRIOR_NEAR.search(sent.text) and _PRIOR_PAIR.search(sent.norm.text, sent.start,
                                                                                  sent.end))):
                found += _other_side(sent, last[1])  # "Left, 19." after the right grip
            # the measure a bare earlier value belongs to: the last one, or the last one of the kind
            # the sentence names ("they tested my grip ... it was 16" after a pinch)
            named = _NAMED_KIND.search(sent.text)
            prev = recent.get(f"{named.group(1)}_strength") if named else last
            # a sentence with a numeric measure of its own ("they had him on level four") holds no
            # bare earlier value of the last one
            numeric = any(m.type in _CARRY_TYPES or isinstance(m.value, (int, float)) for m in found)
            if last is not None and last[0] == idx and last[1].type == "rom" and not numeric:
                moved = _moved_further(sent, last[1])
                found += moved
                numeric = bool(moved)
            if prev is not None and idx - prev[0] <= 2 and not numeric:
                seg_id = prev[1].evidence[0].segment
                kin = [m for m in out if m.type == prev[1].type and m.evidence[0].segment == seg_id]
                found += _carried_prior(
                    sent, prev[1], same_turn=_one_turn(segments, prev[0], idx),
                    sides=frozenset(m.side for m in kin),
                )
            out.extend(found)
            carried = [m for m in found if m.type in _CARRY_TYPES]
            if carried:
                last, last_key = (idx, carried[-1]), key
                for m in carried:
                    recent[m.type] = (idx, m)
                # "She got 9 of 10, no, I'm taking one back, ... So 8 of 10.": a value taken back after
                # it, its correction left to a later sentence
                back = _TAKEN_BACK.search(sent.norm.text, sent.start, sent.end)
                if back and back.start() > max((b for _, b in sent.claimed), default=sent.start):
                    retracting = True
            _update_context(sent, ctx)
            if any(m.type == "rom" for m in found) and sent.seg.speaker in ("therapist", "unknown"):
                ctx.rom_idx = idx
            if sent.seg.speaker in ("therapist", "unknown") and any(
                    m.type in _TESTED_TYPES and isinstance(m.value, (int, float)) for m in found):
                ctx.measure_idx = idx
            measured_sides = {m.side for m in found if m.side in ("left", "right")}
            if len(measured_sides) == 1 and sent.seg.speaker in ("therapist", "unknown"):
                # "Key pinch on the left is 9. Froment's sign is positive on the left. First dorsal
                # interosseous 3+/5": the side the clinician is measuring goes on to the next measure
                ctx.side, ctx.side_idx = measured_sides.pop(), idx
    return _dedupe(out)


# A sentence that takes back the value said just before ("No, sorry, 11.4 seconds.", "Actually, let
# me reread that: 28 seconds."), when the pause split the correction from the value: within a sentence
# the number view reads the correction (numbers._RETRACTED).


_SO_THATS = re.compile(r",\s*so\s+(?:that's|that is|it's|it is|that makes it|make it|call it)\s+(?=\d)")
_REDO_LEAD = re.compile(r"\W*(?:hang on|hold on|wait)\b[,.!]?\s+\w")
_TAKEN_BACK = re.compile(rf"\b(?:{RETRACT_PHRASE})\b")
_VOIDED = re.compile(
    r"\b(?:that|this) (?:one |1 |try |trial |attempt |time )?(?:doesn'?t|does not|won'?t|will not|didn'?t|"
    r"did not) count\b"
)
_CORRECTED_START = re.compile(
    r"\W*(?:(?:so|it was|it's|it is|that's|that was|make that|he|she|they|got|did|had|was|a|an)\s+){0,2}"
    r"(?=\d)"
)


def _retracted(sent: _Sent, prev: Measurement, skip: int) -> Measurement | None:
    """`prev` with the value this sentence says instead, in the same unit (or none), else None."""
    # the value right after the correction ("sorry, 11.4 seconds", "it was 16"), never a later word
    # ("Sorry, that one went the wrong way")
    said = _CORRECTED_START.match(sent.norm.text, sent.start + skip, sent.end)
    m = _CARRY_VALUE.match(sent.norm.text, said.end()) if said else None
    if m is None or not isinstance(prev.value, (int, float)) or sent.is_claimed(*m.span()):
        return None
    if prev.type == "accuracy":
        # "16 of 20 correctly. Wait, no, the dentist went on the wrong day. 15 of 20.": a count of
        # the same number of trials, read as its share
        trials = prev.extra.get("trials")
        if m.group("of") not in ("of", "out of", "/") or not trials or int(m.group("scale")) != trials:
            return None
        share = round(100 * float(m.group("v")) / trials, 1)
        if share > 100 or share == prev.value:
            return None
        sent.claim(*m.span())
        return replace(prev, value=as_number(share), evidence=[sent.evidence(m.span()), *prev.evidence])
    raw = m.group("u") or ""
    unit = "deg" if raw.startswith(("deg", "°")) else (_unit(raw) if raw else None)
    scale = m.group("scale")
    value = float(m.group("v"))
    top = prev.extra.get("scale")
    if (unit is not None and unit != prev.unit) or (scale and str(top) != scale) or value == prev.value:
        return None
    if isinstance(top, (int, float)) and value > top:
        return None
    sent.claim(*m.span())
    return replace(prev, value=as_number(value), evidence=[sent.evidence(m.span()), *prev.evidence])


def _one_turn(segments: list[Segment], a: int, b: int) -> bool:
    """Segments a..b (a <= b) are one speaker's turn: the same segment, or each following the
    same speaker's last within a pause."""
    for k in range(a, b):
        nxt, cur = segments[k + 1], segments[k]
        if nxt.speaker != cur.speaker or nxt.start - cur.end > SAME_TURN_PAUSE_S:
            return False
    return True


_NOW = re.compile(r"\b(?:today|now|currently|this (?:week|visit|session|morning))\b")


def _dedupe(items: list[Measurement]) -> list[Measurement]:
    """Devices are named over and over; keep one per device (and per negation), the rest exact duplicates."""
    out: list[Measurement] = []
    seen_dev: dict[tuple[str, bool], Measurement] = {}
    seen: set[tuple[Any, ...]] = set()
    for m in items:
        if m.type == "device":
            key = (str(m.value), m.negated)
            if key in seen_dev:
                if len(seen_dev[key].evidence) < 3:
                    seen_dev[key].evidence.append(m.evidence[0])
                continue
            seen_dev[key] = m
            out.append(m)
            continue
        sig = (
            m.type,
            m.value,
            m.side,
            m.body_part,
            m.motion,
            m.task,
            m.when,
            m.negated,
            tuple(sorted((k, str(v)) for k, v in m.extra.items())),
            m.evidence[0].segment,
        )
        if sig in seen:
            continue
        seen.add(sig)
        out.append(m)
    return out
