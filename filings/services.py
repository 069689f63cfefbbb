"""Writes for filings: drafts, uploads, submission, withdrawal, clerk review. Each is audited.

Status changes go through `transition()` and the table below, nowhere else.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record
from cases.models import Case, RecordDocument
from common.mail import email_send
from filings.models import Filing, FilingDocument
from filings.outages import filing_timeliness
from filings.storage import store_path
from filings.validation import validate_pdf
from notices.services import filing_decision_notice_request

logger = logging.getLogger(__name__)

S = Filing.Status
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.CANCELLED, S.REJECTED},  # rejected: an infected upload
    S.SUBMITTED: {S.ACCEPTED, S.REJECTED, S.CANCELLED},
    S.ACCEPTED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
}

_CATEGORY_BY_TYPE = {
    Filing.FilingType.MOTION: RecordDocument.Category.MOTION,
    Filing.FilingType.BRIEF: RecordDocument.Category.BRIEF,
    Filing.FilingType.EVIDENCE: RecordDocument.Category.EVIDENCE,
    Filing.FilingType.RESPONSE: RecordDocument.Category.BRIEF,
}


class FilingError(Exception):
    """A request the rules do not allow; `message` is shown to the person as it is."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code  # picks the help answer that fixes it (DocumentUploadForm.error_help)


def transition_check(filing: Filing, *, to: str) -> None:
    """Raises FilingError if the table forbids moving `filing` to status `to`; changes nothing."""
    if to not in TRANSITIONS[filing.status]:
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


@transaction.atomic
def filing_create(*, case: Case, actor, filing_type: str) -> Filing:
    """Starts a draft filing on the respondent's case; audited."""
    if not case_accepts_filings(case):
        raise FilingError(_("An attorney is of record in this case: your attorney files documents for you."))
    filing = Filing.objects.create(case=case, filed_by=actor, filing_type=filing_type)
    audit_record(actor=actor, action=AuditAction.FILING_CREATED, target=filing, case=case)
    return filing


def _require_draft(filing: Filing) -> None:
    if filing.status != S.DRAFT:
        raise FilingError(_("Documents can be changed only while the filing is a draft."))


def _lock_draft(filing_id: int) -> Filing:
    """The filing's row, locked until the transaction ends, if it is still a draft: a submission or
    a withdrawal running at the same time waits for this change, or this change sees its result."""
    filing = Filing.objects.select_for_update().select_related("case").get(pk=filing_id)
    _require_draft(filing)
    return filing


def document_upload(*, filing: Filing, actor, role: str, title: str, path, original_name: str) -> FilingDocument:
    """Checks an uploaded file, stores it under a random key and queues its virus scan; audited.

    Raises UploadRejected (with the filer's message) when a check fails; nothing is stored then.
    """
    _require_draft(filing)
    if filing.filing_type == Filing.FilingType.ADDRESS_CHANGE:
        raise FilingError(_("A change of address is filed with its form only. Start a new filing for other documents."))
    if role not in (FilingDocument.Role.LEAD, FilingDocument.Role.SUPPORTING):
        raise FilingError(_("Choose whether this is the lead document or a supporting document."))
    if role == FilingDocument.Role.LEAD and filing.documents.filter(role=FilingDocument.Role.LEAD).exists():
        raise _lead_exists_error()
    if filing.documents.count() > settings.FILINGS_MAX_SUPPORTING_DOCUMENTS:
        raise FilingError(_("A filing can have one lead document and up to 50 supporting documents."), code="too_many")
    checked = validate_pdf(Path(path))
    try:
        key, size, digest = store_path(checked.path)
    finally:
        if checked.rewritten:
            checked.path.unlink(missing_ok=True)
    try:
        return _document_save(
            filing_id=filing.pk,
            actor=actor,
            fields={"role": role, "title": title, "original_name": original_name},
            stored=(key, size, digest),
            checked=checked,
        )
    except FilingError:  # submitted, withdrawn or given a lead meanwhile: nothing points to the file
        default_storage.delete(key)
        raise


def _lead_exists_error() -> FilingError:
    return FilingError(
        _("This filing already has a lead document. Remove it first to upload another."), code="lead_exists"
    )


