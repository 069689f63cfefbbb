"""Responses that carry a file to the person: the security headers are set here, once.

Every download is `attachment` (or `inline` for the browser's viewer) with a safe filename,
`X-Content-Type-Options: nosniff` and, for anything personal, `Cache-Control: no-store`. Files kept
in storage are served by cases.downloads (resumable, and a 404 page when the file has gone); this is
for bytes made in the request (calendars, backup codes, printable guides).
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

PRIVATE = "no-store"


def security_headers(response: HttpResponse, *, cache: str = PRIVATE) -> HttpResponse:
    """nosniff and a cache rule on any file response (private ones are never stored)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response


def attachment_response(
    content: bytes | str, *, filename: str, content_type: str, as_attachment: bool = True, cache: str = PRIVATE
) -> HttpResponse:
    """Bytes made in this request, sent as a file download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Content-Length"] = str(len(response.content))
    return security_headers(response, cache=cache)
