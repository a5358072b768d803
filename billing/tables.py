"""Billing reference data (codes, payers, NCCI pairs, fees) loaded from versioned YAML files.

The rules change every quarter or year while the arithmetic does not, so the numbers live in
`billing/data/*.yaml` with effective dates and a schema. A bad file fails loudly, naming the file and
the field, instead of producing a wrong claim later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DATA_DIR = Path(__file__).parent / "data"

Discipline = Literal["pt", "ot", "slp"]
UnitKind = Literal["timed", "untimed", "time_block"]
UnitRule = Literal["cms_8_minute", "per_code"]

DISCIPLINES: tuple[str, ...] = ("pt", "ot", "slp")
PAYERS: tuple[str, ...] = ("medicare", "medicaid", "commercial")


class BillingDataError(ValueError):
    """A data file is missing, malformed or breaks the schema; the message names the file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeInfo(_Strict):
    """One billable code as the rules see it. `label` is our own wording, never the AMA descriptor."""

    cpt: str = ""
    label: str = Field(min_length=3, max_length=80)
    unit: UnitKind
    disciplines: tuple[Discipline, ...] = Field(min_length=1)
    assistant_ok: bool
    mue: int | None = Field(default=None, ge=1)
    evaluation: bool = False
    always_therapy: bool = True
    first_unit_only: bool = False
    addon: str | None = None
    addon_of: str | None = None
    block_minutes: int | None = Field(default=None, ge=1)
    block_threshold: float = Field(default=0.51, gt=0, le=1)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    @property
    def timed(self) -> bool:
        return self.unit == "timed"

    @model_validator(mode="after")
    def _consistent(self) -> CodeInfo:
        if self.evaluation and self.assistant_ok:
            raise ValueError("an evaluation cannot be furnished by an assistant (assistant_ok must be false)")
        if self.unit == "time_block" and self.block_minutes is None:
            raise ValueError("time_block codes need block_minutes")
        if self.first_unit_only and not self.addon:
            raise ValueError("first_unit_only codes need an addon code for further units")
        return self


class CodeTable(_Strict):
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str = ""
    codes: dict[str, CodeInfo]

    @field_validator("codes", mode="before")
    @classmethod
    def _stamp_numbers(cls, v: Any) -> Any:
        if isinstance(v, Mapping):
            out = {}
            for k, info in v.items():
                key = str(k)
                if not (len(key) == 5 and key[1:].isdigit() and (key[0].isdigit() or key[0].isalpha())):
                    raise ValueError(f"code {key!r} is not a 5-character CPT/HCPCS number")
                out[key] = {**info, "cpt": key} if isinstance(info, Mapping) else info
            return out
        return v

    @model_validator(mode="after")
    def _links(self) -> CodeTable:
        for cpt, info in self.codes.items():
            for link in (info.addon, info.addon_of):
                if link is not None and link not in self.codes:
                    raise ValueError(f"codes.{cpt}: linked code {link} is not in the table")
        return self


class KxThreshold(_Strict):
    pt_slp: Decimal = Field(gt=0)
    ot: Decimal = Field(gt=0)


class PayerProfile(_Strict):
    name: str = ""
    label: str
    unit_rule: UnitRule
    assistant_modifiers: bool
    assistant_payment_percent: int = Field(ge=0, le=100)
    kx_applies: bool
    kx_thresholds: dict[int, KxThreshold]
    targeted_review_threshold: Decimal | None = None
    distinct_modifier: Literal["59", "XE", "XS", "XP", "XU"]
    bundled: tuple[str, ...] = ()
    substitutions: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _kx(self) -> PayerProfile:
        if self.kx_applies and not self.kx_thresholds:
            raise ValueError("kx_applies is true but kx_thresholds is empty")
        return self

    def kx_threshold(self, year: int, discipline: str) -> tuple[Decimal, int] | None:
        """The threshold for the year (or the latest earlier year we have) and the year actually used."""
        if not self.kx_applies:
            return None
        years = sorted(y for y in self.kx_thresholds if y <= year)
        if not years:
            years = sorted(self.kx_thresholds)
        used = years[-1]
        row = self.kx_thresholds[used]
        return (row.ot if discipline == "ot" else row.pt_slp), used


