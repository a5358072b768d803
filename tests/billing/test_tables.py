"""The data loader names the file and the field when a table is wrong."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from billing.tables import DATA_DIR, BillingDataError, load_tables


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    return dst


def test_shipped_tables_load() -> None:
    t = load_tables(dt.date(2026, 1, 2))
    assert {"medicare", "medicaid", "commercial"} <= set(t.payers.payers)
    for cpt in [
        "97161",
        "97168",
        "92521",
        "92524",
        "92610",
        "97110",
        "97530",
        "97763",
        "97032",
        "97036",
        "97010",
        "97028",
        "92507",
        "92508",
        "92526",
        "92597",
        "97129",
        "97130",
        "97150",
    ]:
        assert t.code(cpt) is not None, cpt
    assert all(not c.assistant_ok for c in t.codes.codes.values() if c.evaluation)
    medicare = t.payer("medicare")
    assert medicare.unit_rule == "cms_8_minute"
    assert [str(medicare.kx_threshold(y, "pt")[0]) for y in (2023, 2024, 2025, 2026)] == [  # type: ignore[index]
        "2230.00",
        "2330.00",
        "2410.00",
        "2480.00",
    ]
    assert t.payer("commercial").unit_rule == "per_code"


def test_bad_field_names_file_and_field(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    data = yaml.safe_load((root / "codes.yaml").read_text())
    data["codes"]["97110"]["unit"] = "hourly"
    (root / "codes.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(BillingDataError, match=r"codes\.yaml: field codes\.97110\.unit"):
        load_tables(dt.date(2026, 1, 2), data_dir=root)


def test_evaluation_by_assistant_rejected(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    data = yaml.safe_load((root / "codes.yaml").read_text())
    data["codes"]["97161"]["assistant_ok"] = True
    (root / "codes.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(BillingDataError, match=r"codes\.97161.*assistant"):
        load_tables(dt.date(2026, 1, 2), data_dir=root)


def test_ncci_code_must_exist(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    data = yaml.safe_load((root / "ncci.yaml").read_text())
    data["pairs"].append({"column_1": "97530", "column_2": "11111", "modifier_indicator": 1})
    (root / "ncci.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(BillingDataError, match=r"ncci\.yaml: field pairs\.\d+\.column_2"):
        load_tables(dt.date(2026, 1, 2), data_dir=root)


def test_payer_threshold_type_checked(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    data = yaml.safe_load((root / "payers.yaml").read_text())
    data["payers"]["medicare"]["kx_thresholds"][2026]["ot"] = "lots"
    (root / "payers.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(
        BillingDataError, match=r"payers\.yaml: field payers\.medicare\.kx_thresholds\.2026\.ot"
    ):
        load_tables(dt.date(2026, 1, 2), data_dir=root)


def test_date_outside_tables(tmp_path: Path) -> None:
    with pytest.raises(BillingDataError, match="does not cover"):
        load_tables(dt.date(2019, 1, 2))
