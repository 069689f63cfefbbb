"""The quick reference guide: two US Letter pages per language, expected text, rendered once per version."""

import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from guidance import rendering

pytestmark = pytest.mark.django_db

URL = reverse("guidance:quick_reference")

EXPECTED = {
    "en": [
        "QUICK REFERENCE GUIDE",
        "See your immigration court case online",
        "1. Create your account",
        "2. Sign in",
        "3. Find your next hearing",
        "4. Download your record",
        "5. File a document",
        "Never miss a hearing.",
    ],
    "es": [
        "GUÍA DE REFERENCIA RÁPIDA",
        "Vea en línea su caso en el tribunal de inmigración",
        "1. Cree su cuenta",
        "2. Inicie sesión",
        "3. Encuentre su próxima audiencia",
        "4. Descargue su expediente",
        "5. Presente un documento",
        "Nunca falte a una audiencia.",
    ],
}


def _text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_guide_is_two_letter_pages_with_the_steps(client, settings, lang):
    settings.SUPPORT_PHONE = "(555) 010-0188"
    response = client.get(URL, {"lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="quick-reference-{lang}.pdf"'
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            assert [round(float(v)) for v in page.mediabox] == [0, 0, 612, 792]  # 8.5 x 11 in
    text = _text(response.content)
    for expected in EXPECTED[lang]:
        assert expected in text
    assert "(555) 010-0188" in text
    assert "25 MB" in text


def test_guide_is_rendered_once_per_language_and_content_version(client, settings, monkeypatch):
    calls = []
    real = rendering.html_to_pdf
    monkeypatch.setattr(rendering, "html_to_pdf", lambda html, css: calls.append(1) or real(html, css))
    first = client.get(URL, {"lang": "en"})
    second = client.get(URL, {"lang": "en"})
    assert len(calls) == 1
    assert first.content == second.content
    assert second["ETag"] == first["ETag"]
    assert client.get(URL, {"lang": "en"}, headers={"If-None-Match": first["ETag"]}).status_code == 304
    _dirs, files = default_storage.listdir(rendering.STORAGE_PREFIX)
    assert len(files) == 1
    settings.SUPPORT_PHONE = "(555) 010-0111"  # a content change is a new version
    third = client.get(URL, {"lang": "en"})
    assert len(calls) == 2
    assert "(555) 010-0111" in _text(third.content)
    assert third["ETag"] != first["ETag"]


def test_unknown_language_is_404_and_default_follows_the_active_language(client, settings):
    assert client.get(URL, {"lang": "xx"}).status_code == 404
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert client.get(URL)["Content-Disposition"].endswith('quick-reference-es.pdf"')


def test_renderer_fetches_nothing():
    with pytest.raises(rendering.FetchRefused):
        rendering.refuse_fetch("https://example.org/font.woff")
    from weasyprint.urls import FatalURLFetchingError

    assert rendering.html_to_pdf("<p>Hi</p>", "p { font-family: 'DejaVu Sans'; }").startswith(b"%PDF")
    with pytest.raises(FatalURLFetchingError):  # a template that asks for a resource fails loudly
        rendering.html_to_pdf('<img src="http://example.org/x.png"><p>Hi</p>', "")
