"""Drafts and uploads over HTTP: every check, and nothing else in the draft lost when one fails."""

import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from filings.models import Filing, FilingDocument
from filings.tests.conftest import upload
from filings.tests.pdfs import A4, PNG, ZIP, make_pdf

pytestmark = pytest.mark.django_db


def stored_keys(prefix="uploads"):
    keys = []
    try:
        folders = default_storage.listdir(prefix)[0]
    except FileNotFoundError:
        return keys
    for folder in folders:
        keys += [f"{prefix}/{folder}/{name}" for name in default_storage.listdir(f"{prefix}/{folder}")[1]]
    return keys


def test_draft_is_saved_and_a_valid_pdf_is_stored_under_a_random_key(respondent_client, draft):
    content = make_pdf(pages=3)
    response = upload(respondent_client, draft, content=content, name="../../etc/My motion.pdf")
    assert response.status_code == 302
    document = draft.documents.get()
    assert document.role == "lead" and document.pages == 3 and document.size == len(content)
    assert document.scan_status == FilingDocument.ScanStatus.SCANNING
    assert document.original_name == "My motion.pdf"
    assert document.storage_key.startswith("uploads/") and "motion" not in document.storage_key
    with default_storage.open(document.storage_key, "rb") as stored:
        assert stored.read() == content
    import hashlib

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert AuditEvent.objects.filter(action=AuditAction.FILING_DOCUMENT_UPLOADED, target_id=str(document.pk)).exists()
    # A later session finds the draft as it was left.
    page = respondent_client.get(reverse("filings:detail", args=[draft.pk]))
    assert "Motion to change venue" in page.content.decode()
    assert respondent_client.get(reverse("filings:list")).status_code == 200


def test_oversize_upload_is_cut_off_and_keeps_the_rest_of_the_draft(respondent_client, draft, settings):
    assert upload(respondent_client, draft).status_code == 302
    settings.FILINGS_MAX_UPLOAD_BYTES = 50_000
    big = make_pdf(padding=80_000)
    response = upload(respondent_client, draft, content=big, role="supporting", title="Letter from my employer")
    assert response.status_code == 400
    body = response.content.decode()
    assert "larger than" in body
    assert 'value="Letter from my employer"' in body  # the typed title survives
    assert "Motion to change venue" in body  # the other document is still in the draft
    assert draft.documents.count() == 1
    assert len(stored_keys()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (PNG, "not a PDF"),
        (ZIP, "not a PDF"),
        (b"", "empty"),
        (make_pdf()[:-200], "damaged or incomplete"),
        (make_pdf(password="secret"), "password"),
        (make_pdf(password=""), "password"),
    ],
    ids=["png", "zip", "empty", "truncated", "encrypted", "owner-password-only"],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(respondent_client, draft, content, message):
    response = upload(respondent_client, draft, content=content, title="My evidence", name="evidence.pdf")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="My evidence"' in body
    assert not draft.documents.exists()
    assert stored_keys() == []


def test_active_content_is_removed_listed_and_gone_from_the_stored_file(respondent_client, draft):
    content = make_pdf(javascript=True, open_action=True, launch=True, embedded=True)
    response = upload(respondent_client, draft, content=content)
    assert response.status_code == 302
    document = draft.documents.get()
    assert set(document.removed_active_content) == {
        "javascript",
        "open_action",
        "additional_actions",
        "launch",
        "embedded_files",
    }
    with default_storage.open(document.storage_key, "rb") as stored:
        data = stored.read()
    assert b"app.alert" not in data and b"this.print" not in data and b"cmd.exe" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/OpenAction" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert len(pdf.attachments) == 0
    page = respondent_client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
    assert "JavaScript" in page and "An action that runs when the file is opened" in page


def test_non_letter_pages_warn_and_the_filer_can_accept(respondent_client, draft):
    upload(respondent_client, draft, content=make_pdf(pages=2, size=A4))
    document = draft.documents.get()
    assert [p["page"] for p in document.non_letter_pages] == [1, 2]
    page = respondent_client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
    assert "US Letter" in page
    blocked = respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    assert blocked.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Filing.Status.DRAFT
    respondent_client.post(reverse("filings:accept_page_size", args=[draft.pk, document.pk]))
    document.refresh_from_db()
    assert document.page_size_warning_accepted
    done = respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    assert done.status_code == 302


def test_second_lead_document_is_refused(respondent_client, draft):
    upload(respondent_client, draft)
    response = upload(respondent_client, draft, title="Another lead", role="lead")
    assert response.status_code == 400
    assert draft.documents.count() == 1


def test_removing_a_draft_document_deletes_its_file(respondent_client, draft, django_capture_on_commit_callbacks):
    upload(respondent_client, draft)
    document = draft.documents.get()
    with django_capture_on_commit_callbacks(execute=True):
        respondent_client.post(reverse("filings:remove_document", args=[draft.pk, document.pk]))
    assert not draft.documents.exists()
    assert not default_storage.exists(document.storage_key)
