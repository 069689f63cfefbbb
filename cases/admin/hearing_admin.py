"""Hearings in the clerk admin. Status is read-only: it changes only through the status page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.base import CourtScopedAdmin
from cases.admin.filters import CaseCourtFilter
from cases.admin.forms import HearingAdminForm, HearingStatusForm
from cases.admin.inlines import attendance_summary, hearing_manage_link
from cases.admin.search import CourtRecordSearchMixin
from cases.models import Hearing


@admin.register(Hearing)
class HearingAdmin(CourtRecordSearchMixin, CourtScopedAdmin):
    form = HearingAdminForm
    court_path = "case__court"
    respondent_path = "case__respondent"
    search_court_path = "case__court"
    list_display = ("id", "starts_at", "court_code", "case", "hearing_type", "mode", "status")
    list_select_related = ("case__court",)
    list_filter = ("status", "hearing_type", "mode", CaseCourtFilter)
    sortable_by = ("id", "starts_at")
    ordering = ("-id",)
    search_fields = ("case__respondent__a_number",)
    raw_id_fields = ("case",)
    fields = (
        "case",
        "starts_at",
        "hearing_type",
        "mode",
        "judge",
        "address",
        "courtroom",
        "video_url",
        "meeting_details",
        "dial_in",
        "status",
        "adjournment_reason",
        "replaces",
        "manage",
        "attendance",
    )
    actions = ("mark_completed",)

    def get_readonly_fields(self, request, obj=None):
        always = ("status", "adjournment_reason", "replaces", "manage", "attendance")
        if obj is not None and obj.status != Hearing.Status.SCHEDULED:
            return tuple(self.fields)  # a hearing that took place or was called off is history
        if obj is not None:
            return ("case", *always)  # a hearing never moves to another case
        return always

    @admin.display(description=_("court"))
    def court_code(self, obj):
        return obj.case.court.code

    @admin.display(description=_("Status changes"))
    def manage(self, obj):
        return hearing_manage_link(obj)

    @admin.display(description=_("Respondent's attendance check-in"))
    def attendance(self, obj):
        """The respondent's own answer to "Did you go?", for the clerk only (never DHS; ADR 0111). Read-only."""
        return attendance_summary(obj)

    @admin.action(description=_("Mark the selected hearings completed"), permissions=["change"])
    def mark_completed(self, request, queryset):
        done, errors = self.run_service_on_each(
            request,
            queryset.select_related("case"),
            lambda h: services.hearing_status_change(hearing=h, status=Hearing.Status.COMPLETED, actor=request.user),
        )
        if done:
            self.message_user(request, _("%(count)d hearing(s) completed.") % {"count": done}, messages.SUCCESS)
        for error in errors:
            self.message_user(request, error, messages.ERROR)

    def get_urls(self):
        extra = [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="cases_hearing_status",
            )
        ]
        return extra + super().get_urls()

    def status_view(self, request, object_id):
        """Reschedule, adjourn, cancel or complete one hearing, through the services."""
        hearing = self.get_object(request, object_id)
        if not self.has_change_permission(request, hearing):
            raise PermissionDenied
        court = hearing.case.court
        form = HearingStatusForm(request.POST or None, court=court)
        if request.method == "POST" and form.is_valid():
            try:
                hearing = self._apply_status_form(request, hearing, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The hearing was updated."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:cases_hearing_change", args=[hearing.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change the status of a hearing"),
            "opts": self.opts,
            "original": hearing,
            "court": court,
            "form": form,
            "errors": form.errors,
        }
        return TemplateResponse(request, "admin/cases/hearing/status_form.html", context)

    def _apply_status_form(self, request, hearing, data) -> Hearing:
        if data["action"] == "reschedule":
            return services.hearing_reschedule(
                hearing=hearing, new_starts_at=data["new_starts_at"], reason=data["reason"], actor=request.user
            )
        return services.hearing_status_change(
            hearing=hearing, status=data["action"], reason=data["reason"], actor=request.user
        )
