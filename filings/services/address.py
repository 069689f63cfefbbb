"""Writes for a change of address (EOIR-33) filed as a filing.

The respondent fills in the form; the portal prepares a draft filing of type "change of address"
whose lead document is the EOIR-33 PDF made from the answers (with its proof of service on DHS). The
filing is then scanned, submitted and reviewed like any other. Only when a clerk accepts it does the
respondent's address of record change; the address it replaces is kept on the AddressChange row.
A rejected or withdrawn change leaves the address of record as it was.
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import Case, Respondent
from filings.models import AddressChange, Filing, FilingDocument
from filings.rendering import eoir33_html, render_pdf
from filings.selectors import ADDRESS_FIELDS, current_address, open_address_change_drafts
from filings.services.documents import document_scan_enqueue
from filings.services.filing import attorney_check, filing_create, filing_withdraw
from filings.storage import store_bytes


def _eoir33_document(filing: Filing, change: AddressChange) -> FilingDocument:
    pdf = render_pdf(eoir33_html(change))
    key, size, digest = store_bytes(pdf.content)
    with translation.override("en"):  # the record is in English
        title = _("Change of address (EOIR-33)")
    document = FilingDocument.objects.create(
        filing=filing,
        role=FilingDocument.Role.LEAD,
        title=title,
        storage_key=key,
        size=size,
        sha256=digest,
        pages=pdf.pages,
        generated=True,
        scan_status=FilingDocument.ScanStatus.SCANNING,  # checked like any lead document
        scan_requested_at=timezone.now(),
    )
    document_scan_enqueue(document.pk)
    return document


@audited(AuditAction.ADDRESS_CHANGE_PREPARED)
def address_change_submit(*, case: Case, actor, data: dict) -> AddressChange:
    """Turns a completed EOIR-33 form into a draft "change of address" filing whose lead document is the
    generated EOIR-33 PDF (scan queued). An earlier unfiled draft of this case is withdrawn: the new
    answers replace it. The address of record is unchanged until a clerk accepts. Audited."""
    attorney_check(case)
    for earlier in open_address_change_drafts(case=case):
        filing_withdraw(filing=earlier, actor=actor)
    respondent = Respondent.objects.get(pk=case.respondent_id)
    filing = filing_create(case=case, actor=actor, filing_type=Filing.FilingType.ADDRESS_CHANGE)
    change = AddressChange.objects.create(
        respondent=respondent,
        case=case,
        filing=filing,
        filed_by=actor,
        old_address=current_address(respondent),
        new_address={**{name: data.get(name, "") or "" for name in ADDRESS_FIELDS}, "country": "US"},
        phone=data.get("phone", "") or "",
        email=data.get("email", "") or "",
        moved_on=data.get("moved_on"),
    )
    document = _eoir33_document(filing, change)
    # The addresses themselves are personal data: the audit row names the change, not the places.
    audit_record(
        actor=actor,
        action=AuditAction.ADDRESS_CHANGE_PREPARED,
        target=change,
        case=case,
        data={"filing": filing.pk, "sha256": document.sha256},
    )
    return change


def address_change_apply(*, filing: Filing, actor) -> AddressChange | None:
    """On acceptance of a change-of-address filing: the respondent's address of record becomes the new
    one and the replaced address is kept on the change (history). Call inside the accept transaction."""
    change = AddressChange.objects.select_for_update().filter(filing=filing).first()
    if change is None or change.applied_at is not None:
        return change
    respondent = Respondent.objects.select_for_update().get(pk=change.respondent_id)
    change.old_address = current_address(respondent)  # what is replaced now, not what it was at drafting
    for name in ADDRESS_FIELDS:
        setattr(respondent, name, change.new_address.get(name, ""))
    respondent.save(update_fields=[*ADDRESS_FIELDS, "updated_at"])
    change.applied_at = timezone.now()
    change.save(update_fields=["old_address", "applied_at"])
    audit_record(actor=actor, action=AuditAction.RESPONDENT_ADDRESS_CHANGED, target=change, case=filing.case)
    return change
