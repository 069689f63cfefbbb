"""Who and where a request comes from, for audit events, rate limits and log lines.

`client_ip()` is the only reader of the client address in the project (tests/test_platform_client_ip.py
fails on any other): the audit log, the sign-in records, the registration throttle and allauth's rate
limits (accounts.adapters.AccountAdapter.get_client_ip) all ask it, so PORTAL_TRUSTED_PROXIES is the one
setting that decides whose address a request has.
"""

import contextvars
import ipaddress
import logging
import re
import uuid

from django.conf import settings

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The id of the request being served ("" outside a request)."""
    return _request_id.get()


def current_client_ip() -> str | None:
    """The client's address for the request being served (None outside a request)."""
    return _client_ip.get()


def _address(value: str) -> str | None:
    """A well-formed IP address (a port or IPv6 brackets dropped), or None for anything else."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with PORTAL_TRUSTED_PROXIES=N the address the outermost of
    our N proxies saw (the N-th entry of X-Forwarded-For from the right: each proxy appends the address
    it was called from, and only those N entries are ours; anything left of them is the client's to
    invent). With N=0 the header is ignored. A malformed or short header falls back to REMOTE_ADDR."""
    hops = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    if hops > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            address = _address(forwarded[-hops])
            if address:
                return address
    return _address(request.META.get("REMOTE_ADDR", ""))


class RequestContextMiddleware:
    """Gives every request an id (a well-formed X-Request-ID from the proxy, or a new one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = _request_id.set(request_id)
        ip_token = _client_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(id_token)
            _client_ip.reset(ip_token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every log record so that a line can be traced to its request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True


# A path or URL followed by its query string: "/admin/cases/case/?q=A-123-456-789".
_QUERY = re.compile(r"((?:https?://|/)[^\s?\"'<>]*)\?[^\s\"'<>]+")
QUERY_REMOVED = "?[query removed]"


def without_query_strings(text: str) -> str:
    """`text` with the query string of every path or URL in it cut off."""
    return _QUERY.sub(lambda match: match.group(1) + QUERY_REMOVED, text)


class QueryStringLogFilter(logging.Filter):
    """Cuts query strings out of log lines: admin and support searches carry A-numbers and names there
    (`?q=A-123-456-789`), and Django's own loggers (django.server, django.request) or an exception
    message may print a full URL. The line keeps its path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg, record.args = without_query_strings(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and "?" in record.exc_text:
            record.exc_text = without_query_strings(record.exc_text)
        return True
