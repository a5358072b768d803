"""Who said each segment (therapist / client / caregiver), from voice and words, with no hub model.

Voices are told apart by pitch (F0 by autocorrelation) and spectral centroid, clustered per session
(agglomerative, average link); which cluster is which role is decided by what the voices say:
therapists measure and instruct ("degrees", "let's", "sets of", "plan"), clients report in the
first person ("I", "my", "hurts"), caregivers speak about the client ("he has", "my husband").
Pitch never decides a role by itself: therapists and clients come in every voice.

This module owns the voice features (`FeatureTrack`, which the worker also keeps up to date while
chunks arrive) and the clustering; `scribe.incremental` only recognises words window by window
and hands them here with the features it kept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scribe.audio import SAMPLE_RATE
from scribe.transcript import Speaker, Word

# A pause this long between words starts a new turn candidate; espeak and people alike pause
# ~0.4-0.8 s between speakers, while pauses inside a sentence are mostly shorter.
TURN_GAP_S = 0.45
# Shorter pauses still split after a sentence end (".", "?"), where turns usually change.
SENTENCE_GAP_S = 0.2
# Cluster distance scale: log-F0 difference of 0.06 (~6 %) and log-centroid difference of 0.10
# each count as one unit; clusters closer than MERGE_DISTANCE on average are one voice.
_F0_SCALE = 0.06
_CENTROID_SCALE = 0.10
MERGE_DISTANCE = 1.6
_MIN_VOICED_FRAMES = 25  # 0.25 s of voiced speech before a unit's voice is trusted
_SPLIT_MIN_FRAMES = 40  # each side of an in-turn voice change needs 0.4 s voiced
# Two clusters of one voice (its pitch moving with emphasis) lie within this distance of each other;
# a different speaker's voice lies further (espeak's male and female voices are 8+ apart).
_SAME_VOICE_SPLIT = 3 * MERGE_DISTANCE
# A voice heard for less than this (voiced frames in all its turns) is not a separate speaker:
# one client's short answers vary more than two voices differ.
_MIN_CLUSTER_FRAMES = 150

_THERAPIST_CUES = [
    r"\bdegrees?\b", r"\blet'?s\b", r"\bwe did\b", r"\bwe worked\b", r"\bsets? of\b", r"\bplan\b",
    r"\bminutes\b", r"\btoday we\b", r"\bhe\b", r"\bshe\b", r"\bhis\b", r"\bher\b", r"\bout of\b",
    r"\bpercent\b", r"\bassist\b", r"\btolerated\b", r"\bcontinue\b", r"\bprogress\b", r"\bstrength\b",
    r"\bpositive\b", r"\bnegative\b", r"\btrials\b", r"\bgoal\b", r"\bhow is\b", r"\bhow has\b",
    r"\bhow are\b", r"\bdid you\b", r"\btry\b", r"\bcan you\b", r"\bgood\b", r"\bnext visit\b",
    r"\breports?\b", r"\bcues?\b", r"\bexercises?\b", r"\bmeasure", r"\bimproving\b",
]
_CLIENT_CUES = [
    r"\bi\b", r"\bi'?m\b", r"\bi'?d\b", r"\bi'?ve\b", r"\bmy\b", r"\bme\b", r"\bhurts?\b", r"\bpain\b",
    r"\bsore\b", r"\bstiff\b", r"\btired\b", r"\bcan'?t\b", r"\bbetter\b", r"\bworse\b", r"\bfeels?\b",
]
_CAREGIVER_CUES = [
    r"\bmy (husband|wife|son|daughter|mother|mom|father|dad|son|child|kid|grandmother|grandfather)\b",
    r"\bhe (has|had|was|is|does|did|can|can't|gets|keeps)\b", r"\bshe (has|had|was|is|does|did|can|gets)\b",
    r"\bat home (he|she)\b", r"\bwe (noticed|have been|try)\b",
]
# What only someone speaking for the client says, when theirs is the only voice beside the
# clinician's (a parent with an infant, a spouse beside a client who cannot talk): the client in the
# third person, and who they are to the client.
_SPEAKS_FOR_CUES = [
    *_CAREGIVER_CUES,
    r"\b(he|she)'s (been|got|gotten|always|never|doing|had|not|started|getting|using|saying|eating|"
    r"talking|trying)\b",
    r"\b(he|she) (says|said|talks|eats|uses|used|likes|loves|won't|doesn't|didn't|wants|tries|needs|goes|"
    r"went|points|asks|asked|told|gets|got|knows|makes|will|would|could|should)\b",
    r"\b(his|her) (teacher|school|class|doctor|pediatrician|surgeon|brother|sister|dad|mom|father|mother)\b",
    r"\b(i'm|i am) (his|her) (mom|mother|dad|father|wife|husband|daughter|son|foster|grand\w+|aide|"
    r"caregiver)\b",
    r"\bfoster (mom|mother|dad|father|parent)\b",
]
_SPEAKS_FOR_RE = [re.compile(p) for p in _SPEAKS_FOR_CUES]
# The lone other voice is the caregiver when it speaks for the client this much more than it speaks
# as one (measured on the fixtures' two-voice sessions: no client relabelled, three parents found).
_SPEAKS_FOR_RATIO = 1.2
_SPEAKS_FOR_MIN_RATE = 0.02
_T_RE = [re.compile(p) for p in _THERAPIST_CUES]
_C_RE = [re.compile(p) for p in _CLIENT_CUES]
_G_RE = [re.compile(p) for p in _CAREGIVER_CUES]


@dataclass
class Turn:
    """A run of words from one voice; the unit speakers are attributed to."""

    words: list[Word]
    f0: float | None = None          # median F0 (Hz) of voiced frames
    centroid: float | None = None    # median spectral centroid (Hz) of voiced frames
    voiced: int = 0
    cluster: int = -1
    speaker: Speaker = "unknown"
    confidence: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


# --- voice features ---------------------------------------------------------------------------
_FRAME = int(0.04 * SAMPLE_RATE)
_HOP = int(0.01 * SAMPLE_RATE)
_NFFT = 2 * _FRAME
_FREQS = np.fft.rfftfreq(_NFFT, 1 / SAMPLE_RATE)
_FEATURE_BLOCK = 3000  # frames (30 s) per FFT batch: bounded memory on any session length

Features = tuple[np.ndarray, np.ndarray, np.ndarray]  # per-frame (F0 Hz, voiced, centroid Hz)


class FeatureTrack:
    """Per-10-ms voice features of the audio so far, computed once per frame as audio arrives.

    Frames are analysed in 30 s FFT batches, only those not done yet: holding every frame's FFT of
    a whole session at once cost about 1.5 s of CPU and 1 GB per 2 minutes of audio. The one
    session-wide quantity, the loudness floor for "voiced", is applied in `features` from the
    per-frame RMS kept here. The worker keeps one per recording while chunks arrive and
    `frame_features` runs one over a whole file, so attribution does not depend on which path ran.
    """

    def __init__(self) -> None:
        self.n = 0
        self._f0: list[np.ndarray] = []
        self._peak: list[np.ndarray] = []
        self._rms: list[np.ndarray] = []
        self._centroid: list[np.ndarray] = []

    def update(self, samples: np.ndarray) -> None:
        """Analyse the frames of `samples` (all audio so far, from t = 0) not analysed yet."""
        total = 0 if samples.size < _FRAME else 1 + (samples.size - _FRAME) // _HOP
        window = np.hanning(_FRAME).astype(np.float32)[None, :]
        lo, hi = SAMPLE_RATE // 400, SAMPLE_RATE // 70
        while self.n < total:
            m = min(_FEATURE_BLOCK, total - self.n)
            idx = np.arange(_FRAME)[None, :] + _HOP * (self.n + np.arange(m))[:, None]
            frames = samples[idx].astype(np.float32) * window
            frames -= frames.mean(axis=1, keepdims=True)
            spec = np.fft.rfft(frames, _NFFT)
            power = (spec.real ** 2 + spec.imag ** 2).astype(np.float32)
            ac = np.fft.irfft(power)[:, :_FRAME]
            ac = ac / (ac[:, :1] + 1e-9)
            lag = lo + np.argmax(ac[:, lo:hi], axis=1)
            self._peak.append(ac[np.arange(m), lag])
            self._rms.append(np.sqrt(np.mean(frames * frames, axis=1)))
            mag = np.sqrt(power)
            self._centroid.append((mag * _FREQS[None, :]).sum(axis=1) / (mag.sum(axis=1) + 1e-9))
            self._f0.append(SAMPLE_RATE / lag)
            self.n += m

    def features(self) -> Features:
        """(F0, voiced, centroid) per frame of the audio analysed so far."""
        if not self.n:
            empty = np.zeros(0)
            return empty, empty.astype(bool), empty
        self._f0, self._peak = [np.concatenate(self._f0)], [np.concatenate(self._peak)]
        self._rms, self._centroid = [np.concatenate(self._rms)], [np.concatenate(self._centroid)]
        rms = self._rms[0]
        loud = max(float(np.percentile(rms, 95)) * 0.05, 1e-4)
        voiced = (self._peak[0] > 0.45) & (rms > loud)
        return self._f0[0], voiced, self._centroid[0]


def frame_features(samples: np.ndarray) -> Features:
    """Per-10-ms (F0, voiced, centroid) of a whole recording."""
    track = FeatureTrack()
    track.update(samples)
    return track.features()


def _frame_span(start: float, end: float, n_frames: int) -> tuple[int, int]:
    """Frame indices [a, b) covering `start`..`end` seconds, clipped to the frames there are."""
    return max(0, int(start * 100)), min(n_frames, int(math.ceil(end * 100)))


def _turn_voice(turn: Turn, f0: np.ndarray, voiced: np.ndarray, centroid: np.ndarray) -> None:
    a, b = _frame_span(turn.start, turn.end, f0.size)
    if b <= a:
        return
    v = voiced[a:b]
    turn.voiced = int(v.sum())
    if turn.voiced:
        turn.f0 = float(np.median(f0[a:b][v]))
        turn.centroid = float(np.median(centroid[a:b][v]))


# --- turns ------------------------------------------------------------------------------------
def split_turns(words: Sequence[Word]) -> list[Turn]:
    """Cut a word stream at long pauses, and at shorter ones after a sentence ends."""
    turns: list[Turn] = []
    cur: list[Word] = []
    for w in words:
        if cur:
            gap = w.start - cur[-1].end
            sentence_end = cur[-1].text.rstrip().endswith((".", "?", "!"))
            if gap >= TURN_GAP_S or (sentence_end and gap >= SENTENCE_GAP_S):
                turns.append(Turn(cur))
                cur = []
        cur.append(w)
    if cur:
        turns.append(Turn(cur))
    return turns


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot((a[0] - b[0]) / _F0_SCALE, (a[1] - b[1]) / _CENTROID_SCALE)


def _voice_point(t: Turn) -> tuple[float, float] | None:
    """(log F0, log centroid) of a turn with any voice measured, else None."""
    if t.f0 is None or t.centroid is None:
        return None
    return (math.log(t.f0), math.log(max(t.centroid, 1.0)))


def _point(t: Turn) -> tuple[float, float] | None:
    """The turn's voice if enough of it was heard to cluster on, else None."""
    return _voice_point(t) if t.voiced >= _MIN_VOICED_FRAMES else None


