"""Service of notices by email: preference, consent, a service record per served notice, provider events.

- `ServicePreference`: one per respondent, paper until the email is verified and consent recorded.
  Every change appends a `ServicePreferenceChange` (append-only history).
- `ServiceConsent`: the versioned consent screen the respondent agreed to, where and when; revoking it
  stamps `revoked_at` (the row itself is kept).
- `ServiceRecord`: how one notice was served (email or paper), to which destination, and what the
  mail provider said about it. Notice ids are plain integers: notices sits above this app.
- `DeliveryEvent`: every provider event received (unique per provider and event id, so a replay or a
  retry is a no-op), matched or not to a service record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import ImmigrationCourt, Respondent
from common.models import OutboundEmail


class ServicePreference(models.Model):
    class State(models.TextChoices):
        PAPER = "paper", _("Paper")
        PENDING = "pending_verification", _("Pending email verification")
        ELECTRONIC = "electronic", _("Electronic")
        SUSPENDED = "suspended", _("Suspended after a delivery failure")

    respondent = models.OneToOneField(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="service_preference"
    )
    state = models.CharField(_("service"), max_length=24, choices=State, default=State.PAPER)
    # The address notices are served to while electronic (a snapshot: a changed account address is
    # taken over only once it is verified).
    email = models.EmailField(_("service email"), blank=True)
    since = models.DateTimeField(_("since"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service preference")
        verbose_name_plural = _("service preferences")
        indexes = [models.Index(fields=["state", "since"], name="service_pref_state_idx")]

    def __str__(self) -> str:
        return f"{_('Service preference')} #{self.pk}"


class ServicePreferenceChange(models.Model):
    """One change of a service preference (append-only): from, to, why, who (or the system), when."""

    class Reason(models.TextChoices):
        CONSENTED = "consented", _("Consent given")
        VERIFIED = "verified", _("Email address verified")
        REVOKED = "revoked", _("Consent withdrawn")
        HARD_BOUNCE = "hard_bounce", _("Email could not be delivered")
        SOFT_BOUNCES = "soft_bounces", _("Email delivery failed twice")
        COMPLAINT = "complaint", _("Email reported as spam")
        SEND_FAILED = "send_failed", _("Email could not be sent")
        RESTORED = "restored", _("Email address confirmed again")

    preference = models.ForeignKey(
        ServicePreference, verbose_name=_("service preference"), on_delete=models.PROTECT, related_name="changes"
    )
    from_state = models.CharField(_("from"), max_length=24, choices=ServicePreference.State)
    to_state = models.CharField(_("to"), max_length=24, choices=ServicePreference.State)
    reason = models.CharField(_("why"), max_length=16, choices=Reason)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system made the change."),
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("service preference change")
        verbose_name_plural = _("service preference changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"


class ServiceConsent(models.Model):
    """The respondent agreed to electronic service on the consent screen of `text_version`."""

    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="service_consents"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT)
    text_version = models.CharField(_("consent text version"), max_length=20)
    language = models.CharField(_("language"), max_length=8)
    consented_at = models.DateTimeField(_("consented"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("service consent")
        verbose_name_plural = _("service consents")
        ordering = ["-consented_at", "-id"]
        constraints = [
            # At most one standing consent per respondent.
            models.UniqueConstraint(
                fields=["respondent"], condition=Q(revoked_at__isnull=True), name="service_consent_one_standing"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Consent')} {self.text_version} #{self.pk}"


class ServiceRecord(models.Model):
    """How one notice was served on one channel; a notice has at most one record per channel."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PAPER = "paper", _("Paper")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        SOFT_BOUNCE = "soft_bounce", _("Soft bounce")
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Complaint")
        FAILED = "failed", _("Not sent")

    notice_id = models.BigIntegerField(_("notice id"))
    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="service_records"
    )
    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="service_records"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    destination = models.CharField(_("sent to"), max_length=500)
    email = models.OneToOneField(
        OutboundEmail,
        verbose_name=_("email"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="service_record",
    )
    provider_message_id = models.CharField(_("provider message id"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.QUEUED)
    detail = models.CharField(_("provider's answer"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    # When the provider says the current state happened (events may arrive out of order).
    state_at = models.DateTimeField(_("state since"), null=True, blank=True)
    # A failure a clerk should look at (the clerk queue); cleared when a clerk marks it reviewed.
    needs_review = models.BooleanField(_("needs review"), default=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notice_id", "channel"], name="service_record_one_per_channel"),
        ]
        indexes = [
            models.Index(fields=["respondent", "state"], name="service_record_resp_idx"),
            models.Index(
                fields=["court", "failed_at"], condition=Q(needs_review=True), name="service_record_review_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Service record')} #{self.pk}"


class DeliveryEvent(models.Model):
    """One event from the mail provider's webhook (or the development backend), kept as received."""

    provider = models.CharField(_("provider"), max_length=32)
    event_id = models.CharField(_("provider event id"), max_length=200)
    message_id = models.CharField(_("message id"), max_length=255, blank=True)
    event_type = models.CharField(_("event"), max_length=24)
    occurred_at = models.DateTimeField(_("occurred"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    record = models.ForeignKey(
        ServiceRecord,
        verbose_name=_("service record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    # Whether the event moved its record's state (a late or duplicate event does not).
    applied = models.BooleanField(_("applied"), default=False)
    detail = models.CharField(_("provider's answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="delivery_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} #{self.pk}"
