"""Celery tasks of the cases app. Tasks take ids only and call one function that does the work."""

from celery import shared_task

from cases.reminders import hearing_reminders_send_due


@shared_task(name="cases.tasks.send_hearing_reminders")
def send_hearing_reminders() -> int:
    """Beat, every 15 minutes: 7-day and 1-day hearing reminders, each sent exactly once (email queue)."""
    return hearing_reminders_send_due()
