"""Cases in the clerk admin: the list that must stay fast at 1,000,000 rows, and status actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.base import CourtScopedAdmin
from cases.admin.filters import CourtFilter
from cases.admin.forms import CaseAdminForm
from cases.admin.inlines import HearingInline, RecordDocumentInline
from cases.admin.search import CourtRecordSearchMixin
from cases.models import Case


def _case_status_action(status: str, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done, errors = modeladmin.run_service_on_each(
            request,
            queryset.select_related("court"),
            lambda case: services.case_status_change(case=case, status=status, actor=request.user),
        )
        if done:
            modeladmin.message_user(request, _("%(count)d case(s) updated.") % {"count": done}, messages.SUCCESS)
        for error in errors:
            modeladmin.message_user(request, error, messages.ERROR)

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Case)
class CaseAdmin(CourtRecordSearchMixin, CourtScopedAdmin):
    form = CaseAdminForm
    list_display = ("id", "a_number", "respondent_name", "court_code", "case_type", "status", "opened_on")
    list_display_links = ("id", "a_number")
    list_select_related = ("respondent", "court")
    list_filter = ("status", CourtFilter)
    sortable_by = ("id",)
    ordering = ("-id",)
    search_fields = ("respondent__a_number",)  # the search itself: CourtRecordSearchMixin
    raw_id_fields = ("respondent",)
    readonly_fields = ("status", "decided_on", "closed_on", "created_at", "updated_at")
    fields = (
        "respondent",
        "court",
        "judge",
        "case_type",
        "status",
        "opened_on",
        "decided_on",
        "closed_on",
        "attorney_of_record",
        "attorney_name",
        "created_at",
        "updated_at",
    )
    inlines = (HearingInline, RecordDocumentInline)
    actions = (
        _case_status_action(Case.Status.ADMIN_CLOSED, _("Administratively close the selected cases")),
        _case_status_action(Case.Status.DECIDED, _("Mark the selected cases decided")),
        _case_status_action(Case.Status.APPEAL_PENDING, _("Mark the selected cases as on appeal")),
        _case_status_action(Case.Status.CLOSED, _("Close the selected cases")),
        _case_status_action(Case.Status.PENDING, _("Reopen the selected cases (pending)")),
    )

    @admin.display(description=_("A-number"))
    def a_number(self, obj):
        return obj.respondent.a_number_display

    @admin.display(description=_("respondent"))
    def respondent_name(self, obj):
        return f"{obj.respondent.family_name}, {obj.respondent.given_name}"

    @admin.display(description=_("court"))
    def court_code(self, obj):
        return obj.court.code
