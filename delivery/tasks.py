"""Celery tasks of the delivery app: thin, ids only, each named like the service it calls."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings


@shared_task(name="delivery.service_records_sweep_unconfirmed", route_queue="default")
def service_records_sweep_unconfirmed() -> int:
    """Beat, hourly: service emails with no delivery news for too long go to paper (and the clerk's queue)."""
    from delivery.services import service_records_sweep_unconfirmed as sweep

    return sweep(older_than=timedelta(hours=settings.DELIVERY_UNCONFIRMED_AFTER_HOURS))
