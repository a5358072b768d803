from __future__ import annotations

from typing import TYPE_CHECKING

import jiwer
import pytest
from whisper_normalizer.english import EnglishTextNormalizer

from scribe.audio import load_audio
from scribe.incremental import IncrementalTranscriber
from scribe.pipeline import transcribe_audio
from settings import Settings

if TYPE_CHECKING:
    from tests.scribe.conftest import SpokenSession

pytestmark = pytest.mark.slow
_NORM = EnglishTextNormalizer()


def test_incremental_matches_whole_file(long_session: SpokenSession, tmp_path_factory: pytest.TempPathFactory
                                        ) -> None:
    settings = Settings(data_dir=tmp_path_factory.mktemp("inc"), env="test")
    samples = load_audio(long_session.wav)
    whole = " ".join(s.text for s in transcribe_audio(samples, discipline="pt", settings=settings).segments)
    inc = IncrementalTranscriber.from_settings(settings, discipline="pt")
    step = 16000 * 5
    for i in range(0, samples.size, step):
        inc.feed(samples[i: i + step])
    before_finish = inc.committed_until
    inc.finish()
    assert inc.windows_run >= 2
    assert samples.size / 16000 - before_finish < inc.window_s  # only the tail was left
    words = inc.committed
    assert all(a.end <= b.start + 0.05 for a, b in zip(words, words[1:], strict=False))  # none doubled
    got = " ".join(w.text for w in words)
    assert jiwer.wer(_NORM(whole), _NORM(got)) < 0.15, (whole, got)
    truth = _NORM(long_session.text)
    assert jiwer.wer(truth, _NORM(got)) < jiwer.wer(truth, _NORM(whole)) + 0.08
    tr = inc.transcript()
    assert tr.segments[0].id == "s0"
    assert {s.speaker for s in tr.segments} >= {"therapist", "client"}


def test_bad_overlap() -> None:
    from scribe.asr import AsrConfig

    with pytest.raises(ValueError, match="overlap"):
        IncrementalTranscriber(AsrConfig(), window_s=10, overlap_s=6)
