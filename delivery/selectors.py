"""Reads of the delivery app: the service in force for a respondent, what was served by email, the
clerk's queue of failed deliveries, and what the respondent's pages show."""

from django.db.models import QuerySet, Subquery

from cases.models import Respondent
from delivery.models import ServiceConsent, ServicePreference, ServiceRecord
from delivery.services.records import SERVED_BY_EMAIL


def preference_of(*, respondent: Respondent) -> ServicePreference:
    """The respondent's preference; an unsaved paper one when they never chose."""
    preference = ServicePreference.objects.filter(respondent=respondent).first()
    return preference or ServicePreference(respondent=respondent, state=ServicePreference.State.PAPER)


def electronic_service_in_force(*, respondent_id: int) -> bool:
    """True when notices issued now are served by email (consent given and the address verified and working)."""
    return ServicePreference.objects.filter(
        respondent_id=respondent_id, state=ServicePreference.State.ELECTRONIC
    ).exists()


def notice_ids_served_by_email(*, notice_ids) -> set[int]:
    """Of these notices, the ones whose service email was delivered (service complete by email)."""
    return set(
        ServiceRecord.objects.filter(
            notice_id__in=list(notice_ids), channel=ServiceRecord.Channel.EMAIL, state__in=SERVED_BY_EMAIL
        ).values_list("notice_id", flat=True)
    )


def email_records_by_notice(*, notice_ids) -> dict[int, ServiceRecord]:
    """The email service record of each of these notices (for the inbox and the notice page)."""
    records = ServiceRecord.objects.filter(notice_id__in=list(notice_ids), channel=ServiceRecord.Channel.EMAIL)
    return {record.notice_id: record for record in records}


def failed_deliveries_for_courts(*, court_ids) -> QuerySet[ServiceRecord]:
    """The clerk's queue: failed deliveries in these courts not yet reviewed, oldest first. `.count()` and
    `.first()` use one partial index (court, failed_at) that holds only these rows."""
    return (
        ServiceRecord.objects.filter(court_id__in=list(court_ids), needs_review=True)
        .select_related("respondent", "court")
        .order_by("failed_at", "id")
    )


def consents_of(*, respondent: Respondent) -> QuerySet[ServiceConsent]:
    """Every consent the respondent gave, newest first (withdrawn ones too)."""
    return ServiceConsent.objects.filter(respondent=respondent).order_by("-consented_at", "-id")


def service_state_expression(*, user_ref):
    """The ServicePreference state as a subquery on a user id (NULL when never chosen: read it as paper),
    for a page that reads several apps' per-user facts in one query (portal/dashboard.py)."""
    return Subquery(ServicePreference.objects.filter(respondent__user=user_ref).values("state")[:1])


def service_state_for_user(*, user) -> str:
    """How the signed-in respondent's notices are served now: a ServicePreference.State value ("paper"
    when they never chose). One query; the dashboard shows it, and a banner when it is "suspended"."""
    if user is None or not user.is_authenticated:
        return ServicePreference.State.PAPER
    state = ServicePreference.objects.filter(respondent__user=user).values_list("state", flat=True).first()
    return state or ServicePreference.State.PAPER
