"""What the accounts app reads: a person's sign-in methods, waits and sign-ins, and the recovery state.

Reads only: every write is in accounts.services. The views, the middleware, the allauth adapter and
the email template tags read through these functions.
"""

import time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import AccessCode, BackupCode, BackupCodeDevice, FactorRecovery, SignIn, SignInGuard, User
from accounts.session_keys import SESSION_FACTOR_RECOVERY_PROOF, SESSION_REAUTH_AT

RECENT_SIGN_INS = 10

# --- sign-in methods ---------------------------------------------------------------------------


def user_factors(*, user) -> list:
    """The user's confirmed sign-in factors (apps and passkeys; backup codes are not a factor)."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *WebAuthnCredential.objects.filter(user=user, confirmed=True),
    ]


def user_has_totp(*, user) -> bool:
    """Has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def user_has_passkey(*, user) -> bool:
    """Has a confirmed passkey."""
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def user_has_factor(*, user) -> bool:
    """Has an app or a passkey to give at the second step."""
    return user_has_totp(user=user) or user_has_passkey(user=user)


def user_is_enrolled(*, user) -> bool:
    """Has any confirmed second-factor device, backup codes included: adding one then needs a verified session."""
    return user_has_factor(user=user) or BackupCodeDevice.objects.filter(user=user, confirmed=True).exists()


def user_has_backup_codes(*, user) -> bool:
    """Has a set of backup codes (used up or not)."""
    return BackupCodeDevice.objects.filter(user=user).exists()


def backup_codes_left(*, user) -> int:
    """How many of the user's backup codes are still unused."""
    return BackupCode.objects.filter(device__user=user, used_at__isnull=True).count()


# --- signing in --------------------------------------------------------------------------------


def user_by_email(*, email: str) -> User | None:
    """The account signing in with this address (any case, spaces ignored), or None."""
    email = (email or "").strip().lower()
    return User.objects.filter(email=email).first() if email else None


def user_email_verified(*, user) -> bool:
    """The account's own address was confirmed (the only one a recovery link may go to)."""
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def registration_respondent(*, access_code_id: int | None):
    """The respondent whose access code, given at registration step 1, can still be redeemed; else None."""
    if not access_code_id:
        return None
    code = AccessCode.objects.select_related("respondent").filter(pk=access_code_id).first()
    return code.respondent if code is not None and code.is_redeemable() else None


def sign_in_wait_seconds(*, user) -> int | None:
    """None when the user may try now; seconds to wait otherwise (-1: locked until support unlocks)."""
    guard = SignInGuard.objects.filter(user=user).first()
    if guard is None:
        return None
    now = timezone.now()
    if guard.is_locked(now):
        return -1 if guard.locked_until is None else int((guard.locked_until - now).total_seconds()) + 1
    if guard.next_try_at and now < guard.next_try_at:
        return int((guard.next_try_at - now).total_seconds()) + 1
    return None


def sign_ins_recent(*, user) -> list[SignIn]:
    """The user's last completed sign-ins, newest first (account page)."""
    return list(SignIn.objects.filter(user=user)[:RECENT_SIGN_INS])


def reauthenticated_recently(request, seconds: int) -> bool:
    """Password and second factor were given in this session within the last `seconds`."""
    at = request.session.get(SESSION_REAUTH_AT)
    return at is not None and time.time() - at <= seconds


# --- setting up a factor again after a support reset (docs/adr/0046) ----------------------------


def factor_recovery_pending(*, user) -> bool:
    """A reset happened and no new factor was set up since."""
    return FactorRecovery.objects.filter(user=user, required=True).exists()


def factor_recovery_unlocked(request) -> bool:
    """True when this session may set up a first factor: no recovery pending, or its link was used here."""
    row = FactorRecovery.objects.filter(user=request.user, required=True).first()
    return row is None or request.session.get(SESSION_FACTOR_RECOVERY_PROOF) == [row.user_id, row.generation]


def factor_recovery_link_url(*, user) -> str | None:
    """The absolute link for the current generation, or None when no recovery is pending (made when the email
    is rendered: no token in the queue)."""
    row = FactorRecovery.objects.filter(user=user, required=True).first()
    if row is None:
        return None
    return settings.SITE_URL.rstrip("/") + reverse("accounts:mfa_recovery", args=[row.link_token()])


def factor_recovery_link_valid(*, user, token: str) -> bool:
    """Whether the link would work now, without using it up (for the page the link opens)."""
    row = FactorRecovery.objects.filter(user=user, required=True).first()
    return row is not None and row.link_matches(token)
