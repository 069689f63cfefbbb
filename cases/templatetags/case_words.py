"""Template filters for dates in the respondent's language (see cases/plain_language.py)."""

from django import template
from django.conf import settings

from cases import plain_language

register = template.Library()


@register.filter
def short_date(value) -> str:
    """ "March 9, 2026" in English, "9 de marzo de 2026" in Spanish."""
    return plain_language.short_date(value) if value else ""


@register.filter
def court_date(hearing) -> str:
    """The hearing's weekday and date at its court, in the active language ("Monday, March 10, 2031")."""
    return plain_language.court_date(hearing.starts_at, hearing.case.court)


@register.filter
def email_language(respondent) -> str:
    """The language of the court record (Respondent.preferred_language) when the portal speaks it, else the
    default: what a hearing reminder is written in, whatever language the account was opened in."""
    available = {code for code, _name in settings.LANGUAGES}
    return respondent.preferred_language if respondent.preferred_language in available else settings.LANGUAGE_CODE
