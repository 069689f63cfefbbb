"""Random storage keys: files are never stored under the name a person gave them."""

import secrets


def random_key(prefix: str, extension: str = "pdf") -> str:
    token = secrets.token_hex(16)
    return f"{prefix}/{token[:2]}/{token}.{extension}"


def record_document_key(instance, filename: str) -> str:
    return random_key("record")


def record_zip_key(instance, filename: str) -> str:
    return random_key("record-zip", "zip")
