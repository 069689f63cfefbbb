"""The quick reference guide as a two-page US Letter PDF, rendered by WeasyPrint from the help content.

The step lists are the same template files the help pages include, so the guide never drifts from
the help centre. Nothing is fetched: the URL fetcher refuses every URL and fonts come from the OS
(DejaVu). A PDF is rendered once per language and content version: its storage key holds the
SHA-256 of the HTML it was made from, so a content or settings change makes a new one by itself.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from guidance.content import content_context

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "guidance" / "pdf" / "quick_reference.css"
STORAGE_PREFIX = "guidance/quick-reference"


class FetchRefused(ValueError):
    """WeasyPrint asked for a resource; the guide uses none."""


def refuse_fetch(url: str, *args, **kwargs):
    """Refuses every resource: the guide carries all it shows (no http/https, file or data URL)."""
    raise FetchRefused(f"The quick reference guide may not fetch resources: {url[:40]}")


def _fetcher():
    """A WeasyPrint fetcher that refuses everything; a refusal stops the render (fail_on_errors)."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            refuse_fetch(url)

    return RefusingFetcher(allowed_protocols=set(), allow_redirects=False, fail_on_errors=True)


@dataclass(frozen=True)
class QuickReference:
    language: str
    content_hash: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"quick-reference-{self.language}.pdf"


def quick_reference_html(language: str) -> str:
    """The whole guide as one HTML document in `language`."""
    import weasyprint

    with translation.override(language):
        facts = content_context()
        body = render_to_string(f"guidance/{language}/quick_reference.html", facts)
        return render_to_string(
            "guidance/pdf/quick_reference.html",
            {
                "portal_name": facts["portal_name"],
                "body": body,
                "language": language,
                "renderer": f"WeasyPrint {weasyprint.__version__}",
            },
        )


def html_to_pdf(html: str, css: str) -> bytes:
    from weasyprint import CSS, HTML

    buffer = io.BytesIO()
    fetcher = _fetcher()
    stylesheet = CSS(string=css, url_fetcher=fetcher)
    HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(target=buffer, stylesheets=[stylesheet])
    return buffer.getvalue()


def quick_reference_pdf(*, language: str) -> QuickReference:
    """The guide's PDF for `language`, from storage when this content version was rendered before."""
    html = quick_reference_html(language)
    css = PDF_CSS.read_text(encoding="utf-8")
    content_hash = hashlib.sha256(f"{css}\n{html}".encode()).hexdigest()
    key = f"{STORAGE_PREFIX}/{language}-{content_hash[:32]}.pdf"
    if default_storage.exists(key):
        with default_storage.open(key, "rb") as stored:
            return QuickReference(language=language, content_hash=content_hash, content=stored.read())
    content = html_to_pdf(html, css)
    if not default_storage.exists(key):  # two first requests at once: both render, one is kept
        default_storage.save(key, ContentFile(content))
    return QuickReference(language=language, content_hash=content_hash, content=content)
