"""ASR benchmark: our scribe pipeline vs plain faster-whisper on the spoken sample sessions.

usage: python bench/asr.py [SAMPLES_DIR]   (default: ../shared/samples beside the repo)

Speaks every *.yaml script with the samples' speak.py into a temp dir, then on the same audio in the
same process times (a) plain faster-whisper: tiny.en, int8, beam 5, VAD, no prompt, 2 threads, and
(b) `scribe.pipeline.transcribe_audio` (decode excluded from both; model load excluded from both).
Prints per-session and total real-time factor, word error rate (jiwer + whisper_normalizer, as
score.py does), speaker accuracy (score.py's method) and peak RSS.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jiwer
import yaml
from whisper_normalizer.english import EnglishTextNormalizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model_assets import resolve_whisper  # noqa: E402
from scribe.asr import AsrConfig, load_model  # noqa: E402
from scribe.audio import load_audio  # noqa: E402
from scribe.pipeline import transcribe_audio  # noqa: E402
from settings import Settings  # noqa: E402

ROLE = {"T": "therapist", "P": "client", "C": "caregiver"}
NORM = EnglishTextNormalizer()


def _samples_dir(arg: str | None) -> Path:
    beside = [ROOT.parent / "shared" / "samples", ROOT / "shared" / "samples"]
    for cand in ([Path(arg)] if arg else []) + beside:
        if cand.is_dir() and list(cand.glob("*.yaml")):
            return cand
    raise SystemExit("no samples dir with *.yaml scripts found")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _speaker_acc(segments: list[tuple[float, float, str]], timeline: list[dict[str, object]]) -> float:
    ok = tot = 0
    for start, end, spk in segments:
        mid = (start + end) / 2
        for turn in timeline:
            if float(turn["start"]) - 0.3 <= mid <= float(turn["end"]) + 0.3:  # type: ignore[arg-type]
                tot += 1
                ok += ROLE[str(turn["speaker"])] == spk
                break
    return ok / tot if tot else 0.0


def main() -> None:
    samples_dir = _samples_dir(sys.argv[1] if len(sys.argv) > 1 else None)
    settings = Settings(asr_model="tiny.en", asr_threads=2, asr_beam_size=5, asr_compute_type="int8",
                        asr_device="cpu")
    from faster_whisper import WhisperModel

    plain = WhisperModel(resolve_whisper("tiny.en").location, device="cpu", compute_type="int8",
                         cpu_threads=2)
    load_model(AsrConfig.from_settings(settings))  # load ours before timing, as plain's is
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for script in sorted(samples_dir.glob("*.yaml")):
            subprocess.run([sys.executable, str(samples_dir / "speak.py"), str(script), tmp], check=True,
                           stdout=subprocess.DEVNULL)
            spec = yaml.safe_load(script.read_text())
            audio = load_audio(Path(tmp) / f"{spec['id']}.wav")
            timeline = json.loads((Path(tmp) / f"{spec['id']}.timeline.json").read_text())
            ref = " ".join(NORM(t) for _, t in spec["turns"])
            dur = audio.size / 16000

            t0 = time.perf_counter()
            segs, _ = plain.transcribe(audio, beam_size=5, vad_filter=True)
            plain_segs = list(segs)
            t_plain = time.perf_counter() - t0
            rss_plain = _rss_mb()

            t0 = time.perf_counter()
            ours = transcribe_audio(audio, discipline=spec.get("discipline"), settings=settings)
            t_ours = time.perf_counter() - t0
            rows.append({
                "id": spec["id"], "dur": dur,
                "t_plain": t_plain, "t_ours": t_ours,
                "wer_plain": jiwer.wer(ref, " ".join(NORM(s.text) for s in plain_segs)),
                "wer_ours": jiwer.wer(ref, " ".join(NORM(s.text) for s in ours.segments)),
                "spk_ours": _speaker_acc([(s.start, s.end, s.speaker) for s in ours.segments], timeline),
                "rss_plain": rss_plain, "rss": _rss_mb(),
            })
    head = f"{'session':<22}{'dur s':>7}{'RTF plain':>11}{'RTF ours':>10}{'ratio':>7}{'WER plain':>11}" \
           f"{'WER ours':>10}{'spk acc':>9}"
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['id']:<22}{r['dur']:>7.1f}{r['t_plain'] / r['dur']:>11.3f}{r['t_ours'] / r['dur']:>10.3f}"
              f"{r['t_ours'] / r['t_plain']:>7.2f}{r['wer_plain']:>11.3f}{r['wer_ours']:>10.3f}"
              f"{r['spk_ours']:>9.3f}")
    n = len(rows)
    tot_d = sum(r["dur"] for r in rows)
    tp, to = sum(r["t_plain"] for r in rows), sum(r["t_ours"] for r in rows)
    print("-" * len(head))
    print(f"{'TOTAL/mean':<22}{tot_d:>7.1f}{tp / tot_d:>11.3f}{to / tot_d:>10.3f}{to / tp:>7.2f}"
          f"{sum(r['wer_plain'] for r in rows) / n:>11.3f}{sum(r['wer_ours'] for r in rows) / n:>10.3f}"
          f"{sum(r['spk_ours'] for r in rows) / n:>9.3f}")
    print(f"peak RSS: {max(r['rss'] for r in rows):.0f} MB (after plain only: {rows[0]['rss_plain']:.0f} MB)")
    wer_ok = sum(r["wer_ours"] for r in rows) < sum(r["wer_plain"] for r in rows)
    print(f"target: ours/plain time <= 1.15 -> {'OK' if to / tp <= 1.15 else 'MISSED'}; "
          f"WER lower -> {'OK' if wer_ok else 'MISSED'}")


if __name__ == "__main__":
    main()
