"""The text outbox: one way to send a text (docs/adr/0105), built like common.mail's email outbox.

- `text_queue` writes an OutboundText row in the caller's transaction and, when the text may go now,
  queues `sms.text_deliver` on commit; a text held for quiet hours waits for `texts_send_due`
  (beat, every 5 minutes), which also re-sends a row whose task was lost or whose send failed.
- `text_deliver` claims the row under a row lock (skip locked), checks it is still wanted (number
  active, someone still opted in, hearing not begun), hands it to the backend, and records the
  provider's id, or the failure.
- Two failed sends in a row to a number mark it failed (`number_send_failed`): audited, every person
  opted in at it gets an email, the dashboard shows a banner, and nothing more is sent until the
  number is verified again.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from audit.actions import AuditAction
from audit.services import audit_record
from common.mail import email_send
from sms import selectors, tasks
from sms.backends import SmsOptedOut, SmsRejected, get_backend
from sms.models import MobileNumber, OutboundText, TextSubscription
from sms.segments import count_segments

logger = logging.getLogger(__name__)

Kind = OutboundText.Kind
HEARING_KINDS = {Kind.REMINDER_7D, Kind.REMINDER_1D, Kind.HEARING_ADDED, Kind.HEARING_MOVED, Kind.HEARING_CANCELLED}
FAILED_NUMBER_EMAIL = "sms/email/number_failed"
REDACTED_CODE = "[code removed after sending]"


def text_queue(
    *,
    to: str,
    kind: str,
    body: str,
    language: str,
    mobile: MobileNumber | None = None,
    recipients=(),
    event_key: str = "",
    not_before: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> OutboundText:
    """Queues one text (sent after the current transaction commits, or once `not_before` has passed)."""
    now = now or timezone.now()
    count = count_segments(body)
    text = OutboundText.objects.create(
        mobile=mobile,
        to=to,
        kind=kind,
        body=body,
        language=language,
        event_key=event_key,
        segments=count.segments,
        encoding=count.encoding,
        not_before=not_before or now,
        expires_at=expires_at,
        created_at=now,
    )
    if recipients:
        through = OutboundText.recipients.through
        through.objects.bulk_create([through(outboundtext_id=text.pk, user_id=user.pk) for user in recipients])
    if text.not_before <= now:
        text_id = text.pk
        transaction.on_commit(lambda: tasks.text_deliver.delay(text_id), robust=True)
    return text


# Someone the text is for is still opted in at its number (checked when it is sent, not when queued).
_opted_in = TextSubscription.objects.filter(
    mobile=OuterRef("mobile"),
    state=TextSubscription.State.VERIFIED,
    user__in=OutboundText.recipients.through.objects.filter(outboundtext=OuterRef(OuterRef("pk"))).values("user"),
)


def _skip_reason(text: OutboundText, now: datetime.datetime) -> str:
    if text.expires_at and now >= text.expires_at:
        return "the hearing has begun"
    if text.kind not in HEARING_KINDS or text.mobile is None:
        return ""  # a code or a reply: the person just asked for it
    if text.mobile.state != MobileNumber.State.ACTIVE:
        return f"number {text.mobile.state}"
    return "" if text.opted_in else "nobody is opted in at this number any more"


def _send(text: OutboundText) -> None:
    """Hands the text to the backend and records the outcome on the row (not saved)."""
    text.attempts += 1
    try:
        sent = get_backend().send(to=text.to, body=text.body)
    except SmsOptedOut:
        text.state, text.last_error = OutboundText.State.SKIPPED, "opted out at the provider"
        if text.mobile is not None:
            number_stop(mobile=text.mobile, via="provider")
    except SmsRejected as exc:
        text.state, text.last_error = OutboundText.State.FAILED, f"rejected: {exc}"[:200]
    except Exception as exc:  # provider down, network: kept for the sweep, given up after SMS_MAX_ATTEMPTS
        logger.warning("text %s (%s) not sent: %s", text.pk, text.kind, type(exc).__name__)
        text.last_error = type(exc).__name__[:200]
        if text.attempts >= settings.SMS_MAX_ATTEMPTS:
            text.state = OutboundText.State.FAILED
    else:
        text.state, text.sent_at, text.last_error = OutboundText.State.SENT, timezone.now(), ""
        text.provider, text.provider_message_id = sent.provider, sent.message_id


def _after_send(text: OutboundText) -> None:
    if text.mobile is None:
        return
    if text.state == OutboundText.State.FAILED:
        number_send_failed(mobile=text.mobile)
    elif text.state == OutboundText.State.SENT and text.mobile.failed_sends:
        MobileNumber.objects.filter(pk=text.mobile_id).update(failed_sends=0)


def text_deliver(*, text_id: int, now: datetime.datetime | None = None) -> bool:
    """Sends one queued, due text (worker). False when it was sent already, is not due, or is no longer wanted."""
    now = now or timezone.now()
    with transaction.atomic():
        text = (
            OutboundText.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("mobile")
            .filter(pk=text_id, state=OutboundText.State.QUEUED, not_before__lte=now)
            .annotate(opted_in=Exists(_opted_in))
            .first()
        )
        if text is None:
            return False  # sent, given up, held for quiet hours, or being sent by another worker now
        reason = _skip_reason(text, now)
        if reason:
            text.state, text.last_error = OutboundText.State.SKIPPED, reason
        else:
            _send(text)
        if text.kind == Kind.VERIFICATION and text.state != OutboundText.State.QUEUED:
            text.body = REDACTED_CODE  # only the digest of a code is kept
        text.save(
            update_fields=["state", "attempts", "last_error", "sent_at", "provider", "provider_message_id", "body"]
        )
        _after_send(text)
    return text.state == OutboundText.State.SENT


def texts_send_due(*, now: datetime.datetime | None = None, limit: int = 2000) -> int:
    """Periodic: sends every queued text whose time has come (held for quiet hours, lost, or failed once)."""
    now = now or timezone.now()
    stuck_before = now - datetime.timedelta(seconds=settings.SMS_STUCK_AFTER_SECONDS)
    ids = list(
        OutboundText.objects.filter(state=OutboundText.State.QUEUED, not_before__lte=now)
        # held for quiet hours, lost on the way to a worker, or failed once (a fresh one has its task)
        .filter(Q(not_before__gt=F("created_at")) | Q(created_at__lt=stuck_before) | Q(attempts__gt=0))
        .order_by("not_before", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for text_id in ids:
        tasks.text_deliver.delay(text_id)
    return len(ids)


def number_send_failed(*, mobile: MobileNumber) -> bool:
    """Counts a failed send to `mobile`; the second in a row marks it failed, audited, and emails each
    person opted in at it. True when this call marked it failed."""
    with transaction.atomic():
        mobile = MobileNumber.objects.select_for_update().get(pk=mobile.pk)
        mobile.failed_sends += 1
        fields = ["failed_sends"]
        newly_failed = (
            mobile.failed_sends >= settings.SMS_FAILURES_TO_FAIL and mobile.state == MobileNumber.State.ACTIVE
        )
        if newly_failed:
            mobile.state, mobile.state_changed_at = MobileNumber.State.FAILED, timezone.now()
            fields += ["state", "state_changed_at"]
        mobile.save(update_fields=fields)
        if newly_failed:
            subscriptions = selectors.subscriptions_of_number(mobile=mobile)
            audit_record(
                actor=None,
                actor_role="system",
                action=AuditAction.SMS_NUMBER_FAILED,
                target=mobile,
                data={"failed_sends": mobile.failed_sends, "accounts": [s.user_id for s in subscriptions]},
            )
            for subscription in subscriptions:
                email_send(user=subscription.user, template=FAILED_NUMBER_EMAIL, objects={"subscription": subscription})
    return newly_failed


def number_stop(*, mobile: MobileNumber, via: str) -> bool:
    """The phone said STOP (to us or to the provider): no more texts to it until START; audited.
    False when it had stopped already."""
    with transaction.atomic():
        mobile = MobileNumber.objects.select_for_update().get(pk=mobile.pk)
        if mobile.state == MobileNumber.State.STOPPED:
            return False
        mobile.state, mobile.state_changed_at = MobileNumber.State.STOPPED, timezone.now()
        mobile.save(update_fields=["state", "state_changed_at"])
        audit_record(
            actor=None,
            actor_role="respondent",
            action=AuditAction.SMS_NUMBER_STOPPED,
            target=mobile,
            data={"via": via, "accounts": [s.user_id for s in selectors.subscriptions_of_number(mobile=mobile)]},
        )
    return True


def number_start(*, mobile: MobileNumber) -> bool:
    """The phone said START after STOP: texts resume; audited. False when it was not stopped."""
    with transaction.atomic():
        mobile = MobileNumber.objects.select_for_update().get(pk=mobile.pk)
        if mobile.state != MobileNumber.State.STOPPED:
            return False
        mobile.state, mobile.state_changed_at = MobileNumber.State.ACTIVE, timezone.now()
        mobile.save(update_fields=["state", "state_changed_at"])
        audit_record(
            actor=None,
            actor_role="respondent",
            action=AuditAction.SMS_NUMBER_STARTED,
            target=mobile,
            data={"accounts": [s.user_id for s in selectors.subscriptions_of_number(mobile=mobile)]},
        )
    return True
