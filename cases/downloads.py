"""Private file responses that a broken download can resume: HTTP Range (206, 416, suffix ranges, If-Range).

Django's FileResponse ignores Range; this helper answers one byte range (a multi-range request gets
the whole body, which HTTP allows). Every response is `attachment` (or `inline` for the viewer) with
a safe filename, `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`.
"""

import datetime
import re
from collections.abc import Callable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK_SIZE = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")

# A callable that yields the bytes [start, end] (inclusive) of the body.
ChunkSource = Callable[[int, int], Iterator[bytes]]


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions of a single range, None to send everything; raises Unsatisfiable (416)."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None  # malformed or several ranges: ignore the header, send the whole body
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix range: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
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


def file_chunks(open_file: Callable) -> ChunkSource:
    """A ChunkSource reading a stored file: opened only when streaming starts, seeked to the range."""

    def chunks(start: int, end: int) -> Iterator[bytes]:
        with open_file() as handle:
            handle.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                block = handle.read(min(CHUNK_SIZE, remaining))
                if not block:
                    break
                remaining -= len(block)
                yield block

    return chunks


def skip_chunks(stream: Callable[[], Iterator[bytes]]) -> ChunkSource:
    """A ChunkSource over a deterministic stream: bytes before the range are generated and dropped."""

    def chunks(start: int, end: int) -> Iterator[bytes]:
        position = 0
        for block in stream():
            block_end = position + len(block)
            if block_end > start and position <= end:
                yield block[max(start - position, 0) : end - position + 1]
            position = block_end
            if position > end:
                break

    return chunks


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
    body = source(start, end) if size and request.method != "HEAD" else iter(())
    response = StreamingHttpResponse(body, content_type=content_type, status=206 if wanted else 200)
    response["Content-Length"] = str(end - start + 1 if size else 0)
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    _private_headers(response, etag, last_modified)
    return response


def _private_headers(response: HttpResponse, etag: str, last_modified: datetime.datetime | None) -> None:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
