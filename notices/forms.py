"""Forms of the notices app (clerk admin pages)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import ImmigrationCourt
from cases.scoping import scope_to_courts


class CourtChoiceForm(forms.Form):
    """Pick one of the staff member's own courts."""

    court = forms.ModelChoiceField(label=_("Court"), queryset=ImmigrationCourt.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["court"].queryset = scope_to_courts(ImmigrationCourt.objects.order_by("name"), user, "pk")
