"""Session limits and mandatory second factor (ASVS V7.3, NIST SP 800-63B-4 AAL2).

SessionLimitsMiddleware: signed-in sessions end after 30 idle minutes or 12 hours in all; the
person signs in again and comes back to the page they were on.
MFARequiredMiddleware: a signed-in person who has not passed a second factor in this session sees
nothing but sign-out, the second-factor pages and public pages.
"""

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from accounts.selectors import reauthenticated_recently, user_has_factor
from accounts.services import sign_in_ended
from accounts.session_keys import SESSION_AUTH_AT, SESSION_ENDED_REASON, SESSION_ENDED_UNSAVED, SESSION_SEEN_AT
from common.redirects import is_safe_target


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            auth_at = session.setdefault(SESSION_AUTH_AT, now)
            seen_at = session.get(SESSION_SEEN_AT, now)
            reason = None
            if now - seen_at > settings.SESSION_IDLE_SECONDS:
                reason = "idle"
            elif now - auth_at > settings.SESSION_ABSOLUTE_SECONDS:
                reason = "absolute"
            if reason:
                return self._expire(request, reason)
            if now - seen_at >= 30 or SESSION_SEEN_AT not in session:
                session[SESSION_SEEN_AT] = now  # not on every request: each write is a database write
        return self.get_response(request)

    def _expire(self, request, reason: str):
        sign_in_ended(request=request, reason=reason)
        logout(request)
        request.session[SESSION_ENDED_REASON] = reason
        if request.method in ("GET", "HEAD"):
            next_url = request.get_full_path()
        else:
            # What the form sent dies with the session (its CSRF token too): back to the page that showed
            # the form, not to a POST-only URL, and the sign-in page says plainly that it was not saved.
            request.session[SESSION_ENDED_UNSAVED] = True
            next_url = _page_with_the_form(request)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


def _page_with_the_form(request) -> str:
    """The same-site page the form was sent from (Referer, sent same-origin by our policy), else the form's URL."""
    referer = request.headers.get("Referer", "")
    if is_safe_target(request, referer):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


# /admin/ and /support/ are not exempt: unverified staff are sent to verify or set up too (docs/adr/0045).
EXEMPT_PREFIXES = ("/static/", "/account/mfa/", "/webauthn/", "/i18n/", "/healthz", "/readyz")
EXEMPT_URL_NAMES = ("account_logout",)
# allauth pages that change what proves identity: password and second factor within 5 minutes first.
REAUTH_URL_NAMES = ("account_email", "account_change_password", "account_set_password")


class MFARequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if user.is_verified():
            return self._reauth_gate(request)
        if getattr(view_func, "login_required", True) is False:
            return None  # public page (login_not_required)
        if request.path.startswith(EXEMPT_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in EXEMPT_URL_NAMES:
            return None
        target = "accounts:mfa_verify" if user_has_factor(user=user) else "accounts:mfa_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")

    def _reauth_gate(self, request):
        match = request.resolver_match
        if match is None or match.url_name not in REAUTH_URL_NAMES:
            return None
        if reauthenticated_recently(request, settings.REAUTHENTICATION_SECONDS):
            return None
        return redirect(f"{reverse('accounts:reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
