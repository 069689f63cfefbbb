"""Staff admin sites need a second factor: password alone is refused, staff enroll at first sign-in."""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignIn, SignInGuard
from accounts.tests.helpers import PASSWORD, totp_token
from audit.models import AuditEvent
from conftest import login_verified

LOGIN = "/accounts/login/"
VERIFY = "/account/mfa/verify/"
SET_UP = "/account/mfa/set-up/"


@pytest.fixture
def clerk_with_app(clerk):
    clerk.set_password(PASSWORD)
    clerk.save()
    EmailAddress.objects.create(user=clerk, email=clerk.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=clerk, name="Authenticator app", confirmed=True)
    return clerk


def test_anonymous_admin_goes_to_the_account_sign_in_and_back(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next={quote('/admin/', safe='')}"


@pytest.mark.parametrize("url", ["/admin/", "/admin/cases/case/", "/admin/login/?next=/admin/"])
def test_password_only_staff_cannot_see_admin_pages(client, clerk_with_app, url):
    client.force_login(clerk_with_app)  # password passed, no second factor yet
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert "next=%2Fadmin%2F" in response["Location"]


def test_staff_signs_in_with_password_and_app_code_then_sees_the_admin(client, clerk_with_app):
    response = client.post(f"{LOGIN}?next=/admin/", {"login": clerk_with_app.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=clerk_with_app)
    response = client.post(response["Location"], {"method": "totp", "token": totp_token(device), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200 and b"Court records" in page.content


def test_staff_without_a_factor_enrolls_at_first_sign_in_and_comes_back(client, clerk):
    client.force_login(clerk)
    response = client.get("/admin/cases/case/")
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)
    next_url = "/admin/cases/case/"
    page = client.get(f"{SET_UP}?next={next_url}")
    assert page.status_code == 200
    assert b"Passkey" in page.content and b"usa-step-indicator" not in page.content  # no registration steps
    client.get(f"/account/mfa/app/?next={next_url}")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    response = client.post(f"/account/mfa/app/?next={next_url}", {"token": totp_token(device), "next": next_url})
    assert response.status_code == 302 and response["Location"].startswith("/account/mfa/backup-codes/")
    response = client.post("/account/mfa/backup-codes/saved/", {"next": next_url})
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200


def test_admin_sign_in_failures_count_like_respondents(client, clerk_with_app):
    for _i in range(3):
        response = client.post(f"{LOGIN}?next=/admin/", {"login": clerk_with_app.email, "password": "wrong password!"})
        assert response.status_code == 200
    assert SignInGuard.objects.get(user=clerk_with_app).failures == {"password": 3}


def test_verified_non_staff_is_refused_by_the_admin(client, respondent_user):
    login_verified(client, respondent_user)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:login") + "?next=/admin/").status_code == 403


def test_verified_staff_at_the_admin_login_goes_to_next(client, clerk):
    login_verified(client, clerk)
    response = client.get(reverse("admin:login") + "?next=/admin/cases/case/")
    assert response.status_code == 302 and response["Location"] == "/admin/cases/case/"
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")
    assert response["Location"] == "/admin/"


def test_admin_sign_out_ends_the_sign_in_and_password_change_needs_reauthentication(client, clerk):
    login_verified(client, clerk)
    session = client.session
    sign_in = SignIn.objects.create(user=clerk, session_key=session.session_key, factor="totp")
    session["accounts_sign_in_id"] = sign_in.pk
    session.save()
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response["Location"] == reverse("account_change_password")
    assert client.get(reverse("admin:logout")).status_code == 405
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 302
    sign_in.refresh_from_db()
    assert sign_in.ended_at is not None
    assert AuditEvent.objects.filter(action="accounts.signed_out", actor=clerk).exists()
    assert client.get("/admin/").status_code == 302
