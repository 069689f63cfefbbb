"""What the support account page shows: registration state, court record link, factors, sign-ins, lock."""

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.mfa import backup_codes_left
from accounts.models import SignIn, SignInGuard
from cases.anumbers import format_a_number

RECENT_SIGN_INS = 10


def _registration_state(*, email_verified: bool, linked: bool, has_factor: bool) -> str:
    if not linked:
        return _("Not linked to a court record")
    if not email_verified:
        return _("Email address not yet confirmed")
    if not has_factor:
        return _("No second sign-in step set up")
    return _("Registered")


def account_summary(*, user) -> dict:
    """Everything the page needs; factors as type and date only (no names, keys or codes)."""
    from cases.models import ImmigrationCourt, Respondent

    respondent = Respondent.objects.filter(user=user).first()
    courts = []
    if respondent is not None:
        courts = list(ImmigrationCourt.objects.filter(cases__respondent=respondent).distinct().order_by("name"))
    factors = [
        {"type": _("Authenticator app"), "added": d.created_at}
        for d in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at")
    ] + [
        {"type": _("Passkey"), "added": c.created_at}
        for c in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
    ]
    email_verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    guard = SignInGuard.objects.filter(user=user).first()
    return {
        "respondent_name": f"{respondent.family_name}, {respondent.given_name}" if respondent else "",
        "a_number": format_a_number(respondent.a_number) if respondent else "",
        "courts": courts,
        "email_verified": email_verified,
        "state": _registration_state(
            email_verified=email_verified, linked=respondent is not None, has_factor=bool(factors)
        ),
        "factors": factors,
        "backup_codes_left": backup_codes_left(user=user),
        "sign_ins": list(SignIn.objects.filter(user=user)[:RECENT_SIGN_INS]),
        "locked": guard is not None and guard.is_locked(timezone.now()),
        "guard": guard,
        "linked": respondent is not None,
    }
