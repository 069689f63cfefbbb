"""Pages of the text reminders: the number (add, verify with the code, remove) and the short link in texts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sms import selectors
from sms.forms import CodeForm, PhoneForm
from sms.models import MobileNumber, TextSubscription
from sms.numbers import display_number
from sms.services import phones
from sms.wording import text_language

State = TextSubscription.State


def _page(request, *, phone_form=None, code_form=None, status=200):
    verified = selectors.subscription_current(user=request.user, state=State.VERIFIED)
    pending = selectors.subscription_current(user=request.user, state=State.PENDING)
    failed = verified is not None and verified.mobile.state == MobileNumber.State.FAILED
    initial = {"number": display_number(verified.mobile.number)} if failed else None
    context = {
        "verified": verified,
        "verified_number": display_number(verified.mobile.number) if verified else "",
        "pending": pending,
        "pending_number": display_number(pending.mobile.number) if pending else "",
        "phone_form": phone_form or PhoneForm(initial=initial),
        "code_form": code_form or CodeForm(),
        "MobileState": MobileNumber.State,
    }
    return render(request, "sms/phone.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def phone(request):
    """The account's number for hearing texts; POST adds a number and texts it a code."""
    if request.method != "POST":
        return _page(request)
    form = PhoneForm(request.POST)
    if form.is_valid():
        try:
            phones.phone_add(user=request.user, parsed=form.parsed, language=text_language(get_language()))
        except ValidationError as error:
            form.add_error("number", error)
        else:
            number = display_number(form.parsed.e164)
            messages.success(request, _("We sent a 6-digit code to %(number)s. Enter it below.") % {"number": number})
            if form.parsed.is_landline:
                messages.warning(
                    request,
                    _(
                        "%(number)s looks like a landline. Landlines usually cannot get text messages: "
                        "if no code arrives, use a mobile number."
                    )
                    % {"number": number},
                )
            return redirect("sms:phone")
    return _page(request, phone_form=form)


@never_cache
@require_POST
def phone_verify(request):
    """Checks the 6-digit code: the right one verifies the number and is the opt-in."""
    form = CodeForm(request.POST)
    if form.is_valid():
        outcome = phones.code_check(user=request.user, code=form.cleaned_data["code"])
        if outcome.error is None:
            messages.success(request, _("Your number is verified. You will get a text before each hearing."))
            return redirect("sms:phone")
        form.add_error("code", outcome.error)
    return _page(request, code_form=form)


@require_POST
def code_resend(request):
    """Texts a new code to the number waiting for one (the old code stops working)."""
    pending = selectors.subscription_current(user=request.user, state=State.PENDING)
    if pending is None:
        messages.error(request, _("There is no number waiting for a code. Enter your mobile number first."))
        return redirect("sms:phone")
    try:
        phones.code_send(subscription=pending, language=text_language(get_language()))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("We sent a new code. The old code no longer works."))
    return redirect("sms:phone")


@require_POST
def phone_remove(request):
    """Stops hearing texts to this account: the number is removed from it."""
    if phones.phone_remove(user=request.user, actor=request.user):
        messages.success(request, _("Your number was removed. We will not send you any more texts."))
    return redirect("sms:phone")


@require_safe
def hearing_link(request):
    """The short link in every hearing text (/h/): after sign-in, the hearings of the case with the next hearing."""
    case_id = selectors.hearing_link_case_id(user=request.user)
    if case_id is None:
        return redirect("cases:dashboard")
    return redirect(reverse("cases:hearings", args=[case_id]))
