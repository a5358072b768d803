"""The billing benchmark runs end to end on a small batch (the real figures come from `make bench`)."""

from __future__ import annotations

from bench.billing import run, synthetic_notes


def test_bench_runs_and_reports_both_figures() -> None:
    out = run(n=40, db_notes=8)
    assert out["notes"] == 40
    assert out["notes_per_s"] > 0
    assert out["batch_notes_per_s"] > 0
    assert out["db_notes"] == 8
    assert out["db_capture_notes_per_s"] > 0


def test_synthetic_notes_are_reproducible() -> None:
    assert synthetic_notes(20) == synthetic_notes(20)
    assert synthetic_notes(20) != synthetic_notes(20, seed=8)
