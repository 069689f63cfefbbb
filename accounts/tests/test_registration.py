import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import AccessCode, BackupCode, SignIn
from accounts.tests.helpers import PASSWORD, last_link, mailed_code_text, totp_token
from audit.models import AuditEvent
from cases.tests.factories import RespondentFactory

REGISTER = "/account/register/"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def person(db):
    return RespondentFactory(a_number="087654321", given_name="Rosa", family_name="Quispe")


def register_until_signup(client, person, code):
    response = client.post(REGISTER, {"a_number": "A-087-654-321", "code": code.lower()})
    assert response.status_code == 302 and response["Location"] == reverse("account_signup")


def test_whole_registration_flow(client, person):
    code = mailed_code_text(person)
    assert client.get(REGISTER).status_code == 200
    # Before a valid code, the sign-up page is closed.
    assert b"Create account" not in client.get(reverse("account_signup")).content
    register_until_signup(client, person, code.replace("-", " "))
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200 and b"usa-step-indicator" in page.content
    response = client.post(
        reverse("account_signup"), {"email": "rosa@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None and person.user.email == "rosa@example.org"
    assert AccessCode.objects.get(respondent=person).status == AccessCode.Status.USED

    # Email must be verified: the link signs the person in and leads to the second-factor set-up.
    confirm = last_link("/accounts/confirm-email/")
    response = client.post(confirm)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa_setup"))
    # No case data before a second factor.
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa_setup"))

    page = client.get(reverse("accounts:mfa_totp"))
    assert b"<svg" in page.content and b"style=" not in page.content.split(b"<svg", 1)[1].split(b"</svg>")[0]
    device = TOTPDevice.objects.get(user=person.user, confirmed=False)
    assert page.context["secret"].replace(" ", "") in page.content.decode().replace(" ", "")
    assert client.post(reverse("accounts:mfa_totp"), {"token": "000000"}).status_code == 200
    response = client.post(reverse("accounts:mfa_totp"), {"token": totp_token(device)})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:mfa_backup_codes"))

    client.post(reverse("accounts:mfa_backup_codes"))
    page = client.get(reverse("accounts:mfa_backup_codes"))
    codes = page.context["codes"]
    assert len(codes) == 10 and all(len(c.replace("-", "")) * 5 >= 64 for c in codes)
    download = client.get(reverse("accounts:mfa_backup_codes_download"))
    assert download["Content-Disposition"].startswith("attachment") and codes[0] in download.content.decode()
    stored = list(BackupCode.objects.filter(device__user=person.user).values_list("digest", flat=True))
    assert len(stored) == 10 and not any(c.replace("-", "") in d.upper() for c in codes for d in stored)
    client.post(reverse("accounts:mfa_backup_codes_saved"))
    # Shown once: gone from the page and the download afterwards.
    assert client.get(reverse("accounts:mfa_backup_codes")).context["codes"] is None
    assert client.get(reverse("accounts:mfa_backup_codes_download")).status_code == 302

    assert client.get(reverse("accounts:account")).status_code == 200
    assert SignIn.objects.filter(user=person.user, factor="totp").exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.registration_code_accepted",
        "accounts.access_code_redeemed",
        "accounts.respondent_linked",
        "accounts.factor_added",
        "accounts.backup_codes_generated",
        "accounts.signed_in",
        "accounts.email_verified",
    } <= actions


def _body(response) -> bytes:
    return CSRF.sub(b"", response.content)


def test_no_enumeration_unknown_wrong_expired_used(client, person, settings):
    code = mailed_code_text(person)
    unknown = client.post(REGISTER, {"a_number": "A-099-999-999", "code": "7KQ2-M9XD-4F"})
    wrong = client.post(REGISTER, {"a_number": "A-099-999-999", "code": "7KQ2-M9XD-4F"})
    wrong_known = client.post(REGISTER, {"a_number": "A-087-654-321", "code": "7KQ2-M9XD-4F"})
    assert unknown.status_code == wrong.status_code == wrong_known.status_code == 200
    assert b"We could not use this A-number and access code" in unknown.content
    assert _body(unknown).replace(b"099-999-999", b"X") == _body(wrong_known).replace(b"087-654-321", b"X")
    assert code not in wrong_known.content.decode()


def test_expired_and_used_codes_answer_like_wrong_ones(client, person):
    code = mailed_code_text(person)
    AccessCode.objects.filter(respondent=person).update(status=AccessCode.Status.USED)
    used = client.post(REGISTER, {"a_number": "A-087-654-321", "code": code})
    other = RespondentFactory(a_number="011111111")
    bad = client.post(REGISTER, {"a_number": "A-011-111-111", "code": mailed_code_text(other)[:-2] + "ZZ"})
    assert _body(used).replace(b"087-654-321", b"X") == _body(bad).replace(b"011-111-111", b"X")


@pytest.mark.parametrize(
    ("a_number", "code", "message"),
    [
        ("12-34", "7KQ2-M9XD-4F", b"Enter an A-number of 8 or 9 digits"),
        ("A-087-654-321", "7KQ2-M9XU-4F", b"except U"),
        ("A-087-654-321", "7KQ2", b"10 characters"),
        ("", "", b"This field is required"),
    ],
)
def test_malformed_input_says_what_is_accepted_and_keeps_the_a_number(client, person, a_number, code, message):
    response = client.post(REGISTER, {"a_number": a_number, "code": code})
    assert response.status_code == 200 and message in response.content
    if a_number:
        assert f'value="{a_number}"'.encode() in response.content
    assert b'value="7KQ2' not in response.content  # secrets are not echoed


def test_already_linked_is_told_only_with_valid_code(client, person, respondent_user):
    person.user = respondent_user
    person.save()
    code = mailed_code_text(person)
    assert (
        b"already has an account" not in client.post(REGISTER, {"a_number": "087654321", "code": "0000000000"}).content
    )
    assert b"already has an account" in client.post(REGISTER, {"a_number": "087654321", "code": code}).content


def test_client_throttled_after_many_failures(client, person, settings):
    settings.REGISTRATION_CLIENT_MAX_FAILURES = 2
    for _ in range(2):
        client.post(REGISTER, {"a_number": "099999999", "code": "0000000000"})
    code = mailed_code_text(person)
    response = client.post(REGISTER, {"a_number": "087654321", "code": code})
    assert response.status_code == 429 and b"Too many tries" in response.content


def test_password_rules_at_signup(client, person):
    register_until_signup(client, person, mailed_code_text(person))
    url = reverse("account_signup")
    for bad, message in [
        ("short pass", b"at least 12"),
        ("password1234", b"too common"),
        ("my number 087654321 ok", b"A-number"),
        ("rosa quispe forever", b"A-number, your name"),
    ]:
        response = client.post(url, {"email": "rosa@example.org", "password1": bad, "password2": bad})
        assert response.status_code == 200 and message in response.content, bad
        assert bad.encode() not in response.content
    long_password = "x7#" * 30  # 90 characters are accepted
    response = client.post(url, {"email": "rosa@example.org", "password1": long_password, "password2": long_password})
    assert response.status_code == 302
    assert mail.outbox


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a_number=st.text(max_size=30), code=st.text(max_size=50))
def test_no_input_makes_an_error_page(client, db, a_number, code):
    for url, data in (
        (REGISTER, {"a_number": a_number, "code": code}),
        ("/account/lost-code/", {"a_number": a_number, "date_of_birth": code}),
    ):
        assert client.post(url, data).status_code in (200, 302, 429)
