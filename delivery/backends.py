"""The embedded development mail backend: writes each message to a file (like Django's file backend),
gives it a provider message id, and reports it delivered through the same path as a real provider's
signed webhook (anymail's `tracking` signal), so a notice served by email shows as delivered in the demo.

MAILERS = {"default": {"BACKEND": "delivery.backends.DevelopmentEmailBackend",
                       "OPTIONS": {"file_path": "var/mail"}}}

`development_event` builds the same kind of event for `manage.py delivery_simulate_bounce`.
"""

import uuid
from datetime import UTC, datetime

from anymail.message import AnymailRecipientStatus, AnymailStatus
from anymail.signals import AnymailTrackingEvent, tracking
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend
from django.db import transaction

ESP_NAME = "Development"


def development_event(*, event_type: str, message_id: str, recipient: str = "", description: str = ""):
    """An anymail tracking event as the development provider reports it (a fresh event id each time)."""
    return AnymailTrackingEvent(
        event_type=event_type,
        timestamp=datetime.now(tz=UTC),
        event_id=f"dev-{uuid.uuid4()}",
        message_id=message_id,
        recipient=recipient,
        description=description,
        esp_event=None,
    )


def report(event) -> None:
    """Sends the event down the provider-event path (delivery.receivers.on_tracking)."""
    tracking.send(sender=DevelopmentEmailBackend, event=event, esp_name=ESP_NAME)


class DevelopmentEmailBackend(FileEmailBackend):
    """File backend + message ids + a "delivered" event after the sending transaction commits."""

    def __init__(self, *args, report_delivered: bool = True, **kwargs):
        self.report_delivered = report_delivered
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        for message in email_messages:
            message_id = f"<{uuid.uuid4().hex}@portal.invalid>"
            message.extra_headers["Message-ID"] = message_id
            status = AnymailStatus()
            status.set_recipient_status(
                {to: AnymailRecipientStatus(message_id=message_id, status="sent") for to in message.recipients()}
            )
            message.anymail_status = status
        count = super().send_messages(email_messages)
        if self.report_delivered:
            for message in email_messages:
                event = development_event(
                    event_type="delivered",
                    message_id=message.anymail_status.message_id,
                    recipient=", ".join(message.recipients()),
                )
                # After commit: the outbox row that names this message id is saved by then.
                transaction.on_commit(lambda event=event: report(event), robust=True)
        return count
