"""Access codes: issued per respondent, mailed, redeemed once at registration (docs/adr/0040).

The database keeps a random nonce and a keyed hash per code. The code is HMAC(pepper, nonce)
printed in Crockford base32, so the letter can be rendered again at any time while a copy of the
database alone reveals no code. The pepper lives in settings (ACCESS_CODE_PEPPER), never in the DB.
"""

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import AccessCode, RegistrationFailure
from accounts.signals import registration_notice_requested
from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record, audited
from cases.models import Respondent

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
logger = logging.getLogger(__name__)

CODE_LENGTH = 10  # 50 random bits
GROUPS = (4, 4, 2)  # 7KQ2-M9XD-4F
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


class AccessCodeRejected(Exception):
    """Unknown A-number, wrong, expired, used, revoked or void code: one answer for all."""


class AccessCodeThrottled(Exception):
    """This client made too many wrong tries recently."""


class AlreadyRegistered(Exception):
    """The code was right, but the respondent already has an account."""


def _pepper() -> bytes:
    return settings.ACCESS_CODE_PEPPER.encode()


def _mac(label: str, value: str) -> bytes:
    return hmac.new(_pepper(), f"{label}\x00{value}".encode(), hashlib.sha256).digest()


def normalise_code(value: str) -> str:
    """Upper case, no dashes or spaces, O->0 and I/L->1; raises ValidationError naming the characters allowed."""
    text = "".join((value or "").split()).replace("-", "").upper().translate(_CONFUSABLE)
    if not text:
        raise ValidationError(_("Enter the access code from your letter."), code="required")
    if any(ch not in ALPHABET for ch in text):
        raise ValidationError(
            _("An access code has only the digits 0 to 9 and the letters A to Z except U. Dashes are optional."),
            code="invalid_characters",
        )
    if len(text) != CODE_LENGTH:
        raise ValidationError(
            _("An access code has %(n)d characters, for example 7KQ2-M9XD-4F."),
            code="invalid_length",
            params={"n": CODE_LENGTH},
        )
    return text


def _code_from_nonce(nonce: str) -> str:
    number = int.from_bytes(_mac("access-code/v1", nonce), "big") >> (256 - 5 * CODE_LENGTH)
    chars = []
    for _i in range(CODE_LENGTH):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    return "".join(reversed(chars))


def _digest(normalised: str) -> str:
    return _mac("access-code-digest/v1", normalised).hex()


def format_code(normalised: str) -> str:
    parts, start = [], 0
    for size in GROUPS:
        parts.append(normalised[start : start + size])
        start += size
    return "-".join(parts)


def access_code_plaintext(access_code: AccessCode) -> str:
    """The code as printed on the letter (grouped), derived again from the nonce and the pepper."""
    return format_code(_code_from_nonce(access_code.nonce))


def validity_days(respondent) -> int:
    """21 days for an address in the contiguous U.S., 30 elsewhere (settings)."""
    state = (respondent.state or "").strip().upper()
    contiguous = respondent.country == "US" and state not in settings.ACCESS_CODE_NONCONTIGUOUS_STATES
    return settings.ACCESS_CODE_VALID_DAYS_CONTIGUOUS_US if contiguous else settings.ACCESS_CODE_VALID_DAYS_ELSEWHERE


@audited(AuditAction.ACCOUNTS_ACCESS_CODE_ISSUED)
def access_code_issue(*, respondent, actor, reason: str) -> AccessCode:
    """Issues a new code for a respondent and revokes any earlier live one; audited. Not valid until mailed."""
    now = timezone.now()
    for old in AccessCode.objects.select_for_update().filter(respondent=respondent, status=AccessCode.Status.ISSUED):
        old.status = AccessCode.Status.REVOKED
        old.ended_at = now
        old.save(update_fields=["status", "ended_at"])
        audit_record(actor=actor, action=AuditAction.ACCOUNTS_ACCESS_CODE_REVOKED, target=old, data={"reason": reason})
    nonce = secrets.token_hex(16)
    code = AccessCode.objects.create(
        respondent=respondent,
        nonce=nonce,
        digest=_digest(_code_from_nonce(nonce)),
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason[:200],
    )
    _failure_reset(kind=RegistrationFailure.Kind.A_NUMBER, value=respondent.a_number)
    audit_record(actor=actor, action=AuditAction.ACCOUNTS_ACCESS_CODE_ISSUED, target=code, data={"reason": reason})
    return code


@transaction.atomic
def access_code_mark_mailed(*, access_code: AccessCode, mailed_at: datetime) -> AccessCode:
    """Starts the validity window (21 or 30 days from mailing); idempotent for the same code."""
    if access_code.mailed_at is not None:
        return access_code
    access_code.mailed_at = mailed_at
    access_code.expires_at = mailed_at + timedelta(days=validity_days(access_code.respondent))
    access_code.save(update_fields=["mailed_at", "expires_at"])
    audit_record(actor=None, actor_role="system", action=AuditAction.ACCOUNTS_ACCESS_CODE_MAILED, target=access_code)
    return access_code


