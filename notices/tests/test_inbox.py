"""The respondent's inbox: own letters only, read state, audited downloads, unread count."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.tests.factories import HearingFactory
from notices.models import Notice
from notices.selectors import unread_count_for_user
from notices.services import hearing_notice_request


@pytest.fixture
def delivered(respondent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return hearing_notice_request(
            hearing_id=HearingFactory(case=respondent.cases.get()).pk, change="created", actor=None
        )


@pytest.fixture
def others_notice(other_respondent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return hearing_notice_request(
            hearing_id=HearingFactory(case=other_respondent.cases.get()).pk, change="created", actor=None
        )


@pytest.mark.django_db
def test_inbox_lists_own_letters_only(respondent_client, delivered, others_notice, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = respondent_client.get(reverse("notices:inbox"))
    assert response.status_code == 200
    assert reverse("notices:detail", args=[delivered.pk]) in response.text
    assert reverse("notices:detail", args=[others_notice.pk]) not in response.text


@pytest.mark.django_db
def test_someone_elses_letter_answers_404(respondent_client, others_notice):
    for name in ("notices:detail", "notices:download"):
        assert respondent_client.get(reverse(name, args=[others_notice.pk])).status_code == 404
    assert respondent_client.get(reverse("notices:detail", args=[999999])).status_code == 404
    assert not AuditEvent.objects.filter(action="notice.downloaded").exists()


@pytest.mark.django_db
def test_reading_a_letter_clears_the_unread_count(respondent_client, respondent, delivered):
    assert unread_count_for_user(respondent.user) == 1
    response = respondent_client.get(reverse("notices:detail", args=[delivered.pk]))
    assert response.status_code == 200
    assert reverse("notices:download", args=[delivered.pk]) in response.text
    assert unread_count_for_user(respondent.user) == 0


@pytest.mark.django_db
def test_download_is_an_audited_attachment(respondent_client, respondent, delivered):
    response = respondent_client.get(reverse("notices:download", args=[delivered.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="notice.downloaded")
    assert (event.actor, event.target_id) == (respondent.user, str(delivered.pk))
    assert unread_count_for_user(respondent.user) == 0


@pytest.mark.django_db
def test_inbox_requires_sign_in(client, delivered):
    response = client.get(reverse("notices:inbox"))
    assert response.status_code == 302
    assert Notice.objects.count() == 1