@transaction.atomic
def _document_save(*, filing_id: int, actor, fields: dict, stored: tuple, checked) -> FilingDocument:
    """Records a stored upload on the filing, checked again under the filing's row lock; audited."""
    key, size, digest = stored
    filing = _lock_draft(filing_id)
    if fields["role"] == FilingDocument.Role.LEAD and filing.documents.filter(role=FilingDocument.Role.LEAD).exists():
        raise _lead_exists_error()
    document = FilingDocument.objects.create(
        filing=filing,
        **fields,
        storage_key=key,
        size=size,
        sha256=digest,
        pages=checked.pages,
        non_letter_pages=checked.non_letter_pages,
        removed_active_content=checked.removed,
        scan_status=FilingDocument.ScanStatus.SCANNING,
        scan_requested_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.FILING_DOCUMENT_UPLOADED,
        target=document,
        case=filing.case,
        data={"size": size, "sha256": digest, "pages": checked.pages, "removed": checked.removed},
    )
    _enqueue_scan(document.pk)
    return document


def _enqueue_scan(document_id: int) -> None:
    from filings.tasks import scan_document

    transaction.on_commit(lambda: scan_document.delay(document_id))


@transaction.atomic
def document_page_size_accept(*, document: FilingDocument, actor) -> FilingDocument:
    """Records that the filer accepts the warning about pages that are not US Letter; audited."""
    _lock_draft(document.filing_id)
    document.page_size_warning_accepted = True
    document.save(update_fields=["page_size_warning_accepted"])
    audit_record(
        actor=actor, action=AuditAction.FILING_DOCUMENT_PAGE_SIZE_ACCEPTED, target=document, case=document.filing.case
    )
    return document


@transaction.atomic
def document_remove(*, document: FilingDocument, actor) -> None:
    """Removes a document from a draft (nothing was filed yet); its file is deleted after commit; audited."""
    _lock_draft(document.filing_id)
    if document.generated:
        raise FilingError(_("This form was prepared by the portal from your answers. Delete the draft to start again."))
    key = document.storage_key
    audit_record(
        actor=actor,
        action=AuditAction.FILING_DOCUMENT_REMOVED,
        target=document,
        case=document.filing.case,
        data={"sha256": document.sha256},
    )
    document.delete()
    transaction.on_commit(lambda: default_storage.delete(key))


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


def _receipt_number(filing: Filing) -> str:
    stamp = filing.submitted_at_local
    return f"{filing.case.court.code}-{stamp:%Y%m%d}-{filing.pk:07d}"


@transaction.atomic
def filing_submit(*, filing: Filing, actor, service_certified: bool) -> Filing:
    """Files a draft: stamps it in the court's time zone, issues a confirmation number, emails a receipt.

    Allowed while virus scans are still running, so a slow scanner never costs a deadline. Audited.
    """
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition_check(filing, to=S.SUBMITTED)  # filed already (a double click): say so, change nothing
    if not case_accepts_filings(filing.case):
        raise FilingError(_("An attorney is of record in this case: your attorney files documents for you."))
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
    _enqueue_pdfs(filing.pk)
    return filing


def _enqueue_pdfs(filing_id: int) -> None:
    from filings.generated import enqueue_filing_pdfs

    enqueue_filing_pdfs(filing_id)


@transaction.atomic
def filing_withdraw(*, filing: Filing, actor) -> Filing:
    """Withdraws a draft or a filing the court has not reviewed yet (status cancelled); audited."""
    filing = Filing.objects.select_for_update().get(pk=filing.pk)
    transition(filing, to=S.CANCELLED)
    filing.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=AuditAction.FILING_WITHDRAWN, target=filing, case=filing.case)
    return filing


def _file_missing_message(document: FilingDocument) -> str:
    return _(
        "The file of “%(title)s” is missing from storage, so this filing cannot be accepted. "
        "Nothing was changed. Ask the technical team to restore the file."
    ) % {"title": document.title}


def _missing_files(filing: Filing) -> list[FilingDocument]:
    return [d for d in filing.documents.all() if d.storage_key and not default_storage.exists(d.storage_key)]


