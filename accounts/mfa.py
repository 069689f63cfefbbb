"""Second factors: authenticator app (TOTP), passkeys (django-otp-webauthn) and hashed backup codes."""

import base64
import hashlib
import hmac
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.emails import account_email_send
from accounts.models import BackupCode, BackupCodeDevice
from accounts.recovery import factor_recovery_done
from audit.services import audit_record

BACKUP_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BACKUP_CODE_CHARS = 16  # 80 random bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def user_factors(*, user) -> list:
    """The user's confirmed sign-in factors (apps and passkeys; backup codes are not a factor)."""
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *WebAuthnCredential.objects.filter(user=user, confirmed=True),
    ]


def user_has_factor(*, user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def user_is_enrolled(*, user) -> bool:
    """Has any confirmed second-factor device, backup codes included: adding one then needs a verified session."""
    return user_has_factor(user=user) or BackupCodeDevice.objects.filter(user=user, confirmed=True).exists()


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
    account_email_send(user=device.user, kind="factor_added")
    return True


@transaction.atomic
def passkey_added(*, device: WebAuthnCredential, actor) -> None:
    """A passkey was registered (django-otp-webauthn saved it): audited and emailed."""
    factor_recovery_done(user=device.user)
    audit_record(actor=actor, action="accounts.factor_added", target=device, data={"type": "webauthn"})
    account_email_send(user=device.user, kind="factor_added")


@transaction.atomic
def factor_remove(*, user, device, actor) -> bool:
    """Removes a factor unless it is the user's last one; audited and emailed."""
    if device.user_id != user.pk or len(user_factors(user=user)) <= 1:
        return False
    kind = "webauthn" if isinstance(device, WebAuthnCredential) else "totp"
    audit_record(actor=actor, action="accounts.factor_removed", target=device, data={"type": kind})
    device.delete()
    account_email_send(user=user, kind="factor_removed")
    return True


# --- backup codes -----------------------------------------------------------------------------


def _backup_digest(user_id: int, normalised: str) -> str:
    key = settings.ACCESS_CODE_PEPPER.encode()
    return hmac.new(key, f"backup-code/v1\x00{user_id}\x00{normalised}".encode(), hashlib.sha256).hexdigest()


def _backup_normalise(value: str) -> str:
    return "".join((value or "").split()).replace("-", "").upper().translate(_CONFUSABLE)


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
        BackupCode.objects.create(device=device, digest=_backup_digest(user.pk, raw))
    audit_record(actor=actor, action="accounts.backup_codes_generated", target=user, data={"replaced": replaced})
    if replaced:
        account_email_send(user=user, kind="backup_codes_regenerated")
    return codes


@transaction.atomic
def backup_code_use(*, device: BackupCodeDevice, token: str) -> bool:
    """True once per code: marks the matching unused code as used."""
    digest = _backup_digest(device.user_id, _backup_normalise(token))
    code = BackupCode.objects.select_for_update().filter(device=device, digest=digest, used_at__isnull=True).first()
    if code is None:
        return False
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    return True


def backup_codes_left(*, user) -> int:
    return BackupCode.objects.filter(device__user=user, used_at__isnull=True).count()
