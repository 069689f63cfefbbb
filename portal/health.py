"""Readiness checks: each returns None when healthy, or a short reason (never a secret)."""

import contextlib
import socket
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from portal.celery import app


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


def check_broker() -> str | None:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None


def check_storage() -> str | None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                return "storage read back different bytes"
    finally:
        default_storage.delete(name)
    return None


def check_virus_scanner() -> str | None:
    with contextlib.closing(socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=2)) as sock:
        sock.sendall(b"zPING\0")
        reply = sock.recv(64)
    return None if reply.rstrip(b"\0\n") == b"PONG" else "unexpected reply from clamd"


CHECKS = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "virus_scanner": check_virus_scanner,
}


def run_checks() -> dict[str, dict[str, str]]:
    """Runs every check; a check that raises is reported failed with the exception's class name."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:
            problem = type(exc).__name__
        results[name] = {"status": "ok"} if problem is None else {"status": "fail", "error": problem}
    return results
