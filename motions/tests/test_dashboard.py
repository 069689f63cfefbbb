"""The dashboard's appeal countdown (30 days to be received, moved by the outage log) and the pages in Spanish."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from filings.models import ServiceOutage
from motions.models import CaseDecision, Motion
from motions.selectors import appeal_countdown
from motions.tests.conftest import start

pytestmark = pytest.mark.django_db


def court_day(case, days_ago):
    return timezone.localtime(timezone.now(), case.court.tz).date() - datetime.timedelta(days=days_ago)


def test_the_appeal_countdown_counts_30_days_to_be_received(respondent_client, case):
    CaseDecision.objects.create(case=case, kind=CaseDecision.Kind.REMOVAL, decided_on=court_day(case, 10))
    page = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-testid="appeal-card"' in page and "20 days left" in page and "must receive the appeal" in page


def test_an_outage_on_the_last_day_moves_the_appeal_deadline(case):
    CaseDecision.objects.create(case=case, kind=CaseDecision.Kind.REMOVAL, decided_on=court_day(case, 40))
    due = court_day(case, 10)
    tz = case.court.tz
    start = datetime.datetime.combine(due, datetime.time(9), tzinfo=tz)
    ServiceOutage.objects.create(started_at=start, ended_at=start + datetime.timedelta(hours=3))
    countdown = appeal_countdown(case=case)
    assert countdown.due_on == due and countdown.extended_to == due + datetime.timedelta(days=1)
    assert countdown.days_left == -9


def test_an_in_absentia_order_has_the_reopen_card_not_the_appeal_card(respondent_client, case):
    CaseDecision.objects.create(case=case, kind=CaseDecision.Kind.IN_ABSENTIA, decided_on=court_day(case, 10))
    page = respondent_client.get(reverse("cases:dashboard")).content.decode()
    assert 'data-testid="reopen-card"' in page and 'data-testid="appeal-card"' not in page


def test_the_flow_reads_in_spanish(respondent_client, case, hearing):
    respondent_client.cookies["django_language"] = "es"
    start(respondent_client, case, "continue")
    motion = Motion.objects.get(case=case)
    page = respondent_client.get(reverse("motions:step", args=[motion.pk, "hearing"]), HTTP_ACCEPT_LANGUAGE="es")
    body = page.content.decode()
    assert 'lang="es"' in body
    choose = respondent_client.get(reverse("motions:choose", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="es")
    assert "Pedir que su audiencia pase a otra fecha" in choose.content.decode()  # the motion type's own Spanish
