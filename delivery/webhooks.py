"""The mail provider's signed delivery webhook: Mailgun, through django-anymail.

anymail checks Mailgun's HMAC-SHA256 of timestamp + token with the webhook signing key (and HTTP basic
auth with ANYMAIL["WEBHOOK_SECRET"] when set) and sends each event to `anymail.signals.tracking`
(delivery.receivers.on_tracking). Mailgun's signature does not cover the body, so two more checks:
- the timestamp must be recent (DELIVERY_WEBHOOK_MAX_AGE_SECONDS; Mailgun retries a failed webhook for
  8 hours, so the default window is 9) and not in the future beyond a little clock skew;
- the token is the event id (anymail's normalisation), stored unique with every event, so a replayed
  request, or a captured signature block with another body, is a duplicate and changes nothing.
A bad signature or a stale timestamp answers 400 and stores nothing.
"""

import json
import time

from anymail.exceptions import AnymailWebhookValidationFailure
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from django.conf import settings

CLOCK_SKEW_SECONDS = 300


def _timestamp(request) -> float:
    try:
        if request.content_type == "application/json":
            return float(json.loads(request.body.decode("utf-8"))["signature"]["timestamp"])
        return float(request.POST["timestamp"])
    except (KeyError, ValueError, TypeError, UnicodeDecodeError) as err:
        raise AnymailWebhookValidationFailure("Mailgun webhook without a timestamp") from err


class MailgunServiceWebhookView(MailgunTrackingWebhookView):
    """anymail's Mailgun tracking webhook, refusing stale and future timestamps."""

    def validate_request(self, request):
        # anymail calls every validate_request in the class chain (basic auth, then the signature).
        age = time.time() - _timestamp(request)
        if age > settings.DELIVERY_WEBHOOK_MAX_AGE_SECONDS or age < -CLOCK_SKEW_SECONDS:
            raise AnymailWebhookValidationFailure("Mailgun webhook timestamp outside the accepted window")
