"""Writing filing files to private storage in chunks, hashing as they are copied."""

import hashlib

from django.core.files import File
from django.core.files.storage import default_storage

from cases.storage_keys import random_key

UPLOAD_PREFIX = "uploads"
QUARANTINE_PREFIX = "quarantine"  # never read by any view: only clean documents can be opened


class HashingReader:
    """Wraps a binary file: every read updates a SHA-256 and a byte count (so one pass does both)."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def seek(self, offset, whence=0):
        if offset == 0 and whence == 0:
            self.sha256 = hashlib.sha256()
            self.size = 0
        return self.raw.seek(offset, whence)

    def tell(self):
        return self.raw.tell()

    # What S3 storage asks of a file before uploading it (django-storages checks seekable()/closed).
    @property
    def closed(self):
        return self.raw.closed

    def seekable(self):
        return self.raw.seekable()


def store_stream(raw, *, prefix: str = UPLOAD_PREFIX) -> tuple[str, int, str]:
    """Copies an open binary file to storage under a new random key; returns (key, size, sha256)."""
    reader = HashingReader(raw)
    key = default_storage.save(random_key(prefix), File(reader, name="document.pdf"))
    return key, reader.size, reader.sha256.hexdigest()


def store_path(path) -> tuple[str, int, str]:
    with open(path, "rb") as raw:
        return store_stream(raw)


def move_to_quarantine(key: str) -> str:
    """Copies a stored file under the quarantine prefix and returns the new key (the caller deletes the old)."""
    with default_storage.open(key, "rb") as raw:
        new_key, _size, _digest = store_stream(raw, prefix=QUARANTINE_PREFIX)
    return new_key


GENERATED_PREFIX = "generated"


def store_bytes(content: bytes, *, prefix: str = GENERATED_PREFIX) -> tuple[str, int, str]:
    """Stores a PDF the portal made under a new random key; returns (key, size, sha256)."""
    import io

    return store_stream(io.BytesIO(content), prefix=prefix)
