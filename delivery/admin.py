"""Electronic service in the clerk admin (Django's default site), scoped to the clerk's courts, read-only.

- Service preferences: the state, the address, the history of changes and the consents given.
- Service records: how each notice was served; the failed ones wait in the clerk's queue until a clerk
  marks them reviewed (an audited action).
"""

from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.admin.base import CourtScopedReadOnlyAdmin, CourtScopedReadOnlyInline
from cases.admin.filters import CourtFilter
from cases.models import Case
from cases.scoping import staff_court_ids
from delivery import services
from delivery.models import ServiceConsent, ServicePreference, ServicePreferenceChange, ServiceRecord


class _RespondentCourtInline(CourtScopedReadOnlyInline):
    """Rows of a preference's respondent: scoped through the respondent's cases."""

    court_path = "preference__respondent__cases__court"

    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request)  # the parent preference is scoped already


class ServicePreferenceChangeInline(_RespondentCourtInline):
    model = ServicePreferenceChange
    fields = ("changed_at", "from_state", "to_state", "reason", "actor")
    readonly_fields = fields
    extra = 0


@admin.register(ServicePreference)
class ServicePreferenceAdmin(CourtScopedReadOnlyAdmin):
    """A respondent's service (paper, pending, electronic, suspended), its history and consents."""

    court_path = "respondent__cases__court"
    list_display = ("respondent", "state", "since")
    list_filter = ("state",)
    list_select_related = ("respondent",)
    search_fields = ("=respondent__a_number",)
    ordering = ("-since",)
    fields = ("respondent", "state", "email", "since", "consents")
    readonly_fields = fields
    inlines = (ServicePreferenceChangeInline,)

    def scope(self, queryset, user):
        court_ids = staff_court_ids(user)
        if court_ids is None:
            return queryset
        in_courts = Case.objects.filter(respondent=OuterRef("respondent"), court__in=court_ids)
        return queryset.filter(Exists(in_courts))

    @admin.display(description=_("consents"))
    def consents(self, obj):
        rows = ServiceConsent.objects.filter(respondent_id=obj.respondent_id).order_by("-consented_at")
        lines = [
            _("%(version)s (%(language)s) given %(given)s%(withdrawn)s")
            % {
                "version": consent.text_version,
                "language": consent.language,
                "given": consent.consented_at.strftime("%Y-%m-%d %H:%M UTC"),
                "withdrawn": _(", withdrawn %(when)s") % {"when": consent.revoked_at.strftime("%Y-%m-%d %H:%M UTC")}
                if consent.revoked_at
                else "",
            }
            for consent in rows
        ]
        return "; ".join(lines) or "—"


class NeedsReviewFilter(admin.SimpleListFilter):
    title = _("clerk queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("open", _("Failed, not reviewed"))]

    def queryset(self, request, queryset):
        return queryset.filter(needs_review=True) if self.value() == "open" else queryset


@admin.register(ServiceRecord)
class ServiceRecordAdmin(CourtScopedReadOnlyAdmin):
    """How each notice was served; failed deliveries stay in the clerk's queue until reviewed."""

    list_display = ("notice_id", "respondent", "channel", "state", "state_at", "needs_review")
    list_filter = (NeedsReviewFilter, "channel", "state", CourtFilter)
    list_select_related = ("respondent",)
    search_fields = ("=notice_id",)
    ordering = ("-id",)
    actions = ("mark_reviewed",)
    fields = (
        "notice_id",
        "respondent",
        "court",
        "channel",
        "destination",
        "provider_message_id",
        "state",
        "detail",
        "created_at",
        "sent_at",
        "delivered_at",
        "failed_at",
        "state_at",
        "needs_review",
        "reviewed_at",
        "reviewed_by",
    )
    readonly_fields = fields

    def has_change_permission(self, request, obj=None) -> bool:
        # Read-only form; the "reviewed" action needs the view permission only (roles grant it to clerks).
        return False

    @admin.action(description=_("Mark the chosen failed deliveries reviewed"))
    def mark_reviewed(self, request, queryset):
        done = 0
        for record in queryset.filter(needs_review=True):
            services.service_record_mark_reviewed(record=record, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d failed delivery marked reviewed.", "%(count)d failed deliveries marked reviewed.", done)
            % {"count": done},
            messages.SUCCESS,
        )