def cluster_turns(turns: Sequence[Turn], max_speakers: int = 3) -> int:
    """Average-link clustering of turn voices; sets each turn's `cluster`, returns the cluster count.

    The distance matrix is updated per merge (Lance-Williams): recomputing every average link on
    every merge was cubic and worse (300 turns took 6 s, and a 30-minute session has several
    hundred). Clusters merge while closer than MERGE_DISTANCE, and past it while there are more
    than `max_speakers` or one is heard too little to be a separate voice. Turns too short to
    cluster on join the nearest voice, or the turn before them when nothing was measured.
    """
    pts = {i: p for i, t in enumerate(turns) if (p := _point(t)) is not None}
    if not pts:
        for t in turns:
            t.cluster = 0
        return 1 if turns else 0
    ids = list(pts)
    clusters: list[list[int]] = [[i] for i in ids]
    arr = np.array([pts[i] for i in ids], dtype=np.float64)
    scale = np.array([_F0_SCALE, _CENTROID_SCALE])
    diff = (arr[:, None, :] - arr[None, :, :]) / scale
    dist = np.sqrt((diff ** 2).sum(axis=2))
    sizes = np.ones(len(ids))
    voiced = np.array([float(turns[i].voiced) for i in ids])
    while len(clusters) > 1:
        k = len(clusters)
        upper = np.where(np.triu(np.ones((k, k), dtype=bool), 1), dist, np.inf)
        flat = int(np.argmin(upper))
        a, b = divmod(flat, k)
        if upper[a, b] > MERGE_DISTANCE and k <= max_speakers:
            small = np.minimum(voiced[:, None], voiced[None, :]) < _MIN_CLUSTER_FRAMES
            near = np.where(small & (upper < 2 * MERGE_DISTANCE), upper, np.inf)
            if not np.isfinite(near).any():
                break
            a, b = divmod(int(np.argmin(near)), k)
        merged = (sizes[a] * dist[a] + sizes[b] * dist[b]) / (sizes[a] + sizes[b])
        dist[a, :], dist[:, a] = merged, merged
        dist[a, a] = 0.0
        sizes[a] += sizes[b]
        voiced[a] += voiced[b]
        clusters[a] = clusters[a] + clusters[b]
        del clusters[b]
        dist = np.delete(np.delete(dist, b, axis=0), b, axis=1)
        sizes, voiced = np.delete(sizes, b), np.delete(voiced, b)
    centres = []
    for k, members in enumerate(clusters):
        for i in members:
            turns[i].cluster = k
        m = np.array([pts[i] for i in members])
        centres.append((float(m[:, 0].mean()), float(m[:, 1].mean())))
    for i, t in enumerate(turns):
        if i in pts:
            continue
        if (p := _voice_point(t)) is not None:
            t.cluster = min(range(len(centres)), key=lambda k: _distance(p, centres[k]))
        else:
            t.cluster = turns[i - 1].cluster if i > 0 and turns[i - 1].cluster >= 0 else 0
    return len(clusters)


