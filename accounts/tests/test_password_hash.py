"""The password hash: argon2id at OWASP's m=19 MiB, t=2, p=1, and old hashes upgraded at sign-in (ADR 0130)."""

import pytest
from argon2 import PasswordHasher, extract_parameters

from accounts.tests.helpers import PASSWORD
from portal import settings as portal_settings

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def production_hashers(settings):
    """The suite hashes with MD5 for speed (conftest.py); these tests use the portal's own list."""
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS


def _parameters(user):
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    return extract_parameters(user.password.removeprefix("argon2"))


def test_new_passwords_are_hashed_with_the_owasp_parameters(respondent):
    user = respondent.user
    user.set_password("a new and long passphrase")
    user.save()
    params = _parameters(user)
    assert (params.type.name, params.memory_cost, params.time_cost, params.parallelism) == ("ID", 19456, 2, 1)


def test_a_hash_with_django_s_old_parameters_still_signs_in_and_is_upgraded(client, respondent):
    user = respondent.user
    old = PasswordHasher(time_cost=2, memory_cost=102400, parallelism=8).hash(PASSWORD)
    user.password = "argon2" + old
    user.save(update_fields=["password"])
    assert _parameters(user).memory_cost == 102400

    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302  # on to the second factor: the password was accepted
    params = _parameters(user)
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19456, 2, 1)


def test_a_wrong_password_does_not_touch_the_stored_hash(client, respondent):
    user = respondent.user
    before = user.password
    response = client.post(LOGIN, {"login": user.email, "password": "not the password at all"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == before
