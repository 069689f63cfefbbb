"""What the cases app adds to `manage.py seed_demo` (portal/demo.py calls it): a hearing that took place
yesterday, so the attendance check-in shows on a demo dashboard, an upcoming hearing for the README's
lookup example (A-999-000-101, Guatemala), and the A-number and country the public lookup answers for."""

import datetime

from django.db.models import Q
from django.utils import timezone

from cases import countries, selectors
from cases.anumbers import format_a_number
from cases.models import Case, Hearing, Respondent


def seed_check_in_hearing(*, case: Case) -> Hearing:
    """A hearing of the case at 10:00 AM yesterday (court time), not answered yet, so the dashboard asks
    "Did you go to your hearing?". Idempotent: seeded again on a later day, the same unanswered hearing
    moves to the new yesterday (demo data only; real hearings move through cases.services)."""
    court = case.court
    yesterday = timezone.localdate(timezone=court.tz) - datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(yesterday, datetime.time(10, 0), tzinfo=court.tz)
    hearing = (
        Hearing.objects.filter(case=case, status=Hearing.Status.SCHEDULED, starts_at__lt=timezone.now())
        .filter(Q(check_in__isnull=True) | Q(check_in__answer=""))
        .order_by("-starts_at")
        .first()
    )
    if hearing is None:
        return Hearing.objects.create(
            case=case, judge=case.judge, starts_at=starts_at, mode=Hearing.Mode.IN_PERSON, courtroom="Courtroom 2"
        )
    if hearing.starts_at != starts_at:
        hearing.starts_at = starts_at
        hearing.save(update_fields=["starts_at", "updated_at"])
    return hearing


def seed_upcoming_hearing(*, case: Case) -> Hearing:
    """The case's next scheduled hearing; when it has none left (the demo was first seeded weeks ago), one
    at 9:00 AM court time three weeks from today, so the public lookup always answers for the demo."""
    upcoming = selectors.upcoming_hearings_for_case(case=case)
    if upcoming:
        return upcoming[0]
    court = case.court
    day = timezone.localdate(timezone=court.tz) + datetime.timedelta(days=21)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=court.tz)
    return Hearing.objects.create(case=case, judge=case.judge, starts_at=starts_at, courtroom="Courtroom 1")


def lookup_example(respondents: list[Respondent]) -> tuple[str, str] | None:
    """(A-number, country) of the first demo respondent the public lookup answers for, to print."""
    for person in respondents:
        country = person.country_of_nationality
        code = countries.country_code(country) or ""
        if selectors.hearing_lookup(a_number=person.a_number, country_code=code, country_text=country):
            return format_a_number(person.a_number), country
    return None
