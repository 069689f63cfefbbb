"""The record of proceedings in the clerk admin: documents are added, described, never replaced.

A stored document is never linked by its storage URL (on S3 an unaudited pre-signed link): the
change page links to `file_view`, which checks the clerk's courts and audits each download.
"""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cases import downloads, services
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

    def get_fields(self, request, obj=None):
        stored = ("stored_file",) if obj is not None else ("file",)
        return ("case", "title", "category", "filed_by", "filed_on", *stored, "sha256", "size", "pages", "created_at")

    def get_readonly_fields(self, request, obj=None):
        computed = ("sha256", "size", "pages", "created_at")
        return ("case", "stored_file", *computed) if obj is not None else computed

    @admin.display(description=_("court"))
    def court_code(self, obj):
        return obj.case.court.code

    @admin.display(description=_("file"))
    def stored_file(self, obj):
        url = reverse("admin:cases_recorddocument_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    def get_urls(self):
        view = self.admin_site.admin_view(require_safe(self.file_view))
        return [path("<int:object_id>/file/", view, name="cases_recorddocument_file"), *super().get_urls()]

    def file_view(self, request, object_id: int):
        """One document of the record, for a clerk of its court: an attachment, audited."""
        document = self.get_object(request, str(object_id))  # 404 outside the clerk's courts
        services.record_document_download(
            actor=request.user, document=document, range_header=request.headers.get("Range", "")
        )
        return downloads.ranged_response(
            request,
            source=downloads.file_chunks(lambda: document.file.open("rb")),
            size=document.size,
            content_type="application/pdf",
            filename=f"record-document-{document.pk}.pdf",
            etag=f'"{document.sha256[:40]}"',
            last_modified=document.created_at,
        )
