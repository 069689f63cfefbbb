"""Support actions on a person's account. Each one: a typed reason, an audit event (actor role
"support") in the same transaction, and an email to the person after commit (docs/adr/0046)."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.codes import access_code_issue, access_code_request_notice
from accounts.emails import account_email_send
from accounts.guard import account_unlock
from accounts.models import BackupCodeDevice
from accounts.sessions import sessions_end_all
from audit.services import audit_record

ROLE = "support"


class NoLinkedRespondent(Exception):
    """The account is not linked to a court record: there is no address to mail a code to."""


def support_account_view(*, user, actor) -> None:
    """Opening an account page is itself audited."""
    audit_record(actor=actor, actor_role=ROLE, action="account.viewed", target=user)


def support_account_unlock(*, user, actor, reason: str) -> None:
    """Clears the lock and the failure counters (accounts.guard); audited and emailed there."""
    account_unlock(user=user, actor=actor, reason=reason)


@transaction.atomic
def support_second_factor_reset(*, user, actor, reason: str) -> int:
    """Deletes every factor and backup code and ends every session: the person enrolls again at next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += WebAuthnCredential.objects.filter(user=user).delete()[0]
    BackupCodeDevice.objects.filter(user=user).delete()
    sessions_end_all(user=user, actor=actor, reason="second_factor_reset")
    audit_record(
        actor=actor, actor_role=ROLE, action="accounts.second_factor_reset", target=user, data={"reason": reason}
    )
    account_email_send(user=user, kind="second_factor_reset")
    return removed


@transaction.atomic
def support_access_code_reissue(*, user, actor, reason: str):
    """Issues a new access code (revoking the old one) and asks the notices app to mail it."""
    from cases.models import Respondent

    respondent = Respondent.objects.filter(user=user).first()
    if respondent is None:
        raise NoLinkedRespondent
    code = access_code_issue(respondent=respondent, actor=actor, reason="support_reissue")
    access_code_request_notice(access_code=code, actor=actor, reason="support_reissue")
    audit_record(
        actor=actor, actor_role=ROLE, action="accounts.access_code_reissued", target=user, data={"reason": reason}
    )
    account_email_send(user=user, kind="access_code_reissued")
    return code


@transaction.atomic
def support_account_deactivate(*, user, actor, reason: str) -> None:
    """The person can no longer sign in; every session ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions_end_all(user=user, actor=actor, reason="deactivated")
    audit_record(actor=actor, actor_role=ROLE, action="accounts.deactivated", target=user, data={"reason": reason})
    account_email_send(user=user, kind="deactivated")


@transaction.atomic
def support_account_reactivate(*, user, actor, reason: str) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, actor_role=ROLE, action="accounts.reactivated", target=user, data={"reason": reason})
    account_email_send(user=user, kind="reactivated")
