"""When progress reports, recertifications and authorisations fall due. Thresholds live in reminders.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REMINDERS_FILE = Path(__file__).with_name("reminders.yaml")


class RemindersFileError(ValueError):
    pass


@dataclass(frozen=True)
class Thresholds:
    progress_every_treatment_days: int
    progress_warn_within: int
    plan_of_care_days: int
    recert_warn_within_days: int
    visits_left_warn_at: int


def _int(data: dict[str, Any], path: Path, section: str, key: str) -> int:
    value = (data.get(section) or {}).get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RemindersFileError(f"{path.name}: {section}.{key}: required, a whole number >= 0")
    return value


@lru_cache(maxsize=4)
def load_thresholds(path: Path = REMINDERS_FILE) -> Thresholds:
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict):
        raise RemindersFileError(f"{path.name}: expected a mapping at the top level")
    t = Thresholds(
        _int(data, path, "progress_report", "every_treatment_days"),
        _int(data, path, "progress_report", "warn_within_treatment_days"),
        _int(data, path, "recertification", "plan_of_care_days"),
        _int(data, path, "recertification", "warn_within_days"),
        _int(data, path, "authorisation", "warn_when_visits_left_at_most"),
    )
    if t.progress_every_treatment_days < 1:
        raise RemindersFileError(f"{path.name}: progress_report.every_treatment_days: must be >= 1")
    return t


@dataclass(frozen=True)
class Reminder:
    kind: str  # progress_report | recertification | authorisation
    overdue: bool
    message: str
    due_date: date | None = None
    remaining: int | None = None  # treatment days / calendar days / visits left, per kind


def progress_report_due(treatment_days_since_report: int, t: Thresholds | None = None) -> Reminder | None:
    t = t or load_thresholds()
    left = t.progress_every_treatment_days - treatment_days_since_report
    if left > t.progress_warn_within:
        return None
    if left <= 0:
        msg = (
            f"progress report overdue: {treatment_days_since_report} treatment days since the last "
            f"report (due every {t.progress_every_treatment_days})"
        )
    else:
        msg = f"progress report due within {left} treatment day{'s' if left != 1 else ''}"
    return Reminder("progress_report", left <= 0, msg, remaining=left)


def progress_report_due_at(treatment_day: int, t: Thresholds | None = None) -> bool:
    """Whether the visit on `treatment_day` (since the last report, counting this visit) must be
    documented as a progress report: the report covers at most `every_treatment_days` days, so it
    is written on the last of them (or, when one was missed, on the next visit)."""
    t = t or load_thresholds()
    return treatment_day >= t.progress_every_treatment_days


def recertification_date(
    plan_of_care_start: date | None,
    certification_through: date | None,
    recertification_due: date | None,
    t: Thresholds | None = None,
) -> date | None:
    """The date a plan of care must be recertified by: explicit, else its end, else start + 90 days."""
    t = t or load_thresholds()
    if recertification_due:
        return recertification_due
    if certification_through:
        return certification_through
    if plan_of_care_start:
        return plan_of_care_start + timedelta(days=t.plan_of_care_days)
    return None


def recertification_due(due: date | None, today: date, t: Thresholds | None = None) -> Reminder | None:
    t = t or load_thresholds()
    if due is None:
        return None
    days = (due - today).days
    if days > t.recert_warn_within_days:
        return None
    msg = (
        f"plan of care recertification overdue by {-days} day{'s' if days != -1 else ''}"
        if days < 0
        else f"plan of care recertification due in {days} day{'s' if days != 1 else ''}"
    )
    return Reminder("recertification", days < 0, msg, due_date=due, remaining=days)


def authorisation_running_out(
    authorised: int | None, used: int, t: Thresholds | None = None
) -> Reminder | None:
    t = t or load_thresholds()
    if authorised is None:
        return None
    left = authorised - used
    if left > t.visits_left_warn_at:
        return None
    msg = (
        "authorised visits used up; request a new authorisation"
        if left <= 0
        else f"{left} authorised visit{'s' if left != 1 else ''} left"
    )
    return Reminder("authorisation", left <= 0, msg, remaining=left)
