"""Hearing texts: at once when a hearing is added, moved or called off; reminders 7 days and 1 day
before, each exactly once (docs/adr/0105).

- Quiet hours: a text decided between 21:00 and 08:00 at the court waits until 08:00 (`not_before`).
- Exactly once: a reminder is claimed by a TextReminder row (unique on hearing + threshold) in the
  same transaction as its outbox row, as the email reminders are (ADR 0051). A second beat run, or a
  concurrent worker, fails on the unique index and queues nothing.
- A family phone: when the same event (kind and hearing time) is already going to the number for
  someone else, the person is added to that text's recipients instead of a second text being
  written. The number row is locked while deciding, so two family members' events cannot both write.
- Nothing is texted about a hearing that has begun, and a held text is dropped if the hearing
  begins first (`expires_at`).
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Hearing
from sms import selectors
from sms.models import MobileNumber, OutboundText, TextReminder
from sms.scheduling import next_allowed
from sms.services.outbox import text_queue
from sms.wording import hearing_text

logger = logging.getLogger(__name__)

Kind = OutboundText.Kind
CHANGE_KINDS = {
    "created": Kind.HEARING_ADDED,
    "rescheduled": Kind.HEARING_MOVED,
    "cancelled": Kind.HEARING_CANCELLED,
    "adjourned": Kind.HEARING_CANCELLED,
}
REMINDER_KINDS = {TextReminder.Threshold.SEVEN_DAYS: Kind.REMINDER_7D, TextReminder.Threshold.ONE_DAY: Kind.REMINDER_1D}


def _event_key(kind: str, hearing: Hearing) -> str:
    return f"{kind}:{hearing.starts_at.astimezone(datetime.UTC):%Y-%m-%dT%H:%MZ}"


def hearing_text_queue(*, hearing: Hearing, kind: str, now: datetime.datetime | None = None) -> OutboundText | None:
    """Queues the text about `hearing` to its respondent's verified number, or joins the same text
    already going to that number for a family member; None when nobody is to be texted."""
    now = now or timezone.now()
    user = hearing.case.respondent.user
    if user is None or not user.is_active or hearing.starts_at <= now:
        return None
    with transaction.atomic():
        mobile = selectors.mobile_of_user_for_update(user=user)
        if mobile is None or mobile.state != MobileNumber.State.ACTIVE:
            return None
        key = _event_key(kind, hearing)
        if mobile.shared:
            window = datetime.timedelta(hours=settings.SMS_SHARED_NUMBER_WINDOW_HOURS)
            shared = selectors.shared_text_for(mobile=mobile, kind=kind, event_key=key, user=user, since=now - window)
            if shared is not None:
                shared.recipients.add(user)
                return shared
        court = hearing.case.court
        language = selectors.text_language_of_user(user, hearing.case.respondent)
        return text_queue(
            to=str(mobile.number),
            mobile=mobile,
            kind=kind,
            body=hearing_text(kind=kind, starts_at=hearing.starts_at, court=court, language=language),
            language=language,
            recipients=[user],
            event_key=key,
            not_before=next_allowed(now, court.tz),
            expires_at=hearing.starts_at,
            now=now,
        )


def hearing_event_text(*, hearing_id: int, change: str, now: datetime.datetime | None = None) -> OutboundText | None:
    """A clerk added, moved, adjourned or cancelled a hearing (cases' `hearing_changed`): one text at
    once, or at 08:00 at the court if it is night there. An edit texts only if it moved the time."""
    kind = CHANGE_KINDS.get(change)
    if change == "changed" and selectors.hearing_time_changed(hearing_id=hearing_id):
        kind = Kind.HEARING_MOVED
    if kind is None:
        return None
    hearing = selectors.hearing_for_text(hearing_id=hearing_id)
    if hearing is None:
        return None
    return hearing_text_queue(hearing=hearing, kind=kind, now=now)


def text_reminder_send(
    *, hearing: Hearing, threshold: str, before: datetime.timedelta, now: datetime.datetime | None = None
) -> bool:
    """Claims (hearing, threshold) and queues the reminder text in one transaction. False when another
    run claimed it already. A hearing set after the threshold had passed got its "new hearing" text
    then: the claim is kept without a second text."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claim = TextReminder.objects.create(hearing=hearing, threshold=threshold, claimed_at=now)
            if hearing.created_at > hearing.starts_at - before:
                return True
            claim.text = hearing_text_queue(hearing=hearing, kind=REMINDER_KINDS[threshold], now=now)
            if claim.text is not None:
                claim.save(update_fields=["text"])
    except IntegrityError:
        return False
    return True


def text_reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Claims and queues every due reminder text once; returns how many this run claimed."""
    now = now or timezone.now()
    claimed = 0
    for hearing, threshold, before in selectors.text_reminders_due(now=now):
        try:
            claimed += text_reminder_send(hearing=hearing, threshold=threshold, before=before, now=now)
        except Exception:  # one bad row must not stop the others; the next run retries it
            logger.exception("reminder text failed for hearing %s (%s)", hearing.pk, threshold)
    return claimed
