"""Template tags of the delivery app's emails."""

from django import template
from django.conf import settings
from django.urls import reverse

from delivery.services import confirm_link_token

register = template.Library()


@register.simple_tag
def service_confirm_url(preference) -> str:
    """The absolute link that confirms the service address again (for this suspension only)."""
    token = confirm_link_token(preference=preference)
    return settings.SITE_URL.rstrip("/") + reverse("delivery:confirm", args=[token])
