"""Fixtures shared by every test: one per role, private storage in a temporary folder."""

import pytest

from accounts.services import role_assign, roles_sync
from accounts.tests.factories import StaffFactory, UserFactory
from cases.tests.factories import CaseFactory, CourtFactory, RespondentFactory
from tests.support import PASSWORD, login_verified

__all__ = ["PASSWORD", "login_verified"]  # the sign-in helpers live in tests/support.py; old imports keep working


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
    # Each test client builds its own middleware: without autorefresh WhiteNoise would index every
    # collected static file (~16,000) for each one.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
    from portal.celery import app

    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _language_reset():
    """A test that activates a language (directly or through a request in this thread) must not
    leave it active for the next test in the same worker: labels would come out translated."""
    yield
    from django.utils import translation

    translation.deactivate()


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


@pytest.fixture
def respondent(respondent_user, court):
    """The signed-in test respondent's court record, with one pending case in `court`."""
    person = RespondentFactory(user=respondent_user, given_name="María", family_name="Pérez")
    CaseFactory(respondent=person, court=court)
    return person


@pytest.fixture
def respondent_client(client, respondent):
    """A test client signed in (password and second factor) as the respondent who owns `respondent`."""
    return login_verified(client, respondent.user)


@pytest.fixture
def other_respondent(db, other_court):
    """Someone else's record and case: every attempt to reach it must answer 404."""
    person = RespondentFactory(user=UserFactory(email="other@example.org"), given_name="Ana", family_name="Otra")
    CaseFactory(respondent=person, court=other_court)
    return person
