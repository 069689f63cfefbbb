"""django-otp-webauthn endpoints with our rules: counted failures, audited sign-ins, re-auth to add."""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from accounts.emails import account_email_send
from accounts.guard import sign_in_failure_record, sign_in_wait_seconds
from accounts.mfa import user_has_factor
from accounts.sessions import reauthenticated_recently, sign_in_complete
from audit.services import audit_record


class ReauthenticationRequired(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "reauthentication_required"
    default_detail = _("Confirm it is you (password and code) before adding a passkey.")


class SignInLocked(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "locked"
    default_detail = _("Too many tries. Wait and try again.")


class PasskeyRegistrationBegin(BeginCredentialRegistrationView):
    def check_can_register(self):
        super().check_can_register()
        user = self.request.user
        if user_has_factor(user=user) and not reauthenticated_recently(self.request, settings.REAUTHENTICATION_SECONDS):
            raise ReauthenticationRequired()


class PasskeyRegistrationComplete(CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"], user=self.request.user)
        audit_record(actor=self.request.user, action="accounts.factor_added", target=device, data={"type": "webauthn"})
        account_email_send(user=self.request.user, kind="factor_added")
        if not was_verified:
            sign_in_complete(request=self.request, device=device, factor="webauthn")
        return response


class PasskeyAuthenticationComplete(CompleteCredentialAuthenticationView):
    """Passkey as the second factor after the password (passwordless sign-in is off: docs/adr/0041)."""

    def complete_auth(self, device):
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.PasswordlessLoginDisabled()
        if device.user_id != user.pk:
            raise exceptions.CredentialUserMismatch()
        if sign_in_wait_seconds(user=user) is not None:
            raise SignInLocked()
        sign_in_complete(request=self.request, device=device, factor="webauthn")

    def handle_exception(self, exc):
        user = self.request.user
        counted = isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(exc, SignInLocked)
        if counted and user.is_authenticated:
            sign_in_failure_record(user=user, factor="webauthn")
        return super().handle_exception(exc)
