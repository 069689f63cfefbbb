"""The account page: factors, backup codes, recent sign-ins, other sessions, re-authentication."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import access_factor
from accounts.forms import ReauthenticateForm
from accounts.selectors import (
    backup_codes_left,
    reauthenticated_recently,
    sign_in_wait_seconds,
    sign_ins_recent,
    user_factors,
    user_has_backup_codes,
    user_has_passkey,
)
from accounts.services import factor_remove, second_factor_check, sessions_end_others
from common.redirects import safe_next_url


@never_cache
@require_http_methods(["GET"])
def account(request):
    """Email, password, sign-in methods, backup codes and recent sign-ins of the signed-in person."""
    user = request.user
    context = {
        "factors": user_factors(user=user),
        "backup_left": backup_codes_left(user=user),
        "has_backup": user_has_backup_codes(user=user),
        "sign_ins": sign_ins_recent(user=user),
        "current_key": request.session.session_key,
        "respondent": getattr(user, "respondent", None) if hasattr(user, "respondent") else None,
    }
    return render(request, "accounts/account.html", context)


@require_POST
def factor_delete(request, kind: str, pk: int):
    """Removes a sign-in method (never the last one) after recent re-authentication."""
    if not reauthenticated_recently(request, settings.REAUTHENTICATION_SECONDS):
        return redirect(f"{reverse('accounts:reauthenticate')}?next=/account/")
    device = access_factor(user=request.user, kind=kind, factor_id=pk)
    if factor_remove(user=request.user, device=device, actor=request.user):
        messages.success(request, _("The sign-in method was removed."))
    else:
        messages.error(request, _("You cannot remove your only sign-in method. Add another one first."))
    return redirect("accounts:account")


@require_POST
def sessions_end(request):
    """Signs out every other browser or device signed in to this account."""
    count = sessions_end_others(request=request)
    messages.success(request, _("Signed out of %(count)d other session(s).") % {"count": count})
    return redirect("accounts:account")


@never_cache
@require_http_methods(["GET", "POST"])
def reauthenticate(request):
    """Password and second factor again, before changing email, password or sign-in methods."""
    form = ReauthenticateForm(request.POST or None)
    next_url = safe_next_url(request, "/account/")
    wait = sign_in_wait_seconds(user=request.user)
    if request.method == "POST" and form.is_valid() and wait is None:
        password, token = form.cleaned_data["password"], form.cleaned_data["token"]
        if second_factor_check(request=request, token=token, password=password).passed:
            return redirect(next_url)
        problem = _("The password or the code is not right.")
        form.add_error(None, ValidationError(problem, code="reauthentication_failed"))
        form.data = form.data.copy()
        form.data["password"] = ""
        wait = sign_in_wait_seconds(user=request.user)
    context = {"form": form, "next": next_url, "wait": wait, "has_passkey": user_has_passkey(user=request.user)}
    return render(request, "accounts/reauthenticate.html", context)
