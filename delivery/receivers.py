"""Subscriptions (connected in DeliveryConfig.ready): the mail provider's events (anymail), the email
outbox's outcomes (common.signals) and allauth's confirmed addresses. Each calls one service."""

from django.contrib.auth import get_user_model

from delivery import services


def on_tracking(sender, *, event, esp_name: str, **kwargs) -> None:
    """A delivery event from the provider's signed webhook (or the development backend)."""
    services.delivery_event_ingest(provider=esp_name, event=event)


def on_email_sent(sender, *, email_id: int, message_id: str, sent_at, **kwargs) -> None:
    """An outbox email was accepted by the backend: a notice's service record becomes `sent`."""
    services.service_record_email_sent(email_id=email_id, message_id=message_id, sent_at=sent_at)


def on_email_failed(sender, *, email_id: int, reason: str, **kwargs) -> None:
    """An outbox email will never be sent: a notice it served goes to paper."""
    services.service_record_email_failed(email_id=email_id, reason=reason)


def on_email_confirmed(sender, *, email_address, **kwargs) -> None:
    """An address was confirmed: electronic service starts or comes back when consent stands."""
    user = get_user_model()._default_manager.filter(pk=email_address.user_id).first()
    if user is not None:
        services.service_email_verified(user=user)
