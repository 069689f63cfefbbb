"""A body far past the size cap is refused before it is read; each upload error links to its help answer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from conftest import login_verified
from filings.forms import DocumentUploadForm
from filings.models import Filing
from filings.tests.conftest import upload
from filings.tests.pdfs import PNG, make_pdf
from guidance.content import ANSWERS, answer_url

pytestmark = pytest.mark.django_db


def _oversized_post(client, filing, settings):
    """A small multipart body announced as far larger: the view must answer from the header alone
    (the test client refuses to read past the real body, so a view that read it would fail here)."""
    file = SimpleUploadedFile("big.pdf", make_pdf(), content_type="application/pdf")
    announced = settings.FILINGS_MAX_UPLOAD_BYTES + 5 * 1024 * 1024
    return client.post(
        reverse("filings:upload", args=[filing.pk]),
        {"role": "supporting", "title": "Huge scan", "file": file},
        CONTENT_LENGTH=str(announced),
    )


def test_an_oversized_body_is_refused_early_and_the_draft_is_kept(respondent_client, draft, settings):
    assert upload(respondent_client, draft).status_code == 302
    response = _oversized_post(respondent_client, draft, settings)
    assert response.status_code == 413
    assert response["Connection"] == "close"
    page = response.content.decode()
    assert "larger than 25" in page and "your draft and its documents are kept" in page
    assert f'href="{answer_url("file-size")}"' in page
    assert "Motion to change venue" in page  # the draft page, with its document
    draft.refresh_from_db()
    assert draft.status == Filing.Status.DRAFT and draft.documents.count() == 1


def test_an_oversized_body_to_someone_elses_filing_is_a_404(draft, other_respondent, settings):
    client = login_verified(Client(), other_respondent.user)
    assert _oversized_post(client, draft, settings).status_code == 404


def test_a_body_just_under_the_margin_is_read_as_usual(respondent_client, draft, settings):
    settings.FILINGS_MAX_UPLOAD_BYTES = 1024  # the streamed check then refuses the file itself
    response = upload(respondent_client, draft, content=make_pdf(padding=4096))
    assert response.status_code == 400
    assert f'href="{answer_url("file-size")}"' in response.content.decode()


@pytest.mark.parametrize(
    ("content", "anchor"),
    [
        (PNG, "file-format"),
        (b"", "file-format"),
        (make_pdf(password="secret"), "file-format"),
    ],
)
def test_each_upload_check_failure_links_to_the_answer_that_fixes_it(respondent_client, draft, content, anchor):
    response = upload(respondent_client, draft, content=content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "portal-error-help" in page
    assert f'href="{escape(answer_url(anchor))}"' in page


def test_a_second_lead_document_links_to_how_filing_works(respondent_client, draft):
    upload(respondent_client, draft)
    # A forged form: the page offers only "supporting" once a lead exists.
    response = upload(respondent_client, draft, role="lead")
    assert response.status_code == 400
    assert f'href="{answer_url("file-document")}"' in response.content.decode()


def test_every_upload_error_points_at_an_answer_that_exists():
    assert set(DocumentUploadForm.error_help.values()) <= set(ANSWERS)
