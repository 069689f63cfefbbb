"""Writes for a filing's life before review: the transition table, starting a draft, filing it, withdrawing it.

Status changes go through `transition()` and the table below, nowhere else.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import Case
from common.mail import email_send
from filings import tasks
from filings.models import Filing
from filings.selectors import filing_timeliness, submission_problems

S = Filing.Status
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.CANCELLED, S.REJECTED},  # rejected: an infected upload
    S.SUBMITTED: {S.ACCEPTED, S.REJECTED, S.CANCELLED},
    S.ACCEPTED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
}


class FilingError(Exception):
    """A request the rules do not allow; `message` is shown to the person as it is."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code  # picks the help answer that fixes it (DocumentUploadForm.error_help)


def transition_allowed(filing: Filing, *, to: str) -> bool:
    """True when the table allows moving `filing` to status `to` (a page offers the button only then)."""
    return to in TRANSITIONS[filing.status]


def transition_check(filing: Filing, *, to: str) -> None:
    """Raises FilingError if the table forbids moving `filing` to status `to`; changes nothing."""
    if not transition_allowed(filing, to=to):
        raise FilingError(
            _("This filing is %(status)s and can no longer be changed that way.")
            % {"status": filing.get_status_display().lower()},
            code="invalid_transition",
        )


def transition(filing: Filing, *, to: str) -> None:
    """Moves `filing` to status `to` (in memory) or raises FilingError if the table forbids it."""
    transition_check(filing, to=to)
    filing.status = to


def case_accepts_filings(case: Case) -> bool:
    """A respondent files only while no attorney is of record (then the attorney files)."""
    return not case.attorney_of_record


def attorney_check(case: Case) -> None:
    """Raises FilingError when an attorney is of record: the attorney files, not the respondent."""
    if not case_accepts_filings(case):
        raise FilingError(_("An attorney is of record in this case: your attorney files documents for you."))


def draft_check(filing: Filing) -> None:
    """Raises FilingError unless the filing is still a draft (only a draft's documents change)."""
    if filing.status != S.DRAFT:
        raise FilingError(_("Documents can be changed only while the filing is a draft."))


def draft_lock(filing_id: int) -> Filing:
    """The filing's row, locked until the transaction ends, if it is still a draft: a submission or
    a withdrawal running at the same time waits for this change, or this change sees its result."""
    filing = Filing.objects.select_for_update().select_related("case").get(pk=filing_id)
    draft_check(filing)
    return filing


@audited(AuditAction.FILING_CREATED)
def filing_create(*, case: Case, actor, filing_type: str) -> Filing:
    """Starts a draft filing on the respondent's case; audited."""
    attorney_check(case)
    filing = Filing.objects.create(case=case, filed_by=actor, filing_type=filing_type)
    audit_record(actor=actor, action=AuditAction.FILING_CREATED, target=filing, case=case)
    return filing


def _receipt_number(filing: Filing) -> str:
    stamp = filing.submitted_at_local
    return f"{filing.case.court.code}-{stamp:%Y%m%d}-{filing.pk:07d}"


@audited(AuditAction.FILING_SUBMITTED)
def filing_submit(*, filing: Filing, actor, service_certified: bool) -> Filing:
    """Files a draft: stamps it in the court's time zone, issues a confirmation number, emails a receipt
    and queues its certificate of service and receipt PDF (render queue).

    Allowed while virus scans are still running, so a slow scanner never costs a deadline. Audited.
    """
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition_check(filing, to=S.SUBMITTED)  # filed already (a double click): say so, change nothing
    attorney_check(filing.case)
    if not service_certified:
        raise FilingError(_("Confirm the certificate of service on DHS to file."))
    problems = submission_problems(filing)
    if problems:
        raise FilingError(" ".join(problems))
    transition(filing, to=S.SUBMITTED)
    filing.submitted_at = timezone.now()
    filing.service_certified = True
    filing.receipt_number = _receipt_number(filing)
    timeliness = filing_timeliness(filing)
    for name, value in timeliness.items():
        setattr(filing, name, value)
    filing.save(
        update_fields=["status", "submitted_at", "service_certified", "receipt_number", *timeliness, "updated_at"]
    )
    audit_record(
        actor=actor,
        action=AuditAction.FILING_SUBMITTED,
        target=filing,
        case=filing.case,
        data={"receipt": filing.receipt_number, "timely_by_outage": filing.timely_by_outage},
    )
    email_send(user=filing.filed_by, template="filings/email/receipt", objects={"filing": filing})
    filing_id = filing.pk
    transaction.on_commit(lambda: tasks.filing_pdfs_render.delay(filing_id))
    return filing


@audited(AuditAction.FILING_WITHDRAWN)
def filing_withdraw(*, filing: Filing, actor) -> Filing:
    """Withdraws a draft or a filing the court has not reviewed yet (status cancelled); audited."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    transition(filing, to=S.CANCELLED)
    filing.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.FILING_WITHDRAWN, target=filing, case=filing.case)
    return filing
