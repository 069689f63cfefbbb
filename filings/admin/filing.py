"""Clerk review of filings in the clerk admin: a court-scoped queue, read-only records, and the
accept / reject actions that call the services (the only way a status changes here). The filing's
page is the side-by-side review (filings.admin.review).

Nothing that has not passed the virus check is openable: the download view serves clean documents only.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.admin.base import CourtScopedReadOnlyAdmin, CourtScopedReadOnlyInline
from cases.admin.filters import CaseCourtFilter
from cases.downloads import stored_file_response
from filings import selectors, services
from filings.access import access_staff_filing_document
from filings.admin.review import FilingReviewMixin, WorkQueueFilter
from filings.forms import RejectForm
from filings.models import Filing, FilingDocument
from filings.validation import ACTIVE_CONTENT_LABELS


class FilingDocumentInline(CourtScopedReadOnlyInline):
    model = FilingDocument
    court_path = "filing__case__court"
    fields = ("title", "role", "pages", "size", "scan_status", "removed", "open_link")
    readonly_fields = fields

    @admin.display(description=_("active content removed"))
    def removed(self, document: FilingDocument) -> str:
        return ", ".join(str(ACTIVE_CONTENT_LABELS.get(c, c)) for c in document.removed_active_content) or "-"

    @admin.display(description=_("open"))
    def open_link(self, document: FilingDocument):
        if not document.is_clean:
            return _("Not available until the virus check passes")
        url = reverse("admin:filings_filing_document", args=[document.filing_id, document.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download PDF"))


@admin.register(Filing)
class FilingAdmin(FilingReviewMixin, CourtScopedReadOnlyAdmin):
    list_display = ("__str__", "case", "court_code", "status", "filed_at", "age", "scan_state", "timely_flag")
    list_filter = (WorkQueueFilter, "status", "filing_type", "timely_by_outage", CaseCourtFilter)
    ordering = ("submitted_at", "id")  # oldest first: the queue
    search_fields = ("receipt_number",)
    list_select_related = ("case__court",)
    inlines = [FilingDocumentInline]
    actions = ["accept_selected", "reject_selected"]
    fields = (
        "case",
        "filing_type",
        "status",
        "receipt_number",
        "filed_at",
        "service_certified",
        "deadline_note",
        "address_change_summary",
        "rejection_reason",
        "reviewed_at",
        "reviewed_by",
    )
    readonly_fields = fields

    court_path = "case__court"

    class Media:
        css = {"all": ("admin-workbench/workbench.css",)}  # the queue shows keyboard focus like the review page

    # --- who sees what -------------------------------------------------------------------------
    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=Filing.Status.DRAFT)
            .annotate(
                unclean=Count("documents", filter=~Q(documents__scan_status=FilingDocument.ScanStatus.CLEAN)),
                infected=Count("documents", filter=Q(documents__scan_status=FilingDocument.ScanStatus.INFECTED)),
            )
        )

    # --- columns -------------------------------------------------------------------------------
    @admin.display(description=_("court"))
    def court_code(self, filing: Filing) -> str:
        return filing.case.court.code

    @admin.display(description=_("filed at (court time)"), ordering="submitted_at")
    def filed_at(self, filing: Filing) -> str:
        stamp = filing.submitted_at_local
        return f"{stamp:%Y-%m-%d %H:%M} {filing.case.court.time_zone}" if stamp else "-"

    @admin.display(description=_("waiting"))
    def age(self, filing: Filing) -> str:
        if filing.status != Filing.Status.SUBMITTED or filing.submitted_at is None:
            return "-"
        return timesince(filing.submitted_at, timezone.now())

    @admin.display(description=_("virus check"))
    def scan_state(self, filing: Filing) -> str:
        if getattr(filing, "infected", 0):
            return _("Virus found")
        if getattr(filing, "unclean", 0):
            return _("Checking")
        return _("All clean")

    @admin.display(description=_("outage"), ordering="timely_by_outage")
    def timely_flag(self, filing: Filing) -> str:
        return _("Timely: deadline extended") if filing.timely_by_outage else ""

    @admin.display(description=_("deadline"))
    def deadline_note(self, filing: Filing) -> str:
        if filing.deadline_due_on is None:
            return _("No hearing was scheduled when this was filed.")
        if filing.timely_by_outage:
            return _(
                "Timely: filed after the usual deadline of %(due)s, but within the extension to %(new)s "
                "because the filing service was down on the deadline day (8 CFR 1003.31(b))."
            ) % {"due": filing.deadline_due_on, "new": filing.deadline_extended_to or _("the day the service was back")}
        if filing.deadline_extended_to:
            return _("Documents due by %(due)s, extended to %(new)s because of an outage.") % {
                "due": filing.deadline_due_on,
                "new": filing.deadline_extended_to,
            }
        return _("Documents for the next hearing were due by %(due)s.") % {"due": filing.deadline_due_on}

    @admin.display(description=_("change of address"))
    def address_change_summary(self, filing: Filing):
        change = selectors.address_change_of(filing=filing)
        if change is None:
            return "-"
        return format_html(
            "{}: {}<br>{}: {}<br>{}",
            _("Address of record before"),
            selectors.address_line(change.old_address),
            _("New address"),
            selectors.address_line(change.new_address),
            _("Applied on acceptance")
            if change.applied_at is None
            else _("Applied %(when)s") % {"when": change.applied_at},
        )

    # --- actions -------------------------------------------------------------------------------
    @admin.action(description=_("Accept the selected filings"), permissions=["review"])
    def accept_selected(self, request, queryset):
        accepted, failed = 0, []
        for filing in queryset:
            try:
                services.filing_accept(filing=filing, actor=request.user)
                accepted += 1
            except services.FilingError as exc:
                failed.append(f"{filing}: {exc.message}")
        if accepted:
            self.message_user(
                request,
                ngettext("%(n)d filing accepted.", "%(n)d filings accepted.", accepted) % {"n": accepted},
                messages.SUCCESS,
            )
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("Reject the selected filings with a reason"), permissions=["review"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for filing in queryset:
                try:
                    services.filing_reject(filing=filing, actor=request.user, reason=form.reason())
                    done += 1
                except services.FilingError as exc:
                    self.message_user(request, f"{filing}: {exc.message}", messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext("%(n)d filing rejected.", "%(n)d filings rejected.", done) % {"n": done},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject filings"),
            "form": form,
            "filings": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/filings/reject.html", context)

    # --- opening a clean document --------------------------------------------------------------
    def get_urls(self):
        extra = [
            *self.review_urls(),
            path(
                "<int:filing_id>/documents/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="filings_filing_document",
            ),
        ]
        return extra + super().get_urls()

    def document_view(self, request, filing_id, document_id):
        """Serves one clean document of a filing in the clerk's courts, as an attachment; audited."""
        if not self.has_view_permission(request):
            raise Http404
        document = access_staff_filing_document(
            scoped=self.get_queryset(request), filing_id=filing_id, document_id=document_id
        )
        services.document_download(actor=request.user, document=document, case=document.filing.case)
        return stored_file_response(
            request,
            key=document.storage_key,
            filename=f"filing-{document.filing_id}-document-{document.pk}.pdf",
            content_type="application/pdf",
        )
