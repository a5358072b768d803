"""Measurement scales the goal banks speak: which metrics exist, their units, ordinal ladders, and how
a value is read from a `Measurement` and written back for a person.

Kept apart from the loader so progress and templates read values the same way the bank validates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["higher", "lower", "match"]

# Ordinal ladders, worst first. Clinics write these many ways; `ALIASES` folds the usual spellings in.
ASSIST_SCALE: tuple[str, ...] = (
    "dependent",
    "maximal",
    "moderate",
    "minimal",
    "contact guard",
    "stand by",
    "supervision",
    "modified independent",
    "independent",
)
CUE_SCALE: tuple[str, ...] = ("maximal", "moderate", "minimal", "independent")
MMT_SCALE: tuple[str, ...] = ("0", "1", "2-", "2", "2+", "3-", "3", "3+", "4-", "4", "4+", "5-", "5")

_ASSIST_ALIASES: dict[str, str] = {
    "total": "dependent",
    "dependent": "dependent",
    "max": "maximal",
    "maximum": "maximal",
    "maximal": "maximal",
    "mod": "moderate",
    "moderate": "moderate",
    "min": "minimal",
    "minimum": "minimal",
    "minimal": "minimal",
    "cga": "contact guard",
    "contact guard": "contact guard",
    "sba": "stand by",
    "standby": "stand by",
    "stand by": "stand by",
    "supervision": "supervision",
    "supervised": "supervision",
    "set up": "supervision",
    "setup": "supervision",
    "mod i": "modified independent",
    "modified independent": "modified independent",
    "modified independence": "modified independent",
    "modified independently": "modified independent",
    "independent": "independent",
    "independently": "independent",
    "independence": "independent",
    "indep": "independent",
}
_CUE_ALIASES: dict[str, str] = {
    "max": "maximal",
    "maximum": "maximal",
    "maximal": "maximal",
    "constant": "maximal",
    "mod": "moderate",
    "moderate": "moderate",
    "frequent": "moderate",
    "min": "minimal",
    "minimum": "minimal",
    "minimal": "minimal",
    "occasional": "minimal",
    "intermittent": "minimal",
    "independent": "independent",
    "independently": "independent",
    "no": "independent",
    "none": "independent",
    "without": "independent",
}

# IDDSI: drinks 0-4 (0 thin), foods 3-7 (7 regular). Names as clinicians say them.
IDDSI_DRINK_NAMES: dict[str, int] = {
    "thin": 0,
    "slightly thick": 1,
    "mildly thick": 2,
    "nectar thick": 2,
    "nectar": 2,
    "moderately thick": 3,
    "honey thick": 3,
    "honey": 3,
    "extremely thick": 4,
    "pudding thick": 4,
}
IDDSI_FOOD_NAMES: dict[str, int] = {
    "liquidised": 3,
    "liquidized": 3,
    "pureed": 4,
    "puree": 4,
    "minced and moist": 5,
    "minced moist": 5,
    "minced": 5,
    "soft and bite sized": 6,
    "soft bite sized": 6,
    "soft": 6,
    "easy to chew": 7,
    "regular": 7,
}
IDDSI_LABELS: dict[str, dict[int, str]] = {
    "iddsi_drink": {
        0: "thin",
        1: "slightly thick",
        2: "mildly thick",
        3: "moderately thick",
        4: "extremely thick",
    },
    "iddsi_food": {
        3: "liquidised",
        4: "pureed",
        5: "minced and moist",
        6: "soft and bite-sized",
        7: "regular",
    },
}


@dataclass(frozen=True)
class MetricSpec:
    """What a metric may be measured in and which way is better when the bank does not say."""

    units: frozenset[str] | None  # None: any non-empty unit (counts of things)
    default_direction: Direction | None  # None: the goal must say
    kind: Literal["numeric", "assist", "cue", "mmt", "diet", "categorical"] = "numeric"


METRICS: dict[str, MetricSpec] = {
    "pain": MetricSpec(frozenset({"/10"}), "lower"),
    "rom": MetricSpec(frozenset({"deg"}), "higher"),
    "mmt": MetricSpec(frozenset({"grade"}), "higher", "mmt"),
    "grip_strength": MetricSpec(frozenset({"lb", "kg"}), "higher"),
    "pinch_strength": MetricSpec(frozenset({"lb", "kg"}), "higher"),
    "reps_sets": MetricSpec(frozenset({"reps", "sets"}), "higher"),
    "distance": MetricSpec(frozenset({"ft", "m", "in", "cm"}), "higher"),
    "load": MetricSpec(frozenset({"lb", "kg"}), "higher"),
    "duration": MetricSpec(frozenset({"s", "min"}), None),
    "count": MetricSpec(None, "higher"),
    "assist_level": MetricSpec(frozenset({"level"}), "higher", "assist"),
    "cue_level": MetricSpec(frozenset({"level"}), "higher", "cue"),
    "outcome_score": MetricSpec(frozenset({"points", "percent", "s", "m", "ft", "in"}), None),
    "accuracy": MetricSpec(frozenset({"percent"}), "higher"),
    "intelligibility": MetricSpec(frozenset({"percent"}), "higher"),
    "diet_level": MetricSpec(frozenset({"iddsi_food", "iddsi_drink"}), None, "diet"),
    "special_test": MetricSpec(frozenset({"result"}), "match", "categorical"),
}

_UNIT_ALIASES: dict[str, str] = {
    "deg": "deg",
    "degree": "deg",
    "degrees": "deg",
    "°": "deg",
    "%": "percent",
    "percent": "percent",
    "pct": "percent",
    "ft": "ft",
    "feet": "ft",
    "foot": "ft",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "yd": "yd",
    "in": "in",
    "inch": "in",
    "inches": "in",
    "cm": "cm",
    "centimeters": "cm",
    "yards": "yd",
    "s": "s",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "min": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "kg": "kg",
    "kilograms": "kg",
    "/10": "/10",
    "out of 10": "/10",
}
# Factors into a base unit per dimension, so 30 m and 98 ft compare.
_TO_BASE: dict[str, tuple[str, float]] = {
    "ft": ("length", 0.3048),
    "m": ("length", 1.0),
    "yd": ("length", 0.9144),
    "in": ("length", 0.0254),
    "cm": ("length", 0.01),
    "s": ("time", 1.0),
    "min": ("time", 60.0),
    "lb": ("mass", 0.45359237),
    "kg": ("mass", 1.0),
}


def norm_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    u = unit.strip().lower()
    return _UNIT_ALIASES.get(u, u)


def convert(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """Convert between units of one dimension; None when they are not comparable."""
    fu, tu = norm_unit(from_unit), norm_unit(to_unit)
    if fu is None or tu is None or fu == tu:
        return value
    a, b = _TO_BASE.get(fu), _TO_BASE.get(tu)
    if a is None or b is None or a[0] != b[0]:
        return None
    return value * a[1] / b[1]


def _clean(text: str) -> str:
    t = text.lower().replace("-", " ").replace("_", " ")
    t = re.sub(r"[^a-z0-9+/ ]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def assist_level(raw: object) -> str | None:
    """Fold a spoken assist level ("min A", "CGA", "mod I") onto ASSIST_SCALE."""
    if not isinstance(raw, str):
        return None
    t = _clean(raw)
    t = re.sub(r"\b(assistance|assist|a|level|of|with|x\s*\d+|person)\b", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    if t in _ASSIST_ALIASES:
        return _ASSIST_ALIASES[t]
    for alias in sorted(_ASSIST_ALIASES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(alias)}\b", t):
            return _ASSIST_ALIASES[alias]
    return None


def cue_level(raw: object) -> str | None:
    """Fold a cue level ("min cues", "no cues", "occasional verbal cues") onto CUE_SCALE.

    Cue *types* (phonemic, semantic, visual) are not levels and give None.
    """
    if not isinstance(raw, str):
        return None
    t = _clean(raw)
    t = re.sub(r"\b(cues?|cueing|prompts?|prompting|verbal|visual|tactile|level|with)\b", " ", t)
    t = re.sub(r"\s+", " ", t).strip()
    if t in _CUE_ALIASES:
        return _CUE_ALIASES[t]
    for alias in sorted(_CUE_ALIASES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(alias)}\b", t):
            return _CUE_ALIASES[alias]
    return None


def mmt_grade(raw: object) -> str | None:
    """Read a manual muscle test grade ("4-", "4 minus", "4/5", 3) onto MMT_SCALE."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        g = str(int(raw)) if float(raw).is_integer() else None
        return g if g in MMT_SCALE else None
    t = str(raw).lower().strip()
    t = t.replace("minus", "-").replace("plus", "+").replace("trace", "1").replace("zero", "0")
    t = re.sub(r"\s*/\s*5\b", "", t)
    t = re.sub(r"\s+", "", t)
    m = re.search(r"[0-5][+-]?", t)
    if not m:
        return None
    g = m.group(0)
    return g if g in MMT_SCALE else None


