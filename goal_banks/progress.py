"""Progress toward a client's goals, computed from the session's measurements.

Status is only ever derived from a measurement found in the session (which carries its evidence) or,
for `match_goals_to_session`, from a statement that talks about the goal; nothing is inferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from goal_banks.bank import Goal
from goal_banks.scales import (
    METRICS,
    convert,
    iddsi_level,
    norm_unit,
    number,
    ordinal_scale,
    read_ordinal,
    short,
)
from note_builder.types import Evidence, Measurement

ProgressStatus = Literal["met", "progressing", "not_progressing", "regressed", "measured"]

# Metrics whose measurements may come in under another type: a lift is often said as reps with a load.
_MEASUREMENT_TYPES: dict[str, tuple[str, ...]] = {
    "load": ("load", "reps_sets"),
    "count": ("count", "distance", "reps_sets"),
}
# For these the task is what tells one measurement from another ("tub transfer" vs "toilet transfer"),
# so a measurement that names no task cannot be credited to a goal that has one.
_TASK_REQUIRED = {"assist_level", "cue_level", "accuracy", "duration", "count", "reps_sets", "load"}


@dataclass
class EpisodeGoal:
    """A goal on a client's plan of care: a bank goal made specific (baseline, side, dates)."""

    goal_id: str
    text: str
    metric: str
    unit: str
    target: float | str
    direction: Literal["higher", "lower", "match"] = "higher"
    baseline: float | str | None = None
    previous_value: float | str | None = None  # the value last documented, if newer than the baseline
    body_part: str | None = None
    side: str | None = None
    motion: str | None = None
    task: str | None = None
    task_aliases: tuple[str, ...] = ()
    instrument: str | None = None
    kind: Literal["ltg", "stg"] = "stg"
    due_date: date | None = None
    status: str = "active"  # active | met | discontinued | deferred
    last_addressed_visits: int = 0  # visits since this goal was last addressed (0: addressed last visit)

    @classmethod
    def from_goal(
        cls,
        goal: Goal,
        *,
        text: str | None = None,
        baseline: float | str | None = None,
        side: str | None = None,
        target: float | str | None = None,
        **extra: Any,
    ) -> EpisodeGoal:
        """An episode goal from a bank goal; `text` is usually `fill_template(goal, ...)`'s result."""
        return cls(
            goal_id=goal.id,
            text=text or goal.display_text(),
            metric=goal.metric,
            unit=goal.unit,
            target=goal.target.value if target is None else target,
            direction=goal.target.direction,
            baseline=baseline if baseline is not None else goal.baseline,
            body_part=goal.body_part,
            side=side or goal.side,
            motion=goal.motion,
            task=goal.task[0] if goal.task else None,
            task_aliases=goal.task[1:],
            instrument=goal.instrument,
            kind=goal.kind,
            **extra,
        )


@dataclass
class GoalProgress:
    goal_id: str
    status: ProgressStatus
    current: float | str
    target: float | str
    baseline: float | str | None
    previous: float | str | None  # what "progressing" was judged against (previous value or baseline)
    percent: float | None  # of the way from baseline to target; >100 past the target, <0 behind baseline
    sentence: str
    measurement: Measurement
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal_id": self.goal_id,
            "status": self.status,
            "current": self.current,
            "target": self.target,
            "baseline": self.baseline,
            "previous": self.previous,
            "percent": self.percent,
            "sentence": self.sentence,
            "evidence": [e.to_dict() for e in self.evidence],
        }


# --- matching a measurement to a goal --------------------------------------------------------------

_STOP = {"the", "a", "an", "of", "with", "to", "and", "on", "in", "at", "for", "from", "into", "out"}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str | None) -> set[str]:
    if not text:
        return set()
    words = re.findall(r"[a-z0-9]+", text.lower().replace("-", " ").replace("/", " "))
    return {_stem(w) for w in words if w not in _STOP}


def _phrase_match(goal_phrases: Sequence[str], got: str | None) -> bool | None:
    """True/False when both sides name something, None when the measurement is silent."""
    if not got:
        return None
    g = tokens(got)
    for p in goal_phrases:
        t = tokens(p)
        if t and (t <= g or g <= t):
            return True
    return False


