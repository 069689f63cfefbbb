"""Notices and mailing batches in the clerk admin (Django's default site), scoped to the clerk's courts.

Read-only: states change only through the actions and pages here, which call the services. Objects
are opened through notices.access; every download and every action is audited by its service.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.admin.base import CourtScopedReadOnlyAdmin, CourtScopedReadOnlyInline
from cases.admin.filters import CourtFilter
from cases.downloads import stored_file_response
from cases.models import Respondent
from notices import services
from notices.access import access_mailing_batch_manifest, access_print_file, access_staff_notice_pdf
from notices.forms import CourtChoiceForm
from notices.models import MailingBatch, Notice, PrintFile
from notices.selectors import mailing_batch_progress, notices_failed_to_render


class OpeningReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you opening this letter?"),
        help_text=_("It holds an access code. Your reason is kept in the audit log."),
        min_length=5,
        max_length=300,
        widget=forms.TextInput(attrs={"size": 60, "autocomplete": "off"}),
    )


class RenderFailedFilter(admin.SimpleListFilter):
    """The clerk workbench's "failed to render" queue links here (?render=failed)."""

    title = _("rendering")
    parameter_name = "render"

    def lookups(self, request, model_admin):
        return [("failed", _("Failed, waiting to be tried again"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(pk__in=notices_failed_to_render().values("pk"))
        return queryset


class NoticesAdminBase(CourtScopedReadOnlyAdmin):
    """Notices and batches: court-scoped, read-only; states change through the actions and pages here."""

    def _view(self, view):
        return self.admin_site.admin_view(view)


@admin.register(Notice)
class NoticeAdmin(NoticesAdminBase):
    list_display = ("id", "kind", "state", "respondent", "court", "requested_at", "mailed_at", "last_error")
    list_filter = ("kind", "state", RenderFailedFilter, CourtFilter)
    list_select_related = ("respondent", "court")
    search_fields = ("=id",)
    ordering = ("-id",)
    actions = ("render_again",)
    readonly_fields = (
        "kind",
        "state",
        "respondent",
        "case",
        "court",
        "languages",
        "reason",
        "hearing_id",
        "filing_id",
        "access_code_id",
        "pdf_link",
        "pdf_sha256",
        "pdf_pages",
        "render_with_batch",
        "render_attempts",
        "last_error",
        "requested_at",
        "rendered_at",
        "delivered_at",
        "read_at",
        "printed_at",
        "mailed_at",
        "batch",
        "batch_seq",
    )
    fields = readonly_fields

    def get_urls(self):
        return [
            path("issue-registration/", self._view(self.issue_registration_view), name="notices_issue_registration"),
            path("<int:notice_id>/pdf/", self._view(self.pdf_view), name="notices_notice_pdf"),
            *super().get_urls(),
        ]

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf_key:
            return "-"
        url = reverse("admin:notices_notice_pdf", args=[obj.pk])
        if obj.kind == Notice.Kind.REGISTRATION:
            # The page reads request-free: the link is shown, the view decides (403 without the role).
            return format_html('<a href="{}">{}</a>', url, _("Open (mailroom only, with a reason)"))
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def pdf_view(self, request, notice_id: int):
        """One letter's PDF, audited; a registration letter needs the mailroom role and a typed reason."""
        notice = access_staff_notice_pdf(user=request.user, scoped=self.get_queryset(request), notice_id=notice_id)
        reason = ""
        if notice.kind == Notice.Kind.REGISTRATION:
            form = OpeningReasonForm(request.POST or None)
            if request.method != "POST" or not form.is_valid():
                context = {
                    **self.admin_site.each_context(request),
                    "title": _("Open a registration letter"),
                    "opts": self.opts,
                    "original": notice,
                    "form": form,
                }
                return TemplateResponse(request, "admin/notices/notice/open_reason.html", context)
            reason = form.cleaned_data["reason"]
        services.notice_download_record(notice=notice, actor=request.user, reason=reason)
        return stored_file_response(
            request, key=notice.pdf_key, filename=f"notice-{notice.pk}.pdf", content_type="application/pdf"
        )

    @admin.action(description=_("Render the selected letters again (not yet printed)"))
    def render_again(self, request, queryset):
        count = services.notices_render_again(notices=queryset, actor=request.user)
        self.message_user(request, ngettext("%d letter queued.", "%d letters queued.", count) % count)

    def issue_registration_view(self, request):
        """Registration notices for a court's unrepresented respondents without an account."""
        form = CourtChoiceForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            court = form.cleaned_data["court"]
            issued = services.registration_notices_issue_for_court(court=court, actor=request.user)
            self.message_user(
                request, ngettext("%d registration notice issued.", "%d registration notices issued.", issued) % issued
            )
            return redirect("admin:notices_notice_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Issue registration notices"),
            "form": form,
            "opts": self.model._meta,
            "intro": _(
                "A new access code and a letter for every respondent of the court with a pending case, no "
                "attorney of record, no portal account and no registration letter waiting to be mailed."
            ),
            "submit_label": _("Issue registration notices"),
        }
        return TemplateResponse(request, "admin/notices/court_form.html", context)


class PrintFileInline(CourtScopedReadOnlyInline):
    model = PrintFile
    court_path = "batch__court"
    fields = ("number", "state", "first_seq", "last_seq", "pages", "attempts", "error", "download")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("notices.view_mailingbatch")

    @admin.display(description=_("File"))
    def download(self, obj):
        if obj.state != PrintFile.State.DONE:
            return "-"
        url = reverse("admin:notices_mailingbatch_file", args=[obj.batch_id, obj.number])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(MailingBatch)
class MailingBatchAdmin(NoticesAdminBase):
    list_display = ("id", "court", "state", "progress", "created_at", "created_by", "mailed_at")
    list_filter = ("state", CourtFilter)
    list_select_related = ("court", "created_by")
    ordering = ("-id",)
    actions = ("mark_printed", "mark_mailed", "retry_failed_files")
    readonly_fields = (
        "court",
        "state",
        "progress",
        "failures",
        "manifest_link",
        "created_by",
        "created_at",
        "completed_at",
        "printed_at",
        "mailed_at",
    )
    fields = readonly_fields
    inlines = (PrintFileInline,)

    def get_urls(self):
        return [
            path("start/", self._view(self.start_view), name="notices_mailingbatch_start"),
            path("<int:batch_id>/manifest/", self._view(self.manifest_view), name="notices_mailingbatch_manifest"),
            path("<int:batch_id>/file/<int:number>/", self._view(self.file_view), name="notices_mailingbatch_file"),
            *super().get_urls(),
        ]

    @admin.display(description=_("Progress"))
    def progress(self, obj):
        p = mailing_batch_progress(obj)
        return format_html(
            '<progress value="{}" max="{}">{}</progress> {}',
            p["done"],
            p["total"] or 1,
            p["done"],
            _("%(done)s of %(total)s letters in print files (%(rendered)s rendered)")
            % {"done": p["done"], "total": p["total"], "rendered": p["rendered"]},
        )

    @admin.display(description=_("Failures"))
    def failures(self, obj):
        rows = mailing_batch_progress(obj)["failures"]
        if not rows:
            return "-"
        return format_html_join("", "<p>{} {} ({}): {}</p>", ((_("File"), n, s, e) for n, s, e in rows))

    @admin.display(description=_("Manifest (CSV)"))
    def manifest_link(self, obj):
        if not obj.manifest_key:
            return "-"
        url = reverse("admin:notices_mailingbatch_manifest", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def manifest_view(self, request, batch_id: int):
        """The batch's mailing list (it carries access codes): mailroom only, audited."""
        batch = access_mailing_batch_manifest(user=request.user, scoped=self.get_queryset(request), batch_id=batch_id)
        services.mailing_batch_manifest_download_record(batch=batch, actor=request.user)
        return stored_file_response(
            request, key=batch.manifest_key, filename=f"batch-{batch.pk}-manifest.csv", content_type="text/csv"
        )

    def file_view(self, request, batch_id: int, number: int):
        """One print file of letters (with access codes): mailroom only, audited."""
        pf = access_print_file(user=request.user, scoped=self.get_queryset(request), batch_id=batch_id, number=number)
        services.print_file_download_record(print_file=pf, actor=request.user)
        filename = f"batch-{pf.batch_id}-{pf.number:03d}.pdf"
        return stored_file_response(request, key=pf.file_key, filename=filename, content_type="application/pdf")

    def start_view(self, request):
        """A clerk starts a batch: every rendered, unprinted letter of the court."""
        form = CourtChoiceForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            batch = services.mailing_batch_start(court=form.cleaned_data["court"], actor=request.user)
            if batch is None:
                self.message_user(request, _("No letters are waiting to be printed for this court."), messages.WARNING)
                return redirect("admin:notices_mailingbatch_changelist")
            return redirect("admin:notices_mailingbatch_change", batch.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Start a mailing batch"),
            "form": form,
            "opts": self.model._meta,
            "intro": _(
                "Every letter of the court that has not been printed goes into the batch, by ZIP code. "
                "Letters not rendered yet are rendered with the batch."
            ),
            "submit_label": _("Start the batch"),
        }
        return TemplateResponse(request, "admin/notices/court_form.html", context)

    def _run(self, request, queryset, service, done_message):
        done = 0
        for batch in queryset:
            try:
                service(batch=batch, actor=request.user)
                done += 1
            except services.BatchStateError:
                self.message_user(
                    request,
                    _("%(batch)s: not possible in state “%(state)s”.")
                    % {"batch": batch, "state": batch.get_state_display()},
                    messages.ERROR,
                )
        if done:
            self.message_user(request, done_message % done)

    @admin.action(description=_("Mark the selected batches printed"))
    def mark_printed(self, request, queryset):
        self._run(request, queryset, services.mailing_batch_mark_printed, _("%d batches marked printed."))

    @admin.action(description=_("Mark the selected batches mailed (access codes start counting)"))
    def mark_mailed(self, request, queryset):
        self._run(request, queryset, services.mailing_batch_mark_mailed, _("%d batches marked mailed."))

    @admin.action(description=_("Try the failed print files of the selected batches again"))
    def retry_failed_files(self, request, queryset):
        retried = sum(services.mailing_batch_retry_failed(batch=batch, actor=request.user) for batch in queryset)
        self.message_user(
            request, ngettext("%d print file sent again.", "%d print files sent again.", retried) % retried
        )


@admin.action(description=_("Issue registration notices to the selected respondents"))
def issue_registration_notices(modeladmin, request, queryset):
    """Respondent admin action: a code and a letter each (skips accounts and unmailed letters); audited."""
    if not request.user.has_perm("cases.change_respondent"):
        raise PermissionDenied
    issued = services.registration_notices_issue_for_respondents(respondents=queryset, actor=request.user)
    modeladmin.message_user(
        request, ngettext("%d registration notice issued.", "%d registration notices issued.", issued) % issued
    )


def _hook_respondent_action() -> None:
    """Adds the action to the cases app's Respondent admin (cases must not import notices)."""
    respondent_admin = admin.site._registry.get(Respondent)
    if respondent_admin is None:
        return
    current = list(respondent_admin.actions or [])
    if issue_registration_notices not in current:
        respondent_admin.actions = [*current, issue_registration_notices]


_hook_respondent_action()