def iddsi_level(raw: object, unit: str) -> int | None:
    """IDDSI level from a number or a name ("pureed", "mildly thick", "level 4")."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        return int(raw)
    t = _clean(str(raw))
    m = re.search(r"\b([0-7])\b", t)
    if m:
        return int(m.group(1))
    names = IDDSI_DRINK_NAMES if unit == "iddsi_drink" else IDDSI_FOOD_NAMES
    for name in sorted(names, key=len, reverse=True):
        if name in t:
            return names[name]
    return None


def number(raw: object) -> float | None:
    """A number from a value that may be a string ("60%", "105 degrees")."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        return float(raw)
    m = re.search(r"-?\d+(?:\.\d+)?", str(raw))
    return float(m.group(0)) if m else None


def ordinal_scale(metric: str) -> tuple[str, ...] | None:
    kind = METRICS[metric].kind if metric in METRICS else "numeric"
    return {"assist": ASSIST_SCALE, "cue": CUE_SCALE, "mmt": MMT_SCALE}.get(kind)


def read_ordinal(metric: str, raw: object) -> str | None:
    kind = METRICS[metric].kind if metric in METRICS else "numeric"
    if kind == "assist":
        return assist_level(raw)
    if kind == "cue":
        return cue_level(raw)
    if kind == "mmt":
        return mmt_grade(raw)
    return None


