"""Below the second factor (password only, NIST AAL1) nothing of the person's case shows: every page
MFARequiredMiddleware lets such a session reach is walked, and none names the respondent, their
A-number or their court (issue 13, finding 7)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import EXEMPT_PREFIXES, EXEMPT_URL_NAMES
from guidance.content import TOPICS
from guidance.tests.factories import LegalServiceProviderFactory

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "slug": TOPICS[0].slug, "str": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _sample(route: str, entry: URLPattern) -> str | None:
    if not isinstance(entry.pattern, RoutePattern) or "^" in route:
        return None if "(?P" in route or "(" in route else "/" + route.replace("^", "").replace("$", "")
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)


def below_second_factor_paths() -> list[str]:
    """Every URL a signed-in session without a second factor may open (the middleware's exemptions)."""
    paths = []
    for route, entry in _walk(get_resolver().url_patterns):
        path = _sample(route, entry)
        if path is None:
            continue
        public = getattr(entry.callback, "login_required", True) is False
        if public or path.startswith(EXEMPT_PREFIXES) or entry.name in EXEMPT_URL_NAMES:
            paths.append(path)
    return sorted(set(paths))


@pytest.fixture(params=["has a factor", "has no factor yet"])
def password_only(request, client, respondent, other_court):
    """The respondent (María Pérez, A-246-813-579, Testville Immigration Court) past the password only."""
    respondent.a_number = "246813579"
    respondent.save()
    if request.param == "has a factor":
        TOTPDevice.objects.create(user=respondent.user, name="Authenticator app", confirmed=True)
    # Legal help listed for another court only: the public court filter shows, without their court.
    LegalServiceProviderFactory(court=other_court, name="Otherton Legal Aid")
    client.force_login(respondent.user)
    return client


SECRETS = ("Pérez", "María", "246813579", "A-246-813-579", "246-813-579", "Testville", "TST")


def test_the_walk_finds_the_pages_that_matter():
    paths = below_second_factor_paths()
    for expected in ("/", "/help/contact/", f"/help/{TOPICS[0].slug}/", "/account/mfa/verify/", "/account/mfa/set-up/"):
        assert expected in paths, expected
    assert not any(p.startswith(("/cases/", "/filings/", "/notices/")) for p in paths)


def test_no_page_below_the_second_factor_shows_the_case(password_only):
    leaks = []
    for path in below_second_factor_paths():
        response = password_only.get(path)
        if not response.get("Content-Type", "").startswith(("text/", "application/json")):
            continue
        text = response.content.decode(errors="replace")
        leaks += [f"{path}: {secret}" for secret in SECRETS if secret in text]
    assert not leaks, leaks
