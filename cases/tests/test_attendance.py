"""Attendance check-in over HTTP (ADR 0111): the day after a hearing (court time) the dashboard asks "Did you go
to your hearing?", one email asks the same; "I could not go" leads to next steps; the answer is kept for the
court's clerks, changeable for a week, and changes nothing else."""

import datetime
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.services import role_assign
from accounts.tests.factories import StaffFactory
from audit.actions import AuditAction
from audit.models import AuditEvent
from cases import tasks
from cases.models import AttendanceCheckIn, Case, Hearing
from cases.services.attendance import attendance_check_ins_send_due
from cases.tests.factories import HearingFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # Monday 9:00 AM in Chicago (the court)
SAME_EVENING = datetime.datetime(2031, 3, 11, 4, 30, tzinfo=datetime.UTC)  # 11:30 PM Monday in Chicago
DAY_AFTER = datetime.datetime(2031, 3, 11, 5, 30, tzinfo=datetime.UTC)  # 12:30 AM Tuesday in Chicago
DAY_AFTER_MORNING = datetime.datetime(2031, 3, 11, 15, 0, tzinfo=datetime.UTC)  # 10:00 AM Tuesday in Chicago
QUESTION = "Did you go to your hearing on Monday, March 10, 2031?"


def at(moment):
    return time_machine.travel(moment, tick=False)


def signed_in(user) -> Client:
    """A fresh client signed in now (a session from another travelled-to day would have timed out)."""
    return login_verified(Client(), user)


@pytest.fixture
def hearing(respondent):
    return HearingFactory(case=respondent.cases.get(), starts_at=START)


