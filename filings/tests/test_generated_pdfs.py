"""The certificate of service and the receipt PDF made after submission: content, storage, download."""

import datetime
import hashlib

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from conftest import login_verified
from filings.models import Filing, FilingDocument
from filings.services import filing_pdfs_render, filing_pdfs_sweep
from filings.tests.conftest import upload
from filings.tests.helpers import pdf_text, stored_pdf_text, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(respondent_client, draft, django_capture_on_commit_callbacks):
    upload(respondent_client, draft)
    upload(respondent_client, draft, role="supporting", title="Pay stubs")
    response = submit(respondent_client, draft, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and draft.status == Filing.Status.SUBMITTED
    return draft


def test_submitting_makes_a_certificate_of_service_document_and_a_receipt_pdf(filed):
    stamp = filed.submitted_at_local
    certificate = filed.documents.get(role=FilingDocument.Role.SERVICE)
    assert certificate.generated and certificate.is_clean and certificate.title == "Certificate of service"
    with default_storage.open(certificate.storage_key, "rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == certificate.sha256 and len(content) == certificate.size
    text = pdf_text(content)
    assert filed.receipt_number in text
    assert "Department of Homeland Security" in text and "María Pérez" in text
    assert stamp.strftime("%B %-d, %Y") in text and "America/Chicago" in text
    assert "Motion to change venue" in text and "Pay stubs" in text

    assert filed.receipt_pdf_key and filed.receipt_rendered_at
    receipt = stored_pdf_text(filed.receipt_pdf_key)
    assert filed.receipt_number in receipt and "America/Chicago" in receipt
    assert stamp.strftime("%-I:%M:%S %p") in receipt  # the court-time stamp, to the second
    assert certificate.sha256 in receipt.replace(" ", "")  # the receipt lists the certificate too
    assert "español" not in receipt.lower()  # English-only filer: one language
    assert AuditEvent.objects.filter(
        action=AuditAction.FILING_DOCUMENT_GENERATED, target_id=str(certificate.pk)
    ).exists()
    assert AuditEvent.objects.filter(action=AuditAction.FILING_RECEIPT_RENDERED, target_id=str(filed.pk)).exists()


def test_rendering_again_changes_nothing(filed):
    key, certificate_ids = filed.receipt_pdf_key, list(filed.documents.filter(role="service").values_list("pk"))
    assert filing_pdfs_render(filing_id=filed.pk)
    filed.refresh_from_db()
    assert filed.receipt_pdf_key == key
    assert list(filed.documents.filter(role="service").values_list("pk")) == certificate_ids


def test_a_spanish_speaking_filer_gets_both_languages(respondent_client, draft, django_capture_on_commit_callbacks):
    user = draft.filed_by
    user.preferred_language = "es"
    user.save(update_fields=["preferred_language"])
    upload(respondent_client, draft)
    submit(respondent_client, draft, django_capture_on_commit_callbacks)
    receipt = stored_pdf_text(draft.receipt_pdf_key)
    assert "Filing receipt" in receipt and "español" in receipt.lower()
    assert receipt.count(draft.receipt_number) >= 2  # stamped in each language's section
    certificate = draft.documents.get(role="service")
    assert "Certificate of service" in stored_pdf_text(certificate.storage_key)


def test_receipt_pdf_download_is_the_filers_own_and_audited(respondent_client, filed):
    page = respondent_client.get(reverse("filings:receipt", args=[filed.pk])).content.decode()
    assert reverse("filings:receipt_pdf", args=[filed.pk]) in page
    assert filed.submitted_at_local.strftime("%-I:%M:%S") in page  # court time, not the server's UTC
    response = respondent_client.get(reverse("filings:receipt_pdf", args=[filed.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == filed.receipt_pdf_sha256
    assert filed.receipt_number in pdf_text(content)
    assert AuditEvent.objects.filter(action=AuditAction.FILING_RECEIPT_DOWNLOADED, target_id=str(filed.pk)).exists()


def test_the_filer_downloads_the_certificate_once_it_exists(respondent_client, filed):
    certificate = filed.documents.get(role="service")
    url = reverse("filings:document_download", args=[filed.pk, certificate.pk])
    assert url in respondent_client.get(reverse("filings:receipt", args=[filed.pk])).content.decode()
    response = respondent_client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert filed.receipt_number in pdf_text(b"".join(response.streaming_content))
    assert AuditEvent.objects.filter(
        action=AuditAction.FILING_DOCUMENT_DOWNLOADED, target_id=str(certificate.pk)
    ).exists()
    # An upload still being checked for viruses is not served, even to its filer.
    pending = filed.documents.get(role="lead")
    response = respondent_client.get(reverse("filings:document_download", args=[filed.pk, pending.pk]))
    assert response.status_code == 302


def test_every_new_url_answers_404_to_another_respondent(filed, other_respondent):
    client = login_verified(Client(), other_respondent.user)
    certificate = filed.documents.get(role="service")
    for url in (
        reverse("filings:receipt_pdf", args=[filed.pk]),
        reverse("filings:document_download", args=[filed.pk, certificate.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.FILING_RECEIPT_DOWNLOADED, AuditAction.FILING_DOCUMENT_DOWNLOADED]
    )


def test_receipt_pdf_not_made_yet_sends_back_to_the_receipt_page_and_the_sweep_makes_it(
    respondent_client, draft, django_capture_on_commit_callbacks
):
    upload(respondent_client, draft)
    submit(respondent_client, draft)  # on-commit work not run: as if the render message were lost
    response = respondent_client.get(reverse("filings:receipt_pdf", args=[draft.pk]), follow=True)
    assert "being prepared" in response.content.decode()
    Filing.objects.filter(pk=draft.pk).update(submitted_at=draft.submitted_at - datetime.timedelta(hours=1))
    assert filing_pdfs_sweep() == [draft.pk]  # eager in tests: rendered at once
    draft.refresh_from_db()
    assert draft.receipt_pdf_key and draft.documents.filter(role="service").exists()
    assert filing_pdfs_sweep() == []
