"""Forms of the accounts app: registration step 1, second factors, lost code, re-authentication."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.services import normalise_code
from cases.anumbers import ACCEPTED_FORMS, parse_a_number


class ANumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("A-number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", _("It is on your letter. For example: %(forms)s") % {"forms": ACCEPTED_FORMS})
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "text"})

    def clean(self, value):
        return parse_a_number(super().clean(value))


class RegistrationCodeForm(forms.Form):
    """Step 1: A-number and access code. Format errors are specific; a wrong pair is answered by the view."""

    a_number = ANumberField()
    code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("10 letters and numbers, for example 7KQ2-M9XD-4F. Capital or small letters both work."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) != 6:
            raise ValidationError(_("Enter the 6 digits your app shows, for example 123456."), code="format")
        return token


class BackupCodeForm(forms.Form):
    backup_code = forms.CharField(
        label=_("Backup code"),
        max_length=40,
        help_text=_("16 letters and numbers, for example ABCD-EFGH-JKMN-PQRS. Each code works once."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class LostCodeForm(forms.Form):
    a_number = ANumberField()
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Month, day and year, for example 05/17/1990."),
        input_formats=["%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y"],
        widget=forms.DateInput(attrs={"autocomplete": "bday", "placeholder": "MM/DD/YYYY"}),
        error_messages={"invalid": _("Enter a date like 05/17/1990.")},
    )


class ReauthenticateForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    token = forms.CharField(
        label=_("Code from your authenticator app, or a backup code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
