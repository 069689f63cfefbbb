"""Celery tasks of the notices app: thin, ids only, idempotent (see services and mailing)."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings


@shared_task(name="notices.tasks.render_notice")
def render_notice(notice_id: int) -> None:
    """Renders one notice's letter (render queue); re-running it overwrites the same PDF."""
    from notices.services import notice_render

    notice_render(notice_id=notice_id)


@shared_task(name="notices.tasks.mailing_build_print_file")
def mailing_build_print_file(print_file_id: int) -> None:
    """Builds one print file of a mailing batch (render queue); a built file is left alone."""
    from notices.mailing import print_file_build

    print_file_build(print_file_id=print_file_id)


@shared_task(name="notices.tasks.send_notice_alert")
def send_notice_alert(notice_id: int) -> None:
    """Emails the account holder that a letter is in the inbox (email queue); no case details."""
    from notices.services import notice_alert_send

    notice_alert_send(notice_id=notice_id)


@shared_task(name="notices.tasks.sweep_stuck")
def sweep_stuck() -> None:
    """Periodic: re-sends notices stuck in `requested` and print files stuck in `pending`."""
    from notices.mailing import stuck_print_files_requeue
    from notices.services import stuck_notices_requeue

    older_than = timedelta(seconds=settings.NOTICES_STUCK_AFTER_SECONDS)
    stuck_notices_requeue(older_than=older_than)
    stuck_print_files_requeue(older_than=older_than)
