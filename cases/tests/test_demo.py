"""The cases app's part of the demo (cases/demo.py): a hearing yesterday for the check-in, an upcoming one
for the public lookup, and the example the seed prints."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cases import demo, selectors
from cases.models import Hearing
from cases.tests.factories import HearingFactory

pytestmark = pytest.mark.django_db


def test_the_check_in_hearing_is_yesterday_at_the_court_once_and_moves_with_the_calendar(respondent):
    case = respondent.cases.get()
    hearing = demo.seed_check_in_hearing(case=case)
    assert demo.seed_check_in_hearing(case=case) == hearing and case.hearings.count() == 1
    local = hearing.starts_at.astimezone(case.court.tz)
    assert local.date() == timezone.localdate(timezone=case.court.tz) - datetime.timedelta(days=1)
    assert [q.hearing for q in selectors.attendance_questions_for_user(user=respondent.user)] == [hearing]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        moved = demo.seed_check_in_hearing(case=case)
        assert moved.pk == hearing.pk and case.hearings.count() == 1
        assert moved.starts_at.astimezone(case.court.tz).date() == timezone.localdate(
            timezone=case.court.tz
        ) - datetime.timedelta(days=1)


def test_the_lookup_example_always_has_an_upcoming_hearing(respondent):
    case = respondent.cases.get()
    HearingFactory(case=case, starts_at=timezone.now() - datetime.timedelta(days=40), status=Hearing.Status.COMPLETED)
    assert demo.lookup_example([respondent]) is None
    hearing = demo.seed_upcoming_hearing(case=case)
    assert hearing.starts_at > timezone.now() and demo.seed_upcoming_hearing(case=case) == hearing
    assert demo.lookup_example([respondent]) == (respondent.a_number_display, respondent.country_of_nationality)
