"""Whole flows over HTTP: consent -> notice -> delivered; hard bounce -> paper in the next print file ->
banner -> the address confirmed again -> electronic again; withdrawal."""

import email
import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from cases.tests.factories import HearingFactory
from delivery.models import ServicePreference, ServiceRecord
from delivery.tests.helpers import consent_over_http, dev_mailer, verify_email
from notices.models import MailingBatch, Notice, PrintFile
from notices.services import hearing_notice_request, mailing_batch_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_email(settings, tmp_path, respondent, respondent_client):
    """The respondent consented over HTTP with a verified address; mail goes through the dev backend."""
    dev_mailer(settings, tmp_path)
    verify_email(respondent.user)
    consent_over_http(respondent_client)
    return respondent


def issue_hearing_notice(respondent, capture) -> Notice:
    with capture(execute=True):
        notice = hearing_notice_request(
            hearing_id=HearingFactory(case=respondent.cases.get()).pk, change="created", actor=None
        )
    notice.refresh_from_db()
    return notice


def test_consent_then_a_notice_is_served_by_email_and_shown_delivered(
    on_email, respondent_client, django_capture_on_commit_callbacks
):
    notice = issue_hearing_notice(on_email, django_capture_on_commit_callbacks)
    assert notice.serve_on_paper is False and notice.state == Notice.State.DELIVERED
    record = ServiceRecord.objects.get(notice_id=notice.pk)
    assert (record.channel, record.destination, record.state) == ("email", on_email.user.email, "delivered")
    assert record.provider_message_id and record.provider_message_id == record.email.provider_message_id
    page = respondent_client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "delivered" in page and on_email.user.email in page
    # Served by email, so the court's mailing batch does not print it.
    assert mailing_batch_start(court=notice.court, actor=None) is None


def _link_in_mail(tmp_path) -> str:
    """The confirmation link in the email the development backend wrote."""
    # The backend names its files by the second and an object id, so their names do not sort by time:
    # look through every message for the link (only the confirmation email carries one).
    bodies = []
    for path in (tmp_path / "mail").glob("*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                bodies.append(email.message_from_string(chunk.strip()).get_payload(decode=True).decode())
    links = [link for body in bodies for link in re.findall(r"https?://\S+/account/service/confirm/\S+/", body)]
    assert links, "no confirmation link was emailed"
    return links[-1].split("localhost:8000", 1)[-1]


def test_hard_bounce_puts_the_notice_in_the_next_print_file_shows_the_banner_and_reconfirming_restores(
    on_email, respondent_client, clerk, tmp_path, django_capture_on_commit_callbacks
):
    notice = issue_hearing_notice(on_email, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delivery_simulate_bounce", respondent=on_email.a_number, hard=True)
    preference = ServicePreference.objects.get(respondent=on_email)
    assert preference.state == "suspended"
    notice.refresh_from_db()
    assert notice.serve_on_paper is True
    assert AuditEvent.objects.filter(action="notice.paper_fallback", target_id=str(notice.pk)).exists()
    assert AuditEvent.objects.filter(action="service.suspended", actor_role="system").exists()

    # The court's next mailing batch prints it.
    with django_capture_on_commit_callbacks(execute=True):
        batch = mailing_batch_start(court=notice.court, actor=clerk)
    assert list(batch.notices.values_list("pk", flat=True)) == [notice.pk]
    (print_file,) = PrintFile.objects.filter(batch=batch)
    assert print_file.state == "done" and str(notice.pk) in print_file.page_map
    assert MailingBatch.objects.get(pk=batch.pk).state == "ready"
    paper = ServiceRecord.objects.get(notice_id=notice.pk, channel="paper")
    assert paper.state == "queued" and on_email.address_line1 in paper.destination

    # The banner after sign-in, and the clerk's queue.
    dashboard = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert "We could not email you. Check your email address." in dashboard
    from delivery.selectors import failed_deliveries_for_courts

    assert failed_deliveries_for_courts(court_ids=[notice.court_id]).count() == 1

    # "My address is right": a link to it; opening the link changes nothing, the button restores.
    with django_capture_on_commit_callbacks(execute=True):
        assert respondent_client.post(reverse("delivery:confirm_send")).status_code == 302
    link = _link_in_mail(tmp_path)
    assert respondent_client.get(link).status_code == 200
    assert ServicePreference.objects.get(respondent=on_email).state == "suspended"
    assert respondent_client.post(link).status_code == 302
    assert ServicePreference.objects.get(respondent=on_email).state == "electronic"
    assert respondent_client.post(link).status_code == 400  # used up
    dashboard = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert "We could not email you" not in dashboard

    # The next notice is served by email again.
    later = issue_hearing_notice(on_email, django_capture_on_commit_callbacks)
    assert later.serve_on_paper is False
    assert ServiceRecord.objects.get(notice_id=later.pk).state == "delivered"


def test_confirming_a_new_address_through_allauth_restores_electronic_service(
    on_email, respondent_client, django_capture_on_commit_callbacks
):
    issue_hearing_notice(on_email, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delivery_simulate_bounce", email=on_email.user.email, hard=True)
    assert ServicePreference.objects.get(respondent=on_email).state == "suspended"
    new = EmailAddress.objects.create(user=on_email.user, email="maria.new@example.org", verified=False)
    key = EmailConfirmationHMAC(new).key
    response = respondent_client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    preference = ServicePreference.objects.get(respondent=on_email)
    assert (preference.state, preference.email) == ("electronic", "maria.new@example.org")
    assert preference.changes.first().reason == "restored"


def test_withdrawing_sends_a_notice_not_yet_emailed_to_paper(
    settings, tmp_path, on_email, respondent_client, django_capture_on_commit_callbacks
):
    dev_mailer(settings, tmp_path, report_delivered=False)  # sent, but the provider has not confirmed yet
    notice = issue_hearing_notice(on_email, django_capture_on_commit_callbacks)
    assert ServiceRecord.objects.get(notice_id=notice.pk).state == "sent"
    with django_capture_on_commit_callbacks(execute=True):
        respondent_client.post(reverse("delivery:withdraw"))
    notice.refresh_from_db()
    assert notice.serve_on_paper is True
    page = respondent_client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "By mail" in page
