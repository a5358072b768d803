"""Sentence -> SOAP section (or dropped as small talk).

Cue rules decide what a clinician would decide at a glance (a client's report is Subjective,
"Plan:" is Plan, a measured value is Objective); MiniLM similarity to example sentences decides
the rest. The speaker is the strongest signal: clients never author Objective or Assessment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import yaml

from nlp import embedder, sentence_splitter
from note_builder.negation import negated_spans
from note_builder.numbers import norm_view
from note_builder.types import SAME_TURN_PAUSE_S, SECTION_NAMES, SectionName
from scribe.transcript import Segment, Speaker

Label = SectionName | Literal["drop"]


@dataclass
class Sentence:
    text: str
    segment: Segment
    char_start: int
    char_end: int
    # the same speaker's sentence carried on into the next segments (see `join_split_sentences`)
    continued: list[Sentence] = field(default_factory=list)

    @property
    def speaker(self) -> Speaker:
        return self.segment.speaker


@dataclass
class Classified:
    sentence: Sentence
    label: Label
    reason: str  # "cue:<name>" or "embedding", kept for review and tests


def split_sentences(segments: list[Segment]) -> list[Sentence]:
    """Sentences within each segment; a sentence never spans segments so its evidence is exact.

    Statements quote the verbatim text (what was said), not the normalised clinical form, so a
    reviewer can match them word for word against the recording; only the recogniser's known
    mishearings of clinical words are read back (`Segment.read_text`, listed in `corrections`).
    """
    texts = [s.read_text for s in segments]
    out: list[Sentence] = []
    nlp = sentence_splitter()
    for seg, doc in zip(segments, nlp.pipe(texts, batch_size=64), strict=True):
        for sent in doc.sents:
            text = sent.text.strip()
            if text:
                out.append(Sentence(text, seg, sent.start_char, sent.end_char))
    return out


_JOIN_MAX = 3


def join_split_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """One sentence the recogniser cut across segments, joined back ("Plan, keep him at two visits
    a week," + "and send this report to the surgeon.").

    A segment that ends without a full stop, followed at once by the same speaker's next segment
    in lower case, is the same sentence: classified as one (so a "Plan," at its start holds for its
    end) and quoted as one statement whose evidence names every segment it spans.
    """
    out: list[Sentence] = []
    for s in sentences:
        head = out[-1] if out else None
        last = (head.continued[-1] if head and head.continued else head) if head else None
        if (
            head is not None
            and last is not None
            and len(head.continued) < _JOIN_MAX - 1
            and s.segment is not last.segment
            and s.char_start == 0
            and last.char_end >= len(last.segment.read_text.rstrip()) - 1
            and not last.text.rstrip().endswith((".", "?", "!"))
            # the recogniser capitalises a segment that opens a sentence ("Plan, begin ...")
            and not s.text[:1].isupper()
            and s.speaker == head.speaker
            and 0 <= s.segment.start - last.segment.end <= SAME_TURN_PAUSE_S
        ):
            head.continued.append(s)
            continue
        out.append(s)
    return out


def full_text(s: Sentence) -> str:
    return " ".join([s.text, *(c.text for c in s.continued)])


_NUM_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred"
)
_MEASURE = re.compile(
    rf"(\d|\b({_NUM_WORDS})\b).*?\b(degrees?|°|out of|/|percent|%|feet|foot|ft|meters?|pounds?|lbs?|kg|"
    rf"seconds?|"
    rf"minutes?|min|sets?|reps?|repetitions|trials|times|score|steps)\b|°|\d+/\d+|\d+%|\d+-?/5|"
    r"\b(assist(ance)?|contact guard|stand ?-?by|supervision|independent(ly)?|cues?|cueing|walker|cane|"
    r"test (is|was) (positive|negative)|positive|negative|accuracy|intelligib\w+|iddsi|level \w+)\b|"
    # a questionnaire's score said with no unit: "Dizziness handicap inventory is twenty eight today"
    rf"\b(inventory|index|scale|questionnaire|profile|score|bank)\s+(is|was|of|at)\s+(\d|({_NUM_WORDS})\b)",
    re.IGNORECASE,
)
_PLAN = re.compile(
    # "Plan," heard as "Clan,"/"Plant,": a word that opens a therapist's sentence only as its plan
    # (after a lead word: "Then, discharge to his home program", "And I'll request a swallow study")
    r"^\s*(?:(?:then|and then|and|so|okay|ok|also|lastly|finally),?\s+)?"
    r"(plan\b|(clan|plant|plane|blanc?)\s*[,:]|next (visit|session|time|week)|we('ll| will)\b|"
    r"will (continue|progress|add|reassess|"
    r"trial|introduce|review|fade|discharge|begin|start)|continue (with|to)?\b|recommend|follow[- ]up|"
    r"discharge\b|for next|going forward|home program|hep\b|"
    # a therapist's instruction for the visits to come: "Start hopping drills once ...", "Add a button hook"
    r"(start|begin|add|progress|advance|increase|decrease|resume|trial|go up|move up|bump up)\b"
    r"(?=.*\b(next|once|when|until|after|if|weeks?|sessions?|visits?|time|home|goal|then)\b)|"
    # verbs a clinician uses of the plan, not to instruct a client during the session
    r"(retest|recheck|reassess|wean|fade|schedule|refer|order)\b|"
    r"(?:i'?ll |i will |i )?(?:request|order|refer)\b(?! (?:of|for|was|is)\b))"
    r"|\b(next (visit|session|week|time)|plan (is|to)|will (continue|progress|reassess|add|fade|trial|"
    r"introduce|review)|home exercise program will|goals? (is|are) to)\b"
    # a plan of care's frequency and duration, which survive when the recogniser loses "Plan:"
    # ("Seek in two times a week for six weeks"): said of the visits to come, never of the session
    rf"|\b(once|twice|(\d+|{_NUM_WORDS}) (times|x)) (a|per|each|every) week (for|over|x) (\d+|{_NUM_WORDS}|"
    r"another|the next|\w+ more) (\w+ )?weeks\b|\bplan o[fn] care\b"
    # home practice set for the days to come: "Keep practicing naming with ...", "Keep using the ..."
    r"|^\W*(?:and\s+)?(keep|continue) (practi[cs]ing|working on|using|doing|wearing)\b",
    re.IGNORECASE,
)
_ASSESS = re.compile(
    r"\b(improv(ing|ed|ement)|tolerat(ed|es|ing)|on track|progress(ing|ed)? (toward|towards|well)|"
    r"making (good |steady |slow )?progress|responded|limited by|limits? (his|her|their)|requires? skilled|"
    r"prognosis|demonstrates? (improved|decreased|increased|good|fair|poor)|consistent with|would benefit|"
    r"is doing (better|worse)|declin(ed|ing)|regress(ed|ing)|plateau|compensat\w+|deficits?|"
    r"better (able|control|awareness)|more (confident|consistent|independent)|less (pain|guarding)|"
    r"remains? (limited|impaired)|good (potential|carryover|effort)|fair|appropriate for|"
    r"(her|his|their) \w+ (is|are|has|have) (improving|better|improved|limited|emerging)|"
    r"met (\w+ of )?(his|her|their|the) [\w ]{0,30}goals?|goals? (is|was|has been|were|have been) met|"
    r"partially met|(is|are) still (limited|stiff|weak|impaired|painful|guarded)|(is|are) coming back|"
    r"remains?\b|main (barrier|area|limit|limitation|problem)|biggest (barrier|limit|limitation|problem)|"
    r"barrier to|(?:remaining|primary) (?:limit|limitation|barrier|problem|deficit)|"
    # the clinician's judgement of what limits, what works and what gives way under load
    r"(?:is|are) (?:still )?limiting|well (?:controlled|managed)|under control|(?:is|are) functional for|"
    r"(?:drops?|worsens?|breaks? down|falls? apart|deteriorates?) (?:with|when|as|on)|"
    r"more (?:fully|easily|smoothly|quickly|reliably)|"
    r"more (symmetric|fluent|efficient|steady|stable|accurate|organized|aware)|steadily|"
    r"getting (better|stronger|easier|worse)|signs (point|are consistent)|points? to|suggests?|impression|"
    r"risk (of|for)|at risk|benefit from|good candidate|protecting|"
    # the evaluation's complexity is the clinician's judgement: "This is a low complexity evaluation"
    r"(low|moderate|high) complexity|"
    # the clinician's reading of the cause: "This looks sensory based", "seems pain related"
    r"(looks|seems|appears) (to be |like )?(\w+[ -])?(based|related|driven|mediated)|"
    r"potential (is|remains|appears) (good|fair|poor|excellent|guarded)|"
    # progress said by comparison: "sequencing his dressing better and needs fewer cues than last week"
    r"carr(y|ies|ying|ied) ?-?over|fewer (cues|prompts|reminders|errors|rest breaks) than|"
    r"(using|uses|used) (his|her|their) [\w ]{0,30}strateg(y|ies) with fewer (cues|prompts|reminders)|"
    r"less (help|assistance|cueing|cuing) than|(better|faster|stronger|smoother|safer) than|"
    r"\w+ing (his|her|their) \w+ (better|faster|more \w+))\b",
    re.IGNORECASE,
)
# A report verb near the start ("She reports...", "Mom states...") makes a Subjective sentence; one
# later in a clinician's sentence ("...and reports less pain") does not outweigh an assessment.
_REPORT = re.compile(
    r"^\W*(\w+\W+){0,3}?(reports?|reported|states?|stated|complains?|denies|denied|tells me|told (me|us)|"
    # ("He says strangers on the phone still ask him to repeat himself", "She plans to go back to yoga")
    r"mentions?|says|plans to|hopes to|wants to)\b|"
    r"\bper (the )?(caregiver|client|patient|mother|father|mom|dad|wife|husband|daughter|son)\b|"
    # what someone else told the family, passed on: "His teacher says he can't finish copying"
    r"^\W*(and\s+)?(his|her|their|my|your|the) (\w+ )?(teacher|mom|mother|dad|father|wife|husband|"
    r"daughter|son|doctor|surgeon|nurse|aide|caregiver|family|grandma|grandmother|grandpa|grandfather|"
    r"boss|manager|coach|partner) (says|said|tells|told|noticed|notices|mentioned|thinks|thought|feels)\b",
    re.IGNORECASE,
)
_GOAL_STATUS = re.compile(
    r"\b(met (\w+ of )?(his|her|their|the|all) [\w ]{0,30}goals?|goals? (is|was|has been|were|have been) "
    r"(met|achieved)|on track (for|to|with)|"
    # ("Assessment. All goals met.")
    r"(all|both|\w+ of (his|her|their|the|\w+)) (\w+ )?goals (are |were |have been )?(met|achieved))\b",
    re.IGNORECASE,
)
# A clinician's sentence that opens with a summary judgement is the assessment, whatever measures it
# cites as its grounds: "Overall he's tolerating level six ...", "Everton has made steady gains:
# sentence intelligibility is up from 52 to 78 percent"
_ASSESS_LEAD = re.compile(
    r"^\W*(?:(?:overall|all in all|in summary|to summari[sz]e),?\s+(?:he|she|they|his|her|their|it|this|"
    r"the (?:client|patient)|i think|i'd say)\b|"
    r"(?:[A-Z]\w+|he|she|they)\s+(?:has|have|is|are)\s+(?:made|making)\s+"
    r"(?:good|steady|slow|significant|nice|great|excellent|real|some|clear)?\s*(?:gains|progress)\b|"
    # "His gait speed and endurance are improving; ... after about 200 feet": the judgement first, the
    # measure as its grounds
    r"(?:his|her|their|the)\s+(?:[\w-]+\s+){1,5}?(?:is|are|has been|have been)\s+(?:still\s+)?"
    r"(?:improving|improved|getting (?:better|stronger|easier)|declining|worsening|"
    r"the main (?:limit|limitation|barrier|problem))\b|"
    # a change summed up since an earlier time: "Flexion is up twenty four degrees since the evaluation",
    # "Intelligibility is up fifteen points", "Grip has nearly tripled", "Her QuickDASH has dropped by half"
    r"(?:(?:his|her|their|the)\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:is|are|was|were)\s+(?:up|down)\s+(?:by\s+)?"
    r"(?:about\s+|almost\s+|nearly\s+|more than\s+|over\s+)?[\w.-]+(?:\s+[\w-]+)?\s+"
    r"(?:degrees?|points?|percent|pounds?|seconds?|feet|meters?)\b|"
    r"(?:(?:his|her|their|the)\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:has|have)\s+"
    r"(?:nearly\s+|almost\s+|more than\s+)?"
    r"(?:doubled|tripled|halved|dropped by (?:half|more than half|a third))\b)",
    re.IGNORECASE,
)
# the clinician naming the section aloud, as "Plan:" does for the plan
_ASSESS_HEAD = re.compile(
    # (dictated with a full stop too: "Assessment. All goals met.")
    r"^\W*(?:(?:discharge|progress|overall|clinical|my|functional)\s+)?(assessment|impression)\s*[:,.]",
    re.IGNORECASE,
)
_NUMERIC = re.compile(rf"\d|\b({_NUM_WORDS})\b", re.IGNORECASE)
_NEGATIVE_FINDING = re.compile(
    r"^\W*(there (is|was|are|were) )?no (\w+ )?(swelling|edema|redness|pain|"
    r"numbness|tingling|signs?|coughing|cough|loss|drainage|bruising|"
    r"effusion|tenderness|warmth|dizziness|complaints?)\b",
    re.IGNORECASE,
)
_SMALL_TALK = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|thanks?|thank you|okay|ok|alright|all right|"
    r"great|good|nice|perfect|let'?s|let me|go ahead|see you|bye|sounds good|yes|no|sure|right|"
    r"how (are|is|was|have|has|did|do)|did you|do you|are you|can you|could you|would you|"
    r"take a (seat|breath)|have a seat|ready|now)\b",
    re.IGNORECASE,
)
_OBJECTIVE_VERB = re.compile(
    r"\b(we (did|performed|completed|worked|practiced|started|trained|focused|used|reviewed)|performed|"
    r"completed|walked|ambulated|transferred|measured|tested|trialed|administered|scored|named|"
    r"followed|produced|swallowed|instructed|educated|applied|provided|demonstrated|"
    r"recalled|identified|answered|repeated|matched|located|sequenced)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, list[str]]:
    data = yaml.safe_load((Path(__file__).parent / "templates" / "section_prototypes.yaml").read_text())
    return {k: v for k, v in data.items() if isinstance(v, list)}


@lru_cache(maxsize=1)
def _centroids() -> tuple[list[str], np.ndarray]:
    protos = _prototypes()
    labels = list(protos)
    emb = embedder()
    mats = []
    for lab in labels:
        v = emb.embed(protos[lab]).mean(axis=0)
        mats.append(v / np.linalg.norm(v))
    return labels, np.stack(mats)


_OWN_SCORE = re.compile(r"(?:\s+(?:score|total|today|is|was|of|at|came in at|scored)){0,3}\s*:?\s*\d")


def has_measure(text: str) -> bool:
    if _MEASURE.search(text):
        return True
    # "QuickDASH today is eleven.": a named instrument and a number said with it
    if not _NUMERIC.search(text):
        return False
    from note_builder.measurements import lexicon as measures
    from note_builder.numbers import lexicon_matches

    norm = norm_view(text).text
    # (its own score right after it, not a change: "with the Berg up five points" is the assessment's)
    return any(_OWN_SCORE.match(norm, b) for _, b, _ in lexicon_matches(*measures().instruments, norm))


def _by_rules(s: Sentence) -> tuple[Label, str] | None:
    text = full_text(s)
    words = re.findall(r"[A-Za-z0-9']+", text)
    measured = has_measure(text)
    if text.rstrip().endswith("?"):
        return "drop", "cue:question"
    # "Discharge assessment: he met three of his four goals": the head said outranks "discharge"
    if _ASSESS_HEAD.match(text) and s.speaker == "therapist":
        return "assessment", "cue:assessment_head"
    if _PLAN.search(text) and s.speaker == "therapist":
        return "plan", "cue:plan"
    if s.speaker in ("client", "caregiver"):
        # ("No night pain at all now.", "No burns, no near misses.": a finding denied is history, not
        # small talk, however short)
        # ("No, never at rest.": the answer's own denial, whatever it names)
        if (_SMALL_TALK.match(text) and not measured and len(words) <= 6 and not negated_spans(text.lower())
                and not re.match(r"\s*no\b[,.]?\s+(?:never|not)\b", text, re.IGNORECASE)):
            return "drop", "cue:small_talk"
        return "subjective", "cue:speaker"
    # therapist (or unknown speaker)
    if _REPORT.search(text):
        return "subjective", "cue:report"
    if _GOAL_STATUS.search(text):
        return "assessment", "cue:goal_status"
    if _ASSESS_LEAD.match(text):
        return "assessment", "cue:assessment_lead"
    if _NEGATIVE_FINDING.search(text):
        return "objective", "cue:negative_finding"
    if _ASSESS.search(text) and not _NUMERIC.search(text):
        return "assessment", "cue:assessment"
    if measured or _OBJECTIVE_VERB.search(text):
        return "objective", "cue:measure"
    if _ASSESS.search(text):
        return "assessment", "cue:assessment"
    if len(words) <= 3 or (_SMALL_TALK.match(text) and len(words) <= 8):
        return "drop", "cue:small_talk"
    return None


# "Plan:" said as the head of what follows ("Plan." / "Practice easy onset while reading aloud ..."):
# the recogniser cuts the plan into sentences and segments, and only the first names it.
_PLAN_HEAD = re.compile(r"^\W*(?:and\s+)?(?:plan|clan|plant|plane)\b(?:\s+(?:for|is)\b[^.,:]*)?\s*[.,:]",
                        re.IGNORECASE)
# How long after the plan's head its items still come, in the same clinician's run of speech.
_PLAN_BLOCK_S = 20.0


# A dictated note names its sections aloud ("Subjective. He can walk about a block ...", "Objective:
# ..."): every clinician sentence after the head belongs to it until the next head or the client
# speaks.
_DICTATED_HEAD = re.compile(r"^\W*(subjective|objective)\b\s*(?:[.:,]|$)", re.IGNORECASE)
# "She's sleeping better", "She still can't fasten her bra": the client's state, said right after a report
_STILL_REPORTING = re.compile(
    r"^\W*(?:and\s+)?(?:she|he|they)(?:'s|'re| is| are| has| have| still| can't| cannot| can| was| feels| "
    r"says| hasn't| isn't| doesn't| plans| wants)\b", re.IGNORECASE)
_REPORT_CARRY_S = 6.0
# How long a dictated section's head holds, in the same clinician's run of speech.
_DICTATED_BLOCK_S = 60.0


def classify_sentences(sentences: list[Sentence]) -> list[Classified]:
    out: list[Classified | None] = []
    pending: list[int] = []
    plan_from: float | None = None  # when the clinician's "Plan:" was said, while the plan goes on
    assess_from: float | None = None  # likewise "Assessment:", while the assessment goes on
    dictated: tuple[Label, float] | None = None  # "Subjective." / "Objective.": the section dictated
    reported: float | None = None  # when the clinician's report of what the client said last ended
    for i, s in enumerate(sentences):
        decided = _by_rules(s)
        head = _DICTATED_HEAD.match(s.text) if s.speaker == "therapist" else None
        if s.speaker != "therapist" or _PLAN_HEAD.match(s.text) or _ASSESS_HEAD.match(s.text) or re.match(
                r"^\W*(?:assessment|impression|goals?)\b\s*[.:]", s.text, re.IGNORECASE):
            dictated = None
        if head is not None:
            dictated = (head.group(1).lower(), s.segment.start)  # type: ignore[assignment]
            plan_from = assess_from = None
        if dictated is not None and s.segment.start - dictated[1] <= _DICTATED_BLOCK_S and (
                head is None or s.text[head.end():].strip()):
            # (the head said alone is no statement: "Subjective." is dropped, what follows is kept)
            out.append(Classified(s, dictated[0], "cue:dictated_head"))
            continue
        if head is not None:
            out.append(Classified(s, "drop", "cue:dictated_head"))
            continue
        if decided is None and reported is not None and (
                s.speaker == "therapist" and s.segment.start - reported <= _REPORT_CARRY_S
                and _STILL_REPORTING.match(s.text) and not has_measure(s.text)):
            # "Client reports pain five at night. She's sleeping better with the pillow positioning.":
            # the report goes on about the client
            decided = ("subjective", "cue:report_carried")
        reported = s.segment.end if decided is not None and decided[0] == "subjective" and (
            decided[1] in ("cue:report", "cue:report_carried")) else (
            reported if decided is None or decided[0] == "subjective" else None)
        if s.speaker != "therapist":
            plan_from = assess_from = None
        elif _PLAN_HEAD.match(s.text):
            plan_from, assess_from = s.segment.start, None
        elif decided is not None and decided[1] == "cue:assessment_head":
            assess_from = s.segment.start
        elif (assess_from is not None and s.segment.start - assess_from <= _PLAN_BLOCK_S
              and (decided is None or decided[0] == "objective")
              and not _OBJECTIVE_VERB.search(full_text(s))):
            # "Assessment: moderate complexity evaluation. Skin tightening and early contractures limit
            # grasp.": the clinician's findings summed up under the head are the assessment
            decided = ("assessment", "cue:assessment_block")
        elif (plan_from is not None and s.segment.start - plan_from <= _PLAN_BLOCK_S
              and (decided is None or decided[0] in ("objective", "assessment"))
              and not _OBJECTIVE_VERB.search(full_text(s))):  # "He walked 400 feet": what was done
            decided = ("plan", "cue:plan_block")
        if decided is None:
            out.append(None)
            pending.append(i)
        else:
            out.append(Classified(s, decided[0], decided[1]))
    if pending:
        labels, centroids = _centroids()
        vecs = embedder().embed([full_text(sentences[i]) for i in pending])
        sims = vecs @ centroids.T
        for row, i in zip(sims, pending, strict=True):
            s = sentences[i]
            order = np.argsort(-row)
            label = labels[int(order[0])]
            if label == "subjective" and s.speaker == "therapist":
                label = labels[int(order[1])]
            final: Label = "drop" if label == "small_talk" else label  # type: ignore[assignment]
            if final != "drop" and final not in SECTION_NAMES:
                final = "drop"
            out[i] = Classified(s, final, "embedding")
    return [c for c in out if c is not None]
