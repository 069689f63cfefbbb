"""Second factors: authenticator app (TOTP), passkeys (django-otp-webauthn) and hashed backup codes."""

import base64
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import BackupCode, BackupCodeDevice
from accounts.selectors import user_factors
from accounts.services.recovery import factor_recovery_done
from audit.services import audit_record
from common.mail import email_send

BACKUP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BACKUP_CODE_CHARS = 16  # 80 random bits


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
    audit_record(actor=actor, action="accounts.factor_added", target=device, data={"type": "totp"})
    email_send(user=device.user, template="accounts/email/factor_added")
    return True


@transaction.atomic
def passkey_added(*, user, credential_id: int, actor) -> WebAuthnCredential:
    """The passkey django-otp-webauthn just registered for `user`: ends a recovery; audited and emailed."""
    device = WebAuthnCredential.objects.get(pk=credential_id, user=user)
    factor_recovery_done(user=device.user)
    audit_record(actor=actor, action="accounts.factor_added", target=device, data={"type": "webauthn"})
    email_send(user=device.user, template="accounts/email/factor_added")
    return device


@transaction.atomic
def factor_remove(*, user, device, actor) -> bool:
    """Removes a factor unless it is the user's last one; audited and emailed."""
    if device.user_id != user.pk or len(user_factors(user=user)) <= 1:
        return False
    kind = "webauthn" if isinstance(device, WebAuthnCredential) else "totp"
    audit_record(actor=actor, action="accounts.factor_removed", target=device, data={"type": kind})
    device.delete()
    email_send(user=user, template="accounts/email/factor_removed")
    return True


# --- backup codes -----------------------------------------------------------------------------


@transaction.atomic
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
    audit_record(actor=actor, action="accounts.backup_codes_generated", target=user, data={"replaced": replaced})
    if replaced:
        email_send(user=user, template="accounts/email/backup_codes_regenerated")
    return codes
