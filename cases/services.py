"""Writes to court records made by court staff: every one audited in the same transaction.

Hearing writes also send `cases.signals.hearing_changed` after commit (the notices app issues a
hearing notice). Status changes go through the transition tables below, never through a form.
"""

import hashlib
import io
from functools import partial

import pikepdf
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from cases.models import Case, Hearing, RecordDocument
from cases.signals import hearing_changed

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
    audit_record(actor=actor, action=f"hearing.{status}", target=hearing, case=hearing.case, data={"status": status})
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


def _pdf_page_count(content: bytes) -> int | None:
    """Pages of a PDF (qpdf repairs a damaged cross-reference table), None when unreadable."""
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            return len(pdf.pages)
    except (pikepdf.PdfError, ValueError, OSError):
        return None


@transaction.atomic
def record_document_add(*, document: RecordDocument, actor) -> RecordDocument:
    """Adds a document to a case's record, fixing its SHA-256, size and page count; audited."""
    upload = document.file
    upload.open("rb")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.pages = _pdf_page_count(content)
    document.save()
    audit_record(
        actor=actor,
        action="recorddocument.created",
        target=document,
        case=document.case,
        data={"category": document.category, "filed_by": document.filed_by, "size": document.size},
    )
    return document
