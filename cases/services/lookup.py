"""The public hearing lookup (ADR 0110): throttled per client and per A-number, every lookup audited.

Counters live in the shared cache (Redis in every deployed environment, portal/settings.py refuses a
per-process cache in production): fixed windows, `add` then `incr`, keyed by an HMAC of the client
address and of the A-number, so neither sits in Redis in the clear. A lookup past either limit is
refused before anything is read, the same for an A-number on file as for one that is not, so the
refusal says nothing either. When the cache cannot count (Redis down), the lookup refuses too
(HearingLookupUnavailable): an unthrottled lookup would let anyone try every A-number.

The audit event stores an HMAC of the A-number (the same number always gives the same value, so staff
can see that one number was tried many times) and never the number itself.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record
from cases import selectors

logger = logging.getLogger(__name__)


class HearingLookupThrottled(Exception):
    """Too many lookups from this client, or for this A-number, in the current window."""


class HearingLookupUnavailable(Exception):
    """The throttle cannot count (the cache is down): no lookup without it."""


def a_number_hmac(a_number: str) -> str:
    """The keyed hash of an A-number that audit events and cache keys carry instead of the number."""
    return salted_hmac("cases.hearing_lookup/a-number", a_number, algorithm="sha256").hexdigest()


def _client_hmac(client_ip: str | None) -> str:
    return salted_hmac("cases.hearing_lookup/client", client_ip or "-", algorithm="sha256").hexdigest()


def _count(key: str, window: int) -> int | None:
    """One more in this fixed window (the key expires with it); None when the cache cannot count."""
    try:
        for _attempt in range(2):
            cache.add(key, 0, timeout=window)
            try:
                return cache.incr(key)
            except ValueError:  # the window ended between add and incr: start the next one
                continue
    except Exception:  # Redis unreachable or failing: refuse rather than answer unthrottled
        logger.warning("hearing lookup: the throttle cannot count; lookups refused until it can")
    return None


def _over_limit(*, client: str, a_number_digest: str) -> tuple[str | None, int | None]:
    """("client" | "a_number" | None, the count that went over) after counting this lookup on both."""
    client_count = _count(f"hearing-lookup:client:{client}", settings.HEARING_LOOKUP_CLIENT_WINDOW_SECONDS)
    if client_count is None:
        raise HearingLookupUnavailable
    if client_count > settings.HEARING_LOOKUP_CLIENT_LIMIT:
        return "client", client_count
    number_count = _count(f"hearing-lookup:a:{a_number_digest}", settings.HEARING_LOOKUP_A_NUMBER_WINDOW_SECONDS)
    if number_count is None:
        raise HearingLookupUnavailable
    if number_count > settings.HEARING_LOOKUP_A_NUMBER_LIMIT:
        return "a_number", number_count
    return None, None


def _throttle(*, actor, client_ip: str | None, digest: str) -> None:
    """Counts the lookup; raises HearingLookupThrottled past a limit (audited once per window and key)."""
    which, count = _over_limit(client=_client_hmac(client_ip), a_number_digest=digest)
    if which is None:
        return
    limit = settings.HEARING_LOOKUP_CLIENT_LIMIT if which == "client" else settings.HEARING_LOOKUP_A_NUMBER_LIMIT
    if count == limit + 1:  # the first refusal of the window; a flood of refusals is one event, not a million
        audit_record(
            actor=actor,
            action=AuditAction.HEARING_LOOKUP_THROTTLED,
            outcome=AuditEvent.Outcome.DENIED,
            data={"a_number_hmac": digest, "limit": which},
        )
    raise HearingLookupThrottled


def hearing_lookup(
    *, a_number: str, country_code: str, country_text: str, client_ip: str | None, actor=None
) -> selectors.PublicHearingAnswer | None:
    """Answers a lookup without sign-in (A-number in stored form, country from the shipped list): the next
    hearing, or None for every kind of mismatch alike; throttled per client and per A-number; audited."""
    digest = a_number_hmac(a_number)
    _throttle(actor=actor, client_ip=client_ip, digest=digest)
    answer = selectors.hearing_lookup(a_number=a_number, country_code=country_code, country_text=country_text)
    if answer is None:
        audit_record(
            actor=actor,
            action=AuditAction.HEARING_LOOKUP_NOT_FOUND,
            outcome=AuditEvent.Outcome.FAILURE,
            data={"a_number_hmac": digest},
        )
        return None
    audit_record(
        actor=actor,
        action=AuditAction.HEARING_LOOKUP_ANSWERED,
        target=answer.hearing,
        case=answer.hearing.case,
        data={"a_number_hmac": digest},
    )
    return answer
