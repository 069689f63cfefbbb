"""django-otp-webauthn endpoints with our rules: counted failures, audited sign-ins, re-auth to add."""

import json

from django.utils.translation import gettext_lazy as _
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from accounts.access import access_factor_add
from accounts.services import passkey_added, sign_in_complete, sign_in_failure_record, sign_in_try


class ReauthenticationRequired(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "reauthentication_required"
    default_detail = _("Confirm it is you (password and code) before adding a passkey.")


class SignInLocked(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "locked"
    default_detail = _("Too many tries. Wait and try again.")


class RecoveryProofRequired(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "recovery_required"
    default_detail = _("Open the link we emailed you before setting up a passkey.")


class AddPasskeyRules:
    """accounts.access.access_factor_add for both registration endpoints: a first passkey at registration
    or after the emailed link (support reset); another one only re-authenticated."""

    def check_can_register(self):
        super().check_can_register()
        refusal = access_factor_add(self.request)
        if refusal == "recovery":
            raise RecoveryProofRequired()
        if refusal:
            raise ReauthenticationRequired()


class PasskeyRegistrationBegin(AddPasskeyRules, BeginCredentialRegistrationView):
    pass


class PasskeyRegistrationComplete(AddPasskeyRules, CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        was_verified = self.request.user.is_verified()
        response = super().post(*args, **kwargs)
        credential_id = json.loads(response.content)["id"]
        device = passkey_added(user=self.request.user, credential_id=credential_id, actor=self.request.user)
        if not was_verified:
            sign_in_complete(request=self.request, device=device, factor="webauthn")
        return response


class PasskeyAuthenticationComplete(CompleteCredentialAuthenticationView):
    """Passkey as the second factor after the password (passwordless sign-in is off: docs/adr/0041).

    Like the code forms, the wait check, the verification and the failure count run under the account's
    guard row lock (`sign_in_try`), so parallel attempts queue instead of slipping past a wait.
    """

    def post(self, *args, **kwargs):
        user = self.request.user
        if not user.is_authenticated:
            return super().post(*args, **kwargs)  # complete_auth refuses: no passwordless sign-in
        with sign_in_try(user=user) as wait:
            if wait is not None:
                return super().handle_exception(SignInLocked())  # not a try: not counted
            try:
                return super().post(*args, **kwargs)
            except exceptions.OTPWebAuthnApiError as exc:
                sign_in_failure_record(user=user, factor="webauthn")  # counted under the lock
                return super().handle_exception(exc)  # an answer, not a raise: the count is kept

    def complete_auth(self, device):
        user = self.request.user
        if not user.is_authenticated:
            raise exceptions.PasswordlessLoginDisabled()
        if device.user_id != user.pk:
            raise exceptions.CredentialUserMismatch()
        sign_in_complete(request=self.request, device=device, factor="webauthn")

    def handle_exception(self, exc):
        # Failures before `post` (the ceremony's pre-checks) count too; those in `post` are counted there.
        user = self.request.user
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and user.is_authenticated:
            sign_in_failure_record(user=user, factor="webauthn")
        return super().handle_exception(exc)
