"""`rehab-scribe billing units` through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from billing.commands import billing


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(billing, ["units", *args])
    return res.exit_code, res.stdout, res.stderr


def test_json_ot_cota_sample() -> None:
    code, out, _ = run(
        "--payer",
        "medicare",
        "--discipline",
        "ot",
        "--provider-role",
        "cota",
        "--date",
        "2026-03-02",
        "97530=25",
        "97535=8",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["lines"] == [{"cpt": "97530", "units": 2, "modifiers": ["GO", "CO"], "minutes": 25}]
    assert [w["code"] for w in data["warnings"]] == ["unbilled_minutes"]


def test_json_assistant_minutes_and_untimed() -> None:
    code, out, _ = run(
        "--payer",
        "medicare",
        "--discipline",
        "pt",
        "--date",
        "2026-03-02",
        "97110=36/23",
        "97140=30",
        "97162",
        "--json",
    )
    assert code == 0
    lines = json.loads(out)["lines"]
    assert [(ln["cpt"], ln["units"], ln["modifiers"]) for ln in lines] == [
        ("97162", 1, ["GP"]),
        ("97110", 2, ["GP", "CQ"]),
        ("97140", 2, ["GP", "XU"]),
    ]


def test_kx_from_ytd() -> None:
    code, out, _ = run(
        "--payer",
        "medicare",
        "--discipline",
        "slp",
        "--ytd-charges",
        "2,475.00",
        "--date",
        "2026-05-01",
        "92507",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["lines"][0]["modifiers"] == ["GN", "KX"]


def test_table_output() -> None:
    code, out, _ = run("--payer", "commercial", "--discipline", "pt", "97112=24", "97110=23")
    assert code == 0
    assert "97112" in out
    assert "Neuromuscular re-education" in out
    assert "per code" in out


def test_bad_input_is_one_clear_line() -> None:
    for args, needle in (
        (["--payer", "medicare", "--discipline", "pt", "97110=abc"], "cannot read service"),
        (["--payer", "medicare", "--discipline", "pt", "12345=10"], "not a therapy code"),
        (["--payer", "medicare", "--discipline", "pt", "97110"], "billed by time"),
        (["--payer", "medicare", "--discipline", "pt", "97110=10/20"], "exceed"),
        (
            ["--payer", "medicare", "--discipline", "ot", "--provider-role", "pta", "97110=10"],
            "cannot furnish",
        ),
        (["--payer", "medicare", "--discipline", "pt", "--date", "2026-13-01", "97110=10"], "--date"),
        (["--payer", "medicare", "--discipline", "pt", "--ytd-charges", "x", "97110=10"], "--ytd-charges"),
    ):
        code, out, err = run(*args)
        assert code != 0, args
        assert needle in err, (args, err)
        assert "Traceback" not in err


def test_help() -> None:
    res = CliRunner().invoke(billing, ["units", "--help"])
    assert res.exit_code == 0
    assert "--ytd-charges" in res.stdout
