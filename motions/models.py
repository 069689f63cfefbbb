"""Guided requests (motions): motion types and legal facts as data, a person's motion from its first
answer to the judge's ruling, and the case decisions the countdowns start from.

- `LegalFact`: one dated value (a fee, a number of days) with its public source. The row whose
  `effective_from` is the latest on or before a date is the rule in force on that date; a change of
  the law is a new row, never an edit of the old one's value.
- `MotionType`: what a motion asks, says and needs, as data (ADR 0120).
- `Motion`: the draft (every answer of every step, saved as typed) and then the filed motion: one
  filing of the filings app, forwarded to the judge and ruled on.
- `CaseDecision`: the judge's decision that ended a case (an in absentia order starts the 180 days
  of a reopening; any decision starts the 30 days of an appeal).
Legal records are never deleted: foreign keys protect.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ImmigrationCourt
from filings.models import Filing, FilingDocument


class LegalFact(models.Model):
    class Key(models.TextChoices):
        FEE_MOTION_PENDING = "fee.motion_pending", _("Fee: a motion while proceedings are pending")
        FEE_REOPEN_NO_NOTICE = "fee.reopen_no_notice", _("Fee: reopening an in absentia order for lack of notice")
        FEE_REOPEN = "fee.reopen", _("Fee: other motions to reopen")
        FEE_BIA_APPEAL = "fee.bia_appeal", _("Fee: an appeal to the BIA (EOIR-26)")
        DAYS_DOCUMENTS_BEFORE_MASTER = (
            "days.documents_before_master",
            _("Days before a master hearing that filings are due"),
        )
        DAYS_REOPEN_IN_ABSENTIA = (
            "days.reopen_in_absentia",
            _("Days to reopen an in absentia order for exceptional circumstances"),
        )
        DAYS_BIA_APPEAL = "days.bia_appeal", _("Days for the BIA to receive an appeal")

    key = models.CharField(_("fact"), max_length=48, choices=Key)
    value = models.IntegerField(_("value (dollars or days)"))
    source = models.CharField(_("public source"), max_length=300)
    source_url = models.URLField(_("source address"), blank=True)
    effective_from = models.DateField(_("in force from"))
    needs_verification = models.BooleanField(
        _("source is secondary: verify before relying on it"),
        default=False,
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal fact")
        verbose_name_plural = _("legal facts (fees and deadlines)")
        ordering = ["key", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="legalfact_key_date_unique")]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.value} ({self.effective_from:%Y-%m-%d})"


class MotionType(models.Model):
    """One kind of motion, as data: its question flow, cover caption, text per language, exhibits asked
    for, fee and deadline rules and consequences screen. Seeded by a data migration (motions.catalogue)."""

    class Flow(models.TextChoices):
        CONTINUE = "continue", _("Motion to continue")
        REOPEN = "reopen", _("Motion to reopen after a missed hearing")
        VIDEO = "video", _("Motion to appear by video")
        WITHDRAW = "withdraw", _("Withdrawal of an application or appeal")
        VENUE = "venue", _("Motion to change venue")

    class FeeRule(models.TextChoices):
        PENDING = "pending", _("No fee while proceedings are pending")
        REOPEN = "reopen", _("Reopening: free for lack of notice, otherwise the reopening fee")

    class DeadlineRule(models.TextChoices):
        HEARING = "hearing", _("Due before the hearing it concerns")
        REOPEN = "reopen", _("180 days for exceptional circumstances; none for lack of notice")
        NONE = "none", _("No deadline")

    slug = models.SlugField(_("slug"), unique=True)
    flow = models.CharField(_("question flow"), max_length=16, choices=Flow)
    caption = models.CharField(_("cover-page caption"), max_length=120)
    titles = models.JSONField(_("title per language"), default=dict)
    summaries = models.JSONField(_("summary per language"), default=dict)
    text_templates = models.JSONField(_("motion text per language (Django template)"), default=dict)
    order_text = models.TextField(_("proposed order text (English, the record's language)"))
    exhibits = models.JSONField(_("exhibits asked for"), default=list)
    consequences = models.JSONField(_("consequences screen per language"), default=dict)
    fee_rule = models.CharField(_("fee rule"), max_length=16, choices=FeeRule, default=FeeRule.PENDING)
    deadline_rule = models.CharField(_("deadline rule"), max_length=16, choices=DeadlineRule, default=DeadlineRule.NONE)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    priority = models.PositiveSmallIntegerField(_("queue priority (0 first)"), default=5)
    final_effect = models.BooleanField(_("may make an order final at once"), default=False)
    active = models.BooleanField(_("offered to respondents"), default=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        verbose_name = _("motion type")
        verbose_name_plural = _("motion types")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.caption

    def text_for(self, field: str, language: str) -> str:
        """One per-language value of a JSON text field: the language asked, else English."""
        values = getattr(self, field) or {}
        return values.get(language) or values.get("en") or ""


class Motion(models.Model):
    """A person's guided request: the draft's answers (every step saved as typed), then one filing."""

    class Ruling(models.TextChoices):
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")
        PARTLY = "partly", _("Granted in part")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="motions")
    motion_type = models.ForeignKey(MotionType, verbose_name=_("motion type"), on_delete=models.PROTECT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="motions"
    )
    # The question flow's own storage (django-formtools): the current step and each step's answers.
    wizard = models.JSONField(_("answers so far"), default=dict, blank=True)
    answers = models.JSONField(_("answers (checked)"), default=dict, blank=True)
    filing = models.OneToOneField(
        Filing, verbose_name=_("filing"), null=True, blank=True, on_delete=models.PROTECT, related_name="motion"
    )
    signed_name = models.CharField(_("signed (typed name)"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signature_mismatch = models.BooleanField(_("typed name differs from the account's name"), default=False)
    prepared_at = models.DateTimeField(_("documents prepared at"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded to the judge at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("forwarded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ruling = models.CharField(_("judge's ruling"), max_length=16, choices=Ruling, blank=True)
    ruling_note = models.TextField(_("ruling: what the judge ordered"), blank=True)
    ruled_on = models.DateField(_("ruling date"), null=True, blank=True)
    ruling_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ruling recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guided request (motion)")
        verbose_name_plural = _("guided requests (motions)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "-created_at"], name="motion_case_recent_idx")]

    def __str__(self) -> str:
        label = self.filing.receipt_number if self.filing_id and self.filing.receipt_number else f"#{self.pk}"
        return f"{self.motion_type.caption} {label}"

    @property
    def court(self) -> ImmigrationCourt:
        return self.case.court


class MotionExhibit(models.Model):
    """Which exhibit the motion asked for a document of the filing answers (for the exhibit list)."""

    motion = models.ForeignKey(Motion, verbose_name=_("motion"), on_delete=models.PROTECT, related_name="exhibits")
    document = models.OneToOneField(
        # A draft's document can be removed (filings.services.document_remove); its note goes with it.
        FilingDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="motion_exhibit",
    )
    exhibit_key = models.CharField(_("exhibit asked for"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["motion", "document_id"]

    def __str__(self) -> str:
        return self.document.title


class CaseDecision(models.Model):
    """The judge's decision that ended a case, as the motions app needs it (the case app keeps only
    its date): an in absentia order opens the reopening countdown; any decision, the appeal countdown."""

    class Kind(models.TextChoices):
        IN_ABSENTIA = "in_absentia", _("Removal order in absentia (the respondent did not appear)")
        REMOVAL = "removal", _("Removal order after a hearing")
        RELIEF = "relief", _("Relief granted")
        TERMINATED = "terminated", _("Proceedings terminated")
        OTHER = "other", _("Other decision")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="motion_decisions")
    kind = models.CharField(_("decision"), max_length=16, choices=Kind)
    decided_on = models.DateField(_("date of the decision"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        verbose_name = _("case decision")
        verbose_name_plural = _("case decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["case", "-decided_on"], name="casedecision_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%Y-%m-%d}"

    @property
    def court_id(self) -> int:
        return self.case.court_id


class ZipCourt(models.Model):
    """Which immigration court serves a ZIP code: a small table that supervisors keep (seeded for the demo
    courts). The address flow uses it to say that a move to another court's area needs a change of venue."""

    zip_code = models.CharField(_("ZIP code (5 digits)"), max_length=5, unique=True)
    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="zip_codes"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("ZIP code served by a court")
        verbose_name_plural = _("ZIP codes served by courts")
        ordering = ["zip_code"]

    def __str__(self) -> str:
        return f"{self.zip_code} → {self.court.code}"
