"""Reading a phone number a person typed: E.164, can it get texts, is it a landline.

Default region US (PHONENUMBER_DEFAULT_REGION). Letters are refused rather than read as a keypad
word ("1-800-FLOWERS"): a reminder must reach the number the person meant. Numbers that cannot get
texts (toll-free, premium, shared-cost, pager, voicemail, UAN) are refused; a landline (FIXED_LINE)
is accepted with a warning, since the code text tells for sure. In the US, phonenumbers cannot tell
a mobile from a landline (FIXED_LINE_OR_MOBILE): there, a failed send is the signal (ADR 0105).
"""

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberType

from sms.models import MobileNumber

_ALLOWED = re.compile(r"^[0-9+()\-.\s/]+$")
_NO_TEXTS = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.PAGER,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
}
_LINE_TYPES = {
    PhoneNumberType.MOBILE: MobileNumber.LineType.MOBILE,
    PhoneNumberType.FIXED_LINE: MobileNumber.LineType.LANDLINE,
    PhoneNumberType.VOIP: MobileNumber.LineType.VOIP,
}


@dataclass(frozen=True)
class ParsedNumber:
    e164: str
    line_type: str

    @property
    def is_landline(self) -> bool:
        return self.line_type == MobileNumber.LineType.LANDLINE


def parse_mobile(raw: str) -> ParsedNumber:
    """The number in E.164 and its line type; ValidationError with a plain message otherwise."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError(_("Enter your mobile phone number."), code="required")
    if re.search(r"[^\W\d_]", raw):
        raise ValidationError(
            _("Enter the number with digits only, for example 312-555-0142. Letters are not allowed."),
            code="letters",
        )
    if not _ALLOWED.match(raw) or raw.count("+") > 1 or ("+" in raw and not raw.startswith("+")):
        raise ValidationError(_("Enter a phone number such as 312-555-0142."), code="invalid")
    try:
        number = phonenumbers.parse(raw, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number such as 312-555-0142."), code="invalid") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("This is not a working phone number. Check the area code and the number of digits."), code="invalid"
        )
    kind = phonenumbers.number_type(number)
    if kind in _NO_TEXTS:
        raise ValidationError(
            _("This number cannot get text messages (for example a toll-free number). Enter a mobile phone number."),
            code="cannot_text",
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ParsedNumber(e164=e164, line_type=_LINE_TYPES.get(kind, MobileNumber.LineType.UNKNOWN))


def display_number(e164: str) -> str:
    """A number as people write it in its country: "(312) 555-0142" for a US number."""
    number = phonenumbers.parse(str(e164), None)
    region = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == settings.PHONENUMBER_DEFAULT_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
