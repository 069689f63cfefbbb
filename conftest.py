"""Fixtures shared by every test: one per role, private storage in a temporary folder."""

import pytest

from accounts.services import role_assign, roles_sync
from accounts.tests.factories import StaffFactory, UserFactory
from cases.tests.factories import CourtFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Files go to a fresh private folder; Celery runs tasks in-process."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from portal.celery import app

    app.conf.task_always_eager = True


@pytest.fixture
def roles(db):
    roles_sync()


@pytest.fixture
def court(db):
    return CourtFactory(code="TST", name="Testville Immigration Court", time_zone="America/Chicago")


@pytest.fixture
def other_court(db):
    return CourtFactory(code="OTH", name="Otherton Immigration Court", time_zone="America/New_York")


@pytest.fixture
def respondent_user(db):
    return UserFactory(email="respondent@example.org")


@pytest.fixture
def clerk(roles, court):
    user = StaffFactory(email="clerk@example.org")
    role_assign(user=user, role_key="clerk")
    court.staff.add(user)
    return user


@pytest.fixture
def supervisor(roles, court):
    user = StaffFactory(email="supervisor@example.org")
    role_assign(user=user, role_key="supervisor")
    court.staff.add(user)
    return user


@pytest.fixture
def support_agent(roles):
    user = StaffFactory(email="support@example.org")
    role_assign(user=user, role_key="support")
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
