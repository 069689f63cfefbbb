"""Reads for the filings pages, and the work the sweeps look for (scans and PDFs still waiting)."""

import datetime

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Hearing
from filings.models import Filing, FilingDocument

# A filing's PDFs are made once it is submitted, whatever happened to it since.
RENDERED_STATUSES = (Filing.Status.SUBMITTED, Filing.Status.ACCEPTED, Filing.Status.REJECTED, Filing.Status.CANCELLED)


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


def has_lead_document(*, filing: Filing) -> bool:
    """True when the filing already has its lead document (the upload form then offers supporting only)."""
    return filing.documents.filter(role=FilingDocument.Role.LEAD).exists()


def pending_scan_count(*, filing: Filing) -> int:
    return filing.documents.filter(
        Q(scan_status=FilingDocument.ScanStatus.SCANNING) | Q(scan_status=FilingDocument.ScanStatus.UPLOADED)
    ).count()


def submission_problems(filing: Filing) -> list[str]:
    """What stops a draft from being submitted (each a message for the filer); empty when it can go."""
    documents = list(filing.documents.all())
    problems = []
    if not any(d.role == FilingDocument.Role.LEAD for d in documents):
        problems.append(_("Upload the lead document (the main document you are filing)."))
    for document in documents:
        if document.needs_page_size_answer:
            problems.append(
                _("“%(title)s” has pages that are not US Letter size: confirm or replace it.")
                % {"title": document.title}
            )
        if document.scan_status in (FilingDocument.ScanStatus.INFECTED, FilingDocument.ScanStatus.UNSCANNABLE):
            problems.append(
                _("“%(title)s” could not be accepted by the virus check: remove it.") % {"title": document.title}
            )
    return problems


def scans_stuck(*, older_than: datetime.timedelta | None = None):
    """Documents waiting for a scan longer than the threshold (the sweep re-sends these)."""
    if older_than is None:
        older_than = datetime.timedelta(seconds=settings.FILINGS_SCAN_STUCK_AFTER_SECONDS)
    cutoff = timezone.now() - older_than
    waiting = [FilingDocument.ScanStatus.UPLOADED, FilingDocument.ScanStatus.SCANNING]
    return FilingDocument.objects.filter(scan_status__in=waiting, scan_requested_at__lt=cutoff)


def filings_missing_pdfs(*, older_than: datetime.timedelta):
    """Submitted filings whose receipt PDF is still missing after `older_than` (the sweep re-sends these)."""
    cutoff = timezone.now() - older_than
    return Filing.objects.filter(
        status__in=RENDERED_STATUSES, submitted_at__lt=cutoff, submitted_at__isnull=False, receipt_pdf_key=""
    )
