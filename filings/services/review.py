"""Writes for the clerk's review: accepting a filing into the record of proceedings, rejecting it.

Each decision is audited, emails the filer and asks the notices app for a decision letter, all in
the decision's transaction.
"""

import logging

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record, audited
from cases.models import RecordDocument
from common.mail import email_send
from filings.models import Filing, FilingDocument, ReviewReason
from filings.services.address import address_change_apply
from filings.services.filing import FilingError, S, transition, transition_check
from filings.services.generated import certificate_make
from notices.services import filing_decision_notice_request

logger = logging.getLogger(__name__)

_CATEGORY_BY_TYPE = {
    Filing.FilingType.MOTION: RecordDocument.Category.MOTION,
    Filing.FilingType.BRIEF: RecordDocument.Category.BRIEF,
    Filing.FilingType.EVIDENCE: RecordDocument.Category.EVIDENCE,
    Filing.FilingType.RESPONSE: RecordDocument.Category.BRIEF,
}


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


def _decision_tell(filing: Filing, actor) -> None:
    """The filer hears of a decision twice: a decision letter (notices) and an email."""
    filing_decision_notice_request(filing=filing, actor=actor)
    email_send(user=filing.filed_by, template="filings/email/decision", objects={"filing": filing})


def filing_accept(*, filing: Filing, actor, review_reason: ReviewReason | None = None, note: str = "") -> Filing:
    """A clerk accepts a filing: its clean documents join the record of proceedings with the filing
    date; the filer is emailed and a decision notice is requested. Audited, with the reason picked.

    A document whose stored file has gone stops the acceptance with a FilingError (nothing changes);
    the missing file is audited and logged for the technical team."""
    transition_check(Filing.objects.get(pk=filing.pk), to=S.ACCEPTED)  # already decided: say so first
    missing = _missing_files(filing)
    if missing:
        _file_missing_record(filing, missing, actor)
        raise FilingError(_file_missing_message(missing[0]), code="file_missing")
    return _filing_accept(filing=filing, actor=actor, review_reason=review_reason, note=note)


@audited(AuditAction.FILING_ACCEPTED)
def _filing_accept(*, filing: Filing, actor, review_reason: ReviewReason | None, note: str) -> Filing:
    # Locked first: of two clerks accepting at once, the second waits, then finds it accepted.
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition_check(filing, to=S.ACCEPTED)  # before anything else: a second accept must not touch the record
    documents = list(filing.documents.all())
    if any(not d.is_clean for d in documents):
        raise FilingError(_("Every document must pass the virus check before the filing can be accepted."))
    if not any(d.role == FilingDocument.Role.SERVICE for d in documents):
        # The render worker has not made it yet (or its message was lost): make it now, the clerk waits.
        certificate_make(filing)
        documents = list(filing.documents.all())
    transition(filing, to=S.ACCEPTED)
    filing.reviewed_at = timezone.now()
    filing.reviewed_by = actor
    filing.review_reason, filing.review_note = review_reason, (note or "").strip()
    filing.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_reason", "review_note", "updated_at"])
    # The certificate of service closes the filing in the record, after the documents it certifies.
    documents.sort(key=lambda d: (d.role == FilingDocument.Role.SERVICE, d.role != FilingDocument.Role.LEAD, d.pk))
    record_ids = [_add_to_record(filing, document).pk for document in documents]
    audit_record(
        actor=actor,
        action=AuditAction.FILING_ACCEPTED,
        target=filing,
        case=filing.case,
        data={"record": record_ids, **({"reason": review_reason.code} if review_reason else {})},
    )
    if filing.filing_type == Filing.FilingType.ADDRESS_CHANGE:
        address_change_apply(filing=filing, actor=actor)
    _decision_tell(filing, actor)
    return filing


@audited(AuditAction.FILING_REJECTED)
def filing_reject(
    *, filing: Filing, actor, reason: str, review_reason: ReviewReason | None = None, note: str = ""
) -> Filing:
    """Rejects a filing with a reason the filer sees and is emailed; a decision notice is requested. Audited."""
    reason = (reason or "").strip()
    if not reason:
        raise FilingError(_("Give the reason for the rejection."))
    filing = Filing.objects.select_for_update().select_related("case__court", "filed_by").get(pk=filing.pk)
    transition(filing, to=S.REJECTED)
    filing.rejection_reason = reason
    filing.reviewed_at = timezone.now()
    filing.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    filing.review_reason, filing.review_note = review_reason, (note or "").strip()
    filing.save(
        update_fields=[
            "status",
            "rejection_reason",
            "reviewed_at",
            "reviewed_by",
            "review_reason",
            "review_note",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.FILING_REJECTED,
        target=filing,
        case=filing.case,
        data={"reason": reason[:500], **({"reason_code": review_reason.code} if review_reason else {})},
        actor_role=None if getattr(actor, "is_authenticated", False) else "system",
    )
    _decision_tell(filing, actor)
    return filing


def _decision_reason_check(*, decision: str, review_reason: ReviewReason | None, note: str) -> None:
    """Refuses a decision without a reason from the list, or an "other" reason without words."""
    if review_reason is None or not review_reason.active or review_reason.decision != decision:
        raise FilingError(_("Choose a reason from the list."), code="reason_missing")
    if review_reason.requires_text and not (note or "").strip():
        raise FilingError(_("This reason needs an explanation: write it in the box."), code="reason_text_missing")


def filing_decide(
    *, filing: Filing, actor, decision: str, review_reason: ReviewReason | None, note: str = ""
) -> Filing:
    """A clerk's decision from the review page: accepts or rejects with a reason from the supervisors'
    list and a note ("other" needs one). A rejection's reason is what the filer reads. Audited by
    the accept and reject services; nothing changes when the reason is refused."""
    _decision_reason_check(decision=decision, review_reason=review_reason, note=note)
    note = (note or "").strip()
    if decision == ReviewReason.Decision.ACCEPT:
        return filing_accept(filing=filing, actor=actor, review_reason=review_reason, note=note)
    text = note if review_reason.requires_text else " ".join(part for part in (review_reason.label, note) if part)
    return filing_reject(filing=filing, actor=actor, reason=text, review_reason=review_reason, note=note)


def filing_open_refused(*, actor, filing_id: int) -> None:
    """Audits a staff member opening a filing outside their courts (they got a 404; nothing is shown).

    Its own transaction: the refusal that follows must not roll the event back."""
    filing = Filing.objects.filter(pk=filing_id).select_related("case").first()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.FILING_OPEN_REFUSED,
            target=filing,
            case=filing.case if filing else None,
            outcome=AuditEvent.Outcome.DENIED,
            data={"filing_id": filing_id},
        )
