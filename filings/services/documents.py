"""Writes for the documents of a draft: upload (checked, stored, its virus scan queued), the page-size
answer, removal; and the audit of each download of a filing's files."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from filings import tasks
from filings.models import Filing, FilingDocument
from filings.selectors import has_lead_document
from filings.services.filing import FilingError, draft_check, draft_lock
from filings.storage import store_path
from filings.validation import validate_pdf


def document_scan_enqueue(document_id: int) -> None:
    """Queues the virus scan of a stored document once the current transaction commits (scan queue)."""
    transaction.on_commit(lambda: tasks.document_scan.delay(document_id))


def document_upload(*, filing: Filing, actor, role: str, title: str, path, original_name: str) -> FilingDocument:
    """Checks an uploaded file, stores it under a random key and queues its virus scan; audited.

    Raises UploadRejected (with the filer's message) when a check fails; nothing is stored then.
    """
    draft_check(filing)
    if filing.filing_type == Filing.FilingType.ADDRESS_CHANGE:
        raise FilingError(_("A change of address is filed with its form only. Start a new filing for other documents."))
    if role not in (FilingDocument.Role.LEAD, FilingDocument.Role.SUPPORTING):
        raise FilingError(_("Choose whether this is the lead document or a supporting document."))
    if role == FilingDocument.Role.LEAD and has_lead_document(filing=filing):
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


@audited(AuditAction.FILING_DOCUMENT_UPLOADED)
def _document_save(*, filing_id: int, actor, fields: dict, stored: tuple, checked) -> FilingDocument:
    """Records a stored upload on the filing, checked again under the filing's row lock; audited."""
    key, size, digest = stored
    filing = draft_lock(filing_id)
    if fields["role"] == FilingDocument.Role.LEAD and has_lead_document(filing=filing):
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
    document_scan_enqueue(document.pk)
    return document


@audited(AuditAction.FILING_DOCUMENT_PAGE_SIZE_ACCEPTED)
def document_page_size_accept(*, document: FilingDocument, actor) -> FilingDocument:
    """Records that the filer accepts the warning about pages that are not US Letter; audited."""
    draft_lock(document.filing_id)
    document.page_size_warning_accepted = True
    document.save(update_fields=["page_size_warning_accepted"])
    audit_record(
        actor=actor, action=AuditAction.FILING_DOCUMENT_PAGE_SIZE_ACCEPTED, target=document, case=document.filing.case
    )
    return document


@audited(AuditAction.FILING_DOCUMENT_REMOVED)
def document_remove(*, document: FilingDocument, actor) -> None:
    """Removes a document from a draft (nothing was filed yet); its file is deleted after commit; audited."""
    draft_lock(document.filing_id)
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


@audited(AuditAction.FILING_DOCUMENT_DOWNLOADED)
def document_download(*, actor, document: FilingDocument, case) -> None:
    """Audits one document of a filing sent to its filer or to a clerk of its court."""
    audit_record(actor=actor, action=AuditAction.FILING_DOCUMENT_DOWNLOADED, target=document, case=case)


@audited(AuditAction.FILING_RECEIPT_DOWNLOADED)
def filing_receipt_download(*, actor, filing: Filing) -> None:
    """Audits the receipt PDF of a filing sent to its filer."""
    audit_record(actor=actor, action=AuditAction.FILING_RECEIPT_DOWNLOADED, target=filing, case=filing.case)
