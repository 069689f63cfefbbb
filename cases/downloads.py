"""Private file responses that a broken download can resume: HTTP Range (206, 416, suffix ranges, If-Range).

Django's FileResponse ignores Range; this helper answers one byte range. Every response is
`attachment` (or `inline` for the viewer) with a safe filename, `X-Content-Type-Options: nosniff`
and `Cache-Control: no-store`.

What a Range header gets (RFC 9110, 14.2), one rule for every download:
- one valid byte range inside the file: 206 with those bytes;
- a `bytes` range that cannot be served: 416, a clear refusal: wholly past the end (`bytes=<size>-`,
  `bytes=-0`), a header longer than MAX_RANGE_HEADER (hundreds of ranges, padding), a number longer
  than MAX_RANGE_DIGITS digits (int() of a 5,000-digit number used to be a 500), negative or
  non-numeric positions, a first position after the last, an empty set;
- a unit other than `bytes`, or a short list of ranges (some PDF viewers ask for several): ignored,
  and the whole body is sent with 200, as RFC 9110 requires for an unknown unit and allows for a list.

A range of a file on local disk goes to the WSGI server as a file (`wsgi.file_wrapper`), so
gunicorn sends it with sendfile(2): no bytes pass through Python. A range of a file on S3 is one
ranged GET, streamed in large blocks (django-storages' own File would download the whole object).
"""

import datetime
import hashlib
import logging
import re
from collections.abc import Callable, Iterator

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe
from django.utils.translation import gettext as _

from cases.services.read_events import stored_file_missing
from common.responses import security_headers

CHUNK_SIZE = 256 * 1024
STORED_CHUNK_SIZE = 1024 * 1024  # stored archives: fewer, larger reads (the server's sendfile ignores it)
logger = logging.getLogger(__name__)
# 18 digits is an exabyte: more than any file here, and int() of it costs nothing.
MAX_RANGE_DIGITS = 18
MAX_RANGE_HEADER = 200  # one range of two 18-digit numbers needs 44 characters
_NUMBER = rf"(\d{{0,{MAX_RANGE_DIGITS}}})"
_RANGE = re.compile(rf"^bytes={_NUMBER}-{_NUMBER}$", re.IGNORECASE | re.ASCII)

# A callable that yields the bytes [start, end] (inclusive) of the body.
ChunkSource = Callable[[int, int], Iterator[bytes]]


class Unsatisfiable(Exception):
    pass


class MissingFile(Exception):
    """A stored file the database still lists has gone: the download answers 404, never a 500."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions of a single range, None to send everything; raises Unsatisfiable (416).

    Bounded work whatever the header holds: its length and each number's digits are capped before
    anything is parsed, and a list of ranges stops at the first comma (see the module docstring).
    """
    unit, equals, spec = header.strip().partition("=")
    if not equals or unit.strip().lower() != "bytes":
        return None  # no header, or another unit: ignored
    if len(header) > MAX_RANGE_HEADER:
        raise Unsatisfiable
    if "," in spec:
        return None  # a short list of ranges: the whole body
    match = _RANGE.match("bytes=" + spec.replace(" ", ""))
    if not match:
        raise Unsatisfiable  # negative, reversed signs, garbage or too many digits
    first, last = match.groups()
    if not first and not last:
        raise Unsatisfiable
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        raise Unsatisfiable  # the first position after the last
    if start >= size:
        raise Unsatisfiable
    return start, min(end, size - 1)


def _if_range_allows(request, etag: str, last_modified: datetime.datetime | None) -> bool:
    """If-Range: resume only when the client's copy is of this very version (strong ETag or exact date)."""
    value = request.headers.get("If-Range")
    if not value:
        return True
    if value.startswith(('"', "W/")):
        return value == etag and not value.startswith("W/")
    since = parse_http_date_safe(value)
    return since is not None and last_modified is not None and int(last_modified.timestamp()) == since