# The fewest words a cluster's cue rates are taken over: with fewer, one cue word is chance.
_RATE_MIN_WORDS = 10


@dataclass
class _Voice:
    """One cluster's voice and words: cue rates per word, share of the talk, mean voice point."""

    k: int
    th: float
    cl: float
    cg: float
    dur: float
    n: int
    centre: tuple[float, float] | None


def _cue_counts(text: str) -> tuple[int, int, int]:
    low = text.lower().replace("’", "'")
    return (sum(len(r.findall(low)) for r in _T_RE), sum(len(r.findall(low)) for r in _C_RE),
            sum(len(r.findall(low)) for r in _G_RE))


def _speaks_for_the_client(text: str) -> bool:
    """Whether a lone voice beside the clinician's talks about the client more than as the client."""
    low = text.lower().replace("’", "'")
    n = max(len(low.split()), _RATE_MIN_WORDS)
    own = sum(len(r.findall(low)) for r in _C_RE) / n
    speaks_for = sum(len(r.findall(low)) for r in _SPEAKS_FOR_RE) / n
    return speaks_for >= _SPEAKS_FOR_MIN_RATE and speaks_for > _SPEAKS_FOR_RATIO * own


def assign_roles(turns: Sequence[Turn], n_clusters: int) -> None:
    """Map voice clusters to roles by what each cluster says; one voice -> per-turn content."""
    if not turns:
        return
    if n_clusters <= 1:
        for t in turns:
            th, cl, _ = _cue_counts(t.text)
            t.speaker = "client" if cl > th else "therapist"
            t.confidence = 0.5
        return
    stats = []
    total_dur = sum(t.end - t.start for t in turns) or 1.0
    for k in range(n_clusters):
        members = [t for t in turns if t.cluster == k]
        text = " ".join(t.text for t in members)
        # (a cluster of few words has its cue rates taken over at least this many words: one cue
        # word in a lone "Plan." is chance, not a clinician's rate)
        n_words = max(len(text.split()), _RATE_MIN_WORDS)
        th, cl, cg = _cue_counts(text)
        dur = sum(t.end - t.start for t in members) / total_dur
        pts = [p for t in members if (p := _voice_point(t)) is not None]
        centre = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) if pts else None
        stats.append(_Voice(k, th / n_words, cl / n_words, cg / n_words, dur, len(members), centre))
    live = [s for s in stats if s.n > 0]
    # The clinician leads the session and talks most, in clinical words; duration weighs as much as
    # content because ASR errors blur the words but not who talked.
    therapist = max(live, key=lambda s: (s.th - s.cl) + 1.0 * s.dur)
    roles: dict[int, Speaker] = {therapist.k: "therapist"}
    rest = [s for s in live if s is not therapist]
    # One voice can split into two clusters (pitch moves with emphasis). A second cluster that talks
    # like the clinician, and more than the others, in a voice near the clinician's, is the
    # clinician too. (A parent who talks about the child, "he has", "she did", talks like a
    # clinician and often more than the child, but in a voice of its own.)
    if len(rest) >= 2:
        rest.sort(key=lambda s: s.dur, reverse=True)
        big, small = rest[0], rest[1:]
        near = big.centre is None or therapist.centre is None or (
            _distance(big.centre, therapist.centre) <= _SAME_VOICE_SPLIT)
        talks_like = (big.th - big.cl) > 0 and big.th >= 0.5 * therapist.th
        if near and talks_like and big.dur > 2 * max(x.dur for x in small):
            roles[big.k] = "therapist"
            rest = small
    # a fragment split off the clinician's voice ("Plan." said louder) that talks like the clinician
    for s in list(rest):
        if (s.centre is not None and therapist.centre is not None
                and _distance(s.centre, therapist.centre) <= _SAME_VOICE_SPLIT and s.th > s.cl
                and s.dur < therapist.dur):
            roles[s.k] = "therapist"
            rest.remove(s)
    if len(rest) == 1 and _speaks_for_the_client(" ".join(t.text for t in turns if t.cluster == rest[0].k)):
        roles[rest[0].k] = "caregiver"
    elif rest:
        client = max(rest, key=lambda s: (s.cl - s.cg) + 0.3 * s.dur)
        roles[client.k] = "client"
        for s in rest:
            if s is not client:
                roles[s.k] = "caregiver"
    conf = {k: 0.9 if n_clusters <= 3 else 0.6 for k in roles}
    for t in turns:
        t.speaker = roles.get(t.cluster, "unknown")
        t.confidence = conf.get(t.cluster, 0.0)


