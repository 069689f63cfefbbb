"""Shared by the delivery tests: Mailgun-signed webhook payloads, a verified address, the dev mailer."""

import hashlib
import hmac
import json
import time
import uuid

from allauth.account.models import EmailAddress
from django.urls import reverse

SIGNING_KEY = "test-mailgun-webhook-signing-key"
WEBHOOK_URL = "/anymail/mailgun/tracking/"


def verify_email(user) -> None:
    """The account's address, confirmed (as allauth records it)."""
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def mailgun_signature(timestamp: str, token: str, key: str = SIGNING_KEY) -> str:
    return hmac.new(key.encode("ascii"), f"{timestamp}{token}".encode("ascii"), hashlib.sha256).hexdigest()


def mailgun_payload(
    *, event: str, message_id: str, key: str = SIGNING_KEY, token: str | None = None, timestamp=None, **event_data
) -> dict:
    """A Mailgun tracking webhook body as Mailgun posts it (shape recorded in anymail's own test suite)."""
    timestamp = str(int(timestamp if timestamp is not None else time.time()))
    token = token or uuid.uuid4().hex + uuid.uuid4().hex[:18]
    data = {
        "tags": [],
        "timestamp": float(timestamp) + 0.153125,
        "recipient-domain": "example.org",
        "id": "hTWCTD81RtiDN-" + token[:6],
        "user-variables": {},
        "log-level": "info",
        "envelope": {"sender": "no-reply@portal.example.org", "transport": "smtp", "targets": "respondent@example.org"},
        "message": {
            "headers": {
                "to": "respondent@example.org",
                "message-id": message_id.strip("<>"),
                "from": "no-reply@portal.example.org",
                "subject": "You have a new letter from the court",
            },
            "attachments": [],
            "size": 809,
        },
        "recipient": "respondent@example.org",
        "event": event,
    }
    data.update(event_data)
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": mailgun_signature(timestamp, token, key)},
        "event-data": data,
    }


def delivered_payload(message_id: str, **kwargs) -> dict:
    status = {
        "tls": True,
        "mx-host": "smtp-in.example.org",
        "attempt-no": 1,
        "description": "",
        "code": 250,
        "message": "OK",
    }
    return mailgun_payload(event="delivered", message_id=message_id, **{"delivery-status": status}, **kwargs)


def hard_bounce_payload(message_id: str, **kwargs) -> dict:
    status = {
        "attempt-no": 1,
        "description": "",
        "code": 550,
        "message": "5.1.1 The email account that you tried to reach does not exist.",
    }
    return mailgun_payload(
        event="failed",
        message_id=message_id,
        severity="permanent",
        reason="bounce",
        **{"delivery-status": status},
        **kwargs,
    )


def soft_bounce_payload(message_id: str, **kwargs) -> dict:
    status = {
        "attempt-no": 3,
        "description": "No MX for example.org",
        "retry-seconds": 1800,
        "code": 498,
        "message": "No MX for example.org",
    }
    return mailgun_payload(
        event="failed",
        message_id=message_id,
        severity="temporary",
        reason="generic",
        **{"delivery-status": status},
        **kwargs,
    )


def post_webhook(client, payload: dict):
    return client.post(WEBHOOK_URL, data=json.dumps(payload), content_type="application/json")


def dev_mailer(settings, tmp_path, *, report_delivered: bool = True) -> None:
    """Sends email through the development backend (message ids, "delivered" reported after commit)."""
    settings.MAILERS = {
        "default": {
            "BACKEND": "delivery.backends.DevelopmentEmailBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail"), "report_delivered": report_delivered},
        }
    }


def consent_over_http(client) -> None:
    response = client.post(reverse("delivery:consent"), {"agree": "on"}, HTTP_USER_AGENT="TestBrowser/1.0")
    assert response.status_code == 302
