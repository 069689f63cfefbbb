import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import BackupCode, SignIn, SignInGuard
from accounts.services import account_unlock, backup_codes_generate
from accounts.tests.helpers import PASSWORD, totp_token
from audit.models import AuditEvent
from conftest import login_verified

LOGIN = "/accounts/login/"
VERIFY = "/account/mfa/verify/"
ACCOUNT = "/account/"


@pytest.fixture
def member(respondent):
    user = respondent.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def sign_in_password(client, user, password=PASSWORD, next_url=None):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password})


def test_sign_in_with_totp_then_case_pages(client, member):
    response = sign_in_password(client, member, next_url=ACCOUNT)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=member)
    response = client.post(f"{VERIFY}?next={ACCOUNT}", {"method": "totp", "token": totp_token(device), "next": ACCOUNT})
    assert response.status_code == 302 and response["Location"] == ACCOUNT
    assert client.session.session_key != before  # rotated at sign-in
    page = client.get(ACCOUNT)
    assert page.status_code == 200 and b"This session" in page.content
    sign_in = SignIn.objects.get(user=member)
    assert sign_in.factor == "totp" and sign_in.ip_address == "127.0.0.1"
    assert AuditEvent.objects.filter(action="accounts.signed_in", actor=member).exists()


def test_backup_code_works_once_and_is_stored_hashed(client, member):
    codes = backup_codes_generate(user=member, actor=member)
    assert not BackupCode.objects.filter(digest__icontains=codes[0].replace("-", "")).exists()
    sign_in_password(client, member)
    response = client.post(VERIFY, {"method": "backup", "backup_code": codes[0].lower()})
    assert response.status_code == 302 and not response["Location"].startswith(VERIFY)
    assert client.get(ACCOUNT).status_code == 200
    client.post(reverse("account_logout"))
    sign_in_password(client, member)
    response = client.post(VERIFY, {"method": "backup", "backup_code": codes[0]})
    assert response.status_code == 200 and b"did not work" in response.content
    assert client.get(ACCOUNT).status_code == 302