def _side(side: str | None) -> str | None:
    if not side:
        return None
    s = side.lower().strip()
    return {"l": "left", "lt": "left", "r": "right", "rt": "right", "both": "bilateral"}.get(s, s)


def _measurement_task(m: Measurement) -> str | None:
    if m.task:
        return m.task
    for key in ("target", "exercise", "activity", "name"):
        v = m.extra.get(key)
        if isinstance(v, str) and v:
            return v
    return None


def _instrument(m: Measurement) -> str | None:
    for key in ("instrument", "test", "scale_name", "name"):
        v = m.extra.get(key)
        if isinstance(v, str) and v:
            return v
    return None


def _norm_instrument(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def _match_score(goal: EpisodeGoal, m: Measurement) -> int | None:
    """None if `m` cannot be about `goal`; otherwise how many of the goal's filters it confirms."""
    if m.negated or m.when == "prior":
        return None
    if m.type != goal.metric and m.type not in _MEASUREMENT_TYPES.get(goal.metric, ()):
        return None
    score = 0
    gs, ms = _side(goal.side), _side(m.side)
    if gs and ms:
        if gs != ms and "bilateral" not in (gs, ms):
            return None
        score += 1
    for want, got in ((goal.body_part, m.body_part), (goal.motion, m.motion)):
        if want:
            hit = _phrase_match([want], got)
            if hit is False:
                # "shoulder external rotators" names motion inside body_part; accept either way round.
                if want == goal.motion and _phrase_match([want], m.body_part):
                    score += 1
                    continue
                return None
            score += 1 if hit else 0
    if goal.task:
        hit = _phrase_match([goal.task, *goal.task_aliases], _measurement_task(m))
        if hit is False or (hit is None and goal.metric in _TASK_REQUIRED):
            return None
        score += 1 if hit else 0
    if goal.instrument:
        inst = _instrument(m)
        if inst is None:
            return None
        a, b = _norm_instrument(goal.instrument), _norm_instrument(inst)
        if not (a in b or b in a or tokens(goal.instrument) & tokens(inst) - {"test", "scale"}):
            return None
        score += 1
    if _value_of(goal, m) is None:
        return None
    return score


def _value_of(goal: EpisodeGoal, m: Measurement) -> float | str | None:
    """The measurement's value on the goal's scale and unit."""
    kind = METRICS[goal.metric].kind if goal.metric in METRICS else "numeric"
    ex = m.extra
    if kind in ("assist", "cue", "mmt"):
        keys = {"assist": ("level", "assist"), "cue": ("cue_level", "level"), "mmt": ("grade",)}[kind]
        for raw in (*(ex.get(k) for k in keys), m.value):
            level = read_ordinal(goal.metric, raw)
            if level is not None:
                return level
        return None
    if kind == "diet":
        for raw in (ex.get("level"), m.value):
            lvl = iddsi_level(raw, goal.unit)
            if lvl is not None:
                return float(lvl)
        return None
    if kind == "categorical":
        raw = ex.get("result", m.value)
        return str(raw).lower() if raw is not None else None
    if goal.metric == "reps_sets":
        raw = ex.get("sets") if goal.unit == "sets" else ex.get("reps", m.value)
        return number(raw)
    if goal.metric == "load":
        raw = ex.get("load", m.value) if m.type == "reps_sets" else m.value
        n = number(raw)
        load_unit = (
            ex.get("load_unit") or m.unit or (re.sub(r"[\d.\s]+", "", raw) if isinstance(raw, str) else None)
        )
        return None if n is None else convert(n, load_unit or goal.unit, goal.unit)
    n = number(m.value)
    if n is None:
        return None
    if goal.metric == "pain":
        scale = number(ex.get("scale"))
        if scale and scale != 10:
            n = n * 10 / scale
        return n
    mu = norm_unit(m.unit)
    if mu in (None, "percent", "deg", "/10") or goal.metric in (
        "accuracy",
        "intelligibility",
        "rom",
        "count",
    ):
        return n
    return convert(n, mu, goal.unit)


def _position(goal: EpisodeGoal, value: float | str | None) -> float | None:
    """Where a value sits on the goal's scale: the number itself, or an ordinal's index."""
    if value is None:
        return None
    scale = ordinal_scale(goal.metric)
    if scale is not None:
        level = read_ordinal(goal.metric, value)
        return float(scale.index(level)) if level is not None else None
    if METRICS.get(goal.metric) is not None and METRICS[goal.metric].kind == "diet":
        lvl = iddsi_level(value, goal.unit)
        return None if lvl is None else float(lvl)
    return number(value)


def select_measurement(goal: EpisodeGoal, measurements: Sequence[Measurement]) -> Measurement | None:
    """The session's current value for this goal: the best-matching, latest non-negated measurement.

    "current" beats "post" (the post-treatment pain is not the day's status); within that the
    measurement confirming most of the goal's filters wins, then the later one in the session.
    """
    best: tuple[int, int, int] | None = None
    chosen: Measurement | None = None
    for i, m in enumerate(measurements):
        s = _match_score(goal, m)
        if s is None:
            continue
        key = (1 if m.when == "current" else 0, s, i)
        if best is None or key > best:
            best, chosen = key, m
    return chosen


def _prior_in_session(goal: EpisodeGoal, measurements: Sequence[Measurement]) -> float | str | None:
    for m in reversed(measurements):
        if m.when == "prior" and not m.negated:
            as_current = Measurement(**{**m.__dict__, "when": "current"})
            if _match_score(goal, as_current) is not None:
                return _value_of(goal, as_current)
    return None


def _label(goal: EpisodeGoal) -> str:
    if goal.instrument:
        return goal.instrument
    parts = [p for p in (goal.side, goal.body_part, goal.motion) if p]
    if goal.metric in ("rom", "mmt") and parts:
        return " ".join(parts) + (" strength" if goal.metric == "mmt" else "")
    if goal.task:
        extra = {"accuracy": " accuracy", "intelligibility": "", "pain": " pain"}.get(goal.metric, "")
        return goal.task + extra
    if goal.metric == "pain":
        return " ".join([*parts, "pain"]) if parts else "pain"
    return goal.metric.replace("_", " ")


def goal_progress(goal: EpisodeGoal, measurements: Sequence[Measurement]) -> GoalProgress | None:
    """Progress on one goal from this session's measurements; None when nothing in the session measures it.

    Percent is (current - baseline) / (target - baseline) on the goal's scale (ordinal levels by their
    rank), so 105° against 90°->115° is 60%. Status: met when the target is reached or passed;
    otherwise compared with the previous value (the goal's `previous_value`, else a value the session
    reports as prior, else the baseline): progressing, not_progressing or regressed; `measured` when
    there is nothing to compare with.
    """
    m = select_measurement(goal, measurements)
    if m is None:
        return None
    current = _value_of(goal, m)
    assert current is not None  # _match_score refused measurements without a value
    label = _label(goal)
    u = goal.unit
    cur_s = short(goal.metric, u, current)
    tgt_s = short(goal.metric, u, _canon(goal, goal.target))

    if goal.direction == "match" or _position(goal, current) is None:
        met = str(current).lower() == str(goal.target).lower()
        status: ProgressStatus = "met" if met else "measured"
        sentence = f"{label.capitalize()}: {cur_s}" + ("; target met." if met else f"; target is {tgt_s}.")
        return GoalProgress(
            goal.goal_id,
            status,
            current,
            goal.target,
            goal.baseline,
            None,
            None,
            sentence,
            m,
            list(m.evidence),
        )

    sign = 1.0 if goal.direction == "higher" else -1.0
    cur = _position(goal, current)
    tgt = _position(goal, goal.target)
    base = _position(goal, goal.baseline)
    assert cur is not None
    previous = (
        goal.previous_value if goal.previous_value is not None else _prior_in_session(goal, measurements)
    )
    if previous is None:
        previous = goal.baseline
    prev = _position(goal, previous)

    percent: float | None = None
    if base is not None and tgt is not None and tgt != base:
        percent = round((cur - base) / (tgt - base) * 100.0, 1)

    if tgt is not None and sign * (cur - tgt) >= 0:
        status = "met"
    elif prev is None:
        status = "measured"
    elif sign * (cur - prev) > 0:
        status = "progressing"
    elif cur == prev:
        status = "not_progressing"
    else:
        status = "regressed"

    text = f"{label[:1].upper()}{label[1:]} {cur_s}"
    if percent is not None:
        shown = min(percent, 100.0) if status == "met" else percent
        text += (
            f": {shown:g}% of the way from {short(goal.metric, u, _canon(goal, goal.baseline))} to {tgt_s}"
        )
    else:
        text += f" (target {tgt_s})"
    prev_s = short(goal.metric, u, _canon(goal, previous)) if previous is not None else None
    tail = {
        "met": "target met",
        "progressing": f"progressing, up from {prev_s}" if sign > 0 else f"progressing, down from {prev_s}",
        "not_progressing": f"not progressing, unchanged from {prev_s}",
        "regressed": f"regressed from {prev_s}",
        "measured": "no earlier value to compare",
    }[status]
    if status == "progressing" and ordinal_scale(goal.metric) is not None:
        tail = f"progressing, improved from {prev_s}"
    sentence = f"{text}; {tail}."
    return GoalProgress(
        goal_id=goal.goal_id,
        status=status,
        current=current,
        target=_canon(goal, goal.target) or goal.target,
        baseline=_canon(goal, goal.baseline),
        previous=_canon(goal, previous),
        percent=percent,
        sentence=sentence,
        measurement=m,
        evidence=list(m.evidence),
    )


def _canon(goal: EpisodeGoal, value: float | str | None) -> float | str | None:
    if value is None:
        return None
    level = read_ordinal(goal.metric, value)
    if level is not None:
        return level
    if METRICS.get(goal.metric) is not None and METRICS[goal.metric].kind == "diet":
        lvl = iddsi_level(value, goal.unit)
        return None if lvl is None else float(lvl)
    n = number(value)
    return n if n is not None else value


# --- change over a reporting period ------------------------------------------------------------------


@dataclass(frozen=True)
class GoalChange:
    """One goal's change between an earlier value (the last progress report's) and this visit's."""

    goal_id: str
    earlier: float | str | None
    current: float | str | None
    change: float | None  # current - earlier on the goal's scale (ordinal levels by rank)
    toward_target: bool | None  # None: no change, nothing to compare, or a goal with no direction
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal_id": self.goal_id,
            "earlier": self.earlier,
            "current": self.current,
            "change": self.change,
            "toward_target": self.toward_target,
            "sentence": self.sentence,
        }


