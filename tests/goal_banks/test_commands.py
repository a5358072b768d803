"""The `goals` click group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from goal_banks.commands import goals


def test_counts() -> None:
    r = CliRunner().invoke(goals, ["counts"])
    assert r.exit_code == 0
    for disc in ("pt", "ot", "slp"):
        line = next(ln for ln in r.output.splitlines() if ln.startswith(f"{disc}:"))
        assert int(line.split()[1]) >= 120


def test_validate_default_and_bad_file(tmp_path: Path) -> None:
    ok = CliRunner().invoke(goals, ["validate"])
    assert ok.exit_code == 0
    assert "pt:" in ok.output
    bad = tmp_path / "clinic.yaml"
    bad.write_text("bank_version: '1'\ndiscipline: pt\ndomains: []\n")
    r = CliRunner().invoke(goals, ["validate", str(bad)])
    assert r.exit_code != 0
    assert "clinic.yaml: domains:" in r.output
    assert "Traceback" not in r.output


@pytest.mark.slow
def test_search_json() -> None:
    r = CliRunner().invoke(
        goals, ["search", "climbing steps at home", "--discipline", "pt", "--limit", "3", "--json"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert len(data) == 3
    assert data[0]["domain"] == "stairs"
    assert data[0]["score"] > 0


def test_search_rejects_unknown_domain() -> None:
    r = CliRunner().invoke(goals, ["search", "stairs", "--discipline", "pt", "--domain", "nope"])
    assert r.exit_code != 0
    assert "unknown domain 'nope'" in r.output
