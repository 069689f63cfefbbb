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


def address_change_of(*, filing: Filing):
    """The EOIR-33 answers behind a change-of-address filing, or None for other filings."""
    if filing.filing_type != Filing.FilingType.ADDRESS_CHANGE:
        return None
    from filings.models import AddressChange

    return AddressChange.objects.filter(filing=filing).first()


def deadline_words(*, case: Case, hearing=None) -> dict | None:
    """The documents deadline of the case's next hearing (or of `hearing`) in plain words, with an
    outage extension (8 CFR 1003.31(b)) when one applies; None when no hearing is scheduled."""
    from cases import plain_language as words
    from filings.outages import case_deadline, deadline_for_hearing

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
    from cases.selectors import DOCUMENTS_DUE_DAYS_BEFORE

    due_on = timezone.localtime(hearing.starts_at, case.court.tz).date() - datetime.timedelta(
        days=DOCUMENTS_DUE_DAYS_BEFORE
    )
    if due_on > timezone.localtime(timezone.now(), case.court.tz).date():
        return None
    return deadline_words(case=case, hearing=hearing)
