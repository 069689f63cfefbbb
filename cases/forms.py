"""Forms of the cases app's own pages: the public hearing lookup and the attendance check-in."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases import countries
from cases.anumbers import ACCEPTED_FORMS, parse_a_number
from cases.models import AttendanceCheckIn


class HearingLookupForm(forms.Form):
    """A-number (any accepted form) and country of nationality (English or Spanish, accents optional).

    A country that is not on the shipped list is a form error with close names from that list: it
    depends only on what was typed, never on what the court has on file."""

    a_number = forms.CharField(label=_("A-number"), max_length=20)
    country = forms.CharField(
        label=_("Country of nationality"),
        max_length=100,
        help_text=_("In English or Spanish, for example: Guatemala, Honduras, México, Haiti."),
        error_messages={"required": _("Enter the country of your nationality.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, in the page's language (a lazy string formatted at import stays English).
        hint = _("It is on your letter. For example: %(forms)s")
        self.fields["a_number"].help_text = hint % {"forms": ACCEPTED_FORMS}
        self.fields["a_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["country"].widget.attrs.update({"autocomplete": "country-name"})
        self.suggestions: list[str] = []

    def clean_a_number(self) -> str:
        return parse_a_number(self.cleaned_data["a_number"])

    def clean_country(self) -> str:
        text = self.cleaned_data["country"].strip()
        code = countries.country_code(text)
        if code is None:
            self.suggestions = countries.suggestions(text, language=get_language() or "en")
            if self.suggestions:
                raise ValidationError(
                    _("We do not know a country called “%(typed)s”. Check the spelling. Did you mean: %(names)s?"),
                    code="unknown_country",
                    params={"typed": text, "names": ", ".join(self.suggestions)},
                )
            raise ValidationError(
                _("We do not know a country called “%(typed)s”. Check the spelling, or write its name in English."),
                code="unknown_country",
                params={"typed": text},
            )
        self.cleaned_data["country_code"] = code
        return text


class AttendanceForm(forms.Form):
    """ "Did you go to your hearing?": one of three answers, nothing else."""

    answer = forms.ChoiceField(
        label=_("Did you go to your hearing?"),
        choices=AttendanceCheckIn.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one answer.")},
    )
