"""Court staff's writes to hearings: each audited in its transaction, `hearing_changed` sent after commit.

The notices app subscribes to `cases.signals.hearing_changed` and issues a hearing notice. Status
changes go through HEARING_TRANSITIONS, never through a form.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction, hearing_status_action
from audit.services import audit_record, audited
from cases.models import Hearing
from cases.signals import hearing_changed

HEARING_TRANSITIONS: dict[str, set[str]] = {
    Hearing.Status.SCHEDULED: {Hearing.Status.ADJOURNED, Hearing.Status.COMPLETED, Hearing.Status.CANCELLED},
    Hearing.Status.ADJOURNED: set(),
    Hearing.Status.COMPLETED: set(),
    Hearing.Status.CANCELLED: set(),
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


@audited(AuditAction.HEARING_CREATED)
def hearing_create(*, hearing: Hearing, actor) -> Hearing:
    """Schedules a new hearing (status scheduled); audited, hearing_changed("created") after commit."""
    hearing.status = Hearing.Status.SCHEDULED
    hearing.full_clean()
    hearing.save()
    audit_record(actor=actor, action=AuditAction.HEARING_CREATED, target=hearing, case=hearing.case)
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
    audit_record(
        actor=actor, action=AuditAction.HEARING_CHANGED, target=hearing, case=hearing.case, data={"fields": fields}
    )
    _hearing_event_on_commit(hearing=hearing, change="changed", actor=actor)
    return hearing


@audited(AuditAction.HEARING_ADJOURNED, AuditAction.HEARING_CANCELLED, AuditAction.HEARING_COMPLETED)
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


@audited(AuditAction.HEARING_RESCHEDULED)
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
        action=AuditAction.HEARING_RESCHEDULED,
        target=new,
        case=hearing.case,
        data={"replaces": hearing.pk},
    )
    _hearing_event_on_commit(hearing=new, change="rescheduled", actor=actor)
    return new
