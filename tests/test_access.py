"""Every URL in the project declares who may use it (deny by default).

The test walks the whole URL configuration, so a new URL is covered the moment it is added. Each view
is either explicitly public (marked `login_not_required` AND listed in PUBLIC below, so that making a
page public is a conscious, reviewed edit) or sends an anonymous visitor to sign in.
"""

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, resolve, reverse
from django.urls.resolvers import RoutePattern

from tests.support import walk_urls

# View names (with namespace) that anyone may open without signing in. Keep this list short.
PUBLIC = {
    # The project: front door, probes for load balancers, language switch.
    "home",
    "healthz",
    "readyz",
    "set_language",
    # allauth: signing in and out, recovering a password, confirming an email address.
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_confirm_login_code",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    # The clerk admin's and the support console's sign-in pages (they send people to account_login).
    "admin:login",
    "support:login",
    # The hearing lookup by A-number and country, like EOIR's automated case information (cases, ADR 0110).
    "hearing_lookup",
    # Text providers' webhooks: no sign-in, the provider's signature is checked instead (sms, ADR 0105).
    "sms:twilio_inbound",
    "sms:twilio_status",
    "sms:sns_inbound",
    # The mail provider's delivery webhook: no sign-in, Mailgun's signature is checked (delivery, ADR 0100).
    "anymail:mailgun_tracking_webhook",
    # Registration step 1 (A-number and mailed code) and the lost-code form (accounts).
    "accounts:register",
    "accounts:lost_code",
    "accounts:lost_code_sent",
    # The help centre (guidance): plain-language help, glossary, contact, printable quick reference.
    "guidance:index",
    "guidance:glossary",
    "guidance:contact",
    "guidance:quick_reference",
    "guidance:session_ended",
    "guidance:topic",
}

# Paths for patterns whose parameters the generic filler cannot guess (pattern route -> sample path).
SAMPLE_PATHS: dict[str, str] = {}

# Values tried, in order, for each path parameter; the first that the pattern accepts is used.
CANDIDATES = ["1", str(uuid.UUID(int=1)), "a", "abc-123", "2026-01-01", "a.pdf", "auth"]

_GROUP_START = re.compile(r"\(\?P<(\w+)>")


def _candidate_for(regex: str, to_python=None) -> str | None:
    for value in [*CANDIDATES, *_literal_alternatives(regex)]:
        if re.fullmatch(regex, value):
            try:
                if to_python:
                    to_python(value)
            except ValueError:
                continue
            return value
    return None


def _literal_alternatives(regex: str) -> list[str]:
    return [part for part in regex.split("|") if re.fullmatch(r"\w+", part)]


def _fill_route(route: str, pattern: RoutePattern) -> str | None:
    converters = pattern.converters

    def replace(match):
        name = match.group(2)
        converter = converters[name]
        return _candidate_for(converter.regex, converter.to_python) or "\0"

    return re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def _fill_regex(regex: str) -> str:
    """Replaces each named group with a sample value, then drops the anchors."""
    out, pos = [], 0
    for start in _GROUP_START.finditer(regex):
        if start.start() < pos:
            continue
        depth, end = 1, start.end()
        while depth:
            if regex[end] == "\\":
                end += 2
                continue
            depth += {"(": 1, ")": -1}.get(regex[end], 0)
            end += 1
        out.append(regex[pos : start.start()])
        out.append(_candidate_for(regex[start.end() : end - 1]) or "\0")
        pos = end
    out.append(regex[pos:])
    return "".join(out).replace("^", "").replace("$", "").replace("\\", "")


def sample_path(route: str, entry: URLPattern) -> str:
    """A concrete path that resolves to `entry`, with dummy values for its parameters."""
    if route in SAMPLE_PATHS:
        return SAMPLE_PATHS[route]
    if isinstance(entry.pattern, RoutePattern) and "^" not in route:
        filled = _fill_route(route, entry.pattern)
    else:
        filled = _fill_regex(route)
    return "/" + filled


def all_views():
    """(route, view name, pattern) of every URL of the project (tests/support.walk_urls)."""
    return [(url.route, url.name, url.entry) for url in walk_urls()]


VIEWS = all_views()


def test_every_sample_path_resolves_to_its_view():
    problems = []
    for route, name, entry in VIEWS:
        path = sample_path(route, entry)
        if "\0" in path:
            problems.append(f"no sample value fits {route!r}: add it to SAMPLE_PATHS")
            continue
        match = resolve(urlsplit(path).path)
        if match.func != entry.callback:
            problems.append(f"{path} resolves to {match.view_name}, not {name}")
    assert not problems, "\n".join(problems)


def _visit_anonymously(client, route, name, entry) -> str | None:
    """What is wrong with how `entry` treats an anonymous visitor (None when all is well)."""
    path = sample_path(route, entry)
    explicitly_public = getattr(entry.callback, "login_required", True) is False
    response = client.get(path)
    if name in PUBLIC:
        if not explicitly_public:
            return f"{name} is in PUBLIC but its view is not marked login_not_required"
        if response.status_code >= 500:
            return f"public {path} answered {response.status_code} to a visitor"
        return None
    sign_in = {reverse(settings.LOGIN_URL)}
    if route.startswith("admin/"):
        sign_in.add(reverse("admin:login"))
    if route.startswith("support/"):
        sign_in.add(reverse("support:login"))
    if response.status_code != 302:
        return (
            f"{name} ({path}) answered {response.status_code} to an anonymous visitor: "
            "protect it, or mark it login_not_required and add it to PUBLIC"
        )
    if urlsplit(response["Location"]).path not in sign_in:
        return f"{name} ({path}) redirects an anonymous visitor to {response['Location']}, not to sign-in"
    return None


@pytest.mark.django_db
def test_every_view_is_public_on_purpose_or_asks_to_sign_in(client):
    problems = [_visit_anonymously(client, route, name, entry) for route, name, entry in VIEWS]
    problems = [p for p in problems if p]
    assert not problems, f"{len(problems)} of {len(VIEWS)} URLs:\n" + "\n".join(problems)
    assert len(VIEWS) > 20  # the walk found the project's URLs


def test_public_list_has_no_stale_names():
    names = {name for _, name, _ in VIEWS}
    assert names >= PUBLIC, f"PUBLIC names no view: {sorted(PUBLIC - names)}"
