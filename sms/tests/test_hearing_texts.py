"""Hearing texts: at once when a clerk adds, moves or cancels a hearing (held to 08:00 at night),
7-day and 1-day reminders exactly once, one text for a family phone, and nothing after STOP."""

import datetime

import pytest
from django.test import TestCase
from django.urls import reverse

import sms
from accounts.tests.factories import UserFactory
from cases.models import Hearing
from cases.services.hearings import hearing_create, hearing_status_change, hearing_update
from cases.tests.factories import CaseFactory, HearingFactory, RespondentFactory
from sms import tasks
from sms.models import MobileNumber, OutboundText, TextReminder
from sms.segments import count_segments
from sms.services.outbox import number_stop
from sms.tests.conftest import NUMBER, at, verified_number
from tests.support import login_verified

START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # Monday 9:00 AM in Chicago (CDT)


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def opted_in(respondent):
    return verified_number(respondent.user)


def run(task):
    """A beat task, its queued texts sent after each commit, as in a worker."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return task()


def test_a_moved_hearing_at_night_gives_one_text_at_8_am_court_time(
    client, clerk, case, opted_in, django_capture_on_commit_callbacks
):
    hearing = HearingFactory(case=case, starts_at=START)
    night = datetime.datetime(2031, 2, 20, 4, 30, tzinfo=datetime.UTC)  # 22:30 in Chicago (CST)
    with at(night), django_capture_on_commit_callbacks(execute=True):
        login_verified(client, clerk)
        response = client.post(
            reverse("admin:cases_hearing_status", args=[hearing.pk]),
            {
                "action": "reschedule",
                "new_starts_at_0": "2031-03-17",
                "new_starts_at_1": "13:30",
                "reason": "Interpreter unavailable",
            },
        )
    assert response.status_code == 302
    assert sms.outbox == []  # not at 22:30
    text = OutboundText.objects.get(kind="hearing_moved")
    assert text.not_before == datetime.datetime(2031, 2, 20, 14, 0, tzinfo=datetime.UTC)  # 08:00 CST
    with at(datetime.datetime(2031, 2, 20, 13, 59, tzinfo=datetime.UTC)):
        assert run(tasks.texts_send_due) == 0
    with at(datetime.datetime(2031, 2, 20, 14, 0, tzinfo=datetime.UTC)):
        assert run(tasks.texts_send_due) == 1
    with at(datetime.datetime(2031, 2, 20, 14, 5, tzinfo=datetime.UTC)):
        assert run(tasks.texts_send_due) == 0
    assert len(sms.outbox) == 1
    body = sms.outbox[0].body
    assert sms.outbox[0].to == NUMBER
    # Spanish (the respondent's language); the date and time at the court, labelled; link; HELP and STOP.
    assert "2031" in body and "1:30" in body
    assert "https://portal.example.org/h/" in body
    respondent = case.respondent
    for private in (respondent.given_name, respondent.family_name, respondent.a_number, "Example Street", "Removal"):
        assert private not in body


def test_english_text_says_only_date_time_link_help_and_stop(case, opted_in):
    case.respondent.preferred_language = "en"
    case.respondent.save(update_fields=["preferred_language"])
    hearing = HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(days=20, hours=-2)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing_status_change(hearing=hearing, status=Hearing.Status.CANCELLED, actor=None, reason="Closed")
    assert [t.body for t in sms.outbox] == [
        "Your hearing on Monday, March 10, 2031, 9:00 AM Central Time will not take place. "
        "https://portal.example.org/h/ HELP for help, STOP to end."
    ]
    segments = count_segments(sms.outbox[0].body)
    assert (segments.encoding, segments.segments) == ("gsm7", 1)


def test_an_added_hearing_is_texted_and_an_edit_texts_only_when_the_time_moves(case, opted_in):
    case.respondent.preferred_language = "en"
    case.respondent.save(update_fields=["preferred_language"])
    with at(START - datetime.timedelta(days=20, hours=-2)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing = hearing_create(hearing=Hearing(case=case, starts_at=START), actor=None)
    assert sms.outbox[-1].body.startswith("New hearing: Monday, March 10, 2031, 9:00 AM Central Time.")
    with at(START - datetime.timedelta(days=19, hours=-2)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing.courtroom = "7"
        hearing_update(hearing=hearing, actor=None, fields=["courtroom"])
    assert len(sms.outbox) == 1
    with at(START - datetime.timedelta(days=18, hours=-2)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing.starts_at = START + datetime.timedelta(hours=2)
        hearing_update(hearing=hearing, actor=None, fields=["starts_at"])
    assert len(sms.outbox) == 2
    assert sms.outbox[-1].body.startswith("Your hearing was moved. New date: Monday, March 10, 2031, 11:00 AM")


def test_seven_day_and_one_day_reminders_each_once_even_when_beat_runs_twice(case, opted_in):
    hearing = HearingFactory(case=case, starts_at=START)
    HearingFactory._meta.model.objects.filter(pk=hearing.pk).update(created_at=START - datetime.timedelta(days=30))
    with at(START - datetime.timedelta(days=8)):
        assert run(tasks.text_reminders_send_due) == 0
    with at(START - datetime.timedelta(days=7)):
        assert run(tasks.text_reminders_send_due) == 1
        assert run(tasks.text_reminders_send_due) == 0
    with at(START - datetime.timedelta(days=3)):
        assert run(tasks.text_reminders_send_due) == 0
    with at(START - datetime.timedelta(hours=24)):
        assert run(tasks.text_reminders_send_due) == 1
        assert run(tasks.text_reminders_send_due) == 0
    with at(START + datetime.timedelta(minutes=1)):
        assert run(tasks.text_reminders_send_due) == 0
    assert len(sms.outbox) == 2
    assert sorted(TextReminder.objects.values_list("threshold", flat=True)) == ["1d", "7d"]
    assert list(OutboundText.objects.order_by("pk").values_list("kind", flat=True)) == ["reminder_7d", "reminder_1d"]


def test_a_hearing_set_at_short_notice_gets_its_new_hearing_text_not_a_second_reminder(case, opted_in):
    with at(START - datetime.timedelta(days=3)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing_create(hearing=Hearing(case=case, starts_at=START), actor=None)
    with at(START - datetime.timedelta(days=3) + datetime.timedelta(minutes=15)):
        assert run(tasks.text_reminders_send_due) == 1  # claimed, no text
    assert [t.kind for t in OutboundText.objects.all()] == ["hearing_added"]
    assert len(sms.outbox) == 1


def test_no_reminder_without_a_verified_number(case):
    HearingFactory(case=case, starts_at=START)
    with at(START - datetime.timedelta(days=7)):
        assert run(tasks.text_reminders_send_due) == 0
    assert not TextReminder.objects.exists()


def test_after_stop_no_more_texts_even_those_already_held(case, opted_in):
    hearing = HearingFactory(case=case, starts_at=START)
    HearingFactory._meta.model.objects.filter(pk=hearing.pk).update(created_at=START - datetime.timedelta(days=30))
    night = datetime.datetime(2031, 3, 3, 4, 0, tzinfo=datetime.UTC)  # 22:00 in Chicago (CST)
    with at(START - datetime.timedelta(days=8, hours=-13)), TestCase.captureOnCommitCallbacks(execute=True):
        hearing_update(hearing=hearing, actor=None, fields=["courtroom"])  # nothing moves: no text
    with at(night), TestCase.captureOnCommitCallbacks(execute=True):
        hearing.starts_at = START + datetime.timedelta(hours=1)
        hearing_update(hearing=hearing, actor=None, fields=["starts_at"])
    assert OutboundText.objects.get().state == "queued"  # held until 08:00
    number_stop(mobile=opted_in.mobile, via="text")
    with at(START - datetime.timedelta(days=6)):
        run(tasks.texts_send_due)
        assert run(tasks.text_reminders_send_due) == 0  # nobody opted in at an active number
    assert sms.outbox == []
    assert OutboundText.objects.get().state == "skipped"


def test_a_family_phone_gets_one_text_per_hearing_event(case, opted_in, court):
    relatives = []
    for email in ("mother@example.org", "son@example.org"):
        person = RespondentFactory(user=UserFactory(email=email))
        relatives.append(CaseFactory(respondent=person, court=court))
        verified_number(person.user)
    hearings = [HearingFactory(case=c, starts_at=START) for c in [case, *relatives]]
    Hearing.objects.update(created_at=START - datetime.timedelta(days=30))
    with at(START - datetime.timedelta(days=7)):
        assert run(tasks.text_reminders_send_due) == 3  # three hearings, three claims
    assert len(sms.outbox) == 1
    text = OutboundText.objects.get()
    assert text.recipients.count() == 3
    assert MobileNumber.objects.count() == 1
    with at(START - datetime.timedelta(days=5)), TestCase.captureOnCommitCallbacks(execute=True):
        for hearing in hearings:
            hearing_status_change(hearing=hearing, status=Hearing.Status.CANCELLED, actor=None, reason="Closed")
    assert len(sms.outbox) == 2
    assert OutboundText.objects.filter(kind="hearing_cancelled").get().recipients.count() == 3


def test_removing_the_number_drops_a_held_text(respondent_client, case, opted_in):
    hearing = HearingFactory(case=case, starts_at=START)
    night = datetime.datetime(2031, 2, 20, 4, 30, tzinfo=datetime.UTC)
    with at(night), TestCase.captureOnCommitCallbacks(execute=True):
        hearing_status_change(hearing=hearing, status=Hearing.Status.CANCELLED, actor=None, reason="Closed")
    respondent_client.post(reverse("sms:phone_remove"))
    with at(night + datetime.timedelta(hours=10)):
        run(tasks.texts_send_due)
    assert sms.outbox == []
    assert OutboundText.objects.get().state == "skipped"


def test_the_short_link_opens_the_hearings_after_sign_in(client, respondent, case):
    HearingFactory(case=case)
    response = client.get("/h/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    login_verified(client, respondent.user)
    response = client.get("/h/")
    assert response["Location"] == reverse("cases:hearings", args=[case.pk])
