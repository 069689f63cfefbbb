"""Celery tasks of the cases app: thin, ids only, each named like the service it calls and routed to
the queue it declares (portal/celery.py). A task imports its service when it runs: services import
this module at their top to queue work."""

from celery import shared_task


@shared_task(name="cases.hearing_reminders_send_due", route_queue="email")
def hearing_reminders_send_due() -> int:
    """Beat, every 15 minutes: claims the due 7-day and 1-day hearing reminders and queues each email once."""
    from cases.services.reminders import hearing_reminders_send_due as send_due

    return send_due()


@shared_task(name="cases.attendance_check_ins_send_due", route_queue="email")
def attendance_check_ins_send_due() -> int:
    """Beat, hourly: claims the due "Did you go to your hearing?" emails and queues each once."""
    from cases.services.attendance import attendance_check_ins_send_due as send_due

    return send_due()


@shared_task(name="cases.record_zip_build", route_queue="default")
def record_zip_build(case_id: int, language: str) -> int | None:
    """Stores the whole-record ZIP of the case's current version once; idempotent."""
    from cases.services.record_zips import record_zip_build as build

    stored = build(case_id=case_id, language=language)
    return stored.pk if stored else None


@shared_task(name="cases.record_zips_sweep", route_queue="default")
def record_zips_sweep() -> int:
    """Beat, hourly: deletes stuck builds, superseded archives and archives unused for 30 days."""
    from cases.services.record_zips import record_zips_sweep as sweep

    return sweep()
