"""How a view gets an object of the accounts app: only the signed-in person's own, else 404."""

from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

FACTOR_MODELS = {"totp": TOTPDevice, "passkey": WebAuthnCredential}


def access_factor(*, user, kind: str, factor_id: int):
    """A confirmed sign-in method of `user` ("totp" app or "passkey") by id; 404 for anyone else's or none."""
    model = FACTOR_MODELS.get(kind)
    device = model.objects.filter(user=user, pk=factor_id, confirmed=True).first() if model else None
    if device is None:
        raise Http404
    return device
