"""Documents deadlines and what outages of the filing service do to them (8 CFR 1003.31(b)): reads.

Rule applied: the documents deadline of a hearing is a calendar day in the court's time zone
(15 days before the hearing, see cases.selectors). When a recorded outage touched that day, even for
part of it, the deadline moves to the next day on which the service was available at least part of
the day. While an outage is still going on, the new day is not known yet: "the first day the
service is back". A filing made after the usual deadline but on or before the extended day is timely.

Recording an outage, and storing what it does to filings already made, are writes
(filings.services.outages).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from cases import plain_language as words
from cases.models import Case, Hearing
from cases.selectors import DOCUMENTS_DUE_DAYS_BEFORE
from filings.models import Filing, ServiceOutage

MAX_EXTENSION_DAYS = 60  # a longer outage is a matter for the court, not for this calculation


@dataclass(frozen=True)
class Deadline:
    """A documents deadline as the respondent reads it (dates in the court's time zone)."""

    hearing: Hearing
    due_on: datetime.date
    extended_to: datetime.date | None = None
    extended_until_service_back: bool = False
    outages: list[ServiceOutage] = field(default_factory=list)

    @property
    def extended(self) -> bool:
        return self.extended_to is not None or self.extended_until_service_back

    @property
    def last_day(self) -> datetime.date | None:
        """The last day a filing is on time (None: the outage is still going on)."""
        if self.extended_until_service_back:
            return None
        return self.extended_to or self.due_on


def _day_bounds(day: datetime.date, tz) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def outages_between(start: datetime.datetime, end: datetime.datetime) -> list[ServiceOutage]:
    """Recorded outages that overlap [start, end), oldest first."""
    return list(
        ServiceOutage.objects.filter(started_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .order_by("started_at", "id")
    )


def _covers_whole_day(outages: list[ServiceOutage], start, end, now) -> bool:
    """True when the outages, taken together, leave no moment of [start, end) with the service up."""
    point = start
    for outage in outages:  # sorted by start
        if outage.started_at > point:
            return False
        outage_end = outage.ended_at or max(now, end)
        point = max(point, outage_end)
        if point >= end:
            return True
    return point >= end


def extension_for(due_on: datetime.date, tz, *, now=None) -> tuple[datetime.date | None, bool, list]:
    """(extended_to, until_service_back, outages that touched the due day) for a deadline day."""
    now = now or timezone.now()
    day_start, day_end = _day_bounds(due_on, tz)
    # An outage still going on says nothing yet about a deadline day that has not begun.
    touching = [o for o in outages_between(day_start, day_end) if o.ended_at is not None or day_start <= now]
    if not touching:
        return None, False, []
    window_end = _day_bounds(due_on + datetime.timedelta(days=MAX_EXTENSION_DAYS), tz)[1]
    later = outages_between(day_end, window_end)
    candidates = sorted({*touching, *later}, key=lambda o: (o.started_at, o.pk))
    day = due_on + datetime.timedelta(days=1)
    for _ in range(MAX_EXTENSION_DAYS):
        start, end = _day_bounds(day, tz)
        if start > now and any(o.ended_at is None for o in candidates):
            return None, True, touching  # still down: the day it comes back is not known yet
        if not _covers_whole_day([o for o in candidates if o.started_at < end], start, end, now):
            return day, False, touching
        day += datetime.timedelta(days=1)
    return day, False, touching


def next_hearing_after(*, case: Case, moment: datetime.datetime) -> Hearing | None:
    return (
        Hearing.objects.filter(case=case, status=Hearing.Status.SCHEDULED, starts_at__gt=moment)
        .order_by("starts_at", "id")
        .first()
    )


def deadline_for_hearing(hearing: Hearing, court, *, now=None) -> Deadline:
    """The documents deadline of one hearing, extended when an outage touched the day it falls on."""
    local_day = timezone.localtime(hearing.starts_at, court.tz).date()
    due_on = local_day - datetime.timedelta(days=DOCUMENTS_DUE_DAYS_BEFORE)
    extended_to, until_back, outages = extension_for(due_on, court.tz, now=now)
    return Deadline(
        hearing=hearing,
        due_on=due_on,
        extended_to=extended_to,
        extended_until_service_back=until_back,
        outages=outages,
    )


def case_deadline(*, case: Case, now=None) -> Deadline | None:
    """The documents deadline for the case's next hearing, or None when no hearing is scheduled."""
    now = now or timezone.now()
    hearing = next_hearing_after(case=case, moment=now)
    return deadline_for_hearing(hearing, case.court, now=now) if hearing else None


def filing_timeliness(filing: Filing) -> dict:
    """The deadline a submitted filing was made against, and whether an outage made it timely."""
    empty = {"deadline_due_on": None, "deadline_extended_to": None, "timely_by_outage": False}
    if filing.submitted_at is None:
        return empty
    court = filing.case.court
    hearing = next_hearing_after(case=filing.case, moment=filing.submitted_at)
    if hearing is None:
        return empty
    deadline = deadline_for_hearing(hearing, court)
    filed_on = timezone.localtime(filing.submitted_at, court.tz).date()
    late_without_outage = filed_on > deadline.due_on
    within_extension = deadline.extended and (deadline.last_day is None or filed_on <= deadline.last_day)
    return {
        "deadline_due_on": deadline.due_on,
        "deadline_extended_to": deadline.extended_to,
        "timely_by_outage": bool(late_without_outage and within_extension),
    }


def deadline_words(*, case: Case, hearing=None) -> dict | None:
    """The documents deadline of the case's next hearing (or of `hearing`) in plain words, with an
    outage extension (8 CFR 1003.31(b)) when one applies; None when no hearing is scheduled."""
    deadline = deadline_for_hearing(hearing, case.court) if hearing is not None else case_deadline(case=case)
    if deadline is None:
        return None
    today = timezone.localtime(timezone.now(), case.court.tz).date()
    last_day = deadline.last_day
    return {
        "hearing_date": words.court_date(deadline.hearing.starts_at, case.court),
        "due": words.long_date(deadline.due_on),
        "extended": deadline.extended,
        "extended_to": words.long_date(deadline.extended_to) if deadline.extended_to else "",
        "until_service_back": deadline.extended_until_service_back,
        "passed": last_day is not None and last_day < today,
    }


def dashboard_deadline(case: Case, hearing) -> dict | None:
    """For the case dashboard: the deadline in words when an outage may have moved it, else None
    (the dashboard then shows the plain due date). A deadline day that has not begun cannot have
    been touched by an outage, so the usual case costs no query."""
    due_on = timezone.localtime(hearing.starts_at, case.court.tz).date() - datetime.timedelta(
        days=DOCUMENTS_DUE_DAYS_BEFORE
    )
    if due_on > timezone.localtime(timezone.now(), case.court.tz).date():
        return None
    return deadline_words(case=case, hearing=hearing)
