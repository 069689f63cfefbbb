"""Celery tasks of the notices app: thin, ids only, idempotent, each named like the service it calls.

Each imports its service when it runs (services import this module at the top to queue tasks).
The inbox alert is an email like any other: `common.mail.email_send` and its task.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings


@shared_task(name="notices.notice_render", route_queue="render")
def notice_render(notice_id: int) -> None:
    """Renders one notice's letter; re-running it overwrites the same PDF."""
    from notices import services

    services.notice_render(notice_id=notice_id)


@shared_task(name="notices.print_file_build", route_queue="render")
def print_file_build(print_file_id: int) -> None:
    """Builds one print file of a mailing batch; a built file is left alone."""
    from notices import services

    services.print_file_build(print_file_id=print_file_id)


@shared_task(name="notices.notices_sweep_stuck", route_queue="default")
def notices_sweep_stuck() -> None:
    """Periodic: re-sends notices stuck in `requested` and print files stuck in `pending`."""
    from notices import services

    services.notices_sweep_stuck(older_than=timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS))
