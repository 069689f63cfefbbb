"""Writes for the list of review reasons that supervisors keep (the clerk admin's "Review reasons")."""

from django.db import transaction

from audit.actions import AuditAction
from audit.services import audit_record
from filings.models import ReviewReason

EDITABLE_FIELDS = ("decision", "code", "label", "requires_text", "active", "position")


@transaction.atomic
def review_reason_save(*, reason: ReviewReason, actor, changed_fields: list[str] | None = None) -> ReviewReason:
    """Adds or corrects a review reason (supervisors); never deletes one, decisions refer to it. Audited."""
    created = reason.pk is None
    if created:
        reason.save()
        fields = list(EDITABLE_FIELDS)
    else:
        fields = [name for name in (changed_fields or []) if name in EDITABLE_FIELDS]
        if not fields:
            return reason
        reason.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.REVIEW_REASON_CREATED if created else AuditAction.REVIEW_REASON_CHANGED,
        target=reason,
        data={"fields": sorted(fields)},
    )
    return reason