def _read_range(handle, start: int, end: int) -> Iterator[bytes]:
    with handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            block = handle.read(min(CHUNK_SIZE, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block


def file_chunks(open_file: Callable) -> ChunkSource:
    """A ChunkSource reading a stored file, seeked to the range. The file is opened when the response
    is made, not when streaming starts, so a missing file is a 404 page rather than a broken download."""

    def chunks(start: int, end: int) -> Iterator[bytes]:
        try:
            handle = open_file()
        except FileNotFoundError as exc:
            raise MissingFile(str(exc)) from exc
        return _read_range(handle, start, end)

    return chunks


class FileRange:
    """Bytes [start, end] of an open binary file: iterable in large blocks, and file-like (read, fileno,
    seek) so that a WSGI server's file_wrapper can send it with sendfile. Django sets `Content-Length`
    to the range's length, and gunicorn sends exactly that many bytes from the file's offset."""

    def __init__(self, handle, start: int, end: int, block_size: int = STORED_CHUNK_SIZE):
        self._handle, self._end, self.block_size = handle, end, block_size
        self.seek(start)

    def seek(self, position: int, whence: int = 0) -> int:
        if whence != 0:
            raise OSError("FileRange seeks to absolute positions only")
        self._handle.seek(position)
        self._remaining = max(self._end - position + 1, 0)
        return position

    def fileno(self) -> int:
        return self._handle.fileno()

    def read(self, size: int | None = -1) -> bytes:
        wanted = self._remaining if size is None or size < 0 else min(size, self._remaining)
        if wanted <= 0:
            return b""
        block = self._handle.read(wanted)
        self._remaining -= len(block)
        return block

    def __iter__(self) -> Iterator[bytes]:
        while block := self.read(self.block_size):
            yield block

    def close(self) -> None:
        self._handle.close()


def _has_fileno(handle) -> bool:
    try:
        handle.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True


def _s3_range(storage, name: str, start: int, end: int) -> Iterator[bytes]:
    from storages.utils import clean_name

    body = storage.bucket.Object(storage._normalize_name(clean_name(name))).get(Range=f"bytes={start}-{end}")["Body"]

    def blocks() -> Iterator[bytes]:
        try:
            yield from body.iter_chunks(STORED_CHUNK_SIZE)
        finally:
            body.close()

    return blocks()


def stored_range(storage, name: str) -> ChunkSource:
    """A ChunkSource reading a stored file with true range reads: seek on disk, a ranged GET on S3.

    The file is opened when the source is called (in the view), so a missing file raises there
    (FileNotFoundError) rather than halfway through a response."""

    def chunks(start: int, end: int) -> Iterator[bytes]:
        backend = storage.location_of(name) if hasattr(storage, "location_of") else storage  # portal.storage
        try:
            path = backend.path(name)
        except NotImplementedError:
            path = None
        if path is not None:
            # Unbuffered, so the descriptor's offset is the range's start when the server calls sendfile.
            return FileRange(open(path, "rb", buffering=0), start, end)
        if hasattr(backend, "bucket"):  # django-storages S3Storage
            from botocore.exceptions import ClientError

            try:
                return _s3_range(backend, name, start, end)
            except ClientError as error:  # NoSuchKey: deleted since the row was read
                logger.warning("Stored file %s unreadable: %s", name, error)
                raise FileNotFoundError(name) from error
        return FileRange(backend.open(name, "rb"), start, end)

    return chunks


def _skip(blocks: Iterator[bytes], start: int, end: int) -> Iterator[bytes]:
    position = 0
    for block in blocks:
        block_end = position + len(block)
        if block_end > start and position <= end:
            yield block[max(start - position, 0) : end - position + 1]
        position = block_end
        if position > end:
            break


def skip_chunks(stream: Callable[[], Iterator[bytes]]) -> ChunkSource:
    """A ChunkSource over a deterministic stream: bytes before the range are generated and dropped.

    `stream()` is called when the response is made, so a stream that checks its files first (the
    record ZIP does) turns a missing one into a 404 page rather than a broken download."""

    def chunks(start: int, end: int) -> Iterator[bytes]:
        try:
            blocks = stream()
        except FileNotFoundError as exc:
            raise MissingFile(str(exc)) from exc
        return _skip(blocks, start, end)

    return chunks


def file_missing_response(request) -> HttpResponse:
    """404 with a plain explanation when a listed file is gone from storage; logged and audited for staff."""
    logger.error("Stored file missing for %s", request.path)
    stored_file_missing(actor=request.user, path=request.path)
    messages.error(
        request,
        _(
            "This file is missing from the court's storage, so it cannot be opened right now. "
            "The problem has been recorded. If you need this document soon, call the help line."
        ),
    )
    return render(request, "404.html", status=404)


def ranged_response(
    request,
    *,
    source: ChunkSource,
    size: int,
    content_type: str,
    filename: str,
    etag: str,
    last_modified: datetime.datetime | None = None,
    as_attachment: bool = True,
) -> HttpResponse:
    """200 with the whole body, 206 with one range, or 416; headers for a safe private download."""
    try:
        wanted = parse_range(request.headers.get("Range", ""), size) if request.method == "GET" else None
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        _private_headers(response, etag, last_modified)
        return response
    if wanted is not None and not _if_range_allows(request, etag, last_modified):
        wanted = None
    start, end = wanted if wanted is not None else (0, size - 1)
    try:
        body = source(start, end) if size and request.method != "HEAD" else iter(())
    except MissingFile:
        return file_missing_response(request)
    response = StreamingHttpResponse(body, content_type=content_type, status=206 if wanted else 200)
    if isinstance(body, FileRange) and _has_fileno(body):
        response.file_to_stream = body  # the WSGI server's file_wrapper (sendfile) sends it
        response.block_size = body.block_size
    response["Content-Length"] = str(end - start + 1 if size else 0)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    _private_headers(response, etag, last_modified)
    return response


def stored_file_response(
    request,
    *,
    key: str,
    filename: str,
    content_type: str,
    etag: str | None = None,
    last_modified: datetime.datetime | None = None,
    as_attachment: bool = True,
) -> HttpResponse:
    """A file kept in storage under `key`, resumable; a 404 page (audited) when it has gone."""
    try:
        size = default_storage.size(key)
    except (FileNotFoundError, OSError):
        return file_missing_response(request)
    return ranged_response(
        request,
        source=file_chunks(lambda: default_storage.open(key, "rb")),
        size=size,
        content_type=content_type,
        filename=filename,
        etag=etag or f'"{hashlib.sha256(f"{key}:{size}".encode()).hexdigest()[:40]}"',
        last_modified=last_modified,
        as_attachment=as_attachment,
    )


def _private_headers(response: HttpResponse, etag: str, last_modified: datetime.datetime | None) -> None:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    security_headers(response)
