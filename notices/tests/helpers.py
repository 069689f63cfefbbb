"""Shared by the notices tests: reading letters back out of PDFs."""

import io

import pikepdf
import pypdf
from django.core.files.storage import default_storage


def pdf_bytes(notice) -> bytes:
    with default_storage.open(notice.pdf_key, "rb") as handle:
        return handle.read()


def pdf_text(notice) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes(notice)))
    return "\n".join(page.extract_text() for page in reader.pages)


def image_count(content: bytes) -> int:
    """Raster images drawn on the pages (the mail-room QR code is one)."""
    count = 0
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            count += len(page.get_images())
    return count


def page_texts(content: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (so line breaks in the layout do not matter)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]
