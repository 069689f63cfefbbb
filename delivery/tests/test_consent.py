"""The consent screen: plain words, unchecked, versioned, never required; withdrawal any time."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from delivery.models import ServiceConsent, ServicePreference, ServicePreferenceChange
from delivery.rules import CONSENT_TEXT_VERSION
from delivery.tests.helpers import consent_over_http, verify_email

pytestmark = pytest.mark.django_db


def test_the_consent_screen_says_what_e_service_means_and_the_box_starts_unchecked(respondent_client):
    response = respondent_client.get(reverse("delivery:consent"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "legal service" in page and "once a week" in page and "no-reply@portal.example.org" in page
    assert "EOIR-33" in page and "You do not have to do this" in page
    assert 'type="checkbox"' in page and "checked" not in page.split('type="checkbox"')[1].split(">")[0]
    assert CONSENT_TEXT_VERSION in page


def test_the_consent_screen_is_in_spanish(respondent_client):
    respondent_client.cookies.load({"django_language": "es"})
    page = respondent_client.get(reverse("delivery:consent"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page


def test_without_the_box_nothing_is_stored_and_the_message_says_it_is_optional(respondent_client, respondent):
    response = respondent_client.post(reverse("delivery:consent"), {})
    assert response.status_code == 400
    assert "you do not have to" in response.content.decode()
    assert not ServiceConsent.objects.exists()
    assert not ServicePreference.objects.exists()


def test_consent_with_a_verified_address_starts_electronic_service_and_records_where_and_when(
    respondent_client, respondent
):
    verify_email(respondent.user)
    consent_over_http(respondent_client)
    consent = ServiceConsent.objects.get()
    assert (consent.respondent, consent.user, consent.text_version) == (
        respondent,
        respondent.user,
        CONSENT_TEXT_VERSION,
    )
    assert consent.language == "en" and consent.ip_address == "127.0.0.1" and consent.user_agent == "TestBrowser/1.0"
    preference = ServicePreference.objects.get(respondent=respondent)
    assert (preference.state, preference.email) == ("electronic", respondent.user.email)
    change = ServicePreferenceChange.objects.get()
    assert (change.from_state, change.to_state, change.reason, change.actor) == (
        "paper",
        "electronic",
        "consented",
        respondent.user,
    )
    assert AuditEvent.objects.filter(action="service.consented", actor=respondent.user).exists()
    page = respondent_client.get(reverse("delivery:settings")).content.decode()
    assert respondent.user.email in page and "Go back to notices by mail" in page


def test_consent_before_the_address_is_verified_waits_for_verification(respondent_client, respondent):
    consent_over_http(respondent_client)
    assert ServicePreference.objects.get().state == "pending_verification"
    from delivery.services import service_email_verified

    verify_email(respondent.user)
    service_email_verified(user=respondent.user)
    assert ServicePreference.objects.get().state == "electronic"
    assert list(ServicePreferenceChange.objects.order_by("id").values_list("reason", flat=True)) == [
        "consented",
        "verified",
    ]


def test_withdrawing_goes_back_to_paper_and_keeps_the_consent_row(respondent_client, respondent):
    verify_email(respondent.user)
    consent_over_http(respondent_client)
    assert respondent_client.get(reverse("delivery:withdraw")).status_code == 200
    response = respondent_client.post(reverse("delivery:withdraw"))
    assert response.status_code == 302
    consent = ServiceConsent.objects.get()
    assert consent.revoked_at is not None
    assert ServicePreference.objects.get().state == "paper"
    assert AuditEvent.objects.filter(action="service.revoked").exists()
    # Consent may be given again later: a new row, the old one kept.
    consent_over_http(respondent_client)
    assert ServiceConsent.objects.count() == 2


def test_the_portal_works_without_consent_and_links_to_the_choice(respondent_client):
    dashboard = respondent_client.get(reverse("cases:dashboard"))
    assert dashboard.status_code == 200
    assert reverse("delivery:settings") in dashboard.content.decode()
    account = respondent_client.get(reverse("accounts:account"))
    assert reverse("delivery:settings") in account.content.decode()


def test_an_account_without_a_court_record_gets_404(client, respondent_user):
    from tests.support import login_verified

    login_verified(client, respondent_user)
    assert client.get(reverse("delivery:settings")).status_code == 404
    assert client.post(reverse("delivery:consent"), {"agree": "on"}).status_code == 404


def test_a_newly_confirmed_address_becomes_the_service_address_and_is_audited(respondent_client, respondent):
    from delivery.services import service_email_verified

    verify_email(respondent.user)
    consent_over_http(respondent_client)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=respondent.user).delete()  # allauth replaces the address on a change
    respondent.user.email = "maria.nueva@example.org"
    respondent.user.save(update_fields=["email"])
    verify_email(respondent.user)
    service_email_verified(user=respondent.user)
    preference = ServicePreference.objects.get()
    assert (preference.state, preference.email) == ("electronic", "maria.nueva@example.org")
    event = AuditEvent.objects.get(action="service.email_changed")
    assert "maria" not in str(event.data) and event.actor == respondent.user
