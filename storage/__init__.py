"""Blob storage for audio and other large objects: encrypted at rest, written atomically."""

from storage.blobs import (
    BlobIntegrityError,
    BlobNotFoundError,
    BlobStore,
    BlobStoreError,
    LocalEncryptedBlobStore,
    PutResult,
    open_blob_store,
)

__all__ = [
    "BlobIntegrityError",
    "BlobNotFoundError",
    "BlobStore",
    "BlobStoreError",
    "LocalEncryptedBlobStore",
    "PutResult",
    "open_blob_store",
]
