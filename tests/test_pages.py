"""The page shell every visitor sees: banner, skip link, navigation, language, footer, error pages."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ERRORS = {
    400: ("/test-errors/400/", "Bad request", "Solicitud incorrecta"),
    403: ("/test-errors/403/", "You do not have access to this page", "No tiene acceso a esta página"),
    404: ("/no-such-page/", "Page not found", "No encontramos esta página"),
    500: ("/test-errors/500/", "Something went wrong on our side", "Algo salió mal de nuestro lado"),
}


def spanish(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def test_home_has_the_shell_in_plain_language(client, settings):
    settings.SUPPORT_PHONE = "(555) 010-0123"
    settings.SUPPORT_EMAIL = "ayuda@example.org"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "This is a demonstration. It is not an official government website." in html
    assert html.index('class="usa-skipnav" href="#main-content"') < html.index("portal-demo-banner")
    assert '<main id="main-content"' in html
    assert 'href="tel:+15550100123"' in html
    assert "(555) 010-0123" in html
    assert 'href="mailto:ayuda@example.org"' in html
    assert f'href="{reverse("account_login")}"' in html
    assert "See your immigration court case online" in html


def test_no_inline_style_or_script_anywhere_in_the_shell(client):
    html = client.get("/").content.decode()
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html


def test_demo_banner_can_be_turned_off(client, settings):
    settings.DEMO_BANNER = False
    html = client.get("/").content.decode()
    assert "not an official government website" not in html


def test_home_in_spanish(client):
    response = spanish(client).get("/")
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert "Vea en línea su caso en el tribunal de inmigración" in html
    assert "Esto es una demostración. No es un sitio web oficial del gobierno." in html
    assert "Saltar al contenido principal" in html
    assert "Portal de Acceso para Demandados" in html


def test_language_selector_switches_and_keeps_the_page(client):
    html = client.get("/?from=test").content.decode()
    assert 'name="next" value="/?from=test"' in html
    assert '<button type="submit"' in html and 'value="es"' in html
    response = client.post(reverse("set_language"), {"language": "es", "next": "/?from=test"})
    assert response.status_code == 302
    assert response["Location"] == "/?from=test"
    assert '<html lang="es">' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_language_selector_refuses_to_send_people_elsewhere(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("status", sorted(ERRORS))
def test_error_pages_render_with_their_status_in_english(status):
    path, english, _ = ERRORS[status]
    client = Client(raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert english in html
    assert "Need help?" in html
    assert "not an official government website" in html


@pytest.mark.urls("tests.error_urls")
@pytest.mark.parametrize("status", sorted(ERRORS))
def test_error_pages_render_with_their_status_in_spanish(status):
    path, english, translated = ERRORS[status]
    client = spanish(Client(raise_request_exception=False))
    response = client.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert translated in html
    assert english not in html
    assert "¿Necesita ayuda?" in html


@pytest.mark.urls("tests.error_urls")
def test_server_error_page_gives_the_request_reference():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/500/", headers={"X-Request-ID": "ref-12345678"})
    assert response.status_code == 500
    assert "ref-12345678" in response.content.decode()


def test_expired_form_answers_the_translated_403():
    client = spanish(Client(enforce_csrf_checks=True))
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert "Esta página ya no es válida" in response.content.decode()


def test_signed_in_header_offers_sign_out(respondent_client):
    html = respondent_client.get("/").content.decode()
    assert f'action="{reverse("account_logout")}"' in html
    assert "Sign out" in html
