"""Reads for the help pages: the legal help list and the signed-in respondent's courts."""

import time

from django.conf import settings
from django.db.models import QuerySet

from accounts.session_keys import SESSION_AUTH_AT, SESSION_SEEN_AT
from cases.models import Case, ImmigrationCourt
from guidance.models import LegalServiceProvider


def courts_of_user(*, user) -> list[ImmigrationCourt]:
    """The courts of the signed-in respondent's open cases first, then the others; empty for anyone else."""
    if user is None or not user.is_authenticated:
        return []
    cases = Case.objects.filter(respondent__user=user).select_related("court").order_by("-opened_on", "-id")
    courts: dict[int, ImmigrationCourt] = {}
    for case in sorted(cases, key=lambda c: c.status != Case.Status.PENDING):
        courts.setdefault(case.court_id, case.court)
    return list(courts.values())


def legal_providers_for(*, courts: list[ImmigrationCourt]) -> QuerySet:
    """Active free legal help providers of these courts, by court then name."""
    return LegalServiceProvider.objects.active().filter(court__in=courts).select_related("court")


def court_by_code(*, code: str) -> ImmigrationCourt | None:
    """The court with this code (the public court filter of the contact page), or None."""
    return ImmigrationCourt.objects.filter(code=code).first() if code else None


def courts_with_providers() -> QuerySet:
    """Courts that have at least one active provider: the choices of the public court filter."""
    return ImmigrationCourt.objects.filter(legal_service_providers__active=True).distinct().order_by("name")


def session_seconds_left(*, session) -> int:
    """Seconds until accounts' SessionLimitsMiddleware ends this sign-in: the idle or the absolute limit, first."""
    now = int(time.time())
    idle_deadline = session.get(SESSION_SEEN_AT, now) + settings.SESSION_IDLE_SECONDS
    absolute_deadline = session.get(SESSION_AUTH_AT, now) + settings.SESSION_ABSOLUTE_SECONDS
    return max(0, min(idle_deadline, absolute_deadline) - now)
