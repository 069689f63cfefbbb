from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    """Text-message hearing reminders: verified phone numbers, the text outbox, provider backends and
    inbound keywords (STOP, START, HELP)."""

    name = "sms"
    verbose_name = _("Text messages")

    def ready(self) -> None:
        from cases.signals import hearing_changed
        from sms import receivers

        hearing_changed.connect(receivers.on_hearing_changed, dispatch_uid="sms.hearing_changed")
