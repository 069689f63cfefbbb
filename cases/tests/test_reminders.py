"""Hearing reminders: 7 days and 1 day before, exactly once, in the respondent's language, without case details."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from cases import tasks
from cases.models import Hearing, HearingReminder
from cases.services.reminders import hearing_reminders_send_due
from cases.tests.factories import HearingFactory
from common.mail import email_sweep_stuck
from common.models import OutboundEmail

START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # Monday 9:00 AM in Chicago


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


def at(moment):
    return time_machine.travel(moment, tick=False)


def send_hearing_reminders() -> int:
    """The beat task; the emails it queues leave after each reminder's commit, as in a worker (the test
    itself runs inside one transaction that never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return tasks.hearing_reminders_send_due()


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


def test_a_reminder_that_cannot_be_queued_leaves_no_claim_so_the_next_run_retries(case, monkeypatch):
    HearingFactory(case=case, starts_at=START)

    def broken(*args, **kwargs):
        raise ConnectionError("database hiccup")

    with at(START - datetime.timedelta(days=6)):
        monkeypatch.setattr("cases.services.reminders.email_send", broken)
        assert send_hearing_reminders() == 0
        assert not HearingReminder.objects.exists()
        monkeypatch.undo()
        assert send_hearing_reminders() == 1
    assert len(mail.outbox) == 1


def test_a_failed_send_stays_in_the_outbox_and_the_sweep_sends_it_once(case, monkeypatch):
    HearingFactory(case=case, starts_at=START)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    with at(START - datetime.timedelta(days=6)):
        monkeypatch.setattr("common.mail.EmailMessage.send", broken)
        assert send_hearing_reminders() == 1  # claimed together with its outbox row
        monkeypatch.undo()
        assert send_hearing_reminders() == 0  # never claimed twice
    assert not mail.outbox
    assert OutboundEmail.objects.get().state == OutboundEmail.State.QUEUED
    with at(START - datetime.timedelta(days=5)), TestCase.captureOnCommitCallbacks(execute=True):
        assert email_sweep_stuck(older_than=datetime.timedelta(minutes=10)) == 1
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.get().state == OutboundEmail.State.SENT


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
