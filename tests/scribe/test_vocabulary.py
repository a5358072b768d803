from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scribe.vocabulary import (
    VOCABULARY_FILE,
    VocabularyError,
    build_hotwords,
    build_prompt,
    estimate_tokens,
    load_vocabulary,
    parse_vocabulary,
)


def test_shipped_vocabulary_loads_all_disciplines() -> None:
    vocab = load_vocabulary()
    assert set(vocab.disciplines) == {"pt", "ot", "slp"}
    all_terms = {t.lower() for d in vocab.disciplines.values() for t in d.terms}
    for term in ("oswestry", "quickdash", "berg balance", "tug", "iddsi", "dysphagia", "phonemic cues",
                 "goniometer", "glenohumeral", "paraffin", "quadruped", "patellar mobilization"):
        assert term in all_terms, term


@pytest.mark.parametrize("disc", ["pt", "ot", "slp", None])
def test_prompt_is_short_prose(disc: str | None) -> None:
    from scribe.vocabulary import DEFAULT_MAX_TOKENS

    prompt = build_prompt(disc)
    # Whisper keeps at most 224 prompt tokens; a long prompt also makes tiny.en end chunks early.
    assert estimate_tokens(prompt) <= DEFAULT_MAX_TOKENS <= 120
    assert prompt.endswith(".")
    assert "numbness" in prompt, "pertinent negatives are in every discipline's prompt"


def test_context_terms_come_first() -> None:
    prompt = build_prompt("pt", ["reciprocal stair pattern"])
    assert "reciprocal stair pattern" in prompt
    assert build_hotwords("slp", ["voice rest"]).startswith("voice rest")


def test_discipline_changes_prompt() -> None:
    assert "phonemic" in build_prompt("slp").lower()
    assert "phonemic" not in build_prompt("pt").lower()


def test_loader_names_file_and_field(tmp_path: Path) -> None:
    data = yaml.safe_load(VOCABULARY_FILE.read_text())
    data["disciplines"]["ot"]["terms"] = ["ok", 3]
    with pytest.raises(VocabularyError, match=r"disciplines\.ot\.terms"):
        parse_vocabulary(data, tmp_path / "v.yaml")
    data["disciplines"]["xx"] = data["disciplines"].pop("ot")
    with pytest.raises(VocabularyError, match="disciplines.xx"):
        parse_vocabulary(data, tmp_path / "v.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: [")
    with pytest.raises(VocabularyError, match="bad.yaml"):
        load_vocabulary(bad)
