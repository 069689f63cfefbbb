"""The audit log in the clerk admin: read-only, clerks see their courts' events only."""

import pytest
from django.urls import reverse

from audit.admin import scope_audit_events
from audit.models import AuditEvent
from audit.services import audit_record
from conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(court, other_court, clerk, support_agent):
    return {
        "mine": audit_record(actor=clerk, action="case.changed", court_id=court.pk),
        "theirs": audit_record(actor=None, action="case.changed", court_id=other_court.pk),
        "support": audit_record(actor=support_agent, action="account.looked_up"),
        "nowhere": audit_record(actor=None, action="role.synced"),
    }


def _listed(client):
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_clerk_reads_only_their_courts_events(client, clerk, events):
    login_verified(client, clerk)
    assert _listed(client) == {events["mine"]}
    assert client.get(reverse("admin:audit_auditevent_change", args=[events["theirs"].pk])).status_code == 404


def test_superuser_reads_everything(client, superuser, events):
    login_verified(client, superuser)
    assert _listed(client) >= set(events.values())


def test_support_agent_reads_only_own_actions(support_agent, events):
    visible = set(scope_audit_events(AuditEvent.objects.all(), support_agent))
    assert visible == {events["support"]}


def test_support_agent_has_no_audit_log_on_the_clerk_site(client, support_agent, events):
    login_verified(client, support_agent)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 403


def test_audit_log_is_read_only_even_for_superusers(client, superuser, events):
    login_verified(client, superuser)
    event = events["mine"]
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200 and page.context["adminform"].form.fields == {}
    assert client.post(change_url, {"action": "forged"}).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.action == "case.changed"
    assert "action-select" not in client.get(reverse("admin:audit_auditevent_changelist")).text
