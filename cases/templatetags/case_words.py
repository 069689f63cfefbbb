"""Template filters for dates in the respondent's language (see cases/plain_language.py)."""

from django import template

from cases import plain_language

register = template.Library()


@register.filter
def short_date(value) -> str:
    """ "March 9, 2026" in English, "9 de marzo de 2026" in Spanish."""
    return plain_language.short_date(value) if value else ""
