from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from scribe.commands import transcribe_command

if TYPE_CHECKING:
    from tests.scribe.conftest import SpokenSession


def test_help_is_fast_and_documented() -> None:
    res = CliRunner().invoke(transcribe_command, ["--help"])
    assert res.exit_code == 0
    assert "--discipline" in res.output
    assert "--model" in res.output


@pytest.mark.parametrize(("content", "needle"),
                         [(b"", "empty"), (b"not audio at all\n" * 10, "not an audio file")])
def test_bad_audio_is_one_line_error(tmp_path: Path, content: bytes, needle: str) -> None:
    p = tmp_path / "x.wav"
    p.write_bytes(content)
    res = CliRunner().invoke(transcribe_command, [str(p), "--quiet"])
    assert res.exit_code != 0
    assert needle in res.output
    assert "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


@pytest.mark.slow
def test_json_output(short_session: SpokenSession) -> None:
    res = CliRunner().invoke(transcribe_command, [str(short_session.wav), "--json", "--discipline", "pt"])
    assert res.exit_code == 0, res.output
    start = res.output.index("{")
    data = json.loads(res.output[start:])
    assert data["model"] == "tiny.en"
    assert data["segments"][0]["id"] == "s0"
    clinical = " ".join(s.get("clinical_text", "") for s in data["segments"])
    assert "°" in clinical or "/" in clinical
    assert {s["speaker"] for s in data["segments"]} >= {"therapist", "client"}
