"""Runtime configuration: one `Settings` object, read from `REHAB_SCRIBE_*` environment variables.

Every default is the embedded mode (a SQLite file, a broker on disk, audio on local disk,
the packaged tiny.en model), so a fresh checkout runs with no servers. Production deployments
set `REHAB_SCRIBE_ENV=production`, which makes the secrets mandatory instead of generated.
"""

from __future__ import annotations

import base64
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent


class SettingsError(RuntimeError):
    """A configuration problem that must stop start-up with one readable line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REHAB_SCRIBE_", env_file=None, extra="ignore")

    env: Literal["embedded", "production", "test"] = "embedded"
    data_dir: Path = Field(default=PROJECT_ROOT / "var")

    # Database: SQLite file under data_dir unless a URL is given (postgresql+psycopg://...).
    database_url: str | None = None

    # Celery broker: "embedded" means kombu's filesystem transport under data_dir (no server).
    broker_url: str = "embedded"
    result_backend: str | None = None
    # Run tasks inside the API process (a worker thread) in embedded mode, so one command serves all.
    embedded_worker: bool = True

    # Blob storage for audio and other large objects.
    storage_dir: Path | None = None
    # Base64 AES-256 key(s). The first encrypts; all decrypt (rotation). Generated in embedded mode.
    encryption_keys: str | None = None

    # Auth
    secret_key: str | None = None
    access_token_ttl_s: int = 15 * 60
    idle_timeout_s: int = 15 * 60

    # Speech model: "tiny.en" / "base" (the packaged ones), any faster-whisper name, or a path.
    asr_model: str = "tiny.en"
    asr_device: Literal["auto", "cpu", "cuda"] = "auto"
    asr_compute_type: str = "int8"
    asr_threads: int = 2
    asr_beam_size: int = 5
    # Restore misheard clinical phrases when the model's own scores of the audio prefer them.
    asr_rescore: bool = True
    # The model that checks those phrases against the audio; "" means the decoding model. "base" was
    # measured no better on the fixtures at 1.5x the rescoring time. Name or path, as asr_model.
    asr_rescore_model: str = ""
    # Set to False only where a deployment supplies its own, unhashed, model directories.
    verify_model_hashes: bool = True

    # Upload limits
    max_upload_bytes: int = 500 * 1024 * 1024
    max_audio_seconds: float = 3 * 3600.0

    # Lifecycle reminders
    unsigned_draft_limit_h: float = 24.0

    # Recovery sweep: a recording queued for transcription this long without a worker taking it
    # is queued again (its message was lost: a broker restarted without persistence, an enqueue
    # that failed). A backlog is normal, so the default is long; a re-sent duplicate is harmless.
    queued_stale_after_s: float = 900.0

    @model_validator(mode="after")
    def _production_requires_secrets(self) -> Settings:
        if self.env == "production":
            missing = [
                name for name in ("database_url", "encryption_keys", "secret_key") if not getattr(self, name)
            ]
            if missing:
                raise SettingsError(
                    "production mode needs " + ", ".join(f"REHAB_SCRIBE_{m.upper()}" for m in missing)
                )
        return self

    # --- derived values -------------------------------------------------------------------
    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'rehab_scribe.sqlite3'}"

    @property
    def resolved_storage_dir(self) -> Path:
        return self.storage_dir or (self.data_dir / "blobs")

    @property
    def is_embedded_broker(self) -> bool:
        return self.broker_url == "embedded"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.resolved_storage_dir.mkdir(parents=True, exist_ok=True)

    def _secret_file(self, name: str, nbytes: int) -> str:
        """Generate-once secrets for embedded mode, kept in data_dir with owner-only permissions."""
        self.ensure_dirs()
        path = self.data_dir / name
        if not path.exists():
            value = base64.b64encode(secrets.token_bytes(nbytes)).decode()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(value)
        return path.read_text().strip()

    @property
    def resolved_encryption_keys(self) -> list[bytes]:
        raw = self.encryption_keys or self._secret_file("encryption.key", 32)
        keys = [base64.b64decode(k.strip()) for k in raw.split(",") if k.strip()]
        if not keys or any(len(k) != 32 for k in keys):
            raise SettingsError(
                "REHAB_SCRIBE_ENCRYPTION_KEYS must be base64 of 32-byte keys, comma-separated"
            )
        return keys

    @property
    def resolved_secret_key(self) -> str:
        return self.secret_key or self._secret_file("token.key", 32)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
