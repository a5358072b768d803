"""`rehab-scribe`: the command line. A thin shell: every command calls a domain package or the API.

Heavy imports (speech and text models, the web app) happen inside commands so `--help` is instant.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

DISCIPLINES = ("pt", "ot", "slp")
PAYERS = ("medicare", "medicaid", "commercial")
ROLES = ("pt", "pta", "ot", "cota", "slp", "slp_cf")
DEFAULT_ROLE = {"pt": "pt", "ot": "ot", "slp": "slp"}
MAX_TRANSCRIPT_BYTES = 2_000_000


def _stderr_progress(label: str) -> Any:
    """A progress callback printing whole percents to stderr, so stdout stays pure JSON."""
    last = {"pct": -1}

    def report(fraction: float) -> None:
        pct = int(max(0.0, min(1.0, fraction)) * 100)
        if pct != last["pct"] and (pct - last["pct"] >= 5 or pct == 100):
            last["pct"] = pct
            click.echo(f"\r{label}: {pct:3d}%", err=True, nl=pct == 100)

    return report


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", is_flag=True, help="Log progress and timings to stderr.")
def main(verbose: bool) -> None:
    """Rehab Scribe: session recordings to evidence-linked PT/OT/SLP notes, signing and billing.

    Start with `rehab-scribe draft SESSION.wav --discipline pt` (no server needed), or
    `rehab-scribe seed-demo` then `rehab-scribe serve` for the tablet app and API.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )


@main.command()
@click.argument("audio", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--discipline", type=click.Choice(DISCIPLINES), required=True, help="The plan of care's discipline."
)
@click.option(
    "--payer",
    type=click.Choice(PAYERS),
    default="medicare",
    show_default=True,
    help="Payer profile used for the billing preview.",
)
@click.option(
    "--provider-role",
    type=click.Choice(ROLES),
    default=None,
    help="Who furnished the session. Default: the discipline's licensed therapist.",
)
@click.option(
    "--prior-note",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The last signed note (this command's JSON) for pull-forward and goal progress.",
)
@click.option(
    "--transcript",
    "transcript_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Draft from an existing transcript (tagged text like `[therapist] ...` or transcript JSON) "
    "instead of audio.",
)
@click.option(
    "--note-type",
    type=click.Choice(["auto", "daily", "evaluation", "progress", "reevaluation", "discharge"]),
    default="auto",
    show_default=True,
    help="Template to fill; auto detects evaluations and progress reports from the session.",
)
@click.option(
    "--model", default=None, help="Speech model: tiny.en (default), base, a faster-whisper name or a path."
)
@click.option("--json", "as_json", is_flag=True, help="Print the draft/1 contract JSON on stdout.")
def draft(
    audio: Path | None,
    discipline: str,
    payer: str,
    provider_role: str | None,
    prior_note: Path | None,
    transcript_file: Path | None,
    note_type: str,
    model: str | None,
    as_json: bool,
) -> None:
    """Draft a SOAP note from a session recording (or a transcript), with evidence for every statement."""
    if (audio is None) == (transcript_file is None):
        raise click.ClickException("give exactly one of AUDIO or --transcript FILE")
    if audio is not None and not audio.exists():
        raise click.ClickException(f"{audio}: no such file")
    prior: dict[str, Any] | None = None
    if prior_note is not None:
        try:
            prior = json.loads(prior_note.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise click.ClickException(f"{prior_note}: not a readable draft JSON ({exc})") from exc
        if not isinstance(prior, dict):
            raise click.ClickException(f"{prior_note}: the prior note must be a JSON object")

    from note_builder.draft import DraftRequest, build_draft, render_text
    from scribe.transcript import Transcript, TranscriptFormatError, load_transcript

    transcript: Transcript
    if transcript_file is not None:
        if transcript_file.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise click.ClickException(
                f"{transcript_file}: larger than {MAX_TRANSCRIPT_BYTES // 1_000_000} MB; a session "
                "transcript is far smaller (3 hours of speech is about 200 KB)"
            )
        try:
            transcript = load_transcript(transcript_file.read_text())
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"{transcript_file}: cannot read ({exc})") from exc
        except TranscriptFormatError as exc:
            raise click.ClickException(f"{transcript_file}: {exc}") from exc
    else:
        assert audio is not None
        transcript = _transcribe(audio, discipline, model)

    request = DraftRequest(
        discipline=discipline,
        payer=payer,
        provider_role=provider_role or DEFAULT_ROLE[discipline],
        prior_note=prior,
        note_type=None if note_type == "auto" else note_type,
    )
    result = build_draft(transcript, request)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        click.echo(render_text(result))


def _transcribe(audio: Path, discipline: str | None, model: str | None) -> Any:
    from scribe.audio import AudioError
    from scribe.pipeline import transcribe_file
    from settings import get_settings

    settings = get_settings()
    if model:
        settings = settings.model_copy(update={"asr_model": model})
    try:
        return transcribe_file(
            audio, discipline=discipline, settings=settings, progress=_stderr_progress("transcribing")
        )
    except AudioError as exc:
        raise click.ClickException(f"{audio}: {exc}") from exc


def _register() -> None:
    """Commands owned by the other packages; each module keeps its heavy imports inside commands."""
    from api.commands import audit_group, db_group, seed_demo_command, serve, worker_command
    from billing.commands import billing
    from goal_banks.commands import goals
    from scribe.commands import transcribe_command

    for cmd in (
        serve,
        worker_command,
        db_group,
        seed_demo_command,
        audit_group,
        billing,
        goals,
        transcribe_command,
    ):
        main.add_command(cmd)


_register()


if __name__ == "__main__":
    main()
