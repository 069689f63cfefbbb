"""Who may add a second factor. A password alone never adds one to an account that has (or had) one:
not to an enrolled account (finding 8), and not after support reset the factors (finding 1), where
the first new factor needs a fresh proof sent to the verified email address."""

import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.services import backup_codes_generate, factor_recovery_done
from accounts.tests.helpers import PASSWORD, last_link, totp_token
from audit.models import AuditEvent
from common import tasks
from common.mail import email_deliver
from common.models import OutboundEmail
from conftest import login_verified

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
VERIFY = "/account/mfa/verify/"
SET_UP = "/account/mfa/set-up/"
APP = "/account/mfa/app/"
PASSKEY = "/account/mfa/passkey/"
PASSKEY_BEGIN = reverse("otp_webauthn:credential-registration-begin")
PASSKEY_COMPLETE = reverse("otp_webauthn:credential-registration-complete")


@pytest.fixture
def member(respondent):
    user = respondent.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


def password_only(client, user):
    """Signs in with the password over HTTP and stops at the second step (as an attacker would)."""
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return client


def test_password_only_session_cannot_add_a_factor_to_an_enrolled_account(client, member):
    password_only(client, member)
    for url in (APP, PASSKEY):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    response = client.post(APP, {"token": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=member).values_list("confirmed", flat=True)) == [True]
    for url in (PASSKEY_BEGIN, PASSKEY_COMPLETE):
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 403, url
        assert "otp_webauthn_register_state" not in client.session
    assert not WebAuthnCredential.objects.filter(user=member).exists()
    # Even with a re-authentication time left in the session from an earlier sign-in.
    session = client.session
    session["accounts_reauth_at"] = 2**31
    session.save()
    assert client.get(APP)["Location"].startswith(VERIFY)
    assert client.post(PASSKEY_BEGIN, {}, content_type="application/json").status_code == 403
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_backup_codes_alone_count_as_enrolled(client, member):
    """Backup codes without an app or passkey (devices removed in the clerk admin) need a verified session too."""
    backup_codes_generate(user=member, actor=member)
    TOTPDevice.objects.filter(user=member).delete()
    password_only(client, member)
    assert client.get(APP)["Location"].startswith(VERIFY)
    assert client.post(APP, {"token": "123456"})["Location"].startswith(VERIFY)
    assert client.get(PASSKEY)["Location"].startswith(VERIFY)
    assert client.post(PASSKEY_BEGIN, {}, content_type="application/json").status_code == 403
    assert not TOTPDevice.objects.filter(user=member).exists()


# --- after a support reset: every session ends, and the first new factor needs the emailed link -----


RESET_REASON = "Ticket 4411, caller verified"


def _support_reset(user, support_agent, capture):
    agent = login_verified(Client(), support_agent)
    with capture(execute=True):
        response = agent.post(
            reverse("support:accounts_user_action", args=[user.pk, "reset-factors"]), {"reason": RESET_REASON}
        )
    assert response.status_code == 302


def _links_sent() -> list:
    return [m for m in mail.outbox if m.subject == "Finish setting up your sign-in"]


def test_a_password_only_session_cannot_enrol_after_a_support_reset(
    member, support_agent, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # An attacker with a phished password signs in and waits at the second step.
    attacker = password_only(Client(), member)
    assert attacker.get(SET_UP)["Location"].startswith(VERIFY)
    # The real person calls support, who resets the second step.
    _support_reset(member, support_agent, capture)
    # The attacker's waiting session is over.
    response = attacker.get(SET_UP)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in attacker.session
    # A new password-only session gets a page that says a link was emailed, and cannot enrol anything.
    with capture(execute=True):
        password_only(attacker, member)
        page = attacker.get(SET_UP)
    assert page.status_code == 200
    assert b"We sent a link to your email to finish setting up your sign-in" in page.content
    assert [m.to for m in _links_sent()] == [[member.email]]
    for url in (APP, PASSKEY):
        response = attacker.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SET_UP), url
    assert attacker.post(APP, {"token": "123456"})["Location"].startswith(SET_UP)
    for url in (PASSKEY_BEGIN, PASSKEY_COMPLETE):
        response = attacker.post(url, {}, content_type="application/json")
        assert response.status_code == 403 and response.json()["code"] == "recovery_required", url
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not WebAuthnCredential.objects.filter(user=member).exists()
    with capture(execute=True):
        attacker.get(SET_UP)  # coming back does not send another email while the link is live
    assert len(_links_sent()) == 1
    # The real person signs in with the password, opens the emailed link and sets up a new app.
    person = password_only(Client(), member)
    link = last_link("/account/mfa/recovery/")
    page = person.get(link)
    assert page.status_code == 200 and b"Finish setting up your sign-in" in page.content
    assert not AuditEvent.objects.filter(action="accounts.factor_recovery_proved").exists()  # a GET uses nothing
    response = person.post(link)
    assert response.status_code == 302 and response["Location"] == SET_UP
    assert b"Use an authenticator app" in person.get(SET_UP).content
    assert person.post(PASSKEY_BEGIN, {}, content_type="application/json").status_code == 200
    assert person.get(APP).status_code == 200
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    with capture(execute=True):
        response = person.post(APP, {"token": totp_token(device)})
    assert response.status_code == 302 and response["Location"].startswith("/account/mfa/backup-codes/")
    assert person.get("/account/").status_code == 200
    # The attacker's session, which never had the link, still cannot add anything.
    assert attacker.get(APP)["Location"].startswith(VERIFY)
    assert attacker.post(PASSKEY_BEGIN, {}, content_type="application/json").status_code == 403
    assert TOTPDevice.objects.filter(user=member).count() == 1
    assert AuditEvent.objects.filter(action="accounts.factor_recovery_link_sent", target_id=str(member.pk)).count() == 1
    assert AuditEvent.objects.filter(action="accounts.factor_recovery_proved", outcome="success").count() == 1