def test_unverified_session_sees_no_case_page(client, member):
    client.force_login(member)
    for url in (ACCOUNT, "/cases/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # Signing out and public pages stay reachable.
    assert client.get("/").status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302


def test_user_without_factor_is_sent_to_set_up(client, respondent_user):
    client.force_login(respondent_user)
    response = client.get("/cases/")
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
    # Backup codes cannot be made with a password alone.
    assert client.post(reverse("accounts:mfa_backup_codes")).status_code == 302
    assert not BackupCode.objects.exists()


def test_password_lockout_survives_cache_flush_and_is_emailed(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.SIGN_IN_LOCK_MINUTES = 30
    wrong = None
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(10):
            cache.clear()
            with django_capture_on_commit_callbacks(execute=True):
                wrong = sign_in_password(client, member, password="not the password at all")
            traveller.shift(datetime.timedelta(minutes=2))
        guard = SignInGuard.objects.get(user=member)
        assert guard.is_locked() and guard.failures["password"] == 10
        assert any("locked" in m.subject for m in mail.outbox)
        cache.clear()
        right = sign_in_password(client, member)
        assert right.status_code == 200 and "_auth_user_id" not in client.session
        unknown = client.post(LOGIN, {"login": "nobody@example.org", "password": "not the password at all"})
        assert (
            wrong.content.count(b"not right")
            == right.content.count(b"not right")
            == unknown.content.count(b"not right")
            == 1
        )
        traveller.shift(datetime.timedelta(minutes=31))
        cache.clear()
        assert sign_in_password(client, member).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.locked", target_id=str(member.pk)).exists()


def test_totp_failures_escalate_and_lock(client, member):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in_password(client, member)
        for n in range(1, 10):
            response = client.post(VERIFY, {"method": "totp", "token": "000000"})
            assert response.status_code == (200 if n <= 3 else 429), n
            traveller.shift(datetime.timedelta(minutes=2))
        response = client.post(VERIFY, {"method": "totp", "token": "000000"})
    assert response.status_code == 302 and response["Location"] == LOGIN  # signed out, locked
    assert SignInGuard.objects.get(user=member).is_locked()


def test_unlock_is_audited_and_emailed(member, support_agent):
    SignInGuard.objects.create(user=member, locked_at=timezone.now())
    account_unlock(user=member, actor=support_agent, reason="identity checked by phone")
    assert not SignInGuard.objects.get(user=member).is_locked()
    assert AuditEvent.objects.filter(action="accounts.unlocked", actor=support_agent).exists()


@pytest.mark.django_db(transaction=True)
def test_unlock_email(member, support_agent):
    account_unlock(user=member, actor=support_agent, reason="checked")
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_idle_timeout_returns_to_the_page(client, member):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login_verified(client, member)
        assert client.get(ACCOUNT).status_code == 200
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(ACCOUNT).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(ACCOUNT)
        assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=%2Faccount%2F"
        page = client.get(response["Location"])
        assert b"30 minutes" in page.content
        response = sign_in_password(client, member, next_url=ACCOUNT)
        response = client.get(response["Location"])
        device = TOTPDevice.objects.get(user=member)
        traveller.shift(datetime.timedelta(seconds=40))
        verify_url = response["Location"]
        response = client.post(verify_url, {"method": "totp", "token": totp_token(device), "next": ACCOUNT})
        assert response["Location"] == ACCOUNT


def test_absolute_timeout_after_12_hours(client, member):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        login_verified(client, member)
        for _ in range(36):
            assert client.get(ACCOUNT).status_code == 200
            traveller.shift(datetime.timedelta(minutes=20))
        traveller.shift(datetime.timedelta(minutes=1))
        response = client.get(ACCOUNT)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_cookie_is_not_persistent(client, member):
    response = sign_in_password(client, member)
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


def test_reauthentication_gate_for_password_change(client, member):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in_password(client, member)
        device = TOTPDevice.objects.get(user=member)
        client.post(VERIFY, {"method": "totp", "token": totp_token(device)})
        assert client.get(reverse("account_change_password")).status_code == 200  # just signed in
        traveller.shift(datetime.timedelta(minutes=6))
        response = client.get(reverse("account_change_password"))
        assert response["Location"].startswith(reverse("accounts:reauthenticate"))
        traveller.shift(datetime.timedelta(seconds=40))
        response = client.post(
            response["Location"],
            {"password": PASSWORD, "token": totp_token(device), "next": reverse("account_change_password")},
        )
        assert response["Location"] == reverse("account_change_password")
        assert client.get(reverse("account_change_password")).status_code == 200
        new = "a brand new long passphrase"
        response = client.post(
            reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
        )
        assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a brand new long passphrase")
    assert AuditEvent.objects.filter(action="accounts.password_changed", actor=member).exists()
    assert any(member.email in m.to and "assword" in m.subject for m in mail.outbox)


def test_factor_removal_never_the_last_and_needs_reauth(respondent_client, respondent):
    device = TOTPDevice.objects.get(user=respondent.user)
    url = reverse("accounts:factor_remove", args=["totp", device.pk])
    session = respondent_client.session
    session.pop("accounts_reauth_at", None)
    session.save()
    assert respondent_client.post(url)["Location"].startswith(reverse("accounts:reauthenticate"))
    session = respondent_client.session
    session["accounts_reauth_at"] = int(timezone.now().timestamp())
    session.save()
    respondent_client.post(url)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    second = TOTPDevice.objects.create(user=respondent.user, name="Second", confirmed=True)
    respondent_client.post(reverse("accounts:factor_remove", args=["totp", second.pk]))
    assert not TOTPDevice.objects.filter(pk=second.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.factor_removed").exists()


def test_sign_out_other_sessions(client, member):
    from django.test import Client

    other = Client()
    for c in (client, other):
        sign_in_password(c, member)
        c.post(VERIFY, {"method": "totp", "token": totp_token(TOTPDevice.objects.get(user=member))})
        TOTPDevice.objects.filter(user=member).update(last_t=-1)  # allow the same code in this test
    assert other.get(ACCOUNT).status_code == 200
    client.post(reverse("accounts:sessions_end_others"))
    assert client.get(ACCOUNT).status_code == 200
    assert other.get(ACCOUNT).status_code == 302


def test_sign_out_other_sessions_ends_password_only_ones_too(client, member):
    from django.test import Client

    login_verified(client, member)
    waiting = Client()
    sign_in_password(waiting, member)  # someone with the password, stopped at the second step
    assert waiting.get(VERIFY).status_code == 200
    client.post(reverse("accounts:sessions_end_others"))
    assert client.get(ACCOUNT).status_code == 200  # this session stays
    response = waiting.get(VERIFY)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