# --- failure counters (database, so that a cache flush forgets nothing) ----------------------
#
# Every wrong try is counted three times: on the client address, on the A-number and on the code.
# Increments are F() expressions on rows locked with select_for_update in the transaction that
# decided the try was wrong, so a burst of parallel tries is counted exactly (issue 13). The client
# row is locked first and the throttle read under that lock: tries from one client queue up.


def _counter_key(kind: str, value: str) -> str:
    return _mac(f"registration-failure/{kind}", value).hex()


def _counter_locked(*, kind: str, value: str) -> RegistrationFailure:
    """The counter row (created at zero), locked until the transaction ends."""
    row, _created = RegistrationFailure.objects.select_for_update().get_or_create(
        kind=kind, key=_counter_key(kind, value)
    )
    return row


def _window_start(now):
    return now - timedelta(minutes=settings.REGISTRATION_FAILURE_WINDOW_MINUTES)


def _live_count(row: RegistrationFailure, now) -> int:
    return 0 if row.window_started_at < _window_start(now) else row.count


def _failure_add(*, kind: str, value: str) -> int:
    """One more failure in the window (a new window when the last one is over); returns the count."""
    now = timezone.now()
    row = _counter_locked(kind=kind, value=value)
    expired = Q(window_started_at__lt=_window_start(now))
    RegistrationFailure.objects.filter(pk=row.pk).update(
        count=Case(When(expired, then=Value(1)), default=F("count") + 1),
        window_started_at=Case(When(expired, then=Value(now)), default=F("window_started_at")),
        last_failure_at=now,
    )
    row.refresh_from_db(fields=["count", "window_started_at", "last_failure_at"])
    return row.count


def _failure_reset(*, kind: str, value: str) -> None:
    RegistrationFailure.objects.filter(kind=kind, key=_counter_key(kind, value)).delete()


def _code_void(code: AccessCode) -> None:
    code.status, code.ended_at = AccessCode.Status.VOID, timezone.now()
    code.save(update_fields=["status", "ended_at"])
    audit_record(actor=None, action=AuditAction.ACCOUNTS_ACCESS_CODE_VOIDED, target=code)


@transaction.atomic
def _record_wrong_try(*, a_number: str, client_ip: str | None, code: AccessCode | None, reason: str) -> None:
    """Counts one wrong try on the client, the A-number and the live code (F() under row locks); the code
    is void once either its own count or the A-number's reaches ACCESS_CODE_MAX_WRONG_TRIES; audited."""
    limit = settings.ACCESS_CODE_MAX_WRONG_TRIES
    _failure_add(kind=RegistrationFailure.Kind.CLIENT, value=client_ip or "-")
    per_a_number = _failure_add(kind=RegistrationFailure.Kind.A_NUMBER, value=a_number)
    live = None
    if code is not None:
        live = AccessCode.objects.select_for_update().filter(pk=code.pk, status=AccessCode.Status.ISSUED).first()
    if live is not None:
        AccessCode.objects.filter(pk=live.pk).update(failed_attempts=F("failed_attempts") + 1)
        live.refresh_from_db(fields=["failed_attempts"])
        if live.failed_attempts >= limit or per_a_number >= limit:
            _code_void(live)
    audit_record(
        actor=None,
        action=AuditAction.ACCOUNTS_REGISTRATION_CODE_REJECTED,
        target=code,
        outcome=AuditEvent.Outcome.FAILURE,
        data={"why": reason},
    )


def _a_number_over_limit(*, a_number: str, now) -> bool:
    row = RegistrationFailure.objects.filter(
        kind=RegistrationFailure.Kind.A_NUMBER, key=_counter_key(RegistrationFailure.Kind.A_NUMBER, a_number)
    ).first()
    return row is not None and _live_count(row, now) >= settings.ACCESS_CODE_MAX_WRONG_TRIES


def _check_locked(*, a_number: str, code: str, client_ip: str | None) -> tuple[str, AccessCode | None]:
    """The outcome of one try ("ok", "throttled", "registered" or why it was wrong), decided and counted
    in the caller's transaction while the client's counter row and the live code are locked."""
    now = timezone.now()
    client = _counter_locked(kind=RegistrationFailure.Kind.CLIENT, value=client_ip or "-")
    if _live_count(client, now) >= settings.REGISTRATION_CLIENT_MAX_FAILURES:
        return "throttled", None
    respondent = Respondent.objects.filter(a_number=a_number).first()
    current = None
    if respondent is not None:
        current = (
            AccessCode.objects.select_for_update()
            .filter(respondent=respondent, status=AccessCode.Status.ISSUED)
            .order_by("-issued_at")
            .first()
        )
    matches = current is not None and hmac.compare_digest(current.digest, _digest(code))
    if current is not None and _a_number_over_limit(a_number=a_number, now=now):
        # Wrong guesses counted on the A-number past the limit: the code is void until reissued.
        _code_void(current)
        reason = "a_number_limit"
    elif matches and current.is_redeemable():
        if respondent.user_id is not None:
            return "registered", current
        audit_record(actor=None, action=AuditAction.ACCOUNTS_REGISTRATION_CODE_ACCEPTED, target=current)
        return "ok", current
    else:
        reason = "unknown" if current is None else ("expired_or_unmailed" if matches else "wrong")
    _record_wrong_try(a_number=a_number, client_ip=client_ip, code=None if matches else current, reason=reason)
    return reason, None