def _num_text(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


_ASSIST_PHRASE: dict[str, str] = {
    "dependent": "with total assistance",
    "maximal": "with maximal assistance",
    "moderate": "with moderate assistance",
    "minimal": "with minimal assistance",
    "contact guard": "with contact guard assistance",
    "stand by": "with stand-by assistance",
    "supervision": "with supervision",
    "modified independent": "with modified independence",
    "independent": "independently",
}
_CUE_PHRASE: dict[str, str] = {
    "maximal": "with maximal cues",
    "moderate": "with moderate cues",
    "minimal": "with minimal cues",
    "independent": "without cues",
}


def phrase(metric: str, unit: str, value: float | str) -> str:
    """A target as it reads inside goal text: "115 degrees", "80%", "with minimal assistance"."""
    kind = METRICS[metric].kind if metric in METRICS else "numeric"
    if kind == "assist":
        return _ASSIST_PHRASE.get(str(value), str(value))
    if kind == "cue":
        return _CUE_PHRASE.get(str(value), str(value))
    if kind == "mmt":
        return f"{value}/5"
    if kind == "diet":
        lvl = int(float(value))
        name = IDDSI_LABELS.get(unit, {}).get(lvl)
        return f"IDDSI level {lvl}" + (f" ({name})" if name else "")
    if kind == "categorical":
        return str(value)
    if isinstance(value, str):
        return value
    n = _num_text(value)
    words = {
        "deg": f"{n} degrees",
        "percent": f"{n}%",
        "/10": f"{n}/10",
        "ft": f"{n} feet",
        "m": f"{n} meters",
        "in": f"{n} inches",
        "cm": f"{n} cm",
        "s": f"{n} seconds",
        "min": f"{n} minutes",
        "lb": f"{n} pounds",
        "kg": f"{n} kg",
        "points": f"{n} points",
        "reps": f"{n} repetitions",
        "sets": f"{n} sets",
    }
    return words.get(unit, f"{n} {unit}")


def short(metric: str, unit: str | None, value: float | str | None) -> str:
    """A value as it reads in a progress sentence: "105°", "60%", "minimal assist", "4-/5"."""
    if value is None:
        return "none"
    kind = METRICS[metric].kind if metric in METRICS else "numeric"
    if kind == "assist":
        return (
            f"{value} assist"
            if value not in ("independent", "modified independent", "supervision")
            else str(value)
        )
    if kind == "cue":
        return f"{value} cues" if value != "independent" else "no cues"
    if kind == "mmt":
        return f"{value}/5"
    if kind == "diet":
        return f"IDDSI {_num_text(float(value))}"
    if isinstance(value, str):
        return value
    n = _num_text(round(value, 1))
    u = unit or ""
    return {
        "deg": f"{n}°",
        "percent": f"{n}%",
        "/10": f"{n}/10",
        "": n,
    }.get(u, f"{n} {u}")
