"""Sign-in failure counters (database, per account and factor), escalating waits and locks.

NIST SP 800-63B-4 §3.2.2: at most 100 consecutive failed attempts per account. Here a factor locks
the account after 10 consecutive failures (each further 10 doubles the lock), and 100 consecutive
failures over all factors lock it until support unlocks it. Success resets the counters.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import SignInGuard
from accounts.selectors import sign_in_wait_seconds
from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record, audited
from common.mail import email_send


def _guard_of(user) -> SignInGuard:
    guard, _created = SignInGuard.objects.get_or_create(user=user)
    return guard


@contextmanager
def sign_in_try(*, user) -> Iterator[int | None]:
    """One try of a factor, with the account's guard row locked from the wait check to the counted outcome.

    Yields the wait (accounts.selectors.sign_in_wait_seconds); the caller verifies only when it is None and
    records a failure inside the block. Parallel tries queue on the lock, so a burst of guesses gets no
    more verifications than the same guesses one after another (issue 13).
    """
    with transaction.atomic():
        _guard_of(user)
        SignInGuard.objects.select_for_update().get(user=user)
        yield sign_in_wait_seconds(user=user)


def _escalate(guard: SignInGuard, consecutive: int, now) -> bool:
    """Sets the wait or lock for this count; True when the account became locked."""
    if guard.total_failures >= settings.SIGN_IN_HARD_LOCK_FAILURES:
        guard.locked_at, guard.locked_until = now, None
        return True
    if consecutive % settings.SIGN_IN_LOCK_FAILURES == 0:
        rounds = consecutive // settings.SIGN_IN_LOCK_FAILURES
        guard.locked_at = now
        guard.locked_until = now + timedelta(minutes=settings.SIGN_IN_LOCK_MINUTES * 2 ** (rounds - 1))
        return True
    free = settings.SIGN_IN_FREE_FAILURES
    if consecutive > free:
        guard.next_try_at = now + timedelta(seconds=min(2 ** (consecutive - free - 1), 60))
    return False


@audited(AuditAction.ACCOUNTS_SIGN_IN_FAILED)
def sign_in_failure_record(*, user, factor: str) -> SignInGuard:
    """Counts one failed try of `factor`; waits grow, the 10th locks (emailed); audited."""
    _guard_of(user)
    guard = SignInGuard.objects.select_for_update().get(user=user)
    now = timezone.now()
    failures = dict(guard.failures)
    failures[factor] = failures.get(factor, 0) + 1
    guard.failures = failures
    guard.total_failures += 1
    locked = _escalate(guard, failures[factor], now)
    guard.save()
    audit_record(
        actor=user,
        action=AuditAction.ACCOUNTS_SIGN_IN_FAILED,
        target=user,
        outcome=AuditEvent.Outcome.FAILURE,
        data={"factor": factor, "consecutive": failures[factor]},
    )
    if locked:
        audit_record(actor=user, action=AuditAction.ACCOUNTS_LOCKED, target=user, data={"factor": factor})
        email_send(user=user, template="accounts/email/locked", objects={"guard": guard})
    return guard


@transaction.atomic
def sign_in_success_record(*, user, factor: str, complete: bool) -> None:
    """Resets the factor's counter (and all counters when the sign-in is complete)."""
    guard = SignInGuard.objects.select_for_update().filter(user=user).first()
    if guard is None:
        return
    failures = dict(guard.failures)
    failures.pop(factor, None)
    guard.failures = {} if complete else failures
    if complete:
        guard.total_failures = 0
    guard.next_try_at = None
    guard.save(update_fields=["failures", "total_failures", "next_try_at"])


@audited(AuditAction.ACCOUNTS_UNLOCKED)
def account_unlock(*, user, actor, reason: str) -> None:
    """Clears the lock and every counter (support action); audited and emailed to the user."""
    guard = _guard_of(user)
    guard.failures, guard.total_failures = {}, 0
    guard.locked_at = guard.locked_until = guard.next_try_at = None
    guard.save()
    audit_record(actor=actor, action=AuditAction.ACCOUNTS_UNLOCKED, target=user, data={"reason": reason})
    email_send(user=user, template="accounts/email/unlocked")
