"""Writes of the motions app: a guided request from its first answer to the judge's ruling.

A motion becomes ONE filing of the filings app (type "motion"): the person's evidence is uploaded
through filings' upload and virus scan, the portal adds the lead document (cover page, motion,
exhibit list) and the proposed order, and filings adds the certificate of service and the receipt
when it is filed. Clerks accept it in the filing queue like any other; the ruling is recorded here
and told to the respondent through the notices app (a "motion ruling" notice).
"""

import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import Case
from filings.models import Filing, FilingDocument
from filings.services import case_accepts_filings, document_scan_enqueue, document_upload, filing_create
from filings.services.filing import draft_lock
from filings.storage import store_bytes
from motions import rendering
from motions.models import LegalFact, Motion, MotionExhibit, MotionType
from motions.selectors import in_absentia_decision, latest_address_change, missing_exhibits
from notices.models import Notice
from notices.services import notice_request


class MotionError(Exception):
    """A request the rules do not allow; `message` is shown to the person as it is."""

    def __init__(self, message: str, code: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code


def motion_is_draft(motion: Motion) -> bool:
    return motion.filing_id is None or motion.filing.status == Filing.Status.DRAFT


def _draft_check(motion: Motion) -> None:
    if not motion_is_draft(motion):
        raise MotionError(_("This request has been filed. Its answers can no longer be changed."), code="filed")


def motion_type_available(*, case: Case, motion_type: MotionType) -> bool:
    """A reopening needs an in absentia order; the others a case the person files in themselves."""
    if not motion_type.active or not case_accepts_filings(case):
        return False
    if motion_type.flow == MotionType.Flow.REOPEN:
        return in_absentia_decision(case=case) is not None
    return True


@audited(AuditAction.MOTION_STARTED)
def motion_start(*, case: Case, motion_type: MotionType, actor) -> Motion:
    """Starts a guided request on the respondent's case (its answers are saved as they come); audited."""
    if not motion_type_available(case=case, motion_type=motion_type):
        raise MotionError(_("This request is not available in this case."), code="not_available")
    motion = Motion.objects.create(case=case, motion_type=motion_type, created_by=actor)
    audit_record(actor=actor, action=AuditAction.MOTION_STARTED, target=motion, case=case,
                 data={"type": motion_type.slug})  # fmt: skip
    return motion


def motion_wizard_store(*, motion: Motion, data: dict) -> None:
    """Saves the question flow's state (the current step and every step's input as typed) on the
    draft, so a timeout or a closed browser loses nothing. Not audited: it is the person's own draft."""
    if not motion_is_draft(motion):
        return
    Motion.objects.filter(pk=motion.pk).update(wizard=data, updated_at=timezone.now())
    motion.wizard = data


@audited(AuditAction.MOTION_ANSWERED)
def motion_answers_save(*, motion: Motion, answers: dict, actor) -> Motion:
    """Keeps the checked answers of the whole flow and makes sure the draft filing exists; audited."""
    motion = Motion.objects.select_for_update(of=("self",)).select_related("filing", "case").get(pk=motion.pk)
    _draft_check(motion)
    motion.answers = answers
    fields = ["answers", "updated_at"]
    if motion.filing_id is None:
        motion.filing = filing_create(case=motion.case, actor=actor, filing_type=Filing.FilingType.MOTION)
        fields.append("filing")
    motion.save(update_fields=fields)
    audit_record(actor=actor, action=AuditAction.MOTION_ANSWERED, target=motion, case=motion.case,
                 data={"steps": sorted(answers)})  # fmt: skip
    return motion


def motion_evidence_upload(*, motion: Motion, actor, exhibit_key: str, title: str, path, original_name: str):
    """Uploads one piece of evidence to the motion's filing (checked, stored and virus-scanned by
    filings, audited there) and notes which exhibit it answers."""
    _draft_check(motion)
    document = document_upload(
        filing=motion.filing,
        actor=actor,
        role=FilingDocument.Role.SUPPORTING,
        title=title,
        path=path,
        original_name=original_name,
    )
    MotionExhibit.objects.create(motion=motion, document=document, exhibit_key=exhibit_key[:40])
    return document


def _generated_document(filing: Filing, pdf, title: str, role: str) -> FilingDocument:
    key, size, digest = store_bytes(pdf.content)
    return FilingDocument.objects.create(
        filing=filing,
        role=role,
        title=title,
        storage_key=key,
        size=size,
        sha256=digest,
        pages=pdf.pages,
        generated=True,
        # Made here from our own template with every answer escaped, never uploaded: nothing to scan.
        scan_status=FilingDocument.ScanStatus.CLEAN,
        scan_last_error="generated by the portal",
        scanned_at=timezone.now(),
    )


def _discard_generated(filing: Filing) -> None:
    """Removes the documents a previous signing made (answers or evidence changed since)."""
    for document in filing.documents.filter(generated=True).exclude(role=FilingDocument.Role.SERVICE):
        key = document.storage_key
        document.delete()
        transaction.on_commit(lambda key=key: default_storage.delete(key))


def _eoir33_attach(motion: Motion, filing: Filing) -> FilingDocument | None:
    """A change of venue carries the change of address (EOIR-33): a copy of the latest one's form,
    checked for viruses like the original."""
    change = latest_address_change(case=motion.case)
    source = None
    if change is not None and change.filing_id is not None:
        source = change.filing.documents.filter(role=FilingDocument.Role.LEAD).first()
    if source is None:
        return None
    with default_storage.open(source.storage_key, "rb") as handle:
        key, size, digest = store_bytes(handle.read())
    document = FilingDocument.objects.create(
        filing=filing,
        role=FilingDocument.Role.SUPPORTING,
        title=source.title,
        storage_key=key,
        size=size,
        sha256=digest,
        pages=source.pages,
        generated=True,
        scan_status=FilingDocument.ScanStatus.SCANNING,
        scan_requested_at=timezone.now(),
    )
    document_scan_enqueue(document.pk)
    return document


def signature_matches(*, motion: Motion, signed_name: str) -> bool:
    """True when the typed name is the account's or the respondent's name (case and spaces ignored)."""
    typed = " ".join(signed_name.split()).casefold()
    user = motion.created_by
    names = {
        " ".join(f"{user.first_name} {user.last_name}".split()).casefold(),
        " ".join(motion.case.respondent.full_name.split()).casefold(),
    }
    return typed in names


@audited(AuditAction.MOTION_PREPARED)
def motion_sign(*, motion: Motion, actor, signed_name: str, signed_on: datetime.date) -> Motion:
    """Signs the motion with a typed name and date and makes its documents: the lead PDF (cover page,
    motion, exhibit list) and the proposed order, attached to the draft filing (replacing those of an
    earlier signing). A typed name that differs from the account's is kept and flagged, not refused.
    Audited."""
    motion = Motion.objects.select_related(
        "filing", "case__respondent", "case__court", "motion_type", "created_by"
    ).get(pk=motion.pk)
    _draft_check(motion)
    if motion.filing_id is None:
        raise MotionError(_("Answer the questions first."), code="no_answers")
    missing = missing_exhibits(motion=motion)
    if missing and "fee_waiver" not in missing:
        labels = {e["key"]: e.get("en", e["key"]) for e in motion.motion_type.exhibits}
        raise MotionError(
            _("Upload this document first: %(documents)s.")
            % {"documents": ", ".join(labels.get(k, k) for k in missing)},
            code="exhibit_missing",
        )
    if "fee_waiver" in missing:
        raise MotionError(
            _(
                "You asked for a fee waiver: upload the fee-waiver request (form EOIR-26A) first, "
                "or choose to pay the fee."
            ),
            code="fee_waiver_form",
        )
    filing = draft_lock(motion.filing_id)
    motion.signed_name = signed_name
    motion.signed_on = signed_on
    motion.signature_mismatch = not signature_matches(motion=motion, signed_name=signed_name)
    motion.prepared_at = timezone.now()
    pdfs = rendering.render_motion_pdfs(motion)
    _discard_generated(filing)
    with translation.override("en"):  # the record is in English
        lead = _generated_document(filing, pdfs.lead, motion.motion_type.caption.title(), FilingDocument.Role.LEAD)
        if motion.motion_type.flow == MotionType.Flow.VENUE:
            _eoir33_attach(motion, filing)
        order = _generated_document(filing, pdfs.order, _("Proposed order"), FilingDocument.Role.SUPPORTING)
    motion.save(update_fields=["signed_name", "signed_on", "signature_mismatch", "prepared_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.MOTION_PREPARED,
        target=motion,
        case=motion.case,
        data={"lead": lead.sha256, "order": order.sha256, "signature_mismatch": motion.signature_mismatch},
    )
    return motion


@audited(AuditAction.MOTION_PACKET_DOWNLOADED)
def motion_packet_download(*, motion: Motion, actor) -> None:
    """Audits the whole motion as one PDF sent to its filer."""
    audit_record(actor=actor, action=AuditAction.MOTION_PACKET_DOWNLOADED, target=motion, case=motion.case)


# --- Clerk side ----------------------------------------------------------------------------------


def _filed_check(motion: Motion) -> None:
    if motion.filing_id is None or motion.filing.status != Filing.Status.ACCEPTED:
        raise MotionError(_("Accept the filing in the filing queue first."), code="not_accepted")


@audited(AuditAction.MOTION_FORWARDED)
def motion_forward(*, motion: Motion, actor) -> Motion:
    """A clerk forwards an accepted motion to the judge; audited."""
    motion = Motion.objects.select_for_update(of=("self",)).select_related("filing", "case").get(pk=motion.pk)
    _filed_check(motion)
    if motion.forwarded_at is not None:
        raise MotionError(_("This motion was already forwarded to the judge."), code="forwarded")
    motion.forwarded_at = timezone.now()
    motion.forwarded_by = actor
    motion.save(update_fields=["forwarded_at", "forwarded_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.MOTION_FORWARDED, target=motion, case=motion.case)
    return motion


@audited(AuditAction.MOTION_RULED)
def motion_ruling_record(*, motion: Motion, actor, ruling: str, note: str, ruled_on: datetime.date) -> Motion:
    """Records the judge's ruling on an accepted motion (once) and sends the respondent a ruling notice
    through the notices app; ends a reopening's stay of removal. Audited."""
    motion = (
        Motion.objects.select_for_update(of=("self",))
        .select_related("filing", "case__court", "case__respondent")
        .get(pk=motion.pk)
    )
    _filed_check(motion)
    if motion.ruling:
        raise MotionError(_("A ruling is already recorded for this motion."), code="ruled")
    if ruling not in Motion.Ruling.values:
        raise MotionError(_("Choose the judge's ruling."), code="ruling")
    motion.ruling = ruling
    motion.ruling_note = (note or "").strip()
    motion.ruled_on = ruled_on
    motion.ruling_recorded_by = actor
    motion.save(update_fields=["ruling", "ruling_note", "ruled_on", "ruling_recorded_by", "updated_at"])
    audit_record(actor=actor, action=AuditAction.MOTION_RULED, target=motion, case=motion.case,
                 data={"ruling": ruling})  # fmt: skip
    case = motion.case
    notice_request(
        respondent=case.respondent,
        court=case.court,
        case=case,
        kind=Notice.Kind.MOTION_RULING,
        idempotency_key=f"motion:{motion.pk}:ruling",
        actor=actor,
        filing_id=motion.filing_id,
        filing_status=ruling,
        filing_label=motion.motion_type.caption.title()[:200],
        filing_rejection_reason=motion.ruling_note,
        reason=f"motion_{ruling}"[:32],
    )
    return motion


# --- Staff admin saves (audited) -----------------------------------------------------------------


@audited(AuditAction.LEGALFACT_CREATED, AuditAction.LEGALFACT_CHANGED)
def legal_fact_save(*, fact: LegalFact, actor, created: bool, fields: list[str]) -> LegalFact:
    """A supervisor adds or corrects a dated legal fact (a new rule is a new row with its own date); audited."""
    fact.updated_by = actor
    fact.save()
    audit_record(
        actor=actor,
        action=AuditAction.LEGALFACT_CREATED if created else AuditAction.LEGALFACT_CHANGED,
        target=fact,
        data={"key": fact.key, "value": fact.value, "effective_from": fact.effective_from.isoformat(),
              "fields": sorted(fields)},
    )  # fmt: skip
    return fact
