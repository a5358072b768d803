"""Electronic signatures (21 CFR Part 11 as the design anchor).

A signature binds signer, meaning and time to a SHA-256 over the note's canonical content *and the
note's id and version*, so a signature copied onto another note, or kept after an edit, fails
verification.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any


def canonical_json(content: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: the same note always hashes the same."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(note_id: str, version: int, content: Any) -> str:
    h = hashlib.sha256()
    h.update(f"{note_id}\x00{version}\x00".encode())
    h.update(canonical_json(content))
    return h.hexdigest()


@dataclass(frozen=True)
class Signature:
    note_id: str
    note_version: int
    signer_id: str
    printed_name: str
    credentials: str
    meaning: str  # authored | co-signed | reviewed
    signed_at: str  # ISO 8601 UTC
    content_sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def display(self) -> str:
        return f"{self.meaning.capitalize()} by {self.printed_name}, {self.credentials} at {self.signed_at}"


def sign(
    note_id: str,
    version: int,
    content: Any,
    *,
    signer_id: str,
    printed_name: str,
    credentials: str,
    meaning: str,
    now: datetime | None = None,
) -> Signature:
    when = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return Signature(
        note_id,
        version,
        signer_id,
        printed_name,
        credentials,
        meaning,
        when,
        content_hash(note_id, version, content),
    )


def verify(signature: Signature, note_id: str, version: int, content: Any) -> bool:
    expected = content_hash(note_id, version, content)
    return (
        signature.note_id == note_id
        and signature.note_version == version
        and hmac.compare_digest(signature.content_sha256, expected)
    )


def addendum_hash(
    note_id: str,
    note_version: int,
    *,
    author_id: str,
    text: str,
    reason: str | None,
    signed_at: str,
    interventions: Any = None,
) -> str:
    """An addendum binds to the exact final version it amends, its author, its words, any billing
    correction it carries (`interventions`) and its time."""
    return content_hash(
        f"{note_id}/addendum",
        note_version,
        {
            "author": author_id,
            "text": text,
            "reason": reason,
            "signed_at": signed_at,
            "interventions": interventions,
        },
    )
