"""The clerk admin's landing page is the work (portal/workbench.py): each of the clerk's courts with
every queue's count and oldest item, linked to the filtered list; another court's work is not counted;
the counts are capped and cost the same queries for one court or many; recent actions come from the
audit log."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from cases.tests.factories import CaseFactory, CourtFactory
from conftest import login_verified
from delivery.models import ServiceRecord
from filings.models import Filing, FilingDocument, ReviewReason
from filings.services import filing_decide
from filings.tests.workbench_support import ensure_reasons, queued
from motions.models import Motion, MotionType
from notices.models import MailingBatch, Notice
from portal import workbench

pytestmark = pytest.mark.django_db

QUEUE_KEYS = [queue.key for queue in workbench.QUEUES]


@pytest.fixture(autouse=True)
def _reasons(django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reasons()


def failed_letter(court, *, hours_ago: int):
    case = CaseFactory(court=court)
    notice = Notice.objects.create(
        respondent=case.respondent,
        case=case,
        court=court,
        kind=Notice.Kind.HEARING,
        idempotency_key=f"failed-{court.code}-{hours_ago}-{case.pk}",
        render_attempts=3,
        last_error="OSError: no font",
    )
    Notice.objects.filter(pk=notice.pk).update(requested_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    return notice


def batch(court, state, *, hours_ago: int, by):
    made = MailingBatch.objects.create(court=court, state=state, created_by=by, total=1)
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    MailingBatch.objects.filter(pk=made.pk).update(completed_at=when, printed_at=when)
    return made


def failed_delivery(court, *, hours_ago: int, needs_review: bool = True):
    case = CaseFactory(court=court)
    return ServiceRecord.objects.create(
        notice_id=failed_letter(court, hours_ago=hours_ago).pk,
        respondent=case.respondent,
        court=court,
        channel=ServiceRecord.Channel.EMAIL,
        destination="someone@example.org",
        state=ServiceRecord.State.HARD_BOUNCE,
        failed_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        needs_review=needs_review,
    )


def motion_waiting(court, *, minutes_ago: int, by):
    kind, _ = MotionType.objects.get_or_create(
        slug="workbench-test", defaults={"flow": "continue", "caption": "MOTION", "order_text": "ORDER"}
    )
    filing = queued(court, minutes_ago=minutes_ago, status=Filing.Status.ACCEPTED)
    return Motion.objects.create(case=filing.case, motion_type=kind, created_by=by, filing=filing)


def one_of_each(court, *, by, age: int = 0):
    """One item in every queue of `court` (`age` makes them older), and work that is in no queue."""
    queued(court, minutes_ago=120 + age)
    queued(court, minutes_ago=30 + age, scan=FilingDocument.ScanStatus.SCANNING)
    queued(court, minutes_ago=5, scan=FilingDocument.ScanStatus.SCANNING)  # a scan of 5 minutes: not stuck yet
    queued(court, minutes_ago=60 + age, filing_type=Filing.FilingType.ADDRESS_CHANGE)
    queued(court, minutes_ago=400, status=Filing.Status.ACCEPTED)  # decided: in no queue
    failed_letter(court, hours_ago=2 + age)
    failed_delivery(court, hours_ago=5 + age)
    motion_waiting(court, minutes_ago=300 + age, by=by)
    failed_delivery(court, hours_ago=6, needs_review=False)  # reviewed: in no queue
    batch(court, MailingBatch.State.READY, hours_ago=3 + age, by=by)
    batch(court, MailingBatch.State.PRINTED, hours_ago=4 + age, by=by)
    batch(court, MailingBatch.State.MAILED, hours_ago=9, by=by)  # done: in no queue


def cells(response) -> dict[str, dict[str, tuple[int, bool]]]:
    """court code -> queue key -> (count, has an oldest age)."""
    return {
        work.court.code: {cell.queue.key: (cell.count, cell.oldest is not None) for cell in work.cells}
        for work in response.context["court_work"]
    }


def test_each_queue_is_counted_per_court_and_another_courts_work_is_not(client, clerk, court, other_court):
    second = CourtFactory(code="SEC", name="Second Immigration Court")
    second.staff.add(clerk)
    one_of_each(court, by=clerk)
    queued(court, minutes_ago=10)  # two waiting for review in the first court
    one_of_each(other_court, by=clerk)  # not the clerk's court
    one_of_each(other_court, by=clerk)
    login_verified(client, clerk)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    counts = cells(response)
    assert list(counts) == ["SEC", "TST"]  # the clerk's courts only, by code
    assert counts["TST"] == {
        "filings_review": (2, True),
        "filings_scan": (1, True),
        "address_changes": (1, True),
        "notices_render_failed": (3, True),  # the letter and the two whose email failed (test data)
        "batches_to_print": (1, True),
        "batches_to_mail": (1, True),
        "deliveries_failed": (1, True),
        "motions_ruling": (1, True),
    }
    assert counts["SEC"] == dict.fromkeys(QUEUE_KEYS, (0, False))
    html = response.content.decode()
    assert other_court.name not in html
    assert "Filings waiting for review" in html and "2\xa0hours" in html  # the oldest's age


def test_each_count_links_to_the_filtered_list_of_that_court(client, clerk, court, other_court):
    one_of_each(court, by=clerk)
    one_of_each(other_court, by=clerk)
    login_verified(client, clerk)
    work = client.get(reverse("admin:index")).context["court_work"][0]
    for cell in work.cells:
        assert f"court={court.pk}" in cell.url, f"{cell.queue.key}: its list cannot be narrowed to one court"
        listed = client.get(cell.url)
        assert listed.status_code == 200, cell.url
        assert listed.context["cl"].result_count == cell.count, cell.queue.key


def test_the_oldest_item_decides_the_age(clerk, court):
    queued(court, minutes_ago=30)
    oldest = queued(court, minutes_ago=600)
    work = workbench.court_work(user=clerk)[0]
    review = next(cell for cell in work.cells if cell.queue.key == "filings_review")
    assert review.oldest == oldest.submitted_at


def test_counts_stop_at_the_cap(clerk, court, monkeypatch):
    monkeypatch.setattr(workbench, "CAP", 2)
    for minutes in (10, 20, 30, 40):
        queued(court, minutes_ago=minutes)
    review = next(c for c in workbench.court_work(user=clerk)[0].cells if c.queue.key == "filings_review")
    assert (review.count, review.capped) == (2, True)


def test_the_page_costs_the_same_queries_for_one_court_or_many(client, clerk, court):
    one_of_each(court, by=clerk)
    login_verified(client, clerk)
    client.get(reverse("admin:index"))  # warm: session, permissions
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("admin:index")).status_code == 200
    for number in range(4):
        more = CourtFactory(code=f"M{number}", name=f"More Immigration Court {number}")
        more.staff.add(clerk)
        one_of_each(more, by=clerk, age=number)
        one_of_each(more, by=clerk)
    for minutes in range(10):
        queued(court, minutes_ago=minutes + 1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("admin:index"))
    assert len(response.context["court_work"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries), [q["sql"] for q in large.captured_queries]


def test_the_mailroom_sees_only_the_letter_queues(client, roles, court):
    mailroom = StaffFactory(email="mailroom@example.org")
    role_assign(user=mailroom, role_key="mailroom")
    court.staff.add(mailroom)
    login_verified(client, mailroom)
    keys = {cell.queue.key for cell in client.get(reverse("admin:index")).context["court_work"][0].cells}
    assert keys == {"notices_render_failed", "batches_to_print", "batches_to_mail"}  # no filings, no deliveries


def test_recent_actions_come_from_the_audit_log_for_this_clerk_and_their_courts(client, clerk, court, other_court):
    mine = queued(court, minutes_ago=20)
    filing_decide(filing=mine, actor=clerk, decision="accept", review_reason=ReviewReason.objects.get(code="complete"))
    other_clerk = StaffFactory(email="elsewhere@example.org")
    role_assign(user=other_clerk, role_key="clerk")
    other_court.staff.add(other_clerk)
    theirs = queued(other_court, minutes_ago=20)
    filing_decide(
        filing=theirs, actor=other_clerk, decision="reject", review_reason=ReviewReason.objects.get(code="illegible")
    )
    login_verified(client, clerk)
    response = client.get(reverse("admin:index"))
    actions = response.context["recent_actions"]
    assert [a.label for a in actions] == ["Accepted a filing"]  # not the letter it asked for, nor reads
    assert actions[0].url == reverse("admin:filings_filing_change", args=[mine.pk])
    html = response.content.decode()
    assert "Accepted a filing" in html and "Rejected a filing" not in html
    assert "None available" not in html  # Django's empty LogEntry panel is gone

    client_other = login_verified(Client(), other_clerk)
    theirs_page = client_other.get(reverse("admin:index"))
    assert [a.label for a in theirs_page.context["recent_actions"]] == ["Rejected a filing"]
    assert not any(work.court == court for work in theirs_page.context["court_work"])


def test_a_staff_member_without_a_court_is_told_why_the_page_is_empty(client, roles):
    lonely = StaffFactory(email="lonely@example.org")
    role_assign(user=lonely, role_key="clerk")
    login_verified(client, lonely)
    response = client.get(reverse("admin:index"))
    assert response.context["court_work"] == []
    assert "You are not assigned to a court yet" in response.content.decode()
