"""Checking an Amazon SNS message's signature, as AWS documents it ("Verifying the signatures of
Amazon SNS messages"): the signing certificate must come over HTTPS from an sns.<region>.amazonaws.com
host; the string to sign is the message's fields, by name, each "Name\\nvalue\\n"; SignatureVersion 1
signs it with SHA1withRSA, version 2 with SHA256withRSA. Certificates are cached per URL.
The topic must be ours (SMS_SNS_TOPIC_ARN), so a message signed by AWS for someone else's topic fails.
"""

import base64
import functools
import re
import urllib.request
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings

_CERT_HOST = re.compile(r"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$")
_NOTIFICATION_FIELDS = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
_SUBSCRIPTION_FIELDS = ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type")
_HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}


class SnsSignatureError(Exception):
    """The message is not a genuine SNS message for our topic."""


def is_aws_url(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme == "https" and bool(_CERT_HOST.match(parts.hostname or ""))


@functools.lru_cache(maxsize=8)
def fetch_certificate(url: str) -> bytes:
    """The PEM certificate at an AWS SNS URL."""
    if not is_aws_url(url):
        raise SnsSignatureError("certificate URL is not an AWS SNS address")
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  # nosec B310
        return response.read()


def string_to_sign(message: dict) -> bytes:
    fields = _NOTIFICATION_FIELDS if message.get("Type") == "Notification" else _SUBSCRIPTION_FIELDS
    return "".join(f"{name}\n{message[name]}\n" for name in fields if name in message).encode()


def verify(message: dict) -> None:
    """Raises SnsSignatureError unless `message` is signed by SNS and is about our topic."""
    if not settings.SMS_SNS_TOPIC_ARN or message.get("TopicArn") != settings.SMS_SNS_TOPIC_ARN:
        raise SnsSignatureError("not our topic")
    algorithm = _HASHES.get(str(message.get("SignatureVersion")))
    cert_url = message.get("SigningCertURL", "")
    if algorithm is None or not is_aws_url(cert_url) or not cert_url.endswith(".pem"):
        raise SnsSignatureError("bad signature version or certificate URL")
    try:
        certificate = x509.load_pem_x509_certificate(fetch_certificate(cert_url))
        signature = base64.b64decode(message.get("Signature", ""), validate=True)
        certificate.public_key().verify(signature, string_to_sign(message), padding.PKCS1v15(), algorithm())
    except (InvalidSignature, ValueError, TypeError, OSError) as exc:
        raise SnsSignatureError(type(exc).__name__) from exc
