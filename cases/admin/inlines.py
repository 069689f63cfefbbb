"""Inlines: a case's hearings and record documents, a respondent's cases."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from cases.admin.base import CourtScopedInline
from cases.admin.forms import CaseAdminForm, HearingAdminForm, RecordDocumentAdminForm
from cases.models import AttendanceCheckIn, Case, Hearing, RecordDocument


class InlineHearingForm(HearingAdminForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status != Hearing.Status.SCHEDULED and self.has_changed():
            raise forms.ValidationError(_("Only a scheduled hearing can be changed."), code="not_scheduled")
        return cleaned


def hearing_manage_link(hearing: Hearing) -> str:
    if not hearing.pk or hearing.status != Hearing.Status.SCHEDULED:
        return "—"
    url = reverse("admin:cases_hearing_status", args=[hearing.pk])
    return format_html('<a href="{}">{}</a>', url, _("Reschedule, adjourn, cancel or complete"))


def attendance_summary(hearing: Hearing) -> str:
    """The attendance check-in as a clerk reads it: the answer, when and by whom, and when it was asked."""
    check_in = None
    if hearing.pk:
        check_in = AttendanceCheckIn.objects.filter(hearing=hearing).select_related("answered_by").first()
    if check_in is None:
        return _("Not asked yet (the question opens the day after the hearing).")
    asked = (
        _("Asked by email %(when)s.") % {"when": date_format(localtime(check_in.emailed_at), "DATETIME_FORMAT")}
        if check_in.emailed_at
        else ""
    )
    if not check_in.answer:
        return " ".join(filter(None, [str(_("No answer yet.")), str(asked)]))
    answered = _("“%(answer)s”, answered %(when)s by %(who)s.") % {
        "answer": check_in.get_answer_display(),
        "when": date_format(localtime(check_in.answered_at), "DATETIME_FORMAT"),
        "who": check_in.answered_by.email if check_in.answered_by else "—",
    }
    return " ".join(filter(None, [str(answered), str(asked)]))


class HearingInline(CourtScopedInline):
    model = Hearing
    form = InlineHearingForm
    fk_name = "case"
    fields = (
        "starts_at",
        "hearing_type",
        "mode",
        "judge",
        "courtroom",
        "address",
        "video_url",
        "meeting_details",
        "dial_in",
        "status",
        "replaces",
        "manage",
    )
    readonly_fields = ("status", "replaces", "manage")

    @admin.display(description=_("Status changes"))
    def manage(self, obj):
        return hearing_manage_link(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("judge", "replaces")


class RecordDocumentInline(CourtScopedInline):
    model = RecordDocument
    form = RecordDocumentAdminForm
    fields = ("title", "category", "filed_by", "filed_on", "file", "size", "pages")
    readonly_fields = ("size", "pages")


class RespondentCaseInline(CourtScopedInline):
    """A respondent's cases in the user's courts; a clerk adds a respondent together with a case."""

    model = Case
    form = CaseAdminForm
    court_path = "court"
    fields = ("court", "judge", "case_type", "status", "opened_on", "attorney_of_record", "attorney_name", "open")
    readonly_fields = ("status", "open")
    show_change_link = True

    @admin.display(description=_("Case"))
    def open(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:cases_case_change", args=[obj.pk]), _("Open case"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("court", "judge")

    def get_formset(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs.update(min_num=1, validate_min=True)
        return super().get_formset(request, obj, **kwargs)
