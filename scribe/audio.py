"""Decode whatever a tablet recorded into the 16 kHz mono float32 the recogniser wants.

Every way an upload can be unusable has its own error class and a stable `code`, because the API
shows the message to the clinician ("the recording is silent", not "ValueError") and clients
branch on the code. Limits come in as arguments so the caller decides which settings apply.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000

# A recording whose loudest half-second window stays below this RMS (about -54 dBFS) holds no
# speech worth transcribing; a quiet room with a far-off talker is still well above it.
SILENCE_RMS = 0.002
_WINDOW_S = 0.5


class AudioError(ValueError):
    """An upload that cannot become a transcript; `code` is stable, the message is for people."""

    code = "audio_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAudioError(AudioError):
    code = "not_audio"


class CorruptAudioError(AudioError):
    code = "corrupt_audio"


class EmptyAudioError(AudioError):
    code = "empty_audio"


class SilentAudioError(AudioError):
    code = "silent_audio"


class AudioTooLongError(AudioError):
    code = "audio_too_long"


class AudioTooLargeError(AudioError):
    code = "audio_too_large"


def _fmt_duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 60:
        return f"{seconds / 60:.1f} min"
    return f"{seconds:.1f} s"


def check_size(path: str | os.PathLike[str], max_bytes: int | None) -> int:
    """Fail before decoding anything: a 2 GB upload should not cost a decode to reject."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise NotAudioError(f"{p.name}: file not found") from exc
    if size == 0:
        raise EmptyAudioError(f"{p.name}: the file is empty (0 bytes)")
    if max_bytes is not None and size > max_bytes:
        raise AudioTooLargeError(
            f"{p.name}: {size / 1e6:.1f} MB is larger than the {max_bytes / 1e6:.0f} MB upload limit"
        )
    return size


def check_samples(
    samples: np.ndarray, *, name: str = "audio", max_seconds: float | None = None
) -> np.ndarray:
    """Validate decoded audio (length, silence); shared by file and in-memory paths."""
    if samples.ndim != 1:
        samples = samples.reshape(-1)
    samples = samples.astype(np.float32, copy=False)
    if samples.size == 0:
        raise EmptyAudioError(f"{name}: the recording contains no audio (zero length)")
    duration = samples.size / SAMPLE_RATE
    if max_seconds is not None and duration > max_seconds:
        raise AudioTooLongError(
            f"{name}: {_fmt_duration(duration)} is longer than the {_fmt_duration(max_seconds)} limit"
        )
    if not np.all(np.isfinite(samples)):
        raise CorruptAudioError(f"{name}: the decoded audio contains invalid sample values")
    if loudest_rms(samples) < SILENCE_RMS:
        raise SilentAudioError(f"{name}: the recording is silent ({_fmt_duration(duration)} without speech)")
    return samples


def loudest_rms(samples: np.ndarray) -> float:
    """RMS of the loudest window, so one long quiet stretch does not hide a short spoken part."""
    win = int(_WINDOW_S * SAMPLE_RATE)
    if samples.size <= win:
        return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if samples.size else 0.0
    n = samples.size // win
    frames = samples[: n * win].reshape(n, win).astype(np.float64)
    return float(np.sqrt(np.mean(frames * frames, axis=1)).max())


def decode(path: str | os.PathLike[str], *, max_seconds: float | None = None) -> np.ndarray:
    """Any container/codec FFmpeg reads -> 16 kHz mono float32 in [-1, 1].

    Decodes packet by packet so a file truncated mid-stream yields what was intact when
    that is a usable amount, and a clear error when nothing decodes.
    """
    import av  # heavy; keep module import cheap for the CLI's --help

    p = Path(path)
    name = p.name
    try:
        container = av.open(str(p), mode="r", metadata_errors="ignore")
    except FileNotFoundError as exc:
        raise NotAudioError(f"{name}: file not found") from exc
    except av.error.InvalidDataError as exc:
        if _looks_like_media(p):
            raise CorruptAudioError(
                f"{name}: the audio file is corrupt or truncated ({_short(exc)})"
            ) from exc
        raise NotAudioError(f"{name}: not an audio file (no known audio format)") from exc
    except av.FFmpegError as exc:
        raise CorruptAudioError(f"{name}: the file could not be opened ({_short(exc)})") from exc
    chunks: list[np.ndarray] = []
    total = 0
    limit = int(max_seconds * SAMPLE_RATE) + SAMPLE_RATE if max_seconds is not None else None
    errors = 0
    declared = container.duration if isinstance(container.duration, int) else None
    try:
        if not container.streams.audio:
            raise NotAudioError(f"{name}: the file has no audio stream")
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        try:
            for packet in container.demux(stream):
                try:
                    frames = packet.decode()
                except av.FFmpegError:
                    errors += 1
                    if errors > 20:
                        break
                    continue
                for frame in frames:
                    for out in resampler.resample(frame):
                        arr = out.to_ndarray().reshape(-1)
                        chunks.append(arr)
                        total += arr.size
                if limit is not None and total > limit:
                    raise AudioTooLongError(_too_long_message(name, container, max_seconds))
            for out in resampler.resample(None):
                arr = out.to_ndarray().reshape(-1)
                chunks.append(arr)
                total += arr.size
        except av.FFmpegError as exc:
            if total == 0:
                raise CorruptAudioError(f"{name}: the audio is corrupt or truncated ({_short(exc)})") from exc
    finally:
        container.close()
    if total == 0:
        if errors:
            raise CorruptAudioError(f"{name}: the audio is corrupt; no frame could be decoded")
        raise EmptyAudioError(f"{name}: the recording contains no audio (zero length)")
    decoded_s = total / SAMPLE_RATE
    if declared and declared > 0 and decoded_s < 0.9 * (declared / 1e6) - 1.0:
        raise CorruptAudioError(
            f"{name}: the file is truncated or corrupt; only {_fmt_duration(decoded_s)} of "
            f"{_fmt_duration(declared / 1e6)} could be decoded"
        )
    pcm = np.concatenate(chunks).astype(np.float32) / 32768.0
    return pcm


# Leading bytes of the containers tablets and recorders produce; used only to word the error.
_MAGICS: tuple[bytes, ...] = (b"RIFF", b"OggS", b"fLaC", b"ID3", b"\x1aE\xdf\xa3", b"\xff\xfb", b"\xff\xf3",
                              b"\xff\xf2", b"\xff\xf1", b"\xff\xf9", b"FORM", b"caff")


def _looks_like_media(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
    except OSError:
        return False
    return head.startswith(_MAGICS) or head[4:8] == b"ftyp"


def _too_long_message(name: str, container: object, max_seconds: float | None) -> str:
    declared = getattr(container, "duration", None)  # microseconds, when the container says
    if isinstance(declared, int) and declared > 0:
        length = _fmt_duration(declared / 1e6)
    else:
        length = "the recording"
    return f"{name}: {length} is longer than the {_fmt_duration(max_seconds or 0.0)} limit"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    # FFmpeg messages repeat the file path; people already know which file they sent.
    return text.split(": '")[0][:120]


def load_audio(
    path: str | os.PathLike[str],
    *,
    max_seconds: float | None = None,
    max_bytes: int | None = None,
) -> np.ndarray:
    """Size check, decode, then content checks: the one call upload handling needs."""
    check_size(path, max_bytes)
    samples = decode(path, max_seconds=max_seconds)
    return check_samples(samples, name=Path(path).name, max_seconds=max_seconds)