def change_since(
    goal: EpisodeGoal,
    current: float | str | None,
    earlier: float | str | None,
    *,
    earlier_label: str = "at the last report",
) -> GoalChange:
    """How far a goal moved over a reporting period, on the goal's own scale.

    A progress report must say, goal by goal, what changed since the last report (Medicare Benefit
    Policy Manual ch. 15 §220.3); the visit-to-visit status in `goal_progress` does not say that.
    `current` None means the goal was not measured this visit, which the sentence says plainly.
    """
    label = _label(goal)
    name = label[:1].upper() + label[1:]
    u = goal.unit
    cur, ear = _canon(goal, current), _canon(goal, earlier)
    ear_s = short(goal.metric, u, ear)
    if cur is None:
        tail = f"; {ear_s} {earlier_label}." if ear is not None else "."
        return GoalChange(goal.goal_id, ear, None, None, None, f"{name}: not measured this visit{tail}")
    cur_s = short(goal.metric, u, cur)
    cur_p, ear_p = _position(goal, cur), _position(goal, ear)
    if ear is None:
        sentence = f"{name} {cur_s}; no earlier value to compare."
        return GoalChange(goal.goal_id, None, cur, None, None, sentence)
    if cur_p is None or ear_p is None:  # a categorical goal: the two values, no arithmetic
        sentence = f"{name}: {ear_s} {earlier_label}, {cur_s} now."
        return GoalChange(goal.goal_id, ear, cur, None, None, sentence)
    delta = round(cur_p - ear_p, 1)
    toward: bool | None = None
    if delta != 0 and goal.direction != "match":
        toward = (delta > 0) == (goal.direction == "higher")
    if delta == 0:
        moved = "no change"
    elif ordinal_scale(goal.metric) is not None:
        steps = abs(int(delta))
        verb = "changed" if toward is None else "improved" if toward else "declined"
        moved = f"{verb} {steps} level{'s' if steps != 1 else ''}"
    else:
        moved = f"{'+' if delta > 0 else '-'}{short(goal.metric, u, abs(delta))}"
    sentence = f"{name}: {ear_s} {earlier_label}, {cur_s} now ({moved})."
    return GoalChange(goal.goal_id, ear, cur, delta, toward, sentence)


