"""Throughput of the claim writers, for `make bench`: exports run in request handlers and nightly batches."""

from __future__ import annotations

import datetime as dt
import time

from billing.exports.fhir import claim_bundle
from billing.exports.samples import sample_pta_claim
from billing.exports.x12_837p import write_837p


def bench_export(n: int = 10_000, *, fhir: bool = False) -> float:
    """Claims (one visit note each) written per second: one 837P batch of `n` claims, or with `fhir=True`
    `n` FHIR bundles (built, not model-validated). Building the synthetic claims is not timed."""
    if n <= 0:
        raise ValueError("n must be positive")
    claims = [sample_pta_claim(i) for i in range(n)]
    start = time.perf_counter()
    if fhir:
        for claim in claims:
            claim_bundle(claim, None)
    else:
        write_837p(
            claims,
            sender_id="BENCH",
            receiver_id="BENCHRECV",
            control_number=1,
            created=dt.datetime(2025, 1, 2, 3, 4),
        )
    elapsed = time.perf_counter() - start
    return n / elapsed if elapsed > 0 else float("inf")
