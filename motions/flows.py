"""The question flow of each motion type (`MotionType.flow`): its steps in order, the condition under which
a step is asked, and each step's heading. The wizard view reads these; the forms live in motions.forms."""

from collections import OrderedDict

from django.utils.translation import gettext_lazy as _

from motions import forms
from motions.models import MotionType

F = MotionType.Flow

STEPS = {
    F.CONTINUE: [
        ("hearing", forms.HearingForm),
        ("reason", forms.ContinueReasonForm),
        ("dates", forms.AttendDatesForm),
    ],
    F.VIDEO: [
        ("hearing", forms.HearingForm),
        ("video", forms.VideoReasonForm),
    ],
    F.REOPEN: [
        ("notice", forms.GotNoticeForm),
        ("no_notice", forms.NoNoticeForm),
        ("exceptional", forms.ExceptionalForm),
        ("fee", forms.FeeForm),
    ],
    F.WITHDRAW: [
        ("withdraw", forms.WithdrawWhatForm),
        ("understand", forms.UnderstandForm),
    ],
    F.VENUE: [
        ("address", forms.VenueAddressForm),
        ("venue_reason", forms.VenueReasonForm),
    ],
}

HEADINGS = {
    "hearing": _("Which hearing?"),
    "reason": _("Your reason"),
    "dates": _("Dates you can attend"),
    "video": _("Appearing by video"),
    "notice": _("Did you get notice of that hearing?"),
    "no_notice": _("You did not get notice"),
    "exceptional": _("What stopped you from going"),
    "fee": _("The filing fee"),
    "withdraw": _("What you withdraw"),
    "understand": _("What happens if you withdraw"),
    "address": _("Where you live now"),
    "venue_reason": _("Why the case should move"),
}


def _got_notice(wizard) -> str:
    data = wizard.storage.get_step_data("notice") or {}
    value = data.get("notice-got_notice")
    return value if value in ("yes", "no") else ""


def _no_notice(wizard) -> bool:
    return _got_notice(wizard) != "yes"


def _had_notice(wizard) -> bool:
    return _got_notice(wizard) == "yes"


CONDITIONS = {
    F.REOPEN: {"no_notice": _no_notice, "exceptional": _had_notice, "fee": _had_notice},
}

ALL_FORMS = [(name, form) for steps in STEPS.values() for name, form in steps]


def steps_of(flow: str) -> OrderedDict:
    return OrderedDict(STEPS[flow])


def conditions_of(flow: str) -> dict:
    return dict(CONDITIONS.get(flow, {}))
