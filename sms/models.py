"""Text-message reminders (docs/adr/0105): numbers, opt-ins, codes, the text outbox and inbound texts.

- MobileNumber: one row per E.164 number, shared by everyone who verified it (a family phone). STOP,
  START and delivery failures belong to the number, since they come from the phone, not a person.
- TextSubscription: one person's opt-in at one number; pending until the 6-digit code is entered
  (the opt-in, stored with the consent wording's version), then verified, until removed.
- VerificationCode: the code's HMAC digest only, valid 10 minutes, single use, a few tries.
- OutboundText: the text outbox (like common.models.OutboundEmail): written in the caller's
  transaction, sent by a task on commit, or by the periodic sweep once `not_before` (quiet hours) has
  passed. One row per number and hearing event, whoever else shares the phone.
- TextReminder: the claim that makes each 7-day and 1-day reminder go once per hearing.
- InboundText: every text received (STOP, START, HELP or anything else), stored before it is acted on.

Rows are never deleted: a removed opt-in keeps its consent record; the outbox is the record of each text.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class MobileNumber(models.Model):
    """A number texts go to. active -> stopped (STOP) | failed (two failed sends); START or a new
    verification brings it back to active."""

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        STOPPED = "stopped", _("Stopped (replied STOP)")
        FAILED = "failed", _("Failed (texts could not be delivered)")

    class LineType(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        LANDLINE = "landline", _("Landline")
        VOIP = "voip", _("Internet phone (VoIP)")
        UNKNOWN = "unknown", _("Mobile or landline (unknown)")

    number = PhoneNumberField(_("number"), unique=True)
    line_type = models.CharField(_("line type"), max_length=10, choices=LineType, default=LineType.UNKNOWN)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.ACTIVE)
    failed_sends = models.PositiveSmallIntegerField(_("failed sends in a row"), default=0)
    state_changed_at = models.DateTimeField(_("state changed"), default=timezone.now)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("mobile number")
        verbose_name_plural = _("mobile numbers")

    def __str__(self) -> str:
        return f"…{str(self.number)[-4:]}"

    @property
    def last_four(self) -> str:
        return str(self.number)[-4:]


class TextSubscription(models.Model):
    """A person's opt-in to hearing texts at one number: pending -> verified -> removed (or pending ->
    removed when replaced). At most one pending and one verified per account."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the code")
        VERIFIED = "verified", _("Verified")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="text_subscriptions",
    )
    mobile = models.ForeignKey(
        MobileNumber, verbose_name=_("number"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.PENDING)
    consent_version = models.CharField(_("consent wording version"), max_length=20, blank=True)
    verified_at = models.DateTimeField(_("verified (opted in)"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("text opt-in")
        verbose_name_plural = _("text opt-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(state="pending"), name="sms_one_pending_number_per_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(state="verified"), name="sms_one_verified_number_per_user"
            ),
        ]
        indexes = [models.Index(fields=["mobile", "state"], name="sms_subscription_mobile_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.mobile} {self.state}"


class VerificationCode(models.Model):
    """A 6-digit code texted to a pending number: only its HMAC digest is kept."""

    subscription = models.ForeignKey(
        TextSubscription, verbose_name=_("opt-in"), on_delete=models.PROTECT, related_name="codes"
    )
    digest = models.CharField(_("digest"), max_length=64)
    expires_at = models.DateTimeField(_("expires"))
    tries = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")
        indexes = [models.Index(fields=["subscription", "-created_at"], name="sms_code_subscription_idx")]

    def __str__(self) -> str:
        return f"code #{self.pk}"


class OutboundText(models.Model):
    """queued -> sent | failed | skipped (the number stopped or failed, nobody is opted in any more, or
    the hearing began before quiet hours ended). Holds the body as sent; a code is blanked once sent."""

    class Kind(models.TextChoices):
        REMINDER_7D = "reminder_7d", _("Reminder, 7 days before")
        REMINDER_1D = "reminder_1d", _("Reminder, 1 day before")
        HEARING_ADDED = "hearing_added", _("Hearing added")
        HEARING_MOVED = "hearing_moved", _("Hearing moved")
        HEARING_CANCELLED = "hearing_cancelled", _("Hearing cancelled")
        VERIFICATION = "verification", _("Verification code")
        HELP = "help", _("Reply to HELP")
        STOPPED = "stopped", _("Reply to STOP")
        STARTED = "started", _("Reply to START")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    class Encoding(models.TextChoices):
        GSM7 = "gsm7", "GSM-7"
        UCS2 = "ucs2", "UCS-2"

    mobile = models.ForeignKey(
        MobileNumber,
        verbose_name=_("number"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="texts",
    )
    to = models.CharField(_("sent to"), max_length=20)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("people it is for"), blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    event_key = models.CharField(_("event"), max_length=80, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    body = models.TextField(_("text"))
    segments = models.PositiveSmallIntegerField(_("segments"), default=1)
    encoding = models.CharField(_("encoding"), max_length=4, choices=Encoding, default=Encoding.GSM7)
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    expires_at = models.DateTimeField(_("pointless after"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [
            models.Index(fields=["state", "not_before"], name="sms_text_due_idx"),
            models.Index(fields=["mobile", "event_key"], name="sms_text_event_idx"),
            models.Index(fields=["provider_message_id"], name="sms_text_provider_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class TextReminder(models.Model):
    """One reminder text per hearing and threshold: claimed before the text is queued (ADR 0105)."""

    class Threshold(models.TextChoices):
        SEVEN_DAYS = "7d", _("7 days before")
        ONE_DAY = "1d", _("1 day before")

    hearing = models.ForeignKey(
        "cases.Hearing", verbose_name=_("hearing"), on_delete=models.PROTECT, related_name="text_reminders"
    )
    threshold = models.CharField(_("threshold"), max_length=4, choices=Threshold)
    text = models.ForeignKey(
        OutboundText, verbose_name=_("text"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)

    class Meta:
        verbose_name = _("text reminder")
        verbose_name_plural = _("text reminders")
        constraints = [models.UniqueConstraint(fields=["hearing", "threshold"], name="sms_text_reminder_once")]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.threshold}"


class InboundText(models.Model):
    """A text received from a phone, stored before it is acted on; a provider's retry is stored once."""

    class Keyword(models.TextChoices):
        STOP = "stop", "STOP"
        START = "start", "START"
        HELP = "help", "HELP"
        OTHER = "other", _("Other")

    provider = models.CharField(_("provider"), max_length=20)
    provider_message_id = models.CharField(_("provider message id"), max_length=100)
    from_number = models.CharField(_("from"), max_length=32)
    to_number = models.CharField(_("to"), max_length=32, blank=True)
    body = models.TextField(_("text"), blank=True)
    keyword = models.CharField(_("keyword"), max_length=8, choices=Keyword)
    mobile = models.ForeignKey(
        MobileNumber,
        verbose_name=_("number on file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound",
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("text received")
        verbose_name_plural = _("texts received")
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_message_id"], name="sms_inbound_once"),
        ]

    def __str__(self) -> str:
        return f"{self.keyword} #{self.pk}"
