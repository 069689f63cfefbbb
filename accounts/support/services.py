"""Support actions on a person's account. Each one: a typed reason, an audit event (actor role
"support") in the same transaction, and an email to the person after commit (docs/adr/0046)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import BackupCodeDevice, User
from accounts.services import (
    access_code_issue,
    access_code_request_notice,
    account_unlock,
    factor_recovery_require,
    sessions_end_all,
)
from accounts.support.selectors import SearchTerm
from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record, audited
from cases.models import Respondent
from common.mail import email_send

ROLE = "support"
# Searches (each page of results counts) per agent: (window in seconds, most searches in it). A
# deployment can tune them with the SUPPORT_SEARCH_LIMITS setting.
DEFAULT_SEARCH_LIMITS = ((10 * 60, 30), (24 * 60 * 60, 400))


class NoLinkedRespondent(Exception):
    """The account is not linked to a court record: there is no address to mail a code to."""


def search_term_hash(term: SearchTerm) -> str:
    """A keyed hash (HMAC-SHA256, SECRET_KEY) of a normalised term: an investigator can ask "who looked
    up this A-number?" by hashing it again, while the log itself holds no A-number, email or name."""
    return salted_hmac("accounts.support.search-term", f"{term.kind}:{term.value}", algorithm="sha256").hexdigest()


def _searches_left(*, actor, now) -> bool:
    limits = getattr(settings, "SUPPORT_SEARCH_LIMITS", DEFAULT_SEARCH_LIMITS)
    recent = AuditEvent.objects.filter(
        actor=actor, action=AuditAction.ACCOUNT_SEARCHED, outcome=AuditEvent.Outcome.SUCCESS
    )
    return all(recent.filter(occurred_at__gt=now - timedelta(seconds=window)).count() < most for window, most in limits)


@audited(AuditAction.ACCOUNT_SEARCHED)
def support_account_search(*, actor, term: SearchTerm, page: int) -> bool:
    """Records one search (or one page of its results) by the kind of term and its keyed hash; False,
    and the refusal recorded, once the agent is past the limit. The audit log is the counter: the
    agent's row is locked meanwhile, so parallel searches cannot slip past the limit."""
    User.objects.select_for_update().filter(pk=actor.pk).first()
    allowed = _searches_left(actor=actor, now=timezone.now())
    audit_record(
        actor=actor,
        actor_role=ROLE,
        action=AuditAction.ACCOUNT_SEARCHED,
        outcome=AuditEvent.Outcome.SUCCESS if allowed else AuditEvent.Outcome.DENIED,
        data={"kind": term.kind, "term_hash": search_term_hash(term), "page": page}
        | ({} if allowed else {"why": "limit"}),
    )
    return allowed


def support_account_lookup_refused(*, actor, params: list[str]) -> None:
    """A listing asked for with filters the console does not offer (a hash or A-number oracle): audited."""
    audit_record(
        actor=actor,
        actor_role=ROLE,
        action=AuditAction.ACCOUNT_SEARCHED,
        outcome=AuditEvent.Outcome.DENIED,
        data={"why": "lookup", "params": sorted(p[:100] for p in params)[:20]},
    )


def support_account_view(*, user, actor) -> None:
    """Opening an account page is itself audited."""
    audit_record(actor=actor, actor_role=ROLE, action=AuditAction.ACCOUNT_VIEWED, target=user)


def support_account_unlock(*, user, actor, reason: str) -> None:
    """Clears the lock and the failure counters (accounts.services.guard); audited and emailed there."""
    account_unlock(user=user, actor=actor, reason=reason)


@audited(AuditAction.ACCOUNTS_SECOND_FACTOR_RESET)
def support_second_factor_reset(*, user, actor, reason: str) -> int:
    """Deletes every factor and backup code and ends every session, password-only ones too. The person
    sets up a new factor at next sign-in after opening a link emailed to them (accounts.services.recovery)."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += WebAuthnCredential.objects.filter(user=user).delete()[0]
    BackupCodeDevice.objects.filter(user=user).delete()
    factor_recovery_require(user=user)
    sessions_end_all(user=user, actor=actor, reason="second_factor_reset")
    audit_record(
        actor=actor,
        actor_role=ROLE,
        action=AuditAction.ACCOUNTS_SECOND_FACTOR_RESET,
        target=user,
        data={"reason": reason},
    )
    email_send(user=user, template="accounts/email/second_factor_reset")
    return removed


@audited(AuditAction.ACCOUNTS_ACCESS_CODE_REISSUED)
def support_access_code_reissue(*, user, actor, reason: str):
    """Issues a new access code (revoking the old one) and asks the notices app to mail it."""
    respondent = Respondent.objects.filter(user=user).first()
    if respondent is None:
        raise NoLinkedRespondent
    code = access_code_issue(respondent=respondent, actor=actor, reason="support_reissue")
    access_code_request_notice(access_code=code, actor=actor, reason="support_reissue")
    audit_record(
        actor=actor,
        actor_role=ROLE,
        action=AuditAction.ACCOUNTS_ACCESS_CODE_REISSUED,
        target=user,
        data={"reason": reason},
    )
    email_send(user=user, template="accounts/email/access_code_reissued")
    return code


@audited(AuditAction.ACCOUNTS_DEACTIVATED)
def support_account_deactivate(*, user, actor, reason: str) -> None:
    """The person can no longer sign in; every session ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions_end_all(user=user, actor=actor, reason="deactivated")
    audit_record(
        actor=actor, actor_role=ROLE, action=AuditAction.ACCOUNTS_DEACTIVATED, target=user, data={"reason": reason}
    )
    email_send(user=user, template="accounts/email/deactivated")


@audited(AuditAction.ACCOUNTS_REACTIVATED)
def support_account_reactivate(*, user, actor, reason: str) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, actor_role=ROLE, action=AuditAction.ACCOUNTS_REACTIVATED, target=user, data={"reason": reason}
    )
    email_send(user=user, template="accounts/email/reactivated")
