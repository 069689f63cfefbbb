"""The outage log: who may record it, what it does to deadlines (8 CFR 1003.31(b)), and the clerk's flag."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.actions import AuditAction
from audit.models import AuditEvent
from cases import plain_language as words
from cases.tests.factories import HearingFactory
from conftest import login_verified
from filings.models import Filing, ServiceOutage
from filings.selectors import case_deadline, extension_for
from filings.tests.conftest import upload
from filings.tests.helpers import submit

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHICAGO)


def today() -> datetime.date:
    return timezone.localtime(timezone.now(), CHICAGO).date()


def _split(moment: datetime.datetime, name: str) -> dict:
    utc = moment.astimezone(datetime.UTC)
    return {f"{name}_0": utc.strftime("%Y-%m-%d"), f"{name}_1": utc.strftime("%H:%M:%S")}


@pytest.fixture
def supervisor_client(supervisor):
    return login_verified(Client(), supervisor)


@pytest.fixture
def clerk_client(clerk):
    return login_verified(Client(), clerk)


@pytest.fixture
def hearing_due_yesterday(case):
    """A hearing 14 days from now: its documents were due yesterday (15 days before), court time."""
    return HearingFactory(case=case, starts_at=timezone.now() + datetime.timedelta(days=14))


# --- the rule, on its own -----------------------------------------------------------------------


def test_an_outage_on_the_deadline_day_moves_it_to_the_next_day_the_service_worked():
    due = datetime.date(2026, 6, 9)
    ServiceOutage.objects.create(started_at=local(due, 17), ended_at=local(due, 20))
    assert extension_for(due, CHICAGO)[:2] == (datetime.date(2026, 6, 10), False)
    # Down the whole of the next day too: the deadline moves past it.
    ServiceOutage.objects.create(started_at=local(due, 19), ended_at=local(due + datetime.timedelta(days=2), 1))
    assert extension_for(due, CHICAGO)[:2] == (datetime.date(2026, 6, 11), False)
    # An outage the day before, or a day after, does not touch the deadline.
    assert extension_for(due - datetime.timedelta(days=3), CHICAGO) == (None, False, [])


def test_an_outage_still_going_on_extends_until_the_service_is_back():
    now = timezone.now()
    ServiceOutage.objects.create(started_at=now - datetime.timedelta(hours=30))
    due = timezone.localtime(now, CHICAGO).date() - datetime.timedelta(days=1)
    assert extension_for(due, CHICAGO)[:2] == (None, True)
    # A deadline that has not come yet is not extended by an outage that may end before it.
    assert extension_for(due + datetime.timedelta(days=5), CHICAGO)[:2] == (None, False)


# --- over HTTP ----------------------------------------------------------------------------------


def test_supervisor_records_an_outage_afterwards_and_a_late_looking_filing_becomes_timely(
    respondent_client, draft, case, hearing_due_yesterday, supervisor_client, clerk_client, roles
):
    yesterday = today() - datetime.timedelta(days=1)
    page = respondent_client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
    assert 'data-testid="deadline"' in page and "were due by" in page
    upload(respondent_client, draft)
    submit(respondent_client, draft)
    assert draft.deadline_due_on == yesterday and not draft.timely_by_outage

    data = {**_split(local(yesterday, 13), "started_at"), **_split(local(yesterday, 16), "ended_at")}
    data["note"] = "Storage cluster failure; uploads refused."
    response = supervisor_client.post(reverse("admin:filings_serviceoutage_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    outage = ServiceOutage.objects.get()
    assert outage.recorded_by.email == "supervisor@example.org"
    event = AuditEvent.objects.get(action=AuditAction.SERVICE_OUTAGE_RECORDED, target_id=str(outage.pk))
    assert event.data["filings_reassessed"] == 1

    draft.refresh_from_db()
    assert draft.timely_by_outage and draft.deadline_extended_to == today()
    queue = clerk_client.get(reverse("admin:filings_filing_changelist")).content.decode()
    assert "Timely: deadline extended" in queue
    detail = clerk_client.get(reverse("admin:filings_filing_change", args=[draft.pk])).content.decode()
    assert "within the extension" in detail and "1003.31(b)" in detail

    # The respondent's filing pages show the extended deadline, with the reason.
    respondent_client.post(reverse("filings:start", args=[case.pk]), {"filing_type": "brief"})
    new_draft = Filing.objects.filter(case=case, status="draft").get()
    page = respondent_client.get(reverse("filings:detail", args=[new_draft.pk])).content.decode()
    assert 'data-testid="deadline-extended"' in page and "8 CFR 1003.31(b)" in page
    deadline = case_deadline(case=case)
    assert deadline.extended_to == today()
    assert "Your deadline was extended" in respondent_client.get(reverse("filings:start", args=[case.pk])).text


def test_correcting_an_outage_is_audited_and_can_take_the_flag_away(
    respondent_client, draft, hearing_due_yesterday, supervisor_client
):
    yesterday = today() - datetime.timedelta(days=1)
    outage = ServiceOutage.objects.create(started_at=local(yesterday, 13), ended_at=local(yesterday, 16))
    upload(respondent_client, draft)
    submit(respondent_client, draft)
    assert draft.timely_by_outage  # the outage was already on record when it was filed
    # The outage was in fact two days earlier: the deadline day was not touched after all.
    earlier = yesterday - datetime.timedelta(days=2)
    data = {**_split(local(earlier, 13), "started_at"), **_split(local(earlier, 16), "ended_at"), "note": "fixed"}
    response = supervisor_client.post(reverse("admin:filings_serviceoutage_change", args=[outage.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.timely_by_outage
    assert AuditEvent.objects.filter(action=AuditAction.SERVICE_OUTAGE_CHANGED, target_id=str(outage.pk)).exists()


def test_clerks_read_the_outage_log_but_only_supervisors_write_it(clerk_client, supervisor_client, roles):
    outage = ServiceOutage.objects.create(
        started_at=timezone.now() - datetime.timedelta(hours=5), ended_at=timezone.now() - datetime.timedelta(hours=4)
    )
    assert clerk_client.get(reverse("admin:filings_serviceoutage_changelist")).status_code == 200
    assert clerk_client.get(reverse("admin:filings_serviceoutage_add")).status_code == 403
    change_url = reverse("admin:filings_serviceoutage_change", args=[outage.pk])
    clerk_client.post(change_url, {**_split(outage.started_at, "started_at"), "note": "changed by a clerk"})
    outage.refresh_from_db()
    assert outage.note == "" and outage.ended_at is not None
    assert supervisor_client.get(reverse("admin:filings_serviceoutage_add")).status_code == 200
    # The end must come after the start; nothing is saved otherwise. Nothing is ever deleted.
    start = timezone.now() - datetime.timedelta(hours=2)
    bad = {**_split(start, "started_at"), **_split(start - datetime.timedelta(hours=1), "ended_at"), "note": ""}
    assert supervisor_client.post(reverse("admin:filings_serviceoutage_add"), bad).status_code == 200
    assert ServiceOutage.objects.count() == 1
    delete_url = reverse("admin:filings_serviceoutage_delete", args=[outage.pk])
    assert supervisor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ServiceOutage.objects.count() == 1


def test_the_case_dashboard_shows_the_extended_deadline(respondent_client, case, hearing_due_yesterday):
    dashboard = reverse("cases:dashboard")
    page = respondent_client.get(dashboard).content.decode()
    assert 'data-testid="documents-due"' in page and 'data-testid="deadline-extended"' not in page

    yesterday = today() - datetime.timedelta(days=1)
    ServiceOutage.objects.create(started_at=local(yesterday, 13), ended_at=local(yesterday, 16))
    page = respondent_client.get(dashboard).content.decode()
    assert 'data-testid="deadline-extended"' in page and "8 CFR 1003.31(b)" in page
    assert 'data-testid="documents-due"' not in page  # one deadline on the page, the one that counts
    assert words.long_date(today()) in page  # extended to today, the next day the service worked

    respondent_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = respondent_client.get(dashboard).content.decode()
    assert "Su plazo se extendió" in page and 'data-testid="deadline-extended"' in page
