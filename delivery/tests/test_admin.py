"""The clerk admin: service preferences (with history and consents) and service records, court-scoped and
read-only; the failed ones are the clerk's queue until a clerk marks them reviewed (audited)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RespondentFactory
from delivery.models import ServiceConsent, ServicePreference, ServicePreferenceChange, ServiceRecord
from delivery.selectors import failed_deliveries_for_courts
from tests.support import login_verified

pytestmark = pytest.mark.django_db


def _person(court, email):
    person = RespondentFactory(user=UserFactory(email=email))
    CaseFactory(respondent=person, court=court)
    preference = ServicePreference.objects.create(
        respondent=person, state="suspended", email=email, since=timezone.now()
    )
    ServicePreferenceChange.objects.create(
        preference=preference, from_state="electronic", to_state="suspended", reason="hard_bounce"
    )
    ServiceConsent.objects.create(respondent=person, user=person.user, text_version="2026-12-03", language="es")
    record = ServiceRecord.objects.create(
        notice_id=person.pk * 10,
        respondent=person,
        court=court,
        channel="email",
        destination=email,
        state="hard_bounce",
        failed_at=timezone.now(),
        needs_review=True,
    )
    return preference, record


@pytest.fixture
def world(court, other_court):
    return _person(court, "here@example.org"), _person(other_court, "elsewhere@example.org")


def test_a_clerk_sees_own_courts_preferences_with_history_and_consents(client, clerk, world):
    (mine, _), (theirs, _) = world
    login_verified(client, clerk)
    listing = client.get(reverse("admin:delivery_servicepreference_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:delivery_servicepreference_change", args=[mine.pk]) in listing.text
    assert reverse("admin:delivery_servicepreference_change", args=[theirs.pk]) not in listing.text
    assert client.get(reverse("admin:delivery_servicepreference_change", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("admin:delivery_servicepreference_change", args=[mine.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert "hard_bounce" in page.text or "Email could not be delivered" in page.text
    assert "2026-12-03 (es)" in page.text


def test_the_clerk_queue_lists_own_failures_and_reviewing_one_is_audited(client, clerk, court, world):
    (_, mine), (_, theirs) = world
    login_verified(client, clerk)
    listing = client.get(reverse("admin:delivery_servicerecord_changelist") + "?queue=open")
    assert listing.status_code == 200
    assert reverse("admin:delivery_servicerecord_change", args=[mine.pk]) in listing.text
    assert reverse("admin:delivery_servicerecord_change", args=[theirs.pk]) not in listing.text
    response = client.post(
        reverse("admin:delivery_servicerecord_changelist"),
        {"action": "mark_reviewed", "_selected_action": [mine.pk, theirs.pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert not mine.needs_review and mine.reviewed_by == clerk
    assert theirs.needs_review  # another court's row cannot be touched
    assert AuditEvent.objects.filter(action="service_record.reviewed", actor=clerk, court_id=court.pk).count() == 1
    assert failed_deliveries_for_courts(court_ids=[court.pk]).count() == 0


def test_the_queue_counts_per_court_in_few_queries(court, other_court, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        queue = failed_deliveries_for_courts(court_ids=[court.pk, other_court.pk])
        assert queue.count() == 2
        assert queue.first() is not None
