"""Who and where a request comes from, for audit events and log lines (set by the middleware)."""

import contextvars
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


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the address the last N trusted proxies saw (PORTAL_TRUSTED_PROXIES=N)."""
    hops = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


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
