"""The filings app's other clerk-admin pages: changes of address (read-only history), the outage log
and the list of review reasons that supervisors keep."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from cases.admin.base import CourtScopedReadOnlyAdmin
from common.admin import StaffModelAdmin
from filings import selectors, services
from filings.models import AddressChange, Filing, ReviewReason, ServiceOutage


@admin.register(AddressChange)
class AddressChangeAdmin(CourtScopedReadOnlyAdmin):
    """The history of addresses of record (EOIR-33), read-only, for the clerk's courts."""

    list_display = ("__str__", "respondent", "court_code", "old", "new", "outcome", "submitted_at")
    list_select_related = ("respondent", "case__court", "filing")
    search_fields = ("receipt_number", "filing__receipt_number")
    ordering = ("-submitted_at", "-id")
    fields = ("respondent", "case", "filing", "old", "new", "phone", "email", "moved_on", "outcome", "applied_at")
    readonly_fields = fields
    court_path = "case__court"

    @admin.display(description=_("court"))
    def court_code(self, change: AddressChange) -> str:
        return change.case.court.code

    @admin.display(description=_("previous address"))
    def old(self, change: AddressChange) -> str:
        return selectors.address_line(change.old_address)

    @admin.display(description=_("new address"))
    def new(self, change: AddressChange) -> str:
        return selectors.address_line(change.new_address)

    @admin.display(description=_("outcome"))
    def outcome(self, change: AddressChange) -> str:
        if change.applied_at is not None:
            return _("Address of record changed")
        if change.filing is None:
            return "-"
        if change.filing.status in (Filing.Status.REJECTED, Filing.Status.CANCELLED):
            return _("Not changed (%(status)s)") % {"status": change.filing.get_status_display().lower()}
        return _("Waiting for review")


class ServiceOutageForm(forms.ModelForm):
    class Meta:
        model = ServiceOutage
        fields = ("started_at", "ended_at", "note")

    def clean(self):
        data = super().clean()
        start, end = data.get("started_at"), data.get("ended_at")
        if start and end and end <= start:
            self.add_error("ended_at", _("The end must be after the start."))
        if start and start > timezone.now():
            self.add_error("started_at", _("Record an outage once it has started."))
        return data


@admin.register(ServiceOutage)
class ServiceOutageAdmin(StaffModelAdmin):
    """The outage log: every clerk can read it; a supervisor records and corrects it. Never deleted."""

    form = ServiceOutageForm
    list_display = ("started_at", "ended_at", "duration", "note", "recorded_by")
    ordering = ("-started_at", "-id")
    readonly_fields = ("recorded_by", "created_at")

    def get_fields(self, request, obj=None):
        return ("started_at", "ended_at", "note", *(("recorded_by", "created_at") if obj else ()))

    @admin.display(description=_("duration"))
    def duration(self, outage: ServiceOutage) -> str:
        if outage.ended_at is None:
            return _("Still going on")
        return timesince(outage.started_at, outage.ended_at)

    def save_model(self, request, obj, form, change):
        services.outage_save(outage=obj, actor=request.user, changed_fields=list(form.changed_data) if change else None)


@admin.register(ReviewReason)
class ReviewReasonAdmin(StaffModelAdmin):
    """The reasons clerks pick when they accept or reject a filing. Supervisors add and correct them
    (accounts.roles grants them the permissions); a reason is switched off, never deleted. Audited."""

    list_display = ("label", "decision", "code", "requires_text", "active", "position")
    list_filter = ("decision", "active")
    ordering = ("decision", "position", "id")
    fields = ("decision", "label", "code", "requires_text", "active", "position")

    def save_model(self, request, obj, form, change):
        services.review_reason_save(
            reason=obj, actor=request.user, changed_fields=list(form.changed_data) if change else None
        )
