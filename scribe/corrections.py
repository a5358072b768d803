"""Read the recogniser's measured, systematic mishearings of clinical words back as what was meant.

Some clinical words the packaged tiny.en writes, confidently and again and again, as one everyday
word ("numbness" -> "hummus", "grip" -> "rip", "pinch" -> "winch"). Its own acoustic scores agree
with those mistakes, so rescoring (scribe.rescore) cannot restore them. `bench.confusions` measures
them on generated clinical sessions (never the scored ones) and writes scribe/data/confusions.yaml:
for each heard phrase, the clinical phrase it stood for, how often, and the share of all the times it
was heard (its precision). Only phrases that recurred and almost always meant the same are there.

The correction only ever changes the written clinical form (`Segment.clinical_text`, what the note
builder reads); the verbatim `text` stays what the recogniser wrote, and each segment lists what was
read as what (`Segment.corrections`), so a reviewer sees "hummus" read as "numbness" beside the
evidence. Corrections are tied to the model they were measured on: another model gets none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from scribe.normalize import PUNCT, word_core
from scribe.transcript import Word

CONFUSIONS_FILE = Path(__file__).with_name("data") / "confusions.yaml"


class ConfusionTableError(ValueError):
    """confusions.yaml is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class ConfusionTable:
    model: str
    # heard phrase (tuple of lower-case word cores) -> the clinical phrase it stands for
    rules: dict[tuple[str, ...], str]
    longest: int


@dataclass(frozen=True)
class Correction:
    heard: str
    read_as: str

    def to_dict(self) -> dict[str, str]:
        return {"heard": self.heard, "read_as": self.read_as}


def parse_table(data: Any, path: Path = CONFUSIONS_FILE) -> ConfusionTable:
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ConfusionTableError(f"{path}: version must be 1")
    model = data.get("model")
    if not isinstance(model, str) or not model:
        raise ConfusionTableError(f"{path}: model must name the recogniser the table was measured on")
    raw = data.get("corrections")
    if not isinstance(raw, dict):
        raise ConfusionTableError(f"{path}: corrections must be a mapping of heard phrase -> entry")
    rules: dict[tuple[str, ...], str] = {}
    for heard, entry in raw.items():
        means = entry.get("means") if isinstance(entry, dict) else None
        if not isinstance(heard, str) or not heard.split() or not isinstance(means, str) or not means.strip():
            raise ConfusionTableError(f"{path}: corrections.{heard}.means must be a non-empty phrase")
        rules[tuple(heard.lower().split())] = " ".join(means.split())
    return ConfusionTable(model, rules, max((len(k) for k in rules), default=0))


@lru_cache(maxsize=1)
def load_table(path: Path = CONFUSIONS_FILE) -> ConfusionTable:
    return parse_table(yaml.safe_load(path.read_text(encoding="utf-8")), path)




def correct_words(
    words: Sequence[Word], model: str, table: ConfusionTable | None = None
) -> tuple[list[Word], list[Correction]]:
    """Words with known mishearings replaced (longest heard phrase first), and what was replaced.

    A replaced run becomes one word spanning the run's times, keeping the run's leading and
    trailing punctuation (so sentence ends survive) and its first word's probability. Numbers a
    recogniser writes as sound-alike words are read in the extractors' number view instead
    (`note_builder.numbers`), where the frame around them is known.
    """
    table = table or load_table()
    if table.model != model or not table.rules:
        return list(words), []
    fixes: list[Correction] = []
    return _apply_table(words, table, fixes), fixes


def _apply_table(words: Sequence[Word], table: ConfusionTable, fixes: list[Correction]) -> list[Word]:
    cores = [word_core(w.text, split_mark=True) for w in words]
    out: list[Word] = []
    i = 0
    while i < len(words):
        for n in range(min(table.longest, len(words) - i), 0, -1):
            means = table.rules.get(tuple(cores[i : i + n]))
            if means is None:
                continue
            out.append(_replace(words[i : i + n], means))
            fixes.append(Correction(" ".join(cores[i : i + n]), means))
            i += n
            break
        else:
            out.append(words[i])
            i += 1
    return out


def _replace(run: Sequence[Word], means: str) -> Word:
    first, last = run[0].text.strip(), run[-1].text.strip()
    lead = first[: len(first) - len(first.lstrip(PUNCT + "-"))].replace("-", "")
    trail = last[len(last.rstrip(PUNCT)) :]
    text = means.capitalize() if first.lstrip(PUNCT + "-")[:1].isupper() else means
    return Word(run[0].start, run[-1].end, lead + text + trail, run[0].probability)
