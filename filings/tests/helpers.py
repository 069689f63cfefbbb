"""Helpers for the filings tests: text out of a PDF, a submitted filing with its PDFs made."""

import io

from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from filings.models import Filing


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())  # lines wrap anywhere: compare words, not line breaks


def stored_pdf_text(key: str) -> str:
    with default_storage.open(key, "rb") as handle:
        return pdf_text(handle.read())


def submit(client, filing: Filing, capture=None):
    """Files a draft over HTTP; with `capture` (django_capture_on_commit_callbacks) the PDFs are made too."""
    url = reverse("filings:submit", args=[filing.pk])
    if capture is None:
        response = client.post(url, {"service_certified": "on"})
    else:
        with capture(execute=True):
            response = client.post(url, {"service_certified": "on"})
    filing.refresh_from_db()
    return response