def _file_missing_record(filing: Filing, documents: list[FilingDocument], actor) -> None:
    """Audits (in its own transaction: the refusal that follows must not roll it back) and logs files gone."""
    logger.error("Filing %s: stored files missing for documents %s", filing.pk, [d.pk for d in documents])
    with transaction.atomic():
        for document in documents:
            audit_record(
                actor=actor,
                action=AuditAction.FILING_DOCUMENT_FILE_MISSING,
                target=document,
                case=filing.case,
                outcome=AuditEvent.Outcome.FAILURE,
            )


def _add_to_record(filing: Filing, document: FilingDocument) -> RecordDocument:
    record = RecordDocument(
        case=filing.case,
        title=document.title[:300],
        category=_CATEGORY_BY_TYPE.get(filing.filing_type, RecordDocument.Category.OTHER),
        filed_by=RecordDocument.FiledBy.RESPONDENT,
        filed_on=filing.submitted_at_local.date(),
        sha256=document.sha256,
        size=document.size,
        pages=document.pages,
    )
    try:
        with default_storage.open(document.storage_key, "rb") as raw:
            record.file.save("document.pdf", File(raw), save=False)
    except FileNotFoundError as exc:  # gone since _missing_files looked: the whole acceptance rolls back
        raise FilingError(_file_missing_message(document), code="file_missing") from exc
    record.save()
    return record


def filing_accept(*, filing: Filing, actor) -> Filing:
    """A clerk accepts a filing: its clean documents join the record of proceedings with the filing
    date; the filer is emailed and a decision notice is requested. Audited.

    A document whose stored file has gone stops the acceptance with a FilingError (nothing changes);
    the missing file is audited and logged for the technical team."""
    transition_check(Filing.objects.get(pk=filing.pk), to=S.ACCEPTED)  # already decided: say so first
    missing = _missing_files(filing)
    if missing:
        _file_missing_record(filing, missing, actor)
        raise FilingError(_file_missing_message(missing[0]), code="file_missing")
    return _filing_accept(filing=filing, actor=actor)


@transaction.atomic
def _filing_accept(*, filing: Filing, actor) -> Filing:
    # Locked first: of two clerks accepting at once, the second waits, then finds it accepted.
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition_check(filing, to=S.ACCEPTED)  # before anything else: a second accept must not touch the record
    documents = list(filing.documents.all())
    if any(not d.is_clean for d in documents):
        raise FilingError(_("Every document must pass the virus check before the filing can be accepted."))
    if not any(d.role == FilingDocument.Role.SERVICE for d in documents):
        # The render worker has not made it yet (or its message was lost): make it now, the clerk waits.
        from filings.generated import certificate_make

        certificate_make(filing)
        documents = list(filing.documents.all())
    transition(filing, to=S.ACCEPTED)
    filing.reviewed_at = timezone.now()
    filing.reviewed_by = actor
    filing.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    # The certificate of service closes the filing in the record, after the documents it certifies.
    documents.sort(key=lambda d: (d.role == FilingDocument.Role.SERVICE, d.role != FilingDocument.Role.LEAD, d.pk))
    record_ids = [_add_to_record(filing, document).pk for document in documents]
    audit_record(
        actor=actor, action=AuditAction.FILING_ACCEPTED, target=filing, case=filing.case, data={"record": record_ids}
    )
    if filing.filing_type == Filing.FilingType.ADDRESS_CHANGE:
        from filings.address import address_change_apply

        address_change_apply(filing=filing, actor=actor)
    filing_decision_notice_request(filing=filing, actor=actor)
    email_send(user=filing.filed_by, template="filings/email/decision", objects={"filing": filing})
    return filing


@transaction.atomic
def filing_reject(*, filing: Filing, actor, reason: str) -> Filing:
    """Rejects a filing with a reason the filer sees and is emailed; a decision notice is requested. Audited."""
    reason = (reason or "").strip()
    if not reason:
        raise FilingError(_("Give the reason for the rejection."))
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition(filing, to=S.REJECTED)
    filing.rejection_reason = reason
    filing.reviewed_at = timezone.now()
    filing.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    filing.save(update_fields=["status", "rejection_reason", "reviewed_at", "reviewed_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.FILING_REJECTED,
        target=filing,
        case=filing.case,
        data={"reason": reason[:500]},
        actor_role=None if getattr(actor, "is_authenticated", False) else "system",
    )
    filing_decision_notice_request(filing=filing, actor=actor)
    email_send(user=filing.filed_by, template="filings/email/decision", objects={"filing": filing})
    return filing
