"""Second factor: set-up (app, passkey, backup codes) and verification at sign-in."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import access_factor_add
from accounts.forms import BackupCodeForm, TokenForm
from accounts.models import FactorRecovery, SignInGuard
from accounts.selectors import (
    backup_codes_left,
    factor_recovery_link_valid,
    factor_recovery_pending,
    factor_recovery_unlocked,
    reauthenticated_recently,
    sign_in_wait_seconds,
    user_has_backup_codes,
    user_has_factor,
    user_has_passkey,
    user_has_totp,
    user_is_enrolled,
)
from accounts.services import (
    RecoveryLinkInvalid,
    backup_codes_generate,
    factor_recovery_link_send,
    factor_recovery_prove,
    second_factor_check,
    sign_in_complete,
    totp_device_confirm,
    totp_device_start,
    totp_qr_svg,
    totp_secret_text,
)
from accounts.session_keys import SESSION_ENDED_REASON, SESSION_FRESH_CODES, SESSION_TOTP_DEVICE
from common.portal_name import portal_name
from common.redirects import safe_next_url
from common.responses import attachment_response

LINK_MINUTES = FactorRecovery.LINK_MINUTES


def _next_url(request) -> str:
    return safe_next_url(request, reverse(settings.LOGIN_REDIRECT_URL))


def _registration_step(request, first: bool) -> int | None:
    """Step 3 of registration for a respondent's first factor; staff enrolling at first sign-in see no steps."""
    return 3 if first and not request.user.is_staff else None


def _refuse_add(request, refusal: str):
    if refusal == "recovery":  # after a support reset: the page that says we emailed a link
        return redirect(f"{reverse('accounts:mfa_setup')}?{urlencode({'next': _next_url(request)})}")
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:mfa_verify')}?next={request.get_full_path()}")
    return redirect(f"{reverse('accounts:reauthenticate')}?next={request.get_full_path()}")


@never_cache
@require_http_methods(["GET"])
def setup(request):
    """Step 3: choose an authenticator app or a passkey (after a support reset: first the emailed link)."""
    if user_is_enrolled(user=request.user) and not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    if not user_is_enrolled(user=request.user) and not factor_recovery_unlocked(request):
        factor_recovery_link_send(user=request.user)  # unless a live link went out already
        context = {"next": _next_url(request), "minutes": LINK_MINUTES}
        return render(request, "accounts/mfa_recovery_sent.html", context)
    first = not user_has_factor(user=request.user)
    return render(
        request, "accounts/mfa_setup.html", {"step": _registration_step(request, first), "next": _next_url(request)}
    )


@require_POST
def recovery_send(request):
    """The "Send a new link" button on the page that says we emailed one; at most one a minute."""
    if factor_recovery_link_send(user=request.user, again=True):
        messages.success(request, _("We sent a new link. Check your email."))
    else:
        messages.info(request, _("We sent you a link less than a minute ago. Wait a minute, then ask again."))
    return redirect(f"{reverse('accounts:mfa_setup')}?{urlencode({'next': _next_url(request)})}")


@never_cache
@require_http_methods(["GET", "POST"])
def recovery(request, token: str):
    """The emailed link. Opening it changes nothing (mail scanners open links); the button uses it up
    and lets this session set up a new second step."""
    if user_is_enrolled(user=request.user) or not factor_recovery_pending(user=request.user):
        return redirect("accounts:account" if user_is_enrolled(user=request.user) else "accounts:mfa_setup")
    if request.method == "POST":
        try:
            factor_recovery_prove(request=request, token=token)
        except RecoveryLinkInvalid:
            context = {"invalid": True, "minutes": LINK_MINUTES}
            return render(request, "accounts/mfa_recovery_link.html", context, status=400)
        messages.success(request, _("Thank you. Now set up your new second step."))
        return redirect("accounts:mfa_setup")
    valid = factor_recovery_link_valid(user=request.user, token=token)
    context = {"invalid": not valid, "minutes": LINK_MINUTES}
    return render(request, "accounts/mfa_recovery_link.html", context, status=200 if valid else 400)


@never_cache
@require_http_methods(["GET", "POST"])
def totp_setup(request):
    """Authenticator app: QR code (inline SVG) and the key as text; the person proves it with a code."""
    refusal = access_factor_add(request)
    if refusal:
        return _refuse_add(request, refusal)
    first = not user_has_factor(user=request.user)
    device = totp_device_start(user=request.user, device_id=request.session.get(SESSION_TOTP_DEVICE))
    request.session[SESSION_TOTP_DEVICE] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"], actor=request.user):
            request.session.pop(SESSION_TOTP_DEVICE, None)
            return _after_factor_added(request, device, factor="totp", first=first)
        form.add_error("token", _("That code did not work. Check the time on your phone and enter the newest code."))
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret_text(device),
        "step": _registration_step(request, first),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_totp.html", context)


