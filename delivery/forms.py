"""Forms of the delivery app: the consent screen (a checkbox left unchecked until the person checks it)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I agree to get court notices by email instead of by mail. I understand what this means."),
        required=True,
        initial=False,
        error_messages={
            "required": _(
                "To get notices by email, check the box. If you do not want that, you do not have to: "
                "the court keeps mailing your notices."
            )
        },
    )
