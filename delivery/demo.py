"""Demonstration data for `manage.py seed_demo` (called from portal/demo.py): one demo respondent who
verified their email and consented to electronic service, and the service emails of their notices
sent at once through the development backend, which reports them delivered after the seed commits.
Idempotent: a consent that stands is kept; an email already sent is left alone."""

from allauth.account.models import EmailAddress

from cases.models import Respondent
from common.mail import email_deliver
from delivery import rules, services
from delivery.models import ServicePreference, ServiceRecord


def seed_electronic_service(*, respondent: Respondent) -> ServicePreference:
    """The respondent's account address verified and consent given (electronic service from now on)."""
    user = respondent.user
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if services.standing_consent(respondent=respondent) is None:
        services.service_consent_give(
            respondent=respondent, user=user, text_version=rules.CONSENT_TEXT_VERSION, user_agent="seed_demo"
        )
    return ServicePreference.objects.get(respondent=respondent)


def send_queued_service_emails(*, respondent: Respondent) -> int:
    """Sends the respondent's queued service emails now (the demo does not wait for a worker)."""
    ids = ServiceRecord.objects.filter(
        respondent=respondent, channel=ServiceRecord.Channel.EMAIL, state=ServiceRecord.State.QUEUED
    ).values_list("email_id", flat=True)
    return sum(1 for email_id in list(ids) if email_id and email_deliver(email_id=email_id))
