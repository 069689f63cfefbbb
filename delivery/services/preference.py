"""The respondent's service preference: consent, verification, withdrawal, suspension and restoration.

States (`TRANSITIONS`): paper -> pending_verification | electronic (consent; electronic at once when
the account's email is verified); pending_verification -> electronic (verified) | paper (withdrawn);
electronic -> suspended (bounce rule) | paper (withdrawn); suspended -> electronic (the address
confirmed again while consent stands) | paper (withdrawn). Every change appends a history row and an
audit event in the same transaction. Leaving electronic service sends `paper_service_needed` after
commit, so notices not yet served by email go to paper.
"""

import hashlib

from django.core import signing
from django.db import transaction
from django.utils import timezone, translation

from accounts.selectors import user_email_verified
from audit.actions import AuditAction
from audit.context import current_client_ip
from audit.services import audit_record, audited
from cases.models import Case, Respondent
from common.mail import email_send
from delivery import rules
from delivery.models import ServiceConsent, ServicePreference, ServicePreferenceChange
from delivery.signals import paper_service_needed

P = ServicePreference.State
R = ServicePreferenceChange.Reason
TRANSITIONS: dict[str, set[str]] = {
    P.PAPER: {P.PENDING, P.ELECTRONIC},
    P.PENDING: {P.ELECTRONIC, P.PAPER},
    P.ELECTRONIC: {P.SUSPENDED, P.PAPER},
    P.SUSPENDED: {P.ELECTRONIC, P.PAPER},
}
_CONFIRM_SALT = "delivery.service_confirm"


class ServiceStateError(Exception):
    """A change the preference's transition table does not allow."""


class ConfirmLinkInvalid(Exception):
    """A link to confirm the service address that is not ours, expired, or used up."""


def preference_for_update(*, respondent: Respondent) -> ServicePreference:
    """The respondent's preference under a row lock, created (paper) when there is none yet."""
    ServicePreference.objects.get_or_create(respondent=respondent, defaults={"since": timezone.now()})
    return ServicePreference.objects.select_for_update().select_related("respondent").get(respondent=respondent)


def preference_change(
    *, preference: ServicePreference, to: str, reason: str, actor, email: str | None = None
) -> ServicePreference:
    """Moves the preference (locked by the caller) to `to`; appends history and audits. Raises ServiceStateError."""
    if to not in TRANSITIONS[preference.state]:
        raise ServiceStateError(f"service preference {preference.pk}: {preference.state} -> {to}")
    from_state = preference.state
    preference.state, preference.since = to, timezone.now()
    if email is not None:
        preference.email = email
    preference.save(update_fields=["state", "since", "email", "updated_at"])
    ServicePreferenceChange.objects.create(
        preference=preference,
        from_state=from_state,
        to_state=to,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        actor_role=None if actor is not None else "system",
        action=_ACTIONS[(to, reason)] if (to, reason) in _ACTIONS else _ACTIONS[to],
        target=preference.respondent,
        court_id=Case.objects.filter(respondent_id=preference.respondent_id)
        .order_by("-id")
        .values_list("court_id", flat=True)
        .first(),
        data={"from": from_state, "to": to, "reason": reason},
    )
    if from_state == P.ELECTRONIC:
        respondent_id = preference.respondent_id
        transaction.on_commit(
            lambda: paper_service_needed.send(
                sender=ServicePreference, respondent_id=respondent_id, notice_ids=None, reason=reason
            )
        )
    return preference


_ACTIONS = {
    P.PENDING: AuditAction.SERVICE_CONSENTED,
    (P.ELECTRONIC, R.CONSENTED): AuditAction.SERVICE_CONSENTED,
    (P.ELECTRONIC, R.VERIFIED): AuditAction.SERVICE_ELECTRONIC_STARTED,
    P.ELECTRONIC: AuditAction.SERVICE_RESTORED,
    P.SUSPENDED: AuditAction.SERVICE_SUSPENDED,
    P.PAPER: AuditAction.SERVICE_REVOKED,
}


def standing_consent(*, respondent: Respondent) -> ServiceConsent | None:
    """The consent not withdrawn, if any."""
    return ServiceConsent.objects.filter(respondent=respondent, revoked_at__isnull=True).first()


