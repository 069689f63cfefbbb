from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Service of notices by email: the respondent's service preference and consent, a service record
    per served notice, the mail provider's delivery events (django-anymail) and the bounce rule."""

    name = "delivery"
    verbose_name = _("Service and delivery")
