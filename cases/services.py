"""Writes to court records made by court staff: every one audited in the same transaction.

Hearing writes also send `cases.signals.hearing_changed` after commit (the notices app issues a
hearing notice). Status changes go through the transition tables below, never through a form.
"""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import hearing_status_action
from audit.services import audit_record
from cases.models import Case, Hearing, RecordDocument
from cases.signals import hearing_changed
from common.clamd import ClamdUnavailable, scan_path
from common.pdfs import UploadRejected, ValidatedPdf, validate_pdf

logger = logging.getLogger(__name__)

HEARING_TRANSITIONS: dict[str, set[str]] = {
    Hearing.Status.SCHEDULED: {Hearing.Status.ADJOURNED, Hearing.Status.COMPLETED, Hearing.Status.CANCELLED},
    Hearing.Status.ADJOURNED: set(),
    Hearing.Status.COMPLETED: set(),
    Hearing.Status.CANCELLED: set(),
}

CASE_TRANSITIONS: dict[str, set[str]] = {
    Case.Status.PENDING: {Case.Status.ADMIN_CLOSED, Case.Status.DECIDED, Case.Status.CLOSED},
    Case.Status.ADMIN_CLOSED: {Case.Status.PENDING, Case.Status.CLOSED},
    Case.Status.DECIDED: {Case.Status.APPEAL_PENDING, Case.Status.CLOSED},
    Case.Status.APPEAL_PENDING: {Case.Status.PENDING, Case.Status.DECIDED, Case.Status.CLOSED},
    Case.Status.CLOSED: set(),
}

# Statuses a hearing can be moved to directly (rescheduling has its own service).
HEARING_STATUS_NEEDS_REASON = {Hearing.Status.ADJOURNED, Hearing.Status.CANCELLED}


def _send_hearing_changed(*, hearing_id: int, change: str, actor_id: int | None) -> None:
    hearing_changed.send(sender=Hearing, hearing_id=hearing_id, change=change, actor_id=actor_id)


def _hearing_event_on_commit(*, hearing: Hearing, change: str, actor) -> None:
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(partial(_send_hearing_changed, hearing_id=hearing.pk, change=change, actor_id=actor_id))


def _check_hearing_transition(hearing: Hearing, to: str) -> None:
    if to not in HEARING_TRANSITIONS.get(hearing.status, set()):
        raise ValidationError(
            _("A %(current)s hearing cannot become %(new)s."),
            code="invalid_transition",
            params={"current": hearing.get_status_display(), "new": Hearing.Status(to).label},
        )


@transaction.atomic
def hearing_create(*, hearing: Hearing, actor) -> Hearing:
    """Schedules a new hearing (status scheduled); audited, hearing_changed("created") after commit."""
    hearing.status = Hearing.Status.SCHEDULED
    hearing.full_clean()
    hearing.save()
    audit_record(actor=actor, action="hearing.created", target=hearing, case=hearing.case)
    _hearing_event_on_commit(hearing=hearing, change="created", actor=actor)
    return hearing


@transaction.atomic
def hearing_update(*, hearing: Hearing, actor, fields: list[str]) -> Hearing:
    """Saves changed details of a scheduled hearing (never its status); audited with field names."""
    fields = [f for f in fields if f not in {"status", "replaces", "case"}]
    if not fields:
        return hearing
    if hearing.status != Hearing.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled hearing can be changed."), code="not_scheduled")
    hearing.full_clean()
    hearing.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="hearing.changed", target=hearing, case=hearing.case, data={"fields": fields})
    _hearing_event_on_commit(hearing=hearing, change="changed", actor=actor)
    return hearing


@transaction.atomic
def hearing_status_change(*, hearing: Hearing, status: str, actor, reason: str = "") -> Hearing:
    """Adjourns, cancels or completes a scheduled hearing (adjourn/cancel need a reason); audited, signalled."""
    _check_hearing_transition(hearing, status)
    if status in HEARING_STATUS_NEEDS_REASON and not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason_required")
    hearing.status = status
    update_fields = ["status", "updated_at"]
    if reason.strip():
        hearing.adjournment_reason = reason.strip()
        update_fields.append("adjournment_reason")
    hearing.save(update_fields=update_fields)
    audit_record(
        actor=actor, action=hearing_status_action(status), target=hearing, case=hearing.case, data={"status": status}
    )
    if status != Hearing.Status.COMPLETED:
        _hearing_event_on_commit(hearing=hearing, change=status, actor=actor)
    return hearing


_COPIED_ON_RESCHEDULE = (
    "case_id",
    "hearing_type",
    "mode",
    "judge_id",
    "address",
    "courtroom",
    "video_url",
    "meeting_details",
    "dial_in",
)


@transaction.atomic
def hearing_reschedule(*, hearing: Hearing, new_starts_at, reason: str, actor) -> Hearing:
    """Adjourns `hearing` with a reason and schedules its replacement; audited, hearing_changed("rescheduled")."""
    hearing = Hearing.objects.select_for_update().select_related("case").get(pk=hearing.pk)
    _check_hearing_transition(hearing, Hearing.Status.ADJOURNED)
    if not reason.strip():
        raise ValidationError(_("Give the reason."), code="reason_required")
    hearing.status = Hearing.Status.ADJOURNED
    hearing.adjournment_reason = reason.strip()
    hearing.save(update_fields=["status", "adjournment_reason", "updated_at"])
    new = Hearing(
        **{field: getattr(hearing, field) for field in _COPIED_ON_RESCHEDULE},
        starts_at=new_starts_at,
        status=Hearing.Status.SCHEDULED,
        replaces=hearing,
    )
    new.full_clean()
    new.save()
    audit_record(
        actor=actor,
        action="hearing.rescheduled",
        target=new,
        case=hearing.case,
        data={"replaces": hearing.pk},
    )
    _hearing_event_on_commit(hearing=new, change="rescheduled", actor=actor)
    return new


