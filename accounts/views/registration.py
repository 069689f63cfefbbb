"""Registration step 1 (A-number and access code) and the public lost-code form."""

from allauth.core import ratelimit
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.forms import LostCodeForm, RegistrationCodeForm
from accounts.services import (
    AccessCodeRejected,
    AccessCodeThrottled,
    AlreadyRegistered,
    access_code_check,
    access_code_request_by_mail,
    access_code_request_throttled,
)
from accounts.session_keys import REGISTRATION_CODE_ID
from audit.context import client_ip


def _without_secret(form):
    data = form.data.copy()
    data["code"] = ""
    form.data = data
    return form


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    """Step 1 of 3: the A-number and the mailed access code. One generic answer for every wrong pair."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegistrationCodeForm(request.POST or None)
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            code = access_code_check(
                a_number=form.cleaned_data["a_number"], code=form.cleaned_data["code"], client_ip=client_ip(request)
            )
        except AccessCodeRejected:
            problem = "rejected"
        except AccessCodeThrottled:
            problem = "throttled"
        except AlreadyRegistered:
            problem = "registered"
        else:
            request.session.cycle_key()
            request.session[REGISTRATION_CODE_ID] = code.pk
            return redirect("account_signup")
    if request.method == "POST":
        _without_secret(form)
    status = 429 if problem == "throttled" else 200
    return render(request, "accounts/register_code.html", {"form": form, "problem": problem, "step": 1}, status=status)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def lost_code(request):
    """Asks for a new letter. The answer is the same whatever was entered (no enumeration)."""
    form = LostCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Per-client limit (ACCOUNT_RATE_LIMITS["lost_code"]): past it nothing is mailed, and the
        # answer stays the same, so the limit is no oracle either.
        if ratelimit.consume(request, action="lost_code"):
            access_code_request_by_mail(
                a_number=form.cleaned_data["a_number"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                actor=request.user,
            )
        else:
            access_code_request_throttled(actor=request.user)
        return redirect("accounts:lost_code_sent")
    return render(request, "accounts/lost_code.html", {"form": form})


@login_not_required
@require_http_methods(["GET"])
def lost_code_sent(request):
    return render(request, "accounts/lost_code_sent.html")
