"""A put/get/exists/delete blob store; the local one encrypts every blob with AES-256-GCM.

Session audio is PHI, so nothing reaches disk in the clear. Each blob is
`MAGIC | key id (8 bytes) | nonce (12) | ciphertext+tag`, with the blob key as associated data so
a blob copied under another key name fails to decrypt. The key id (first 8 bytes of SHA-256 of the
key) tells which configured key opens it: the first key encrypts, every key decrypts, and
`rotate()` re-encrypts old blobs with the newest key so retired keys can be removed.
Writes go to a temp file, are fsynced and renamed into place, so a crash leaves the old blob or
the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:
    from settings import Settings

MAGIC = b"RSB1"
_KEY_ID_LEN = 8
_NONCE_LEN = 12
_HEADER = len(MAGIC) + _KEY_ID_LEN + _NONCE_LEN
# Keys are path-like ("sessions/42/audio.webm") but never escape the root or hide as dotfiles.
_KEY_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")
_TMP_SUFFIX = ".tmp"


class BlobStoreError(RuntimeError):
    """Base for storage failures."""


class BlobNotFoundError(BlobStoreError, KeyError):
    pass


class BlobIntegrityError(BlobStoreError):
    """The blob was altered, truncated, or no configured key opens it."""


@dataclass(frozen=True)
class PutResult:
    key: str
    sha256: str   # of the plaintext, for the audit trail and dedupe
    size: int     # plaintext bytes


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> PutResult: ...

    def get(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> bool: ...


def key_id(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:_KEY_ID_LEN]


class LocalEncryptedBlobStore:
    """Blobs as files under `root`; AES-256-GCM with the first of `keys`, any of them to read."""

    def __init__(self, root: str | os.PathLike[str], keys: Sequence[bytes]) -> None:
        if not keys:
            raise BlobStoreError("at least one encryption key is required")
        for k in keys:
            if len(k) != 32:
                raise BlobStoreError("encryption keys must be 32 bytes (AES-256)")
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._keys = list(keys)
        self._by_id = {key_id(k): AESGCM(k) for k in self._keys}

    # --- paths ---------------------------------------------------------------------------
    def _path(self, key: str) -> Path:
        if not _KEY_RE.match(key) or ".." in key.split("/") or key.endswith(_TMP_SUFFIX):
            raise BlobStoreError(f"invalid blob key {key!r}")
        return self.root / key

    # --- crypto --------------------------------------------------------------------------
    def _encrypt(self, key: str, data: bytes) -> bytes:
        nonce = secrets.token_bytes(_NONCE_LEN)
        newest = self._keys[0]
        return MAGIC + key_id(newest) + nonce + AESGCM(newest).encrypt(nonce, data, key.encode())

    def _decrypt(self, key: str, blob: bytes) -> tuple[bytes, bytes]:
        if len(blob) < _HEADER + 16 or not blob.startswith(MAGIC):
            raise BlobIntegrityError(f"blob {key!r} is not a valid encrypted blob (truncated or foreign)")
        kid = blob[len(MAGIC): len(MAGIC) + _KEY_ID_LEN]
        nonce = blob[len(MAGIC) + _KEY_ID_LEN: _HEADER]
        aead = self._by_id.get(kid)
        if aead is None:
            raise BlobIntegrityError(f"blob {key!r} was encrypted with a key that is not configured")
        try:
            return aead.decrypt(nonce, blob[_HEADER:], key.encode()), kid
        except InvalidTag as exc:
            raise BlobIntegrityError(f"blob {key!r} failed authentication (tampered or corrupt)") from exc

    # --- atomic write --------------------------------------------------------------------
    def _write_atomic(self, path: Path, payload: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=_TMP_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # make the rename itself durable
        finally:
            os.close(dir_fd)

    # --- interface -----------------------------------------------------------------------
    def put(self, key: str, data: bytes) -> PutResult:
        path = self._path(key)
        self._write_atomic(path, self._encrypt(key, data))
        return PutResult(key=key, sha256=hashlib.sha256(data).hexdigest(), size=len(data))

    def put_file(self, key: str, source: str | os.PathLike[str]) -> PutResult:
        return self.put(key, Path(source).read_bytes())

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            blob = path.read_bytes()
        except FileNotFoundError as exc:
            raise BlobNotFoundError(key) from exc
        return self._decrypt(key, blob)[0]

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> bool:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def keys(self) -> Iterator[str]:
        for p in sorted(self.root.rglob("*")):
            if p.is_file() and not p.name.startswith(".") and not p.name.endswith(_TMP_SUFFIX):
                yield p.relative_to(self.root).as_posix()

    def rotate(self) -> int:
        """Re-encrypt every blob not under the newest key; returns how many were rewritten."""
        newest = key_id(self._keys[0])
        count = 0
        for key in list(self.keys()):
            blob = self._path(key).read_bytes()
            if blob[len(MAGIC): len(MAGIC) + _KEY_ID_LEN] == newest:
                continue
            data, _ = self._decrypt(key, blob)
            self._write_atomic(self._path(key), self._encrypt(key, data))
            count += 1
        return count

    def cleanup_temp(self) -> int:
        """Remove temp files a crash left behind (they never hold a committed blob)."""
        n = 0
        for p in self.root.rglob("*" + _TMP_SUFFIX):
            p.unlink(missing_ok=True)
            n += 1
        return n


def open_blob_store(settings: Settings) -> LocalEncryptedBlobStore:
    return LocalEncryptedBlobStore(settings.resolved_storage_dir, settings.resolved_encryption_keys)
