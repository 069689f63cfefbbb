"""The portal's name is translated while it is the default and shown as set otherwise (review item 11)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from common.portal_name import portal_name, portal_name_lazy


def test_the_default_name_is_translated():
    with translation.override("es"):
        assert portal_name() == "Portal de Acceso para Demandados"
    with translation.override("en"):
        assert portal_name() == "Respondent Access Portal"


@override_settings(PORTAL_NAME="Portal of the Example Court")
def test_a_deployments_own_name_is_shown_as_set():
    with translation.override("es"):
        assert portal_name() == "Portal of the Example Court"


def test_the_lazy_name_is_read_in_the_language_active_when_a_template_renders_it():
    context = {"portal": portal_name_lazy()}  # built once, like a bilingual PDF's context
    template = Template("{% load i18n %}{% blocktranslate with p=portal %}{{ p }}{% endblocktranslate %}")
    with translation.override("es"):
        assert template.render(Context(context)) == "Portal de Acceso para Demandados"
    with translation.override("en"):
        assert template.render(Context(context)) == "Respondent Access Portal"


@pytest.mark.django_db
def test_pages_name_the_portal_in_the_readers_language(client):
    html = client.get("/", headers={"Accept-Language": "es"}).content.decode()
    assert "Portal de Acceso para Demandados" in html
