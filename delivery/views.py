"""The respondent's service pages under /account/service/. Thin: access, form, one service, a message."""

from email.utils import parseaddr

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import user_email_verified
from delivery import rules, selectors, services
from delivery.access import access_own_respondent
from delivery.forms import ConsentForm


@never_cache
@require_safe
def service_settings(request):
    """How the court serves this person's notices (mail or email), and the way to change it."""
    respondent = access_own_respondent(user=request.user)
    context = {
        "preference": selectors.preference_of(respondent=respondent),
        "consent": services.standing_consent(respondent=respondent),
        "email_verified": user_email_verified(user=request.user),
    }
    return render(request, "delivery/settings.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def service_consent(request):
    """The consent screen: plain words, a checkbox left unchecked; never required to use the portal."""
    respondent = access_own_respondent(user=request.user)
    if services.standing_consent(respondent=respondent) is not None:
        return redirect("delivery:settings")
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            preference = services.service_consent_give(
                respondent=respondent,
                user=request.user,
                text_version=rules.CONSENT_TEXT_VERSION,
                user_agent=request.headers.get("user-agent", ""),
            )
        except services.ServiceStateError:  # a second tab or a double click: consent stands already
            return redirect("delivery:settings")
        if preference.state == preference.State.ELECTRONIC:
            messages.success(request, _("Thank you. From now on the court serves your notices by email."))
        else:
            messages.info(
                request,
                _("Thank you. Confirm your email address first: until then, the court keeps mailing your notices."),
            )
        return redirect("delivery:settings")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "version": rules.CONSENT_TEXT_VERSION,
        "email": request.user.email,
        "sender": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
    }
    return render(request, "delivery/consent.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def service_withdraw(request):
    """Withdrawing consent (any time): back to notices by mail."""
    respondent = access_own_respondent(user=request.user)
    if services.standing_consent(respondent=respondent) is None:
        return redirect("delivery:settings")
    if request.method == "POST":
        try:
            services.service_consent_revoke(respondent=respondent, user=request.user)
        except services.ServiceStateError:  # withdrawn already (another tab)
            return redirect("delivery:settings")
        messages.success(request, _("Done. The court will mail your notices to your address again."))
        return redirect("delivery:settings")
    return render(request, "delivery/withdraw.html")


@never_cache
@require_POST
def service_confirm_send(request):
    """After a delivery failure: email a link to the same address; opening it proves the address works."""
    respondent = access_own_respondent(user=request.user)
    try:
        services.service_confirm_link_send(respondent=respondent, user=request.user)
    except services.ServiceStateError:
        return redirect("delivery:settings")
    messages.success(request, _("We sent you a link. Open it to start getting notices by email again."))
    return redirect("delivery:settings")


@never_cache
@require_http_methods(["GET", "POST"])
def service_confirm(request, token: str):
    """The emailed link. Opening it changes nothing (mail scanners open links); the button uses it."""
    respondent = access_own_respondent(user=request.user)
    preference = selectors.preference_of(respondent=respondent)
    if request.method == "POST":
        try:
            services.service_confirm_link_use(respondent=respondent, user=request.user, token=token)
        except services.ConfirmLinkInvalid:
            return render(request, "delivery/confirm.html", {"invalid": True}, status=400)
        messages.success(request, _("Thank you. The court serves your notices by email again."))
        return redirect("delivery:settings")
    valid = services.confirm_link_matches(preference=preference, token=token) if preference.pk else False
    return render(request, "delivery/confirm.html", {"invalid": not valid}, status=200 if valid else 400)