def access_code_check(*, a_number: str, code: str, client_ip: str | None) -> AccessCode:
    """Step 1 of registration: the live code of this A-number, or AccessCodeRejected (counted, generic).

    `a_number` is the 9-digit stored form; `code` is already normalised. Five wrong codes, or five wrong
    tries on the A-number, void the code until it is reissued; a client with too many wrong tries gets
    AccessCodeThrottled before anything is looked up. AlreadyRegistered is raised only to someone who
    gave the valid code. The throttle check, the lookup and the counting are one transaction.
    """
    with transaction.atomic():
        outcome, found = _check_locked(a_number=a_number, code=code, client_ip=client_ip)
    if outcome == "ok":
        return found
    if outcome == "throttled":
        raise AccessCodeThrottled
    if outcome == "registered":
        raise AlreadyRegistered
    raise AccessCodeRejected


@audited(AuditAction.ACCOUNTS_ACCESS_CODE_REDEEMED)
def access_code_redeem(*, access_code_id: int, user) -> AccessCode:
    """Uses the code once and links the new account to the respondent; audited. Raises AccessCodeRejected."""
    code = AccessCode.objects.select_for_update().filter(pk=access_code_id).first()
    if code is None or not code.is_redeemable():
        raise AccessCodeRejected
    respondent = Respondent.objects.select_for_update().get(pk=code.respondent_id)
    if respondent.user_id is not None:
        raise AlreadyRegistered
    now = timezone.now()
    code.status, code.used_at, code.used_by = AccessCode.Status.USED, now, user
    code.save(update_fields=["status", "used_at", "used_by"])
    respondent.user = user
    respondent.save(update_fields=["user", "updated_at"])
    _failure_reset(kind=RegistrationFailure.Kind.A_NUMBER, value=respondent.a_number)
    audit_record(actor=user, action=AuditAction.ACCOUNTS_ACCESS_CODE_REDEEMED, target=code)
    audit_record(actor=user, action=AuditAction.ACCOUNTS_RESPONDENT_LINKED, target=respondent)
    return code


def access_code_request_by_mail(*, a_number: str, date_of_birth, actor=None) -> None:
    """Lost-code form: when A-number and birth date match a respondent without an account, asks the
    notices app for a new letter (at most one per respondent per LOST_CODE_INTERVAL_DAYS). Silent
    otherwise: the caller shows the same page whatever happened."""
    with transaction.atomic():
        respondent = (
            Respondent.objects.select_for_update()
            .filter(a_number=a_number, date_of_birth=date_of_birth, user__isnull=True)
            .first()
        )
        if respondent is None:
            audit_record(
                actor=actor,
                action=AuditAction.ACCOUNTS_LOST_CODE_REQUESTED,
                outcome=AuditEvent.Outcome.FAILURE,
                data={"why": "no_match"},
            )
            return
        since = timezone.now() - timedelta(days=settings.LOST_CODE_INTERVAL_DAYS)
        if AccessCode.objects.filter(respondent=respondent, reason="lost_code", issued_at__gte=since).exists():
            audit_record(
                actor=actor, action=AuditAction.ACCOUNTS_LOST_CODE_REQUESTED, target=respondent, data={"why": "recent"}
            )
            return
        code = access_code_issue(respondent=respondent, actor=actor, reason="lost_code")
        audit_record(actor=actor, action=AuditAction.ACCOUNTS_LOST_CODE_REQUESTED, target=respondent)
        access_code_request_notice(access_code=code, actor=actor, reason="lost_code")


def access_code_request_throttled(*, actor) -> None:
    """Lost-code form past the per-client limit: nothing is looked up or mailed; the refusal is audited."""
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNTS_LOST_CODE_REQUESTED,
        outcome=AuditEvent.Outcome.DENIED,
        data={"why": "throttled"},
    )


def access_code_request_notice(*, access_code: AccessCode, actor, reason: str) -> None:
    """Sends registration_notice_requested after commit so that the notices app mails the letter."""
    respondent_id, code_id = access_code.respondent_id, access_code.pk
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None

    def send():
        # send_robust: a failing receiver must not turn a public form into an error page (or an oracle).
        results = registration_notice_requested.send_robust(
            sender=AccessCode, respondent_id=respondent_id, access_code_id=code_id, actor_id=actor_id, reason=reason
        )
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error(
                    "registration_notice_requested receiver %r failed for code %s", receiver, code_id, exc_info=result
                )

    transaction.on_commit(send)
