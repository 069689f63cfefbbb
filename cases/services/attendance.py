"""Attendance check-in (ADR 0111): "Did you go to your hearing?", asked the day after on the dashboard and
once by email; the answer is stored for the court's clerks.

The email is claimed like a hearing reminder: the check-in row's `emailed_at` is set by one conditional
UPDATE in the transaction that writes the outbox row and the audit event, so a second run or a second
worker claims nothing (exactly once), and an answer given on the dashboard first makes the email needless.

The answer is never used against the person: this module is the only writer, and it changes nothing but
the check-in row (no hearing or case status, no notice, no task).
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases import selectors
from cases.models import AttendanceCheckIn, Hearing
from common.mail import email_send

logger = logging.getLogger(__name__)

CHECK_IN_EMAIL = "cases/email/attendance_check_in"


def attendance_check_in_email(*, hearing: Hearing) -> bool:
    """Claims the hearing's check-in email and queues it, in one transaction; audited. False when it was
    claimed already or the respondent has answered."""
    with transaction.atomic():
        check_in, _created = AttendanceCheckIn.objects.get_or_create(hearing=hearing)
        claimed = AttendanceCheckIn.objects.filter(pk=check_in.pk, emailed_at__isnull=True, answer="").update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        email_send(user=hearing.case.respondent.user, template=CHECK_IN_EMAIL, objects={"hearing": hearing})
        audit_record(
            actor=None,
            actor_role="system",
            action=AuditAction.ATTENDANCE_CHECK_IN_EMAILED,
            target=check_in,
            case=hearing.case,
            data={"hearing_id": hearing.pk},
        )
    return True


def attendance_check_ins_send_due(*, now: datetime.datetime | None = None) -> int:
    """Claims and queues every due check-in email once; returns how many this run claimed."""
    sent = 0
    for hearing in selectors.attendance_check_ins_due(now=now):
        try:
            sent += attendance_check_in_email(hearing=hearing)
        except Exception:  # one bad row must not stop the others; the next run retries it
            logger.exception("attendance check-in email failed for hearing %s", hearing.pk)
    return sent


@audited(AuditAction.ATTENDANCE_CHECK_IN_ANSWERED, AuditAction.ATTENDANCE_CHECK_IN_CHANGED)
def attendance_check_in_answer(
    *, hearing: Hearing, answer: str, actor, now: datetime.datetime | None = None
) -> AttendanceCheckIn:
    """Stores the respondent's answer (from the day after the hearing; changeable for CHECK_IN_CHANGE_DAYS);
    audited with the old and new answer. Raises ValidationError when the question is not open."""
    now = now or timezone.now()
    answer = AttendanceCheckIn.Answer(answer)
    AttendanceCheckIn.objects.get_or_create(hearing=hearing)
    check_in = AttendanceCheckIn.objects.select_for_update().get(hearing=hearing)
    if not selectors.check_in_state(hearing=hearing, now=now).can_answer:
        raise ValidationError(_("This question cannot be answered now."), code="check_in_closed")
    previous = check_in.answer
    check_in.answer, check_in.answered_by, check_in.answered_at = answer, actor, now
    check_in.first_answered_at = check_in.first_answered_at or now
    check_in.save(update_fields=["answer", "answered_by", "answered_at", "first_answered_at"])
    audit_record(
        actor=actor,
        action=AuditAction.ATTENDANCE_CHECK_IN_CHANGED if previous else AuditAction.ATTENDANCE_CHECK_IN_ANSWERED,
        target=check_in,
        case=hearing.case,
        data={"hearing_id": hearing.pk, "answer": answer.value, "previous": previous},
    )
    return check_in
