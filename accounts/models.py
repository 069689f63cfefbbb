"""People who sign in: respondents and staff. The email address is the sign-in name."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core import signing
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from accounts.roles import ROLES

_BACKUP_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("email address"), unique=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="en")
    # Raised to end every session of the user at once, password-only ones included (accounts.services.sessions).
    session_epoch = models.PositiveIntegerField(_("session generation"), default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def _with_epoch(self, session_hash: str) -> str:
        if not self.session_epoch:
            return session_hash  # sessions from before the first epoch change stay valid
        return hashlib.sha256(f"{session_hash}:{self.session_epoch}".encode()).hexdigest()

    def get_session_auth_hash(self) -> str:
        """Django's hash of the password, mixed with `session_epoch`: a session signed in before the
        epoch was raised no longer matches and Django signs it out at its next request."""
        return self._with_epoch(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for session_hash in super().get_session_auth_fallback_hash():
            yield self._with_epoch(session_hash)

    def role_names(self) -> list[str]:
        """The staff roles (clerk, supervisor, support) this user holds, from their groups."""
        if not hasattr(self, "_role_names"):
            names = set(self.groups.values_list("name", flat=True))
            self._role_names = [role.key for role in ROLES if role.group_name in names]
        return self._role_names

    def has_role(self, key: str) -> bool:
        return key in self.role_names()


class AccessCode(models.Model):
    """A mailed registration code. The code itself is never stored: see docs/adr/0040."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        USED = "used", _("Used")
        REVOKED = "revoked", _("Revoked")
        VOID = "void", _("Void after too many wrong tries")

    respondent = models.ForeignKey(
        "cases.Respondent", verbose_name=_("respondent"), on_delete=models.PROTECT, related_name="access_codes"
    )
    nonce = models.CharField(_("nonce"), max_length=32, unique=True, editable=False)
    digest = models.CharField(_("keyed hash"), max_length=64, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ISSUED)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("revoked or voided"), null=True, blank=True)
    failed_attempts = models.PositiveIntegerField(_("wrong tries"), default=0)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["respondent", "status"], name="accesscode_resp_status_idx")]

    def __str__(self) -> str:
        return f"{_('access code')} #{self.pk} ({self.get_status_display()})"

    def is_redeemable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.ISSUED and self.expires_at is not None and now < self.expires_at


class RegistrationFailure(models.Model):
    """Persistent counter of wrong A-number/code tries, per A-number and per client address."""

    class Kind(models.TextChoices):
        A_NUMBER = "a_number", _("A-number")
        CLIENT = "client", _("client address")

    kind = models.CharField(max_length=16, choices=Kind)
    # A keyed hash of the A-number or IP: the counter table holds no PII in clear.
    key = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)
    last_failure_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="registrationfailure_unique")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.count}"


class BackupCodeDevice(Device):
    """A set of ten single-use backup codes, each stored as a keyed hash (docs/adr/0041)."""

    class Meta(Device.Meta):
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    @staticmethod
    def code_digest(user_id: int, code: str) -> str:
        """The keyed hash kept for a code: spaces, dashes and case ignored, O read as 0 and I or L as 1."""
        normalised = "".join((code or "").split()).replace("-", "").upper().translate(_BACKUP_CONFUSABLE)
        key = settings.ACCESS_CODE_PEPPER.encode()
        return hmac.new(key, f"backup-code/v1\x00{user_id}\x00{normalised}".encode(), hashlib.sha256).hexdigest()

    def verify_token(self, token) -> bool:
        """True once per code: marks the matching unused code as used (its row locked meanwhile)."""
        with transaction.atomic():
            digest = self.code_digest(self.user_id, token)
            code = self.codes.select_for_update().filter(digest=digest, used_at__isnull=True).first()
            if code is None:
                return False
            code.used_at = timezone.now()
            code.save(update_fields=["used_at"])
        return True


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{_('backup code')} #{self.pk}"


class SignInGuard(models.Model):
    """Persistent consecutive-failure counters per account and factor, and the lock they lead to."""

    class Factor(models.TextChoices):
        PASSWORD = "password", _("password")
        TOTP = "totp", _("authenticator app")
        WEBAUTHN = "webauthn", _("passkey")
        BACKUP = "backup", _("backup code")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_guard")
    failures = models.JSONField(default=dict)  # factor -> consecutive failures
    total_failures = models.PositiveIntegerField(default=0)  # consecutive, all factors, until a success
    next_try_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)  # null with locked_at: until support unlocks

    def __str__(self) -> str:
        return f"{self.user}: {self.total_failures}"

    def is_locked(self, now=None) -> bool:
        now = now or timezone.now()
        return self.locked_at is not None and (self.locked_until is None or now < self.locked_until)


class SignIn(models.Model):
    """A completed sign-in (password and second factor): recent sign-ins and 'sign out other sessions'."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ins")
    session_key = models.CharField(max_length=64, blank=True)
    signed_in_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    factor = models.CharField(max_length=16, choices=SignInGuard.Factor)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_in_at"]
        indexes = [models.Index(fields=["user", "-signed_in_at"], name="signin_user_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.signed_in_at:%Y-%m-%d %H:%M}"


class FactorRecovery(models.Model):
    """Support removed every second factor: the first new one needs a proof the password alone cannot
    give, a single-use link sent to the verified email address (accounts.services.recovery, docs/adr/0046).

    A link carries the user's id and the recovery's generation, signed with a timestamp: it works for
    LINK_MAX_AGE and only while the generation it names is the current one."""

    LINK_MAX_AGE = timedelta(minutes=30)
    LINK_MINUTES = int(LINK_MAX_AGE.total_seconds() // 60)
    _LINK_SALT = "accounts.recovery.link/v1"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="factor_recovery")
    # Raised by each reset, each used link and the new factor: every older link is void.
    generation = models.PositiveIntegerField(default=0)
    required = models.BooleanField(default=False)  # reset done, no new factor set up since
    reset_at = models.DateTimeField(null=True, blank=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    proved_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {'required' if self.required else 'done'}"

    def link_token(self) -> str:
        """The signed token of a link for the current generation."""
        return signing.TimestampSigner(salt=self._LINK_SALT).sign_object({"u": self.user_id, "g": self.generation})

    def link_matches(self, token: str) -> bool:
        """True for an unexpired token of ours naming this user and the current generation."""
        try:
            claimed = signing.TimestampSigner(salt=self._LINK_SALT).unsign_object(token, max_age=self.LINK_MAX_AGE)
        except signing.BadSignature:  # tampered with, or expired (SignatureExpired is a BadSignature)
            return False
        return isinstance(claimed, dict) and claimed.get("u") == self.user_id and claimed.get("g") == self.generation
