"""Second factors: authenticator app (TOTP), passkeys (django-otp-webauthn) and hashed backup codes, and the
one check of the second step that signing in and re-authenticating share."""

import base64
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import BackupCode, BackupCodeDevice, SignInGuard
from accounts.selectors import user_factors
from accounts.services.guard import sign_in_failure_record, sign_in_success_record, sign_in_try
from accounts.services.recovery import factor_recovery_done
from accounts.services.sessions import reauthenticated_now, sign_in_complete
from audit.actions import AuditAction
from audit.services import audit_record, audited
from common.mail import email_send

BACKUP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BACKUP_CODE_CHARS = 16  # 80 random bits
Factor = SignInGuard.Factor


# --- the second step: signing in and re-authenticating --------------------------------------------


@dataclass(frozen=True)
class SecondFactorTry:
    """What one try of the second step came to."""

    device: Device | None = None  # the device that accepted the code; None when refused or not tried
    wait: int | None = None  # not tried: seconds to wait first (-1: locked until support unlocks)

    @property
    def passed(self) -> bool:
        return self.device is not None


def _device_accepting(*, user, factor: str, token: str) -> Device | None:
    if factor == Factor.TOTP:
        return next((d for d in TOTPDevice.objects.filter(user=user, confirmed=True) if d.verify_token(token)), None)
    device = BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
    return device if device is not None and device.verify_token(token) else None


def second_factor_check(
    *, request, token: str, factor: str | None = None, password: str | None = None
) -> SecondFactorTry:
    """One try of the second step, at sign-in and when re-authenticating, under the account's guard row lock:
    the wait, the password when given, then the app code or a backup code (`factor`, else digits mean an app
    code). A wrong one is counted towards waits and locks. A right one completes the sign-in of a session
    that has only the password (verified, id rotated, recorded, audited), or marks a verified session
    re-authenticated now. Returns a SecondFactorTry."""
    user = request.user
    with sign_in_try(user=user) as wait:
        if wait is not None:
            return SecondFactorTry(wait=wait)  # not a try: not counted
        if password is not None and not user.check_password(password):
            sign_in_failure_record(user=user, factor=Factor.PASSWORD)
            return SecondFactorTry()
        compact = "".join(token.split())
        factor = factor or (Factor.TOTP if compact.isdigit() else Factor.BACKUP)
        device = _device_accepting(user=user, factor=factor, token=compact)
        if device is None:
            sign_in_failure_record(user=user, factor=factor)
            return SecondFactorTry()
        if user.is_verified():
            sign_in_success_record(user=user, factor=factor, complete=True)
            reauthenticated_now(request)
        else:
            sign_in_complete(request=request, device=device, factor=factor)
    return SecondFactorTry(device=device)


# --- authenticator app ------------------------------------------------------------------------


def totp_device_start(*, user, device_id: int | None) -> TOTPDevice:
    """The unconfirmed app device being set up in this session, or a new one with a fresh key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first() if device_id else None
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_secret_text(device: TOTPDevice) -> str:
    """The key for manual entry, base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no style attributes: CSP-safe)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, title="", dark="#1b1b1b")


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str, actor) -> bool:
    """Confirms a new app device when `token` is right; audited and emailed. False otherwise."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    factor_recovery_done(user=device.user)
    audit_record(actor=actor, action=AuditAction.ACCOUNTS_FACTOR_ADDED, target=device, data={"type": "totp"})
    email_send(user=device.user, template="accounts/email/factor_added")
    return True


@audited(AuditAction.ACCOUNTS_FACTOR_ADDED)
def passkey_added(*, user, credential_id: int, actor) -> WebAuthnCredential:
    """The passkey django-otp-webauthn just registered for `user`: ends a recovery; audited and emailed."""
    device = WebAuthnCredential.objects.get(pk=credential_id, user=user)
    factor_recovery_done(user=device.user)
    audit_record(actor=actor, action=AuditAction.ACCOUNTS_FACTOR_ADDED, target=device, data={"type": "webauthn"})
    email_send(user=device.user, template="accounts/email/factor_added")
    return device


@transaction.atomic
def factor_remove(*, user, device, actor) -> bool:
    """Removes a factor unless it is the user's last one; audited and emailed."""
    if device.user_id != user.pk or len(user_factors(user=user)) <= 1:
        return False
    kind = "webauthn" if isinstance(device, WebAuthnCredential) else "totp"
    audit_record(actor=actor, action=AuditAction.ACCOUNTS_FACTOR_REMOVED, target=device, data={"type": kind})
    device.delete()
    email_send(user=user, template="accounts/email/factor_removed")
    return True


# --- backup codes -----------------------------------------------------------------------------


@audited(AuditAction.ACCOUNTS_BACKUP_CODES_GENERATED)
def backup_codes_generate(*, user, actor) -> list[str]:
    """Replaces the user's backup codes with ten new ones; returns them once (only hashes are kept)."""
    replaced = BackupCodeDevice.objects.filter(user=user).exists()
    BackupCodeDevice.objects.filter(user=user).delete()
    device = BackupCodeDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = []
    for _i in range(settings.BACKUP_CODE_COUNT):
        raw = "".join(secrets.choice(BACKUP_ALPHABET) for _j in range(BACKUP_CODE_CHARS))
        codes.append("-".join(raw[i : i + 4] for i in range(0, BACKUP_CODE_CHARS, 4)))
        BackupCode.objects.create(device=device, digest=BackupCodeDevice.code_digest(user.pk, raw))
    audit_record(
        actor=actor, action=AuditAction.ACCOUNTS_BACKUP_CODES_GENERATED, target=user, data={"replaced": replaced}
    )
    if replaced:
        email_send(user=user, template="accounts/email/backup_codes_regenerated")
    return codes
