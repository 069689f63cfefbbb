"""What a session may do and have in the accounts app: a sign-in method only the signed-in person's own
(else 404), and adding a sign-in method only under the rules of docs/adr/0041 and 0046."""

from django.conf import settings
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.selectors import factor_recovery_unlocked, reauthenticated_recently, user_is_enrolled

FACTOR_MODELS = {"totp": TOTPDevice, "passkey": WebAuthnCredential}


def access_factor(*, user, kind: str, factor_id: int):
    """A confirmed sign-in method of `user` ("totp" app or "passkey") by id; 404 for anyone else's or none."""
    model = FACTOR_MODELS.get(kind)
    device = model.objects.filter(user=user, pk=factor_id, confirmed=True).first() if model else None
    if device is None:
        raise Http404
    return device


def access_factor_add(request) -> str | None:
    """None when this session may add a sign-in method, else what it must do first. A first one: at
    registration, or after a support reset once this session used the emailed link ("recovery"). Another
    one: a verified session re-authenticated in the last 5 minutes ("reauthenticate"). Never the password
    alone. Used by the app and passkey pages and by both passkey registration endpoints."""
    if not user_is_enrolled(user=request.user):
        return None if factor_recovery_unlocked(request) else "recovery"
    recent = reauthenticated_recently(request, settings.REAUTHENTICATION_SECONDS)
    return None if request.user.is_verified() and recent else "reauthenticate"
