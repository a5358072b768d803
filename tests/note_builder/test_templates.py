from __future__ import annotations

import pytest

from note_builder.templates import TemplateError, get_template


@pytest.mark.parametrize("discipline", ["pt", "ot", "slp"])
@pytest.mark.parametrize("note_type", ["daily", "evaluation", "progress", "reevaluation", "discharge"])
def test_every_discipline_has_every_note_type(discipline: str, note_type: str) -> None:
    t = get_template(discipline, note_type)
    assert t.id == f"{discipline}_{note_type}"
    assert t.required, "a template with no required elements checks nothing"


def test_daily_note_requires_interventions_with_minutes_and_plan() -> None:
    req = get_template("pt", "daily").required
    assert "interventions_with_minutes" in req
    assert "plan" in req


def test_unknown_discipline_is_refused() -> None:
    with pytest.raises(TemplateError, match="unknown discipline"):
        get_template("chiro", "daily")
