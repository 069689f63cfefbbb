"""The support console at /support/: support role with a second factor, search, audited account
pages, actions with a reason, an audit event and an email; nothing about cases."""

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import AccessCode, BackupCodeDevice, SignIn, SignInGuard
from accounts.services import access_code_issue, backup_codes_generate
from accounts.signals import registration_notice_requested
from audit.models import AuditEvent
from cases.tests.factories import CaseFactory, RecordDocumentFactory
from conftest import login_verified

pytestmark = pytest.mark.django_db

CHANGELIST = "support:accounts_user_changelist"


@pytest.fixture
def agent(client, support_agent):
    return login_verified(client, support_agent)


@pytest.fixture
def person(respondent):
    """A registered respondent (A-number 123456789) with an app, backup codes and an open session."""
    respondent.a_number = "123456789"
    respondent.save()
    return respondent.user


def _account_url(user):
    return reverse("support:accounts_user_change", args=[user.pk])


def _action_url(user, action):
    return reverse("support:accounts_user_action", args=[user.pk, action])


def _found(client, q) -> set[str]:
    response = client.get(reverse(CHANGELIST), {"q": q})
    assert response.status_code == 200
    return {u.email for u in response.context["cl"].result_list}


@pytest.mark.parametrize("q", ["123456789", "A123456789", "A-123-456-789", "a 123 456 789", "123-456-789"])
def test_search_by_a_number_in_any_form(agent, person, other_respondent, q):
    assert _found(agent, q) == {person.email}


def test_search_by_email_and_name(agent, person, other_respondent):
    assert _found(agent, "respondent@example") == {person.email}
    assert _found(agent, "RESPONDENT@example.org") == {person.email}
    assert _found(agent, "pérez") == {person.email}
    assert _found(agent, "María Pér") == {person.email}
    assert _found(agent, "Otra") == {other_respondent.user.email}
    assert _found(agent, "nobody") == set()


def test_staff_accounts_are_not_listed(agent, person, clerk):
    assert _found(agent, "clerk@example.org") == set()
    assert agent.get(_account_url(clerk)).status_code == 404


def test_support_index_shows_only_accounts(agent):
    response = agent.get(reverse("support:index"))
    assert response.status_code == 200
    app_list = response.context["app_list"]
    models = {f"{app['app_label']}.{m['object_name'].lower()}" for app in app_list for m in app["models"]}
    assert models == {"accounts.user"}
    assert reverse("support:my_actions").encode() in response.content


def test_opening_an_account_is_audited_and_shows_the_facts(agent, person, support_agent):
    TOTPDevice.objects.create(user=person, name="Phone app secret name", confirmed=True)
    SignIn.objects.create(user=person, ip_address="203.0.113.9", user_agent="Firefox, Android", factor="totp")
    SignInGuard.objects.create(user=person, locked_at=timezone.now(), locked_until=None, total_failures=100)
    page = agent.get(_account_url(person))
    assert page.status_code == 200
    text = page.content.decode()
    assert "A-123-456-789" in text and "Testville Immigration Court" in text
    assert "Authenticator app" in text and "Phone app secret name" not in text  # type and date only
    assert "203.0.113.9" in text and "Locked until support unlocks it" in text
    event = AuditEvent.objects.get(action="account.viewed")
    assert event.actor == support_agent and event.actor_role == "support" and event.target_id == str(person.pk)


def test_opening_never_shows_hearings_or_documents(agent, person):
    case = person.respondent.cases.first()
    RecordDocumentFactory(case=case, title="Secret evidence memo")
    text = agent.get(_account_url(person)).content.decode()
    assert "Secret evidence memo" not in text and "/cases/" not in text


@pytest.mark.parametrize("action", ["unlock", "reset-factors", "reissue-code", "deactivate", "reactivate"])
def test_every_action_needs_a_reason(agent, person, action):
    before = AuditEvent.objects.exclude(action="account.viewed").count()
    response = agent.post(_action_url(person, action), {"reason": ""})
    assert response.status_code == 200 and b"Type the reason for this action." in response.content
    assert AuditEvent.objects.exclude(action="account.viewed").count() == before
    assert mail.outbox == []


def _do(client, user, action, reason="Ticket 4411, caller verified", capture=None):
    response = client.post(_action_url(user, action), {"reason": reason})
    assert response.status_code == 302 and response["Location"] == _account_url(user)
    return response


def _audited(action, support_agent, person):
    event = AuditEvent.objects.get(action=action, actor=support_agent)
    assert event.actor_role == "support" and event.target_id == str(person.pk)
    assert event.data["reason"] == "Ticket 4411, caller verified"


def test_unlock_clears_the_lock(agent, person, support_agent, django_capture_on_commit_callbacks):
    SignInGuard.objects.create(user=person, locked_at=timezone.now(), total_failures=100, failures={"totp": 100})
    with django_capture_on_commit_callbacks(execute=True):
        _do(agent, person, "unlock")
    guard = SignInGuard.objects.get(user=person)
    assert not guard.is_locked() and guard.total_failures == 0
    _audited("accounts.unlocked", support_agent, person)
    assert [m.to for m in mail.outbox] == [[person.email]] and "unlocked" in mail.outbox[0].subject


