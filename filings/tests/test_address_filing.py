"""Change of address (EOIR-33) as a filing: prepared, filed, reviewed; the address changes only on acceptance."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import RecordDocument
from conftest import login_verified
from filings.models import AddressChange, Filing, FilingDocument
from filings.tests.helpers import pdf_text, stored_pdf_text, submit

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:filings_filing_changelist"
OLD_LINE = "12 Sample Avenue, Apt 3"
ADDRESS = {
    "address_line1": "45 New Road",
    "address_line2": "Unit 2",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62704-1234",
    "phone": "555-010-0123",
    "email": "maria@example.org",
    "moved_on": "2026-11-27",
}


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)


def _file_change(client, case, capture):
    response = client.post(reverse("filings:address_change", args=[case.pk]), ADDRESS)
    assert response.status_code == 302
    change = AddressChange.objects.get(filing__status=Filing.Status.DRAFT)
    submit(client, change.filing, capture)
    change.refresh_from_db()
    assert change.filing.status == Filing.Status.SUBMITTED
    return change


def _accept(clerk_client, filing, capture):
    filing.documents.update(scan_status=FilingDocument.ScanStatus.CLEAN)
    with capture(execute=True):
        clerk_client.post(reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [filing.pk]})
    filing.refresh_from_db()


def test_the_form_validates_state_zip_phone_and_the_move_date(respondent_client, case):
    url = reverse("filings:address_change", args=[case.pk])
    for field, value, message in (
        ("state", "ZZ", "Select a valid choice"),
        ("postal_code", "627041234", "ZIP code"),
        ("phone", "12345", "area code"),
        ("moved_on", "2999-01-01", "cannot be in the future"),
    ):
        response = respondent_client.post(url, {**ADDRESS, field: value})
        assert response.status_code == 400 and message in response.content.decode(), field
    assert not AddressChange.objects.exists()


def test_the_eoir33_pdf_carries_the_answers_and_its_proof_of_service(respondent_client, case):
    respondent_client.post(reverse("filings:address_change", args=[case.pk]), ADDRESS)
    change = AddressChange.objects.get()
    lead = change.filing.documents.get(role="lead")
    text = stored_pdf_text(lead.storage_key)
    for expected in ("EOIR-33", "María Pérez", "45 New Road", "Unit 2", "62704-1234", "555-010-0123"):
        assert expected in text, expected
    assert "Proof of service" in text and "Department of Homeland Security" in text
    assert lead.scan_status == FilingDocument.ScanStatus.SCANNING  # checked like any lead document
    # The filer can read the form before filing it, once the virus check passed.
    FilingDocument.objects.filter(pk=lead.pk).update(scan_status=FilingDocument.ScanStatus.CLEAN)
    response = respondent_client.get(reverse("filings:document_download", args=[change.filing_id, lead.pk]))
    assert "45 New Road" in pdf_text(b"".join(response.streaming_content))


def test_filling_the_form_again_replaces_the_unfiled_draft(respondent_client, case):
    url = reverse("filings:address_change", args=[case.pk])
    respondent_client.post(url, ADDRESS)
    first = AddressChange.objects.get().filing
    assert "not filed yet" in respondent_client.get(url).content.decode()
    respondent_client.post(url, {**ADDRESS, "address_line1": "46 New Road"})
    first.refresh_from_db()
    assert first.status == Filing.Status.CANCELLED
    assert Filing.objects.filter(filing_type="address_change", status="draft").count() == 1


def test_accepted_change_updates_the_address_of_record_and_keeps_the_old_one(
    respondent_client, respondent, case, clerk_client, django_capture_on_commit_callbacks
):
    change = _file_change(respondent_client, case, django_capture_on_commit_callbacks)
    filing = change.filing
    assert {d.role for d in filing.documents.all()} == {"lead", "service"}
    assert filing.receipt_pdf_key and filing.receipt_number in stored_pdf_text(filing.receipt_pdf_key)
    respondent.refresh_from_db()
    assert respondent.address_line1 == OLD_LINE  # submitted, not yet accepted
    receipt = respondent_client.get(reverse("filings:receipt", args=[filing.pk])).content.decode()
    assert "45 New Road" in receipt and "once a clerk accepts" in receipt
    # The clerk sees both addresses on the filing before deciding.
    page = clerk_client.get(reverse("admin:filings_filing_change", args=[filing.pk])).content.decode()
    assert OLD_LINE in page and "45 New Road" in page

    _accept(clerk_client, filing, django_capture_on_commit_callbacks)
    assert filing.status == Filing.Status.ACCEPTED
    respondent.refresh_from_db()
    assert (respondent.address_line1, respondent.address_line2, respondent.postal_code) == (
        "45 New Road",
        "Unit 2",
        "62704-1234",
    )
    change.refresh_from_db()
    assert change.applied_at is not None and change.old_address["address_line1"] == OLD_LINE
    assert AuditEvent.objects.filter(action=AuditAction.RESPONDENT_ADDRESS_CHANGED, target_id=str(change.pk)).exists()
    assert RecordDocument.objects.filter(case=case, title="Change of address (EOIR-33)").exists()
    # The history of addresses stays visible to the clerk.
    history = clerk_client.get(reverse("admin:filings_addresschange_changelist")).content.decode()
    assert OLD_LINE in history and "45 New Road" in history and "Address of record changed" in history


def test_rejected_change_leaves_the_address_of_record_unchanged(
    respondent_client, respondent, case, clerk_client, django_capture_on_commit_callbacks
):
    change = _file_change(respondent_client, case, django_capture_on_commit_callbacks)
    data = {
        "action": "reject_selected",
        "_selected_action": [change.filing_id],
        "apply": "1",
        "reason_choice": "wrong_case",
        "reason_text": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        clerk_client.post(reverse(CHANGELIST), data)
    change.refresh_from_db()
    assert change.filing.status == Filing.Status.REJECTED and change.applied_at is None
    respondent.refresh_from_db()
    assert respondent.address_line1 == OLD_LINE
    page = respondent_client.get(reverse("filings:detail", args=[change.filing_id])).content.decode()
    assert "your address of record did not change" in page
    history = clerk_client.get(reverse("admin:filings_addresschange_changelist")).content.decode()
    assert "Not changed" in history


def test_no_uploads_and_no_removing_the_form_on_an_address_change(respondent_client, case):
    from filings.tests.conftest import upload

    respondent_client.post(reverse("filings:address_change", args=[case.pk]), ADDRESS)
    filing = AddressChange.objects.get().filing
    assert upload(respondent_client, filing).status_code == 400
    lead = filing.documents.get()
    respondent_client.post(reverse("filings:remove_document", args=[filing.pk, lead.pk]))
    assert filing.documents.count() == 1


def test_another_respondent_and_another_court_get_404(
    respondent_client, case, other_respondent, roles, other_court, django_capture_on_commit_callbacks
):
    from accounts.services import role_assign
    from accounts.tests.factories import StaffFactory

    change = _file_change(respondent_client, case, django_capture_on_commit_callbacks)
    stranger = login_verified(Client(), other_respondent.user)
    lead = change.filing.documents.get(role="lead")
    for url in (
        reverse("filings:address_receipt", args=[change.pk]),
        reverse("filings:document_download", args=[change.filing_id, lead.pk]),
        reverse("filings:receipt_pdf", args=[change.filing_id]),
    ):
        assert stranger.get(url).status_code == 404, url
    far_clerk = StaffFactory(email="far-clerk@example.org")
    role_assign(user=far_clerk, role_key="clerk")
    other_court.staff.add(far_clerk)
    far = login_verified(Client(), far_clerk)
    assert far.get(reverse("admin:filings_addresschange_change", args=[change.pk])).status_code == 404
    assert "45 New Road" not in far.get(reverse("admin:filings_addresschange_changelist")).content.decode()
