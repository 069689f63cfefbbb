"""Issue 13, finding 5: every move the filing table forbids is refused and changes nothing; an
unscannable document blocks submission and acceptance; a stored file that has gone is a clear error
and an audit event, never a 500 or a half-made record."""

import threading

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.models import RecordDocument
from conftest import login_verified
from filings import services
from filings.models import Filing, FilingDocument
from filings.services import FilingError, filing_accept, filing_reject, filing_submit, filing_withdraw, review
from filings.tests.conftest import upload
from filings.tests.helpers import submit
from filings.tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:filings_filing_changelist"
S = Filing.Status


@pytest.fixture
def submitted(respondent_client, draft):
    upload(respondent_client, draft)
    upload(respondent_client, draft, role="supporting", title="Pay stubs")
    submit(respondent_client, draft)
    assert draft.status == S.SUBMITTED
    draft.documents.update(scan_status=FilingDocument.ScanStatus.CLEAN)
    return draft


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)


def _record_count(filing) -> int:
    return RecordDocument.objects.filter(case=filing.case).count()


def _refused(call, **kwargs) -> FilingError:
    with pytest.raises(FilingError) as refused:
        call(**kwargs)
    return refused.value


def test_a_second_accept_is_refused_and_adds_nothing_to_the_record(submitted, clerk):
    filing_accept(filing=submitted, actor=clerk)
    added = _record_count(submitted)
    assert added == 3  # two documents and the certificate of service
    error = _refused(filing_accept, filing=submitted, actor=clerk)
    assert error.code == "invalid_transition" and "accepted" in error.message
    assert _record_count(submitted) == added
    assert AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED).count() == 1


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("reject", "accept"),
        ("withdraw", "accept"),
        ("accept", "reject"),
        ("accept", "withdraw"),
        ("reject", "withdraw"),
        ("withdraw", "reject"),
        ("accept", "submit"),
        ("reject", "submit"),
    ],
)
def test_a_decided_or_withdrawn_filing_stays_as_it_is(submitted, clerk, first, then):
    moves = {
        "accept": lambda: filing_accept(filing=submitted, actor=clerk),
        "reject": lambda: filing_reject(filing=submitted, actor=clerk, reason="Wrong court"),
        "withdraw": lambda: filing_withdraw(filing=submitted, actor=submitted.filed_by),
        "submit": lambda: filing_submit(filing=submitted, actor=submitted.filed_by, service_certified=True),
    }
    moves[first]()
    submitted.refresh_from_db()
    before = (submitted.status, submitted.reviewed_at, submitted.rejection_reason, _record_count(submitted))
    events = AuditEvent.objects.count()
    with pytest.raises(FilingError):
        moves[then]()
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reviewed_at, submitted.rejection_reason, _record_count(submitted)) == before
    assert AuditEvent.objects.count() == events


def test_submitting_twice_keeps_the_first_stamp_and_receipt(respondent_client, draft):
    upload(respondent_client, draft)
    submit(respondent_client, draft)
    stamp, receipt = draft.submitted_at, draft.receipt_number
    again = respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    assert again.status_code in (200, 302, 400)
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.receipt_number) == (S.SUBMITTED, stamp, receipt)
    assert AuditEvent.objects.filter(action=AuditAction.FILING_SUBMITTED).count() == 1
    assert _refused(filing_submit, filing=draft, actor=draft.filed_by, service_certified=True).code == (
        "invalid_transition"
    )


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_at_once_add_the_documents_once(submitted, clerk, supervisor):
    barrier, outcomes = threading.Barrier(2), []

    def accept(actor):
        try:
            barrier.wait()
            filing_accept(filing=Filing.objects.get(pk=submitted.pk), actor=actor)
            outcomes.append("accepted")
        except FilingError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(actor,)) for actor in (clerk, supervisor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["accepted", "invalid_transition"]
    assert _record_count(submitted) == 3
    assert AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED).count() == 1


def test_an_unscannable_document_blocks_submission(respondent_client, draft):
    upload(respondent_client, draft)
    draft.documents.update(scan_status=FilingDocument.ScanStatus.UNSCANNABLE)
    response = respondent_client.post(reverse("filings:submit", args=[draft.pk]), {"service_certified": "on"})
    assert "could not be accepted by the virus check" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and not draft.receipt_number


def test_a_document_that_turns_out_unscannable_blocks_acceptance(submitted, clerk):
    submitted.documents.filter(role="supporting").update(scan_status=FilingDocument.ScanStatus.UNSCANNABLE)
    error = _refused(filing_accept, filing=submitted, actor=clerk)
    assert "virus check" in error.message
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and _record_count(submitted) == 0


def test_a_missing_stored_file_stops_acceptance_with_a_clear_message_and_an_audit(clerk_client, submitted, clerk):
    lead = submitted.documents.get(role="lead")
    default_storage.delete(lead.storage_key)
    response = clerk_client.post(
        reverse(CHANGELIST), {"action": "accept_selected", "_selected_action": [submitted.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "is missing from storage" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and _record_count(submitted) == 0
    event = AuditEvent.objects.get(action=AuditAction.FILING_DOCUMENT_FILE_MISSING)
    assert (event.target_id, event.outcome, event.actor) == (str(lead.pk), "failure", clerk)
    assert event.case_id == submitted.case_id


def test_a_file_that_vanishes_during_acceptance_rolls_everything_back(submitted, clerk, monkeypatch):
    monkeypatch.setattr(review, "_missing_files", lambda filing: [])  # it was there when we looked
    default_storage.delete(submitted.documents.get(role="supporting").storage_key)
    error = _refused(filing_accept, filing=submitted, actor=clerk)
    assert error.code == "file_missing"
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED and _record_count(submitted) == 0
    assert not AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED).exists()


def test_an_upload_racing_a_submission_is_refused_and_its_file_deleted(
    respondent_client, draft, django_capture_on_commit_callbacks, tmp_path
):
    upload(respondent_client, draft)
    stale = Filing.objects.get(pk=draft.pk)  # read as a draft by the upload request...
    submit(respondent_client, draft)  # ...then filed by a second tab before the upload is saved
    path = tmp_path / "late.pdf"
    path.write_bytes(make_pdf())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(FilingError):
        services.document_upload(
            filing=stale, actor=draft.filed_by, role="supporting", title="Late", path=path, original_name="late.pdf"
        )
    assert draft.documents.count() == 1
    folders = default_storage.listdir("uploads")[0]
    on_disk = {
        f"uploads/{folder}/{name}" for folder in folders for name in default_storage.listdir(f"uploads/{folder}")[1]
    }
    assert on_disk == {d.storage_key for d in FilingDocument.objects.all()}  # the late file is gone


def test_a_missing_filing_document_is_a_404_for_the_filer_not_a_500(respondent_client, submitted):
    lead = submitted.documents.get(role="lead")
    default_storage.delete(lead.storage_key)
    response = respondent_client.get(reverse("filings:document_download", args=[submitted.pk, lead.pk]))
    assert response.status_code == 404
    assert "missing from the court" in response.text
