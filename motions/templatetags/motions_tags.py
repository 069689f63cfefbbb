"""Template helpers of the guided requests: a motion type's per-language text, in the active language."""

from django import template
from django.utils import translation

register = template.Library()


@register.simple_tag
def text_in(motion_type, field: str) -> str:
    """`{% text_in motion_type "titles" %}`: the value for the active language, else English (escaped)."""
    return motion_type.text_for(field, translation.get_language() or "en")
