"""Forms of the filings pages. Views turn domain errors (FilingError, UploadRejected) into form errors."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filings.models import Filing, FilingDocument, ReviewReason

US_STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
    "GU",
    "VI",
    "AS",
    "MP",
]


class FilingStartForm(forms.Form):
    filing_type = forms.ChoiceField(
        label=_("What are you filing?"),
        choices=[(k, v) for k, v in Filing.FilingType.choices if k != Filing.FilingType.ADDRESS_CHANGE],
        widget=forms.RadioSelect,
    )


class DocumentUploadForm(forms.Form):
    # Each upload problem links to the help answer that fixes it (guidance/error_help.py reads this;
    # keys are "field:code", "code" or "field:*"; codes come from filings.validation.UploadRejected).
    error_help = {
        "file:too_large": "file-size",
        "too_many": "file-size",
        "lead_exists": "file-document",
        "file:*": "file-format",  # empty, not a PDF, damaged, incomplete, password-protected, no pages
        "title:*": "file-document",
        "role:*": "file-document",
    }

    role = forms.ChoiceField(label=_("Kind of document"), choices=FilingDocument.Role.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Title of the document"),
        max_length=200,
        help_text=_("For example: Motion to change venue, or Letter from my employer."),
    )
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("One PDF file, at most 25 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, has_lead: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_lead:
            self.fields["role"].choices = [(FilingDocument.Role.SUPPORTING, FilingDocument.Role.SUPPORTING.label)]
            self.fields["role"].initial = FilingDocument.Role.SUPPORTING
        else:
            self.fields["role"].initial = FilingDocument.Role.LEAD


class SubmitForm(forms.Form):
    service_certified = forms.BooleanField(
        label=_(
            "I certify that a copy of this filing is served on the Department of Homeland Security (DHS) "
            "electronically through this portal, on the date it is filed."
        ),
        required=True,
        error_messages={"required": _("Confirm the certificate of service on DHS to file.")},
    )


class RejectForm(forms.Form):
    REASONS = [
        ("", _("Choose a reason")),
        ("illegible", _("The document cannot be read.")),
        ("wrong_case", _("The document belongs to a different case.")),
        ("incomplete", _("The filing is incomplete (pages or required parts are missing).")),
        ("no_translation", _("A document in another language has no certified English translation.")),
        ("other", _("Other reason (explain below)")),
    ]
    reason_choice = forms.ChoiceField(label=_("Reason"), choices=REASONS)
    reason_text = forms.CharField(label=_("Explanation for the respondent"), widget=forms.Textarea, required=False)

    def reason(self) -> str:
        labels = dict(self.REASONS)
        parts = []
        if self.cleaned_data["reason_choice"] != "other":
            parts.append(str(labels[self.cleaned_data["reason_choice"]]))
        if self.cleaned_data["reason_text"].strip():
            parts.append(self.cleaned_data["reason_text"].strip())
        return " ".join(parts)

    def clean(self):
        data = super().clean()
        if data.get("reason_choice") == "other" and not data.get("reason_text", "").strip():
            self.add_error("reason_text", _("Explain the reason."))
        return data


class DecisionForm(forms.Form):
    """The clerk's accept or reject on the review page: a reason from the supervisors' list and a note.

    The reason list is data (filings.ReviewReason); "other" (requires_text) needs the note."""

    reason = forms.ModelChoiceField(
        label=_("Reason"), queryset=ReviewReason.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)

    def __init__(self, *args, decision: str, reasons, **kwargs):
        kwargs.setdefault("prefix", decision)
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.fields["reason"].queryset = reasons
        for code in ("required", "invalid_choice"):
            self.fields["reason"].error_messages[code] = _("Choose a reason from the list.")
        if decision == ReviewReason.Decision.REJECT:
            self.fields["note"].label = _("Explanation for the respondent")
            self.fields["note"].help_text = _(
                "The respondent reads the reason and this explanation, and gets them by email."
            )
        else:
            self.fields["note"].label = _("Note (optional, kept with the decision)")

    def clean(self):
        data = super().clean()
        reason = data.get("reason")
        if reason is not None and reason.requires_text and not (data.get("note") or "").strip():
            self.add_error("note", _("This reason needs an explanation: write it in the box."))
        return data


class AddressChangeForm(forms.Form):
    address_line1 = forms.CharField(label=_("Street address"), max_length=200)
    address_line2 = forms.CharField(label=_("Apartment, unit or suite (optional)"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    state = forms.ChoiceField(label=_("State or territory"), choices=[("", "-")] + [(s, s) for s in US_STATES])
    postal_code = forms.CharField(label=_("ZIP code"), max_length=10, help_text=_("5 digits, or 5+4 like 12345-6789."))
    phone = forms.CharField(label=_("Phone number (optional)"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    moved_on = forms.DateField(
        label=_("Date you moved"),
        help_text=_("For example: 2026-03-28"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not re.fullmatch(r"\d{5}(-\d{4})?", value):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, or 5+4 like 12345-6789."))
        return value

    def clean_moved_on(self):
        value = self.cleaned_data["moved_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date you moved cannot be in the future."))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = re.sub(r"\D", "", value)
        if value and len(digits) not in (10, 11):
            raise forms.ValidationError(_("Enter a phone number with area code, like 555-010-0123."))
        return value
