"""Reads for the filings pages."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Case, Hearing
from filings.models import Filing, FilingDocument


def filings_of_user(*, user):
    """The respondent's filings, newest first, with their document counts."""
    return (
        Filing.objects.filter(case__respondent__user=user)
        .select_related("case__court")
        .annotate(document_count=Count("documents"))
        .order_by("-created_at", "-id")
    )


def cases_of_user(*, user):
    return Case.objects.filter(respondent__user=user).select_related("court").order_by("-opened_on", "-id")


def hearing_soon(*, case: Case, days: int = 15) -> Hearing | None:
    """The next scheduled hearing when it is less than `days` away (a warning, never a block)."""
    now = timezone.now()
    return (
        Hearing.objects.filter(
            case=case, status=Hearing.Status.SCHEDULED, starts_at__gte=now, starts_at__lt=now + datetime.timedelta(days)
        )
        .order_by("starts_at")
        .first()
    )


def is_first_efiling(*, filing: Filing) -> bool:
    """True when no earlier filing in this case was submitted through the portal."""
    return (
        not Filing.objects.filter(case=filing.case, submitted_at__isnull=False)
        .exclude(pk=filing.pk)
        .exclude(status=Filing.Status.DRAFT)
        .exists()
    )


def documents_of(*, filing: Filing):
    return list(filing.documents.all())


def pending_scan_count(*, filing: Filing) -> int:
    return filing.documents.filter(
        Q(scan_status=FilingDocument.ScanStatus.SCANNING) | Q(scan_status=FilingDocument.ScanStatus.UPLOADED)
    ).count()
