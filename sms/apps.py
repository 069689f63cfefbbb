from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    """Text-message hearing reminders: verified phone numbers, the text outbox, provider backends and
    inbound keywords (STOP, START, HELP)."""

    name = "sms"
    verbose_name = _("Text messages")
