"""Service records: one per notice and channel, and what the mail provider says about the email ones.

- An email record is written with the email that serves the notice (`service_record_email_create`),
  becomes `sent` when the backend accepts it (common.signals.email_sent) and then follows the
  provider's events (`delivery_event_ingest`), which are ranked (`RANK`): a state never goes back to a
  lower rank, so a late "sent" does not undo "delivered", and between equal ranks the first one stays.
- A paper record is written when a mailing batch takes the letter, and is `sent` when it is mailed.
- The bounce rule: a hard bounce or a complaint, or `SOFT_BOUNCES_TO_SUSPEND` soft-bounced notices
  within `SOFT_BOUNCE_WINDOW`, suspend electronic service (delivery.services.preference), which sends
  every notice not yet served by email to paper. An email that could not be sent at all puts its own
  notice on paper. Failures wait in the clerk's queue (`needs_review`) until a clerk marks them reviewed.
"""

import hashlib
import logging
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from audit.actions import AuditAction
from audit.services import audit_record, audited
from delivery import rules
from delivery.models import DeliveryEvent, ServicePreference, ServicePreferenceChange, ServiceRecord
from delivery.services.preference import preference_change
from delivery.signals import paper_service_needed

logger = logging.getLogger(__name__)

S = ServiceRecord.State
# anymail's normalized event types -> the record state they mean. Others (opened, clicked,
# unsubscribed, unknown...) are stored and change nothing.
EVENT_STATES = {
    "queued": S.SENT,
    "sent": S.SENT,
    "delivered": S.DELIVERED,
    "deferred": S.SOFT_BOUNCE,
    "bounced": S.HARD_BOUNCE,
    "rejected": S.HARD_BOUNCE,  # the provider refused the address (e.g. on its suppression list)
    "complained": S.COMPLAINT,
    "failed": S.FAILED,
}
RANK = {
    S.QUEUED: 0,
    S.SENT: 1,
    S.SOFT_BOUNCE: 2,
    S.DELIVERED: 3,
    # A bounce after "delivered" (the receiving server accepted, then bounced) means the person did not
    # get it after all: it wins, and the notice goes to paper if it is not printed yet. Equal ranks:
    # the first one stays.
    S.HARD_BOUNCE: 4,
    S.FAILED: 4,
    S.COMPLAINT: 4,  # a complaint comes after delivery (served), and stops email service
}
# A notice whose email record is in one of these was served by email.
SERVED_BY_EMAIL = (S.DELIVERED, S.COMPLAINT)
NEEDS_REVIEW = (S.HARD_BOUNCE, S.COMPLAINT, S.FAILED)


def service_record_email_create(*, notice_id: int, respondent, court_id: int, email) -> ServiceRecord:
    """The record of a notice served by email, written with its outbox email (same transaction);
    a second call for the same notice returns the first record."""
    preference = ServicePreference.objects.filter(respondent=respondent).only("email").first()
    destination = (preference.email if preference and preference.email else respondent.user.email)[:500]
    record, _created = ServiceRecord.objects.get_or_create(
        notice_id=notice_id,
        channel=ServiceRecord.Channel.EMAIL,
        defaults={"respondent": respondent, "court_id": court_id, "destination": destination, "email": email},
    )
    return record


def service_records_paper_create(*, letters: list[tuple[int, int, int, str]]) -> int:
    """Paper records for letters a mailing batch took: (notice id, respondent id, court id, address)."""
    rows = [
        ServiceRecord(
            notice_id=notice_id,
            respondent_id=respondent_id,
            court_id=court_id,
            channel=ServiceRecord.Channel.PAPER,
            destination=address[:500],
        )
        for notice_id, respondent_id, court_id, address in letters
    ]
    return len(ServiceRecord.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True))


