"""`rehab-scribe transcribe AUDIO`: a recording in, a speaker-attributed transcript out."""

from __future__ import annotations

import json
import sys

import click


@click.command("transcribe")
@click.argument("audio", type=click.Path(dir_okay=False, path_type=str))
@click.option("--discipline", type=click.Choice(["pt", "ot", "slp"], case_sensitive=False), default=None,
              help="Therapy discipline; selects the clinical vocabulary the recogniser is primed with.")
@click.option("--json", "as_json", is_flag=True, help="Print the transcript as JSON instead of text.")
@click.option("--model", default=None, metavar="NAME_OR_PATH",
              help="Whisper model name (tiny.en, base, ...) or a local model directory; "
                   "default from settings.")
@click.option("--words", is_flag=True, help="With --json, include each word with its times.")
@click.option("--quiet", is_flag=True, help="No progress output on stderr.")
def transcribe_command(audio: str, discipline: str | None, as_json: bool, model: str | None, words: bool,
                       quiet: bool) -> None:
    """Transcribe a session recording (WAV, WebM/Opus, Ogg, M4A, MP3, FLAC) with speakers and times."""
    from model_assets import ModelIntegrityError
    from scribe.audio import AudioError
    from scribe.pipeline import transcribe_file
    from settings import SettingsError, get_settings

    last = [-1]

    def progress(frac: float) -> None:
        pct = int(frac * 100)
        if quiet or pct // 10 == last[0] // 10 and pct != 100:
            return
        if pct != last[0]:
            last[0] = pct
            click.echo(f"transcribing: {pct}%", err=True)

    try:
        settings = get_settings()
        transcript = transcribe_file(audio, discipline=discipline.lower() if discipline else None,
                                     settings=settings, progress=progress, model=model)
    except AudioError as exc:
        raise click.ClickException(exc.message) from exc
    except (ModelIntegrityError, SettingsError) as exc:
        raise click.ClickException(str(exc)) from exc
    except (RuntimeError, OSError, ValueError) as exc:  # model load failures and the like: one line
        first = str(exc).splitlines()[0] if str(exc) else repr(exc)
        raise click.ClickException(f"transcription failed: {first}") from exc
    if as_json:
        click.echo(json.dumps(transcript.to_dict(with_words=words), indent=1, ensure_ascii=False))
        return
    for seg in transcript.segments:
        click.echo(f"[{_clock(seg.start)}-{_clock(seg.end)}] {seg.speaker}: {seg.best_text}")
    sys.stdout.flush()


def _clock(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m):02d}:{s:04.1f}"
