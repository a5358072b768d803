"""The sentence embedder batches its texts longest first (each batch pads to its own length); the
vectors must still come back in the caller's order and equal each text embedded on its own."""

from __future__ import annotations

import numpy as np


def test_a_batch_comes_back_in_the_callers_order_and_equals_each_text_alone() -> None:
    from nlp import embedder

    texts = ["Pain is three.", "Gait training with the rolling walker for twenty two minutes down the hall.",
             "Okay.", "Plan: twice a week for six weeks, progress the home program."]
    emb = embedder()
    emb._cache.clear()
    batch = emb.embed(texts)
    alone = []
    for t in texts:
        emb._cache.clear()
        alone.append(emb.embed([t])[0])
    assert batch.shape == (4, 384)
    assert np.allclose(batch, np.stack(alone), atol=1e-4)
    # a repeated text is embedded once and returned at each place
    emb._cache.clear()
    again = emb.embed([texts[2], texts[0], texts[2]])
    assert np.allclose(again[0], again[2])
    assert np.allclose(again[1], batch[0], atol=1e-4)
