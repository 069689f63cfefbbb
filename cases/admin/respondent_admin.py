"""Respondents in the clerk admin: visible to the clerks of the courts where they have a case."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.base import CourtScopedAdmin, audit_court_id, scoped_respondents
from cases.admin.forms import RespondentAdminForm
from cases.admin.inlines import RespondentCaseInline
from cases.admin.search import CourtRecordSearchMixin
from cases.models import Respondent


@admin.register(Respondent)
class RespondentAdmin(CourtRecordSearchMixin, CourtScopedAdmin):
    form = RespondentAdminForm
    respondent_path = ""
    search_court_path = None
    list_display = ("a_number_display", "family_name", "given_name", "country_of_nationality", "detained")
    list_display_links = ("a_number_display", "family_name")
    list_filter = ("detained",)
    sortable_by = ("id",)
    ordering = ("-id",)
    search_fields = ("^family_name", "^given_name")  # the search itself: CourtRecordSearchMixin
    readonly_fields = ("user", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("a_number", "family_name", "given_name", "date_of_birth", "country_of_nationality")}),
        (_("Language and custody"), {"fields": ("preferred_language", "detained")}),
        (
            _("Mailing address"),
            {"fields": ("address_line1", "address_line2", "city", "state", "postal_code", "country")},
        ),
        (_("Portal"), {"fields": ("user", "created_at", "updated_at")}),
    )
    inlines = (RespondentCaseInline,)

    def scope(self, queryset, user):
        return scoped_respondents(queryset, user)

    @admin.display(description=_("A-number"), ordering="a_number")
    def a_number_display(self, obj):
        return obj.a_number_display

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Reading a person's record is itself audited (inside the admin's transaction).
        if change and obj is not None and request.method == "GET":
            services.respondent_view(actor=request.user, respondent=obj, court_id=audit_court_id(obj, request.user))
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
