"""Celery tasks of the sms app: thin, ids only, each named like the service it calls, on the `email`
queue (the people-messaging queue: texts and emails wait behind neither letters nor scans)."""

from celery import shared_task


@shared_task(name="sms.text_deliver", route_queue="email")
def text_deliver(text_id: int) -> bool:
    """Sends one outbox text if it is due; a second run does nothing."""
    from sms.services.outbox import text_deliver as deliver

    return deliver(text_id=text_id)


@shared_task(name="sms.texts_send_due", route_queue="email")
def texts_send_due() -> int:
    """Beat, every 5 minutes: sends texts held for quiet hours once 08:00 comes, and re-sends stuck ones."""
    from sms.services.outbox import texts_send_due as send_due

    return send_due()


@shared_task(name="sms.text_reminders_send_due", route_queue="email")
def text_reminders_send_due() -> int:
    """Beat, every 15 minutes: claims the due 7-day and 1-day reminder texts and queues each once."""
    from sms.services.hearings import text_reminders_send_due as send_due

    return send_due()
