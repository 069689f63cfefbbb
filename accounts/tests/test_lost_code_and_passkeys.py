import datetime
import secrets

import pytest
from django.urls import reverse

from accounts.models import AccessCode
from accounts.signals import registration_notice_requested
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RespondentFactory

LOST = "/account/lost-code/"


def _fresh_ip() -> str:
    """A client address of its own: rate-limit counters live in the shared cache across runs."""
    return "10." + ".".join(str(secrets.randbelow(250) + 1) for _ in range(3))


@pytest.fixture
def notices():
    seen = []

    def receiver(sender, **kwargs):
        seen.append(kwargs)

    registration_notice_requested.connect(receiver)
    yield seen
    registration_notice_requested.disconnect(receiver)


def test_lost_code_answers_the_same_for_every_input(client, notices, respondent, django_capture_on_commit_callbacks):
    unlinked = RespondentFactory(a_number="055555555", date_of_birth=datetime.date(1985, 1, 2))
    CaseFactory(respondent=unlinked, court=respondent.cases.first().court)
    answers = []
    ip = _fresh_ip()
    with django_capture_on_commit_callbacks(execute=True):
        for a_number, dob in [
            ("A-055-555-555", "01/02/1985"),  # matches, no account: a letter is requested
            ("A-055-555-555", "01/03/1985"),  # wrong birth date
            ("A-099-999-999", "01/02/1985"),  # unknown A-number
            (respondent.a_number, "05/17/1990"),  # already has an account
            ("A-055-555-555", "01/02/1985"),  # again within 7 days
        ]:
            response = client.post(LOST, {"a_number": a_number, "date_of_birth": dob}, REMOTE_ADDR=ip)
            answers.append((response.status_code, response["Location"]))
    assert set(answers) == {(302, reverse("accounts:lost_code_sent"))}
    assert [n["respondent_id"] for n in notices] == [unlinked.pk]
    assert AccessCode.objects.filter(respondent=unlinked).count() == 1
    assert b"Request received" in client.get(reverse("accounts:lost_code_sent")).content


def test_lost_code_requests_are_limited_per_client_without_a_different_answer(
    client, notices, court, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {"lost_code": "2/h/ip"}
    people = [RespondentFactory(date_of_birth=datetime.date(1985, 1, 2)) for _ in range(3)]
    for person in people:
        CaseFactory(respondent=person, court=court)
    ip = _fresh_ip()
    with django_capture_on_commit_callbacks(execute=True):
        answers = {
            client.post(LOST, {"a_number": p.a_number, "date_of_birth": "01/02/1985"}, REMOTE_ADDR=ip)["Location"]
            for p in people
        }
    assert answers == {reverse("accounts:lost_code_sent")}
    assert [n["respondent_id"] for n in notices] == [people[0].pk, people[1].pk]
    assert not AccessCode.objects.filter(respondent=people[2]).exists()
    assert AuditEvent.objects.filter(action="accounts.lost_code_requested", outcome="denied").count() == 1
    # Another client is not held back by the first one's limit.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LOST, {"a_number": people[2].a_number, "date_of_birth": "01/02/1985"}, REMOTE_ADDR=_fresh_ip())
    assert AccessCode.objects.filter(respondent=people[2]).count() == 1


def test_lost_code_bad_input_keeps_what_was_typed(client):
    response = client.post(LOST, {"a_number": "A-055-555-555", "date_of_birth": "31/31/1985"})
    assert response.status_code == 200 and b"05/17/1990" in response.content
    assert b'value="A-055-555-555"' in response.content


def test_passkey_page_offers_registration_script(client, respondent_user):
    client.force_login(respondent_user)
    page = client.get(reverse("accounts:mfa_passkey"))
    assert page.status_code == 200
    assert b'id="passkey-registration-placeholder"' in page.content
    assert b"otp_webauthn_register" in page.content and b"noscript" in page.content


def test_passkey_settings(settings):
    assert settings.OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is False
    assert [settings.SITE_URL.rstrip("/")] == settings.OTP_WEBAUTHN_ALLOWED_ORIGINS
    assert settings.OTP_WEBAUTHN_RP_ID == "localhost"


def test_passwordless_passkey_sign_in_is_refused(client, db):
    response = client.post(reverse("otp_webauthn:credential-authentication-begin"), content_type="application/json")
    assert response.status_code in (302, 403)  # never a passkey challenge without a password first


def test_adding_a_passkey_needs_recent_reauthentication(respondent_client):
    session = respondent_client.session
    session.pop("accounts_reauth_at", None)
    session.save()
    response = respondent_client.post(
        reverse("otp_webauthn:credential-registration-begin"), content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["code"] == "reauthentication_required"
    assert respondent_client.get(reverse("accounts:mfa_passkey"))["Location"].startswith(
        reverse("accounts:reauthenticate")
    )
