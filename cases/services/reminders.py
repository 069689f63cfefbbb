"""Hearing reminder emails, 7 days and 1 day before: exactly once per hearing and threshold.

The claim is a HearingReminder row (unique on hearing + threshold) inserted in the same transaction
that sends the email. A second run, or a concurrent worker, fails on the unique constraint (waiting
for the first to commit) and sends nothing; a worker that dies before commit leaves no row, so the
next beat run sends it. A rescheduled hearing is a new Hearing row and gets its own reminders;
adjourned and cancelled hearings get none. The email says only that a hearing is coming, and when.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from audit.actions import AuditAction
from audit.services import audit_record
from cases import plain_language as words
from cases import selectors
from cases.models import Hearing, HearingReminder

logger = logging.getLogger(__name__)


def _language(respondent) -> str:
    available = {code for code, _name in settings.LANGUAGES}
    return respondent.preferred_language if respondent.preferred_language in available else settings.LANGUAGE_CODE


def _send_email(hearing: Hearing) -> None:
    respondent = hearing.case.respondent
    with translation.override(_language(respondent)):
        context = {
            "date": words.court_date(hearing.starts_at, hearing.case.court),
            "sign_in_url": settings.SITE_URL.rstrip("/") + "/cases/",
            "portal_name": settings.PORTAL_NAME,
            "support_phone": settings.SUPPORT_PHONE,
        }
        subject = render_to_string("cases/email/hearing_reminder_subject.txt", context).strip()
        body = render_to_string("cases/email/hearing_reminder.txt", context)
    send_mail(subject, body, None, [respondent.user.email])


def hearing_reminder_send(*, hearing: Hearing, threshold: str) -> bool:
    """Claims (hearing, threshold) and sends the reminder in one transaction; False if already claimed."""
    try:
        with transaction.atomic():
            reminder = HearingReminder.objects.create(hearing=hearing, threshold=threshold)
            _send_email(hearing)
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
    """Sends every due reminder once; returns how many this run sent."""
    sent = 0
    for hearing, threshold in selectors.hearing_reminders_due(now=now):
        try:
            sent += hearing_reminder_send(hearing=hearing, threshold=threshold)
        except Exception:  # one bad address must not stop the others; the next run retries it
            logger.exception("hearing reminder failed for hearing %s (%s)", hearing.pk, threshold)
    return sent