def service_records_paper_mailed(*, notice_ids, mailed_at: datetime) -> int:
    """The letters went to the post: their paper records are `sent` (service by mail is complete on mailing)."""
    return ServiceRecord.objects.filter(
        notice_id__in=notice_ids, channel=ServiceRecord.Channel.PAPER, state=S.QUEUED
    ).update(state=S.SENT, sent_at=mailed_at, state_at=mailed_at)


def service_record_email_sent(*, email_id: int, message_id: str, sent_at: datetime) -> ServiceRecord | None:
    """The backend accepted a notice's email: its record is `sent` (unless an event already moved it
    further) and keeps the provider's message id."""
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().filter(email_id=email_id).first()
        if record is None:
            return None
        record.provider_message_id = message_id or record.provider_message_id
        record.sent_at = record.sent_at or sent_at
        fields = ["provider_message_id", "sent_at"]
        if RANK[S.SENT] > RANK[record.state]:
            record.state, record.state_at = S.SENT, sent_at
            fields += ["state", "state_at"]
        record.save(update_fields=fields)
    return record


def service_record_email_failed(*, email_id: int, reason: str) -> ServiceRecord | None:
    """A notice's email will never be sent: the record is `failed` (clerk queue) and the notice goes to paper."""
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().filter(email_id=email_id).first()
        if record is None or RANK[record.state] >= RANK[S.DELIVERED]:
            return record  # served already, or failed already
        now = timezone.now()
        record.state, record.state_at, record.failed_at = S.FAILED, now, now
        record.detail, record.needs_review = reason[:300], True
        record.save(update_fields=["state", "state_at", "failed_at", "detail", "needs_review"])
        _paper_for(record, reason=S.FAILED)
    return record


def _paper_for(record: ServiceRecord, *, reason: str) -> None:
    respondent_id, notice_ids = record.respondent_id, [record.notice_id]
    transaction.on_commit(
        lambda: paper_service_needed.send(
            sender=ServiceRecord, respondent_id=respondent_id, notice_ids=notice_ids, reason=reason
        )
    )


def _event_id(provider: str, event) -> str:
    """The provider's event id; a stable digest of the event when it gives none (so a retry is a duplicate)."""
    if event.event_id:
        return str(event.event_id)[:200]
    basis = f"{provider}|{event.message_id}|{event.event_type}|{event.timestamp}|{event.recipient}"
    return "sha256:" + hashlib.sha256(basis.encode()).hexdigest()


_INSERT_EVENT = (
    "INSERT INTO {table} (provider, event_id, message_id, event_type, occurred_at, received_at, record_id, applied,"
    " detail) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id"
)


def _store(provider: str, event, *, record: ServiceRecord | None, applies: bool) -> DeliveryEvent | None:
    """Stores the event once, in one statement; None for one seen before (a provider retry, a replayed
    request). No savepoint: a duplicate is not an error, so the transaction goes on."""
    stored = DeliveryEvent(
        provider=provider[:32],
        event_id=_event_id(provider, event),
        message_id=str(event.message_id or "")[:255],
        event_type=str(event.event_type)[:24],
        occurred_at=event.timestamp,
        received_at=timezone.now(),
        record=record,
        applied=applies,
        detail=str(event.description or event.mta_response or "")[:300],
    )
    sql = _INSERT_EVENT.format(table=connection.ops.quote_name(DeliveryEvent._meta.db_table))
    values = [getattr(stored, f) for f in ("provider", "event_id", "message_id", "event_type")]
    values += [stored.occurred_at, stored.received_at, record.pk if record else None, applies, stored.detail]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)  # nosec B608 - the table name is the model's; values are parameters
        row = cursor.fetchone()
    if row is None:
        return None
    stored.pk = row[0]
    return stored


