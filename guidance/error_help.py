"""Which help answer fixes which error: every error a person sees links to the answer that helps.

Form errors are matched by their ValidationError `code` and the field they belong to, most specific
first, in the form's own `error_help` dict (if it has one), then in ERROR_HELP below:

    "field:code"   one error of one field        ("code:invalid_length")
    "code"         that code on any field or on the whole form  ("email_password_mismatch")
    "field:*"      any other error of that field  ("password1:*")

A value is an answer anchor (the link text is then the answer's question, in the page's language)
or (anchor, link text). A form in an app below guidance declares plain strings, no import needed:

    class UploadForm(forms.Form):
        error_help = {"file:too_large": "file-size", "file:*": ("file-format", _("Which files you can send"))}

Templates then show the link inside the error message (docs: guidance_tags, `errors_with_help`).
Problems a view reports outside a form (a wrong A-number and code pair, a lock) use the same table
through `{% error_help "code" %}`. Unknown anchors fail at import or when the link is built, never
as a dead link.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from guidance.content import ANSWERS, answer_url, answers_in, content_language, topic_html

HelpTarget = str | tuple[str, Promise | str]

_A_NUMBER = ("access-code", _("Where to find your A-number"))
_ACCESS_CODE = ("access-code", _("How to find your access code"))
_CODE_REFUSED = ("expired-code", _("What to do when your access code does not work"))
_CANNOT_SIGN_IN = ("cannot-sign-in", _("What to do when you cannot sign in"))
_TOO_MANY_TRIES = ("account-locked", _("What to do after too many tries"))
_PASSWORD = ("choose-password", _("How to choose a password that works"))
_APP_CODE = ("code-not-working", _("What to do when the code from your app does not work"))
_BACKUP_CODE = ("lost-phone", _("What to do when you have no working backup code"))

ERROR_HELP: dict[str, HelpTarget] = {
    # Registration step 1 and the lost-code form (accounts.forms, accounts.views.registration).
    "a_number:*": _A_NUMBER,
    "code:*": _ACCESS_CODE,
    "access_code_rejected": _CODE_REFUSED,
    "access_code_throttled": _CODE_REFUSED,
    "already_registered": _CANNOT_SIGN_IN,
    "date_of_birth:*": ("lost-code", _("How to ask for a new access code")),
    "access_code_unusable": ("lost-code", _("How to ask for a new access code")),
    # Registration step 2 (allauth's sign-up form) and new passwords (reset, change).
    "email_taken": _CANNOT_SIGN_IN,
    "password1:*": _PASSWORD,
    "password2:*": _PASSWORD,
    "email:*": ("confirm-email", _("How we use your email address")),  # sign-up and password reset alike
    "oldpassword:*": _CANNOT_SIGN_IN,
    # Email verification (allauth's confirmation link).
    "email_link_invalid": ("confirm-email", _("What to do when the email link does not work")),
    # Sign-in (allauth's login form, rate limits, our lock).
    "email_password_mismatch": _CANNOT_SIGN_IN,
    "login:*": ("sign-in", _("How to sign in")),
    "password:*": _CANNOT_SIGN_IN,
    "too_many_login_attempts": _TOO_MANY_TRIES,
    "rate_limited": _TOO_MANY_TRIES,
    "account_locked": ("account-locked", _("What to do when your account is locked")),
    "account_inactive": _CANNOT_SIGN_IN,
    "password_reset_link_invalid": _CANNOT_SIGN_IN,
    # Second step (accounts.views.mfa, accounts.views.account).
    "token:*": _APP_CODE,
    "wrong_code": _APP_CODE,
    "backup_code:*": _BACKUP_CODE,
    "wrong_backup_code": _BACKUP_CODE,
    "reauthentication_failed": _CANNOT_SIGN_IN,
    "sign_in_wait": _TOO_MANY_TRIES,
}


@dataclass(frozen=True)
class ErrorHelp:
    anchor: str
    text: str

    @property
    def url(self) -> str:
        return answer_url(self.anchor)

    @property
    def link(self) -> SafeString:
        return format_html('<a class="usa-link portal-error-help" href="{}">{}</a>', self.url, self.text)


@dataclass(frozen=True)
class FormError:
    """One error message as a template shows it, with the help answer that fixes it (or None)."""

    message: str
    code: str | None
    help: ErrorHelp | None

    def __str__(self) -> str:
        return self.message


@lru_cache(maxsize=256)
def _question(anchor: str, language: str) -> str:
    return dict(answers_in(topic_html(ANSWERS[anchor], language)))[anchor]


def _resolve(target: HelpTarget) -> ErrorHelp:
    anchor, text = target if isinstance(target, tuple) else (target, None)
    if anchor not in ANSWERS:
        raise KeyError(f"error help: unknown answer {anchor!r}")
    return ErrorHelp(anchor, str(text) if text else _question(anchor, content_language()))


def error_help_for(*, code: str | None, field: str | None = None, form=None) -> ErrorHelp | None:
    """The answer that fixes this error: the form's own table first, then ERROR_HELP; None if none applies."""
    keys = [f"{field}:{code}" if field and code else None, code, f"{field}:*" if field else None]
    for table in (getattr(form, "error_help", None) or {}, ERROR_HELP):
        for key in keys:
            if key and key in table:
                return _resolve(table[key])
    return None


def form_errors(errors, *, field: str | None = None, form=None) -> list[FormError]:
    """An ErrorList (field.errors or form.non_field_errors()) as FormErrors with their help links."""
    items = []
    for error in errors.as_data():
        code = error.code
        for message in error:
            items.append(FormError(str(message), code, error_help_for(code=code, field=field, form=form)))
    return items


def _check_table() -> None:
    for key, target in ERROR_HELP.items():
        anchor = target[0] if isinstance(target, tuple) else target
        if anchor not in ANSWERS:
            raise ImportError(f"guidance.error_help: {key!r} points at unknown answer {anchor!r}")


_check_table()
