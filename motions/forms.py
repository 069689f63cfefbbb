"""The questions of each flow, one form per step (django-formtools runs them), and the pages around them.

Every text a person types is kept as typed (a failed check never loses it: the wizard stores each
step's input) and escaped wherever it is shown or printed. Long answers have a stated limit,
counted as typed and checked on the server (no `maxlength` that would silently cut a paste).
"""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Hearing
from filings.forms import US_STATES
from motions.selectors import court_for_zip

REASON_LIMIT = 4000
SHORT_LIMIT = 300
I_UNDERSTAND = ("i understand", "entiendo")
USCIS_RECEIPT = re.compile(r"^[A-Z]{3}\d{10}$")


def as_typed(value: str) -> str:
    """The text as the person typed it: browsers send line breaks as CR LF, people see one character."""
    return (value or "").replace("\r\n", "\n")


class LimitedTextField(forms.CharField):
    """A long answer with a stated limit, counted as typed; the limit is shown, never enforced by cutting."""

    def __init__(self, *, limit: int = REASON_LIMIT, **kwargs):
        self.limit = limit
        kwargs.setdefault("widget", forms.Textarea)
        kwargs.setdefault(
            "help_text",
            _("Up to %(limit)s characters. Say it in your own words; you can write in English or Spanish.")
            % {"limit": f"{limit:,}"},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return as_typed(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise forms.ValidationError(
                _(
                    "This answer is %(count)s characters long. Shorten it to %(limit)s characters or fewer; "
                    "nothing you typed was lost."
                ),
                code="too_long",
                params={"count": f"{len(value):,}", "limit": f"{self.limit:,}"},
            )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def future_date_field(label, *, required=True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class StepForm(forms.Form):
    """A step of a flow: knows the case and the motion (the wizard passes them)."""

    def __init__(self, *args, case=None, motion=None, countdown=None, fee=None, **kwargs):
        self.case = case
        self.motion = motion
        self.countdown = countdown
        self.fee = fee
        super().__init__(*args, **kwargs)


def _refuse_past_date(value):
    if value is not None and value <= timezone.localdate():
        raise forms.ValidationError(
            _("%(date)s has already passed. Give a date in the future."),
            code="past_date",
            params={"date": value.isoformat()},
        )


def _refuse_future_date(value):
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future. Give the date it happened."), code="future_date")


# --- Continue and video --------------------------------------------------------------------------


class HearingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Hearing) -> str:
        local = timezone.localtime(obj.starts_at, obj.case.court.tz)
        return f"{obj.get_hearing_type_display()}: {local:%Y-%m-%d %H:%M} ({local.tzname()})"


class HearingForm(StepForm):
    hearing = HearingChoiceField(
        label=_("Which hearing is this about?"),
        queryset=Hearing.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your hearings from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every hearing of the case may be posted (so that a past one gets its own message), but the
        # list offers only those still to come.
        field = self.fields["hearing"]
        field.queryset = Hearing.objects.filter(case=self.case).select_related("case__court").order_by("starts_at")
        upcoming = field.queryset.filter(status=Hearing.Status.SCHEDULED, starts_at__gt=timezone.now())
        field.choices = [(h.pk, field.label_from_instance(h)) for h in upcoming]

    def clean_hearing(self):
        hearing = self.cleaned_data["hearing"]
        if hearing.starts_at <= timezone.now():
            raise forms.ValidationError(
                _("That hearing has already taken place. Choose a hearing that is still to come."), code="past_hearing"
            )
        if hearing.status != Hearing.Status.SCHEDULED:
            raise forms.ValidationError(
                _("That hearing is no longer scheduled. Choose another one."), code="not_scheduled"
            )
        return hearing


class ContinueReasonForm(StepForm):
    REASONS = [
        ("lawyer", _("I need time to find a lawyer")),
        ("illness", _("I am ill, or someone I care for is ill")),
        ("uscis", _("USCIS has not decided a petition or application yet")),
        ("conflict", _("I cannot attend that day (for example, work or a medical appointment)")),
        ("other", _("Another reason")),
    ]
    PETITION_STATUS = [
        ("", _("Choose one")),
        ("received", _("Received, not decided")),
        ("interview", _("Interview scheduled")),
        ("evidence_requested", _("USCIS asked for more evidence")),
        ("approved", _("Approved")),
    ]
    reason = forms.ChoiceField(label=_("Why do you need more time?"), choices=REASONS, widget=forms.RadioSelect)
    details = LimitedTextField(label=_("Explain your reason"))
    receipt_number = forms.CharField(
        label=_("USCIS receipt number (only for a USCIS petition)"),
        required=False,
        max_length=20,
        help_text=_("Three letters and ten numbers, for example IOE0912345678."),
    )
    petition_status = forms.ChoiceField(
        label=_("Status of the petition (only for a USCIS petition)"), choices=PETITION_STATUS, required=False
    )

    def clean_receipt_number(self):
        return re.sub(r"[\s-]", "", self.cleaned_data.get("receipt_number") or "").upper()

    def clean(self):
        data = super().clean()
        if data.get("reason") != "uscis":
            data["receipt_number"], data["petition_status"] = "", ""
            return data
        number = data.get("receipt_number", "")
        if not number:
            self.add_error("receipt_number", _("Give the receipt number of your USCIS petition."))
        elif not USCIS_RECEIPT.match(number):
            self.add_error(
                "receipt_number",
                _("A USCIS receipt number is three letters and ten numbers, for example IOE0912345678."),
            )
        if not data.get("petition_status"):
            self.add_error("petition_status", _("Choose the status of your USCIS petition."))
        return data


class AttendDatesForm(StepForm):
    date_1 = future_date_field(_("A date you can attend"))
    date_2 = future_date_field(_("Another date you can attend (optional)"), required=False)
    date_3 = future_date_field(_("Another date you can attend (optional)"), required=False)
    earlier = LimitedTextField(
        label=_("Earlier continuances in your case"),
        required=False,
        limit=1000,
        help_text=_(
            "We filled this in from your hearing history. Correct it if something is missing. Up to 1,000 characters."
        ),
    )

    def clean_date_1(self):
        _refuse_past_date(self.cleaned_data.get("date_1"))
        return self.cleaned_data.get("date_1")

    def clean_date_2(self):
        _refuse_past_date(self.cleaned_data.get("date_2"))
        return self.cleaned_data.get("date_2")

    def clean_date_3(self):
        _refuse_past_date(self.cleaned_data.get("date_3"))
        return self.cleaned_data.get("date_3")


class VideoReasonForm(StepForm):
    details = LimitedTextField(label=_("Why do you ask to appear by video?"))
    private_place = forms.BooleanField(label=_("I will have a private, quiet place for the whole hearing."))
    device = forms.BooleanField(label=_("I will have a device with a camera and a microphone."))
    connection = forms.BooleanField(label=_("I will have an internet connection that can carry video."))


# --- Reopen after a missed hearing ---------------------------------------------------------------


class GotNoticeForm(StepForm):
    got_notice = forms.ChoiceField(
        label=_("Did you get notice of that hearing?"),
        choices=[
            ("no", _("No, I did not get a notice of that hearing")),
            ("yes", _("Yes, but something stopped me from going")),
        ],
        widget=forms.RadioSelect,
    )


class NoNoticeForm(StepForm):
    lived_at = LimitedTextField(label=_("Where did you live when the hearing notice was sent?"), limit=1000)
    learned = LimitedTextField(label=_("How did you find out about the order?"))
    learned_on = forms.DateField(label=_("When did you find out?"), widget=DateInput())

    def clean_learned_on(self):
        _refuse_future_date(self.cleaned_data.get("learned_on"))
        return self.cleaned_data.get("learned_on")


class ExceptionalForm(StepForm):
    CIRCUMSTANCES = [
        ("illness", _("A serious illness (mine or a close family member's)")),
        ("death", _("The death of my spouse, child or parent")),
        ("battery", _("Battery or extreme cruelty against me or my child")),
        ("other", _("Something else outside my control")),
    ]
    circumstance = forms.ChoiceField(label=_("What happened?"), choices=CIRCUMSTANCES, widget=forms.RadioSelect)
    happened_from = forms.DateField(label=_("When did it start?"), widget=DateInput())
    happened_to = forms.DateField(label=_("When did it end?"), widget=DateInput())
    details = LimitedTextField(label=_("Tell the judge what happened"))

    def clean(self):
        data = super().clean()
        if self.countdown is not None and not self.countdown.within_limit:
            raise forms.ValidationError(
                _(
                    "It has been more than %(limit)s days since the order, so this reason can no longer be used "
                    "on your own. Talk to a lawyer before you do anything else."
                ),
                code="past_180",
                params={"limit": self.countdown.limit_days},
            )
        start, end = data.get("happened_from"), data.get("happened_to")
        _refuse_future_date(start)
        if start and end and end < start:
            self.add_error("happened_to", _("The end date is before the start date."))
        return data


class FeeForm(StepForm):
    fee_choice = forms.ChoiceField(
        label=_("How will you handle the filing fee?"),
        choices=[
            ("pay", _("I will pay the fee")),
            ("waiver", _("I ask the judge to waive the fee (I will upload form EOIR-26A)")),
        ],
        widget=forms.RadioSelect,
    )


# --- Withdraw ------------------------------------------------------------------------------------


class WithdrawWhatForm(StepForm):
    what = forms.ChoiceField(
        label=_("What do you want to withdraw?"),
        choices=[
            ("application", _("An application I filed with the immigration judge")),
            ("appeal", _("My appeal to the Board of Immigration Appeals")),
        ],
        widget=forms.RadioSelect,
    )
    which = forms.CharField(
        label=_("Which one? (for example, the name or number of the form)"), required=False, max_length=SHORT_LIMIT
    )
    details = LimitedTextField(label=_("Anything you want the judge to know (optional)"), required=False)


class UnderstandForm(StepForm):
    understand = forms.CharField(
        label=_("Type “I understand” to confirm that you read the consequences"), max_length=40
    )

    def clean_understand(self):
        value = " ".join((self.cleaned_data.get("understand") or "").split()).strip(".").lower()
        if value not in I_UNDERSTAND:
            raise forms.ValidationError(_("Type the words “I understand” to go on."), code="not_understood")
        return value


# --- Change venue ------------------------------------------------------------------------------

PO_BOX = re.compile(r"\b(p\.?\s*o\.?\s*box|post\s+office\s+box|apartado(\s+postal)?|casilla)\b", re.IGNORECASE)


def refuse_po_box(value: str) -> str:
    if PO_BOX.search(value or ""):
        raise forms.ValidationError(
            _("A P.O. box is not a place where you live. Give the street address where you live now."), code="po_box"
        )
    return value


class VenueAddressForm(StepForm):
    address_line1 = forms.CharField(label=_("Street address where you live now"), max_length=200)
    address_line2 = forms.CharField(label=_("Apartment, unit or suite (optional)"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    state = forms.ChoiceField(label=_("State or territory"), choices=[("", "-")] + [(s, s) for s in US_STATES])
    postal_code = forms.CharField(label=_("ZIP code"), max_length=10)

    def clean_address_line1(self):
        return refuse_po_box(self.cleaned_data.get("address_line1", ""))

    def clean_address_line2(self):
        return refuse_po_box(self.cleaned_data.get("address_line2", ""))

    def clean_postal_code(self):
        value = (self.cleaned_data.get("postal_code") or "").strip()
        if not re.fullmatch(r"\d{5}(-\d{4})?", value):
            raise forms.ValidationError(_("Enter a ZIP code of 5 digits, or 5+4 like 12345-6789."), code="zip_format")
        court = court_for_zip(value)
        if court is None:
            raise forms.ValidationError(
                _(
                    "We do not know which immigration court serves ZIP code %(zip)s. Check it; if it is right, "
                    "call your court to ask which court serves your area."
                ),
                code="zip_no_court",
                params={"zip": value[:5]},
            )
        if self.case is not None and court.pk == self.case.court_id:
            raise forms.ValidationError(
                _("ZIP code %(zip)s is in the area of your current court. You do not need a change of venue."),
                code="zip_same_court",
                params={"zip": value[:5]},
            )
        return value


class VenueReasonForm(StepForm):
    details = LimitedTextField(label=_("Why should your case move to that court?"))
    witnesses = LimitedTextField(label=_("Where are your witnesses and your evidence?"), limit=1000)


# --- After the questions -------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    exhibit = forms.ChoiceField(label=_("What is this document?"))
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("PDF file"))

    def __init__(self, *args, exhibits=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibit"].choices = [*exhibits, ("other", _("Other evidence"))]


class SignForm(forms.Form):
    signed_name = forms.CharField(
        label=_("Type your full name to sign"), max_length=200, help_text=_("This is your electronic signature.")
    )
    signed_on = forms.DateField(label=_("Date"), widget=DateInput())

    def clean_signed_name(self):
        return " ".join(self.cleaned_data["signed_name"].split())

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value != timezone.localdate():
            raise forms.ValidationError(_("Sign with today's date."), code="not_today")
        return value
