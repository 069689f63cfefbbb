"""The one Celery app. Queues: `scan` (virus scans), `render` (letters), `email`, `default`.

A mass mailing fills `render`; a virus scan waits on `scan` alone, so it is never delayed by it.
Tasks take ids only (no personal data), are idempotent, and are enqueued on commit
(`transaction.on_commit`). The broker is not the guarantee: job state lives in the database and a
periodic sweep re-sends anything stuck.
"""

import logging
import os
import warnings

from celery import Celery, Task
from kombu import Queue
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
logger = logging.getLogger(__name__)
if os.environ.get("PORTAL_DEMO_AS_ROOT") == "1":
    # `make run` as root (portal/launch.py said so once): not Celery's superuser warning on every start.
    warnings.filterwarnings("ignore", message="You're running the worker with superuser privileges")


class PortalTask(Task):
    """Sending is best effort (tests/faults, docs/adr/0090): with the broker down, the work is already
    saved in the database and the sweeps re-send it, so a failed send is logged and never turns a
    saved upload or filing into an error page. Arguments are not logged (some carry an address)."""

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except OperationalError as exc:
            logger.error("could not send task %s to the broker (%s): the sweep re-sends it", self.name, exc)
            return None


app = Celery("portal", task_cls=PortalTask)


def route_to_declared_queue(name, args, kwargs, options, task=None, **kw):
    """Each task names its queue where it is defined: `@shared_task(name=..., route_queue="email")`.
    (Celery 5.6 deprecates the `queue` task attribute in favour of task_routes; this router is that.)
    There is no routing by name pattern: portal/tests/test_task_routes.py fails on a task without one."""
    queue = getattr(task, "route_queue", None)
    return {"queue": queue} if queue else None


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
        # A prefork child above this (KiB) is replaced once its task is done: WeasyPrint keeps a few MB per
        # print file (bench/bench_notices.py: 348 -> 427 MB over 10,000 letters), so long batches stay bounded.
        worker_max_memory_per_child=settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD,
        task_default_queue="default",
        task_queues=[Queue(name) for name in QUEUES],
        task_routes=(route_to_declared_queue,),
        timezone="UTC",
        beat_schedule=getattr(settings, "CELERY_BEAT_SCHEDULE", {}),
        beat_schedule_filename=str(settings.VAR_DIR / "celerybeat-schedule"),
    )


_configure()
app.autodiscover_tasks()
