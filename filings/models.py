"""Filings with the court and their documents; change-of-address (EOIR-33) records.

Status changes happen only in `filings.services` through an explicit transition table. Documents
are stored under random keys; the name a person gave a file is kept as cleaned display data only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Respondent


class ReviewReason(models.Model):
    """A reason a clerk picks when accepting or rejecting a filing; the list is kept by supervisors.

    Never deleted (decisions refer to it): a reason that is no longer used is switched off. A reason
    that `requires_text` (the "other" entry) is refused without an explanation."""

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        REJECT = "reject", _("Reject")

    decision = models.CharField(_("decision"), max_length=8, choices=Decision)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("For a rejection, the respondent reads this sentence and gets it by email."),
    )
    requires_text = models.BooleanField(
        _("needs an explanation"), default=False, help_text=_("The clerk must write why (the “other” reason).")
    )
    active = models.BooleanField(_("offered to clerks"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review reason")
        verbose_name_plural = _("review reasons")
        ordering = ["decision", "position", "id"]

    def __str__(self) -> str:
        return self.label


class Filing(models.Model):
    class FilingType(models.TextChoices):
        MOTION = "motion", _("Motion")
        BRIEF = "brief", _("Written statement or brief")
        EVIDENCE = "evidence", _("Supporting evidence")
        RESPONSE = "response", _("Response to DHS")
        ADDRESS_CHANGE = "address_change", _("Change of address (EOIR-33)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Withdrawn")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="filings")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="filings"
    )
    filing_type = models.CharField(_("type"), max_length=32, choices=FilingType, default=FilingType.MOTION)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    service_certified = models.BooleanField(_("certificate of service confirmed"), default=False)
    submitted_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    receipt_number = models.CharField(_("confirmation number"), max_length=32, blank=True)
    # The receipt PDF, rendered after submission (render queue); private storage, random key.
    receipt_pdf_key = models.CharField(_("receipt PDF storage key"), max_length=200, blank=True, editable=False)
    receipt_pdf_sha256 = models.CharField(_("receipt PDF SHA-256"), max_length=64, blank=True)
    receipt_pdf_size = models.PositiveBigIntegerField(_("receipt PDF size in bytes"), default=0)
    receipt_rendered_at = models.DateTimeField(_("receipt PDF made at"), null=True, blank=True)
    # The documents deadline of the next hearing when the filing was made, and where an outage moved it.
    deadline_due_on = models.DateField(_("documents due by"), null=True, blank=True)
    deadline_extended_to = models.DateField(_("deadline extended to (outage)"), null=True, blank=True)
    timely_by_outage = models.BooleanField(_("timely because of an outage"), default=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # The reason picked from the supervisors' list at review (accept or reject) and the clerk's note.
    review_reason = models.ForeignKey(
        ReviewReason,
        verbose_name=_("review reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="filing_status_submitted_idx"),
            models.Index(fields=["case", "-created_at"], name="filing_case_recent_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~models.Q(receipt_number=""), name="filing_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        label = self.receipt_number or _("draft %(id)s") % {"id": self.pk}
        return f"{self.get_filing_type_display()} {label}"

    @property
    def court(self):
        return self.case.court

    @property
    def submitted_at_local(self):
        """The filing stamp in the court's time zone (what the filer and the court see)."""
        if self.submitted_at is None:
            return None
        return timezone.localtime(self.submitted_at, self.case.court.tz)


class FilingDocument(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead document")
        SERVICE = "service", _("Certificate of service")
        SUPPORTING = "supporting", _("Supporting document")

    class ScanStatus(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        SCANNING = "scanning", _("Being checked for viruses")
        CLEAN = "clean", _("Checked: no virus found")
        INFECTED = "infected", _("Virus found")
        UNSCANNABLE = "unscannable", _("Could not be checked")

    filing = models.ForeignKey(Filing, verbose_name=_("filing"), on_delete=models.PROTECT, related_name="documents")
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.SUPPORTING)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name given"), max_length=120, blank=True)
    storage_key = models.CharField(_("storage key"), max_length=200, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    non_letter_pages = models.JSONField(_("pages not US Letter"), default=list, blank=True)
    page_size_warning_accepted = models.BooleanField(_("page size warning accepted"), default=False)
    removed_active_content = models.JSONField(_("active content removed"), default=list, blank=True)
    generated = models.BooleanField(_("prepared by the portal"), default=False)
    scan_status = models.CharField(_("virus scan"), max_length=16, choices=ScanStatus, default=ScanStatus.UPLOADED)
    scan_signature = models.CharField(_("virus name"), max_length=200, blank=True)
    scan_attempts = models.PositiveIntegerField(_("scan attempts"), default=0)
    scan_last_error = models.CharField(_("last scan error"), max_length=300, blank=True)
    scan_requested_at = models.DateTimeField(_("scan requested at"), null=True, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("filing document")
        verbose_name_plural = _("filing documents")
        ordering = ["filing", "role", "id"]  # "lead", then "service", then "supporting"
        indexes = [models.Index(fields=["scan_status", "scan_requested_at"], name="filingdoc_scan_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_clean(self) -> bool:
        return self.scan_status == self.ScanStatus.CLEAN

    @property
    def needs_page_size_answer(self) -> bool:
        return bool(self.non_letter_pages) and not self.page_size_warning_accepted


class AddressChange(models.Model):
    """An EOIR-33 change of address, filed as a filing; applied to the address of record when a clerk
    accepts that filing. The address it replaced is kept here as history."""

    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="address_changes"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="address_changes")
    filing = models.OneToOneField(
        Filing,
        verbose_name=_("filing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="address_change",
    )
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT)
    old_address = models.JSONField(_("previous address"))
    new_address = models.JSONField(_("new address"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    moved_on = models.DateField(_("date of move"), null=True, blank=True)
    # Changes made before address changes became filings carry their own number; newer ones use the filing's.
    receipt_number = models.CharField(_("confirmation number"), max_length=32, blank=True)
    submitted_at = models.DateTimeField(_("form completed at"), default=timezone.now)
    applied_at = models.DateTimeField(_("address of record changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change of address (EOIR-33)")
        verbose_name_plural = _("changes of address (EOIR-33)")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_number"], condition=~models.Q(receipt_number=""), name="addresschange_receipt_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.confirmation_number or _("change of address %(id)s") % {"id": self.pk}

    @property
    def confirmation_number(self) -> str:
        if self.filing_id is not None:
            return self.filing.receipt_number
        return self.receipt_number

    @property
    def submitted_at_local(self):
        return timezone.localtime(self.submitted_at, self.case.court.tz)


class ServiceOutage(models.Model):
    """An unplanned outage of the filing service, recorded by staff. A documents deadline that falls on a
    day the outage touched moves to the next day the service was available (8 CFR 1003.31(b))."""

    started_at = models.DateTimeField(_("outage started"))
    ended_at = models.DateTimeField(
        _("outage ended"), null=True, blank=True, help_text=_("Leave empty while the service is still down.")
    )
    note = models.TextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("filing service outage")
        verbose_name_plural = _("filing service outages")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["started_at", "ended_at"], name="outage_window_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                name="outage_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.started_at)
        if self.ended_at is None:
            return _("Outage from %(start)s (still going on)") % {"start": f"{start:%Y-%m-%d %H:%M}"}
        end = timezone.localtime(self.ended_at)
        return _("Outage from %(start)s to %(end)s") % {
            "start": f"{start:%Y-%m-%d %H:%M}",
            "end": f"{end:%Y-%m-%d %H:%M}",
        }