# --- linking a whole session to the episode's goals ------------------------------------------------


@dataclass
class GoalMatch:
    goal_id: str
    addressed: bool
    via: Literal["measurement", "statement"] | None
    status: str  # a ProgressStatus, "addressed" (talked about, not measured) or "not_addressed"
    progress: GoalProgress | None = None
    statement_index: int | None = None
    similarity: float | None = None
    visits_since_addressed: int = 0
    overdue: bool = False  # not addressed for `not_addressed_after` visits or more
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "goal_id": self.goal_id,
            "addressed": self.addressed,
            "via": self.via,
            "status": self.status,
            "visits_since_addressed": self.visits_since_addressed,
            "overdue": self.overdue,
            "message": self.message,
        }
        if self.progress is not None:
            out["progress"] = self.progress.to_dict()
        if self.statement_index is not None:
            out["statement_index"] = self.statement_index
            out["similarity"] = self.similarity
        return out


# MiniLM cosine between a goal (without its functional reason) and a sentence about it: related pairs
# measured 0.40-0.65 on session-style sentences, unrelated ones below 0.32.
DEFAULT_SIMILARITY = 0.38


def _goal_sentence(goal: EpisodeGoal) -> str:
    # Time frames and "Client will" are the same in every goal; leaving them in blurs the comparison.
    text = re.sub(r"\{[a-z_]+\}", "", goal.text)
    text = re.sub(r"\bwithin \d+ weeks?\b", "", text)
    text = re.sub(r"^(Client|Child|Caregivers?) will\s+", "", text.strip())
    # The functional reason ("..., to reach the bedroom") is about life, not about what was done today.
    head, sep, _ = text.rpartition(", to ")
    if sep and len(head) > 20:
        text = head
    return re.sub(r"\s{2,}", " ", text).strip(" ,.")


