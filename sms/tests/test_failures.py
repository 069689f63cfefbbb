"""Two failed sends mark a number failed: audited, an email to each person opted in at it, a banner
on the dashboard, no more texts until it is verified again."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

import sms
from audit.models import AuditEvent
from cases.models import Hearing
from cases.services.hearings import hearing_status_change
from cases.tests.factories import HearingFactory
from common.models import OutboundEmail
from sms import tasks
from sms.models import MobileNumber, OutboundText
from sms.tests.conftest import at, verified_number
from tests.support import login_verified

START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)
DAY = datetime.datetime(2031, 2, 20, 16, 0, tzinfo=datetime.UTC)  # 10:00 in Chicago


@pytest.fixture
def hearings(respondent):
    case = respondent.cases.get()
    return [HearingFactory(case=case, starts_at=START + datetime.timedelta(days=n)) for n in range(3)]


def cancel(hearing):
    with at(DAY), TestCase.captureOnCommitCallbacks(execute=True):
        hearing_status_change(hearing=hearing, status=Hearing.Status.CANCELLED, actor=None, reason="Closed")


def test_two_rejected_texts_mark_the_number_failed_email_and_banner(settings, client, respondent, hearings, mailoutbox):
    settings.SMS_BACKEND = "sms.tests.backends.RejectingBackend"
    subscription = verified_number(respondent.user)
    cancel(hearings[0])
    subscription.mobile.refresh_from_db()
    assert (subscription.mobile.state, subscription.mobile.failed_sends) == ("active", 1)
    assert mailoutbox == []
    cancel(hearings[1])
    subscription.mobile.refresh_from_db()
    assert subscription.mobile.state == MobileNumber.State.FAILED
    assert AuditEvent.objects.filter(action="sms_number.failed").count() == 1
    assert [m.to for m in mailoutbox] == [[respondent.user.email]]
    assert "0142" in mailoutbox[0].body and "/account/phone/" in mailoutbox[0].body
    assert OutboundEmail.objects.get().template == "sms/email/number_failed"

    cancel(hearings[2])  # a failed number gets nothing more
    assert OutboundText.objects.count() == 2

    with at(DAY):
        login_verified(client, respondent.user)
        page = client.get(reverse("cases:dashboard")).content.decode()
        assert 'data-testid="text-failed-banner"' in page
        assert 'href="/account/phone/"' in page
        phone_page = client.get(reverse("sms:phone")).content.decode()
        assert 'data-testid="number-failed"' in phone_page
        assert 'value="(312) 555-0142"' in phone_page  # ready to verify again

        settings.SMS_BACKEND = "sms.backends.locmem.LocmemBackend"
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("sms:phone"), {"number": "(312) 555-0142"})
        code = sms.outbox[-1].body[:6]
        client.post(reverse("sms:phone_verify"), {"code": code})
        subscription.mobile.refresh_from_db()
        assert subscription.mobile.state == MobileNumber.State.ACTIVE
        assert 'data-testid="text-failed-banner"' not in client.get(reverse("cases:dashboard")).content.decode()


def test_a_provider_that_cannot_be_reached_is_retried_by_the_sweep_not_counted(settings, respondent, hearings):
    settings.SMS_BACKEND = "sms.tests.backends.DownBackend"
    subscription = verified_number(respondent.user)
    cancel(hearings[0])
    text = OutboundText.objects.get()
    assert (text.state, text.attempts) == ("queued", 1)
    settings.SMS_BACKEND = "sms.backends.locmem.LocmemBackend"
    with at(DAY + datetime.timedelta(minutes=5)), TestCase.captureOnCommitCallbacks(execute=True):
        assert tasks.texts_send_due() == 1
    text.refresh_from_db()
    assert (text.state, text.attempts) == ("sent", 2)
    subscription.mobile.refresh_from_db()
    assert subscription.mobile.failed_sends == 0
    assert len(sms.outbox) == 1


def test_the_dashboard_links_to_text_reminders(respondent_client):
    page = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-testid="text-reminders-link"' in page
    assert "Get a text before each hearing" in page
