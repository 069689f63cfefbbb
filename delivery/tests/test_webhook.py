"""The provider's signed webhook (Mailgun through anymail): signatures, replays, unknown ids, order."""

import json
import time

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from cases.tests.factories import CaseFactory, RespondentFactory
from common.models import OutboundEmail
from delivery.models import DeliveryEvent, ServicePreference, ServiceRecord
from delivery.tests.helpers import (
    SIGNING_KEY,
    WEBHOOK_URL,
    delivered_payload,
    hard_bounce_payload,
    mailgun_payload,
    post_webhook,
    soft_bounce_payload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _signing_key(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": []}


_seq = iter(range(1, 10_000))


def served_by_email(respondent, *, court, state=ServiceRecord.State.SENT) -> ServiceRecord:
    """A notice's service record whose email the provider accepted (message id in Mailgun's form)."""
    n = next(_seq)
    message_id = f"<20261203211713.{n}.DF5966851B4BAA99@portal.example.org>"
    email = OutboundEmail.objects.create(
        recipient=respondent.user, template="notices/email/alert", state="sent", provider_message_id=message_id
    )
    return ServiceRecord.objects.create(
        notice_id=1000 + n,
        respondent=respondent,
        court=court,
        channel="email",
        destination=respondent.user.email,
        email=email,
        provider_message_id=message_id,
        state=state,
    )


@pytest.fixture
def electronic(respondent):
    from django.utils import timezone

    return ServicePreference.objects.create(
        respondent=respondent, state="electronic", email=respondent.user.email, since=timezone.now()
    )


def test_a_signed_delivered_event_marks_the_record_delivered(client, respondent, court, electronic):
    record = served_by_email(respondent, court=court)
    response = post_webhook(client, delivered_payload(record.provider_message_id))
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.state == "delivered" and record.delivered_at is not None
    event = DeliveryEvent.objects.get()
    assert (event.provider, event.event_type, event.record, event.applied) == ("Mailgun", "delivered", record, True)


@pytest.mark.parametrize(
    "forge",
    [
        {"key": "not-the-signing-key"},  # signed by someone without our key
        {"timestamp": time.time() - 10 * 60 * 60},  # a captured request replayed hours later
        {"timestamp": time.time() + 60 * 60},  # from the future
    ],
)
def test_a_forged_or_stale_request_is_refused_and_nothing_changes(client, respondent, court, electronic, forge):
    record = served_by_email(respondent, court=court)
    response = post_webhook(client, hard_bounce_payload(record.provider_message_id, **forge))
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.state == "sent"
    assert not DeliveryEvent.objects.exists()
    assert ServicePreference.objects.get().state == "electronic"


def test_a_body_swapped_under_a_used_signature_is_a_duplicate(client, respondent, court, electronic):
    """Mailgun signs timestamp + token, not the body: the token is used once, so a second body under the
    same signature block changes nothing."""
    record = served_by_email(respondent, court=court)
    first = delivered_payload(record.provider_message_id)
    assert post_webhook(client, first).status_code == 200
    swapped = hard_bounce_payload(record.provider_message_id)
    swapped["signature"] = first["signature"]
    assert post_webhook(client, swapped).status_code == 200
    record.refresh_from_db()
    assert record.state == "delivered"
    assert DeliveryEvent.objects.count() == 1
    assert ServicePreference.objects.get().state == "electronic"


def test_a_retried_event_is_stored_once(client, respondent, court, electronic):
    record = served_by_email(respondent, court=court)
    payload = delivered_payload(record.provider_message_id)
    for _ in range(3):
        assert post_webhook(client, payload).status_code == 200
    assert DeliveryEvent.objects.count() == 1


def test_an_unknown_message_id_is_stored_and_changes_nothing(client, respondent, court, electronic):
    record = served_by_email(respondent, court=court)
    response = post_webhook(client, hard_bounce_payload("<unknown.1.ABC@elsewhere.example.org>"))
    assert response.status_code == 200
    event = DeliveryEvent.objects.get()
    assert event.record is None and not event.applied
    record.refresh_from_db()
    assert record.state == "sent" and ServicePreference.objects.get().state == "electronic"


def test_events_out_of_order_never_undo_a_delivery(client, respondent, court, electronic):
    record = served_by_email(respondent, court=court)
    now = time.time()
    assert post_webhook(client, delivered_payload(record.provider_message_id, timestamp=now)).status_code == 200
    # A "deferred" from an earlier attempt and an "accepted" arrive late.
    post_webhook(client, soft_bounce_payload(record.provider_message_id, timestamp=now - 120))
    post_webhook(client, mailgun_payload(event="accepted", message_id=record.provider_message_id, timestamp=now - 300))
    record.refresh_from_db()
    assert record.state == "delivered"
    assert list(DeliveryEvent.objects.order_by("id").values_list("applied", flat=True)) == [True, False, False]


def test_a_hard_bounce_suspends_and_queues_the_record_for_the_clerk(client, respondent, court, electronic):
    from delivery.selectors import failed_deliveries_for_courts

    record = served_by_email(respondent, court=court)
    post_webhook(client, hard_bounce_payload(record.provider_message_id))
    record.refresh_from_db()
    assert record.state == "hard_bounce" and record.needs_review
    assert "does not exist" in record.detail
    assert ServicePreference.objects.get().state == "suspended"
    queue = failed_deliveries_for_courts(court_ids=[court.pk])
    assert queue.count() == 1 and queue.first() == record
    assert failed_deliveries_for_courts(court_ids=[court.pk + 1000]).count() == 0


def test_one_soft_bounce_waits_two_within_72_hours_suspend(client, respondent, court, electronic):
    first, second = served_by_email(respondent, court=court), served_by_email(respondent, court=court)
    now = time.time()
    post_webhook(client, soft_bounce_payload(first.provider_message_id, timestamp=now - 3600))
    assert ServicePreference.objects.get().state == "electronic"
    # The same message deferred again is still one notice that soft-bounced.
    post_webhook(client, soft_bounce_payload(first.provider_message_id, timestamp=now - 1800))
    assert ServicePreference.objects.get().state == "electronic"
    post_webhook(client, soft_bounce_payload(second.provider_message_id, timestamp=now))
    assert ServicePreference.objects.get().state == "suspended"
    assert ServiceRecord.objects.filter(needs_review=True).count() == 2


def test_soft_bounces_far_apart_do_not_suspend(respondent, court, electronic):
    from datetime import UTC, datetime, timedelta

    from delivery.backends import development_event, report

    first, second = served_by_email(respondent, court=court), served_by_email(respondent, court=court)
    old = development_event(event_type="deferred", message_id=first.provider_message_id)
    old.timestamp = datetime.now(tz=UTC) - timedelta(hours=80)
    report(old)
    report(development_event(event_type="deferred", message_id=second.provider_message_id))
    assert ServicePreference.objects.get().state == "electronic"


def test_a_bounce_of_an_old_address_does_not_suspend_the_new_one(client, respondent, court, electronic):
    record = served_by_email(respondent, court=court)
    electronic.email = "new-address@example.org"
    electronic.save(update_fields=["email"])
    post_webhook(client, hard_bounce_payload(record.provider_message_id))
    assert ServicePreference.objects.get().state == "electronic"


def test_someone_elses_bounce_does_not_touch_this_respondent(client, respondent, court, electronic):
    other = RespondentFactory(user=UserFactory())
    CaseFactory(respondent=other, court=court)
    record = served_by_email(other, court=court)
    post_webhook(client, hard_bounce_payload(record.provider_message_id))
    assert ServicePreference.objects.get(respondent=respondent).state == "electronic"


def test_an_email_never_confirmed_goes_to_paper_after_the_deadline(respondent, court, electronic):
    from datetime import timedelta

    from delivery.services import service_records_sweep_unconfirmed

    waiting = served_by_email(respondent, court=court)
    delivered = served_by_email(respondent, court=court, state=ServiceRecord.State.DELIVERED)
    ServiceRecord.objects.update(created_at=timezone.now() - timedelta(hours=80))
    assert service_records_sweep_unconfirmed(older_than=timedelta(hours=72)) == 1
    waiting.refresh_from_db()
    delivered.refresh_from_db()
    assert waiting.state == "failed" and waiting.needs_review and "no delivery confirmation" in waiting.detail
    assert delivered.state == "delivered"
    assert ServicePreference.objects.get().state == "electronic"  # one lost webhook is not a bad address


def test_with_a_basic_auth_secret_a_request_without_it_is_refused(client, settings, respondent, court, electronic):
    import base64

    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ["mailgun:s3cret-words"]}
    record = served_by_email(respondent, court=court)
    payload = hard_bounce_payload(record.provider_message_id)
    assert post_webhook(client, payload).status_code == 400
    assert not DeliveryEvent.objects.exists()
    auth = "Basic " + base64.b64encode(b"mailgun:s3cret-words").decode()
    response = client.post(
        WEBHOOK_URL, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=auth
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.state == "hard_bounce"


def test_a_delivered_event_for_an_unknown_message_id_is_stored_and_changes_nothing(client, respondent, court):
    record = served_by_email(respondent, court=court)
    assert post_webhook(client, delivered_payload("<unknown.2.DEF@elsewhere.example.org>")).status_code == 200
    event = DeliveryEvent.objects.get()
    assert event.record is None and not event.applied
    record.refresh_from_db()
    assert record.state == "sent"
