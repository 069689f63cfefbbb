from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import ROLES
from accounts.services import roles_sync


@pytest.mark.django_db
def test_migrations_are_complete():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_roles_in_code_match_the_database():
    roles_sync()
    for role in ROLES:
        group = Group.objects.get(name=role.group_name)
        in_db = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert in_db == set(role.permissions), role.key
    assert roles_sync() == []  # a second sync finds nothing to change


@pytest.mark.django_db
def test_sync_roles_repairs_a_group_changed_by_hand():
    roles_sync()
    group = Group.objects.get(name="Clerk")
    group.permissions.clear()
    out = StringIO()
    call_command("sync_roles", stdout=out)
    assert "clerk" in out.getvalue()
    assert group.permissions.count() == len(ROLES[0].permissions)
