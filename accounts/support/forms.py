from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why you are doing this, for the audit log (for example the call or ticket number)."),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Type the reason for this action.")},
    )

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())
