"""Hypothesis against every parser that reads outside input: each either succeeds or raises its
own documented error, never anything else (a crash there is a 500 or a traceback for a user).

Number normalisation's value preservation and idempotence are in tests/scribe/test_normalize.py;
here it only meets arbitrary text.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=30)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
# Keys a parser actually looks for, so generated documents get past the first check.
TRANSCRIPT_KEYS = [
    "segments",
    "text",
    "start",
    "end",
    "speaker",
    "words",
    "probability",
    "id",
    "duration_s",
    "model",
    "transcript",
    "clinical_text",
]
transcript_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(TRANSCRIPT_KEYS) | st.text(max_size=6), inner, max_size=6)
    ),
    max_leaves=30,
)

segment_like = st.fixed_dictionaries(
    {"text": st.text(max_size=20)},
    optional={
        "start": scalars,
        "end": scalars,
        "speaker": scalars,
        "id": scalars,
        "clinical_text": scalars,
        "words": scalars
        | st.lists(
            st.dictionaries(st.sampled_from(["start", "end", "text", "probability"]), scalars, max_size=4),
            max_size=3,
        ),
    },
)
transcript_doc = st.fixed_dictionaries(
    {"segments": st.lists(segment_like, min_size=1, max_size=3)},
    optional={"duration_s": scalars, "model": scalars},
)


# --- number normalisation ----------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=200))
def test_normalize_clinical_never_crashes_on_arbitrary_text(text: str) -> None:
    from scribe.normalize import normalize_clinical

    assert isinstance(normalize_clinical(text), str)


# --- transcript import --------------------------------------------------------------------------------


def _load_or_format_error(text: str) -> None:
    from scribe.transcript import Transcript, TranscriptFormatError, load_transcript

    try:
        result = load_transcript(text)
    except TranscriptFormatError:
        return
    assert isinstance(result, Transcript)
    assert result.segments


@FUZZ
@given(st.text(max_size=300))
def test_load_transcript_on_arbitrary_text(text: str) -> None:
    _load_or_format_error(text)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["[therapist]", "[client]", "T:", "C:", "[x]", "", "?:"]), st.text(max_size=40)
        ),
        max_size=8,
    )
)
def test_load_transcript_on_tagged_lines(lines: list[tuple[str, str]]) -> None:
    _load_or_format_error("\n".join(f"{tag} {text}" for tag, text in lines))


@FUZZ
@given(json_values)
def test_load_transcript_on_arbitrary_json(value: Any) -> None:
    _load_or_format_error(json.dumps(value))


@FUZZ
@given(st.dictionaries(st.sampled_from(TRANSCRIPT_KEYS), transcript_like, min_size=1, max_size=5))
def test_load_transcript_on_transcript_shaped_json(value: dict[str, Any]) -> None:
    _load_or_format_error(json.dumps(value))


@FUZZ
@given(transcript_doc)
def test_load_transcript_on_nearly_valid_segments(doc: dict[str, Any]) -> None:
    _load_or_format_error(json.dumps(doc))


@pytest.mark.parametrize(
    "text",
    [
        '{"segments": [{"text": "hi", "words": [{}]}]}',  # a word without times
        '{"segments": [{"text": "hi", "words": 5}]}',
        '{"segments": [{"text": "hi"}], "duration_s": "long"}',
        '{"segments": [{"text": "hi", "start": [1]}]}',
    ],
)
def test_load_transcript_known_malformed_shapes(text: str) -> None:
    from scribe.transcript import TranscriptFormatError, load_transcript

    with pytest.raises(TranscriptFormatError):
        load_transcript(text)


# --- goal bank files ---------------------------------------------------------------------------------


def _write(text: str, name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rs-fuzz-"))
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _real(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _mutate(doc: Any, data: st.DataObject) -> Any:
    """Replace or delete one node somewhere in a real file: realistic, nearly valid input."""
    doc = copy.deepcopy(doc)
    node = doc
    for _ in range(data.draw(st.integers(0, 6))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
            if isinstance(node[key], dict | list) and node[key]:
                node = node[key]
                continue
        elif isinstance(node, list) and node:
            index = data.draw(st.integers(0, len(node) - 1))
            if isinstance(node[index], dict | list) and node[index]:
                node = node[index]
                continue
        break
    if isinstance(node, dict) and node:
        key = data.draw(st.sampled_from(sorted(node, key=str)))
        if data.draw(st.booleans()):
            del node[key]
        else:
            node[key] = data.draw(json_values)
    elif isinstance(node, list) and node:
        node[data.draw(st.integers(0, len(node) - 1))] = data.draw(json_values)
    return doc


@pytest.fixture(scope="module")
def pt_bank() -> Any:
    from goal_banks.bank import bank_dirs

    return _real(next(d / "pt.yaml" for d in bank_dirs() if (d / "pt.yaml").exists()))


def _bank_or_error(text: str) -> None:
    from goal_banks.bank import GoalBankError, load_bank_file

    try:
        load_bank_file(_write(text, "fuzz.yaml"))
    except GoalBankError as exc:
        message = str(exc)
    else:
        return
    assert "fuzz.yaml" in message  # the error names the file


@FUZZ
@given(st.text(max_size=300))
def test_goal_bank_loader_on_arbitrary_text(text: str) -> None:
    _bank_or_error(text)


@FUZZ
@given(json_values)
def test_goal_bank_loader_on_arbitrary_yaml(value: Any) -> None:
    _bank_or_error(yaml.safe_dump(value, allow_unicode=True))


@FUZZ
@given(data=st.data())
def test_goal_bank_loader_on_a_mutated_real_bank(pt_bank: Any, data: st.DataObject) -> None:
    _bank_or_error(yaml.safe_dump(_mutate(pt_bank, data), allow_unicode=True, sort_keys=False))


# --- billing payer and code tables -----------------------------------------------------------------


@pytest.fixture(scope="module")
def billing_docs() -> dict[str, Any]:
    from billing.tables import DATA_DIR

    return {name: _real(Path(DATA_DIR) / name) for name in ("payers.yaml", "codes.yaml")}


def _table_or_error(text: str, name: str) -> None:
    from billing.tables import BillingDataError, CodeTable, PayerTable, load_yaml_model

    model = PayerTable if name == "payers.yaml" else CodeTable
    try:
        load_yaml_model(_write(text, name), model)
    except BillingDataError as exc:
        message = str(exc)
    else:
        return
    assert name in message


@FUZZ
@given(st.text(max_size=300), st.sampled_from(["payers.yaml", "codes.yaml"]))
def test_billing_loader_on_arbitrary_text(text: str, name: str) -> None:
    _table_or_error(text, name)


@FUZZ
@given(json_values, st.sampled_from(["payers.yaml", "codes.yaml"]))
def test_billing_loader_on_arbitrary_yaml(value: Any, name: str) -> None:
    _table_or_error(yaml.safe_dump(value, allow_unicode=True), name)


@FUZZ
@given(data=st.data(), name=st.sampled_from(["payers.yaml", "codes.yaml"]))
def test_billing_loader_on_mutated_real_tables(
    billing_docs: dict[str, Any], data: st.DataObject, name: str
) -> None:
    doc = _mutate(billing_docs[name], data)
    _table_or_error(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), name)
