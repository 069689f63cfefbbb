"""The one Celery app. Queues: `scan` (virus scans), `render` (letters), `email`, `default`.

A mass mailing fills `render`; a virus scan waits on `scan` alone, so it is never delayed by it.
Tasks take ids only (no personal data), are idempotent, and are enqueued on commit
(`transaction.on_commit`). The broker is not the guarantee: job state lives in the database and a
periodic sweep re-sends anything stuck.
"""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")

QUEUES = ("default", "scan", "render", "email")


def _configure() -> None:
    from django.conf import settings

    broker_url = settings.CELERY_BROKER_URL
    transport_options: dict = {"visibility_timeout": settings.CELERY_VISIBILITY_TIMEOUT}
    if broker_url.startswith("filesystem://"):
        folder = settings.BROKER_DIR
        for sub in ("queue", "processed", "control"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        transport_options = {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
            "store_processed": False,
        }
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=transport_options,
        broker_connection_retry_on_startup=True,
        task_always_eager=settings.CELERY_TASK_ALWAYS_EAGER,
        task_eager_propagates=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue="default",
        task_queues=[Queue(name) for name in QUEUES],
        task_routes={
            "filings.tasks.*": {"queue": "scan"},
            "notices.tasks.render_*": {"queue": "render"},
            "notices.tasks.mailing_*": {"queue": "render"},
            "*.tasks.send_*": {"queue": "email"},
        },
        timezone="UTC",
        beat_schedule=getattr(settings, "CELERY_BEAT_SCHEDULE", {}),
        beat_schedule_filename=str(settings.VAR_DIR / "celerybeat-schedule"),
    )


_configure()
app.autodiscover_tasks()
