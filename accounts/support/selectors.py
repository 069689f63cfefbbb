"""What the support console reads: which accounts it may show, search terms, the account page."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import SignIn, SignInGuard
from accounts.roles import ROLES
from accounts.selectors import backup_codes_left, user_email_verified
from audit.models import AuditEvent
from cases.anumbers import format_a_number, try_parse_a_number
from cases.models import ImmigrationCourt, Respondent

RECENT_SIGN_INS = 10
NAME_WORDS = 4


def respondent_accounts(queryset: QuerySet) -> QuerySet:
    """Only people's own accounts: nobody with a staff role, a court assignment, is_staff or is_superuser.

    Roles and court assignments decide, not the is_staff flag alone, so that an agent can never
    unlock, reset, reissue or deactivate their own account, a colleague's or a clerk's (ADR 0046).
    """
    return (
        queryset.exclude(is_staff=True)
        .exclude(is_superuser=True)
        .exclude(groups__name__in=[role.group_name for role in ROLES])
        .exclude(courts__isnull=False)
    )


@dataclass(frozen=True)
class SearchTerm:
    kind: str  # "a_number", "email" or "name"
    value: str  # normalised: nine digits, lower-case email prefix, or up to four lower-case words


def search_term_parse(text: str) -> SearchTerm | None:
    """What an agent typed: an A-number in any accepted form, an email prefix (has @) or a name; None if blank."""
    term = " ".join((text or "").split())
    if not term:
        return None
    a_number = try_parse_a_number(term)
    if a_number is not None:
        return SearchTerm("a_number", a_number)
    if "@" in term:
        return SearchTerm("email", term.lower())
    return SearchTerm("name", " ".join(term.lower().split()[:NAME_WORDS]))


def accounts_matching(queryset: QuerySet, term: SearchTerm) -> QuerySet:
    """Exact A-number on the unique index, email prefix, or every word a prefix of a name (ADR 0005)."""
    if term.kind == "a_number":
        return queryset.filter(respondent__a_number=term.value)
    if term.kind == "email":
        return queryset.filter(email__istartswith=term.value)
    query = Q()
    for word in term.value.split():
        query &= (
            Q(respondent__family_name__istartswith=word)
            | Q(respondent__given_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(first_name__istartswith=word)
        )
    return queryset.filter(query)


def _registration_state(*, email_verified: bool, linked: bool, has_factor: bool) -> str:
    if not linked:
        return _("Not linked to a court record")
    if not email_verified:
        return _("Email address not yet confirmed")
    if not has_factor:
        return _("No second sign-in step set up")
    return _("Registered")


def account_summary(*, user) -> dict:
    """Everything the page needs; factors as type and date only (no names, keys or codes)."""
    respondent = Respondent.objects.filter(user=user).first()
    courts = []
    if respondent is not None:
        courts = list(ImmigrationCourt.objects.filter(cases__respondent=respondent).distinct().order_by("name"))
    factors = [
        {"type": _("Authenticator app"), "added": d.created_at}
        for d in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at")
    ] + [
        {"type": _("Passkey"), "added": c.created_at}
        for c in WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")
    ]
    email_verified = user_email_verified(user=user)
    guard = SignInGuard.objects.filter(user=user).first()
    return {
        "respondent_name": f"{respondent.family_name}, {respondent.given_name}" if respondent else "",
        "a_number": format_a_number(respondent.a_number) if respondent else "",
        "courts": courts,
        "email_verified": email_verified,
        "state": _registration_state(
            email_verified=email_verified, linked=respondent is not None, has_factor=bool(factors)
        ),
        "factors": factors,
        "backup_codes_left": backup_codes_left(user=user),
        "sign_ins": list(SignIn.objects.filter(user=user)[:RECENT_SIGN_INS]),
        "locked": guard is not None and guard.is_locked(timezone.now()),
        "guard": guard,
        "linked": respondent is not None,
    }


def support_actions_of(*, actor) -> QuerySet:
    """An agent's own audit trail, newest first ("My actions")."""
    return AuditEvent.objects.filter(actor=actor).order_by("-occurred_at", "-id")
