"""Progress figures against hand-computed values."""

from __future__ import annotations

from typing import Any

import pytest

from goal_banks import (
    EpisodeGoal,
    change_since,
    fill_template,
    goal_progress,
    load_banks,
    match_goals_to_session,
)
from note_builder.types import Evidence, Measurement


def m(type_: str, value: Any = None, seg: str = "s1", **kw: Any) -> Measurement:
    fields = {
        k: kw.pop(k)
        for k in list(kw)
        if k in ("unit", "body_part", "side", "motion", "task", "when", "negated")
    }
    return Measurement(type=type_, evidence=[Evidence(seg)], value=value, extra=kw, **fields)


def knee_flexion(**kw: Any) -> EpisodeGoal:
    base: dict[str, Any] = dict(
        goal_id="pt.rom.ltg.01",
        text="Client will achieve right knee flexion of 115 degrees within 8 weeks.",
        metric="rom",
        unit="deg",
        target=115,
        baseline=90,
        body_part="knee",
        motion="flexion",
        side="right",
    )
    return EpisodeGoal(**{**base, **kw})


def test_sixty_percent_of_the_way() -> None:
    p = goal_progress(
        knee_flexion(), [m("rom", 105, unit="deg", body_part="knee", side="right", motion="flexion")]
    )
    assert p is not None
    assert p.percent == 60.0  # (105 - 90) / (115 - 90)
    assert p.status == "progressing"
    assert "60% of the way from 90° to 115°" in p.sentence
    assert p.evidence[0].segment == "s1"


def test_ignores_other_motion_side_negated_and_prior() -> None:
    ms = [
        m("rom", 130, unit="deg", body_part="knee", side="right", motion="extension"),
        m("rom", 112, unit="deg", body_part="knee", side="left", motion="flexion"),
        m("rom", 114, unit="deg", body_part="knee", side="right", motion="flexion", negated=True),
        m("rom", 95, unit="deg", body_part="knee", side="right", motion="flexion", when="prior"),
        m("rom", 100, seg="s9", unit="deg", body_part="knee", side="right", motion="flexion"),
    ]
    p = goal_progress(knee_flexion(), ms)
    assert p is not None
    assert p.current == 100
    assert p.evidence[0].segment == "s9"
    assert p.percent == 40.0
    assert p.previous == 95  # the session's own "up from" value beats the baseline
    assert goal_progress(knee_flexion(), ms[:4]) is None


def test_pain_lower_is_better() -> None:
    goal = EpisodeGoal("pt.pain.ltg.01", "pain 2/10", "pain", "/10", target=2, direction="lower", baseline=7)
    p = goal_progress(goal, [m("pain", 4, scale=10), m("pain", 1, scale=10, when="post")])
    assert p is not None
    assert p.current == 4  # the day's level, not the post-treatment one
    assert p.percent == 60.0  # (4 - 7) / (2 - 7)
    assert p.status == "progressing"
    worse = goal_progress(goal, [m("pain", 8, scale=10)])
    assert worse is not None
    assert worse.status == "regressed"
    assert worse.percent == -20.0


def test_met_when_target_passed() -> None:
    p = goal_progress(
        knee_flexion(), [m("rom", 120, unit="deg", body_part="knee", side="right", motion="flexion")]
    )
    assert p is not None
    assert p.status == "met"
    assert p.percent == 120.0
    assert "target met" in p.sentence


def test_not_progressing_and_regressed_against_previous_value() -> None:
    meas = [m("rom", 100, unit="deg", body_part="knee", side="right", motion="flexion")]
    same = goal_progress(knee_flexion(previous_value=100), meas)
    assert same is not None
    assert same.status == "not_progressing"
    down = goal_progress(knee_flexion(previous_value=104), meas)
    assert down is not None
    assert down.status == "regressed"
    assert down.percent == 40.0  # still measured from the baseline


def test_ordinal_assist_level() -> None:
    goal = EpisodeGoal(
        "ot.functional_transfers.ltg.01",
        "tub transfer",
        "assist_level",
        "level",
        target="supervision",
        baseline="moderate",
        task="tub transfer",
    )
    meas = [
        m("assist_level", task="meal preparation", level="stand by"),
        m("assist_level", task="tub transfer", level="minimal"),
    ]
    p = goal_progress(goal, meas)
    assert p is not None
    # scale ranks: moderate 2, minimal 3, supervision 6 -> (3 - 2) / (6 - 2) = 25%
    assert p.current == "minimal"
    assert p.percent == 25.0
    assert p.status == "progressing"
    assert "minimal assist" in p.sentence
    worse = goal_progress(goal, [m("assist_level", "max assist", task="tub transfers")])
    assert worse is not None
    assert worse.status == "regressed"
    met = goal_progress(goal, [m("assist_level", "mod I", task="tub transfer")])
    assert met is not None
    assert met.status == "met"
    # An assist level with no task cannot be credited to a task-specific goal.
    assert goal_progress(goal, [m("assist_level", level="minimal")]) is None


@pytest.mark.parametrize(
    ("current", "earlier", "change", "toward", "sentence"),
    [
        (105, 92, 13.0, True, "Right knee flexion: 92° at the last report, 105° now (+13°)."),
        (88, 92, -4.0, False, "Right knee flexion: 92° at the last report, 88° now (-4°)."),
        (92, 92, 0.0, None, "Right knee flexion: 92° at the last report, 92° now (no change)."),
        (None, 92, None, None, "Right knee flexion: not measured this visit; 92° at the last report."),
        (105, None, None, None, "Right knee flexion 105°; no earlier value to compare."),
    ],
)
def test_change_since_the_last_report(
    current: float | None, earlier: float | None, change: float | None, toward: bool | None, sentence: str
) -> None:
    got = change_since(knee_flexion(), current, earlier)
    assert (got.earlier, got.current, got.change, got.toward_target, got.sentence) == (
        earlier if earlier is None else float(earlier),
        current if current is None else float(current),
        change,
        toward,
        sentence,
    )


