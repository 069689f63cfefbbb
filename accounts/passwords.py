"""Password rules beyond Django's validators: context words and an upper bound (NIST 800-63B-4 §3.1.1.2)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_PASSWORD_LENGTH = 256  # far above the 64 the rules require us to accept


def context_words_for(*, respondent=None, email: str = "") -> list[str]:
    """Words a password must not contain: the A-number (8 or 9 digits), names, the email's name part."""
    words = []
    if respondent is not None:
        words += [respondent.a_number, respondent.a_number.lstrip("0"), respondent.given_name, respondent.family_name]
    if email:
        words.append(email.split("@", 1)[0])
    return [w.lower() for w in words if w and len(w) >= 4]


def password_check_context(password: str, words: list[str]) -> None:
    """Raises ValidationError when the password contains a context word or is too long."""
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(_("Use at most %(n)d characters.") % {"n": MAX_PASSWORD_LENGTH}, code="password_too_long")
    flat = re.sub(r"[\s\-]", "", password.lower())
    if any(word in flat for word in words):
        raise ValidationError(
            _("Your password must not contain your A-number, your name or your email address."),
            code="password_context",
        )
