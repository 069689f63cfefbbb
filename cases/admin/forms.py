"""Admin forms for court records: A-numbers in any accepted form, hearing times in the court's zone."""

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.anumbers import ACCEPTED_FORMS, format_a_number, parse_a_number
from cases.models import Case, Hearing, RecordDocument, Respondent


class RespondentAdminForm(forms.ModelForm):
    a_number = forms.CharField(
        label=_("A-number"),
        max_length=20,
        help_text=_("Any of these forms: %(forms)s.") % {"forms": ACCEPTED_FORMS},
    )

    class Meta:
        model = Respondent
        fields = (
            "a_number",
            "family_name",
            "given_name",
            "date_of_birth",
            "country_of_nationality",
            "preferred_language",
            "detained",
            "address_line1",
            "address_line2",
            "city",
            "state",
            "postal_code",
            "country",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.a_number:
            self.initial["a_number"] = format_a_number(self.instance.a_number)

    def clean_a_number(self) -> str:
        return parse_a_number(self.cleaned_data["a_number"])

    @property
    def changed_data(self) -> list[str]:
        # The shown form (A-123-456-789) differs from the stored digits: compare parsed values.
        names = super().changed_data
        if "a_number" in names and self.instance.pk and self.cleaned_data.get("a_number") == self.instance.a_number:
            names = [name for name in names if name != "a_number"]
        return names


class CaseAdminForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = (
            "respondent",
            "court",
            "judge",
            "case_type",
            "opened_on",
            "attorney_of_record",
            "attorney_name",
        )

    def clean(self):
        cleaned = super().clean()
        court, judge = cleaned.get("court"), cleaned.get("judge")
        if court is not None and judge is not None and judge.court_id != court.pk:
            self.add_error("judge", _("This judge sits in another court."))
        return cleaned


def _court_of(form):
    case = form.cleaned_data.get("case") if hasattr(form, "cleaned_data") else None
    if case is None:
        try:
            case = form.instance.case
        except ObjectDoesNotExist:
            return None
    return case.court


class HearingAdminForm(forms.ModelForm):
    """Hearing times are typed and shown in the court's own time zone, not the server's."""

    class Meta:
        model = Hearing
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
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("starts_at")
        if field is None:
            return
        court = _court_of(self)
        if court is not None:
            field.help_text = _("Local time at the court (%(tz)s).") % {"tz": court.time_zone}
            if self.instance.pk:
                self.initial["starts_at"] = timezone.make_naive(self.instance.starts_at, court.tz)
        else:
            field.help_text = _("Local time at the case's court.")

    def clean(self):
        cleaned = super().clean()
        starts_at, court = cleaned.get("starts_at"), _court_of(self)
        if starts_at is not None and court is not None:
            naive = timezone.make_naive(starts_at, timezone.get_current_timezone())
            cleaned["starts_at"] = timezone.make_aware(naive, court.tz)
            self.instance.starts_at = cleaned["starts_at"]
        judge = cleaned.get("judge")
        if judge is not None and court is not None and judge.court_id != court.pk:
            self.add_error("judge", _("This judge sits in another court."))
        return cleaned


class RecordDocumentAdminForm(forms.ModelForm):
    """A record document is a PDF that passed the upload checks and the virus scan before it is saved
    (cases.services.record_file_check: the clerk waits a second); once in the record it never changes."""

    class Meta:
        model = RecordDocument
        fields = ("case", "title", "category", "filed_by", "filed_on", "file")
        widgets = {"file": forms.FileInput}  # no link to the stored file: downloads go through access checks

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.instance.pk and "file" in self.changed_data:
            raise forms.ValidationError(_("A document in the record cannot be replaced."), code="immutable")
        if upload is not None and hasattr(upload, "read") and not self.instance.pk:
            # Checked, disarmed and scanned now, so nothing unscanned ever reaches the record.
            return services.record_file_check(upload=upload)
        return upload


class HearingStatusForm(forms.Form):
    """Reschedule, adjourn, cancel or complete one scheduled hearing."""

    ACTIONS = (
        ("reschedule", _("Reschedule (adjourn this hearing and schedule a new one)")),
        (Hearing.Status.ADJOURNED, _("Adjourn without a new date")),
        (Hearing.Status.CANCELLED, _("Cancel")),
        (Hearing.Status.COMPLETED, _("Mark completed")),
    )

    action = forms.ChoiceField(label=_("What happens to this hearing"), choices=ACTIONS, widget=forms.RadioSelect)
    new_starts_at = forms.SplitDateTimeField(
        label=_("New date and time"), required=False, widget=widgets.AdminSplitDateTime
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, court, **kwargs):
        super().__init__(*args, **kwargs)
        self.court = court
        self.fields["new_starts_at"].help_text = _("Local time at the court (%(tz)s).") % {"tz": court.time_zone}

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "reschedule":
            starts_at = cleaned.get("new_starts_at")
            if starts_at is None:
                self.add_error("new_starts_at", _("Give the new date and time."))
            else:
                naive = timezone.make_naive(starts_at, timezone.get_current_timezone())
                cleaned["new_starts_at"] = timezone.make_aware(naive, self.court.tz)
        needs_reason = action in ("reschedule", Hearing.Status.ADJOURNED, Hearing.Status.CANCELLED)
        if needs_reason and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason."))
        return cleaned
