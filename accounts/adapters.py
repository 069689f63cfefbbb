"""allauth adapter: sign-up only with a valid access code; sign-in guarded by persistent counters."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.passwords import context_words_for, password_check_context
from accounts.selectors import registration_respondent, sign_in_wait_seconds, user_by_email
from accounts.services import (
    AccessCodeRejected,
    AlreadyRegistered,
    access_code_redeem,
    sign_in_ended,
    sign_in_failure_record,
    sign_in_success_record,
    sign_in_try,
)
from accounts.session_keys import REGISTRATION_CODE_ID
from audit.actions import AuditAction
from audit.context import client_ip
from audit.services import audit_record


def _registration_respondent(request):
    """The respondent whose valid access code was given earlier in this session, or None."""
    code_id = request.session.get(REGISTRATION_CODE_ID) if request is not None else None
    return registration_respondent(access_code_id=code_id)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # One answer for a wrong password, an unknown email, a wait and a lock (no enumeration).
        "email_password_mismatch": _lazy(
            "The email address or password is not right, or there were too many tries. Wait a minute and try"
            " again. If your account was locked, we sent you an email."
        ),
    }

    def get_client_ip(self, request) -> str:
        # allauth's rate limits (sign-in, lost code) key on the client address the rest of the portal
        # uses (PORTAL_TRUSTED_PROXIES), not on the proxy's REMOTE_ADDR.
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_open_for_signup(self, request) -> bool:
        # Only step 2 of registration: someone who gave a valid A-number and access code.
        return _registration_respondent(request) is not None

    def save_user(self, request, user, form, commit=True):
        code_id = request.session.get(REGISTRATION_CODE_ID)
        try:
            with transaction.atomic():
                user.preferred_language = (get_language() or "en")[:8]
                user = super().save_user(request, user, form, commit=True)
                access_code_redeem(access_code_id=code_id, user=user)
        except (AccessCodeRejected, AlreadyRegistered) as exc:
            messages.error(request, _("Your access code can no longer be used. Start again or ask for a new code."))
            raise ImmediateHttpResponse(redirect("accounts:register")) from exc
        request.session.pop(REGISTRATION_CODE_ID, None)
        return user

    def clean_password(self, password, user=None):
        respondent = getattr(user, "respondent", None) if user is not None and user.pk else None
        respondent = respondent or _registration_respondent(self.request)
        email = getattr(user, "email", "") if user is not None else ""
        password_check_context(password, context_words_for(respondent=respondent, email=email))
        return super().clean_password(password, user=user)

    def _user_for(self, credentials):
        return user_by_email(email=credentials.get("email") or credentials.get("username") or "")

    def authenticate(self, request, **credentials):
        user = self._user_for(credentials)
        if user is None:
            return super().authenticate(request, **credentials)
        # The wait check (pre_authenticate), the password check and the failure count run under the
        # account's guard row lock: parallel guesses queue instead of all passing the same check.
        with sign_in_try(user=user):
            return super().authenticate(request, **credentials)

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        user = self._user_for(credentials)
        if user is not None and sign_in_wait_seconds(user=user) is not None:
            # Same message and similar cost as a wrong password: nothing tells whether the email exists.
            user.check_password(credentials.get("password") or "")
            raise self.validation_error("email_password_mismatch")

    def authentication_failed(self, request, **credentials):
        user = self._user_for(credentials)
        if user is not None:
            sign_in_failure_record(user=user, factor="password")

    def confirm_email(self, request, email_address):
        with transaction.atomic():
            verified = super().confirm_email(request, email_address)
            if verified:
                audit_record(
                    actor=email_address.user, action=AuditAction.ACCOUNTS_EMAIL_VERIFIED, target=email_address.user
                )
        return verified

    def set_password(self, user, password):
        with transaction.atomic():
            super().set_password(user, password)
            audit_record(actor=user, action=AuditAction.ACCOUNTS_PASSWORD_CHANGED, target=user)

    def logout(self, request):
        sign_in_ended(request=request, reason="signed_out")
        super().logout(request)

    def login(self, request, user):
        super().login(request, user)
        sign_in_success_record(user=user, factor="password", complete=False)
