"""The inbox alert is an outbox email, written in the transaction that delivers the letter."""

import pytest

from cases.tests.factories import HearingFactory
from common.models import OutboundEmail
from notices.models import Notice
from notices.services import hearing_notice_request


@pytest.mark.django_db
def test_the_alert_is_queued_with_the_delivery_and_sent_in_the_persons_language(
    respondent, django_capture_on_commit_callbacks, mailoutbox
):
    respondent.user.preferred_language = "es"
    respondent.user.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        notice = hearing_notice_request(
            hearing_id=HearingFactory(case=respondent.cases.get()).pk, change="created", actor=None
        )
    notice.refresh_from_db()
    assert notice.state == Notice.State.DELIVERED
    email = OutboundEmail.objects.get()
    assert (email.recipient_id, email.template) == (respondent.user.pk, "notices/email/alert")
    assert email.refs == {"notice": ["notices.notice", notice.pk]}
    assert email.state == OutboundEmail.State.SENT
    (message,) = mailoutbox
    assert message.to == [respondent.user.email]
    assert message.subject.startswith("Usted tiene una nueva carta")
    assert "/notices/" in message.body and respondent.a_number_display not in message.body
