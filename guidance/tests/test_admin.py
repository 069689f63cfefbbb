"""Clerks keep their own court's free legal help list in the admin; every change is audited."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AuditEvent
from guidance.models import LegalServiceProvider
from guidance.tests.factories import LegalServiceProviderFactory
from tests.support import login_verified

pytestmark = pytest.mark.django_db

PERMS = ("view", "add", "change")


@pytest.fixture
def guidance_clerk(clerk):
    # The clerk role does not list guidance permissions yet (accounts/roles.py belongs to the lead).
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="guidance", codename__in=[f"{p}_legalserviceprovider" for p in PERMS]
        )
    )
    return clerk


def _change_url(provider):
    return reverse("admin:guidance_legalserviceprovider_change", args=[provider.pk])


def test_clerk_sees_only_their_courts_providers(client, guidance_clerk, court, other_court):
    mine = LegalServiceProviderFactory(court=court, name="Testville Free Legal Clinic")
    LegalServiceProviderFactory(court=other_court, name="Otherton Legal Aid")
    login_verified(client, guidance_clerk)
    html = client.get(reverse("admin:guidance_legalserviceprovider_changelist")).content.decode()
    assert "Testville Free Legal Clinic" in html
    assert "Otherton Legal Aid" not in html
    assert client.get(_change_url(mine)).status_code == 200


def test_clerk_of_another_court_gets_404(client, guidance_clerk, other_court):
    theirs = LegalServiceProviderFactory(court=other_court)
    login_verified(client, guidance_clerk)
    assert client.get(_change_url(theirs)).status_code == 404
    assert client.post(_change_url(theirs), {"name": "Hijacked"}).status_code == 404
    history = reverse("admin:guidance_legalserviceprovider_history", args=[theirs.pk])
    assert client.get(history).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name != "Hijacked"


def test_clerk_cannot_add_a_provider_to_another_court(client, guidance_clerk, court, other_court):
    login_verified(client, guidance_clerk)
    add_url = reverse("admin:guidance_legalserviceprovider_add")
    response = client.post(add_url, {"court": other_court.pk, "name": "Elsewhere Aid", "active": "on"})
    assert response.status_code == 200  # the form answers "not a valid choice"
    assert not LegalServiceProvider.objects.filter(name="Elsewhere Aid").exists()


def test_staff_changes_are_audited(client, guidance_clerk, court):
    login_verified(client, guidance_clerk)
    add_url = reverse("admin:guidance_legalserviceprovider_add")
    data = {"court": court.pk, "name": "Testville Free Legal Clinic", "phone": "(555) 010-0160", "active": "on"}
    assert client.post(add_url, data).status_code == 302
    provider = LegalServiceProvider.objects.get(name="Testville Free Legal Clinic")
    created = AuditEvent.objects.get(action="legal_provider.created")
    assert (created.actor, created.court_id, created.target_id) == (guidance_clerk, court.pk, str(provider.pk))

    response = client.post(_change_url(provider), {**data, "languages": "Spanish", "active": ""})
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.active is False
    changed = AuditEvent.objects.get(action="legal_provider.changed")
    assert changed.data == {"fields": ["active", "languages"]}
    assert changed.court_id == court.pk


def test_providers_are_never_deleted_in_the_admin(client, superuser, court):
    provider = LegalServiceProviderFactory(court=court)
    login_verified(client, superuser)
    delete_url = reverse("admin:guidance_legalserviceprovider_delete", args=[provider.pk])
    assert client.get(delete_url).status_code == 403
    assert LegalServiceProvider.objects.filter(pk=provider.pk).exists()
