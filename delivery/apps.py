from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    """Service of notices by email: the respondent's service preference and consent, a service record
    per served notice, the mail provider's delivery events (django-anymail) and the bounce rule."""

    name = "delivery"
    verbose_name = _("Service and delivery")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from anymail.signals import tracking

        from common.signals import email_failed, email_sent
        from delivery import receivers

        tracking.connect(receivers.on_tracking, dispatch_uid="delivery.tracking")
        email_sent.connect(receivers.on_email_sent, dispatch_uid="delivery.email_sent")
        email_failed.connect(receivers.on_email_failed, dispatch_uid="delivery.email_failed")
        email_confirmed.connect(receivers.on_email_confirmed, dispatch_uid="delivery.email_confirmed")
