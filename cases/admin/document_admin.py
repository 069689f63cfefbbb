"""The record of proceedings in the clerk admin: documents are added, described, never replaced."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.admin.base import CourtScopedAdmin
from cases.admin.filters import CaseCourtFilter
from cases.admin.forms import RecordDocumentAdminForm
from cases.admin.search import CourtRecordSearchMixin
from cases.models import RecordDocument


@admin.register(RecordDocument)
class RecordDocumentAdmin(CourtRecordSearchMixin, CourtScopedAdmin):
    form = RecordDocumentAdminForm
    court_path = "case__court"
    respondent_path = "case__respondent"
    search_court_path = "case__court"
    list_display = ("id", "title", "category", "filed_by", "filed_on", "court_code", "case")
    list_select_related = ("case__court",)
    list_filter = ("category", "filed_by", CaseCourtFilter)
    sortable_by = ("id",)
    ordering = ("-id",)
    search_fields = ("case__respondent__a_number",)
    raw_id_fields = ("case",)
    fields = ("case", "title", "category", "filed_by", "filed_on", "file", "sha256", "size", "pages", "created_at")

    def get_readonly_fields(self, request, obj=None):
        computed = ("sha256", "size", "pages", "created_at")
        return ("case", "file", *computed) if obj is not None else computed

    @admin.display(description=_("court"))
    def court_code(self, obj):
        return obj.case.court.code
