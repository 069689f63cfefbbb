"""Spanish sections of the filing PDFs read as Spanish: dates in Spanish order, the portal's Spanish name,
and legal service called «notificación» (docs/glossary.md; review items 2, 11 and 14)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from filings.tests.conftest import upload
from filings.tests.helpers import stored_pdf_text, submit

pytestmark = pytest.mark.django_db

SPANISH_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def _spanish_filer_files(respondent_client, draft, capture):
    draft.filed_by.preferred_language = "es"
    draft.filed_by.save(update_fields=["preferred_language"])
    upload(respondent_client, draft)
    submit(respondent_client, draft, capture)
    stamp = draft.submitted_at_local
    month = SPANISH_MONTHS[stamp.month - 1]
    return draft, {
        "es": f"{stamp.day} de {month} de {stamp.year}",
        "es_us_order": f"{month} {stamp.day}, {stamp.year}",
        "en": stamp.strftime("%B %-d, %Y"),
    }


def test_spanish_receipt_and_certificate_print_dates_in_spanish_order(
    respondent_client, draft, django_capture_on_commit_callbacks
):
    filing, dates = _spanish_filer_files(respondent_client, draft, django_capture_on_commit_callbacks)
    receipt = stored_pdf_text(filing.receipt_pdf_key)
    certificate = stored_pdf_text(filing.documents.get(role="service").storage_key)
    for text in (receipt, certificate):
        assert dates["en"] in text  # the English section keeps "November 30, 2026"
        assert dates["es"] in text  # the Spanish one reads «30 de noviembre de 2026»
        assert dates["es_us_order"] not in text
    assert f"Presentado el {dates['es']}" in receipt
    assert f"El {dates['es']}, el demandado notificó esta presentación" in receipt


def test_spanish_certificate_names_the_portal_in_spanish_and_calls_service_notificacion(
    respondent_client, draft, django_capture_on_commit_callbacks
):
    filing, dates = _spanish_filer_files(respondent_client, draft, django_capture_on_commit_callbacks)
    certificate = stored_pdf_text(filing.documents.get(role="service").storage_key)
    assert "Certificado de notificación" in certificate and "Documentos notificados" in certificate
    assert f"certifico que el {dates['es']} notifiqué esta presentación" in certificate
    assert "a través del Portal de Acceso para Demandados" in certificate
    assert "through the Respondent Access Portal" in certificate  # the English section keeps the English name
    assert "entregu" not in certificate


@override_settings(PORTAL_NAME="Portal of the Example Court")
def test_a_deployments_own_portal_name_is_printed_as_set_in_every_language(
    respondent_client, draft, django_capture_on_commit_callbacks
):
    filing, _dates = _spanish_filer_files(respondent_client, draft, django_capture_on_commit_callbacks)
    certificate = stored_pdf_text(filing.documents.get(role="service").storage_key)
    assert certificate.count("Portal of the Example Court") >= 2
    assert "Portal de Acceso para Demandados" not in certificate


def test_the_receipt_page_in_spanish_shows_a_spanish_date(respondent_client, draft, django_capture_on_commit_callbacks):
    filing, dates = _spanish_filer_files(respondent_client, draft, django_capture_on_commit_callbacks)
    page = respondent_client.get(
        reverse("filings:receipt", args=[filing.pk]), headers={"Accept-Language": "es"}
    ).content.decode()
    assert dates["es"] in page and dates["es_us_order"] not in page
    assert "Certificado de notificación" in page
