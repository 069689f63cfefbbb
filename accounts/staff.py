"""Staff sign-in for the admin sites: the same allauth sign-in and second factor as respondents.

The clerk admin (/admin/) and the support console (/support/) have no password form of their own:
their login view sends the person to the account sign-in (allauth: same rate limits, same
persistent counters and locks), then MFARequiredMiddleware sends them to verify their second factor
(or to set one up at first sign-in), and they come back to the page they asked for (docs/adr/0045).
"""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse

from accounts.selectors import user_has_factor
from common.redirects import is_safe_target


def staff_next_url(request, site) -> str:
    """The page to come back to after sign-in: a local URL, or the site's index."""
    candidate = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME) or ""
    if is_safe_target(request, candidate):
        return candidate
    return reverse(f"{site.name}:index")


def staff_site_login(site, request):
    """The admin sites' login view: to the account sign-in (anonymous), MFA (unverified) or 403."""
    next_url = staff_next_url(request, site)
    user = request.user
    if not user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    if site.has_permission(request):
        return redirect(next_url)
    if not user.is_verified():
        target = "accounts:mfa_verify" if user_has_factor(user=user) else "accounts:mfa_setup"
        return redirect(f"{reverse(target)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
    raise PermissionDenied  # signed in with a second factor, but not staff of this site


def staff_site_logout(request):
    """Signing out of an admin site is the account sign-out (sign-in marked ended, audited)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.user.is_authenticated:
        get_adapter(request).logout(request)
    return redirect(settings.ACCOUNT_LOGOUT_REDIRECT_URL)


def staff_site_password_change(request):
    """The admin's password form would skip re-authentication: use the account's own (ASVS V7.5)."""
    return redirect("account_change_password")
