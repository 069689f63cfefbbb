"""Issue 13, finding 4: a clerk's record document gets the checks, disarming and virus scan that a
respondent's upload gets, before it is saved; nothing unscanned reaches the record."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from cases import services
from cases.admin.forms import RecordDocumentAdminForm
from cases.models import RecordDocument
from cases.tests.factories import CaseFactory
from cases.tests.pdfs import active_actions, eicar, pdf_with
from common.clamd import ScanResult
from tests.support import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(court):
    return CaseFactory(court=court)


def _post(client, case, content: bytes, name: str = "document.pdf"):
    data = {
        "case": case.pk,
        "title": "Notice to Appear",
        "category": "charging",
        "filed_by": "dhs",
        "filed_on": "2026-10-01",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "_save": "Save",
    }
    return client.post(reverse("admin:cases_recorddocument_add"), data)


def _file_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.errors.get("file", []))


def _nothing_saved():
    assert not RecordDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="recorddocument.created").exists()
    assert not default_storage.exists("record") or default_storage.listdir("record") == ([], [])


@pytest.mark.clamd
def test_a_clerk_uploading_eicar_in_a_pdf_gets_an_error_and_nothing_is_saved(client, clerk, case):
    login_verified(client, clerk)
    response = _post(client, case, pdf_with(payload=eicar()))
    assert "harmful content" in _file_errors(response)
    assert "Nothing was saved" in _file_errors(response)
    _nothing_saved()


@pytest.mark.clamd
def test_a_clerks_pdf_with_launch_and_web_links_is_stored_disarmed(client, clerk, case):
    login_verified(client, clerk)
    content = pdf_with(actions=True)
    assert {"/Launch", "/URI", "/GoToR", "/Rendition", "/Movie", "/Sound"} <= active_actions(content)
    response = _post(client, case, content)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = RecordDocument.objects.get(case=case)
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert active_actions(stored) == set()
    assert stored != content and (document.size, document.pages) == (len(stored), 1)
    event = AuditEvent.objects.get(action="recorddocument.created")
    assert {"launch", "web_link", "remote_file_link", "rendition", "movie", "sound"} <= set(event.data["removed"])
    assert event.data["scan"] == "clean"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00 a Windows program", "This file is not a PDF"),
        (b"", "empty"),
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n", "damaged or incomplete"),
    ],
    ids=["program", "empty", "truncated"],
)
def test_a_file_that_is_not_a_whole_pdf_is_refused_with_a_clear_error(client, clerk, case, content, message):
    login_verified(client, clerk)
    response = _post(client, case, content, name="renamed.pdf")
    errors = _file_errors(response)
    assert message in errors or "submitted file is empty" in errors
    _nothing_saved()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_the_virus_check_down_the_clerk_is_told_and_nothing_is_saved(client, clerk, case, settings):
    settings.CLAMD_PORT = _free_port()
    login_verified(client, clerk)
    response = _post(client, case, pdf_with())
    assert "virus check is not working right now" in _file_errors(response)
    _nothing_saved()


def test_a_file_the_virus_check_cannot_read_is_refused(client, clerk, case, monkeypatch):
    monkeypatch.setattr(services.record_documents, "scan_path", lambda path: ScanResult("unscannable", detail="limits"))
    login_verified(client, clerk)
    response = _post(client, case, pdf_with())
    assert "could not read this whole file" in _file_errors(response)
    _nothing_saved()


@pytest.mark.clamd
def test_the_error_is_in_spanish_for_a_spanish_speaking_clerk(clerk, case):
    from django.utils import translation

    form_data = {"case": case.pk, "title": "T", "category": "other", "filed_by": "court", "filed_on": "2026-10-01"}
    upload = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    with translation.override("es"):
        form = RecordDocumentAdminForm(form_data, {"file": upload})
        assert not form.is_valid()
        assert "PDF" in form.errors["file"][0] and "This file" not in form.errors["file"][0]


@pytest.mark.clamd
def test_the_service_checks_a_file_no_form_checked(clerk, case):
    upload = SimpleUploadedFile("x.pdf", pdf_with(payload=eicar()), content_type="application/pdf")
    document = RecordDocument(case=case, title="T", file=upload)
    with pytest.raises(ValidationError) as refused:
        services.record_document_add(document=document, actor=clerk)
    assert refused.value.code == "infected"
    _nothing_saved()
    clean = RecordDocument(case=case, title="T", file=SimpleUploadedFile("y.pdf", pdf_with(actions=True)))
    services.record_document_add(document=clean, actor=clerk)
    with clean.file.open("rb") as handle:
        assert active_actions(handle.read()) == set()
