"""Writes for the list of review reasons that supervisors keep (the clerk admin's "Review reasons")."""

from audit.actions import AuditAction
from audit.services import audit_record, audited
from filings.models import ReviewReason

EDITABLE_FIELDS = ("decision", "code", "label", "requires_text", "active", "position")


def review_reason_save(*, reason: ReviewReason, actor, changed_fields: list[str] | None = None) -> ReviewReason:
    """Adds or corrects a review reason (supervisors); never deletes one, decisions refer to it. Audited;
    a save that changes nothing writes nothing."""
    created = reason.pk is None
    fields = list(EDITABLE_FIELDS) if created else [n for n in (changed_fields or []) if n in EDITABLE_FIELDS]
    if not fields:
        return reason
    return _review_reason_write(reason=reason, actor=actor, created=created, fields=fields)


@audited(AuditAction.REVIEW_REASON_CREATED, AuditAction.REVIEW_REASON_CHANGED)
def _review_reason_write(*, reason: ReviewReason, actor, created: bool, fields: list[str]) -> ReviewReason:
    if created:
        reason.save()
    else:
        reason.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REVIEW_REASON_CREATED if created else AuditAction.REVIEW_REASON_CHANGED,
        target=reason,
        data={"fields": sorted(fields)},
    )
    return reason