def test_the_link_is_single_use_short_lived_and_void_after_a_new_reset(
    member, support_agent, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _support_reset(member, support_agent, capture)
        member.refresh_from_db()
        first = password_only(Client(), member)
        with capture(execute=True):
            first.get(SET_UP)
        old_link = last_link("/account/mfa/recovery/")
        traveller.shift(datetime.timedelta(minutes=20))
        with capture(execute=True):
            first.get(SET_UP)  # the session stays alive; the first link is still live: no new email
        traveller.shift(datetime.timedelta(minutes=11))
        assert len(_links_sent()) == 1
        expired = first.post(old_link)
        assert expired.status_code == 400 and b"This link does not work" in expired.content
        with capture(execute=True):
            first.post(reverse("accounts:mfa_recovery_send"))
        link = last_link("/account/mfa/recovery/")
        assert link != old_link and len(_links_sent()) == 2
        with capture(execute=True):
            again = first.post(reverse("accounts:mfa_recovery_send"), follow=True)
        assert b"less than a minute ago" in again.content and len(_links_sent()) == 2
        # Used once in one session, the link is spent for every other one.
        assert first.post(link)["Location"] == SET_UP
        second = password_only(Client(), member)
        assert second.post(link).status_code == 400
        assert second.get(APP)["Location"].startswith(SET_UP)
        assert first.get(APP).status_code == 200
        # A new reset voids both the proof in that session and every link sent before it.
        _support_reset(member, support_agent, capture)
        member.refresh_from_db()
        third = password_only(Client(), member)
        assert third.post(link).status_code == 400
        assert third.get(APP)["Location"].startswith(SET_UP)
        assert first.get(APP)["Location"].startswith(LOGIN)  # that session ended with the reset
    assert AuditEvent.objects.filter(action="accounts.factor_recovery_proved", outcome="failure").count() == 3


def test_a_link_for_another_account_or_tampered_with_does_not_work(
    member, support_agent, other_respondent, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _support_reset(member, support_agent, capture)
    other = other_respondent.user
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    _support_reset(other, support_agent, capture)
    mine = password_only(Client(), member)
    with capture(execute=True):
        password_only(Client(), other).get(SET_UP)
    their_link = last_link("/account/mfa/recovery/")
    assert mine.post(their_link).status_code == 400
    assert mine.post(their_link.replace("/recovery/", "/recovery/x")).status_code == 400
    assert mine.get(APP)["Location"].startswith(SET_UP)


def test_a_recovery_email_is_not_sent_once_a_new_factor_was_set_up_meanwhile(
    member, support_agent, django_capture_on_commit_callbacks, monkeypatch
):
    """The link is made when the worker renders the email: a queued email whose recovery is over has nothing
    to say, so its subject renders empty and common.mail marks it failed instead of sending it."""
    _support_reset(member, support_agent, django_capture_on_commit_callbacks)
    monkeypatch.setattr(tasks.email_deliver, "delay", lambda *args, **kwargs: None)  # still in the queue
    with django_capture_on_commit_callbacks(execute=True):
        password_only(Client(), member).get(SET_UP)
    monkeypatch.undo()
    factor_recovery_done(user=member)  # a new factor was set up before the worker got to the email
    email = OutboundEmail.objects.get(template="accounts/email/factor_recovery")
    assert email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.FAILED and email.last_error == "nothing to send"
    assert _links_sent() == []
