"""Hearing reminder emails, 7 days and 1 day before: exactly once per hearing and threshold (ADR 0051).

The claim is a HearingReminder row (unique on hearing + threshold), written in one transaction with
the email's outbox row (common.mail) and the audit event. A second run, or a concurrent worker,
fails on the unique constraint (waiting for the first to commit) and queues nothing; a worker that
dies before commit leaves neither row, so the next beat run claims it again. Once committed, the
outbox delivers the email once (its sweep re-sends a lost message). A rescheduled hearing is a new
Hearing row and gets its own reminders; adjourned and cancelled hearings get none. The email says
only that a hearing is coming, and when.
"""

import datetime
import logging

from django.db import IntegrityError, transaction

from audit.actions import AuditAction
from audit.services import audit_record
from cases import selectors
from cases.models import Hearing, HearingReminder
from common.mail import email_send

logger = logging.getLogger(__name__)

REMINDER_EMAIL = "cases/email/hearing_reminder"


def hearing_reminder_send(*, hearing: Hearing, threshold: str) -> bool:
    """Claims (hearing, threshold) and queues the reminder email in one transaction; audited.
    False when another run claimed it already."""
    try:
        with transaction.atomic():
            reminder = HearingReminder.objects.create(hearing=hearing, threshold=threshold)
            email_send(user=hearing.case.respondent.user, template=REMINDER_EMAIL, objects={"hearing": hearing})
            audit_record(
                actor=None,
                actor_role="system",
                action=AuditAction.HEARING_REMINDER_SENT,
                target=reminder,
                case=hearing.case,
                data={"hearing_id": hearing.pk, "threshold": threshold},
            )
    except IntegrityError:
        return False
    return True


def hearing_reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Claims and queues every due reminder once; returns how many this run claimed."""
    sent = 0
    for hearing, threshold in selectors.hearing_reminders_due(now=now):
        try:
            sent += hearing_reminder_send(hearing=hearing, threshold=threshold)
        except Exception:  # one bad row must not stop the others; the next run retries it
            logger.exception("hearing reminder failed for hearing %s (%s)", hearing.pk, threshold)
    return sent
