"""The shape of a goal bank file, as pydantic models.

Structure and types are checked here; rules that relate fields to one another (ids, units per metric,
ordinal targets) are checked by the loader afterwards so its messages can name the exact field.
See docs/goal-banks.md for the file format.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Discipline = Literal["pt", "ot", "slp"]


def _scalar(v: Any) -> Any:
    # YAML turns `yes` into True; a target of True is never what a clinician meant.
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise ValueError("must be a number or a word")
    return v


def _target(v: Any) -> Any:
    # `target: 12` is shorthand for `target: {value: 12}`; direction then comes from the goal or metric.
    if isinstance(v, dict):
        return v
    return {"value": v}


def _str_list(v: Any) -> Any:
    if isinstance(v, str):
        return [v]
    return v


Scalar = Annotated[float | str, BeforeValidator(_scalar)]
Direction = Literal["higher", "lower", "match"]


class TargetSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Scalar
    direction: Direction | None = None


class _GoalFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=3)
    text: str = Field(min_length=10)
    target: Annotated[TargetSpec, BeforeValidator(_target)]
    weeks: int = Field(ge=1, le=104)
    baseline: Scalar | None = None
    # Inherited from the long-term goal when a short-term goal leaves them out.
    metric: str | None = None
    unit: str | None = None
    direction: Direction | None = None
    reason: str | None = None
    body_part: str | None = None
    side: str | None = None
    motion: str | None = None
    task: Annotated[list[str] | None, BeforeValidator(_str_list)] = None
    instrument: str | None = None
    tags: list[str] = Field(default_factory=list)


class ShortTermGoalSpec(_GoalFields):
    pass


class LongTermGoalSpec(_GoalFields):
    metric: str
    unit: str
    reason: str
    stg: list[ShortTermGoalSpec] = Field(default_factory=list)


class DomainSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str | None = None
    goals: list[LongTermGoalSpec] = Field(min_length=1)


class BankFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bank_version: str = Field(min_length=1)
    discipline: Discipline
    title: str | None = None
    domains: list[DomainSpec] = Field(min_length=1)


def coerce_version(raw: dict[str, Any]) -> dict[str, Any]:
    # `bank_version: 2025.1` arrives as a float; keep what was written.
    if isinstance(raw.get("bank_version"), int | float) and not isinstance(raw.get("bank_version"), bool):
        raw = {**raw, "bank_version": str(raw["bank_version"])}
    return raw