def match_goals_to_session(
    goals: Sequence[EpisodeGoal],
    measurements: Sequence[Measurement],
    statements_text: Sequence[str],
    *,
    threshold: float = DEFAULT_SIMILARITY,
    not_addressed_after: int = 3,
) -> list[GoalMatch]:
    """One GoalMatch per goal, in order: measured, talked about, or not addressed (and overdue?).

    A measurement that matches the goal wins; otherwise the most similar statement (MiniLM cosine) at or
    above `threshold`. Goals already met or discontinued are never flagged overdue.
    """
    out: list[GoalMatch] = []
    pending: list[int] = []
    for g in goals:
        prog = goal_progress(g, measurements)
        if prog is not None:
            out.append(
                GoalMatch(g.goal_id, True, "measurement", prog.status, progress=prog, message=prog.sentence)
            )
        else:
            out.append(GoalMatch(g.goal_id, False, None, "not_addressed"))
            pending.append(len(out) - 1)

    texts = [t for t in statements_text if t and t.strip()]
    if pending and texts:
        from nlp import embedder

        index = [i for i, t in enumerate(statements_text) if t and t.strip()]
        emb = embedder()
        s_vecs = emb.embed(texts)
        g_vecs = emb.embed([_goal_sentence(goals[i]) for i in pending])
        sims = g_vecs @ s_vecs.T
        for row, gi in enumerate(pending):
            j = int(sims[row].argmax())
            sim = float(sims[row, j])
            if sim >= threshold:
                gm = out[gi]
                gm.addressed, gm.via, gm.status = True, "statement", "addressed"
                gm.statement_index, gm.similarity = index[j], round(sim, 3)
                gm.message = f"Addressed in session: {statements_text[index[j]]!r}"

    for g, gm in zip(goals, out, strict=True):
        gm.visits_since_addressed = 0 if gm.addressed else g.last_addressed_visits + 1
        if not gm.addressed and g.status not in ("met", "discontinued"):
            gm.overdue = gm.visits_since_addressed >= not_addressed_after
            gm.message = (
                f"Goal not addressed for {gm.visits_since_addressed} visits."
                if gm.overdue
                else "Goal not addressed this session."
            )
    return out
