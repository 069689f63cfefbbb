"""Celery tasks of the cases app. Tasks take ids only and call one function that does the work."""

from celery import shared_task

from cases.record_zip_store import record_zip_build, record_zips_sweep
from cases.reminders import hearing_reminders_send_due


@shared_task(name="cases.tasks.send_hearing_reminders")
def send_hearing_reminders() -> int:
    """Beat, every 15 minutes: 7-day and 1-day hearing reminders, each sent exactly once (email queue)."""
    return hearing_reminders_send_due()


@shared_task(name="cases.tasks.build_record_zip")
def build_record_zip(case_id: int, language: str) -> int | None:
    """Stores the whole-record ZIP of the case's current version once (default queue); idempotent."""
    stored = record_zip_build(case_id=case_id, language=language)
    return stored.pk if stored else None


@shared_task(name="cases.tasks.sweep_record_zips")
def sweep_record_zips() -> int:
    """Beat, hourly: deletes stuck builds, superseded archives and archives unused for 30 days."""
    return record_zips_sweep()
