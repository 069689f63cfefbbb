"""Clerk side of the guided requests, in the clerk admin.

- Motions (court-scoped, read-only): the queue of filed motions, reopenings first, with the motion
  type, its deadline state, the days to the next hearing (red under 15) and a red finality flag for a
  withdrawal; pages to forward a motion to the judge and to record the judge's ruling (services).
- Case decisions (court-scoped): the decision that ended a case (an in absentia order starts the
  180 days); every save audited by the court-scoped base.
- Legal facts (staff): fees and deadlines as dated data; supervisors add a new dated row when the
  law changes; every save audited.
- Motion types: read-only here (they are seeded data, changed by a migration with review).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.admin.base import CourtScopedAdmin, CourtScopedReadOnlyAdmin
from cases.admin.filters import CaseCourtFilter
from common.admin import ReadOnlyMixin, StaffModelAdmin
from filings.models import Filing
from motions import selectors, services
from motions.models import CaseDecision, LegalFact, Motion, MotionType, ZipCourt

RED_UNDER_DAYS = 15


class RulingForm(forms.Form):
    ruling = forms.ChoiceField(label=_("The judge's ruling"), choices=Motion.Ruling.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("What the judge ordered (the respondent reads this)"), widget=forms.Textarea, required=False
    )
    ruled_on = forms.DateField(label=_("Date of the ruling"), widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(Motion)
class MotionAdmin(CourtScopedReadOnlyAdmin):
    court_path = "case__court"
    list_display = (
        "__str__",
        "court_code",
        "type_label",
        "filing_status",
        "deadline",
        "next_hearing",
        "finality",
        "ruling",
    )
    list_filter = ("motion_type", "ruling", CaseCourtFilter)
    search_fields = ("filing__receipt_number",)
    list_select_related = ("motion_type", "filing", "case__court")
    fields = (
        "case",
        "motion_type",
        "filing",
        "deadline",
        "next_hearing",
        "finality",
        "stay",
        "signed_name",
        "signed_on",
        "signature_mismatch",
        "forwarded_at",
        "ruling",
        "ruling_note",
        "ruled_on",
        "actions_links",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # Only what was filed: a respondent's unfiled draft is theirs alone.
        return (
            super()
            .get_queryset(request)
            .filter(filing__submitted_at__isnull=False)
            .order_by("ruling", "motion_type__priority", "filing__submitted_at", "id")
        )

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("motions.change_motion")

    # --- columns ---------------------------------------------------------------------------------
    @admin.display(description=_("court"))
    def court_code(self, motion: Motion) -> str:
        return motion.case.court.code

    @admin.display(description=_("motion"), ordering="motion_type__priority")
    def type_label(self, motion: Motion) -> str:
        return motion.motion_type.caption

    @admin.display(description=_("filing"))
    def filing_status(self, motion: Motion) -> str:
        label = motion.filing.get_status_display()
        if motion.forwarded_at and not motion.ruling:
            return _("%(status)s, with the judge") % {"status": label}
        return label

    @admin.display(description=_("deadline"))
    def deadline(self, motion: Motion):
        text, late = selectors.deadline_state(motion=motion)
        if late:
            return format_html('<strong style="color:#b50909">{}</strong>', text)
        return text

    @admin.display(description=_("days to next hearing"))
    def next_hearing(self, motion: Motion):
        days = selectors.days_to_next_hearing(case=motion.case)
        if days is None:
            return "-"
        if days < RED_UNDER_DAYS:
            return format_html('<strong style="color:#b50909" data-soon="1">{}</strong>', days)
        return str(days)

    @admin.display(description=_("finality"))
    def finality(self, motion: Motion):
        if motion.motion_type.final_effect and motion.answers.get("what") == "appeal":
            return format_html(
                '<strong style="color:#fff;background:#b50909;padding:2px 6px">{}</strong>',
                _("FINAL: withdrawing the appeal makes the order final at once"),
            )
        if motion.motion_type.final_effect:
            return format_html('<strong style="color:#b50909">{}</strong>', _("Withdrawal: cannot be undone"))
        return ""

    @admin.display(description=_("stay of removal"))
    def stay(self, motion: Motion) -> str:
        day = selectors.stay_from(motion=motion)
        return _("Automatic stay of removal from %(date)s") % {"date": day.isoformat()} if day else "-"

    @admin.display(description=_("actions"))
    def actions_links(self, motion: Motion):
        if motion.ruling or motion.filing.status != Filing.Status.ACCEPTED:
            return _("Accept the filing in the filing queue first.") if not motion.ruling else "-"
        forward = reverse("admin:motions_motion_forward", args=[motion.pk])
        ruling = reverse("admin:motions_motion_ruling", args=[motion.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            forward,
            _("Forward to the judge"),
            ruling,
            _("Record the ruling"),
        )

    # --- pages -----------------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:motion_id>/forward/", view(self.forward_view), name="motions_motion_forward"),
            path("<int:motion_id>/ruling/", view(self.ruling_view), name="motions_motion_ruling"),
            *super().get_urls(),
        ]

    def _motion(self, request, motion_id) -> Motion:
        if not self.has_review_permission(request):
            raise PermissionDenied
        return self.get_object(request, str(motion_id))

    def forward_view(self, request, motion_id):
        motion = self._motion(request, motion_id)
        if request.method == "POST":
            try:
                services.motion_forward(motion=motion, actor=request.user)
            except services.MotionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Forwarded to the judge."))
            return HttpResponseRedirect(reverse("admin:motions_motion_change", args=[motion.pk]))
        context = {**self.admin_site.each_context(request), "motion": motion, "title": _("Forward to the judge")}
        return TemplateResponse(request, "admin/motions/forward.html", context)

    def ruling_view(self, request, motion_id):
        motion = self._motion(request, motion_id)
        form = RulingForm(request.POST or None, initial={"ruled_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.motion_ruling_record(
                    motion=motion,
                    actor=request.user,
                    ruling=form.cleaned_data["ruling"],
                    note=form.cleaned_data["note"],
                    ruled_on=form.cleaned_data["ruled_on"],
                )
            except services.MotionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The ruling is recorded and a notice goes to the respondent."))
                return HttpResponseRedirect(reverse("admin:motions_motion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "motion": motion,
            "form": form,
            "title": _("Record the judge's ruling"),
        }
        return TemplateResponse(request, "admin/motions/ruling.html", context)


@admin.register(CaseDecision)
class CaseDecisionAdmin(CourtScopedAdmin):
    court_path = "case__court"
    list_display = ("case", "kind", "decided_on")
    list_filter = ("kind",)
    fields = ("case", "kind", "decided_on", "note")
    raw_id_fields = ("case",)
    list_select_related = ("case__court",)

    def get_readonly_fields(self, request, obj=None):
        return ("case", "kind", "decided_on") if obj is not None else ()


class LegalFactForm(forms.ModelForm):
    class Meta:
        model = LegalFact
        fields = ("key", "value", "effective_from", "source", "source_url", "needs_verification", "note")


@admin.register(LegalFact)
class LegalFactAdmin(StaffModelAdmin):
    """Fees and deadlines as dated data. A change in the law is a new row with its own date, so the
    rule in force on an earlier filing date stays what it was; corrections of a typo are audited."""

    form = LegalFactForm
    list_display = ("key", "value", "effective_from", "needs_verification", "source")
    list_filter = ("key", "needs_verification")
    ordering = ("key", "-effective_from")

    def save_model(self, request, obj, form, change):
        services.legal_fact_save(fact=obj, actor=request.user, created=not change, fields=list(form.changed_data))


@admin.register(MotionType)
class MotionTypeAdmin(ReadOnlyMixin, StaffModelAdmin):
    list_display = ("caption", "flow", "fee_rule", "deadline_rule", "priority", "active")
    list_filter = ("flow", "active")


@admin.register(ZipCourt)
class ZipCourtAdmin(CourtScopedAdmin):
    """Which court serves a ZIP code (the change-of-venue prompt); supervisors keep it, every save audited."""

    court_path = "court"
    list_display = ("zip_code", "court")
    search_fields = ("zip_code",)
    list_select_related = ("court",)
