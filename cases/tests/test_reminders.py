"""Hearing reminders: 7 days and 1 day before, exactly once, in the respondent's language, without case details."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from cases.models import Hearing, HearingReminder
from cases.services.reminders import hearing_reminders_send_due
from cases.tasks import hearing_reminders_send_due as send_hearing_reminders
from cases.tests.factories import HearingFactory

START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # Monday 9:00 AM in Chicago


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_seven_day_and_one_day_reminders_each_sent_once(case):
    hearing = HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(days=8)):
        assert send_hearing_reminders() == 0
    with at(START - datetime.timedelta(days=7)):
        assert send_hearing_reminders() == 1
        assert send_hearing_reminders() == 0
    with at(START - datetime.timedelta(days=3)):
        assert send_hearing_reminders() == 0
    with at(START - datetime.timedelta(hours=23)):
        assert send_hearing_reminders() == 1
        assert send_hearing_reminders() == 0
    with at(START + datetime.timedelta(hours=1)):
        assert send_hearing_reminders() == 0
    assert len(mail.outbox) == 2
    assert sorted(HearingReminder.objects.filter(hearing=hearing).values_list("threshold", flat=True)) == ["1d", "7d"]
    assert mail.outbox[0].to == [case.respondent.user.email]


def test_reminder_says_only_that_a_hearing_is_soon_in_the_preferred_language(case):
    HearingFactory(case=case, starts_at=START, courtroom="12")
    with at(START - datetime.timedelta(days=6)):
        send_hearing_reminders()
    (message,) = mail.outbox
    text = message.subject + message.body
    assert case.respondent.preferred_language == "es"
    assert "lunes, 10 de marzo de 2031" in text
    for secret in [case.court.name, case.respondent.a_number, case.respondent.family_name, "12", case.judge.name]:
        assert secret not in text
    assert "/cases/" in message.body


def test_english_reminder(case):
    case.respondent.preferred_language = "en"
    case.respondent.save(update_fields=["preferred_language"])
    HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(days=6)):
        send_hearing_reminders()
    assert "Monday, March 10, 2031" in mail.outbox[0].subject


def test_cancelled_and_adjourned_hearings_get_no_reminder_and_a_rescheduled_one_gets_fresh_ones(case):
    old = HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(days=6)):
        assert send_hearing_reminders() == 1
    Hearing.objects.filter(pk=old.pk).update(status=Hearing.Status.ADJOURNED)
    HearingFactory(case=case, starts_at=START + datetime.timedelta(days=2), status=Hearing.Status.CANCELLED)
    new = HearingFactory(case=case, starts_at=START + datetime.timedelta(days=3), replaces=old)
    with at(START - datetime.timedelta(days=4)):  # 7 days before the new date
        assert send_hearing_reminders() == 1
    with at(new.starts_at - datetime.timedelta(hours=12)):
        assert send_hearing_reminders() == 1
    assert list(
        HearingReminder.objects.filter(hearing=new).values_list("threshold", flat=True).order_by("threshold")
    ) == [
        "1d",
        "7d",
    ]
    assert len(mail.outbox) == 3


def test_hearing_set_at_short_notice_gets_only_the_nearer_reminder(case):
    HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(hours=20)):
        assert send_hearing_reminders() == 1
    assert HearingReminder.objects.get().threshold == "1d"


def test_a_failed_send_leaves_no_claim_so_the_next_run_retries(case, monkeypatch):
    HearingFactory(case=case, starts_at=START)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    with at(START - datetime.timedelta(days=6)):
        monkeypatch.setattr("cases.services.reminders.send_mail", broken)
        assert send_hearing_reminders() == 0
        assert not HearingReminder.objects.exists()
        monkeypatch.undo()
        assert send_hearing_reminders() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_reminder_once(respondent):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers")
    case = respondent.cases.get()
    for day in range(5):
        HearingFactory(case=case, starts_at=timezone.now() + datetime.timedelta(days=2, hours=day))
    barrier = threading.Barrier(4)
    results = []

    def run():
        from django.db import connections

        barrier.wait()
        try:
            results.append(hearing_reminders_send_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 5
    assert len(mail.outbox) == 5
    assert HearingReminder.objects.count() == 5