class PayerTable(_Strict):
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    payers: dict[str, PayerProfile]


class NcciPair(_Strict):
    column_1: str
    column_2: str
    modifier_indicator: Literal[0, 1]


class NcciTable(_Strict):
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    source: str = ""
    pairs: tuple[NcciPair, ...]


class FeeTable(_Strict):
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    fees: dict[str, Decimal]


@dataclass(frozen=True)
class BillingTables:
    """Everything the rules need for one date of service."""

    codes: CodeTable
    payers: PayerTable
    ncci: NcciTable
    fees: FeeTable

    def code(self, cpt: str) -> CodeInfo | None:
        return self.codes.codes.get(cpt.strip().upper())

    def payer(self, name: str) -> PayerProfile:
        try:
            return self.payers.payers[name]
        except KeyError:
            raise BillingDataError(
                f"unknown payer {name!r}; known: {', '.join(sorted(self.payers.payers))}"
            ) from None

    def fee(self, cpt: str) -> Decimal:
        return self.fees.fees.get(cpt, Decimal("0"))

    def ncci_pairs_for(self, cpts: set[str]) -> list[NcciPair]:
        return [p for p in self.ncci.pairs if p.column_1 in cpts and p.column_2 in cpts]


def _format_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if not str(part).startswith("function-")) or "(top level)"


def load_yaml_model(path: Path, model: type[_Strict]) -> Any:
    """Read one data file into its schema; every failure names the file and the offending field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BillingDataError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise BillingDataError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise BillingDataError(f"{path}: expected a mapping at the top level")
    try:
        obj = model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise BillingDataError(
            f"{path}: field {_format_loc(tuple(first['loc']))}: {first['msg']}{more}"
        ) from None
    if isinstance(obj, PayerTable):
        obj = obj.model_copy(
            update={"payers": {k: v.model_copy(update={"name": k}) for k, v in obj.payers.items()}}
        )
    return obj


def _check_range(path: Path, start: dt.date, end: dt.date | None, day: dt.date) -> None:
    if day < start or (end is not None and day > end):
        raise BillingDataError(
            f"{path}: effective {start}..{end or 'open'} does not cover date of service {day}"
        )


@lru_cache(maxsize=8)
def _load_dir(data_dir: str) -> BillingTables:
    root = Path(data_dir)
    codes: CodeTable = load_yaml_model(root / "codes.yaml", CodeTable)
    payers: PayerTable = load_yaml_model(root / "payers.yaml", PayerTable)
    ncci: NcciTable = load_yaml_model(root / "ncci.yaml", NcciTable)
    fees: FeeTable = load_yaml_model(root / "fees.yaml", FeeTable)
    for i, pair in enumerate(ncci.pairs):
        for col in ("column_1", "column_2"):
            if getattr(pair, col) not in codes.codes:
                raise BillingDataError(f"{root / 'ncci.yaml'}: field pairs.{i}.{col}: code not in codes.yaml")
    for cpt in fees.fees:
        if cpt not in codes.codes:
            raise BillingDataError(f"{root / 'fees.yaml'}: field fees.{cpt}: code not in codes.yaml")
    for name, payer in payers.payers.items():
        for field_name, listed in (
            ("bundled", list(payer.bundled)),
            ("substitutions", [*payer.substitutions, *payer.substitutions.values()]),
        ):
            for cpt in listed:
                if cpt not in codes.codes:
                    raise BillingDataError(
                        f"{root / 'payers.yaml'}: field payers.{name}.{field_name}: {cpt} not in codes.yaml"
                    )
    return BillingTables(codes=codes, payers=payers, ncci=ncci, fees=fees)


def load_tables(date_of_service: dt.date | None = None, data_dir: Path | None = None) -> BillingTables:
    """The tables in force on `date_of_service` (default today); cached per directory."""
    root = data_dir or DATA_DIR
    tables = _load_dir(str(root))
    day = date_of_service or dt.date.today()
    for name, table in (
        ("codes.yaml", tables.codes),
        ("payers.yaml", tables.payers),
        ("ncci.yaml", tables.ncci),
        ("fees.yaml", tables.fees),
    ):
        _check_range(root / name, table.effective_from, table.effective_to, day)
    return tables
