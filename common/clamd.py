"""A small clamd client: INSTREAM over TCP, in chunks, reading the reply even when clamd cuts us off.

Shared below the apps: filings scans respondents' uploads with it in a worker (filings.services.scanning), and
the clerk admin scans a record document before it is saved (cases.services).

clamd replies `stream: OK`, `stream: <name> FOUND` or `<message> ERROR`. With AlertExceedsMax set,
content past a scan limit comes back as `Heuristics.Limits.Exceeded.* FOUND`: that file could not
be scanned in full, so it is *unscannable*, never clean.
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK_SIZE = 64 * 1024


class ClamdUnavailable(Exception):
    """clamd could not be reached or did not answer: try again later."""


@dataclass(frozen=True)
class ScanResult:
    verdict: str  # "clean", "infected" or "unscannable"
    signature: str = ""
    detail: str = ""


def _connect() -> socket.socket:
    try:
        return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=settings.CLAMD_TIMEOUT)
    except OSError as exc:
        raise ClamdUnavailable(f"cannot connect to clamd: {exc}") from exc


def _read_reply(sock: socket.socket) -> bytes:
    reply = b""
    try:
        while not reply.endswith(b"\0"):
            data = sock.recv(4096)
            if not data:
                break
            reply += data
    except OSError as exc:
        if not reply:
            raise ClamdUnavailable(f"no reply from clamd: {exc}") from exc
    return reply.rstrip(b"\0").strip()


def parse_reply(reply: bytes) -> ScanResult:
    text = reply.decode("utf-8", "replace")
    if not text:
        raise ClamdUnavailable("empty reply from clamd")
    body = text.split(":", 1)[1].strip() if text.startswith("stream:") else text
    if body == "OK":
        return ScanResult("clean")
    if body.endswith(" FOUND"):
        name = body[: -len(" FOUND")].strip()
        if name.startswith("Heuristics.Limits.Exceeded"):
            return ScanResult("unscannable", detail=name)
        return ScanResult("infected", signature=name)
    if body.endswith("ERROR"):
        return ScanResult("unscannable", detail=body[:300])
    raise ClamdUnavailable(f"unexpected reply from clamd: {body[:200]}")


def scan_stream(fileobj, *, chunk_size: int = CHUNK_SIZE) -> ScanResult:
    """Streams `fileobj` to clamd (INSTREAM) and returns its verdict; raises ClamdUnavailable."""
    sock = _connect()
    try:
        try:
            sock.sendall(b"zINSTREAM\0")
            while chunk := fileobj.read(chunk_size):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
        except (BrokenPipeError, ConnectionResetError):
            pass  # clamd stops reading past StreamMaxLength; its reply says why
        except OSError as exc:
            raise ClamdUnavailable(f"clamd connection failed: {exc}") from exc
        return parse_reply(_read_reply(sock))
    finally:
        sock.close()


def scan_path(path) -> ScanResult:
    """Streams the file at `path` to clamd and returns its verdict; raises ClamdUnavailable."""
    with open(path, "rb") as handle:
        return scan_stream(handle)


def ping() -> bool:
    try:
        sock = _connect()
    except ClamdUnavailable:
        return False
    try:
        sock.sendall(b"zPING\0")
        return _read_reply(sock) == b"PONG"
    except (OSError, ClamdUnavailable):
        return False
    finally:
        sock.close()
