"""A person's number for hearing texts: add it, prove it with a 6-digit code (the opt-in), remove it.

The code is texted, valid SMS_CODE_VALID_MINUTES, single use, SMS_CODE_MAX_TRIES wrong tries, and
kept only as an HMAC digest keyed by the secret key. A new code ends the old one. Entering the right
code is the opt-in: the opt-in stores when, and the version of the consent wording the page showed.
A number marked failed or stopped becomes active again when someone verifies it anew.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.actions import AuditAction
from audit.services import audit_record, audited
from sms.models import MobileNumber, OutboundText, TextSubscription, VerificationCode
from sms.numbers import ParsedNumber
from sms.services.outbox import text_queue
from sms.wording import verification_text

State = TextSubscription.State


def _digest(subscription_id: int, code: str) -> str:
    key = hashlib.sha256(f"sms-code:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{subscription_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _check_code_rate(*, user, now: datetime.datetime) -> None:
    recent = VerificationCode.objects.filter(
        subscription__user=user, created_at__gte=now - datetime.timedelta(hours=1)
    ).count()
    if recent >= settings.SMS_CODES_PER_HOUR:
        raise ValidationError(
            _("You asked for too many codes. Wait an hour, then ask for a new code."), code="too_many_codes"
        )


def code_send(*, subscription: TextSubscription, language: str, now: datetime.datetime | None = None) -> None:
    """Ends any earlier code of this opt-in and texts a new one (at most SMS_CODES_PER_HOUR an hour)."""
    now = now or timezone.now()
    _check_code_rate(user=subscription.user, now=now)
    subscription.codes.filter(used_at=None, expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.SMS_CODE_VALID_MINUTES
    VerificationCode.objects.create(
        subscription=subscription,
        digest=_digest(subscription.pk, code),
        expires_at=now + datetime.timedelta(minutes=minutes),
        created_at=now,
    )
    text_queue(
        to=str(subscription.mobile.number),
        mobile=subscription.mobile,
        kind=OutboundText.Kind.VERIFICATION,
        body=verification_text(code=code, minutes=minutes, language=language),
        language=language,
        recipients=[subscription.user],
    )


@transaction.atomic
def phone_add(*, user, parsed: ParsedNumber, language: str) -> TextSubscription:
    """Starts verifying a number for `user`: a pending opt-in (replacing an earlier pending one) and a code by text."""
    verified = TextSubscription.objects.filter(user=user, state=State.VERIFIED, mobile__number=parsed.e164).first()
    if verified is not None and verified.mobile.state == MobileNumber.State.ACTIVE:
        raise ValidationError(_("This number is already verified on your account."), code="already_verified")
    mobile, created = MobileNumber.objects.get_or_create(number=parsed.e164, defaults={"line_type": parsed.line_type})
    if not created and mobile.line_type != parsed.line_type:
        mobile.line_type = parsed.line_type
        mobile.save(update_fields=["line_type"])
    pending = TextSubscription.objects.select_for_update().filter(user=user, state=State.PENDING).first()
    if pending is not None and pending.mobile_id != mobile.pk:
        pending.state, pending.removed_at = State.REMOVED, timezone.now()
        pending.save(update_fields=["state", "removed_at"])
        pending = None
    if pending is None:
        pending = TextSubscription.objects.create(user=user, mobile=mobile)
    code_send(subscription=pending, language=language)
    return pending


@dataclass(frozen=True)
class CodeOutcome:
    subscription: TextSubscription | None
    error: ValidationError | None


_WRONG = _("That code is not right. Check the text message and try again.")
_EXPIRED = _("This code has expired. Ask for a new code.")
_USED = _("This code was already used. Ask for a new code if you need one.")
_TOO_MANY = _("Too many wrong codes. Ask for a new code.")
_NO_PENDING = _("There is no number waiting for a code. Enter your mobile number first.")


def _match(subscription: TextSubscription, code: str) -> VerificationCode | None:
    digest = _digest(subscription.pk, code)
    for candidate in subscription.codes.order_by("-created_at")[:20]:
        if hmac.compare_digest(candidate.digest, digest):
            return candidate
    return None


def _used_elsewhere(*, user, code: str) -> bool:
    """The code belongs to one of the account's earlier opt-ins and was used: a reused code."""
    for subscription in TextSubscription.objects.filter(user=user).exclude(state=State.PENDING).order_by("-pk")[:5]:
        match = _match(subscription, code)
        if match is not None and match.used_at is not None:
            return True
    return False


