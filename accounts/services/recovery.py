"""Setting up a second factor again after support removed them all (docs/adr/0046).

A password alone must not be enough: someone who phished the password could wait at the second step
and enrol their own authenticator the moment support resets the real person's factors. So after a
reset, the first new factor needs a fresh proof the password cannot give: a signed, single-use link,
valid for 30 minutes, emailed to the account's verified address. Using it unlocks enrolment in the
session that used it, and only until the next reset. The link carries the user's id and the
recovery's generation, which each reset, each used link and the new factor raise: older links are void.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import FactorRecovery
from accounts.selectors import user_email_verified
from accounts.session_keys import SESSION_FACTOR_RECOVERY_PROOF
from audit.actions import AuditAction
from audit.models import AuditEvent
from audit.services import audit_record
from common.mail import email_send

RESEND_AFTER = timedelta(minutes=1)


class RecoveryLinkInvalid(Exception):
    """Expired, used, from before the last reset, for another account, or not a link of ours."""


def factor_recovery_require(*, user) -> None:
    """Called by the support reset (inside its transaction): the next first factor needs an emailed link."""
    FactorRecovery.objects.get_or_create(user=user)
    FactorRecovery.objects.filter(user=user).update(
        generation=F("generation") + 1, required=True, reset_at=timezone.now(), link_sent_at=None, proved_at=None
    )


def factor_recovery_link_send(*, user, again: bool = False) -> bool:
    """Emails a link to the verified address: once when none is live, `again` at most once a minute; audited."""
    now = timezone.now()
    with transaction.atomic():
        row = FactorRecovery.objects.select_for_update().filter(user=user, required=True).first()
        if row is None or not user_email_verified(user=user):
            return False
        wait = RESEND_AFTER if again else FactorRecovery.LINK_MAX_AGE
        if row.link_sent_at is not None and now - row.link_sent_at < wait:
            return False
        row.link_sent_at = now
        row.save(update_fields=["link_sent_at"])
        audit_record(actor=user, action=AuditAction.ACCOUNTS_FACTOR_RECOVERY_LINK_SENT, target=user)
        email_send(user=user, template="accounts/email/factor_recovery")
    return True


def factor_recovery_prove(*, request, token: str) -> None:
    """Uses a link once: unlocks setting up a factor in this session; audited. Raises RecoveryLinkInvalid."""
    user = request.user
    with transaction.atomic():
        row = FactorRecovery.objects.select_for_update().filter(user=user, required=True).first()
        valid = row is not None and row.link_matches(token)
        if valid:
            row.generation += 1  # this link, and any other one still in the mailbox, is used up
            row.proved_at = timezone.now()
            row.save(update_fields=["generation", "proved_at"])
            request.session[SESSION_FACTOR_RECOVERY_PROOF] = [row.user_id, row.generation]
            audit_record(actor=user, action=AuditAction.ACCOUNTS_FACTOR_RECOVERY_PROVED, target=user)
    if not valid:
        audit_record(
            actor=user,
            action=AuditAction.ACCOUNTS_FACTOR_RECOVERY_PROVED,
            target=user,
            outcome=AuditEvent.Outcome.FAILURE,
        )
        raise RecoveryLinkInvalid


def factor_recovery_done(*, user) -> None:
    """A new factor was set up: the recovery is over and every link still in a mailbox is void."""
    FactorRecovery.objects.filter(user=user, required=True).update(required=False, generation=F("generation") + 1)