def dashboard(user) -> str:
    response = signed_in(user).get(reverse("cases:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def send_check_in_emails() -> int:
    """The beat task; each email leaves after its claim commits, as in a worker."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return tasks.attendance_check_ins_send_due()


def test_i_could_not_go_end_to_end(respondent, hearing, settings):
    settings.SUPPORT_PHONE = "(555) 010-0177"
    user = respondent.user
    with at(START + datetime.timedelta(hours=2)):
        assert QUESTION not in dashboard(user)  # not on the hearing day itself
    with at(SAME_EVENING):
        assert QUESTION not in dashboard(user)  # still Monday at the court
    with at(DAY_AFTER):
        page = dashboard(user)
        assert QUESTION in page and 'data-testid="attendance-question"' in page
        assert "I could not go" in page and "The hearing did not happen" in page
        client = signed_in(user)
        response = client.post(reverse("cases:attendance", args=[hearing.pk]), {"answer": "could_not_go"})
        assert response.status_code == 302
        assert response["Location"] == reverse("cases:attendance_missed", args=[hearing.pk])
        steps = client.get(response["Location"]).content.decode()
        assert "Call the court right away" in steps and hearing.case.court.phone in steps
        assert "in absentia" in steps and "motion to reopen" in steps and "180 days" in steps
        assert "#missed-hearing" in steps  # the help centre's answer on missing a hearing
        assert "(555) 010-0177" in steps and "English and Spanish" in steps
        assert QUESTION not in dashboard(user)  # answered: the card is gone
    check_in = AttendanceCheckIn.objects.get(hearing=hearing)
    assert check_in.answer == AttendanceCheckIn.Answer.COULD_NOT_GO
    assert check_in.answered_by == user and check_in.answered_at == check_in.first_answered_at == DAY_AFTER
    event = AuditEvent.objects.get(action=AuditAction.ATTENDANCE_CHECK_IN_ANSWERED)
    assert event.actor == user and event.case_id == hearing.case_id and event.data["answer"] == "could_not_go"
    # Never used against the person: the hearing and the case are as they were.
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED
    assert hearing.case.status == Case.Status.PENDING and Case.objects.get(pk=hearing.case_id).status == "pending"


def test_i_went_from_the_dashboard_card_thanks_and_the_card_is_gone(respondent, hearing):
    with at(DAY_AFTER):
        client = signed_in(respondent.user)
        response = client.post(reverse("cases:attendance", args=[hearing.pk]), {"answer": "attended"}, follow=True)
        assert response.redirect_chain == [(reverse("cases:dashboard"), 302)]
        page = response.content.decode()
        assert "Thank you. Your answer was saved" in page and QUESTION not in page
    assert AttendanceCheckIn.objects.get(hearing=hearing).answer == "attended"


def test_the_answer_can_be_changed_for_a_week_then_not(respondent, hearing):
    url = reverse("cases:attendance", args=[hearing.pk])
    with at(DAY_AFTER):
        signed_in(respondent.user).post(url, {"answer": "attended"})
    with at(DAY_AFTER + datetime.timedelta(days=3)):
        client = signed_in(respondent.user)
        page = client.get(url).content.decode()
        assert "Your answer:" in page and "I went" in page and "Change my answer" in page
        client.post(url, {"answer": "did_not_happen"})
    assert AttendanceCheckIn.objects.get(hearing=hearing).answer == "did_not_happen"
    changed = AuditEvent.objects.get(action=AuditAction.ATTENDANCE_CHECK_IN_CHANGED)
    assert changed.data == {"hearing_id": hearing.pk, "answer": "did_not_happen", "previous": "attended"}
    with at(DAY_AFTER + datetime.timedelta(days=8)):
        client = signed_in(respondent.user)
        assert "can no longer be changed" in client.get(url).content.decode()
        assert client.post(url, {"answer": "attended"}).status_code == 200
    assert AttendanceCheckIn.objects.get(hearing=hearing).answer == "did_not_happen"


def test_before_the_day_after_the_question_is_not_open(respondent, hearing):
    url = reverse("cases:attendance", args=[hearing.pk])
    with at(SAME_EVENING):
        client = signed_in(respondent.user)
        assert 'data-testid="not-yet"' in client.get(url).content.decode()
        assert client.post(url, {"answer": "could_not_go"}).status_code == 200
    assert not AttendanceCheckIn.objects.filter(hearing=hearing).exclude(answer="").exists()


def test_an_empty_or_made_up_answer_is_a_clear_error(respondent, hearing):
    url = reverse("cases:attendance", args=[hearing.pk])
    with at(DAY_AFTER):
        client = signed_in(respondent.user)
        assert "Choose one answer." in client.post(url, {}).content.decode()
        assert "Select a valid choice" in client.post(url, {"answer": "maybe"}).content.decode()
    assert not AttendanceCheckIn.objects.exclude(answer="").exists()


def test_the_card_stops_asking_after_two_weeks_and_skips_cancelled_hearings(respondent, hearing):
    HearingFactory(case=hearing.case, starts_at=START + datetime.timedelta(hours=1), status=Hearing.Status.CANCELLED)
    with at(DAY_AFTER):
        assert dashboard(respondent.user).count('data-testid="attendance-question"') == 1
    with at(DAY_AFTER + datetime.timedelta(days=15)):
        assert QUESTION not in dashboard(respondent.user)


def test_another_respondents_hearing_answers_404(respondent, other_respondent):
    foreign = HearingFactory(case=other_respondent.cases.get(), starts_at=START)
    with at(DAY_AFTER):
        client = signed_in(respondent.user)
        for name in ("cases:attendance", "cases:attendance_missed"):
            url = reverse(name, args=[foreign.pk])
            assert client.get(url).status_code == 404
            assert client.post(url, {"answer": "attended"}).status_code in (404, 405)
    assert not AttendanceCheckIn.objects.exists()


def test_the_check_in_email_goes_once_the_day_after_in_the_respondents_language(respondent, hearing):
    with at(DAY_AFTER):
        assert send_check_in_emails() == 0  # 12:30 AM at the court: the email waits for the morning
    with at(DAY_AFTER_MORNING):
        assert send_check_in_emails() == 1
        assert send_check_in_emails() == 0
    with at(DAY_AFTER_MORNING + datetime.timedelta(days=2)):
        assert send_check_in_emails() == 0
    (message,) = mail.outbox
    assert message.to == [respondent.user.email]
    assert respondent.preferred_language == "es"
    assert "lunes, 10 de marzo de 2031" in message.subject
    assert f"/cases/hearings/{hearing.pk}/attendance/" in message.body
    for private in [respondent.a_number, respondent.family_name, hearing.case.court.name]:
        assert private not in message.subject + message.body
    check_in = AttendanceCheckIn.objects.get(hearing=hearing)
    assert check_in.emailed_at == DAY_AFTER_MORNING and check_in.answer == ""
    assert AuditEvent.objects.filter(action=AuditAction.ATTENDANCE_CHECK_IN_EMAILED).count() == 1


def test_no_email_after_an_answer_on_the_dashboard_nor_for_a_cancelled_or_old_hearing(respondent, hearing):
    case = hearing.case
    HearingFactory(case=case, starts_at=START + datetime.timedelta(hours=2), status=Hearing.Status.CANCELLED)
    HearingFactory(case=case, starts_at=START - datetime.timedelta(days=20))
    with at(DAY_AFTER):
        signed_in(respondent.user).post(reverse("cases:attendance", args=[hearing.pk]), {"answer": "attended"})
    with at(DAY_AFTER_MORNING):
        assert send_check_in_emails() == 0
    assert mail.outbox == []


def test_the_clerk_sees_the_answer_on_the_hearing_and_a_clerk_of_another_court_does_not(
    respondent, hearing, clerk, other_court, roles
):
    with at(DAY_AFTER):
        signed_in(respondent.user).post(reverse("cases:attendance", args=[hearing.pk]), {"answer": "could_not_go"})
    url = reverse("admin:cases_hearing_change", args=[hearing.pk])
    page = login_verified(Client(), clerk).get(url).content.decode()
    assert "attendance check-in" in page and "I could not go" in page and respondent.user.email in page
    stranger = StaffFactory(email="stranger@example.org")
    role_assign(user=stranger, role_key="clerk")
    other_court.staff.add(stranger)
    assert login_verified(Client(), stranger).get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_send_each_check_in_email_once(respondent):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers")
    case = respondent.cases.get()
    for day in range(2, 7):
        HearingFactory(case=case, starts_at=timezone.now() - datetime.timedelta(days=day))
    barrier = threading.Barrier(4)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(attendance_check_ins_send_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 5
    assert len(mail.outbox) == 5
    assert AttendanceCheckIn.objects.filter(emailed_at__isnull=False).count() == 5


def test_a_hearing_the_court_cancelled_asks_nothing(respondent):
    cancelled = HearingFactory(case=respondent.cases.get(), starts_at=START, status=Hearing.Status.CANCELLED)
    url = reverse("cases:attendance", args=[cancelled.pk])
    with at(DAY_AFTER):
        client = signed_in(respondent.user)
        assert 'data-testid="not-asked"' in client.get(url).content.decode()
        client.post(url, {"answer": "could_not_go"})
        assert QUESTION not in dashboard(respondent.user)
    assert not AttendanceCheckIn.objects.exclude(answer="").exists()
