"""compute_charges: units, modifiers (GP/GO/GN, CQ/CO, NCCI, KX) and warnings for a visit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from billing import BillingInputError, ServiceLine, compute_charges, is_timed, load_tables, lookup_code
from billing.modifiers import split_timed_units
from billing.units import units_for_minutes

DOS = dt.date(2026, 3, 2)


def charges(services: list[tuple[str, int | None] | tuple[str, int | None, int]], **kw: Any) -> list[tuple]:
    lines = [ServiceLine(s[0], s[1], s[2] if len(s) > 2 else 0) for s in services]  # type: ignore[misc]
    kw.setdefault("payer", "medicare")
    kw.setdefault("discipline", "pt")
    kw.setdefault("date_of_service", DOS)
    res = compute_charges(lines, **kw)
    return [(ln.cpt, ln.units, ln.modifiers) for ln in res.lines]


def warnings_of(services: list[ServiceLine], **kw: Any) -> list[str]:
    kw.setdefault("payer", "medicare")
    kw.setdefault("discipline", "pt")
    kw.setdefault("date_of_service", DOS)
    return compute_charges(services, **kw).warning_codes()


# ---- the three sample sessions (synthetic copies of their interventions and truth.charges) ----
SAMPLES = [
    ("pt", "medicare", "pt", [("97110", 20), ("97140", 12)], [("97110", 1, ["GP"]), ("97140", 1, ["GP"])]),
    ("ot", "medicare", "cota", [("97530", 25), ("97535", 8)], [("97530", 2, ["GO", "CO"])]),
    ("slp", "medicare", "slp", [("92507", None)], [("92507", 1, ["GN"])]),
]


@pytest.mark.parametrize(("discipline", "payer", "role", "services", "expected"), SAMPLES)
def test_sample_sessions(discipline: str, payer: str, role: str, services: list, expected: list) -> None:
    assert charges(services, payer=payer, discipline=discipline, provider_role=role) == expected


SAMPLES_DIR = Path(__file__).resolve().parents[3] / "shared" / "samples"  # ../shared beside the repo


@pytest.mark.skipif(not SAMPLES_DIR.is_dir(), reason="shared samples not present")
@pytest.mark.parametrize("path", sorted(SAMPLES_DIR.glob("*.yaml")) if SAMPLES_DIR.is_dir() else [])
def test_shared_sample_truth_charges(path: Path) -> None:
    spec = yaml.safe_load(path.read_text())
    truth = spec["truth"]
    res = compute_charges(
        [ServiceLine(str(i["cpt"]), i.get("minutes")) for i in truth["interventions"]],
        payer=spec["payer"],
        discipline=spec["discipline"],
        provider_role=spec["provider_role"],
        date_of_service=DOS,
    )
    got = sorted((ln.cpt, ln.units, sorted(ln.modifiers)) for ln in res.lines)
    want = sorted((str(c["cpt"]), c["units"], sorted(c["modifiers"])) for c in truth["charges"])
    assert got == want


# ---- CMS examples through the public API ----
@pytest.mark.parametrize(
    ("services", "expected"),
    [
        ([("97112", 24), ("97110", 23)], [("97110", 1, ["GP"]), ("97112", 2, ["GP"])]),
        ([("97110", 33), ("97140", 7)], [("97110", 2, ["GP"]), ("97140", 1, ["GP"])]),
        (
            [("97110", 18), ("97140", 13), ("97116", 10), ("97035", 8)],
            [("97110", 1, ["GP"]), ("97116", 1, ["GP"]), ("97140", 1, ["GP"])],
        ),
        ([("97112", 7), ("97110", 7), ("97140", 7)], [("97110", 1, ["GP"])]),
    ],
)
def test_cms_examples_through_api(services: list, expected: list) -> None:
    assert charges(services) == expected


def test_commercial_uses_per_code_rule() -> None:
    assert charges([("97112", 24), ("97110", 23)], payer="commercial") == [
        ("97110", 2, ["GP"]),
        ("97112", 2, ["GP"]),
    ]
    assert charges([("97112", 7), ("97110", 7), ("97140", 7)], payer="commercial") == []


def test_tie_is_warned_and_unbilled_minutes_reported() -> None:
    codes = warnings_of([ServiceLine("97112", 20), ServiceLine("97110", 20)])
    assert "unit_tie" in codes
    codes = warnings_of([ServiceLine("97110", 33), ServiceLine("97035", 4)])
    assert "unbilled_minutes" in codes
    assert "unit_tie" not in codes


def test_untimed_and_timed_on_one_day() -> None:
    got = charges([("97162", 45), ("97110", 10), ("97112", 5)])
    # evaluation minutes never count toward timed minutes: 15 timed minutes -> 1 unit
    assert got == [("97162", 1, ["GP"]), ("97110", 1, ["GP"])]
    res = compute_charges(
        [ServiceLine("97162", 45), ServiceLine("97110", 10), ServiceLine("97112", 5)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
    )
    assert res.total_timed_minutes == 15
    assert res.total_treatment_minutes == 60


def test_duplicate_timed_code_is_one_line() -> None:
    assert charges([("97110", 10), ("97110", 10)]) == [("97110", 1, ["GP"])]


def test_input_order_does_not_change_output() -> None:
    a = charges([("97530", 20), ("97140", 10), ("97110", 12), ("97010", None)])
    b = charges([("97010", None), ("97110", 12), ("97140", 10), ("97530", 20)])
    assert a == b


# ---- discipline and assistant modifiers ----
def test_discipline_modifier_on_every_line() -> None:
    for disc, mod, codes in (
        ("pt", "GP", ["97110", "97140"]),
        ("ot", "GO", ["97535", "97530"]),
        ("slp", "GN", ["97129"]),
    ):
        for _cpt, _u, mods in charges([(c, 20) for c in codes], discipline=disc):
            assert mods[0] == mod


def test_assistant_furnished_all_pta() -> None:
    assert charges([("97110", 30)], provider_role="pta") == [("97110", 2, ["GP", "CQ"])]


def test_assistant_below_de_minimis_no_cq() -> None:
    # 28 therapist minutes give the therapist one whole unit; the second unit covers 13 therapist + 2
    # assistant minutes and 2 > 10% of 15 -> CQ on that unit only
    assert charges([("97110", 30, 2)]) == [("97110", 1, ["GP"]), ("97110", 1, ["GP", "CQ"])]
    # one unit, no whole 15 minutes by either: 1 of 10 minutes is exactly 10%, not MORE -> no CQ
    assert charges([("97110", 10, 1)]) == [("97110", 1, ["GP"])]
    assert charges([("97110", 14, 2)]) == [("97110", 1, ["GP", "CQ"])]
    # the therapist furnished a whole 15 minutes of the only unit: the unit is the therapist's
    assert charges([("97110", 20, 3)]) == [("97110", 1, ["GP"])]


def test_cms_cq_example_pta_23_pt_13_plus_pt_manual_30() -> None:
    assert charges([("97110", 36, 23), ("97140", 30)]) == [("97110", 2, ["GP", "CQ"]), ("97140", 2, ["GP"])]


def test_full_units_split_between_therapist_and_assistant() -> None:
    assert charges([("97110", 25, 15)]) == [("97110", 1, ["GP"]), ("97110", 1, ["GP", "CQ"])]


@pytest.mark.parametrize(("therapist", "assistant"), [(9, 14), (12, 12), (14, 9), (9, 9)])
def test_two_units_9_to_14_each_split(therapist: int, assistant: int) -> None:
    total = therapist + assistant
    got = charges([("97110", total, assistant)])
    if units_for_minutes(total) == 2:
        assert got == [("97110", 1, ["GP"]), ("97110", 1, ["GP", "CQ"])]
    else:  # 18 minutes is one unit: the assistant's 9 minutes are more than 10% -> CQ
        assert got == [("97110", 1, ["GP", "CQ"])]


def test_split_minutes_add_up() -> None:
    parts = split_timed_units(2, 24, 12)
    assert [(p.units, p.assistant) for p in parts] == [(1, False), (1, True)]
    assert sum(p.minutes for p in parts) == 24


def test_ot_assistant_uses_co_untimed_too() -> None:
    assert charges([("97150", None)], discipline="ot", provider_role="cota") == [("97150", 1, ["GO", "CO"])]
    assert charges([("97150", 30, 10)], discipline="ot") == [("97150", 1, ["GO", "CO"])]
    assert charges([("97150", 30, 3)], discipline="ot") == [("97150", 1, ["GO"])]


def test_no_slp_assistant_modifier() -> None:
    res = compute_charges(
        [ServiceLine("97129", 30, 20)], payer="medicare", discipline="slp", date_of_service=DOS
    )
    assert all(not {"CQ", "CO"} & set(ln.modifiers) for ln in res.lines)
    assert "slp_assistant" in res.warning_codes()


def test_commercial_has_no_assistant_modifier() -> None:
    assert charges([("97110", 30)], payer="commercial", provider_role="pta") == [("97110", 2, ["GP"])]


def test_assistant_cannot_bill_evaluation() -> None:
    res = compute_charges(
        [ServiceLine("97165", 45), ServiceLine("97535", 20)],
        payer="medicare",
        discipline="ot",
        provider_role="cota",
        date_of_service=DOS,
    )
    assert [(ln.cpt, ln.modifiers) for ln in res.lines] == [("97535", ["GO", "CO"])]
    assert "assistant_evaluation" in res.warning_codes()


def test_role_must_match_discipline() -> None:
    with pytest.raises(BillingInputError):
        compute_charges([ServiceLine("97110", 20)], payer="medicare", discipline="ot", provider_role="pta")
    with pytest.raises(BillingInputError):
        compute_charges([ServiceLine("97110", 20)], payer="aetna", discipline="pt")
    with pytest.raises(BillingInputError):
        compute_charges([ServiceLine("97110", 5, 6)], payer="medicare", discipline="pt")


# ---- cognitive intervention 97129 / 97130 ----
@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (10, [("97129", 1, ["GN"])]),
        (25, [("97129", 1, ["GN"]), ("97130", 1, ["GN"])]),
        (40, [("97129", 1, ["GN"]), ("97130", 2, ["GN"])]),
        (5, []),
    ],
)
def test_cognitive_first_unit_then_addon(minutes: int, expected: list) -> None:
    assert charges([("97129", minutes)], discipline="slp") == expected


def test_cognitive_addon_minutes_pool_with_first_code() -> None:
    assert charges([("97129", 15), ("97130", 15)], discipline="slp") == [
        ("97129", 1, ["GN"]),
        ("97130", 1, ["GN"]),
    ]


# ---- NCCI ----
TABLE = load_tables(DOS)


@pytest.mark.parametrize("pair", TABLE.ncci.pairs, ids=lambda p: f"{p.column_1}-{p.column_2}")
def test_every_ncci_pair_gets_distinct_modifier_on_column_2(pair: Any) -> None:
    def svc(cpt: str) -> tuple[str, int | None]:
        return (cpt, 20) if is_timed(cpt) else (cpt, None)

    disc = "pt" if "pt" in lookup_code(pair.column_1).disciplines else "ot"  # type: ignore[union-attr]
    got = dict((c, m) for c, _u, m in charges([svc(pair.column_1), svc(pair.column_2)], discipline=disc))
    assert "XU" in got[pair.column_2]
    assert "XU" not in got[pair.column_1]
    got = dict(
        (c, m)
        for c, _u, m in charges([svc(pair.column_1), svc(pair.column_2)], discipline=disc, payer="commercial")
    )
    assert "59" in got[pair.column_2]


def test_no_ncci_modifier_without_pair() -> None:
    assert charges([("97110", 20), ("97140", 15)]) == [("97110", 1, ["GP"]), ("97140", 1, ["GP"])]


# ---- KX ----
def test_kx_crossed_within_visit() -> None:
    # 2026 PT+SLP threshold $2480; fees 97110 $29, 97140 $27 per unit (fees.yaml)
    res = compute_charges(
        [ServiceLine("97110", 30), ServiceLine("97140", 30)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
        ytd_charges=Decimal("2440"),
    )
    # 2440 + 58 = 2498 > 2480 already on the first line
    assert [ln.modifiers for ln in res.lines] == [["GP", "KX"], ["GP", "KX"]]
    res = compute_charges(
        [ServiceLine("97110", 30), ServiceLine("97140", 30)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
        ytd_charges=Decimal("2450"),
    )
    assert "kx_applied" in res.warning_codes()
    # 2400 + 58 = 2458 on 97110, then 2512 on 97140: only the line that crosses (and later ones) get KX
    res = compute_charges(
        [ServiceLine("97110", 30), ServiceLine("97140", 30)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
        ytd_charges=2400,
    )
    assert [ln.modifiers for ln in res.lines] == [["GP"], ["GP", "KX"]]


def test_kx_not_reached() -> None:
    assert charges([("97110", 30)], ytd_charges=1000) == [("97110", 2, ["GP"])]


def test_kx_thresholds_by_year_and_bucket() -> None:
    # OT has its own bucket; 2024 threshold $2330
    day = dt.date(2024, 6, 1)
    assert charges([("97530", 15)], discipline="ot", date_of_service=day, ytd_charges=2290) == [
        ("97530", 1, ["GO"])
    ]
    # PT+SLP spending does not count toward OT's bucket: the caller passes the OT year-to-date
    assert charges([("97530", 15)], discipline="ot", date_of_service=day, ytd_charges=2300) == [
        ("97530", 1, ["GO", "KX"])
    ]


def test_kx_without_documentation_warns_and_withholds() -> None:
    res = compute_charges(
        [ServiceLine("97110", 30)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
        ytd_charges=3000,
        medical_necessity_documented=False,
    )
    assert res.lines[0].modifiers == ["GP"]
    assert "kx_not_documented" in res.warning_codes()
    assert "targeted_review" in res.warning_codes()


def test_no_kx_for_commercial() -> None:
    assert charges([("97110", 30)], payer="commercial", ytd_charges=9000) == [("97110", 2, ["GP"])]


# ---- payer data ----
def test_medicare_bundles_hot_pack_and_substitutes_unattended_estim() -> None:
    res = compute_charges(
        [ServiceLine("97010"), ServiceLine("97014"), ServiceLine("97110", 15)],
        payer="medicare",
        discipline="pt",
        date_of_service=DOS,
    )
    assert [(ln.cpt, ln.units) for ln in res.lines] == [("97110", 1), ("G0283", 1)]
    assert {"bundled_code", "code_substituted"} <= set(res.warning_codes())
    assert charges([("97010", None)], payer="commercial") == [("97010", 1, ["GP"])]


def test_unknown_code_and_missing_minutes_warn() -> None:
    codes = warnings_of([ServiceLine("99999", 10), ServiceLine("97110", None)])
    assert {"unknown_code", "missing_minutes"} <= set(codes)


def test_mue_warning() -> None:
    assert "mue_exceeded" in warnings_of([ServiceLine("97112", 120)])


def test_lookup_code_uses_own_labels() -> None:
    info = lookup_code("97110")
    assert info is not None
    assert info.label == "Therapeutic exercise"
    assert info.timed
    assert not is_timed("92507")
    assert lookup_code("97161").evaluation
    assert not lookup_code("97161").assistant_ok
    with pytest.raises(BillingInputError):
        is_timed("12345")


services_st = st.lists(
    st.tuples(
        st.sampled_from(["97110", "97112", "97140", "97530", "97116", "97035", "97150", "97162"]),
        st.integers(min_value=0, max_value=60),
        st.integers(min_value=0, max_value=60),
    ),
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(services_st, st.sampled_from(["medicare", "medicaid", "commercial"]), st.randoms())
def test_properties(services: list[tuple[str, int, int]], payer: str, rnd: Any) -> None:
    lines = [ServiceLine(c, m, min(a, m)) for c, m, a in services]
    res = compute_charges(lines, payer=payer, discipline="pt", date_of_service=DOS)
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    res2 = compute_charges(shuffled, payer=payer, discipline="pt", date_of_service=DOS)
    assert res.to_dict() == res2.to_dict()
    assert all(ln.units > 0 for ln in res.lines)
    timed_units = sum(ln.units for ln in res.lines if is_timed(ln.cpt))
    timed_minutes = sum(m for c, m, _ in services if is_timed(c))
    if payer != "commercial":
        assert timed_units == units_for_minutes(timed_minutes)
    else:
        assert timed_units <= sum(units_for_minutes(m) for m in _per_code(services).values())


def _per_code(services: list[tuple[str, int, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c, m, _ in services:
        if is_timed(c):
            out[c] = out.get(c, 0) + m
    return out
