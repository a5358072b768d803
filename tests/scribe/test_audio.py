from __future__ import annotations

import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from scribe.audio import (
    SAMPLE_RATE,
    AudioTooLargeError,
    AudioTooLongError,
    CorruptAudioError,
    EmptyAudioError,
    NotAudioError,
    SilentAudioError,
    check_samples,
    load_audio,
)

if TYPE_CHECKING:
    from tests.scribe.conftest import SpokenSession


def _wav(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("ext", ["webm", "ogg", "m4a", "mp3", "flac"])
def test_every_container_decodes_to_16k_mono(formats: dict[str, Path], short_session: SpokenSession,
                                             ext: str) -> None:
    ref = load_audio(short_session.wav)
    got = load_audio(formats[ext])
    assert got.dtype == np.float32
    assert got.ndim == 1
    assert abs(got.size - ref.size) / SAMPLE_RATE < 0.1  # same duration within 100 ms
    assert 0.1 < float(np.abs(got).max()) <= 1.0


def test_text_file_renamed_wav_is_not_audio(tmp_path: Path) -> None:
    p = tmp_path / "notes.wav"
    p.write_text("Patient reports pain 4/10. This is not audio.\n" * 20)
    with pytest.raises(NotAudioError) as err:
        load_audio(p)
    assert err.value.code == "not_audio"
    assert "notes.wav" in str(err.value)


def test_zero_length_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.webm"
    p.write_bytes(b"")
    with pytest.raises(EmptyAudioError, match="empty"):
        load_audio(p)


def test_wav_with_no_frames_is_empty(tmp_path: Path) -> None:
    with pytest.raises(EmptyAudioError):
        load_audio(_wav(tmp_path / "none.wav", np.zeros(0)))


def test_silent_wav(tmp_path: Path) -> None:
    with pytest.raises(SilentAudioError, match="silent") as err:
        load_audio(_wav(tmp_path / "quiet.wav", np.zeros(SAMPLE_RATE * 3)))
    assert err.value.code == "silent_audio"


def test_faint_noise_is_silent_but_speech_level_is_not(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(SilentAudioError):
        check_samples((rng.standard_normal(SAMPLE_RATE * 2) * 0.0005).astype(np.float32))
    tone = 0.1 * np.sin(2 * np.pi * 200 * np.arange(SAMPLE_RATE) / SAMPLE_RATE)
    assert check_samples(tone.astype(np.float32)).size == SAMPLE_RATE


def test_too_long(short_session: SpokenSession) -> None:
    with pytest.raises(AudioTooLongError, match="longer than the 5.0 s limit") as err:
        load_audio(short_session.wav, max_seconds=5)
    assert err.value.code == "audio_too_long"


def test_too_large(short_session: SpokenSession) -> None:
    with pytest.raises(AudioTooLargeError, match="upload limit"):
        load_audio(short_session.wav, max_bytes=1000)


def test_truncated_m4a_is_corrupt(formats: dict[str, Path], tmp_path: Path) -> None:
    data = formats["m4a"].read_bytes()
    p = tmp_path / "cut.m4a"
    p.write_bytes(data[: len(data) // 3])
    with pytest.raises(CorruptAudioError) as err:
        load_audio(p)
    assert err.value.code == "corrupt_audio"


def test_truncated_mp3_is_corrupt(formats: dict[str, Path], tmp_path: Path) -> None:
    data = formats["mp3"].read_bytes()
    p = tmp_path / "cut.mp3"
    p.write_bytes(data[: len(data) // 4])
    with pytest.raises(CorruptAudioError, match="truncated"):
        load_audio(p)


def test_garbled_ogg_is_corrupt(formats: dict[str, Path], tmp_path: Path) -> None:
    data = bytearray(formats["ogg"].read_bytes())
    rng = np.random.default_rng(1)
    for i in range(2000, len(data), 50):
        data[i] = int(rng.integers(0, 256))
    p = tmp_path / "garbled.ogg"
    p.write_bytes(bytes(data))
    with pytest.raises(CorruptAudioError):
        load_audio(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotAudioError, match="not found"):
        load_audio(tmp_path / "nope.wav")