# The common events ("sent", "delivered": no rule to run) in one PostgreSQL statement, so one round
# trip and one commit: lock the record found through its outbox email's message id, store the event
# once (ON CONFLICT: a duplicate stores nothing and moves nothing), move the record if the event ranks
# higher. Same rules as the general path below, which every other event and database takes.
_FAST_PATH_STATES = (S.SENT, S.DELIVERED)
_FAST_INGEST = """
WITH rec AS (
    SELECT r.id, r.state FROM {record} r JOIN {email} e ON e.id = r.email_id
    WHERE e.provider_message_id = %(mid)s ORDER BY r.id LIMIT 1 FOR UPDATE OF r
), ins AS (
    INSERT INTO {event} (provider, event_id, message_id, event_type, occurred_at, received_at, record_id,
                         applied, detail)
    SELECT %(provider)s, %(event_id)s, %(mid)s, %(type)s, %(at)s, %(now)s, (SELECT id FROM rec),
           COALESCE((SELECT state = ANY(%(lower)s) FROM rec), false), %(detail)s
    ON CONFLICT DO NOTHING
    RETURNING id, record_id, applied
), moved AS (
    UPDATE {record} SET state = %(state)s, state_at = COALESCE(%(at)s, %(now)s),
        delivered_at = CASE WHEN %(state)s = 'delivered' THEN COALESCE(%(at)s, %(now)s) ELSE delivered_at END,
        provider_message_id = CASE WHEN provider_message_id = '' THEN %(mid)s ELSE provider_message_id END
    FROM ins WHERE {record}.id = ins.record_id AND ins.applied
    RETURNING {record}.id
)
SELECT (SELECT id FROM ins), (SELECT count(*) FROM moved)
"""


def _ingest_in_one_statement(provider: str, event, state: str) -> DeliveryEvent | None:
    names = {
        "record": connection.ops.quote_name(ServiceRecord._meta.db_table),
        "email": connection.ops.quote_name(ServiceRecord._meta.get_field("email").related_model._meta.db_table),
        "event": connection.ops.quote_name(DeliveryEvent._meta.db_table),
    }
    stored = DeliveryEvent(
        provider=provider[:32],
        event_id=_event_id(provider, event),
        message_id=str(event.message_id or "")[:255],
        event_type=str(event.event_type)[:24],
        occurred_at=event.timestamp,
        received_at=timezone.now(),
        detail=str(event.description or event.mta_response or "")[:300],
    )
    params = {
        "provider": stored.provider,
        "event_id": stored.event_id,
        "mid": stored.message_id,
        "type": stored.event_type,
        "at": stored.occurred_at,
        "now": stored.received_at,
        "detail": stored.detail,
        "state": state,
        "lower": [lower for lower, rank in RANK.items() if rank < RANK[state]],
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_FAST_INGEST.format(**names), params)  # nosec B608 - table names are the models'
        event_pk, moved = cursor.fetchone()
    if event_pk is None:
        return None
    stored.pk, stored.applied = event_pk, bool(moved)
    return stored


def delivery_event_ingest(*, provider: str, event) -> DeliveryEvent | None:
    """Applies one provider event (anymail's AnymailTrackingEvent) to its service record: stored once
    (a duplicate returns None), an unknown message id is stored and changes nothing, a lower-ranked
    state never replaces a higher one; bounces and complaints run the bounce rule. Three statements
    in one transaction (lock the record, store the event, move the record); "sent" and "delivered" on
    PostgreSQL in one."""
    message_id = str(event.message_id or "")[:255]
    state = EVENT_STATES.get(str(event.event_type))
    if state in _FAST_PATH_STATES and message_id and connection.vendor == "postgresql":
        return _ingest_in_one_statement(provider, event, state)
    with transaction.atomic():
        record = None
        if message_id:
            record = (
                ServiceRecord.objects.select_for_update(of=("self",))
                .filter(email__provider_message_id=message_id)
                .first()
            )
        applies = record is not None and state is not None and RANK[state] > RANK[record.state]
        stored = _store(provider, event, record=record, applies=applies)
        if stored is not None and applies:
            _apply(record, state, stored)
    return stored


