"""The email outbox: one row per email to a person, written in the transaction that decided to send it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """queued -> sent | failed. Holds a template name and ids only: the worker renders the email in the
    person's language when it sends it, so no address, name or case detail sits in the queue."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    template = models.CharField(_("template"), max_length=100)
    refs = models.JSONField(_("objects (ids)"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The mail provider's id for the message, when its backend gives one (anymail_status.message_id):
    # the key its delivery events (webhooks) come back with.
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            models.Index(fields=["state", "created_at"], name="outbound_email_state_idx"),
            models.Index(fields=["provider_message_id"], name="outbound_email_message_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template} #{self.pk}"
