"""Loading goal bank files into flat, resolved `Goal`s, and filling goal templates.

Banks are data (goal_banks/data/*.yaml plus any clinic directories); every problem is reported as
`FILE: path.to.field: message`, all problems at once, so a clinic can fix its file in one pass.
"""

from __future__ import annotations

import os
import re
import string
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from goal_banks.scales import METRICS, ordinal_scale, phrase, read_ordinal
from goal_banks.schema import BankFileSpec, LongTermGoalSpec, ShortTermGoalSpec, coerce_version

DATA_DIR = Path(__file__).resolve().parent / "data"
ENV_DIRS = "REHAB_SCRIBE_GOAL_BANK_DIRS"
DISCIPLINES: tuple[str, ...] = ("pt", "ot", "slp")
_ID_PART = r"[a-z0-9_]+"


class GoalBankError(ValueError):
    """A bank file that cannot be used; the message names the file and field of every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class TemplateError(ValueError):
    """A goal template with blanks left unfilled (or filled with nothing)."""


@dataclass(frozen=True)
class Target:
    value: float | str
    direction: Literal["higher", "lower", "match"]


@dataclass(frozen=True)
class Goal:
    """One goal from a bank, with everything inherited from its long-term goal already resolved."""

    id: str
    discipline: str
    domain: str
    domain_name: str
    kind: Literal["ltg", "stg"]
    text: str
    metric: str
    unit: str
    target: Target
    weeks: int
    functional_reason: str
    baseline: float | str | None = None
    body_part: str | None = None
    side: str | None = None
    motion: str | None = None
    task: tuple[str, ...] = ()
    instrument: str | None = None
    tags: tuple[str, ...] = ()
    parent_id: str | None = None
    stg_ids: tuple[str, ...] = ()
    bank_version: str = ""
    source: str = ""

    @property
    def time_frame(self) -> str:
        return f"{self.weeks} week" + ("" if self.weeks == 1 else "s")

    @property
    def blanks(self) -> tuple[str, ...]:
        """Names of the template blanks in `text`, in order, without repeats."""
        return template_blanks(self.text)

    def defaults(self) -> dict[str, str]:
        out = {"target": phrase(self.metric, self.unit, self.target.value), "weeks": str(self.weeks)}
        if self.baseline is not None:
            out["baseline"] = phrase(self.metric, self.unit, self.baseline)
        if self.side:
            out["side"] = self.side
        return out

    def display_text(self) -> str:
        """The text with defaults filled and person-specific blanks ({side}) dropped, for search and lists."""
        values = {**_DISPLAY_FALLBACK, **self.defaults()}
        text = _BLANK.sub(lambda m: values.get(m.group(1), m.group(1).replace("_", " ")), self.text)
        return re.sub(r"\s{2,}", " ", re.sub(r"\s+([,.])", r"\1", text)).strip()


_DISPLAY_FALLBACK = {"side": "", "device": "assistive device", "sound": "target"}
_BLANK = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def template_blanks(text: str) -> tuple[str, ...]:
    names = [f for _, f, _, _ in string.Formatter().parse(text) if f]
    return tuple(dict.fromkeys(names))


def fill_template(goal: Goal, **values: object) -> str:
    """Write a client's goal from a bank template.

    `target`, `weeks` and `baseline` default to the bank's values (a target passed as a number or
    level is phrased on the goal's scale); every other blank must be given, so nothing half-written
    reaches a plan of care.
    """
    filled = goal.defaults()
    for key, raw in values.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise TemplateError(f"{goal.id}: blank {{{key}}} was given no value")
        if key in ("target", "baseline"):
            filled[key] = _phrase_value(goal, raw)
        else:
            filled[key] = str(raw)
    missing = [b for b in goal.blanks if b not in filled]
    if missing:
        raise TemplateError(f"{goal.id}: unfilled blank(s) " + ", ".join("{" + m + "}" for m in missing))
    return _BLANK.sub(lambda m: filled[m.group(1)], goal.text)


def _phrase_value(goal: Goal, raw: object) -> str:
    level = read_ordinal(goal.metric, raw)
    if level is not None:
        return phrase(goal.metric, goal.unit, level)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return phrase(goal.metric, goal.unit, float(raw))
    return str(raw)


# --- loading ---------------------------------------------------------------------------------


@dataclass
class GoalBank:
    """All goals of the loaded files, indexed for lookup."""

    goals: list[Goal]
    versions: dict[str, list[str]] = field(default_factory=dict)  # discipline -> "file@version"
    by_id: dict[str, Goal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {g.id: g for g in self.goals}

    def select(self, discipline: str | None = None, domain: str | None = None) -> list[Goal]:
        return [
            g
            for g in self.goals
            if (discipline is None or g.discipline == discipline) and (domain is None or g.domain == domain)
        ]

    def get(self, goal_id: str) -> Goal:
        try:
            return self.by_id[goal_id]
        except KeyError:
            raise KeyError(f"unknown goal id {goal_id!r}") from None

    def domains(self, discipline: str) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for g in self.goals:
            if g.discipline == discipline:
                seen.setdefault(g.domain, g.domain_name)
        return list(seen.items())


def _loc(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def _pydantic_problems(name: str, err: ValidationError) -> list[str]:
    problems = []
    for e in err.errors():
        loc = [p for p in e["loc"] if not (isinstance(p, str) and p.startswith(("function-", "union")))]
        # Union members appear as an extra loc part ("float", "str"); drop them, the field is what matters.
        while loc and loc[-1] in ("float", "str", "int", "list[str]"):
            loc.pop()
        if e["type"] == "missing":
            msg = "required"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field"
        else:
            msg = e["msg"].removeprefix("Value error, ")
        line = f"{name}: {_loc(loc) or '(top level)'}: {msg}"
        if line not in problems:
            problems.append(line)
    return problems


def _check_goal(
    name: str,
    where: str,
    spec: LongTermGoalSpec | ShortTermGoalSpec,
    metric: str,
    unit: str,
    direction: str | None,
) -> list[str]:
    problems: list[str] = []
    ms = METRICS.get(metric)
    if ms is None:
        problems.append(f"{name}: {where}.metric: unknown metric {metric!r} (known: {', '.join(METRICS)})")
        return problems
    if ms.units is not None and unit not in ms.units:
        problems.append(
            f"{name}: {where}.unit: {unit!r} is not a unit of {metric} ({', '.join(sorted(ms.units))})"
        )
    if not unit:
        problems.append(f"{name}: {where}.unit: required")
    if direction is None:
        problems.append(f"{name}: {where}.target.direction: required for metric {metric!r}")
    scale = ordinal_scale(metric)
    for fld, val in (("target.value", spec.target.value), ("baseline", spec.baseline)):
        if val is None:
            continue
        if scale is not None:
            if read_ordinal(metric, val) is None:
                problems.append(
                    f"{name}: {where}.{fld}: {val!r} is not on the {metric} scale ({', '.join(scale)})"
                )
        elif ms.kind in ("numeric", "diet") and isinstance(val, str):
            problems.append(f"{name}: {where}.{fld}: must be a number for metric {metric!r}")
    if spec.text.count("{") != spec.text.count("}"):
        problems.append(f"{name}: {where}.text: unbalanced braces")
    else:
        try:
            blanks = template_blanks(spec.text)
        except ValueError as exc:
            problems.append(f"{name}: {where}.text: {exc}")
        else:
            bad = [b for b in blanks if not re.fullmatch(r"[a-z_][a-z0-9_]*", b)]
            if bad:
                problems.append(f"{name}: {where}.text: bad blank name(s) {bad}")
            missing = [b for b in ("target", "weeks") if b not in blanks]
            if missing:
                # A goal must say what it measures and by when; the values come from target and weeks.
                problems.append(
                    f"{name}: {where}.text: must contain " + " and ".join("{" + m + "}" for m in missing)
                )
    return problems


def _resolve_target(metric: str, value: float | str) -> float | str:
    if ordinal_scale(metric) is not None:
        return read_ordinal(metric, value) or value
    if metric in METRICS and METRICS[metric].kind in ("numeric", "diet") and isinstance(value, int | float):
        return float(value)
    return value


def load_bank_file(path: str | Path) -> list[Goal]:
    """Read and validate one bank file; raises GoalBankError naming the file and each bad field."""
    path = Path(path)
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoalBankError([f"{name}: cannot read: {exc.strerror or exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}" if mark is not None else "(top level)"
        raise GoalBankError([f"{name}: {at}: not valid YAML: {getattr(exc, 'problem', exc)}"]) from None
    if not isinstance(raw, dict):
        raise GoalBankError(
            [f"{name}: (top level): must be a mapping with bank_version, discipline, domains"]
        )
    try:
        spec = BankFileSpec.model_validate(coerce_version(raw))
    except ValidationError as exc:
        raise GoalBankError(_pydantic_problems(name, exc)) from None

    problems: list[str] = []
    goals: list[Goal] = []
    seen: dict[str, str] = {}
    disc = spec.discipline
    for di, dom in enumerate(spec.domains):
        for gi, ltg in enumerate(dom.goals):
            where = f"domains[{di}].goals[{gi}]"
            direction = (
                ltg.target.direction
                or ltg.direction
                or METRICS.get(ltg.metric, METRICS["count"]).default_direction
            )
            if (
                not re.fullmatch(rf"{disc}\.{_ID_PART}\.ltg\.\d{{2,3}}", ltg.id)
                or f".{dom.id}." not in ltg.id
            ):
                problems.append(f"{name}: {where}.id: {ltg.id!r} must look like {disc}.{dom.id}.ltg.NN")
            problems += _check_goal(name, where, ltg, ltg.metric, ltg.unit, direction)
            for loc, gid in ((where, ltg.id),):
                if gid in seen:
                    problems.append(f"{name}: {loc}.id: duplicate id {gid!r} (first at {seen[gid]})")
                seen[gid] = loc
            stg_ids = []
            for si, stg in enumerate(ltg.stg):
                swhere = f"{where}.stg[{si}]"
                if not re.fullmatch(rf"{re.escape(ltg.id)}\.stg\.\d{{2,3}}", stg.id):
                    problems.append(f"{name}: {swhere}.id: {stg.id!r} must look like {ltg.id}.stg.NN")
                if stg.id in seen:
                    problems.append(f"{name}: {swhere}.id: duplicate id {stg.id!r} (first at {seen[stg.id]})")
                seen[stg.id] = swhere
                metric = stg.metric or ltg.metric
                unit = stg.unit or (ltg.unit if metric == ltg.metric else "")
                if stg.metric and stg.metric != ltg.metric and not stg.unit:
                    problems.append(
                        f"{name}: {swhere}.unit: required when the metric differs from the goal's"
                    )
                    continue
                sdir = (
                    stg.target.direction
                    or stg.direction
                    or (direction if metric == ltg.metric else None)
                    or METRICS.get(metric, METRICS["count"]).default_direction
                )
                problems += _check_goal(name, swhere, stg, metric, unit, sdir)
                if stg.weeks > ltg.weeks:
                    problems.append(
                        f"{name}: {swhere}.weeks: {stg.weeks} is longer than its long-term goal's {ltg.weeks}"
                    )
                stg_ids.append(stg.id)
                if problems:
                    continue
                goals.append(
                    Goal(
                        id=stg.id,
                        discipline=disc,
                        domain=dom.id,
                        domain_name=dom.name,
                        kind="stg",
                        text=stg.text.strip(),
                        metric=metric,
                        unit=unit,
                        target=Target(_resolve_target(metric, stg.target.value), sdir),  # type: ignore[arg-type]
                        weeks=stg.weeks,
                        functional_reason=(stg.reason or ltg.reason).strip(),
                        baseline=None if stg.baseline is None else _resolve_target(metric, stg.baseline),
                        body_part=stg.body_part or ltg.body_part,
                        side=stg.side or ltg.side,
                        motion=stg.motion or ltg.motion,
                        task=tuple(stg.task or ltg.task or ()),
                        instrument=stg.instrument or ltg.instrument,
                        tags=tuple(dict.fromkeys([*ltg.tags, *stg.tags])),
                        parent_id=ltg.id,
                        bank_version=spec.bank_version,
                        source=str(path),
                    )
                )
            if problems:
                continue
            goals.append(
                Goal(
                    id=ltg.id,
                    discipline=disc,
                    domain=dom.id,
                    domain_name=dom.name,
                    kind="ltg",
                    text=ltg.text.strip(),
                    metric=ltg.metric,
                    unit=ltg.unit,
                    target=Target(_resolve_target(ltg.metric, ltg.target.value), direction),  # type: ignore[arg-type]
                    weeks=ltg.weeks,
                    functional_reason=ltg.reason.strip(),
                    baseline=None if ltg.baseline is None else _resolve_target(ltg.metric, ltg.baseline),
                    body_part=ltg.body_part,
                    side=ltg.side,
                    motion=ltg.motion,
                    task=tuple(ltg.task or ()),
                    instrument=ltg.instrument,
                    tags=tuple(ltg.tags),
                    stg_ids=tuple(stg_ids),
                    bank_version=spec.bank_version,
                    source=str(path),
                )
            )
    if problems:
        raise GoalBankError(problems)
    # Long-term goals first within their domain reads better in lists: LTG, then its STGs.
    order = {g.id: i for i, g in enumerate(goals)}
    goals.sort(
        key=lambda g: (order[g.parent_id] if g.parent_id else order[g.id], g.kind != "ltg", order[g.id])
    )
    return goals


def bank_dirs(extra_dirs: Sequence[str | Path] | None = None) -> list[Path]:
    """The built-in data directory, then REHAB_SCRIBE_GOAL_BANK_DIRS (os.pathsep-separated), then extras."""
    dirs = [DATA_DIR]
    env = os.environ.get(ENV_DIRS, "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    dirs += [Path(p) for p in extra_dirs or ()]
    return dirs


def bank_files(dirs: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            raise GoalBankError([f"{d}: goal bank directory does not exist"])
    return files


def load_goal_banks(paths: Sequence[str | Path]) -> GoalBank:
    """Load the given files/directories (and only those) into one bank; ids must be unique across them."""
    problems: list[str] = []
    goals: list[Goal] = []
    versions: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for f in bank_files([Path(p) for p in paths]):
        try:
            file_goals = load_bank_file(f)
        except GoalBankError as exc:
            problems += exc.problems
            continue
        for g in file_goals:
            if g.id in owner:
                problems.append(f"{f.name}: id {g.id!r} already defined in {owner[g.id]}")
            owner.setdefault(g.id, f.name)
        if file_goals:
            versions.setdefault(file_goals[0].discipline, []).append(f"{f.name}@{file_goals[0].bank_version}")
        goals += file_goals
    if problems:
        raise GoalBankError(problems)
    return GoalBank(goals, versions)


_cache: dict[tuple[str, ...], GoalBank] = {}
_cache_lock = threading.Lock()


def load_banks(extra_dirs: Sequence[str | Path] | None = None) -> GoalBank:
    """The built-in banks plus clinic banks; cached per process and per directory list."""
    dirs = bank_dirs(extra_dirs)
    key = tuple(str(d.resolve()) for d in dirs)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = load_goal_banks(dirs)
        return _cache[key]


def all_goals(
    discipline: str | None = None, domain: str | None = None, extra_dirs: Sequence[str | Path] | None = None
) -> list[Goal]:
    return load_banks(extra_dirs).select(discipline, domain)


def get_goal(goal_id: str, extra_dirs: Sequence[str | Path] | None = None) -> Goal:
    return load_banks(extra_dirs).get(goal_id)