@audited(AuditAction.SERVICE_CONSENTED)
def service_consent_give(*, respondent: Respondent, user, text_version: str, user_agent: str) -> ServicePreference:
    """Records consent to electronic service (version, language, client address, browser); electronic
    at once when the account's email is verified, else pending verification; audited."""
    preference = preference_for_update(respondent=respondent)
    if standing_consent(respondent=respondent) is not None:
        raise ServiceStateError("consent already given")
    ServiceConsent.objects.create(
        respondent=respondent,
        user=user,
        text_version=text_version,
        language=(translation.get_language() or "en")[:8],
        ip_address=current_client_ip(),
        user_agent=(user_agent or "")[:300],
    )
    to = P.ELECTRONIC if user_email_verified(user=user) else P.PENDING
    return preference_change(preference=preference, to=to, reason=R.CONSENTED, actor=user, email=user.email)


@audited(AuditAction.SERVICE_REVOKED)
def service_consent_revoke(*, respondent: Respondent, user) -> ServicePreference:
    """Withdraws consent: paper service from now on, and every notice not yet served by email goes to
    paper (after commit); audited."""
    preference = preference_for_update(respondent=respondent)
    consent = standing_consent(respondent=respondent)
    if consent is None:
        raise ServiceStateError("no consent to withdraw")
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    return preference_change(preference=preference, to=P.PAPER, reason=R.REVOKED, actor=user)


@transaction.atomic
def service_email_verified(*, user) -> ServicePreference | None:
    """The account's email address was confirmed (allauth): with consent standing, electronic service
    starts (pending) or comes back (suspended), to that address; audited. None when nothing changes."""
    respondent = Respondent.objects.filter(user=user).first()
    if respondent is None or not user_email_verified(user=user):
        return None
    preference = preference_for_update(respondent=respondent)
    if standing_consent(respondent=respondent) is None:
        return None
    if preference.state == P.PENDING:
        return preference_change(
            preference=preference, to=P.ELECTRONIC, reason=R.VERIFIED, actor=user, email=user.email
        )
    if preference.state == P.SUSPENDED:
        return preference_change(
            preference=preference, to=P.ELECTRONIC, reason=R.RESTORED, actor=user, email=user.email
        )
    if preference.state == P.ELECTRONIC and preference.email.lower() != user.email.lower():
        # A new address, confirmed: notices are served there from now on (a bounce of the old one no
        # longer suspends anything). The log says that it changed, never the address.
        preference.email = user.email
        preference.save(update_fields=["email", "updated_at"])
        audit_record(actor=user, action=AuditAction.SERVICE_EMAIL_CHANGED, target=respondent)
        return preference
    return None


def _confirm_claim(preference: ServicePreference) -> dict:
    """What a confirmation link is bound to: the preference, its address (a digest: no address in URLs)
    and the instant of this suspension (a restored, then suspended again preference needs a new link)."""
    digest = hashlib.sha256(preference.email.lower().encode()).hexdigest()[:16]
    return {"p": preference.pk, "e": digest, "s": int(preference.since.timestamp() * 1_000_000)}


def confirm_link_token(*, preference: ServicePreference) -> str:
    """The signed token of a link that confirms the service address again, for this suspension only."""
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object(_confirm_claim(preference))


def confirm_link_matches(*, preference: ServicePreference, token: str) -> bool:
    """True for an unexpired token of ours naming this preference, its address and its current suspension."""
    try:
        claim = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign_object(
            token, max_age=rules.CONFIRM_LINK_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return False
    return preference.state == P.SUSPENDED and claim == _confirm_claim(preference)


@audited(AuditAction.SERVICE_RESTORE_REQUESTED)
def service_confirm_link_send(*, respondent: Respondent, user) -> ServicePreference:
    """Emails a link that confirms the (suspended) service address again, to that address; audited."""
    preference = preference_for_update(respondent=respondent)
    if preference.state != P.SUSPENDED or preference.email.lower() != (user.email or "").lower():
        raise ServiceStateError("nothing to confirm")
    audit_record(actor=user, action=AuditAction.SERVICE_RESTORE_REQUESTED, target=respondent)
    email_send(user=user, template="delivery/email/confirm_address", objects={"preference": preference})
    return preference


@transaction.atomic
def service_confirm_link_use(*, respondent: Respondent, user, token: str) -> ServicePreference:
    """The emailed link arrived, so the address works: electronic service comes back if consent stands;
    audited. Raises ConfirmLinkInvalid."""
    preference = preference_for_update(respondent=respondent)
    if not confirm_link_matches(preference=preference, token=token) or standing_consent(respondent=respondent) is None:
        raise ConfirmLinkInvalid
    return preference_change(preference=preference, to=P.ELECTRONIC, reason=R.RESTORED, actor=user)
