"""What each text says, in the person's language (docs/adr/0105).

A hearing text holds only the date and time at the court (its time zone named), a short link to the
portal and "HELP for help, STOP to end": no name, A-number, court, address or case type, since a
phone is often shared and its lock screen shows the text to anyone nearby.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cases import plain_language
from cases.models import ImmigrationCourt
from sms.models import OutboundText

Kind = OutboundText.Kind


def text_language(code: str | None) -> str:
    """`code` when the portal speaks it, else the portal's default language."""
    available = {lang for lang, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE


def short_link() -> str:
    """The short portal address in every hearing text (it opens the hearing page after sign-in)."""
    return settings.SITE_URL.rstrip("/") + reverse("sms:hearing_link")


def hearing_when(starts_at: datetime.datetime, court: ImmigrationCourt) -> str:
    """ "Tuesday, March 10, 2031, 9:00 AM Central Time" in the active language."""
    return f"{plain_language.court_date(starts_at, court)}, {plain_language.court_time(starts_at, court)}"


def _hearing_sentence(kind: str, when: str) -> str:
    if kind in (Kind.REMINDER_7D, Kind.REMINDER_1D):
        return _("Reminder: your hearing is on %(when)s.") % {"when": when}
    if kind == Kind.HEARING_ADDED:
        return _("New hearing: %(when)s.") % {"when": when}
    if kind == Kind.HEARING_MOVED:
        return _("Your hearing was moved. New date: %(when)s.") % {"when": when}
    if kind == Kind.HEARING_CANCELLED:
        return _("Your hearing on %(when)s will not take place.") % {"when": when}
    raise ValueError(f"not a hearing text: {kind}")


def hearing_text(*, kind: str, starts_at: datetime.datetime, court: ImmigrationCourt, language: str) -> str:
    """The whole text about a hearing: what happened, when (at the court), the link, HELP and STOP."""
    with translation.override(text_language(language)):
        sentence = _hearing_sentence(kind, hearing_when(starts_at, court))
        keywords = _("HELP for help, STOP to end.")
        return f"{sentence} {short_link()} {keywords}"


def verification_text(*, code: str, minutes: int, language: str) -> str:
    with translation.override(text_language(language)):
        return _("%(code)s is your code to get hearing texts. It expires in %(minutes)d minutes.") % {
            "code": code,
            "minutes": minutes,
        }


def keyword_reply(*, kind: str, language: str) -> str:
    """The answer to HELP, STOP or START."""
    with translation.override(text_language(language)):
        if kind == Kind.HELP:
            return _(
                "%(portal)s hearing texts. Help: %(phone)s or %(link)s. Msg and data rates may apply. STOP to end."
            ) % {
                "portal": _(settings.PORTAL_NAME),
                "phone": settings.SUPPORT_PHONE,
                "link": settings.SITE_URL.rstrip("/") + "/help/",
            }
        if kind == Kind.STOPPED:
            return _("You will get no more hearing texts. Reply START to get them again.")
        if kind == Kind.STARTED:
            return _("Hearing texts are on again. HELP for help, STOP to end.")
    raise ValueError(f"not a keyword reply: {kind}")
