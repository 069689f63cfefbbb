"""The audit log in the clerk admin: read-only for everyone, scoped by role.

Superusers read everything; court staff (clerks, supervisors) read the events of their courts;
anyone else who may view events (support agents, on their own site) reads only their own actions.
Rows are never added, changed or deleted here (the model refuses it too).
"""

from django.contrib import admin

from audit.models import AuditEvent
from audit.paginator import CappedCountPaginator
from common.admin import ReadOnlyMixin, StaffModelAdmin

# Look-ups the "history" link of a record uses (?target_type=cases.case&target_id=7).
_ALLOWED_LOOKUPS = {"target_type", "target_id", "case_id", "court_id", "actor__id__exact"}


def court_ids_of(user) -> list[int]:
    """The courts a staff member works in (the `courts` relation is defined by the cases app)."""
    cached = getattr(user, "_staff_court_ids", None)
    if cached is None:
        cached = list(user.courts.values_list("pk", flat=True)) if hasattr(user, "courts") else []
        user._staff_court_ids = cached
    return cached


def scope_audit_events(queryset, user):
    """The audit events `user` may read (see the module docstring)."""
    if user.is_superuser:
        return queryset
    court_ids = court_ids_of(user)
    if court_ids:
        return queryset.for_courts(court_ids)
    return queryset.filter(actor=user)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, StaffModelAdmin):
    list_display = ("occurred_at", "action", "actor", "actor_role", "outcome", "target_type", "target_id", "case_id")
    list_select_related = ("actor",)
    list_filter = ("outcome",)
    sortable_by = ()
    ordering = ("-occurred_at", "-id")
    paginator = CappedCountPaginator
    actions = None
    allowed_lookups = tuple(_ALLOWED_LOOKUPS)
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_queryset(self, request):
        return scope_audit_events(super().get_queryset(request), request.user)
