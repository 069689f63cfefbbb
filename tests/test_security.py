"""Security settings and headers a scanner or an attacker would check first."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.support import PASSWORD, login_verified

BASE_DIR = Path(__file__).resolve().parent.parent
# Secrets production refuses to start without (each one also in .env.example).
PRODUCTION_SECRETS = ["SECRET_KEY", "ACCESS_CODE_PEPPER"]


def test_production_settings_pass_check_deploy():
    env = {
        # The browser tests allow async-unsafe ORM calls for their process; production never does.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        },
        "DJANGO_ENV": "production",
        "ALLOWED_HOSTS": "portal.example.org",
        **{name: secrets.token_urlsafe(50)[:50] for name in PRODUCTION_SECRETS},
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_ENV": "production", "ALLOWED_HOSTS": "portal.example.org"}
    env.update({name: secrets.token_urlsafe(50) for name in PRODUCTION_SECRETS})
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _csp(response) -> dict[str, str]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/no-such-page/"])
def test_public_pages_send_the_security_headers(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert len(response["X-Request-ID"]) >= 8


@pytest.mark.django_db
def test_every_response_gets_its_own_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_a_proxy_request_id_is_kept_and_a_malformed_one_replaced(client):
    assert client.get("/", headers={"X-Request-ID": "proxy-id-1234"})["X-Request-ID"] == "proxy-id-1234"
    replaced = client.get("/", headers={"X-Request-ID": "bad id\r\nSet-Cookie: x"})["X-Request-ID"]
    assert replaced != "bad id\r\nSet-Cookie: x"
    assert " " not in replaced


@pytest.mark.django_db
def test_anonymous_public_pages_may_be_cached_but_signed_in_pages_are_not(client, respondent):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    login_verified(client, respondent.user)
    response = client.get("/")
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_language_switch_requires_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 403
    page = client.get("/")
    token = page.context["csrf_token"]
    response = client.post(reverse("set_language"), {"language": "es", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_requires_the_csrf_token(respondent_user):
    respondent_user.set_password(PASSWORD)
    respondent_user.save()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": respondent_user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_requires_the_csrf_token(respondent):
    client = login_verified(Client(enforce_csrf_checks=True), respondent.user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    assert "_auth_user_id" in client.session


def test_cookies_are_http_only_and_same_site(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE in {"Lax", "Strict"}
    assert settings.CSRF_COOKIE_SAMESITE in {"Lax", "Strict"}