def test_reset_removes_factors_and_sessions(agent, person, support_agent, django_capture_on_commit_callbacks):
    person_client = login_verified(Client(), person)
    SignIn.objects.create(user=person, session_key=person_client.session.session_key, factor="totp")
    WebAuthnCredential.objects.create(user=person, name="key", confirmed=True, credential_id_sha256="x" * 64)
    backup_codes_generate(user=person, actor=person)
    page = agent.get(_action_url(person, "reset-factors"))
    assert b"Check who you are talking to first" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        _do(agent, person, "reset-factors")
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not WebAuthnCredential.objects.filter(user=person).exists()
    assert not BackupCodeDevice.objects.filter(user=person).exists()
    assert person_client.get("/account/").status_code == 302  # signed out
    _audited("accounts.second_factor_reset", support_agent, person)
    assert mail.outbox[-1].to == [person.email] and "reset" in mail.outbox[-1].subject
    # At the next sign-in the person is sent to set up a new second step, after an emailed link.
    person.refresh_from_db()  # the reset raised the session epoch
    fresh = Client()
    fresh.force_login(person)
    response = fresh.get("/account/")
    assert response["Location"].startswith("/account/mfa/set-up/")
    assert b"We sent a link to your email" in fresh.get(response["Location"]).content


def test_reissue_creates_a_new_code_revokes_the_old_and_requests_a_letter(
    agent, person, support_agent, django_capture_on_commit_callbacks
):
    old = access_code_issue(respondent=person.respondent, actor=None, reason="test")
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    registration_notice_requested.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _do(agent, person, "reissue-code")
    finally:
        registration_notice_requested.disconnect(receiver)
    old.refresh_from_db()
    new = AccessCode.objects.get(respondent=person.respondent, status=AccessCode.Status.ISSUED)
    assert old.status == AccessCode.Status.REVOKED and new.pk != old.pk and new.reason == "support_reissue"
    assert received[0]["access_code_id"] == new.pk and received[0]["reason"] == "support_reissue"
    _audited("accounts.access_code_reissued", support_agent, person)
    assert mail.outbox[-1].to == [person.email]


def test_deactivate_ends_sessions_and_reactivate_restores(
    agent, person, support_agent, django_capture_on_commit_callbacks
):
    person_client = login_verified(Client(), person)
    key = person_client.session.session_key
    SignIn.objects.create(user=person, session_key=key, factor="totp")
    assert person_client.get("/account/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        _do(agent, person, "deactivate")
    person.refresh_from_db()
    assert not person.is_active and not Session.objects.filter(session_key=key).exists()
    response = person_client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    _audited("accounts.deactivated", support_agent, person)
    assert "turned off" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        _do(agent, person, "reactivate")
    person.refresh_from_db()
    assert person.is_active
    _audited("accounts.reactivated", support_agent, person)
    assert "turned on" in mail.outbox[-1].subject


def test_my_actions_lists_only_my_own_events(agent, person, support_agent, clerk):
    agent.get(_account_url(person))
    AuditEvent.objects.create(actor=clerk, action="case.changed")
    page = agent.get(reverse("support:my_actions"))
    assert page.status_code == 200
    actions = [e.action for e in page.context["page"].object_list]
    assert actions == ["account.viewed"]


@pytest.mark.parametrize("who", ["clerk", "supervisor", "superuser", "respondent_user"])
def test_non_support_users_are_refused(client, request, person, who):
    user = request.getfixturevalue(who)
    login_verified(client, user)
    assert client.get(reverse("support:index")).status_code == 302
    assert client.get(_account_url(person)).status_code == 302
    assert client.get(reverse("support:login")).status_code == 403
    assert not AuditEvent.objects.filter(action="account.viewed").exists()


def test_support_without_second_factor_is_sent_to_verify(client, support_agent):
    TOTPDevice.objects.create(user=support_agent, name="app", confirmed=True)
    client.force_login(support_agent)
    response = client.get(reverse("support:index"))
    assert response.status_code == 302 and response["Location"].startswith("/account/mfa/verify/")


def test_anonymous_goes_to_the_account_sign_in(client):
    response = client.get(reverse("support:login") + "?next=/support/")
    assert response["Location"] == "/accounts/login/?next=%2Fsupport%2F"


def test_support_cannot_reach_case_pages_or_documents(agent, person):
    case = person.respondent.cases.first()
    document = RecordDocumentFactory(case=case)
    for url in (
        reverse("cases:hearings", args=[case.pk]),
        reverse("cases:record", args=[case.pk]),
        reverse("cases:record_download", args=[case.pk]),
        reverse("cases:document_download", args=[document.pk]),
        reverse("cases:document_view", args=[document.pk]),
    ):
        assert agent.get(url).status_code == 404, url
    assert agent.get(reverse("admin:cases_case_changelist")).status_code == 403
    assert agent.get(reverse("admin:cases_recorddocument_changelist")).status_code == 403
    other = CaseFactory(respondent=person.respondent)
    assert agent.get(f"/support/cases/case/{other.pk}/change/").status_code == 404


def test_unlinked_account_shows_no_court_and_cannot_get_a_code(agent, respondent_user, court):
    CaseFactory(court=court)  # a court with cases that are not this person's
    page = agent.get(_account_url(respondent_user))
    text = page.content.decode()
    assert "Not linked to a court record" in text and "Testville" not in text
    response = agent.post(_action_url(respondent_user, "reissue-code"), {"reason": "Caller asked for a letter"})
    assert response.status_code == 200 and b"not linked to a court record" in response.content
    assert not AccessCode.objects.exists() and mail.outbox == []
