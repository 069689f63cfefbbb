"""Which models the clerk admin (Django's default site) shows to each role."""

import pytest
from django.urls import reverse

from tests.support import login_verified

pytestmark = pytest.mark.django_db

COURT_RECORDS = {
    "cases.immigrationcourt",
    "cases.judge",
    "cases.respondent",
    "cases.case",
    "cases.hearing",
    "cases.recorddocument",
}
# Apps whose models this issue puts on the clerk site (filings and notices add their own, tested there).
OWNED_APPS = {"cases", "audit", "accounts", "auth", "otp_totp"}


def _index_models(client, user) -> set[str]:
    login_verified(client, user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {
        f"{app['app_label']}.{model['object_name'].lower()}"
        for app in response.context["app_list"]
        for model in app["models"]
    }


def _owned(models: set[str]) -> set[str]:
    return {m for m in models if m.split(".")[0] in OWNED_APPS}


def test_clerk_sees_court_records_and_audit_events(client, clerk):
    assert _owned(_index_models(client, clerk)) == COURT_RECORDS | {"audit.auditevent"}


def test_supervisor_sees_the_same_models(client, supervisor):
    assert _owned(_index_models(client, supervisor)) == COURT_RECORDS | {"audit.auditevent"}


def test_support_agent_sees_no_court_records(client, support_agent):
    models = _index_models(client, support_agent)
    assert not {m for m in models if m.startswith("cases.")}
    assert "accounts.user" not in models  # users are looked up on the support site, audited there


def test_superuser_sees_everything(client, superuser):
    models = _index_models(client, superuser)
    assert COURT_RECORDS | {"audit.auditevent", "accounts.user", "auth.group"} <= models


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302


def test_respondent_cannot_use_the_clerk_admin(client, respondent_user):
    client.force_login(respondent_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(reverse("admin:cases_case_changelist")).status_code == 302


def test_users_admin_is_superuser_only_and_audited(client, superuser, clerk):
    from audit.models import AuditEvent

    login_verified(client, clerk)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    login_verified(client, superuser)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200
    url = reverse("admin:accounts_user_change", args=[clerk.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"first_name": "Renamed", "groups": [g.pk for g in clerk.groups.all()]})
    for flag in ("is_active", "is_staff", "is_superuser"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="user.changed")
    assert event.actor == superuser and "Renamed" not in str(event.data)
