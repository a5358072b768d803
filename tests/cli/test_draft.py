"""`rehab-scribe draft` as its users (and the external evaluation) call it: the draft/1 contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "import cli; cli.main()"]

PT_VISIT = """\
[therapist] Good morning. How is the right knee today?
[client] It still hurts on the stairs, maybe four out of ten. It was six out of ten last week.
[therapist] Right knee flexion is one hundred ten degrees. Quad strength is four minus out of five.
[therapist] There is no swelling today.
[therapist] We did therapeutic exercise for twenty five minutes: step ups, three sets of ten.
[therapist] Then manual therapy for twelve minutes, patellar mobilization.
[therapist] Her stair tolerance is improving.
[therapist] Plan: continue twice a week and add lateral step downs.
"""

SMALL_TALK = """\
[therapist] Morning! Did you find parking alright?
[client] Yes, the lot was almost empty today.
[therapist] The weather has been lovely this week.
[client] My grandson visited on Sunday, we went to the park.
"""


def _draft(tmp_path: Path, text: str, *args: str) -> dict[str, Any]:
    f = tmp_path / "visit.txt"
    f.write_text(text)
    res = CliRunner().invoke(main, ["draft", "--transcript", str(f), "--json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.mark.slow
def test_draft_from_transcript_follows_the_contract(tmp_path: Path) -> None:
    out = _draft(tmp_path, PT_VISIT, "--discipline", "pt")
    assert out["contract"] == "draft/1"
    assert out["discipline"] == "pt"
    for key in (
        "transcript",
        "note",
        "measurements",
        "negated_findings",
        "interventions",
        "goals",
        "pulled_forward",
        "billing_preview",
        "warnings",
    ):
        assert key in out
    seg_ids = {s["id"] for s in out["transcript"]["segments"]}
    statements = [s for v in out["note"]["sections"].values() for s in v]
    assert statements
    for st in statements:
        assert st["evidence"], st
        assert all(e["segment"] in seg_ids for e in st["evidence"]), st
    assert out["note"]["template"] == "pt_daily"
    types = {m["type"] for m in out["measurements"]}
    assert {"pain", "rom", "mmt", "reps_sets"} <= types
    rom = next(m for m in out["measurements"] if m["type"] == "rom")
    assert (rom["value"], rom["side"], rom["motion"]) == (110, "right", "flexion")
    mmt = next(m for m in out["measurements"] if m["type"] == "mmt")
    assert str(mmt.get("grade", mmt.get("value"))) == "4-"
    assert any(m["type"] == "pain" and m["value"] == 6 and m["when"] == "prior" for m in out["measurements"])
    assert "swelling" in " ".join(n["text"] for n in out["negated_findings"])
    assert {(i["cpt"], i["minutes"]) for i in out["interventions"]} == {("97110", 25), ("97140", 12)}
    # 37 timed minutes -> 2 units: 97110 a whole unit, then the larger leftover (97140, 12 > 10).
    assert sorted((c["cpt"], c["units"]) for c in out["billing_preview"]) == [("97110", 1), ("97140", 1)]
    assert all("GP" in c["modifiers"] for c in out["billing_preview"])
    assert out["note"]["sections"]["plan"]
    assert out["note"]["sections"]["assessment"]


@pytest.mark.slow
def test_nothing_is_invented_from_small_talk(tmp_path: Path) -> None:
    out = _draft(tmp_path, SMALL_TALK, "--discipline", "pt")
    assert out["measurements"] == []
    assert out["interventions"] == []
    assert out["billing_preview"] == []
    assert out["negated_findings"] == []
    assert not out["note"]["sections"]["objective"]
    assert any(w["code"] == "missing_element" for w in out["warnings"])


@pytest.mark.slow
def test_prior_note_is_pulled_forward_unconfirmed(tmp_path: Path) -> None:
    first = _draft(tmp_path, PT_VISIT, "--discipline", "pt")
    first["goals"] = [
        {
            "goal_id": "pt.custom.01",
            "text": "Climb 12 stairs with one rail independently",
            "status": "progressing",
        }
    ]
    prior = tmp_path / "prior.json"
    prior.write_text(json.dumps(first))
    again = _draft(
        tmp_path,
        PT_VISIT.replace("twice a week", "three times a week"),
        "--discipline",
        "pt",
        "--prior-note",
        str(prior),
    )
    pulled = again["pulled_forward"]
    assert pulled
    assert all(p["confirmed"] is False for p in pulled)
    assert all(p["source"] == "prior_note" for p in pulled)
    assert {"plan", "goals"} <= {p["section"] for p in pulled}
    assert any(w["code"] == "clone_risk" for w in again["warnings"]), "a near-copy of the last note must warn"


@pytest.mark.slow
def test_assistant_note_needs_cosign_and_carries_cq(tmp_path: Path) -> None:
    out = _draft(tmp_path, PT_VISIT, "--discipline", "pt", "--provider-role", "pta")
    assert out["requires_cosign"] is True
    assert all("CQ" in c["modifiers"] for c in out["billing_preview"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "missing.wav", "--discipline", "pt"], "no such file"),
        (["draft", "x.wav", "--discipline", "chiro"], "Invalid value for '--discipline'"),
        (["draft", "--discipline", "pt"], "exactly one of AUDIO or --transcript"),
    ],
)
def test_bad_arguments_fail_with_one_clear_line(args: list[str], message: str) -> None:
    res = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode != 0
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert res.stdout == ""


def test_malformed_transcript_json_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "t.json"
    bad.write_text('{"segments": [ {"text": "hi"')
    res = subprocess.run(
        [*CLI, "draft", "--transcript", str(bad), "--discipline", "pt", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode != 0
    assert "malformed transcript JSON" in res.stderr
    assert "Traceback" not in res.stderr


def test_every_command_has_help() -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["--help"])
    assert res.exit_code == 0
    commands = re.findall(r"^  ([a-z][a-z-]+)\s", res.output.split("Commands:")[1], re.MULTILINE)
    assert {"draft", "transcribe", "serve", "worker", "db", "seed-demo", "billing", "goals", "audit"} <= set(
        commands
    )
    for cmd in commands:
        sub = runner.invoke(main, [cmd, "--help"])
        assert sub.exit_code == 0, cmd
        assert "Usage:" in sub.output
