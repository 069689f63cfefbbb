"""Outages of the filing service and what they do to deadlines (8 CFR 1003.31(b)).

Rule applied: the documents deadline of a hearing is a calendar day in the court's time zone
(15 days before the hearing, see cases.selectors). When a recorded outage touched that day, even for
part of it, the deadline moves to the next day on which the service was available at least part of
the day. While an outage is still going on, the new day is not known yet: "the first day the
service is back". A filing made after the usual deadline but on or before the extended day is timely.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.actions import AuditAction
from audit.services import audit_record
from cases.models import Case, Hearing
from cases.selectors import DOCUMENTS_DUE_DAYS_BEFORE
from filings.models import Filing, ServiceOutage

MAX_EXTENSION_DAYS = 60  # a longer outage is a matter for the court, not for this calculation
REASSESS_DAYS_AFTER = 3  # local day boundaries and back-to-back outages, with room to spare


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


def filing_timeliness_record(filing: Filing) -> bool:
    """Stores the deadline facts on the filing (in the caller's transaction); True when they changed."""
    facts = filing_timeliness(filing)
    if all(getattr(filing, name) == value for name, value in facts.items()):
        return False
    for name, value in facts.items():
        setattr(filing, name, value)
    filing.save(update_fields=[*facts, "updated_at"])
    return True


def _refresh_filings_near(*windows: tuple[datetime.datetime, datetime.datetime | None]) -> int:
    """Re-assesses the filings submitted from an outage's start to a few days after its end (an
    extension ends on the first day the service works again, so later filings cannot be affected)."""
    start = min(started for started, _ended in windows) - datetime.timedelta(days=1)
    end = max(ended or timezone.now() for _started, ended in windows) + datetime.timedelta(days=REASSESS_DAYS_AFTER)
    changed = 0
    filings = Filing.objects.filter(submitted_at__gte=start, submitted_at__lte=end).select_related("case__court")
    for filing in filings.iterator(chunk_size=500):
        changed += filing_timeliness_record(filing)
    return changed


@transaction.atomic
def outage_save(*, outage: ServiceOutage, actor, changed_fields: list[str] | None = None) -> ServiceOutage:
    """Records or corrects an outage (staff); re-flags the filings it makes timely. Audited."""
    created = outage.pk is None
    windows = [(outage.started_at, outage.ended_at)]
    if created:
        outage.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        outage.save()
        fields: list[str] = ["started_at", "ended_at", "note"]
    else:
        fields = [name for name in (changed_fields or []) if name in ("started_at", "ended_at", "note")]
        if not fields:
            return outage
        before = ServiceOutage.objects.select_for_update().get(pk=outage.pk)
        windows.append((before.started_at, before.ended_at))  # filings it flagged before may lose the flag
        outage.save(update_fields=[*fields, "updated_at"])
    refreshed = _refresh_filings_near(*windows)
    audit_record(
        actor=actor,
        action=AuditAction.SERVICE_OUTAGE_RECORDED if created else AuditAction.SERVICE_OUTAGE_CHANGED,
        target=outage,
        data={"fields": sorted(fields), "filings_reassessed": refreshed},
    )
    return outage
