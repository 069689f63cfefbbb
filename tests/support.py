"""What tests of every app share: signing in, and one walk over the project's URL patterns.

- `login_verified(client, user)`: signed in as after the second factor (no pages visited).
- `reauthenticated(client)`: and just re-authenticated, as the sensitive account pages require.
- `sign_in_through_pages(client, user, next_url)`: password, then the app code, over HTTP.
- `totp_token(device)`: the code an authenticator app shows now.
- `walk_urls()`: every URL pattern, with its whole route and namespaces (tests/test_access.py walks
  them for deny-by-default, tests/test_idor.py for the object URLs, tests/test_admin_sweep.py for
  each staff site).
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.session_keys import SESSION_REAUTH_AT

PASSWORD = "correct horse battery staple"  # every factory-made user's password


# --- signing in --------------------------------------------------------------------------------


def login_verified(client, user):
    """Signs `user` in on the test client with a confirmed authenticator app, as after MFA."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def reauthenticated(client):
    """Marks the client's session as re-authenticated just now (password and second factor again)."""
    session = client.session
    session[SESSION_REAUTH_AT] = int(time.time())
    session.save()
    return client


def totp_token(device) -> str:
    """The six digits an authenticator app shows for `device` right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in_through_pages(client, user, next_url: str) -> str:
    """Password then app code, as a person does; returns the final redirect's target."""
    response = client.post(f"{reverse('account_login')}?next={next_url}", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"])  # the second step, carrying next along
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa_verify"))
    verify_url = response["Location"]
    device = TOTPDevice.objects.get(user=user)
    response = client.post(verify_url, {"method": "totp", "token": totp_token(device), "next": next_url})
    assert response.status_code == 302
    return response["Location"]


# --- the URL walk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WalkedUrl:
    """One URL pattern found by `walk_urls`: its whole route (prefixes included) and namespaces."""

    route: str
    namespaces: tuple[str, ...]
    entry: URLPattern  # the pattern itself (its .pattern holds the converters)

    @property
    def namespace(self) -> str:
        return ":".join(self.namespaces)

    @property
    def name(self) -> str:
        """`namespace:name` as reverse() takes it; the route for an unnamed pattern."""
        if not self.entry.name:
            return self.route
        return ":".join((*self.namespaces, self.entry.name))


def walk_urls(patterns=None, *, prefix: str = "", namespaces: tuple[str, ...] = ()) -> Iterator[WalkedUrl]:
    """Every URL pattern under `patterns` (the project's URL configuration by default), included ones
    too, in the order Django tries them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk_urls(entry.url_patterns, prefix=prefix + str(entry.pattern), namespaces=inner)
        elif isinstance(entry, URLPattern):
            yield WalkedUrl(route=prefix + str(entry.pattern), namespaces=namespaces, entry=entry)