def code_check(*, user, code: str, now: datetime.datetime | None = None) -> CodeOutcome:
    """Checks a code against the pending opt-in; the right one verifies it (phone_verify). A wrong try
    counts even though the answer is an error (so it is not rolled back with it)."""
    now = now or timezone.now()
    pending = TextSubscription.objects.select_related("mobile").filter(user=user, state=State.PENDING).first()
    if pending is None:
        error = _USED if _used_elsewhere(user=user, code=code) else _NO_PENDING
        return CodeOutcome(None, ValidationError(error, code="no_pending"))
    match = _match(pending, code)
    if match is not None:
        if match.used_at is not None:
            return CodeOutcome(None, ValidationError(_USED, code="used"))
        if match.expires_at <= now:
            return CodeOutcome(None, ValidationError(_EXPIRED, code="expired"))
        if match.tries >= settings.SMS_CODE_MAX_TRIES:
            return CodeOutcome(None, ValidationError(_TOO_MANY, code="too_many_tries"))
        return CodeOutcome(phone_verify(subscription=pending, code=match, actor=user, now=now), None)
    latest = pending.codes.filter(used_at=None).order_by("-created_at").first()
    if latest is None or latest.expires_at <= now:
        return CodeOutcome(None, ValidationError(_EXPIRED, code="expired"))
    if latest.tries >= settings.SMS_CODE_MAX_TRIES:
        return CodeOutcome(None, ValidationError(_TOO_MANY, code="too_many_tries"))
    VerificationCode.objects.filter(pk=latest.pk).update(tries=F("tries") + 1)
    if latest.tries + 1 >= settings.SMS_CODE_MAX_TRIES:
        return CodeOutcome(None, ValidationError(_TOO_MANY, code="too_many_tries"))
    return CodeOutcome(None, ValidationError(_WRONG, code="wrong"))


@audited(AuditAction.SMS_PHONE_VERIFIED)
def phone_verify(
    *, subscription: TextSubscription, code: VerificationCode, actor, now: datetime.datetime
) -> TextSubscription:
    """The right code: the opt-in (time and consent wording version), replacing an earlier verified
    number; the number becomes active again if it had stopped or failed; audited."""
    code = VerificationCode.objects.select_for_update().get(pk=code.pk)
    if code.used_at is not None:
        raise ValidationError(_USED, code="used")
    code.used_at = now
    code.save(update_fields=["used_at"])
    TextSubscription.objects.filter(user=subscription.user, state=State.VERIFIED).update(
        state=State.REMOVED, removed_at=now
    )
    subscription.state, subscription.verified_at = State.VERIFIED, now
    subscription.consent_version = settings.SMS_CONSENT_VERSION
    subscription.save(update_fields=["state", "verified_at", "consent_version"])
    mobile = MobileNumber.objects.select_for_update().get(pk=subscription.mobile_id)
    previous_state = mobile.state
    if mobile.state != MobileNumber.State.ACTIVE or mobile.failed_sends:
        mobile.state, mobile.failed_sends, mobile.state_changed_at = MobileNumber.State.ACTIVE, 0, now
        mobile.save(update_fields=["state", "failed_sends", "state_changed_at"])
    subscription.mobile = mobile
    audit_record(
        actor=actor,
        action=AuditAction.SMS_PHONE_VERIFIED,
        target=subscription,
        data={
            "last_four": mobile.last_four,
            "line_type": mobile.line_type,
            "consent_version": subscription.consent_version,
            "number_was": previous_state,
        },
    )
    return subscription


def phone_remove(*, user, actor) -> int:
    """Ends the account's opt-in (verified and pending): no more texts to it from now on; audited.
    Texts already queued are dropped when they come to be sent. Returns how many opt-ins ended."""
    if not TextSubscription.objects.filter(user=user, state__in=[State.PENDING, State.VERIFIED]).exists():
        return 0
    return _phone_remove(user=user, actor=actor)


@audited(AuditAction.SMS_PHONE_REMOVED)
def _phone_remove(*, user, actor) -> int:
    now = timezone.now()
    current = list(
        TextSubscription.objects.select_for_update()
        .select_related("mobile")
        .filter(user=user, state__in=[State.PENDING, State.VERIFIED])
    )
    for subscription in current:
        subscription.state, subscription.removed_at = State.REMOVED, now
        subscription.save(update_fields=["state", "removed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.SMS_PHONE_REMOVED,
            target=subscription,
            data={"last_four": subscription.mobile.last_four},
        )
    return len(current)
