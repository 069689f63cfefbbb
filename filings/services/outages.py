"""Writes for the outage log (8 CFR 1003.31(b)): recording or correcting an outage, and storing what it
does to the deadlines of filings already made. The deadline rule itself is a read (filings.selectors.deadlines).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from audit.actions import AuditAction
from audit.services import audit_record
from filings.models import Filing, ServiceOutage
from filings.selectors import filing_timeliness

REASSESS_DAYS_AFTER = 3  # local day boundaries and back-to-back outages, with room to spare


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
