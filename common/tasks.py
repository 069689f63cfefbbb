"""The email task: thin, ids only, on the `email` queue (common.mail does the work)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings


@shared_task(name="common.email_deliver", route_queue="email")
def email_deliver(email_id: int) -> bool:
    """Sends one outbox email in its recipient's language; a second run does nothing."""
    from common.mail import email_deliver as deliver

    return deliver(email_id=email_id)


@shared_task(name="common.email_sweep_stuck", route_queue="email")
def email_sweep_stuck() -> int:
    """Periodic: re-queues outbox emails whose message was lost or whose send failed."""
    from common.mail import email_sweep_stuck as sweep

    return sweep(older_than=timedelta(seconds=settings.EMAIL_STUCK_AFTER_SECONDS))
