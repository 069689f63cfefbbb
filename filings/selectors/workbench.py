"""Reads for the clerk's workbench: the filings queues (what "waiting" means) and the facts shown next
to a filing's documents on the review page.

The queues are querysets of the whole table; the caller scopes them to the clerk's courts (the admin's
queryset, or the workbench's per-court counts). Each is served by the (status, submitted_at) index.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.models import Hearing
from filings.models import Filing, FilingDocument, ReviewReason
from filings.selectors.deadlines import next_hearing_after
from filings.validation import ACTIVE_CONTENT_LABELS

# A scan that has not answered after this long is a problem for a person, not a wait (the sweep re-sends it).
SCAN_WAIT_LIMIT = datetime.timedelta(minutes=10)
_D = FilingDocument.ScanStatus
_SCAN_PENDING = (_D.UPLOADED, _D.SCANNING)

QUEUE_REVIEW = "review"
QUEUE_ADDRESS = "address"
QUEUE_SCAN = "scan"
QUEUES = (QUEUE_REVIEW, QUEUE_ADDRESS, QUEUE_SCAN)


def _unclean_documents():
    return FilingDocument.objects.filter(filing=OuterRef("pk")).exclude(scan_status=_D.CLEAN)


def filings_ready_for_review() -> QuerySet[Filing]:
    """Submitted filings whose every document passed the virus check: what a clerk can decide now."""
    return Filing.objects.filter(status=Filing.Status.SUBMITTED).exclude(Exists(_unclean_documents()))


def filings_waiting_for_review() -> QuerySet[Filing]:
    """The review queue: ready filings other than changes of address (those have their own queue)."""
    return filings_ready_for_review().exclude(filing_type=Filing.FilingType.ADDRESS_CHANGE)


def address_changes_waiting_for_review() -> QuerySet[Filing]:
    """Changes of address (EOIR-33) filed and ready to decide; accepting one changes the address of record."""
    return filings_ready_for_review().filter(filing_type=Filing.FilingType.ADDRESS_CHANGE)


def filings_waiting_on_a_scan(*, now: datetime.datetime | None = None) -> QuerySet[Filing]:
    """Submitted filings with a document whose virus check was asked for more than SCAN_WAIT_LIMIT ago
    and has not answered (the scanner is down or the message was lost)."""
    cutoff = (now or timezone.now()) - SCAN_WAIT_LIMIT
    stuck = FilingDocument.objects.filter(filing=OuterRef("pk"), scan_status__in=_SCAN_PENDING).filter(
        Q(scan_requested_at__lt=cutoff) | Q(scan_requested_at__isnull=True, created_at__lt=cutoff)
    )
    return Filing.objects.filter(status=Filing.Status.SUBMITTED).filter(Exists(stuck))


def queue_filings(queue: str) -> QuerySet[Filing]:
    """The filings of one named queue, oldest first (the order a clerk works them in)."""
    chosen = {
        QUEUE_REVIEW: filings_waiting_for_review,
        QUEUE_ADDRESS: address_changes_waiting_for_review,
        QUEUE_SCAN: filings_waiting_on_a_scan,
    }[queue]
    return chosen().order_by("submitted_at", "id")


def queue_of(filing: Filing) -> str:
    """The decision queue a filing is worked in (for "open the next")."""
    return QUEUE_ADDRESS if filing.filing_type == Filing.FilingType.ADDRESS_CHANGE else QUEUE_REVIEW


def next_in_queue(*, scoped: QuerySet[Filing], queue: str, after: Filing | None = None) -> Filing | None:
    """The oldest filing of `queue` among `scoped` (the clerk's courts), other than `after`."""
    candidates = queue_filings(queue).filter(pk__in=scoped.values("pk"))
    if after is not None:
        candidates = candidates.exclude(pk=after.pk)
    return candidates.only("pk").first()


def review_reasons(decision: str) -> QuerySet[ReviewReason]:
    """The reasons clerks may pick for `decision` (accept or reject), in the supervisors' order."""
    return ReviewReason.objects.filter(decision=decision, active=True).order_by("position", "id")


@dataclass
class DocumentFacts:
    document: FilingDocument
    removed: list[str] = field(default_factory=list)
    odd_pages: list[dict] = field(default_factory=list)  # {"page", "width_in", "height_in"}


@dataclass
class ReviewFacts:
    """What the clerk reads next to the documents (court time zone for every date)."""

    filing: Filing
    next_hearing: Hearing | None
    days_to_hearing: int | None
    deadline: str  # "on_time", "late", "timely_by_outage", "none"
    documents: list[DocumentFacts]
    earlier: list[Filing]
    all_clean: bool


def _deadline_state(filing: Filing) -> str:
    if filing.deadline_due_on is None or filing.submitted_at is None:
        return "none"
    if filing.timely_by_outage:
        return "timely_by_outage"
    return "late" if filing.submitted_at_local.date() > filing.deadline_due_on else "on_time"


def review_facts(*, filing: Filing, now: datetime.datetime | None = None, earlier_limit: int = 10) -> ReviewFacts:
    """The facts of the review page; a fixed number of queries whatever the case holds."""
    now = now or timezone.now()
    court = filing.case.court
    hearing = next_hearing_after(case=filing.case, moment=now)
    days = None
    if hearing is not None:
        days = (timezone.localtime(hearing.starts_at, court.tz).date() - timezone.localtime(now, court.tz).date()).days
    documents = [
        DocumentFacts(
            document=d,
            removed=[str(ACTIVE_CONTENT_LABELS.get(c, c)) for c in d.removed_active_content],
            odd_pages=list(d.non_letter_pages or []),
        )
        for d in filing.documents.all()
    ]
    earlier = list(
        Filing.objects.filter(case=filing.case)
        .exclude(pk=filing.pk)
        .exclude(status=Filing.Status.DRAFT)
        .order_by("-submitted_at", "-id")[:earlier_limit]
    )
    return ReviewFacts(
        filing=filing,
        next_hearing=hearing,
        days_to_hearing=days,
        deadline=_deadline_state(filing),
        documents=documents,
        earlier=earlier,
        all_clean=bool(documents) and all(f.document.is_clean for f in documents),
    )