def _after_factor_added(request, device, *, factor: str, first: bool):
    if not request.user.is_verified():
        sign_in_complete(request=request, device=device, factor=factor)
    messages.success(request, _("Your new sign-in method is ready."))
    if first or not user_has_backup_codes(user=request.user):
        return redirect(f"{reverse('accounts:mfa_backup_codes')}?next={_next_url(request)}")
    return redirect("accounts:account")


@never_cache
@require_http_methods(["GET"])
def passkey_setup(request):
    """Passkey registration page (django-otp-webauthn's script); works only with JavaScript, the app does not."""
    refusal = access_factor_add(request)
    if refusal:
        return _refuse_add(request, refusal)
    first = not user_has_factor(user=request.user)
    context = {"step": _registration_step(request, first), "next": _next_url(request)}
    return render(request, "accounts/mfa_passkey.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """Ten backup codes, shown once (kept in the session until the person says they saved them)."""
    if not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    fresh = request.session.get(SESSION_FRESH_CODES)
    if request.method == "POST":
        if user_has_backup_codes(user=request.user) and not reauthenticated_recently(
            request, settings.REAUTHENTICATION_SECONDS
        ):
            return redirect(f"{reverse('accounts:reauthenticate')}?next={reverse('accounts:mfa_backup_codes')}")
        request.session[SESSION_FRESH_CODES] = backup_codes_generate(user=request.user, actor=request.user)
        return redirect(f"{reverse('accounts:mfa_backup_codes')}?next={_next_url(request)}")
    has_codes = user_has_backup_codes(user=request.user)
    context = {
        "codes": fresh,
        "left": backup_codes_left(user=request.user),
        "has_codes": has_codes,
        "first": not fresh and not has_codes,
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_backup_codes.html", context)


@never_cache
@require_http_methods(["GET"])
def backup_codes_download(request):
    """The codes just shown, as a text file; gone once the person confirms they saved them."""
    if not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    fresh = request.session.get(SESSION_FRESH_CODES)
    if not fresh:
        return redirect("accounts:mfa_backup_codes")
    lines = [
        _("%(portal)s: backup codes for %(email)s") % {"portal": portal_name(), "email": request.user.email},
        _("Each code works once. Keep this file somewhere safe."),
        "",
        *fresh,
        "",
    ]
    return attachment_response(
        "\r\n".join(lines), filename="backup-codes.txt", content_type="text/plain; charset=utf-8"
    )


@require_POST
def backup_codes_saved(request):
    request.session.pop(SESSION_FRESH_CODES, None)
    return redirect(_next_url(request))


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """Second factor at sign-in: app code, backup code or passkey; failures counted per factor."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not user_has_factor(user=user):
        return redirect("accounts:mfa_setup")
    totp_form = TokenForm(request.POST if request.POST.get("method") == "totp" else None)
    backup_form = BackupCodeForm(request.POST if request.POST.get("method") == "backup" else None)
    if request.method == "POST":
        done = _try_code(request, totp_form, factor=SignInGuard.Factor.TOTP, field="token") or _try_code(
            request, backup_form, factor=SignInGuard.Factor.BACKUP, field="backup_code"
        )
        if done is not None:
            return done
    wait = sign_in_wait_seconds(user=user)
    if wait == -1 or (wait is not None and wait > 60):
        return _locked_out(request)
    context = {
        "totp_form": totp_form,
        "backup_form": backup_form,
        "wait": wait,
        "has_totp": user_has_totp(user=user),
        "has_passkey": user_has_passkey(user=user),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_verify.html", context, status=429 if wait else 200)


def _try_code(request, form, *, factor: str, field: str):
    """The code the person sent: to the sign-in's next page when right, a form error when wrong."""
    if not form.is_bound or not form.is_valid():
        return None
    result = second_factor_check(request=request, factor=factor, token=form.cleaned_data[field])
    if result.passed:
        if factor == SignInGuard.Factor.BACKUP and backup_codes_left(user=request.user) <= 2:
            messages.warning(request, _("You have few backup codes left. Make new ones on your account page."))
        return redirect(_next_url(request))
    if result.wait is None:  # a wait is shown by the page itself
        if factor == SignInGuard.Factor.TOTP:
            form.add_error(field, _("That code did not work. Enter the newest code your app shows."))
        else:
            form.add_error(field, _("That backup code did not work. It may have been used already."))
    return None


def _locked_out(request):
    logout(request)
    request.session[SESSION_ENDED_REASON] = "locked"
    return redirect("account_login")
