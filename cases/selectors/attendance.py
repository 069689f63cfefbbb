"""Attendance check-in reads (ADR 0111): which hearings to ask "Did you go?" about, on the dashboard and by
email, and whether a hearing's question may be answered now."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases import plain_language as words
from cases.models import AttendanceCheckIn, Hearing

# Hearings the respondent was expected at. An adjourned or cancelled hearing was called off or moved
# by the court, which knows already; a completed one may still have gone ahead without the person.
CHECK_IN_STATUSES = (Hearing.Status.SCHEDULED, Hearing.Status.COMPLETED)
CHECK_IN_ASK_DAYS = 14  # the dashboard asks for two weeks from the day after the hearing
CHECK_IN_CHANGE_DAYS = 7  # an answer can be changed for a week after it was first given
CHECK_IN_EMAIL_HOUR = 9  # the email goes from 9 AM court time the day after


def check_in_opens_at(hearing: Hearing, court) -> datetime.datetime:
    """Midnight at the court at the start of the day after the hearing."""
    day_after = words.court_local(hearing.starts_at, court).date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(day_after, datetime.time(0, 0), tzinfo=court.tz)


def _asked_now(hearing: Hearing, now: datetime.datetime) -> bool:
    opens = check_in_opens_at(hearing, hearing.case.court)
    return opens <= now < opens + datetime.timedelta(days=CHECK_IN_ASK_DAYS)


def _unanswered() -> Q:
    return Q(check_in__isnull=True) | Q(check_in__answer="")


def _recent_past_hearings(now: datetime.datetime) -> QuerySet:
    return Hearing.objects.filter(
        status__in=CHECK_IN_STATUSES,
        starts_at__lt=now,
        starts_at__gte=now - datetime.timedelta(days=CHECK_IN_ASK_DAYS + 2),
    ).select_related("case__court")


@dataclass
class AttendanceQuestion:
    """One "Did you go to your hearing on <date>?" card on the dashboard."""

    hearing: Hearing
    date: str
    court_name: str

    @property
    def answers(self) -> list[tuple[str, str]]:
        return AttendanceCheckIn.Answer.choices


def attendance_questions_for_user(*, user, now: datetime.datetime | None = None) -> list[AttendanceQuestion]:
    """The user's hearings from the day after until CHECK_IN_ASK_DAYS later that have no answer yet,
    newest first; one query."""
    now = now or timezone.now()
    hearings = _recent_past_hearings(now).filter(_unanswered(), case__respondent__user=user).order_by("-starts_at")
    return [
        AttendanceQuestion(h, words.court_date(h.starts_at, h.case.court), h.case.court.name)
        for h in hearings
        if _asked_now(h, now)
    ]


@dataclass
class CheckInState:
    """The check-in page of one hearing: whether it may be answered now, and the answer so far."""

    hearing: Hearing
    date: str
    check_in: AttendanceCheckIn | None
    opens_at: datetime.datetime
    can_answer: bool
    change_until: datetime.datetime | None
    expected: bool = True  # False: the court adjourned or cancelled the hearing, nothing to ask


def check_in_state(*, hearing: Hearing, now: datetime.datetime | None = None) -> CheckInState:
    """May the respondent answer (or change the answer) for this hearing now? From the day after the hearing,
    until CHECK_IN_CHANGE_DAYS after the first answer."""
    now = now or timezone.now()
    court = hearing.case.court
    check_in = AttendanceCheckIn.objects.filter(hearing=hearing).first()
    opens = check_in_opens_at(hearing, court)
    change_until = None
    if check_in is not None and check_in.first_answered_at is not None:
        change_until = check_in.first_answered_at + datetime.timedelta(days=CHECK_IN_CHANGE_DAYS)
    expected = hearing.status in CHECK_IN_STATUSES or (check_in is not None and bool(check_in.answer))
    can_answer = expected and opens <= now and (change_until is None or now < change_until)
    date = words.court_date(hearing.starts_at, court)
    return CheckInState(hearing, date, check_in, opens, can_answer, change_until, expected)


def attendance_check_ins_due(*, now: datetime.datetime | None = None) -> list[Hearing]:
    """Hearings whose check-in email is due (from 9 AM court time the day after, within the asking window)
    and was neither sent nor made needless by an answer; one query."""
    now = now or timezone.now()
    hearings = (
        _recent_past_hearings(now)
        .filter(case__respondent__user__isnull=False, case__respondent__user__is_active=True)
        .filter(Q(check_in__isnull=True) | Q(check_in__answer="", check_in__emailed_at__isnull=True))
        .select_related("case__respondent__user")
        .order_by("starts_at", "id")
    )
    email_after = datetime.timedelta(hours=CHECK_IN_EMAIL_HOUR)
    return [h for h in hearings if _asked_now(h, now) and check_in_opens_at(h, h.case.court) + email_after <= now]
