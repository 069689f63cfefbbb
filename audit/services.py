"""Writing the audit log. Call `audit_record` inside the transaction of the change it records."""

import contextvars
import functools
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.utils import translation
from django.utils.text import capfirst

from audit.actions import AuditAction
from audit.context import current_client_ip, current_request_id
from audit.models import AuditEvent

# The actions recorded so far by each `audited` service running in this context (innermost last).
_recording: contextvars.ContextVar[tuple[list, ...]] = contextvars.ContextVar("audit_recording", default=())


class MissingAuditEvent(RuntimeError):
    """A service that must always leave an audit event returned without one: its change is undone."""


def audited(*actions: AuditAction) -> Callable:
    """For a service whose change must always be audited: runs it in a transaction and, if it returns
    without having recorded one of `actions`, raises MissingAuditEvent inside that transaction, so
    the change is rolled back rather than kept without its event."""
    wanted = {AuditAction(action) for action in actions}

    def decorate(service: Callable) -> Callable:
        @functools.wraps(service)
        def wrapper(*args, **kwargs):
            recorded: list = []
            token = _recording.set((*_recording.get(), recorded))
            try:
                with transaction.atomic():
                    result = service(*args, **kwargs)
                    if not wanted.intersection(recorded):
                        names = ", ".join(sorted(wanted))
                        raise MissingAuditEvent(f"{service.__qualname__} changed data without auditing {names}")
            finally:
                _recording.reset(token)
            return result

        wrapper.audited_actions = frozenset(wanted)
        return wrapper

    return decorate


# Keys whose values must never reach the log, whatever a caller passes.
_SECRET_KEYS = {"password", "code", "access_code", "token", "secret", "otp", "key", "content"}


def actor_role_of(user) -> str:
    """The role an actor acted in: anonymous, respondent, clerk, supervisor, support or superuser."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    if user.is_superuser:
        return "superuser"
    role_names = getattr(user, "role_names", None)
    names = role_names() if callable(role_names) else []
    return ",".join(sorted(names)) if names else ("staff" if user.is_staff else "respondent")


def target_label_of(target: models.Model) -> str:
    """The kind of record (in English) and its id, "Respondent 45". Never str(target), which for people
    and cases holds names, A-numbers and email addresses that the log would keep forever."""
    with translation.override(None):
        kind = capfirst(str(target._meta.verbose_name))
    return f"{kind} {target.pk}"[:200]


def _clean(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    return {k: v for k, v in data.items() if k.lower() not in _SECRET_KEYS}


def audit_record(
    *,
    actor,
    action: AuditAction,
    target: models.Model | None = None,
    case=None,
    court_id: int | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    data: dict[str, Any] | None = None,
    actor_role: str | None = None,
) -> AuditEvent:
    """Appends one audit event; `action` must be a member of AuditAction (ValueError otherwise, before
    anything is written); secrets are dropped from `data`."""
    action = AuditAction(action)
    for recorded in _recording.get():
        recorded.append(action)
    if case is not None and court_id is None:
        court_id = getattr(case, "court_id", None)
    if court_id is None and target is not None:
        court_id = getattr(target, "court_id", None)
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_role=actor_role or actor_role_of(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label_of(target) if target is not None else "",
        case_id=getattr(case, "pk", case),
        court_id=court_id,
        outcome=outcome,
        ip_address=current_client_ip(),
        request_id=current_request_id(),
        data=_clean(data),
    )
