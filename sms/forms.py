"""Forms of the text-reminder pages: the number, and the 6-digit code."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sms.numbers import ParsedNumber, parse_mobile


class PhoneForm(forms.Form):
    number = forms.CharField(
        label=_("Mobile phone number"),
        max_length=40,
        error_messages={"required": _("Enter your mobile phone number.")},
        help_text=_("For example 312-555-0142. Outside the United States, start with + and the country code."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_number(self) -> str:
        self.parsed: ParsedNumber = parse_mobile(self.cleaned_data["number"])
        return self.parsed.e164


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        error_messages={"required": _("Enter the 6 digits from the text message.")},
        help_text=_("The code in the text message we sent you. It works for 10 minutes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits from the text message."), code="format")
        return code
