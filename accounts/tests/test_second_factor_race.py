"""Second-factor waits hold under a parallel burst: checking the wait, verifying the code and counting
the failure happen under one row lock, so N parallel wrong guesses get no more verifications than the
same guesses one after another (issue 13, finding 6)."""

import threading
import time

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SignInGuard, User
from accounts.tests.factories import UserFactory
from accounts.tests.helpers import PASSWORD
from audit.models import AuditEvent
from conftest import login_verified

VERIFY = "/account/mfa/verify/"
REAUTH = "/account/reauthenticate/"


@pytest.fixture
def slow_verification(monkeypatch):
    """Counts real verifications and makes each take a moment, as a busy server would: a race window."""
    calls = []
    original = TOTPDevice.verify_token

    def verify_token(self, token):
        calls.append(token)
        time.sleep(0.2)
        return original(self, token)

    monkeypatch.setattr(TOTPDevice, "verify_token", verify_token)
    return calls


def _burst(clients, path, data):
    start = threading.Barrier(len(clients))
    statuses = [None] * len(clients)

    def run(i, client):
        try:
            start.wait()
            statuses[i] = client.post(path, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("free", [0, 3])
@pytest.mark.parametrize("page", ["verify at sign-in", "re-authenticate"])
def test_parallel_wrong_codes_get_one_verification_per_wait(settings, slow_verification, free, page):
    settings.SIGN_IN_FREE_FAILURES = free
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    clients = []
    for _i in range(8):  # eight sessions, each sending a wrong code at the same moment
        client = Client()
        if page == "verify at sign-in":
            client.force_login(user)  # past the password, at the second step
        else:
            login_verified(client, user)  # signed in, confirming it is them before a change
        clients.append(client)
    path, data = (VERIFY, {"method": "totp", "token": "000000"})
    if page == "re-authenticate":
        path, data = (REAUTH, {"password": PASSWORD, "token": "000000", "next": "/account/"})
    with time_machine.travel(timezone.now(), tick=False):
        statuses = _burst(clients, path, data)
    # The free tries, then the one whose failure starts the first wait; everyone else is told to wait.
    assert len(slow_verification) == free + 1, statuses
    if page == "verify at sign-in":
        assert statuses.count(200) == free and statuses.count(429) == 8 - free  # the (free+1)th waits too
    guard = SignInGuard.objects.get(user=user)
    assert guard.failures == {"totp": free + 1} and guard.next_try_at is not None
    assert AuditEvent.objects.filter(action="accounts.sign_in_failed", target_id=str(user.pk)).count() == free + 1


@pytest.mark.django_db
def test_passkey_completion_counts_a_failed_try_and_refuses_during_a_wait(client, settings):
    from django.urls import reverse

    settings.SIGN_IN_FREE_FAILURES = 0
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    url = reverse("otp_webauthn:credential-authentication-complete")
    with time_machine.travel(timezone.now(), tick=False):
        failed = client.post(url, {}, content_type="application/json")  # no ceremony begun: a failed try
        assert failed.status_code == 400 and failed.json()["code"] == "invalid_state"
        assert SignInGuard.objects.get(user=user).failures == {"webauthn": 1}
        waiting = client.post(url, {}, content_type="application/json")
        assert waiting.status_code == 429 and waiting.json()["code"] == "locked"
    assert SignInGuard.objects.get(user=user).failures == {"webauthn": 1}  # a refused try is not counted


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_are_checked_one_at_a_time(settings, monkeypatch):
    """The same for the password: a burst of wrong passwords gets one check per wait."""
    settings.SIGN_IN_FREE_FAILURES = 0
    user = UserFactory()
    original = User.check_password

    def slow_check_password(self, raw_password):
        time.sleep(0.2)
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", slow_check_password)
    clients = [Client() for _i in range(6)]
    with time_machine.travel(timezone.now(), tick=False):
        statuses = _burst(clients, "/accounts/login/", {"login": user.email, "password": "not the password at all"})
    assert statuses == [200] * 6  # the same answer for a wrong password and a wait
    guard = SignInGuard.objects.get(user=user)
    assert guard.failures == {"password": 1} and guard.next_try_at is not None