@transaction.atomic
def case_status_change(*, case: Case, status: str, actor) -> Case:
    """Moves a case along CASE_TRANSITIONS, stamping decided/closed dates; audited."""
    if status not in CASE_TRANSITIONS.get(case.status, set()):
        raise ValidationError(
            _("A case that is %(current)s cannot become %(new)s."),
            code="invalid_transition",
            params={"current": case.get_status_display(), "new": Case.Status(status).label},
        )
    previous = case.status
    case.status = status
    update_fields = ["status", "updated_at"]
    if status == Case.Status.DECIDED and case.decided_on is None:
        case.decided_on = timezone.localdate()
        update_fields.append("decided_on")
    if status == Case.Status.CLOSED and case.closed_on is None:
        case.closed_on = timezone.localdate()
        update_fields.append("closed_on")
    case.save(update_fields=update_fields)
    audit_record(
        actor=actor, action="case.status_changed", target=case, case=case, data={"from": previous, "to": status}
    )
    return case


@dataclass
class CheckedRecordFile:
    """A clerk's upload that passed every check: `file` is what the record stores (disarmed if needed)."""

    file: File
    pages: int
    removed: list[str] = field(default_factory=list)


def _scan_refusal(verdict: str) -> ValidationError:
    if verdict == "infected":
        return ValidationError(
            _(
                "The virus check found harmful content in this file, so it was not added to the record. "
                "Nothing was saved. Ask the sender for a clean copy."
            ),
            code="infected",
        )
    return ValidationError(
        _(
            "The virus check could not read this whole file, so it was not added to the record. "
            "Nothing was saved. Save it again as a plain PDF, or split it into smaller files, and upload it again."
        ),
        code="unscannable",
    )


def _check_path(path: Path) -> ValidatedPdf:
    """Validates and disarms the file at `path`, then scans what would be stored; raises ValidationError."""
    try:
        checked = validate_pdf(path)
    except UploadRejected as exc:
        raise ValidationError(exc.message, code=exc.code) from exc
    try:
        result = scan_path(checked.path)
    except ClamdUnavailable as exc:
        if checked.rewritten:
            checked.path.unlink(missing_ok=True)
        logger.warning("Record document not scanned, clamd unavailable: %s", exc)
        raise ValidationError(
            _(
                "The virus check is not working right now, so the document was not added to the record. "
                "Nothing was saved. Try again in a few minutes."
            ),
            code="scanner_unavailable",
        ) from exc
    if result.verdict != "clean":
        if checked.rewritten:
            checked.path.unlink(missing_ok=True)
        raise _scan_refusal(result.verdict)
    return checked


def record_file_check(*, upload) -> File:
    """Runs a clerk's upload through the checks respondents' uploads get (PDF, complete, not encrypted,
    active content removed) and a virus scan, now: the record shows nothing unscanned. Returns the file
    to store, marked as checked; raises ValidationError (nothing is stored) when any of it fails."""
    own_copy = None
    try:
        if hasattr(upload, "temporary_file_path"):
            path = Path(upload.temporary_file_path())
        else:  # a small upload held in memory: the checks read a file
            own_copy = tempfile.NamedTemporaryFile(suffix=".pdf", dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
            upload.seek(0)
            for chunk in upload.chunks():
                own_copy.write(chunk)
            own_copy.flush()
            path = Path(own_copy.name)
        checked = _check_path(path)
        if checked.rewritten:
            # The disarmed copy replaces the upload. Opened, then unlinked: the open file is all we need,
            # and nothing is left behind if the form fails on another field.
            handle = open(checked.path, "rb")  # noqa: SIM115 - closed with the File
            os.unlink(checked.path)
            stored = File(handle, name=upload.name)
        else:
            upload.seek(0)
            stored = upload
    finally:
        if own_copy is not None:
            own_copy.close()
    stored.record_check = CheckedRecordFile(file=stored, pages=checked.pages, removed=checked.removed)
    return stored


def _digest(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


@transaction.atomic
def record_document_add(*, document: RecordDocument, actor) -> RecordDocument:
    """Adds a document to a case's record once it passed the upload checks and the virus scan (run here
    if the form did not), fixing its SHA-256, size and page count; audited. Raises ValidationError."""
    upload = document.file.file
    check = getattr(upload, "record_check", None)
    if check is None:
        upload = record_file_check(upload=upload)
        check = upload.record_check
        document.file = upload
    upload.open("rb")
    document.sha256, document.size = _digest(upload)
    document.pages = check.pages
    document.save()
    audit_record(
        actor=actor,
        action="recorddocument.created",
        target=document,
        case=document.case,
        data={
            "category": document.category,
            "filed_by": document.filed_by,
            "size": document.size,
            "removed": check.removed,
            "scan": "clean",
        },
    )
    return document
