"""Completing and ending sign-ins: session id rotation, recent sign-ins, signing out other sessions."""

import time

from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp import login as otp_login

from accounts.models import SignIn, User
from accounts.services.guard import sign_in_success_record
from accounts.session_keys import (
    SESSION_AUTH_AT,
    SESSION_ENDED_REASON,
    SESSION_ENDED_UNSAVED,
    SESSION_REAUTH_AT,
    SESSION_SIGN_IN_ID,
)
from audit.actions import AuditAction
from audit.context import client_ip
from audit.services import audit_record, audited
from common.mail import email_send


def _user_agent_summary(request) -> str:
    raw = request.headers.get("User-Agent", "")
    try:
        from ua_parser import parse

        result = parse(raw)
        agent = result.user_agent.family if result.user_agent else ""
        system = result.os.family if result.os else ""
        device = result.device.family if result.device and result.device.family != "Other" else ""
        return ", ".join(p for p in (agent, system, device) if p)[:200] or raw[:200]
    except Exception:
        return raw[:200]


@audited(AuditAction.ACCOUNTS_SIGNED_IN)
def sign_in_complete(*, request, device, factor: str) -> SignIn:
    """Second factor passed: marks the session verified, rotates its id, records the sign-in; audited."""
    user = request.user
    otp_login(request, device)
    request.session.cycle_key()
    now = int(time.time())
    request.session[SESSION_REAUTH_AT] = now
    request.session.setdefault(SESSION_AUTH_AT, now)
    sign_in = SignIn.objects.create(
        user=user,
        session_key=request.session.session_key or "",
        ip_address=client_ip(request),
        user_agent=_user_agent_summary(request),
        factor=factor,
    )
    request.session[SESSION_SIGN_IN_ID] = sign_in.pk
    request.session.pop(SESSION_ENDED_REASON, None)
    request.session.pop(SESSION_ENDED_UNSAVED, None)
    sign_in_success_record(user=user, factor=factor, complete=True)
    audit_record(actor=user, action=AuditAction.ACCOUNTS_SIGNED_IN, target=user, data={"factor": factor})
    return sign_in


def sign_in_ended(*, request, reason: str) -> None:
    """Marks the session's sign-in as ended (timeout or sign-out); audited."""
    sign_in_id = request.session.get(SESSION_SIGN_IN_ID)
    if sign_in_id:
        SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=True).update(ended_at=timezone.now())
    if request.user.is_authenticated:
        audit_record(
            actor=request.user, action=AuditAction.ACCOUNTS_SIGNED_OUT, target=request.user, data={"reason": reason}
        )


def reauthenticated_now(request) -> None:
    """Password and second factor were just given again in this session (ASVS V7.5)."""
    request.session[SESSION_REAUTH_AT] = int(time.time())


def _session_epoch_raise(user) -> None:
    """Every session signed in before now stops matching the user's session hash (accounts.models.User):
    Django signs it out at its next request, whether it passed the second factor or only the password."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@audited(AuditAction.ACCOUNTS_SESSIONS_ENDED)
def sessions_end_others(*, request) -> int:
    """Ends every other session of the signed-in user, password-only ones too; audited, emailed."""
    user = request.user
    current = request.session.session_key
    others = SignIn.objects.filter(user=user, ended_at__isnull=True).exclude(session_key=current)
    keys = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    count = others.update(ended_at=timezone.now())
    _session_epoch_raise(user)
    request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()  # this session stays signed in
    audit_record(actor=user, action=AuditAction.ACCOUNTS_SESSIONS_ENDED, target=user, data={"count": count})
    email_send(user=user, template="accounts/email/sessions_ended")
    return count


def sessions_end_all(*, user, actor, reason: str) -> int:
    """Ends every session of a user, password-only ones included (support reset and deactivation); audited.

    Sessions recorded in `SignIn` are deleted now; every other one (a password-only session waiting at
    the second step has no `SignIn` row) is signed out at its next request by the raised session epoch.
    """
    with transaction.atomic():
        open_ = SignIn.objects.filter(user=user, ended_at__isnull=True)
        Session.objects.filter(session_key__in=list(open_.values_list("session_key", flat=True))).delete()
        count = open_.update(ended_at=timezone.now())
        _session_epoch_raise(user)
        audit_record(
            actor=actor,
            action=AuditAction.ACCOUNTS_SESSIONS_ENDED,
            target=user,
            data={"count": count, "reason": reason},
        )
    return count
