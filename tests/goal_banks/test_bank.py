"""The shipped banks and the loader's validation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from goal_banks import (
    DATA_DIR,
    GoalBankError,
    TemplateError,
    fill_template,
    load_bank_file,
    load_banks,
    load_goal_banks,
)
from goal_banks.scales import METRICS

GOOD = """\
bank_version: "1"
discipline: pt
domains:
- id: stairs
  name: Stairs
  goals:
  - id: pt.stairs.ltg.01
    text: Client will climb {target} with one rail within {weeks} weeks, to reach the bedroom.
    metric: count
    unit: steps
    target: 12
    weeks: 6
    reason: to reach the bedroom
    stg:
    - id: pt.stairs.ltg.01.stg.01
      text: Client will climb {target} with the {side} leg leading within {weeks} weeks.
      target: 4
      weeks: 2
"""


def write(tmp_path: Path, text: str, name: str = "pt.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


@pytest.mark.parametrize("discipline", ["pt", "ot", "slp"])
def test_each_discipline_has_at_least_120_goals(discipline: str) -> None:
    goals = load_banks().select(discipline)
    assert len(goals) >= 120
    assert sum(g.kind == "ltg" for g in goals) >= 40


def test_shipped_files_carry_version_and_discipline() -> None:
    for name in ("pt", "ot", "slp"):
        goals = load_bank_file(DATA_DIR / f"{name}.yaml")
        assert {g.discipline for g in goals} == {name}
        assert all(g.bank_version for g in goals)


def test_ids_unique_and_shaped() -> None:
    goals = load_banks().goals
    ids = [g.id for g in goals]
    assert len(ids) == len(set(ids))
    for g in goals:
        assert g.id.startswith(f"{g.discipline}.{g.domain}.ltg.")
        if g.kind == "stg":
            assert g.parent_id
            assert g.id.startswith(g.parent_id + ".stg.")


def test_every_goal_is_measurable() -> None:
    for g in load_banks().goals:
        assert g.metric in METRICS, g.id
        assert g.unit, g.id
        assert g.target.value is not None, g.id
        assert g.target.direction in ("higher", "lower", "match"), g.id
        assert g.weeks >= 1, g.id
        assert g.functional_reason, g.id
        assert "{target}" in g.text, g.id
        assert "{weeks}" in g.text, g.id


def test_required_domains_present() -> None:
    bank = load_banks()
    doms = {d: {x for x, _ in bank.domains(d)} for d in ("pt", "ot", "slp")}
    assert {
        "gait",
        "transfers",
        "stairs",
        "balance",
        "strength",
        "rom",
        "pain",
        "endurance",
        "outcomes",
    } <= doms["pt"]
    assert {"dressing", "bathing", "toileting", "grooming", "feeding", "meal_preparation"} <= doms["ot"]
    assert {"hand_therapy", "cognition", "visual_perception", "sensory_processing", "handwriting"} <= doms[
        "ot"
    ]
    assert {"articulation", "phonology", "expressive_language", "receptive_language", "fluency"} <= doms[
        "slp"
    ]
    assert {"voice", "dysphagia", "cognitive_communication", "aphasia", "pragmatics", "aac"} <= doms["slp"]
    instruments = {g.instrument for g in bank.select("pt", "outcomes")}
    assert {"LEFS", "ODI", "NDI", "QuickDASH", "Berg Balance Scale", "TUG", "6MWT"} <= instruments


def test_good_file_loads_and_stg_inherits(tmp_path: Path) -> None:
    goals = load_bank_file(write(tmp_path, GOOD))
    ltg, stg = goals
    assert (ltg.kind, stg.kind) == ("ltg", "stg")
    assert stg.metric == "count"
    assert stg.unit == "steps"
    assert stg.functional_reason == "to reach the bedroom"
    assert stg.target.value == 4.0
    assert stg.target.direction == "higher"
    assert ltg.stg_ids == (stg.id,)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    target: 12\n", "", "pt.yaml: domains[0].goals[0].target: required"),
        (
            "    metric: count\n",
            "    metric: steps_climbed\n",
            "pt.yaml: domains[0].goals[0].metric: unknown metric",
        ),
        ("    weeks: 6\n", "    weeks: 0\n", "pt.yaml: domains[0].goals[0].weeks:"),
        (
            "    reason: to reach the bedroom\n",
            "    reason: x\n    colour: red\n",
            "domains[0].goals[0].colour: unknown field",
        ),
        ("- id: pt.stairs.ltg.01\n", "- id: pt.stair.ltg.1\n", "domains[0].goals[0].id:"),
        ("pt.stairs.ltg.01.stg.01", "pt.stairs.ltg.01.s1", "domains[0].goals[0].stg[0].id:"),
        ("discipline: pt", "discipline: dance", "pt.yaml: discipline:"),
        ('bank_version: "1"\n', "", "pt.yaml: bank_version: required"),
        ("      weeks: 2\n", "      weeks: 9\n", "domains[0].goals[0].stg[0].weeks: 9 is longer"),
        (
            "    target: 12\n",
            "    target: yes\n",
            "domains[0].goals[0].target.value: must be a number or a word",
        ),
        ("    unit: steps\n", "    unit: steps\n    direction: sideways\n", "domains[0].goals[0].direction:"),
        (
            "within {weeks} weeks, to reach",
            "soon, to reach",
            "domains[0].goals[0].text: must contain {weeks}",
        ),
    ],
)
def test_malformed_files_name_file_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(GoalBankError) as err:
        load_bank_file(path)
    assert message in str(err.value)


def test_semantic_checks(tmp_path: Path) -> None:
    bad = GOOD.replace("metric: count\n    unit: steps", "metric: assist_level\n    unit: level").replace(
        "target: 12", "target: somewhat"
    )
    with pytest.raises(
        GoalBankError, match=r"pt\.yaml: domains\[0\]\.goals\[0\]\.target\.value: 'somewhat' is not"
    ):
        load_bank_file(write(tmp_path, bad))
    bad = (
        GOOD.replace("unit: steps", "unit: steps")
        .replace("metric: count", "metric: rom")
        .replace("unit: steps", "unit: feet")
    )
    with pytest.raises(GoalBankError, match=r"goals\[0\]\.unit: 'feet' is not a unit of rom"):
        load_bank_file(write(tmp_path, bad))
    bad = GOOD.replace("metric: count", "metric: duration").replace("unit: steps", "unit: s")
    with pytest.raises(GoalBankError, match=r"goals\[0\]\.target\.direction: required for metric 'duration'"):
        load_bank_file(write(tmp_path, bad))


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(GoalBankError, match=r"pt\.yaml: line \d+: not valid YAML"):
        load_bank_file(write(tmp_path, GOOD + "  - [unclosed\n"))


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(GoalBankError, match=r"b\.yaml: id 'pt\.stairs\.ltg\.01' already defined in a\.yaml"):
        load_goal_banks([tmp_path])


def test_clinic_directory_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clinic = GOOD.replace("pt.stairs.ltg.01", "pt.stairs.ltg.90")
    write(tmp_path, clinic, "clinic_pt.yaml")
    monkeypatch.setenv("REHAB_SCRIBE_GOAL_BANK_DIRS", str(tmp_path))
    bank = load_banks()
    assert bank.get("pt.stairs.ltg.90.stg.01").source.endswith("clinic_pt.yaml")
    assert len(bank.select("pt")) == len(load_bank_file(DATA_DIR / "pt.yaml")) + 2
    monkeypatch.delenv("REHAB_SCRIBE_GOAL_BANK_DIRS")
    assert "pt.stairs.ltg.90" not in load_banks().by_id


def test_missing_clinic_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GoalBankError, match="does not exist"):
        load_banks([tmp_path / "nope"])


def test_fill_template() -> None:
    goal = load_banks().get("pt.stairs.ltg.01")
    assert fill_template(goal) == (
        "Client will ascend and descend 12 steps with a reciprocal pattern and one rail, independently, "
        "within 6 weeks, to access the bedroom at home."
    )
    assert "within 4 weeks" in fill_template(goal, weeks=4, target=14)
    assert "14 steps" in fill_template(goal, target=14)
    rom = load_banks().get("pt.rom.ltg.01")
    with pytest.raises(TemplateError, match=r"unfilled blank\(s\) \{side\}"):
        fill_template(rom)
    text = fill_template(rom, side="right", target=115)
    assert text.startswith("Client will achieve right knee flexion of 115 degrees")
    with pytest.raises(TemplateError, match="no value"):
        fill_template(rom, side="")
    dressing = load_banks().get("ot.dressing.ltg.02")
    assert "with minimal assistance" in fill_template(dressing, target="min assist")


def test_every_shipped_template_fills_with_side_device_and_sound() -> None:
    for g in load_banks().goals:
        values = {b: "x" for b in g.blanks if b not in ("target", "weeks", "baseline")}
        text = fill_template(g, **values)
        assert "{" not in text
        assert "}" not in text
