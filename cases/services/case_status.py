"""Court staff's writes to a case's status: along CASE_TRANSITIONS only, dated and audited."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from cases.models import Case

CASE_TRANSITIONS: dict[str, set[str]] = {
    Case.Status.PENDING: {Case.Status.ADMIN_CLOSED, Case.Status.DECIDED, Case.Status.CLOSED},
    Case.Status.ADMIN_CLOSED: {Case.Status.PENDING, Case.Status.CLOSED},
    Case.Status.DECIDED: {Case.Status.APPEAL_PENDING, Case.Status.CLOSED},
    Case.Status.APPEAL_PENDING: {Case.Status.PENDING, Case.Status.DECIDED, Case.Status.CLOSED},
    Case.Status.CLOSED: set(),
}


@audited(AuditAction.CASE_STATUS_CHANGED)
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
        actor=actor,
        action=AuditAction.CASE_STATUS_CHANGED,
        target=case,
        case=case,
        data={"from": previous, "to": status},
    )
    return case
