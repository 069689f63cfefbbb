"""Letters to PDF with WeasyPrint: bilingual, US Letter, #10-window address, page numbers, QR code.

Nothing is fetched from the network: the URL fetcher only answers `data:` URIs (the QR code), and
fonts come from OS packages through fontconfig (DejaVu, Liberation). Output is deterministic for the
same notice, so a re-render of an unchanged notice gives the same bytes and the same SHA-256.
"""

import dataclasses
import hashlib
import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

LETTER_CSS = Path(__file__).resolve().parent.parent / "templates" / "notices" / "letters" / "letter.css"


class FetchRefused(ValueError):
    """WeasyPrint asked for a resource outside the letter (a network URL or a local file)."""


def _letter_fetcher():
    """WeasyPrint fetcher: only inline `data:` URIs; http(s), file and the rest refused, and fatal."""
    from weasyprint.urls import URLFetcher

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            refuse_fetch(url)
            return super().fetch(url, headers)

    return LetterFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


def refuse_fetch(url: str) -> None:
    """Raises FetchRefused for anything but a `data:` URI (a letter carries everything it shows)."""
    if not url.startswith("data:"):
        raise FetchRefused(f"Letters may not fetch resources: {url[:40]}")


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def letter_languages(preferred: str) -> list[str]:
    """English first, then the respondent's preferred language when the portal ships it."""
    shipped = {code for code, _name in settings.LANGUAGES}
    languages = ["en"]
    if preferred and preferred != "en" and preferred in shipped:
        languages.append(preferred)
    return languages


def mailroom_qr_data_uri(notice_id: int) -> str:
    """A QR code holding only the notice id (no personal data) for the mail room's scanners."""
    return segno.make(f"NOTICE:{notice_id}", error="m").png_data_uri(scale=4, border=2)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_footer_css(languages: list[str], notice_id: int) -> str:
    """One named page per language, so each section's footer (page x of y, notice no.) reads in its own language."""
    rules = [f"body {{ page: lang-{languages[0]}; }}"]
    for lang in languages:
        with translation.override(lang):
            label = gettext("Page {page} of {pages}")
            reference = _css_string(gettext("Notice no. %(number)s") % {"number": notice_id})
        content = _css_string(label).replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
        rules.append(
            f"@page lang-{lang} {{ @bottom-center {{ content: {content}; }} @bottom-left {{ content: {reference}; }} }}"
        )
        rules.append(f".section-{lang} {{ page: lang-{lang}; }}")
    return "\n".join(rules)


@cache
def _base_css() -> str:
    return LETTER_CSS.read_text(encoding="utf-8")


def registration_url() -> str:
    """Where the letter tells people to register (absolute, from SITE_URL)."""
    for name in ("accounts:register", "accounts:registration_start", "accounts:register_start"):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def build_letter_html(*, kind: str, notice_id: int, context: dict, languages: list[str], recipient, court) -> str:
    """The whole letter as HTML: the envelope header once, then one section per language."""
    sections = []
    for lang in languages:
        with translation.override(lang):
            body = render_to_string(f"notices/letters/{kind}.html", {**context, "lang": lang})
        sections.append({"lang": lang, "html": body})
    with translation.override("en"):
        return render_to_string(
            "notices/letters/letter.html",
            {
                "css": _base_css() + "\n" + _page_footer_css(languages, notice_id),
                "sections": sections,
                "notice_id": notice_id,
                "qr_data_uri": mailroom_qr_data_uri(notice_id),
                "recipient": recipient,
                "court": court,
                "letter_date": context.get("letter_date"),
                "portal_name": settings.PORTAL_NAME,
            },
        )


def html_to_pdf(html: str) -> RenderedPdf:
    """Renders HTML to PDF bytes; no network, fonts from the OS."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_letter_fetcher(), base_url=None).render()
    buffer = io.BytesIO()
    document.write_pdf(target=buffer)
    return RenderedPdf(content=buffer.getvalue(), pages=len(document.pages))