def test_change_since_on_ordinal_and_lower_is_better_scales() -> None:
    tub = EpisodeGoal(
        "ot.x", "tub transfer", "assist_level", "level", target="supervision", task="tub transfer"
    )
    up = change_since(tub, "minimal", "maximal", earlier_label="at baseline")
    # scale ranks: maximal 1, minimal 3 -> two levels toward supervision
    assert (up.change, up.toward_target) == (2.0, True)
    assert up.sentence == "Tub transfer: maximal assist at baseline, minimal assist now (improved 2 levels)."
    down = change_since(tub, "maximal", "minimal")
    assert (down.change, down.toward_target) == (-2.0, False)
    assert down.sentence.endswith("(declined 2 levels).")
    pain = EpisodeGoal("pt.pain", "pain", "pain", "/10", target=2, direction="lower", body_part="knee")
    eased = change_since(pain, 3, 5)
    assert (eased.change, eased.toward_target) == (-2.0, True)
    assert eased.sentence == "Knee pain: 5/10 at the last report, 3/10 now (-2/10)."


def test_cue_level_and_mmt_scales() -> None:
    cue = EpisodeGoal(
        "x", "t", "cue_level", "level", target="independent", baseline="maximal", task="orientation"
    )
    p = goal_progress(cue, [m("cue_level", "moderate cues", task="orientation")])
    assert p is not None
    assert p.percent == pytest.approx(33.3)
    assert p.status == "progressing"
    mmt = EpisodeGoal(
        "y", "t", "mmt", "grade", target="4+", baseline="3", body_part="shoulder", motion="external rotation"
    )
    q = goal_progress(mmt, [m("mmt", body_part="shoulder external rotators", side="left", grade="4-")])
    # ranks: 3 -> 6, 4- -> 8, 4+ -> 10: (8 - 6) / (10 - 6) = 50%
    assert q is not None
    assert q.percent == 50.0
    assert q.current == "4-"


def test_accuracy_from_slp_style_measurement() -> None:
    goal = EpisodeGoal(
        "slp.aphasia.ltg.01.stg.01",
        "naming",
        "accuracy",
        "percent",
        target=60,
        baseline=20,
        task="naming",
        task_aliases=("confrontation naming",),
    )
    meas = [
        m("accuracy", 60, unit="percent", target="naming", trials=20, cue_level="phonemic"),
        m("accuracy", 40, unit="percent", target="naming", when="prior"),
        m("accuracy", 90, unit="percent", target="two step commands", trials=10),
    ]
    p = goal_progress(goal, meas)
    assert p is not None
    assert p.status == "met"
    assert p.previous == 40


def test_units_convert() -> None:
    goal = EpisodeGoal("g", "walk", "distance", "ft", target=300, baseline=100, task="gait")
    p = goal_progress(goal, [m("distance", 60, unit="m", task="gait")])
    assert p is not None
    assert p.percent == pytest.approx((60 / 0.3048 - 100) / 200 * 100, abs=0.1)


def test_episode_goal_from_bank_goal() -> None:
    bank_goal = load_banks().get("pt.rom.ltg.01")
    eg = EpisodeGoal.from_goal(
        bank_goal, text=fill_template(bank_goal, side="right"), baseline=90, side="right"
    )
    p = goal_progress(eg, [m("rom", 105, unit="deg", body_part="knee", side="right", motion="flexion")])
    assert p is not None
    assert p.percent == pytest.approx(50.0)


def test_match_by_measurement_and_overdue_without_statements() -> None:
    goals = [knee_flexion(), knee_flexion(goal_id="other", motion="extension", last_addressed_visits=2)]
    out = match_goals_to_session(goals, [m("rom", 105, unit="deg", body_part="knee", motion="flexion")], [])
    assert out[0].addressed
    assert out[0].via == "measurement"
    assert out[0].status == "progressing"
    assert not out[1].addressed
    assert out[1].overdue
    assert out[1].visits_since_addressed == 3


@pytest.mark.slow
def test_match_by_statement_similarity() -> None:
    goals = [
        EpisodeGoal(
            "pt.pain.ltg.05",
            "Client will reach overhead to the top shelf with the left arm with pain of 0/10 "
            "or less within 8 weeks, to put away dishes and groceries.",
            "pain",
            "/10",
            target=0,
            direction="lower",
            body_part="shoulder",
            task="overhead reach",
        ),
        EpisodeGoal(
            "slp.dysphagia.ltg.02",
            "Client will safely drink thin liquids with no clinical signs of aspiration within 8 weeks.",
            "diet_level",
            "iddsi_drink",
            target=0,
            direction="lower",
            last_addressed_visits=4,
        ),
    ]
    statements = [
        "Plan: progress to a green band and add scapular stabilization next visit.",
        "His overhead reach is improving and he is on track for his goal of reaching the top shelf "
        "without pain.",
    ]
    out = match_goals_to_session(goals, [], statements)
    assert out[0].addressed
    assert out[0].via == "statement"
    assert out[0].statement_index == 1
    assert not out[1].addressed
    assert out[1].overdue