def _apply(record: ServiceRecord, state: str, event: DeliveryEvent) -> None:
    at = event.occurred_at or event.received_at
    record.state, record.state_at = state, at
    record.provider_message_id = record.provider_message_id or event.message_id
    fields = ["state", "state_at", "provider_message_id"]
    if state == S.DELIVERED:
        record.delivered_at = at
        fields.append("delivered_at")
    elif state in (S.SOFT_BOUNCE, S.HARD_BOUNCE, S.COMPLAINT, S.FAILED):
        record.failed_at, record.detail = at, event.detail
        record.needs_review = record.needs_review or state in NEEDS_REVIEW
        fields += ["failed_at", "detail", "needs_review"]
    record.save(update_fields=fields)
    if state == S.HARD_BOUNCE:
        _paper_for(record, reason=state)
        _suspend(record, reason=ServicePreferenceChange.Reason.HARD_BOUNCE)
    elif state == S.COMPLAINT:
        _suspend(record, reason=ServicePreferenceChange.Reason.COMPLAINT)
    elif state == S.SOFT_BOUNCE:
        _soft_bounce_rule(record)
    elif state == S.FAILED:
        _paper_for(record, reason=state)


def _soft_bounce_rule(record: ServiceRecord) -> None:
    """Suspends when enough of the respondent's notices soft-bounced within the window (none delivered since)."""
    since = record.state_at - rules.SOFT_BOUNCE_WINDOW
    bounced = ServiceRecord.objects.filter(
        respondent_id=record.respondent_id,
        channel=ServiceRecord.Channel.EMAIL,
        state=S.SOFT_BOUNCE,
        failed_at__gte=since,
        failed_at__lte=record.state_at + rules.SOFT_BOUNCE_WINDOW,
    )
    if bounced.count() >= rules.SOFT_BOUNCES_TO_SUSPEND:
        bounced.update(needs_review=True)
        _suspend(record, reason=ServicePreferenceChange.Reason.SOFT_BOUNCES)


def _suspend(record: ServiceRecord, *, reason: str) -> None:
    """Electronic service to the address that failed stops (not a newer address the person confirmed since)."""
    preference = (
        ServicePreference.objects.select_for_update()
        .select_related("respondent")
        .filter(respondent_id=record.respondent_id)
        .first()
    )
    if preference is None or preference.state != ServicePreference.State.ELECTRONIC:
        return
    if preference.email.lower() != record.destination.lower():
        return
    preference_change(preference=preference, to=ServicePreference.State.SUSPENDED, reason=reason, actor=None)


def service_records_sweep_unconfirmed(*, older_than: timedelta) -> int:
    """Periodic: a service email with no delivery news after `older_than` (a lost webhook, a provider
    outage longer than its retries) is not proof of service: it is marked failed (clerk's queue) and its
    notice goes to paper. Returns how many."""
    cutoff = timezone.now() - older_than
    ids = list(
        ServiceRecord.objects.filter(
            channel=ServiceRecord.Channel.EMAIL, state__in=(S.QUEUED, S.SENT, S.SOFT_BOUNCE), created_at__lt=cutoff
        )
        .order_by("id")
        .values_list("email_id", flat=True)[:1000]
    )
    for email_id in ids:
        service_record_email_failed(email_id=email_id, reason="no delivery confirmation from the mail provider")
    return len(ids)


@audited(AuditAction.SERVICE_RECORD_REVIEWED)
def service_record_mark_reviewed(*, record: ServiceRecord, actor) -> ServiceRecord:
    """A clerk looked at a failed delivery: it leaves the clerk's queue; audited."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    record.needs_review, record.reviewed_at, record.reviewed_by = False, timezone.now(), actor
    record.save(update_fields=["needs_review", "reviewed_at", "reviewed_by"])
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_RECORD_REVIEWED,
        target=record,
        court_id=record.court_id,
        data={"state": record.state},
    )
    return record
