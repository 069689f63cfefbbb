"""Court records: courts, judges, respondents, cases, hearings and the record of proceedings.

Legal records are never deleted: foreign keys protect, and the admin offers no delete.
Indexes serve the lookups that must stay fast at millions of rows: by A-number, by respondent,
by court, by name prefix and by hearing date.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.anumbers import format_a_number
from cases.storage_keys import record_document_key, record_zip_key


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Enter an IANA time zone such as America/Chicago."), code="invalid_tz")


class Language(models.TextChoices):
    """Languages a respondent may prefer; the portal itself ships English and Spanish."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    FRENCH = "fr", _("French")
    MANDARIN = "zh", _("Mandarin")
    RUSSIAN = "ru", _("Russian")
    ARABIC = "ar", _("Arabic")
    QUECHUA = "qu", _("Quechua")
    KICHE = "quc", _("K'iche'")
    OTHER = "other", _("Other")


class ImmigrationCourt(models.Model):
    code = models.CharField(_("court code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address_line1 = models.CharField(_("address"), max_length=200)
    address_line2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2)
    postal_code = models.CharField(_("ZIP code"), max_length=10)
    phone = models.CharField(_("phone"), max_length=32)
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerks and supervisors"),
        related_name="courts",
        blank=True,
    )

    class Meta:
        verbose_name = _("immigration court")
        verbose_name_plural = _("immigration courts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address_line1, self.address_line2, f"{self.city}, {self.state} {self.postal_code}"]
        return [line for line in lines if line]


class Judge(models.Model):
    court = models.ForeignKey(
        ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="judges"
    )
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("immigration judge")
        verbose_name_plural = _("immigration judges")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Respondent(models.Model):
    a_number = models.CharField(
        _("A-number"),
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^\d{9}$", _("An A-number is stored as 9 digits."))],
    )
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    country_of_nationality = models.CharField(_("country of nationality"), max_length=100)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language, default=Language.ENGLISH
    )
    address_line1 = models.CharField(_("address"), max_length=200)
    address_line2 = models.CharField(_("address (line 2)"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state or region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    detained = models.BooleanField(_("detained"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="respondent",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(a_number__regex=r"^[0-9]{9}$"), name="respondent_a_number_9_digits"
            ),
        ]
        # Name-prefix indexes for admin search are PostgreSQL-only: see migration 0002.

    def __str__(self) -> str:
        return f"{self.full_name} ({self.a_number_display})"

    @property
    def a_number_display(self) -> str:
        return format_a_number(self.a_number)

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def address_lines(self) -> list[str]:
        city_line = " ".join(p for p in [f"{self.city},", self.state, self.postal_code] if p).rstrip(",")
        lines = [self.address_line1, self.address_line2, city_line]
        if self.country != "US":
            lines.append(self.country)
        return [line for line in lines if line]


class CaseQuerySet(models.QuerySet):
    def publicly_answerable(self) -> "CaseQuerySet":
        """Cases the public hearing lookup may answer about (cases.selectors.hearing_lookup, ADR 0110).

        The one place that decides it. Today every case; the issue that adds protection flags (asylum
        confidentiality, VAWA/T/U, sealed or closed hearings) excludes those cases HERE, and
        cases/tests/test_hearing_lookup.py proves that the lookup answers nothing this method leaves out.
        """
        return self


class Case(models.Model):
    class CaseType(models.TextChoices):
        REMOVAL = "removal", _("Removal proceedings")
        ASYLUM_ONLY = "asylum_only", _("Asylum-only proceedings")
        WITHHOLDING_ONLY = "withholding_only", _("Withholding-only proceedings")
        CREDIBLE_FEAR = "credible_fear", _("Credible fear review")
        REASONABLE_FEAR = "reasonable_fear", _("Reasonable fear review")
        BOND = "bond", _("Bond proceedings")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADMIN_CLOSED = "admin_closed", _("Administratively closed")
        DECIDED = "decided", _("Decision issued")
        APPEAL_PENDING = "appeal_pending", _("Appeal pending")
        CLOSED = "closed", _("Closed")

    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="cases"
    )
    court = models.ForeignKey(ImmigrationCourt, verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases")
    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    case_type = models.CharField(_("case type"), max_length=32, choices=CaseType, default=CaseType.REMOVAL)
    status = models.CharField(_("status"), max_length=32, choices=Status, default=Status.PENDING)
    opened_on = models.DateField(_("date opened"), default=timezone.localdate)
    decided_on = models.DateField(_("date decided"), null=True, blank=True)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)
    attorney_of_record = models.BooleanField(_("attorney of record"), default=False)
    attorney_name = models.CharField(_("attorney name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["court", "-id"], name="case_court_recent_idx"),
            models.Index(fields=["court", "status"], name="case_court_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attorney_of_record=False) | ~models.Q(attorney_name=""),
                name="case_attorney_named",
                violation_error_message=_("Give the name of the attorney of record."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_case_type_display()} #{self.pk} ({self.court.code})"


class Hearing(models.Model):
    class HearingType(models.TextChoices):
        MASTER = "master", _("Master calendar hearing")
        INDIVIDUAL = "individual", _("Individual hearing")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        INTERNET = "internet", _("Internet-based (video)")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        ADJOURNED = "adjourned", _("Adjourned")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="hearings")
    starts_at = models.DateTimeField(_("starts at"))
    hearing_type = models.CharField(_("hearing type"), max_length=16, choices=HearingType, default=HearingType.MASTER)
    mode = models.CharField(_("how"), max_length=16, choices=Mode, default=Mode.IN_PERSON)
    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    address = models.TextField(_("address (blank: the court's address)"), blank=True)
    courtroom = models.CharField(_("courtroom"), max_length=50, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    meeting_details = models.CharField(_("meeting ID and passcode"), max_length=200, blank=True)
    dial_in = models.CharField(_("dial-in number"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.SCHEDULED)
    adjournment_reason = models.CharField(_("adjournment reason"), max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces hearing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["case", "starts_at"], name="hearing_case_start_idx"),
            models.Index(fields=["status", "starts_at"], name="hearing_status_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mode="internet") | ~models.Q(video_url=""),
                name="hearing_internet_has_link",
                violation_error_message=_("An internet-based hearing needs a video link."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_hearing_type_display()} {self.starts_at:%Y-%m-%d %H:%M} UTC"


class RecordDocument(models.Model):
    class Category(models.TextChoices):
        CHARGING = "charging", _("Charging document (Notice to Appear)")
        NOTICE = "notice", _("Notice")
        ORDER = "order", _("Order or decision")
        MOTION = "motion", _("Motion")
        BRIEF = "brief", _("Brief or written statement")
        EVIDENCE = "evidence", _("Evidence")
        APPLICATION = "application", _("Application")
        TRANSCRIPT = "transcript", _("Transcript")
        OTHER = "other", _("Other")

    class FiledBy(models.TextChoices):
        COURT = "court", _("Court")
        RESPONDENT = "respondent", _("Respondent")
        DHS = "dhs", _("DHS")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    category = models.CharField(_("category"), max_length=16, choices=Category, default=Category.OTHER)
    filed_by = models.CharField(_("filed by"), max_length=16, choices=FiledBy, default=FiledBy.COURT)
    filed_on = models.DateField(_("date filed"), default=timezone.localdate)
    file = models.FileField(_("file"), upload_to=record_document_key, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("record document")
        verbose_name_plural = _("record of proceedings")
        ordering = ["filed_on", "id"]
        indexes = [models.Index(fields=["case", "filed_on", "id"], name="recorddoc_case_date_idx")]

    def __str__(self) -> str:
        return self.title


class HearingReminder(models.Model):
    """One reminder email per hearing and threshold: the unique row is claimed before the email goes."""

    class Threshold(models.TextChoices):
        SEVEN_DAYS = "7d", _("7 days before")
        ONE_DAY = "1d", _("1 day before")

    hearing = models.ForeignKey(Hearing, verbose_name=_("hearing"), on_delete=models.PROTECT, related_name="reminders")
    threshold = models.CharField(_("threshold"), max_length=4, choices=Threshold)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("hearing reminder")
        verbose_name_plural = _("hearing reminders")
        constraints = [models.UniqueConstraint(fields=["hearing", "threshold"], name="hearing_reminder_once")]

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.threshold}"


class RecordZip(models.Model):
    """The whole-record ZIP of one version of a case's record, built once and stored (ADR 0052).

    Derived data, not a legal record: rebuilt from the documents whenever it is missing, deleted
    when a newer version of the record is stored or when nobody has downloaded it for a while.
    """

    class Status(models.TextChoices):
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="record_zips")
    version = models.CharField(_("version (ETag)"), max_length=64)
    language = models.CharField(_("language of the index"), max_length=8)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.BUILDING)
    file = models.FileField(_("file"), upload_to=record_zip_key, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("build started"), default=timezone.now)
    ready_at = models.DateTimeField(_("stored"), null=True, blank=True)
    last_served_at = models.DateTimeField(_("last downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored record ZIP")
        verbose_name_plural = _("stored record ZIPs")
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="record_zip_one_per_version")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.version}"


class AttendanceCheckIn(models.Model):
    """The respondent's own answer to "Did you go to your hearing?", asked the day after it (ADR 0111).

    One row per hearing: created when the check-in email is claimed (`emailed_at`, so the email goes
    exactly once) or when the respondent answers on the dashboard, whichever comes first. The answer
    can be changed for CHECK_IN_CHANGE_DAYS after it was first given; every answer is audited.

    Who sees it: the respondent, and the clerks of the hearing's court (a read-only inline in the
    hearing's admin). NEVER shown to DHS: the portal has no DHS user today, and any DHS-facing page,
    export or interface added later must leave this model out. NEVER used against the person: nothing
    in the portal acts on an answer (no status change, no notice, no task, no default order); it only
    tells the clerk who may need help after a missed hearing.
    """

    class Answer(models.TextChoices):
        ATTENDED = "attended", _("I went")
        COULD_NOT_GO = "could_not_go", _("I could not go")
        DID_NOT_HAPPEN = "did_not_happen", _("The hearing did not happen (for example, it was cancelled or moved)")

    hearing = models.OneToOneField(
        Hearing, verbose_name=_("hearing"), on_delete=models.PROTECT, related_name="check_in"
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Answer, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("question emailed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance check-in")
        verbose_name_plural = _("attendance check-ins")

    def __str__(self) -> str:
        return f"{self.hearing_id} {self.answer or '-'}"
