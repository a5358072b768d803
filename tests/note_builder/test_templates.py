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


def _draft_of_discipline(discipline: str, lines: list[tuple[str, str]]) -> dict[str, object]:
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import Segment, Transcript

    segs = [Segment(f"s{i}", 5.0 * i, 5.0 * i + 4, who, text)  # type: ignore[arg-type]
            for i, (who, text) in enumerate(lines)]
    return build_draft(Transcript(segs, 5.0 * len(lines), "test"), DraftRequest(discipline=discipline))


def _draft_of(lines: list[tuple[str, str]]) -> dict[str, object]:
    return _draft_of_discipline("ot", lines)


@pytest.mark.slow
def test_a_first_meeting_is_an_evaluation_whose_complexity_the_therapist_confirms() -> None:
    out = _draft_of([("therapist", "Hello, I'm Dana, your occupational therapist. Your surgeon sent you."),
                     ("client", "My wrist is stiff."),
                     ("therapist", "Wrist extension is forty degrees on the right.")])
    assert out["note"]["note_type"] == "evaluation"  # type: ignore[index]
    warning = next(w for w in out["warnings"] if w["code"] == "evaluation_code_inferred")  # type: ignore[attr-defined]
    assert "confirm the complexity" in warning["message"]
    assert out["billing_preview"] == [{"cpt": "97166", "units": 1, "modifiers": ["GO"]}]


@pytest.mark.slow
def test_an_evaluation_read_from_its_prognosis_alone_leaves_the_code_to_the_therapist() -> None:
    out = _draft_of([("therapist", "Wrist extension is forty degrees on the right."),
                     ("therapist", "Prognosis is good for return to typing.")])
    assert out["note"]["note_type"] == "evaluation"  # type: ignore[index]
    assert "evaluation_code_missing" in [w["code"] for w in out["warnings"]]  # type: ignore[attr-defined]
    assert out["billing_preview"] == []


@pytest.mark.slow
def test_a_progress_report_that_names_the_initial_evaluation_stays_a_progress_report() -> None:
    out = _draft_of([("therapist", "Today is your progress report, so I'll recheck your measurements."),
                     ("therapist", "Grip is forty pounds, up from twenty at the initial evaluation.")])
    assert out["note"]["note_type"] == "progress"  # type: ignore[index]


@pytest.mark.slow
def test_an_slp_evaluation_visit_bills_the_evaluation_its_content_covers_not_treatment() -> None:
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import Segment, Transcript

    lines = [("therapist", "Hello, I'm Sam, the speech language pathologist. Your doctor asked us to come."),
             ("therapist", "He coughed after thin liquids by cup, so we tried a chin tuck.")]
    segs = [Segment(f"s{i}", 5.0 * i, 5.0 * i + 4, who, text)  # type: ignore[arg-type]
            for i, (who, text) in enumerate(lines)]
    out = build_draft(Transcript(segs, 10.0, "test"), DraftRequest(discipline="slp"))
    assert [(i["cpt"], i.get("implied")) for i in out["interventions"]] == [("92610", True)]  # not 92526
    assert [(c["cpt"], c["units"]) for c in out["billing_preview"]] == [("92610", 1)]
    assert "evaluation_code_inferred" in [w["code"] for w in out["warnings"]]


@pytest.mark.slow
@pytest.mark.parametrize(("said", "cpt"), [
    ("Her voice is hoarse by noon, and vocal fatigue sets in after an hour of teaching.", "92524"),
    ("He names colors and follows directions; his receptive language is ahead of his sounds.", "92523"),
    ("His articulation errors are on r and s; intelligibility is fair.", "92522"),
])
def test_an_slp_evaluation_code_follows_what_the_visit_covered(said: str, cpt: str) -> None:
    from note_builder.draft import DraftRequest, build_draft
    from scribe.transcript import Segment, Transcript

    lines = [("therapist", "Good morning, and you must be Ada."), ("therapist", said)]
    segs = [Segment(f"s{i}", 5.0 * i, 5.0 * i + 4, who, text)  # type: ignore[arg-type]
            for i, (who, text) in enumerate(lines)]
    out = build_draft(Transcript(segs, 10.0, "test"), DraftRequest(discipline="slp"))
    assert [i["cpt"] for i in out["interventions"]] == [cpt]
