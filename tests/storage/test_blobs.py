from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest

from settings import Settings
from storage import (
    BlobIntegrityError,
    BlobNotFoundError,
    BlobStoreError,
    LocalEncryptedBlobStore,
    open_blob_store,
)

K1 = bytes(range(32))
K2 = bytes(range(1, 33))


def test_roundtrip_hash_and_ciphertext_on_disk(tmp_path: Path) -> None:
    store = LocalEncryptedBlobStore(tmp_path, [K1])
    data = b"RIFF session audio " * 100
    res = store.put("sessions/1/audio.wav", data)
    assert res.sha256 == hashlib.sha256(data).hexdigest()
    assert res.size == len(data)
    assert store.exists("sessions/1/audio.wav")
    assert store.get("sessions/1/audio.wav") == data
    raw = (tmp_path / "sessions/1/audio.wav").read_bytes()
    assert b"session audio" not in raw
    assert store.delete("sessions/1/audio.wav") is True
    assert store.delete("sessions/1/audio.wav") is False
    assert not store.exists("sessions/1/audio.wav")
    with pytest.raises(BlobNotFoundError):
        store.get("sessions/1/audio.wav")


def test_tamper_detected(tmp_path: Path) -> None:
    store = LocalEncryptedBlobStore(tmp_path, [K1])
    store.put("a", b"hello world")
    path = tmp_path / "a"
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(BlobIntegrityError, match="tampered"):
        store.get("a")
    path.write_bytes(bytes(raw[:10]))
    with pytest.raises(BlobIntegrityError, match="truncated"):
        store.get("a")


def test_blob_moved_to_other_key_fails(tmp_path: Path) -> None:
    store = LocalEncryptedBlobStore(tmp_path, [K1])
    store.put("a", b"alpha")
    os.replace(tmp_path / "a", tmp_path / "b")
    with pytest.raises(BlobIntegrityError):
        store.get("b")


def test_rotation(tmp_path: Path) -> None:
    old = LocalEncryptedBlobStore(tmp_path, [K1])
    old.put("x/1", b"one")
    old.put("x/2", b"two")
    both = LocalEncryptedBlobStore(tmp_path, [K2, K1])
    assert both.get("x/1") == b"one"  # old key still decrypts
    both.put("x/3", b"three")
    assert both.rotate() == 2
    assert both.rotate() == 0
    new_only = LocalEncryptedBlobStore(tmp_path, [K2])
    assert [new_only.get(k) for k in ("x/1", "x/2", "x/3")] == [b"one", b"two", b"three"]
    with pytest.raises(BlobIntegrityError, match="not configured"):
        LocalEncryptedBlobStore(tmp_path, [K1]).get("x/3")


def test_atomic_write_leaves_no_partial_blob(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = LocalEncryptedBlobStore(tmp_path, [K1])
    store.put("a", b"first version")

    def crash(fd: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk gone"):
        store.put("a", b"second version")
    monkeypatch.undo()
    assert store.get("a") == b"first version"
    assert [p.name for p in tmp_path.iterdir()] == ["a"]


def test_bad_keys_rejected(tmp_path: Path) -> None:
    store = LocalEncryptedBlobStore(tmp_path, [K1])
    for bad in ("../etc/passwd", "/abs", "a/../b", ".hidden", "", "a.tmp"):
        with pytest.raises(BlobStoreError):
            store.put(bad, b"x")
    with pytest.raises(BlobStoreError):
        LocalEncryptedBlobStore(tmp_path, [b"short"])
    assert list(store.keys()) == []


def test_open_from_settings(tmp_path: Path) -> None:
    keys = ",".join(base64.b64encode(k).decode() for k in (K2, K1))
    s = Settings(data_dir=tmp_path, encryption_keys=keys)
    store = open_blob_store(s)
    store.put("k", b"v")
    assert store.root == tmp_path / "blobs"
    assert LocalEncryptedBlobStore(tmp_path / "blobs", [K2]).get("k") == b"v"
