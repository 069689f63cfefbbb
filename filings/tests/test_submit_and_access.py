"""Submitting, receipts, withdrawal, who may reach which filing, attorney-of-record cases, EOIR-33."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.tests.factories import HearingFactory
from filings.models import AddressChange, Filing
from filings.tests.conftest import upload

pytestmark = pytest.mark.django_db


def submit(client, filing, **data):
    return client.post(reverse("filings:submit", args=[filing.pk]), data)


def test_submit_needs_the_certificate_then_stamps_in_court_time_and_emails_a_receipt(
    respondent_client, draft, django_capture_on_commit_callbacks
):
    upload(respondent_client, draft)
    upload(respondent_client, draft, role="supporting", title="Pay stubs")
    assert submit(respondent_client, draft).status_code == 400  # certificate not confirmed
    page = respondent_client.get(reverse("filings:submit", args=[draft.pk])).content.decode()
    assert "still being checked for viruses" in page  # allowed while scans are pending
    assert "first electronic filing" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(respondent_client, draft, service_certified="on")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Filing.Status.SUBMITTED and draft.service_certified
    local = timezone.localtime(draft.submitted_at, draft.case.court.tz)
    assert draft.receipt_number == f"TST-{local:%Y%m%d}-{draft.pk:07d}"
    receipt = respondent_client.get(reverse("filings:receipt", args=[draft.pk])).content.decode()
    assert draft.receipt_number in receipt and "America/Chicago" in receipt
    assert local.strftime("%B %-d, %Y") in receipt
    assert "Pay stubs" in receipt and draft.documents.first().sha256 in receipt
    assert "served a copy of this filing on the Department of Homeland Security" in receipt
    assert len(mail.outbox) == 1 and draft.receipt_number in mail.outbox[0].body
    assert mail.outbox[0].to == ["respondent@example.org"]
    assert AuditEvent.objects.filter(action=AuditAction.FILING_SUBMITTED, target_id=str(draft.pk)).exists()


def test_submit_without_lead_document_is_refused(respondent_client, draft):
    response = submit(respondent_client, draft, service_certified="on")
    assert response.status_code == 400
    assert "lead document" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Filing.Status.DRAFT


def test_hearing_within_15_days_warns(respondent_client, draft, case):
    HearingFactory(case=case, starts_at=timezone.now() + timezone.timedelta(days=5))
    upload(respondent_client, draft)
    page = respondent_client.get(reverse("filings:submit", args=[draft.pk])).content.decode()
    assert "less than 15 days away" in page


def test_withdraw_before_review(respondent_client, draft):
    upload(respondent_client, draft)
    submit(respondent_client, draft, service_certified="on")
    respondent_client.post(reverse("filings:withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Filing.Status.CANCELLED
    # Withdrawn is final: a second withdraw or an upload changes nothing.
    assert upload(respondent_client, draft).status_code == 400


def test_another_respondent_gets_404_for_every_filing_url(client, draft, respondent_client, other_respondent):
    upload(respondent_client, draft)
    document = draft.documents.get()
    from conftest import login_verified

    login_verified(client, other_respondent.user)
    urls = [
        ("get", reverse("filings:detail", args=[draft.pk])),
        ("post", reverse("filings:upload", args=[draft.pk])),
        ("post", reverse("filings:accept_page_size", args=[draft.pk, document.pk])),
        ("post", reverse("filings:remove_document", args=[draft.pk, document.pk])),
        ("get", reverse("filings:submit", args=[draft.pk])),
        ("post", reverse("filings:submit", args=[draft.pk])),
        ("get", reverse("filings:receipt", args=[draft.pk])),
        ("post", reverse("filings:withdraw", args=[draft.pk])),
        ("get", reverse("filings:start", args=[draft.case_id])),
        ("get", reverse("filings:address_change", args=[draft.case_id])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert draft.documents.count() == 1
    assert "Motion" not in client.get(reverse("filings:list")).content.decode()


def test_attorney_of_record_case_cannot_file(respondent_client, attorney_case):
    page = respondent_client.get(reverse("filings:start", args=[attorney_case.pk]))
    assert "Pat Lawyer" in page.content.decode() and "files documents" in page.content.decode()
    respondent_client.post(reverse("filings:start", args=[attorney_case.pk]), {"filing_type": "motion"})
    respondent_client.post(reverse("filings:address_change", args=[attorney_case.pk]), {})
    assert not Filing.objects.filter(case=attorney_case).exists()
    assert not AddressChange.objects.exists()


def test_signed_out_visitor_is_sent_to_sign_in(client, case):
    response = client.get(reverse("filings:start", args=[case.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


ADDRESS = {
    "address_line1": "45 New Road",
    "address_line2": "Unit 2",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62704-1234",
    "phone": "555-010-0123",
    "email": "",
    "moved_on": "2026-11-27",
}


def test_change_of_address_form_prepares_an_eoir33_filing_and_leaves_the_address_until_accepted(
    respondent_client, respondent, case
):
    page = respondent_client.get(reverse("filings:address_change", args=[case.pk])).content.decode()
    assert "within 5 days" in page
    bad = respondent_client.post(reverse("filings:address_change", args=[case.pk]), {**ADDRESS, "postal_code": "6270"})
    assert bad.status_code == 400 and "ZIP code" in bad.content.decode()
    response = respondent_client.post(reverse("filings:address_change", args=[case.pk]), ADDRESS)
    assert response.status_code == 302
    change = AddressChange.objects.get()
    assert response["Location"] == reverse("filings:submit", args=[change.filing_id])
    respondent.refresh_from_db()
    assert respondent.address_line1 == "12 Sample Avenue, Apt 3"  # not before a clerk accepts
    filing = change.filing
    assert filing.filing_type == Filing.FilingType.ADDRESS_CHANGE and filing.status == Filing.Status.DRAFT
    lead = filing.documents.get()
    assert lead.role == "lead" and lead.generated and lead.title == "Change of address (EOIR-33)"
    review = respondent_client.get(response["Location"]).content.decode()
    assert "45 New Road" in review and "Change of address (EOIR-33)" in review
    assert AuditEvent.objects.filter(action=AuditAction.ADDRESS_CHANGE_PREPARED).exists()
