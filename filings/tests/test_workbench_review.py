"""The side-by-side review in the clerk admin: the facts and the inline documents, decisions with a
reason from the supervisors' list, "... and open the next" (oldest first, own courts only), and the
refusals: a scan not clean, "other" without words, another court's filing, two clerks at once."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from audit.actions import AuditAction
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, HearingFactory
from conftest import login_verified
from filings.demo import DocumentSpec
from filings.models import Filing, FilingDocument, ReviewReason
from filings.services import FilingError, filing_decide
from filings.tests.workbench_support import ensure_reasons, queued

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reasons(django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reasons()


def page(filing) -> str:
    return reverse("admin:filings_filing_change", args=[filing.pk])


def decide_url(filing) -> str:
    return reverse("admin:filings_filing_decide", args=[filing.pk])


def reason(code: str) -> ReviewReason:
    return ReviewReason.objects.get(code=code)


def accept(client, filing, *, code="complete", note="", open_next=True):
    data = {"decision": "accept", "accept-reason": reason(code).pk, "accept-note": note}
    if open_next:
        data["open_next"] = "1"
    return client.post(decide_url(filing), data)


def reject(client, filing, *, code="illegible", note="", open_next=True):
    data = {"decision": "reject", "reject-reason": reason(code).pk, "reject-note": note}
    if open_next:
        data["open_next"] = "1"
    return client.post(decide_url(filing), data)


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)


def _clerk_of(court, email):
    user = StaffFactory(email=email, first_name="Robin", last_name="Other")
    role_assign(user=user, role_key="clerk")
    court.staff.add(user)
    return user


def test_the_seeded_reasons_are_there_and_other_needs_words():
    codes = set(ReviewReason.objects.filter(active=True).values_list("code", flat=True))
    assert {"complete", "accept-other", "illegible", "wrong-case", "incomplete", "no-translation", "other"} <= codes
    assert reason("other").requires_text and reason("accept-other").requires_text


def test_review_page_shows_the_facts_next_to_the_documents(clerk_client, court):
    case = CaseFactory(court=court)
    HearingFactory(case=case, starts_at=timezone.now() + datetime.timedelta(days=12))
    earlier = queued(court, minutes_ago=60 * 24 * 30, case=case, status=Filing.Status.ACCEPTED)
    filing = queued(
        court,
        minutes_ago=90,
        case=case,
        documents=(
            DocumentSpec(
                "Letters of support",
                removed_active_content=("javascript",),
                non_letter_pages=({"page": 2, "width_in": 8.27, "height_in": 11.69},),
            ),
        ),
        deadline_due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = clerk_client.get(page(filing))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.respondent.full_name in html and case.respondent.a_number_display in html
    assert "in 12 days" in html or "in 11 days" in html  # court time zone against UTC "today"
    assert "Filed after the documents deadline." in html
    assert "Active content removed: JavaScript" in html
    assert "page 2 (8.27 \u00d7 11.69 in)" in html
    assert str(earlier) in html
    lead = filing.documents.get(role="lead")
    inline = reverse("admin:filings_filing_document_inline", args=[filing.pk, lead.pk])
    assert f'src="{inline}"' in html and 'name="document-viewer"' in html
    assert "Accept and open the next" in html and "Reject and open the next" in html


def test_the_inline_document_may_be_framed_by_this_site_only_and_is_audited(clerk_client, court):
    filing = queued(court, minutes_ago=5)
    lead = filing.documents.get(role="lead")
    response = clerk_client.get(reverse("admin:filings_filing_document_inline", args=[filing.pk, lead.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.FILING_DOCUMENT_DOWNLOADED, target_id=str(lead.pk)).exists()
    # Every other response keeps the site's policy: never framed.
    download = clerk_client.get(reverse("admin:filings_filing_document", args=[filing.pk, lead.pk]))
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in download["Content-Security-Policy"]
    assert clerk_client.get(page(filing))["X-Frame-Options"] == "DENY"


def test_accept_and_open_the_next_goes_oldest_first_within_the_clerks_courts(clerk_client, court, other_court):
    newest = queued(court, minutes_ago=5)
    oldest = queued(court, minutes_ago=300)
    middle = queued(court, minutes_ago=60)
    queued(other_court, minutes_ago=10_000)  # older than all, but another court's
    address = queued(court, minutes_ago=1000, filing_type=Filing.FilingType.ADDRESS_CHANGE)  # another queue
    queued(court, minutes_ago=2000, scan=FilingDocument.ScanStatus.SCANNING)  # not ready to decide

    response = accept(clerk_client, oldest)
    assert response.status_code == 302 and response["Location"] == page(middle)
    response = reject(clerk_client, middle, note="Page 2 is blank.")
    assert response["Location"] == page(newest)
    response = accept(clerk_client, newest)
    assert response["Location"] == reverse("admin:index")  # the queue is empty
    follow = clerk_client.get(response["Location"])
    assert "this queue is empty" in follow.content.decode()

    for filing, status in ((oldest, "accepted"), (middle, "rejected"), (newest, "accepted")):
        filing.refresh_from_db()
        assert filing.status == status
    middle.refresh_from_db()
    assert middle.rejection_reason == "The document cannot be read. Page 2 is blank."
    assert middle.review_reason == reason("illegible") and middle.reviewed_by is not None
    address.refresh_from_db()
    assert address.status == Filing.Status.SUBMITTED
    event = AuditEvent.objects.get(action=AuditAction.FILING_ACCEPTED, target_id=str(oldest.pk))
    assert event.data["reason"] == "complete"


def test_without_open_next_the_clerk_goes_back_to_the_queue(clerk_client, court):
    filing = queued(court, minutes_ago=5)
    response = accept(clerk_client, filing, open_next=False)
    assert response["Location"] == reverse("admin:filings_filing_changelist") + "?queue=review"


def test_other_without_words_is_refused_and_nothing_changes(clerk_client, court):
    filing = queued(court, minutes_ago=5)
    response = reject(clerk_client, filing, code="other", note="   ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "This reason needs an explanation: write it in the box." in html
    assert f'value="{reason("other").pk}" checked' in html or "checked" in html  # the choice is kept
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED
    assert not AuditEvent.objects.filter(action=AuditAction.FILING_REJECTED).exists()
    # With words, the words are the reason the respondent reads.
    reject(clerk_client, filing, code="other", note="The motion names another respondent.")
    filing.refresh_from_db()
    assert filing.status == Filing.Status.REJECTED
    assert filing.rejection_reason == "The motion names another respondent."


def test_a_reason_of_the_other_decision_or_switched_off_is_refused(clerk_client, court):
    filing = queued(court, minutes_ago=5)
    response = clerk_client.post(
        decide_url(filing), {"decision": "accept", "accept-reason": reason("illegible").pk, "open_next": "1"}
    )
    assert response.status_code == 400 and "Choose a reason from the list." in response.content.decode()
    ReviewReason.objects.filter(code="complete").update(active=False)
    assert accept(clerk_client, filing).status_code == 400
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_accepting_a_filing_whose_scan_is_not_clean_is_refused(clerk_client, court):
    filing = queued(court, minutes_ago=30, scan=FilingDocument.ScanStatus.SCANNING)
    html = clerk_client.get(page(filing)).content.decode()
    assert "cannot be accepted yet" in html
    response = accept(clerk_client, filing, note="typed before the refusal")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Every document must pass the virus check" in html
    assert "typed before the refusal" in html  # nothing the clerk typed is lost
    filing.refresh_from_db()
    assert filing.status == Filing.Status.SUBMITTED


def test_a_filing_of_another_court_is_404_and_the_attempt_is_audited(clerk, clerk_client, other_court):
    foreign = queued(other_court, minutes_ago=5)
    assert clerk_client.get(page(foreign)).status_code == 404
    assert accept(clerk_client, foreign).status_code == 404
    lead = foreign.documents.get(role="lead")
    inline = reverse("admin:filings_filing_document_inline", args=[foreign.pk, lead.pk])
    assert clerk_client.get(inline).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Filing.Status.SUBMITTED
    refused = AuditEvent.objects.filter(action=AuditAction.FILING_OPEN_REFUSED, actor=clerk)
    assert refused.count() == 2
    assert {e.outcome for e in refused} == {AuditEvent.Outcome.DENIED}
    assert {e.target_id for e in refused} == {str(foreign.pk)}


def test_the_second_clerk_is_told_plainly_who_decided_first(clerk_client, court):
    filing = queued(court, minutes_ago=5)
    first = _clerk_of(court, "first.clerk@example.org")
    filing_decide(filing=filing, actor=first, decision="reject", review_reason=reason("wrong-case"))
    response = accept(clerk_client, filing)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else decided this filing a moment ago: Robin Other rejected it." in html
    filing.refresh_from_db()
    assert filing.status == Filing.Status.REJECTED


@pytest.mark.django_db(transaction=True)
def test_two_clerks_accepting_at_once_one_wins(court, roles, monkeypatch):
    """PostgreSQL row lock: both pass the first check, one waits for the other, then finds it decided."""
    from filings.services import review

    filing = queued(court, minutes_ago=5)
    clerks = [_clerk_of(court, f"racer{i}@example.org") for i in range(2)]
    start = threading.Barrier(2)
    original = review._missing_files

    def slow_missing_files(f):  # after the unlocked check, before the lock: both are in the window
        start.wait(timeout=10)
        return original(f)

    monkeypatch.setattr(review, "_missing_files", slow_missing_files)
    outcomes = [None, None]

    def run(i):
        try:
            filing_decide(filing=filing, actor=clerks[i], decision="accept", review_reason=reason("complete"))
            outcomes[i] = "accepted"
        except FilingError as exc:
            outcomes[i] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == ["accepted", "invalid_transition"]
    filing.refresh_from_db()
    assert filing.status == Filing.Status.ACCEPTED
    assert AuditEvent.objects.filter(action=AuditAction.FILING_ACCEPTED, target_id=str(filing.pk)).count() == 1
    assert filing.case.documents.filter(filed_by="respondent").count() == 2  # the record got one copy


def test_supervisors_keep_the_reasons_clerks_only_use_them(client, clerk, supervisor):
    add = reverse("admin:filings_reviewreason_add")
    login_verified(client, clerk)
    assert client.get(add).status_code == 403
    login_verified(client, supervisor)
    response = client.post(
        add,
        {
            "decision": "reject",
            "label": "The signature is missing.",
            "code": "no-signature",
            "position": 50,
            "active": "on",
        },
    )
    assert response.status_code == 302
    created = ReviewReason.objects.get(code="no-signature")
    assert created.active
    event = AuditEvent.objects.get(action=AuditAction.REVIEW_REASON_CREATED, target_id=str(created.pk))
    assert event.actor == supervisor
    change = reverse("admin:filings_reviewreason_change", args=[created.pk])
    client.post(change, {"decision": "reject", "label": "The signature is missing.", "code": "no-signature",
                         "position": 50, "active": ""})  # fmt: skip
    created.refresh_from_db()
    assert created.active is False
    assert AuditEvent.objects.filter(action=AuditAction.REVIEW_REASON_CHANGED, target_id=str(created.pk)).exists()
    assert client.post(reverse("admin:filings_reviewreason_delete", args=[created.pk])).status_code == 403