def attribute(words: Sequence[Word], samples: np.ndarray, *, max_speakers: int = 3) -> list[Turn]:
    """Words of a whole recording -> speaker-attributed turns."""
    if not words:
        return []  # nothing to attribute: skip the features
    return attribute_with_features(words, frame_features(samples), max_speakers=max_speakers)


def attribute_with_features(
    words: Sequence[Word], features: Features, *, max_speakers: int = 3
) -> list[Turn]:
    """`attribute` with features already computed (by a `FeatureTrack` kept while recording)."""
    turns = split_turns(words)
    if not turns:
        return []
    f0, voiced, centroid = features
    for t in turns:
        _turn_voice(t, f0, voiced, centroid)
    turns = _split_voice_changes(turns, f0, voiced, centroid)
    n = cluster_turns(turns, max_speakers=max_speakers)
    assign_roles(turns, n)
    return turns


def _split_voice_changes(
    turns: list[Turn], f0: np.ndarray, voiced: np.ndarray, centroid: np.ndarray, depth: int = 0
) -> list[Turn]:
    """Whisper sometimes glues two speakers' words together; split where the pitch jumps.

    Candidate cuts are word boundaries; each is scored by the difference in median log-F0 of the
    voiced frames before and after it, so a cut lands between words, never inside one.
    """
    out: list[Turn] = []
    for t in turns:
        cut = _best_cut(t, f0, voiced) if len(t.words) >= 4 else None
        if cut is None:
            out.append(t)
            continue
        parts = [Turn(t.words[:cut]), Turn(t.words[cut:])]
        for part in parts:
            _turn_voice(part, f0, voiced, centroid)
        out.extend(_split_voice_changes(parts, f0, voiced, centroid, depth + 1) if depth < 3 else parts)
    return out


def _best_cut(t: Turn, f0: np.ndarray, voiced: np.ndarray) -> int | None:
    a, b = _frame_span(t.start, t.end, f0.size)
    idx = np.nonzero(voiced[a:b])[0] + a
    if idx.size < 2 * _MIN_VOICED_FRAMES:
        return None
    logf = np.log(f0[idx])
    best: tuple[float, int, float] = (float("inf"), -1, 0.0)  # (spread cost, cut, jump)
    for k in range(2, len(t.words) - 1):
        boundary = int(t.words[k].start * 100)
        n_left = int(np.searchsorted(idx, boundary))
        if n_left < _SPLIT_MIN_FRAMES or idx.size - n_left < _SPLIT_MIN_FRAMES:
            continue
        left, right = logf[:n_left], logf[n_left:]
        ml, mr = float(np.median(left)), float(np.median(right))
        cost = float(np.abs(left - ml).sum() + np.abs(right - mr).sum())
        if cost < best[0]:
            best = (cost, k, abs(ml - mr))
    # 0.35 in log-F0 is ~40 %: a different voice, not a falling sentence end.
    return best[1] if best[1] > 0 and best[2] > 0.35 else None
