"""CMS 8-minute and per-code unit arithmetic, against the worked examples in billing-rules.md."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.units import allocate_cms_8_minute, allocate_per_code, time_block_units, units_for_minutes

TIMED = ["97110", "97112", "97116", "97140", "97530", "97535", "97035", "97032"]


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0),
        (7, 0),
        (8, 1),
        (22, 1),
        (23, 2),
        (37, 2),
        (38, 3),
        (52, 3),
        (53, 4),
        (67, 4),
        (68, 5),
        (82, 5),
        (83, 6),
        (97, 6),
        (98, 7),
        (112, 7),
        (113, 8),
        (127, 8),
        (128, 9),
    ],
)
def test_unit_table(minutes: int, units: int) -> None:
    assert units_for_minutes(minutes) == units


def test_negative_minutes_rejected() -> None:
    with pytest.raises(ValueError):
        units_for_minutes(-1)
    with pytest.raises(ValueError):
        allocate_cms_8_minute({"97110": -3})


# CMS worked examples: minutes, total units, billed units per code
CMS_EXAMPLES = [
    ({"97112": 24, "97110": 23}, 3, {"97112": 2, "97110": 1}),
    ({"97110": 33, "97140": 7}, 3, {"97110": 2, "97140": 1}),
    (
        {"97110": 18, "97140": 13, "97116": 10, "97035": 8},
        3,
        {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
    ),
]


@pytest.mark.parametrize(("minutes", "total", "billed"), CMS_EXAMPLES)
def test_cms_worked_examples(minutes: dict[str, int], total: int, billed: dict[str, int]) -> None:
    alloc = allocate_cms_8_minute(minutes)
    assert alloc.total_units == total
    assert alloc.units == billed
    assert not alloc.ties


def test_cms_example_2_equal_minutes_never_three_of_one() -> None:
    alloc = allocate_cms_8_minute({"97112": 20, "97110": 20})
    assert alloc.total_units == 3
    assert sorted(alloc.units.values()) == [1, 2]
    assert alloc.units == {"97110": 2, "97112": 1}  # deterministic: lower code number
    assert alloc.ties == [("97110", "97112")]


def test_cms_example_5_three_short_services_give_one_unit() -> None:
    alloc = allocate_cms_8_minute({"97112": 7, "97110": 7, "97140": 7})
    assert alloc.total_units == 1
    assert sum(alloc.units.values()) == 1
    assert alloc.units["97110"] == 1
    assert alloc.ties == [("97110", "97112", "97140")]


def test_short_services_reaching_eight_go_to_the_longest() -> None:
    alloc = allocate_cms_8_minute({"97110": 5, "97140": 3})
    assert alloc.units == {"97110": 1, "97140": 0}
    assert not alloc.ties


def test_zero_and_seven_minutes_alone_bill_nothing() -> None:
    assert allocate_cms_8_minute({"97110": 0}).units == {"97110": 0}
    assert allocate_cms_8_minute({"97110": 7}).units == {"97110": 0}
    assert allocate_per_code({"97110": 7}).units == {"97110": 0}


def test_tie_prefers_therapist_service() -> None:
    alloc = allocate_cms_8_minute({"97110": 10, "97112": 10}, {"97110": 10, "97112": 0})
    assert alloc.units == {"97110": 0, "97112": 1}
    assert alloc.ties == [("97110", "97112")]


@pytest.mark.parametrize(
    ("minutes", "total"),
    [
        ({"97112": 24, "97110": 23}, 4),
        ({"97112": 20, "97110": 20}, 2),
        ({"97110": 33, "97140": 7}, 2),
        ({"97110": 18, "97140": 13, "97116": 10, "97035": 8}, 4),
        ({"97112": 7, "97110": 7, "97140": 7}, 0),
    ],
)
def test_per_code_rule_examples(minutes: dict[str, int], total: int) -> None:
    assert allocate_per_code(minutes).total_units == total


def test_per_code_example_1_and_3_per_code() -> None:
    assert allocate_per_code({"97112": 24, "97110": 23}).units == {"97112": 2, "97110": 2}
    assert allocate_per_code({"97110": 33, "97140": 7}).units == {"97110": 2, "97140": 0}


@pytest.mark.parametrize(
    ("minutes", "block", "units"),
    [(30, 60, 0), (31, 60, 1), (60, 60, 1), (91, 60, 2), (15, 30, 0), (16, 30, 1), (45, 30, 1), (46, 30, 2)],
)
def test_time_block_51_percent(minutes: int, block: int, units: int) -> None:
    assert time_block_units(minutes, block) == units


minute_maps = st.dictionaries(st.sampled_from(TIMED), st.integers(min_value=0, max_value=90), max_size=6)


@settings(max_examples=200, deadline=None)
@given(minute_maps)
def test_cms_total_never_exceeds_total_minutes_allow(minutes: dict[str, int]) -> None:
    alloc = allocate_cms_8_minute(minutes)
    assert sum(alloc.units.values()) == units_for_minutes(sum(minutes.values()))
    assert all(u >= 0 for u in alloc.units.values())
    # every code gets at least its whole 15-minute blocks and at most one more
    for cpt, m in minutes.items():
        assert m // 15 <= alloc.units[cpt] <= m // 15 + 1


@settings(max_examples=200, deadline=None)
@given(minute_maps, st.randoms())
def test_cms_independent_of_input_order(minutes: dict[str, int], rnd: object) -> None:
    items = list(minutes.items())
    rnd.shuffle(items)  # type: ignore[attr-defined]
    assert allocate_cms_8_minute(dict(items)).units == allocate_cms_8_minute(minutes).units


@settings(max_examples=200, deadline=None)
@given(minute_maps)
def test_per_code_never_below_cms_per_code_whole_units(minutes: dict[str, int]) -> None:
    per = allocate_per_code(minutes)
    assert all(u >= 0 for u in per.units.values())
    assert per.total_units >= sum(m // 15 for m in minutes.values())
