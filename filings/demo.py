"""Work for the clerk workbench in the demo (`seed_demo`, called from portal/demo.py): in every demo
court, filings in every state, one item in each queue, and one stuck virus check and one failed
letter render to retry. Idempotent: every row has a natural key (receipt number, idempotency key).

`work_filing` builds one filing with its documents straight in the database, in any state, for the
demo and for tests: what the respondent's pages and the services would have left behind.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from cases.models import Case, ImmigrationCourt
from cases.storage_keys import random_key
from filings.models import AddressChange, Filing, FilingDocument, ReviewReason
from notices.models import MailingBatch, Notice, PrintFile

F = Filing.Status
D = FilingDocument.ScanStatus


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    role: str = FilingDocument.Role.LEAD
    scan_status: str = D.CLEAN
    pages: int = 1
    removed_active_content: tuple[str, ...] = ()
    non_letter_pages: tuple[dict, ...] = ()
    scan_requested_minutes_ago: int = 0
    scan_attempts: int = 0
    scan_last_error: str = ""


def _store(content: bytes, prefix: str = "filings") -> tuple[str, str, int]:
    key = default_storage.save(random_key(prefix), ContentFile(content))
    return key, hashlib.sha256(content).hexdigest(), len(content)


def work_filing(
    *,
    case: Case,
    filed_by,
    receipt_number: str,
    content: bytes,
    status: str = F.SUBMITTED,
    submitted_at: datetime.datetime | None = None,
    filing_type: str = Filing.FilingType.MOTION,
    documents: tuple[DocumentSpec, ...] = (DocumentSpec("Motion"),),
    with_certificate: bool = True,
    **fields,
) -> Filing:
    """A filing of `case` in `status` with its documents stored (each `content`); see the module doc."""
    now = timezone.now()
    filing = Filing.objects.create(
        case=case,
        filed_by=filed_by,
        filing_type=filing_type,
        status=status,
        service_certified=status != F.DRAFT,
        submitted_at=None if status == F.DRAFT else (submitted_at or now),
        receipt_number="" if status == F.DRAFT else receipt_number,
        **fields,
    )
    specs = list(documents)
    if with_certificate and status != F.DRAFT:
        specs.append(DocumentSpec("Certificate of service", role=FilingDocument.Role.SERVICE))
    for spec in specs:
        key, sha256, size = _store(content)
        requested = now - datetime.timedelta(minutes=spec.scan_requested_minutes_ago)
        FilingDocument.objects.create(
            filing=filing,
            role=spec.role,
            title=spec.title,
            storage_key=key,
            sha256=sha256,
            size=size,
            pages=spec.pages,
            scan_status=spec.scan_status,
            scan_requested_at=requested,
            scanned_at=requested if spec.scan_status == D.CLEAN else None,
            scan_attempts=spec.scan_attempts,
            scan_last_error=spec.scan_last_error,
            removed_active_content=list(spec.removed_active_content),
            non_letter_pages=list(spec.non_letter_pages),
            page_size_warning_accepted=bool(spec.non_letter_pages),
            generated=spec.role == FilingDocument.Role.SERVICE,
            created_at=requested,
        )
    return filing


# --- The demo ------------------------------------------------------------------------------------

HOURS = 60
# (key, filing type, status, minutes since filing, documents) for each demo court.
_PLAN = (
    ("R1", Filing.FilingType.MOTION, F.SUBMITTED, 3 * 24 * HOURS, (DocumentSpec("Motion to continue"),)),
    (
        "R2",
        Filing.FilingType.EVIDENCE,
        F.SUBMITTED,
        26 * HOURS,
        (
            DocumentSpec(
                "Supporting evidence: letters",
                pages=2,
                removed_active_content=("javascript", "open_action"),
                non_letter_pages=({"page": 2, "width_in": 8.27, "height_in": 11.69},),
            ),
        ),
    ),
    ("R3", Filing.FilingType.BRIEF, F.SUBMITTED, 5 * HOURS, (DocumentSpec("Written statement"),)),
    ("R4", Filing.FilingType.RESPONSE, F.SUBMITTED, 50, (DocumentSpec("Response to DHS motion"),)),
    ("R5", Filing.FilingType.MOTION, F.SUBMITTED, 20, (DocumentSpec("Motion to change venue"),)),
    (
        "S1",
        Filing.FilingType.MOTION,
        F.SUBMITTED,
        35,
        (
            DocumentSpec(
                "Motion for a copy of the record",
                scan_status=D.SCANNING,
                scan_requested_minutes_ago=35,
                scan_attempts=2,
                scan_last_error="ConnectionRefusedError: the virus scanner did not answer (demo)",
            ),
        ),
    ),
    ("A1", Filing.FilingType.ADDRESS_CHANGE, F.SUBMITTED, 2 * HOURS, (DocumentSpec("Change of address (EOIR-33)"),)),
    ("D1", Filing.FilingType.BRIEF, F.ACCEPTED, 9 * 24 * HOURS, (DocumentSpec("Brief on eligibility"),)),
    ("D2", Filing.FilingType.MOTION, F.REJECTED, 8 * 24 * HOURS, (DocumentSpec("Motion (blank pages)"),)),
    ("W1", Filing.FilingType.OTHER, F.CANCELLED, 7 * 24 * HOURS, (DocumentSpec("Letter to the court"),)),
    ("X1", Filing.FilingType.MOTION, F.DRAFT, 60, (DocumentSpec("Motion not yet filed", scan_status=D.CLEAN),)),
)


_PDFS: dict[tuple[int, str], bytes] = {}


def _demo_pdf(court: ImmigrationCourt, title: str, render_pdf) -> bytes:
    """One small real PDF per court and kind (rendering is the slow part of seeding)."""
    if (court.pk, title) not in _PDFS:
        lines = [court.name, "A document filed in the demonstration portal."]
        _PDFS[(court.pk, title)] = render_pdf(title=title, lines=lines)[0]
    return _PDFS[(court.pk, title)]


def _filer_for(case: Case, court: ImmigrationCourt, ensure_user):
    """The respondent's own account, or the court's demo filer account (not linked to anyone)."""
    if case.respondent.user_id is not None:
        return case.respondent.user
    email = f"demo.filer.{court.code.lower()}@example.org"
    return ensure_user(email, first_name="Demo", last_name=f"Filer {court.city}")


def _demo_cases(court: ImmigrationCourt) -> list[Case]:
    return list(
        Case.objects.filter(court=court, status=Case.Status.PENDING, attorney_of_record=False)
        .select_related("respondent", "court")
        .order_by("pk")
    )


def _extra_fields(key: str, clerk) -> dict:
    now = timezone.now()
    if key == "D1":
        return {"reviewed_by": clerk, "reviewed_at": now - datetime.timedelta(days=8), **_reason("complete")}
    if key == "D2":
        return {
            "reviewed_by": clerk,
            "reviewed_at": now - datetime.timedelta(days=7),
            "rejection_reason": "The document cannot be read.",
            **_reason("illegible"),
        }
    return {}


def _reason(code: str) -> dict:
    reason = ReviewReason.objects.filter(code=code).first()
    return {"review_reason": reason} if reason else {}


def _address_change(filing: Filing, case: Case) -> None:
    person = case.respondent
    AddressChange.objects.get_or_create(
        filing=filing,
        defaults={
            "respondent": person,
            "case": case,
            "filed_by": filing.filed_by,
            "old_address": {
                "address_line1": person.address_line1,
                "address_line2": person.address_line2,
                "city": person.city,
                "state": person.state,
                "postal_code": person.postal_code,
            },
            "new_address": {
                "address_line1": "77 Example Lane",
                "address_line2": "",
                "city": person.city,
                "state": person.state,
                "postal_code": person.postal_code,
            },
            "moved_on": timezone.localdate() - datetime.timedelta(days=2),
        },
    )


def _seed_court_filings(court: ImmigrationCourt, clerk, *, render_pdf, ensure_user) -> int:
    cases = _demo_cases(court)
    if not cases:
        return 0
    made = 0
    now = timezone.now()
    for index, (key, filing_type, status, minutes, documents) in enumerate(_PLAN):
        receipt = f"{court.code}-DEMO-{key}"
        case = cases[index % len(cases)]
        marker = {"receipt_number": receipt} if status != F.DRAFT else {"case": case, "status": F.DRAFT}
        if Filing.objects.filter(**marker).exists():
            continue
        filing = work_filing(
            case=case,
            filed_by=_filer_for(case, court, ensure_user),
            receipt_number=receipt,
            content=_demo_pdf(court, "Document filed by the respondent", render_pdf),
            status=status,
            submitted_at=now - datetime.timedelta(minutes=minutes),
            filing_type=filing_type,
            documents=documents,
            **_extra_fields(key, clerk),
        )
        if filing_type == Filing.FilingType.ADDRESS_CHANGE:
            _address_change(filing, case)
        made += 1
    return made


def _seed_court_letters(court: ImmigrationCourt, clerk, *, render_pdf) -> None:
    """A letter whose rendering failed (to retry), a batch ready to print and one printed, not mailed."""
    case = next(iter(_demo_cases(court)), None)
    if case is None:
        return
    Notice.objects.get_or_create(
        idempotency_key=f"demo-failed-render-{court.code}",
        defaults={
            "respondent": case.respondent,
            "case": case,
            "court": court,
            "kind": Notice.Kind.HEARING,
            "render_attempts": 3,
            "last_error": "OSError: the letter template's font could not be loaded (demo)",
        },
    )
    now = timezone.now()
    for state, stamp in ((MailingBatch.State.READY, "completed_at"), (MailingBatch.State.PRINTED, "printed_at")):
        if MailingBatch.objects.filter(court=court, state=state, created_by=clerk).exists():
            continue
        batch = MailingBatch.objects.create(court=court, state=state, created_by=clerk, total=1)
        when = now - datetime.timedelta(hours=3 if state == MailingBatch.State.READY else 26)
        MailingBatch.objects.filter(pk=batch.pk).update(
            completed_at=when, **({stamp: when} if stamp != "completed_at" else {})
        )
        key, sha256, _size = _store(_demo_pdf(court, "Letters to print", render_pdf), prefix="batches")
        PrintFile.objects.create(
            batch=batch, number=1, first_seq=1, last_seq=1, state=PrintFile.State.DONE, file_key=key, sha256=sha256
        )


@transaction.atomic
def seed_workbench_demo(*, courts: list[ImmigrationCourt], render_pdf, ensure_user) -> int:
    """Each demo court's clerk finds work waiting: see the module docstring. Returns filings made."""
    made = 0
    for court in courts:
        clerk = get_user_model().objects.filter(email=f"demo.clerk.{court.code.lower()}@example.org").first()
        if clerk is None:
            continue
        made += _seed_court_filings(court, clerk, render_pdf=render_pdf, ensure_user=ensure_user)
        _seed_court_letters(court, clerk, render_pdf=render_pdf)
    return made
