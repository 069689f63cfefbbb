"""Clerk review in the clerk admin: court scoping, clean-only documents, accept and reject."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import RecordDocument
from conftest import login_verified
from filings.models import Filing, FilingDocument
from filings.services import filing_accept
from filings.tests.conftest import upload
from notices.models import Notice

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:filings_filing_changelist"


@pytest.fixture
def submitted(respondent_client, draft):
    upload(respondent_client, draft)
    upload(respondent_client, draft, role="supporting", title="Pay stubs")
    respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    draft.refresh_from_db()
    assert draft.status == Filing.Status.SUBMITTED
    return draft


def mark_clean(filing):
    filing.documents.update(scan_status=FilingDocument.ScanStatus.CLEAN)


def decision_notices(filing) -> list[tuple[str, str]]:
    """The decision letters the notices app was asked for: (status, rejection reason) each."""
    notices = Notice.objects.filter(filing_id=filing.pk, kind=Notice.Kind.FILING_DECISION).order_by("id")
    return [(n.filing_status, n.filing_rejection_reason) for n in notices]


def decision_email(subject_word: str):
    """The decision email among those sent (the decision letter's inbox alert is sent too)."""
    return next(m for m in reversed(mail.outbox) if subject_word in m.subject)


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)  # its own client: the respondent uses the default one


def test_queue_shows_own_court_submitted_filings_oldest_first(clerk_client, submitted, draft):
    page = clerk_client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    body = page.content.decode()
    assert submitted.receipt_number in body and "Checking" in body


def test_drafts_never_reach_the_clerk(clerk_client, respondent_client, draft):
    upload(respondent_client, draft)
    assert clerk_client.get(reverse("admin:filings_filing_change", args=[draft.pk])).status_code == 404


def test_clerk_of_another_court_gets_404(submitted, roles, other_court):
    client = Client()
    stranger = StaffFactory(email="stranger@example.org")
    role_assign(user=stranger, role_key="clerk")
    other_court.staff.add(stranger)
    login_verified(client, stranger)
    assert submitted.receipt_number not in client.get(reverse(CHANGELIST)).content.decode()
    assert client.get(reverse("admin:filings_filing_change", args=[submitted.pk])).status_code == 404
    document = submitted.documents.first()
    mark_clean(submitted)
    url = reverse("admin:filings_filing_document", args=[submitted.pk, document.pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk]})
    assert response.status_code in (200, 302)
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED


def test_documents_open_only_once_clean_and_each_opening_is_audited(clerk_client, submitted):
    document = submitted.documents.first()
    url = reverse("admin:filings_filing_document", args=[submitted.pk, document.pk])
    assert clerk_client.get(url).status_code == 404  # still scanning
    page = clerk_client.get(reverse("admin:filings_filing_change", args=[submitted.pk])).content.decode()
    assert "Not available until the virus check passes" in page
    mark_clean(submitted)
    response = clerk_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action=AuditAction.FILING_DOCUMENT_DOWNLOADED, target_id=str(document.pk)).exists()


def test_accept_needs_clean_documents_then_adds_them_to_the_record(
    clerk_client, submitted, django_capture_on_commit_callbacks
):
    clerk_client.post(reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED  # scans still pending
    mark_clean(submitted)
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.ACCEPTED
    records = RecordDocument.objects.filter(case=submitted.case, filed_by="respondent")
    assert {r.title for r in records} == {"Motion to change venue", "Pay stubs", "Certificate of service"}
    assert records.order_by("id").last().title == "Certificate of service"  # it closes the filing
    lead = submitted.documents.get(role="lead")
    record = records.get(title="Motion to change venue")
    assert record.sha256 == lead.sha256 and record.category == "motion"
    assert record.filed_on == submitted.submitted_at_local.date()
    with record.file.open("rb") as handle:
        import hashlib

        assert hashlib.sha256(handle.read()).hexdigest() == lead.sha256
    assert AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED, target_id=str(submitted.pk)).exists()
    assert decision_email("accepted").to == ["respondent@example.org"]
    assert decision_notices(submitted) == [("accepted", "")]


def test_reject_with_reason_emails_the_filer(clerk_client, submitted, django_capture_on_commit_callbacks):
    form_page = clerk_client.post(
        reverse(CHANGELIST), {"action": "reject_selected", "_selected_action": [submitted.pk]}
    )
    assert form_page.status_code == 200 and "reason_choice" in form_page.content.decode()
    data = {
        "action": "reject_selected",
        "_selected_action": [submitted.pk],
        "apply": "1",
        "reason_choice": "other",
        "reason_text": "",
    }
    clerk_client.post(reverse(CHANGELIST), data)  # "other" needs an explanation
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED
    data.update(reason_choice="illegible", reason_text="Page 2 is blank.")
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(reverse(CHANGELIST), data)
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.REJECTED
    assert submitted.rejection_reason == "The document cannot be read. Page 2 is blank."
    assert "Page 2 is blank." in decision_email("rejected").body
    assert decision_notices(submitted) == [("rejected", "The document cannot be read. Page 2 is blank.")]
    assert AuditEvent.objects.filter(action=AuditAction.FILING_REJECTED, target_id=str(submitted.pk)).exists()


def test_status_is_read_only_in_the_admin(clerk_client, submitted):
    url = reverse("admin:filings_filing_change", args=[submitted.pk])
    clerk_client.post(url, {"status": "accepted"})
    submitted.refresh_from_db()
    assert submitted.status == Filing.Status.SUBMITTED


def test_accepting_requests_a_real_decision_notice(clerk, submitted):
    mark_clean(submitted)
    filing_accept(filing=submitted, actor=clerk)
    assert Notice.objects.filter(case=submitted.case, kind=Notice.Kind.FILING_DECISION).exists()
