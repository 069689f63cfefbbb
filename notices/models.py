"""Notices (letters to respondents) and mailing batches.

A notice is rendered once to a PDF (stored under a random key, with its SHA-256), delivered to the
portal inbox when the respondent has an account, and printed and mailed in a batch in any case.
Legal records are never deleted: foreign keys protect, and the admin offers no delete.
Ids of objects in apps above or beside us (filings, access codes) are plain integers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ImmigrationCourt, Respondent


class Notice(models.Model):
    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration notice")
        HEARING = "hearing", _("Hearing notice")
        FILING_DECISION = "filing_decision", _("Decision on a filing")
        MOTION_RULING = "motion_ruling", _("Judge's ruling on a motion")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RENDERED = "rendered", _("Rendered")
        DELIVERED = "delivered", _("Delivered in the portal")
        PRINTED = "printed", _("Printed")
        MAILED = "mailed", _("Mailed")

    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="notices"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )
    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.REQUESTED)
    # Languages the letter is written in, in order: always English, then the preferred one if shipped.
    languages = models.CharField(_("languages"), max_length=32, default="en")
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True, editable=False)
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    # Plain ids: what the letter is about (at most one of these is set).
    hearing_id = models.BigIntegerField(_("hearing id"), null=True, blank=True)
    hearing_change = models.CharField(_("hearing change"), max_length=16, blank=True)
    filing_id = models.BigIntegerField(_("filing id"), null=True, blank=True)
    filing_status = models.CharField(_("filing decision"), max_length=16, blank=True)
    filing_rejection_reason = models.TextField(_("rejection reason"), blank=True)
    filing_label = models.CharField(_("filing"), max_length=200, blank=True)
    access_code_id = models.BigIntegerField(_("access code id"), null=True, blank=True)

    pdf_key = models.CharField(_("PDF storage key"), max_length=200, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True, editable=False)
    pdf_pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    pdf_size = models.PositiveBigIntegerField(_("PDF size in bytes"), null=True, blank=True, editable=False)
    # Bulk letters (a court's registration notices) wait for a mailing batch, which renders them
    # many to a document; the others are rendered one by one as soon as they are issued.
    render_with_batch = models.BooleanField(_("rendered with its mailing batch"), default=False)
    # Served by mail (a mailing batch prints it) unless the respondent was on electronic service when
    # it was issued (delivery app); a failed email puts it back on paper before it is printed.
    serve_on_paper = models.BooleanField(_("served on paper"), default=True)
    render_attempts = models.PositiveIntegerField(_("render attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    batch = models.ForeignKey(
        "MailingBatch",
        verbose_name=_("mailing batch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    batch_seq = models.PositiveIntegerField(_("position in batch"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-requested_at", "-id"]
        # Registration letters and print files carry access codes in plain text: only the role that
        # prints letters opens them (accounts.roles "mailroom"), each opening audited.
        permissions = [("print_letters", _("Can open and print letters that carry access codes"))]
        indexes = [
            models.Index(fields=["respondent", "-requested_at"], name="notice_respondent_idx"),
            models.Index(fields=["state", "requested_at"], name="notice_state_idx"),
            models.Index(fields=["court", "state"], name="notice_court_state_idx"),
            models.Index(fields=["batch", "batch_seq"], name="notice_batch_seq_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "batch_seq"], name="notice_batch_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf_key)


class MailingBatch(models.Model):
    class State(models.TextChoices):
        BUILDING = "building", _("Building print files")
        READY = "ready", _("Ready to print")
        PRINTED = "printed", _("Printed")
        MAILED = "mailed", _("Mailed")

    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="mailing_batches"
    )
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.BUILDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    total = models.PositiveIntegerField(_("letters"), default=0)
    manifest_key = models.CharField(_("manifest storage key"), max_length=200, blank=True, editable=False)
    completed_at = models.DateTimeField(_("print files ready"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing batch")
        verbose_name_plural = _("mailing batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{_('Mailing batch')} #{self.pk}"


class PrintFile(models.Model):
    """One print file of a batch: up to NOTICES_PRINT_FILE_MAX letters, in ZIP order, built by one task."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    batch = models.ForeignKey(MailingBatch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="files")
    number = models.PositiveIntegerField(_("number"))
    first_seq = models.PositiveIntegerField(_("first letter"))
    last_seq = models.PositiveIntegerField(_("last letter"))
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.PENDING)
    file_key = models.CharField(_("storage key"), max_length=200, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    # notice id -> first page (1-based) in this file, for the manifest.
    page_map = models.JSONField(_("page map"), default=dict, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("print file")
        verbose_name_plural = _("print files")
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="printfile_batch_number_unique")]

    def __str__(self) -> str:
        return f"{self.batch} / {self.number}"

    @property
    def letters(self) -> int:
        return self.last_seq - self.first_seq + 1
