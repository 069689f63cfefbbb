"""The scanning pipeline against the real local clamd (scripts/clamd ensure)."""

import datetime
import socket

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from common.clamd import ClamdUnavailable, parse_reply, scan_stream
from filings.models import Filing, FilingDocument
from filings.tasks import MAX_SCAN_RETRIES, stuck_work_sweep
from filings.tests.conftest import upload
from filings.tests.pdfs import eicar, make_pdf
from portal.celery import app

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_clamd_replies_are_read_plainly():
    assert parse_reply(b"stream: OK").verdict == "clean"
    assert parse_reply(b"stream: Portal.Test.EICAR.UNOFFICIAL FOUND").signature == "Portal.Test.EICAR.UNOFFICIAL"
    assert parse_reply(b"INSTREAM size limit exceeded. ERROR").verdict == "unscannable"
    assert parse_reply(b"stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND").verdict == "unscannable"
    with pytest.raises(ClamdUnavailable):
        parse_reply(b"")


@pytest.mark.clamd
def test_clean_upload_is_scanned_clean(respondent_client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(respondent_client, draft)
    document = draft.documents.get()
    assert document.scan_status == FilingDocument.ScanStatus.CLEAN
    assert document.scan_attempts == 1


@pytest.mark.clamd
@pytest.mark.parametrize("inside_pdf", [True, False], ids=["eicar-in-pdf-stream", "eicar-plain"])
def test_infected_upload_rejects_the_filing_and_is_quarantined(
    respondent_client, draft, django_capture_on_commit_callbacks, inside_pdf
):
    if inside_pdf:
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(respondent_client, draft, content=make_pdf(payload=eicar()))
        assert response.status_code == 302
        document = draft.documents.get()
        assert document.scan_status == FilingDocument.ScanStatus.INFECTED
        assert document.scan_signature == "Portal.Test.EICAR.UNOFFICIAL"
        assert document.storage_key.startswith("quarantine/")
        draft.refresh_from_db()
        assert draft.status == Filing.Status.REJECTED
        assert "harmful content" in draft.rejection_reason
        assert any("harmful content" in message.body for message in mail.outbox)
        page = respondent_client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
        assert "The court rejected this filing" in page
        assert not default_storage.exists(document.storage_key.replace("quarantine/", "uploads/"))
    else:
        # The plain test string is not a PDF: refused before it is ever stored or scanned.
        response = upload(respondent_client, draft, content=eicar(), name="eicar.pdf")
        assert response.status_code == 400 and "not a PDF" in response.content.decode()
        import io

        assert scan_stream(io.BytesIO(eicar())).verdict == "infected"


@pytest.mark.clamd
def test_clamd_down_leaves_scanning_then_the_sweep_finishes(
    respondent_client, draft, settings, django_capture_on_commit_callbacks, monkeypatch
):
    real_port = settings.CLAMD_PORT
    settings.CLAMD_PORT = free_port()
    # As a worker does: each retry runs (here at once, in-process) and fails; then the task gives up.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    with django_capture_on_commit_callbacks(execute=True):
        upload(respondent_client, draft)
    document = draft.documents.get()
    assert document.scan_status == FilingDocument.ScanStatus.SCANNING
    assert document.scan_attempts == 1 + MAX_SCAN_RETRIES and "connect" in document.scan_last_error
    # Submitting is still allowed: a slow scanner must not cost a deadline.
    respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    draft.refresh_from_db()
    assert draft.status == Filing.Status.SUBMITTED
    settings.CLAMD_PORT = real_port
    assert stuck_work_sweep() == 0  # not stuck long enough yet
    FilingDocument.objects.update(scan_requested_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert stuck_work_sweep() == 1
    document.refresh_from_db()
    assert document.scan_status == FilingDocument.ScanStatus.CLEAN and document.scan_attempts == 2 + MAX_SCAN_RETRIES
