"""Issue 13, finding 5: a record document whose stored file has gone answers a clear 404 page, and
staff can see it in the audit log; never a 500, never a download that breaks halfway."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import RecordZip
from cases.tests.test_downloads import body, document_with

pytestmark = pytest.mark.django_db

MISSING = "This file is missing from the court"


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def gone(case):
    document = document_with(case, b"%PDF-1.4 gone " * 50, title="Order")
    document.file.storage.delete(document.file.name)
    return document


@pytest.mark.parametrize("view", ["cases:document_download", "cases:document_view"])
@pytest.mark.parametrize("range_header", ["", "bytes=10-"])
def test_a_missing_document_is_a_404_page_that_says_so_and_is_audited(
    respondent_client, respondent, gone, view, range_header
):
    headers = {"Range": range_header} if range_header else {}
    response = respondent_client.get(reverse(view, args=[gone.pk]), headers=headers)
    assert response.status_code == 404
    assert MISSING in response.content.decode()
    event = AuditEvent.objects.get(action="stored_file.missing")
    assert (event.outcome, event.actor) == ("failure", respondent.user)
    assert event.data == {"path": reverse(view, args=[gone.pk])}


def test_a_record_with_a_missing_document_is_a_404_not_half_an_archive(
    respondent_client, case, gone, django_capture_on_commit_callbacks
):
    document_with(case, b"%PDF-1.4 here " * 50, title="Notice")
    url = reverse("cases:record_download", args=[case.pk])
    with django_capture_on_commit_callbacks(execute=False):
        response = respondent_client.get(url)
    assert response.status_code == 404 and not response.streaming
    assert MISSING in response.content.decode()
    assert AuditEvent.objects.filter(action="stored_file.missing", outcome="failure").count() == 1
    assert not RecordZip.objects.filter(status=RecordZip.Status.READY).exists()


def test_the_other_documents_still_download(respondent_client, case, gone):
    present = document_with(case, b"%PDF-1.4 here " * 50, title="Notice")
    response = respondent_client.get(reverse("cases:document_download", args=[present.pk]))
    assert response.status_code == 200 and body(response) == b"%PDF-1.4 here " * 50


def test_a_clerk_opening_a_missing_record_document_gets_the_404_page_too(client, clerk, court):
    from cases.tests.factories import CaseFactory
    from tests.support import login_verified

    document = document_with(CaseFactory(court=court), b"%PDF-1.4 gone " * 50, title="Order")
    document.file.storage.delete(document.file.name)
    login_verified(client, clerk)
    response = client.get(reverse("admin:cases_recorddocument_file", args=[document.pk]))
    assert response.status_code == 404 and MISSING in response.content.decode()
    assert AuditEvent.objects.filter(action="stored_file.missing", actor=clerk).count() == 1
