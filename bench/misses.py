"""Which truths a draft missed, in score.py's own terms, so a miss can be read rather than guessed.

The recall figures of `bench.score_sessions` say how much was lost; this says what: each missed
measurement, negated finding, intervention and section phrase, with what the draft had instead.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def missed(spec: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """One line per missed truth: `meas {...}`, `neg text`, `interv cpt/min`, `sect name: phrase`."""
    sys.path.insert(0, str(SHARED / "samples"))
    import score as scorer  # ../shared/samples/score.py

    truth = spec["truth"]
    lines: list[str] = []
    preds = out.get("measurements", [])
    for t in truth["measurements"]:
        if not any(scorer.meas_match(t, p) for p in preds):
            same = [
                {k: p.get(k) for k in ("value", "when", "task", "body_part", "instrument", "test", "level")
                 if p.get(k) is not None}
                for p in preds if p.get("type") == t["type"]
            ]
            lines.append(f"meas {t} | draft has {same[:4]}")
    neg_text = " ".join(n.get("text", "") for n in out.get("negated_findings", []))
    neg_text += " " + " ".join(str(p.get("text", p.get("value", ""))) for p in preds if p.get("negated"))
    have = scorer.toks(neg_text)
    for n in truth["negated"]:
        if not scorer.toks(n) <= have:
            lines.append(f"neg {n!r}")
    ints = out.get("interventions", [])
    for t in truth["interventions"]:
        if not any(
            str(p.get("cpt")) == t["cpt"]
            and (t["minutes"] is None or scorer.num(p.get("minutes")) == t["minutes"])
            for p in ints
        ):
            lines.append(f"interv {t['cpt']}/{t['minutes']} | draft has "
                         f"{[(p.get('cpt'), p.get('minutes')) for p in ints]}")
    secs = out.get("note", {}).get("sections", {})
    for name, phrases in truth["sections"].items():
        for ph in phrases:
            if not scorer.section_hit(ph, secs.get(name, [])):
                elsewhere = [k for k, v in secs.items() if k != name and scorer.section_hit(ph, v)]
                lines.append(f"sect {name}: {ph!r}" + (f" (found in {elsewhere})" if elsewhere else ""))
    return lines
