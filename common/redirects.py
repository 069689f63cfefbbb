"""Where to send a person next: only ever a page of this site (no open redirect)."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_safe_target(request, url: str) -> bool:
    """True for a URL on this host (and https when the request is), never for another site."""
    return bool(url) and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())


def safe_next_url(request, fallback: str, *, field: str = "next") -> str:
    """The `next` (POST, then GET) the person came with when it is a page of this site, else `fallback`."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    return candidate if is_safe_target(request, candidate) else fallback
