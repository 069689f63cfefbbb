"""A-numbers, parsed in one place. Stored as exactly 9 digits; shown as A-123-456-789."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# An optional "A" (either case) and separator, then 8 or 9 digits in groups split by single
# spaces or dashes: A123456789, A-123-456-789, 123 456 789, 12345678, a123456789.
_A_NUMBER = re.compile(r"^(?:[Aa][ -]?)?([0-9](?:[ -]?[0-9]){7,8})$")

ACCEPTED_FORMS = "A123456789, A-123-456-789, 123 456 789, 12345678"


def parse_a_number(value: str) -> str:
    """Returns the 9-digit stored form of an A-number, or raises ValidationError naming the forms."""
    text = (value or "").strip()
    match = _A_NUMBER.match(text)
    digits = re.sub(r"[^0-9]", "", match.group(1)) if match else ""
    if len(digits) not in (8, 9) or not digits.strip("0"):
        raise ValidationError(
            _("Enter an A-number of 8 or 9 digits, for example: %(forms)s."),
            code="invalid_a_number",
            params={"forms": ACCEPTED_FORMS},
        )
    return digits.zfill(9)


def try_parse_a_number(value: str) -> str | None:
    """The 9-digit form, or None when the text is not an A-number (for search boxes)."""
    try:
        return parse_a_number(value)
    except ValidationError:
        return None


def format_a_number(stored: str) -> str:
    """A-123-456-789 from the stored 9 digits."""
    return f"A-{stored[0:3]}-{stored[3:6]}-{stored[6:9]}"


def mask_a_number(stored: str) -> str:
    """A-***-**6-789: enough to recognise one's own number, for emails and shared screens."""
    return f"A-***-**{stored[5]}-{stored[6:9]}"
